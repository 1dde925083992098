/* ScrollView: a vertical viewport over TextLines (↑↓ jk PgUp PgDn Space Home End g G). */
#ifndef RAMPUP_TUI_SCROLLVIEW_H
#define RAMPUP_TUI_SCROLLVIEW_H

#include <stdbool.h>

#include "tui/keymap.h"
#include "tui/lines.h"

typedef struct ScrollView {
    const TextLines *lines; /* borrowed */
    size_t top;
    int height; /* visible rows, from scroll_place */
} ScrollView;

void scroll_init(ScrollView *sv, const TextLines *lines);
void scroll_place(ScrollView *sv, int height);
bool scroll_key(ScrollView *sv, const KeyEvent *ev);
/* Scrolls so that `line` is visible (near the top when it was off-screen). */
void scroll_show(ScrollView *sv, size_t line);
void scroll_to(ScrollView *sv, size_t top);
/* The largest valid top. */
size_t scroll_max_top(const ScrollView *sv);
/* Draws the lines and, when they overflow, a one-column position bar at r's right edge. */
void scroll_draw(const ScrollView *sv, WINDOW *w, Rect r, const TextMark *marks, size_t nmarks,
                 long current);

#endif
