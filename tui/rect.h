/* Rect: a screen rectangle, and pure functions that split one into parts. */
#ifndef RAMPUP_TUI_RECT_H
#define RAMPUP_TUI_RECT_H

#include <stdbool.h>

typedef struct Rect {
    int y, x; /* top-left cell */
    int h, w; /* rows, columns; never negative */
} Rect;

Rect rect_make(int y, int x, int h, int w);
/* Shrinks by dy rows top and bottom, dx columns left and right. */
Rect rect_inset(Rect r, int dy, int dx);
/* Cuts n rows (or columns) off one side of *r and returns them; *r keeps the rest. n is
 * clamped to what *r has. */
Rect rect_take_top(Rect *r, int n);
Rect rect_take_bottom(Rect *r, int n);
Rect rect_take_left(Rect *r, int n);
Rect rect_take_right(Rect *r, int n);
/* Splits the width: the left part gets `percent` of it (at least min_left columns when there is
 * room), a gap of `gap` columns, the right part the rest. */
void rect_split_h(Rect r, int percent, int min_left, int gap, Rect *left, Rect *right);
/* Splits the height the same way. */
void rect_split_v(Rect r, int percent, int min_top, int gap, Rect *top, Rect *bottom);
/* A w×h rectangle centred in r (clamped to r). */
Rect rect_center(Rect r, int h, int w);
bool rect_contains(Rect r, int y, int x);
bool rect_empty(Rect r);

#endif
