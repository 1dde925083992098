/* Test helper: a curses screen on /dev/null, read back row by row (no tty needed). */
#ifndef RAMPUP_TESTS_TUI_HEADLESS_H
#define RAMPUP_TESTS_TUI_HEADLESS_H

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/curses.h"
#include "tui/text.h"
#include "tui/theme.h"

static SCREEN *headless_screen;

/* Starts a rows × cols screen in a UTF-8 locale (Unicode glyphs) or not. */
static inline void headless_start(int rows, int cols, int unicode)
{
    setlocale(LC_ALL, "C.UTF-8");
    char buf[16];
    snprintf(buf, sizeof buf, "%d", rows);
    setenv("LINES", buf, 1);
    snprintf(buf, sizeof buf, "%d", cols);
    setenv("COLUMNS", buf, 1);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    headless_screen = newterm("xterm-256color", out, in);
    glyphs_set_unicode(unicode);
    theme_init(THEME_MONO);
}

static inline void headless_stop(void)
{
    endwin();
    delscreen(headless_screen);
}

/* Row y of stdscr as UTF-8, trailing blanks removed. */
static inline const char *headless_row(int y)
{
    static char out[4096];
    wchar_t w[1024];
    memset(w, 0, sizeof w);
    int n = mvwinnwstr(stdscr, y, 0, w, 1023);
    if (n < 0)
        n = 0;
    w[n] = 0;
    size_t len = wcstombs(out, w, sizeof out - 1);
    if (len == (size_t)-1)
        len = 0;
    out[len] = '\0';
    while (len && out[len - 1] == ' ')
        out[--len] = '\0';
    return out;
}

/* The whole screen joined with '\n'. */
static inline const char *headless_dump(void)
{
    static char all[65536];
    all[0] = '\0';
    for (int y = 0; y < LINES; y++) {
        strncat(all, headless_row(y), sizeof all - strlen(all) - 2);
        strcat(all, "\n");
    }
    return all;
}

#endif
