/* Choice: one row that shows a picked value between arrows, "label  ◀ value ▶" — the
 * companion of the slider for presets, dtypes, laws and GPUs. The owner changes the value. */
#ifndef RAMPUP_TUI_CHOICE_H
#define RAMPUP_TUI_CHOICE_H

#include <stdbool.h>

#include "tui/curses.h"
#include "tui/rect.h"

void choice_draw(WINDOW *w, Rect r, int label_w, const char *label, const char *value, bool focused);

#endif
