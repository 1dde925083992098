/* Display text: UTF-8 in, columns out. Width by wcwidth (as ncursesw measures), clipping by
 * columns, and the glyph set (Unicode or ASCII when the locale is not UTF-8). */
#ifndef RAMPUP_TUI_TEXT_H
#define RAMPUP_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/curses.h"
#include "tui/rect.h"
#include "tui/theme.h"

/* Display columns of s[0..len) (len = (size_t)-1 for NUL-terminated). Invalid bytes and
 * control characters count one column (they are drawn as '?'). */
int text_width(const char *s, size_t len);
/* The number of bytes of s (NUL-terminated) that fit in `cols` columns without splitting a
 * character; *used (if given) receives the columns they take. */
size_t text_fit(const char *s, int cols, int *used);

/* Draws s at (y, x) in w, at most `maxw` columns, with attr; control characters and invalid
 * bytes are shown as '?', so content can never emit escape sequences. Returns columns drawn.
 * `len` bounds the bytes read ((size_t)-1 for NUL-terminated). */
int text_draw(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *s, size_t len);
/* printf into a row, clipped to maxw columns. */
int text_drawf(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Draws s right-aligned so that it ends at column x + maxw. */
int text_draw_right(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *s);
/* Draws s centred in r's first row. */
void text_draw_center(WINDOW *w, Rect r, attr_t attr, const char *s);

/* Fills r with spaces in attr. */
void fill_rect(WINDOW *w, Rect r, attr_t attr);
/* A box border around r with an optional title in the top edge. */
void draw_box(WINDOW *w, Rect r, attr_t attr, const char *title, attr_t title_attr);
/* A horizontal rule of n columns at (y, x). */
void draw_hline(WINDOW *w, int y, int x, int n, attr_t attr);
void draw_vline(WINDOW *w, int y, int x, int n, attr_t attr);

/* The glyphs widgets draw with: Unicode box drawing, blocks and braille in a UTF-8 locale,
 * ASCII otherwise. */
typedef struct Glyphs {
    bool unicode;
    const char *hline, *vline, *tl, *tr, *bl, *br;
    const char *bullet, *arrow_right, *arrow_down, *ellipsis;
    const char *block_full, *block_light, *knob;
    const char *const *eighths; /* 9 entries: "" … full block, for partial bar ends */
} Glyphs;

/* The i-th of five fill textures (█ ▓ ▒ ░ ▚, or # = + . %): series and segments differ in
 * texture as well as colour, so charts read without colour. */
const char *glyph_texture(size_t i);

/* Chooses the set from the locale's codeset (call after setlocale). */
void glyphs_init(void);
/* Forces a set (tests). */
void glyphs_set_unicode(bool unicode);
const Glyphs *glyphs(void);

/* A pen writes one formatted line per call down a rect (clipped to its width), and stops at
 * its bottom: how panes lay out a column of figures. */
typedef struct Pen {
    WINDOW *w;
    Rect r;
    int y; /* the next row */
} Pen;

void pen_line(Pen *pen, ThemeRole role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
