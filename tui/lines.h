/* TextLines: styled, pre-wrapped lines that views blit. Build them when content or width
 * changes (in `key`/`resize`), draw them every frame for free. */
#ifndef RAMPUP_TUI_LINES_H
#define RAMPUP_TUI_LINES_H

#include <stddef.h>

#include "tui/curses.h"
#include "tui/rect.h"
#include "tui/theme.h"

typedef struct TextSpan {
    size_t off; /* byte offset into the line's text */
    size_t len;
    Style style;
} TextSpan;

typedef struct TextLine {
    char *text;      /* owned, NUL-terminated */
    size_t len;
    TextSpan *spans; /* owned; cover text in order; bytes not covered use NORMAL */
    size_t nspans;
    int indent;      /* columns of blank space before the text */
    int tag;         /* free for the builder: e.g. the source line or heading index */
} TextLine;

typedef struct TextLines {
    TextLine *lines; /* owned */
    size_t count, cap;
} TextLines;

void lines_init(TextLines *tl);
void lines_clear(TextLines *tl);
void lines_free(TextLines *tl);
/* Starts a new empty line; returns it (valid until the next lines_* call that adds a line). */
TextLine *lines_new(TextLines *tl, int indent, int tag);
/* Appends text to the last line (a new line is started if there is none). */
void lines_append(TextLines *tl, const char *s, size_t len, Style style);
/* printf onto the last line. */
void lines_appendf(TextLines *tl, Style style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A match to highlight: line index, byte offset and length in that line's text. */
typedef struct TextMark {
    size_t line;
    size_t off, len;
} TextMark;

/* Word-wrapping builder: feed styled pieces with wrap_add (a word may span pieces of different
 * styles), then wrap_end lays the whole paragraph out so that no line is wider than `width`
 * columns; a word longer than a line is cut by columns. '\n' (or wrap_break) breaks a line. */
typedef struct Wrapper {
    TextLines *out;      /* borrowed */
    int width;
    int first_indent;    /* indent of the first line */
    int indent;          /* indent of continuation lines */
    int tag;
    const char *prefix;  /* borrowed; drawn at the start of every line (quote bars), or NULL */
    Style prefix_style;
    char *buf;           /* owned; the pending paragraph */
    size_t len, cap;
    TextSpan *spans;     /* owned; styles of buf */
    size_t nspans, scap;
    size_t *anchors;     /* owned; offsets into buf whose laid-out place is wanted */
    size_t nanchors, acap;
} Wrapper;

void wrap_begin(Wrapper *wr, TextLines *out, int width, int first_indent, int indent, int tag);
void wrap_add(Wrapper *wr, const char *s, size_t len, Style style);
void wrap_break(Wrapper *wr);
/* Marks the point where the next wrap_add starts; wrap_end_placed reports where it landed. */
void wrap_anchor(Wrapper *wr);
/* Lays out what was added and frees the pending buffers. */
void wrap_end(Wrapper *wr);
/* The same, and stores each anchor's place (line, byte offset; len 0) in placed[0..nanchors). */
void wrap_end_placed(Wrapper *wr, TextMark *placed);


/* Finds every case-insensitive (ASCII) occurrence of query in the lines; *marks is a new
 * malloc'd array (NULL when none). Returns the count. */
size_t lines_search(const TextLines *tl, const char *query, TextMark **marks);

/* Draws lines[top …] into r; marks (may be NULL) are drawn in TH_MATCH, `current` (index into
 * marks or -1) in TH_SELECTED. */
void lines_draw(const TextLines *tl, WINDOW *w, Rect r, size_t top, const TextMark *marks,
                size_t nmarks, long current);

#endif
