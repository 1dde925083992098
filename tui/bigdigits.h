/* Big numbers for a headline seen from across a room: digits and a few symbols drawn as
 * 5-row block glyphs (█ in UTF-8, # in ASCII), doubled when the area allows. Letters (units
 * such as "GiB") are drawn as ordinary bold text on the glyphs' bottom row. */
#ifndef RAMPUP_TUI_BIGDIGITS_H
#define RAMPUP_TUI_BIGDIGITS_H

#include "tui/curses.h"
#include "tui/rect.h"

#define BIGDIGITS_ROWS 5

/* Columns that s takes at `scale` (1 or 2). */
int bigdigits_width(const char *s, int scale);
/* The largest scale (2, then 1) at which s fits in w columns and h rows; 0 if none does. */
int bigdigits_fit(const char *s, int w, int h);
/* Draws s centred in r at the largest scale that fits, in attr; units in unit_attr. Draws
 * nothing when even scale 1 does not fit. Returns the rows used (0, 5 or 10). */
int bigdigits_draw(WINDOW *w, Rect r, attr_t attr, attr_t unit_attr, const char *s);

#endif
