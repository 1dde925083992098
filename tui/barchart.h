/* Bar charts: horizontal bars (one per row, label + bar + value) and a stacked bar (segments
 * of one whole, with a legend), drawn with eighth-block precision (ASCII: # and =). */
#ifndef RAMPUP_TUI_BARCHART_H
#define RAMPUP_TUI_BARCHART_H

#include <stddef.h>

#include "tui/curses.h"
#include "tui/rect.h"
#include "tui/theme.h"

typedef struct Bar {
    const char *label; /* borrowed */
    double value;
    const char *text;  /* borrowed; the value as shown (NULL: none) */
    ThemeRole role;
} Bar;

/* One bar per row of r: label (label_w columns), bar scaled to `max` (<= 0: the largest
 * value), then the text. */
void barchart_draw(WINDOW *w, Rect r, const Bar *bars, size_t n, double max, int label_w);

/* One stacked bar in r's first row, segments scaled to `total` (<= 0: their sum; a sum above
 * total overflows the row and the last cell is drawn in TH_BAD). When r has a second row, a
 * legend "■ label text" per segment follows on the rows below. */
void stackbar_draw(WINDOW *w, Rect r, const Bar *segs, size_t n, double total);

#endif
