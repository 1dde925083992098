/* Search everywhere: items from four sources, one BM25 index over their texts. */
#include "engine/study/find.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/figure/figure.h"
#include "engine/notes.h"
#include "engine/rag/bm25.h"
#include "engine/rag/corpus.h"
#include "engine/text/nocase.h"

#define FIND_TEXT_MAX 4096 /* bytes of an item's indexed text */

struct FindIndex {
    FindItem *items;
    char **texts; /* what BM25 indexes, one per item */
    size_t n, cap;
    Bm25Index *bm25;
};

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static int add(FindIndex *f, FindKind kind, const char *title, const char *pane, const char *arg,
               const char *text)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 128;
        FindItem *items = realloc(f->items, cap * sizeof *items);
        if (!items)
            return -1;
        f->items = items;
        char **texts = realloc(f->texts, cap * sizeof *texts);
        if (!texts)
            return -1;
        f->texts = texts;
        f->cap = cap;
    }
    FindItem *it = &f->items[f->n];
    it->kind = kind;
    it->title = strdup(title);
    it->pane = strdup(pane);
    it->arg = strdup(arg);
    size_t tl = strlen(text);
    f->texts[f->n] = dup_n(text, tl < FIND_TEXT_MAX ? tl : FIND_TEXT_MAX);
    if (!it->title || !it->pane || !it->arg || !f->texts[f->n]) {
        free(it->title);
        free(it->pane);
        free(it->arg);
        free(f->texts[f->n]);
        return -1;
    }
    f->n++;
    return 0;
}

/* The last part of a heading path "A > B > C". */
static const char *last_heading(const char *path)
{
    const char *s = path, *p;
    while ((p = strstr(s, " > ")))
        s = p + 3;
    return s;
}

static int add_sections(FindIndex *f, const char *notes_dir, const char *content_dir,
                        RError *err)
{
    RagCorpus *c;
    ChunkOptions co = chunk_default(true);
    co.figures_from = content_dir;
    if (corpus_load_dir(notes_dir, &co, &c, err) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < c->n && rc == 0; i++) {
        const RagDoc *d = &c->docs[i];
        if (strchr(d->source, '/'))
            continue; /* the Notes pane lists the folder's own files */
        const char *h = last_heading(d->heading);
        char title[512], arg[512];
        snprintf(title, sizeof title, "%s > %s", d->source, h);
        snprintf(arg, sizeof arg, "%s%s%s", d->source, *h ? "#" : "", h);
        rc = add(f, FIND_NOTE, title, "notes", arg, d->indexed);
    }
    corpus_free(c);
    return rc == 0 ? 0 : rerror_set(err, "out of memory");
}

typedef struct LinkScan {
    FindIndex *f;
    const char *src;
    const char *file;
    int rc;
} LinkScan;

static void on_link(void *user, char kind, const char *text, size_t len, size_t off, int line,
                    int col)
{
    (void)line;
    (void)col;
    LinkScan *s = user;
    if (kind != 'l' || s->rc != 0 || len == 0 || len > 400)
        return;
    /* The link text: back from "](" to its '[' on the same line. */
    const char *close = s->src + off;
    while (close > s->src && *close != ']')
        close--;
    const char *open = close;
    while (open > s->src && *open != '[' && *open != '\n')
        open--;
    char label[256], target[512], title[700], body[1200];
    snprintf(label, sizeof label, "%.*s", *open == '[' ? (int)(close - open - 1) : 0, open + 1);
    snprintf(target, sizeof target, "%.*s", (int)len, text);
    size_t plen = strcspn(target, " ");
    const char *arg = target + plen + (target[plen] == ' ');
    snprintf(title, sizeof title, "%s (%s)", label[0] ? label : "link", target);
    /* Indexed: the label, the target and the line around it. */
    const char *ls = s->src + off, *le = s->src + off;
    while (ls > s->src && ls[-1] != '\n')
        ls--;
    while (*le && *le != '\n')
        le++;
    snprintf(body, sizeof body, "%s %s %.*s", label, target, (int)(le - ls < 600 ? le - ls : 600),
             ls);
    char pane[64];
    snprintf(pane, sizeof pane, "%.*s", (int)(plen < 63 ? plen : 63), target);
    s->rc = add(s->f, FIND_LINK, title, pane, arg, body);
}

static int add_links(FindIndex *f, const char *notes_dir, RError *err)
{
    NoteList list;
    if (notes_list(notes_dir, &list, err) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < list.count && rc == 0; i++) {
        char *src;
        size_t len;
        if (notes_read(list.items[i].path, &src, &len, err) != 0)
            continue;
        LinkScan s = {f, src, list.items[i].name, 0};
        figure_scan(src, len, on_link, &s);
        rc = s.rc;
        free(src);
    }
    notes_list_free(&list);
    return rc == 0 ? 0 : rerror_set(err, "out of memory");
}

int find_build(const char *notes_dir, const char *content_dir, const CardDeck *deck,
               const FindPane *panes, size_t npanes, FindIndex **out, RError *err)
{
    FindIndex *f = calloc(1, sizeof *f);
    if (!f)
        return rerror_set(err, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < npanes && rc == 0; i++) {
        char text[600];
        snprintf(text, sizeof text, "%s %s pane %s", panes[i].name, panes[i].title,
                 panes[i].summary ? panes[i].summary : "");
        rc = add(f, FIND_PANE, panes[i].title, panes[i].name, "", text);
    }
    for (size_t i = 0; deck && i < deck->count && rc == 0; i++) {
        const Card *c = &deck->items[i];
        char title[300], arg[96], text[FIND_TEXT_MAX];
        snprintf(title, sizeof title, "%s: %.200s", c->id, c->q);
        snprintf(arg, sizeof arg, "card %s", c->id);
        snprintf(text, sizeof text, "%s %s %s", c->topic, c->q, c->a);
        rc = add(f, FIND_CARD, title, "study", arg, text);
    }
    if (rc != 0) {
        find_free(f);
        return rerror_set(err, "out of memory");
    }
    if (notes_dir && (add_sections(f, notes_dir, content_dir, err) != 0 || add_links(f, notes_dir, err) != 0)) {
        find_free(f);
        return -1;
    }
    if (bm25_build((const char *const *)f->texts, f->n, NULL, &f->bm25, err) != 0) {
        find_free(f);
        return -1;
    }
    *out = f;
    return 0;
}

void find_free(FindIndex *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].title);
        free(f->items[i].pane);
        free(f->items[i].arg);
        free(f->texts[i]);
    }
    free(f->items);
    free(f->texts);
    bm25_free(f->bm25);
    free(f);
}

static bool same_target(const FindItem *a, const FindItem *b)
{
    return strcmp(a->pane, b->pane) == 0 && strcmp(a->arg, b->arg) == 0;
}

static bool push(const FindIndex *f, size_t *out, size_t *n, size_t max, size_t item)
{
    for (size_t k = 0; k < *n; k++)
        if (out[k] == item || same_target(&f->items[out[k]], &f->items[item]))
            return false;
    if (*n < max)
        out[(*n)++] = item;
    return true;
}

size_t find_search(const FindIndex *f, const char *query, size_t *out, size_t max)
{
    size_t n = 0;
    if (!query || !*query || max == 0)
        return 0;
    size_t k = max * 4 < f->n ? max * 4 : f->n; /* extra: duplicates of a section collapse */
    RagHit *hits = calloc(k ? k : 1, sizeof *hits);
    size_t nh = 0;
    RError err;
    if (hits && k && bm25_search(f->bm25, query, k, hits, &nh, NULL, &err) == 0) {
        /* A pane named exactly so, then BM25's hits whose title has the query, then the rest:
         * a section titled "BM25" answers the query "bm25" better than a long one citing it. */
        for (size_t i = 0; i < f->n; i++)
            if (f->items[i].kind == FIND_PANE && (strcasecmp(f->items[i].pane, query) == 0 ||
                                                  strcasecmp(f->items[i].title, query) == 0))
                push(f, out, &n, max, i);
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < nh && n < max; i++)
                if (text_contains_nocase(f->items[hits[i].doc].title, query) == (pass == 0))
                    push(f, out, &n, max, hits[i].doc);
    }
    free(hits);
    /* Titles that contain the query: panes first, then the rest in index order. */
    for (int pass = 0; pass < 2 && n < max; pass++)
        for (size_t i = 0; i < f->n && n < max; i++)
            if ((f->items[i].kind == FIND_PANE) == (pass == 0) &&
                text_contains_nocase(f->items[i].title, query))
                push(f, out, &n, max, i);
    return n;
}

const FindItem *find_item(const FindIndex *f, size_t i)
{
    return i < f->n ? &f->items[i] : NULL;
}

size_t find_count(const FindIndex *f)
{
    return f->n;
}

const char *find_kind_name(FindKind k)
{
    static const char *const names[] = {"note", "card", "pane", "link"};
    return (unsigned)k < 4 ? names[k] : "?";
}
