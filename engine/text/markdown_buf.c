/* Growable buffer and block cleanup shared by the Markdown parser and renderer. */
#include "engine/text/markdown_priv.h"

#include <stdlib.h>
#include <string.h>

void mdbuf_grow(MdBuf *b, size_t extra)
{
    if (b->oom)
        return;
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *ns = realloc(b->s, ncap);
    if (!ns) {
        b->oom = 1;
        return;
    }
    b->s = ns;
    b->cap = ncap;
}

void mdbuf_put(MdBuf *b, const char *s, size_t n)
{
    mdbuf_grow(b, n);
    if (b->oom)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void mdbuf_putc(MdBuf *b, char c)
{
    mdbuf_put(b, &c, 1);
}

void mdbuf_repeat(MdBuf *b, char c, size_t n)
{
    mdbuf_grow(b, n);
    if (b->oom)
        return;
    memset(b->s + b->len, c, n);
    b->len += n;
    b->s[b->len] = '\0';
}

char *mdbuf_take(MdBuf *b)
{
    if (b->oom) {
        mdbuf_free(b);
        return NULL;
    }
    char *s = b->s ? b->s : calloc(1, 1);
    memset(b, 0, sizeof *b);
    return s;
}

void mdbuf_free(MdBuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

void md_block_clear(MdBlock *b)
{
    for (size_t i = 0; i < b->nruns; i++) {
        free(b->runs[i].text);
        free(b->runs[i].href);
    }
    free(b->runs);
    for (size_t i = 0; i < b->nchildren; i++)
        md_block_clear(&b->children[i]);
    free(b->children);
    free(b->info);
    free(b->code);
    free(b->align);
    memset(b, 0, sizeof *b);
}
