/* Prose extraction: Markdown blocks to sentences with line numbers. */
#include "engine/agent/prose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/text/markdown.h"
#include "engine/fileio.h"
#include "engine/notes.h"
#include "engine/text/sentence.h"

void prose_clear(Prose *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->s[i].text);
    free(p->s);
    memset(p, 0, sizeof *p);
}

static int add(Prose *p, const char *text, size_t len, int line, RError *err)
{
    /* collapse white space and trim */
    char *t = malloc(len + 1);
    if (!t)
        return rerror_set(err, "out of memory");
    size_t m = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = m > 0;
            continue;
        }
        if (space)
            t[m++] = ' ';
        space = false;
        t[m++] = c;
    }
    t[m] = '\0';
    if (m == 0) {
        free(t);
        return 0;
    }
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 64;
        ProseSentence *ns = realloc(p->s, nc * sizeof *ns);
        if (!ns) {
            free(t);
            return rerror_set(err, "out of memory");
        }
        p->s = ns;
        p->cap = nc;
    }
    p->s[p->n].text = t;
    p->s[p->n].line = line;
    p->n++;
    return 0;
}

static int split_into(Prose *p, const char *text, size_t len, int line, bool count_lines, RError *err)
{
    size_t cap = 64;
    Span *spans = malloc(cap * sizeof *spans);
    if (!spans)
        return rerror_set(err, "out of memory");
    size_t n = sentence_split(text, len, spans, cap);
    if (n > cap) {
        free(spans);
        cap = n;
        spans = malloc(cap * sizeof *spans);
        if (!spans)
            return rerror_set(err, "out of memory");
        n = sentence_split(text, len, spans, cap);
    }
    int rc = 0;
    size_t scanned = 0;
    int cur = line;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (count_lines)
            for (; scanned < spans[i].start; scanned++)
                cur += text[scanned] == '\n';
        rc = add(p, text + spans[i].start, spans[i].end - spans[i].start, cur, err);
    }
    free(spans);
    return rc;
}

static int walk(Prose *p, const MdBlock *b, int line_base, RError *err)
{
    if (b->kind == MD_HEADING) {
        char h[128];
        md_block_text(b, h, sizeof h);
        if (b->level == 1 && !p->title[0])
            snprintf(p->title, sizeof p->title, "%s", h);
        if (p->skip_level && b->level <= p->skip_level)
            p->skip_level = 0;
        static const char *const refs[] = {"references", "sources", "bibliography", "further reading", "citations"};
        for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
            if (strncasecmp(h, refs[i], strlen(refs[i])) == 0)
                p->skip_level = b->level;
        return 0;
    }
    if (p->skip_level)
        return 0;
    switch (b->kind) {
    case MD_PARAGRAPH: {
        size_t need = md_block_text(b, NULL, 0) + 1;
        char *buf = malloc(need);
        if (!buf)
            return rerror_set(err, "out of memory");
        md_block_text(b, buf, need);
        int rc = split_into(p, buf, strlen(buf), line_base + b->line - 1, false, err);
        free(buf);
        return rc;
    }
    case MD_DOCUMENT:
    case MD_LIST:
    case MD_LIST_ITEM:
    case MD_QUOTE:
        for (size_t i = 0; i < b->nchildren; i++)
            if (walk(p, &b->children[i], line_base, err))
                return -1;
        return 0;
    default:
        return 0; /* code, tables, rules: not prose */
    }
}

int prose_split(const char *src, size_t len, bool markdown, int line_base, Prose *p, RError *err)
{
    if (!markdown)
        return split_into(p, src, len, line_base, true, err);
    MdDoc *doc = NULL;
    if (md_parse(src, len, &doc, err))
        return -1;
    int rc = walk(p, &doc->root, line_base, err);
    md_free(doc);
    return rc;
}

int prose_read_file(const char *path, char **out, size_t *len, RError *err)
{
    return fileio_read(path, NOTES_MAX_BYTES, out, len, err); /* an input is a note */
}
