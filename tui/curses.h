/* The one place that includes curses: wide-character ncursesw. */
#ifndef RAMPUP_TUI_CURSES_H
#define RAMPUP_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
