/* Internal to the Markdown parser: a growable buffer and the inline parser, shared by
 * markdown_block.c, markdown_inline.c and markdown_render.c. Not for other modules. */
#ifndef RAMPUP_ENGINE_TEXT_MARKDOWN_PRIV_H
#define RAMPUP_ENGINE_TEXT_MARKDOWN_PRIV_H

#include <stddef.h>

#include "engine/text/markdown.h"

/* Growable byte buffer; `oom` sticks once an allocation fails (further puts are ignored). */
typedef struct MdBuf {
    char *s; /* owned; NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    int oom;
} MdBuf;

void mdbuf_put(MdBuf *b, const char *s, size_t n);
void mdbuf_putc(MdBuf *b, char c);
void mdbuf_repeat(MdBuf *b, char c, size_t n);
/* Hands the contents over as a malloc'd string ("" when empty); NULL on OOM. Resets b. */
char *mdbuf_take(MdBuf *b);
void mdbuf_free(MdBuf *b);

/* Parses inline Markdown src[0..len) (already sanitized; '\n' separates lines) and appends
 * the runs to b->runs. Returns -1 when memory runs out. */
int md_inline_parse(const char *src, size_t len, MdBlock *b);

/* Frees what a block owns (not the block itself). */
void md_block_clear(MdBlock *b);

#endif
