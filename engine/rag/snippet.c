/* Markdown -> one line of plain text for result snippets. */
#include "engine/rag/snippet.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/markdown.h"

typedef struct Out {
    char *buf;
    size_t len, cap;
    bool oom;
    bool space;     /* a space is owed before the next word */
    bool block_gap; /* a block separator is owed before the next word */
    const char *sep;
} Out;

static void put(Out *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t nc = o->cap ? o->cap : 256;
        while (nc < o->len + n + 1)
            nc *= 2;
        char *nb = realloc(o->buf, nc);
        if (!nb) {
            o->oom = true;
            return;
        }
        o->buf = nb;
        o->cap = nc;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

/* Words of s, white space collapsed; owed separators come before the first word. */
static void words(Out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
            o->space = true;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r')
            j++;
        if (o->len > 0) {
            if (o->block_gap)
                put(o, o->sep, strlen(o->sep));
            else if (o->space)
                put(o, " ", 1);
        }
        o->block_gap = o->space = false;
        put(o, s + i, j - i);
        i = j;
    }
}

static void runs(Out *o, const MdBlock *b)
{
    for (size_t i = 0; i < b->nruns; i++)
        words(o, b->runs[i].text, strlen(b->runs[i].text));
}

static void block(Out *o, const MdBlock *b)
{
    switch (b->kind) {
    case MD_HEADING:
    case MD_RULE:
        return;
    case MD_PARAGRAPH:
        runs(o, b);
        break;
    case MD_CODE:
        words(o, b->code, strlen(b->code));
        break;
    case MD_TABLE:
        for (size_t r = 0; r < b->nchildren; r++) {
            const MdBlock *row = &b->children[r];
            for (size_t c = 0; c < row->nchildren; c++) {
                if (c > 0 && o->len > 0 && !o->block_gap)
                    put(o, ",", 1);
                o->space = true;
                runs(o, &row->children[c]);
            }
            if (o->len > 0 && !o->block_gap)
                put(o, ";", 1);
            o->space = true;
        }
        break;
    default: /* document, lists, items, quotes: their children in order */
        for (size_t i = 0; i < b->nchildren; i++)
            block(o, &b->children[i]);
        return;
    }
    o->block_gap = o->len > 0;
}

char *rag_snippet_text(const char *src, size_t len, const char *block_sep)
{
    MdDoc *doc = NULL;
    if (md_parse(src, len, &doc, NULL) != 0)
        return NULL;
    Out o = {.sep = block_sep ? block_sep : " "};
    put(&o, "", 0);
    block(&o, &doc->root);
    md_free(doc);
    if (o.oom) {
        free(o.buf);
        return NULL;
    }
    return o.buf;
}
