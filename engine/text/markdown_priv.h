/* Internal to the Markdown parser: a growable buffer and the inline parser, shared by
 * markdown_block.c, markdown_inline.c and markdown_render.c. Not for other modules. */
#ifndef RAMPUP_ENGINE_TEXT_MARKDOWN_PRIV_H
#define RAMPUP_ENGINE_TEXT_MARKDOWN_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/text/markdown.h"

/* Growable byte buffer; `oom` sticks once an allocation fails (further puts are ignored). */
typedef struct MdBuf {
    char *s; /* owned; NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    int oom;
} MdBuf;

/* Makes room for `extra` more bytes (and the NUL). */
void mdbuf_grow(MdBuf *b, size_t extra);
void mdbuf_put(MdBuf *b, const char *s, size_t n);
void mdbuf_putc(MdBuf *b, char c);
void mdbuf_repeat(MdBuf *b, char c, size_t n);
/* Hands the contents over as a malloc'd string ("" when empty); NULL on OOM. Resets b. */
char *mdbuf_take(MdBuf *b);
void mdbuf_free(MdBuf *b);

/* Parses inline Markdown src[0..len) (already sanitized; '\n' separates lines) and appends
 * the runs to b->runs. Returns -1 when memory runs out. */
int md_inline_parse(const char *src, size_t len, MdBlock *b, size_t *budget);

/* Frees what a block owns (not the block itself). */
void md_block_clear(MdBlock *b);

/* ---- block parser internals (markdown_block.c, markdown_table.c) ---- */

#define MD_MAX_DEPTH 32 /* nested quotes/lists beyond this are read as plain text */
#define MD_MAX_COLS 128 /* table columns beyond this are dropped */

typedef struct Line {
    const char *s; /* borrowed from the sanitized source */
    size_t len;
    int no; /* 1-based source line */
} Line;

/* Blocks kept per document (headings, paragraphs, items, cells...): a block costs ~100-200
 * bytes, so an 8 MiB note of tiny blocks would otherwise take over 1 GB. Past the bound the rest
 * of the note is not kept and a closing paragraph says so. */
#define MD_MAX_BLOCKS 200000
/* Styled runs per document (a run costs ~60-100 bytes): past the bound, text keeps its place
 * but joins the run before it, unstyled changes and all. */
#define MD_MAX_RUNS 500000

typedef struct Parser {
    int oom;
    size_t runs_left; /* set to MD_MAX_RUNS by md_parse */
    size_t nblocks;   /* blocks kept so far */
    int full;         /* MD_MAX_BLOCKS reached: later blocks are dropped */
} Parser;

typedef struct Cell {
    const char *s;
    size_t len;
} Cell;

/* Arrays of children and runs keep their count only; their capacity is the next power of two,
 * so an append reallocates at counts 0, 1, 2, 4, 8... (realloc by one each time copies the
 * whole array with allocators that do not grow in place: quadratic). */
static inline bool md_grows(size_t n)
{
    return (n & (n - 1)) == 0; /* 0 or a power of two: the array is full */
}

static inline size_t md_capacity(size_t n)
{
    return n ? 2 * n : 1;
}

MdBlock md_new_block(MdBlockKind kind, int line, int end_line);
/* Appends child to parent by value (taking it); on OOM frees child and flags p. */
void md_add_child(Parser *p, MdBlock *parent, MdBlock *child);
/* Parses inline text into b's runs; flags p on OOM. */
void md_set_runs(Parser *p, MdBlock *b, const char *s, size_t n);
size_t md_indent_of(const Line *l);
int md_is_blank(const Line *l);
size_t md_rtrim_len(const char *s, size_t n);
int md_interrupts_paragraph(const Line *l, int depth);
/* Splits a table row at unescaped '|' outside code spans; fills up to max trimmed cells and
 * returns the count. */
size_t md_split_row(const char *t, size_t n, Cell *cells, size_t max);
/* Column count of a GFM delimiter row ("|:--|--:|"), filling align; 0 if it is not one. */
size_t md_delim_row(const Line *l, MdAlign *align, size_t max);
/* Parses the table whose header is lines[i] and returns the index after it. */
size_t md_parse_table(Parser *p, const Line *lines, size_t i, size_t n, MdBlock *parent,
                      const MdAlign *align, size_t ncols);

#endif
