/* Chunker: Markdown sections with heading paths, token windows with overlap. */
#include "engine/text/chunk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/tokenize.h"

ChunkOptions chunk_default(bool markdown)
{
    ChunkOptions o = {CHUNK_DEFAULT_WINDOW, CHUNK_DEFAULT_OVERLAP, markdown};
    return o;
}

void chunk_list_free(ChunkList *list)
{
    if (!list)
        return;
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}

typedef struct Spans {
    size_t *start;
    size_t *end;
    size_t n, cap;
} Spans;

static int on_tok(const Token *t, void *ctx)
{
    Spans *s = ctx;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 256;
        size_t *a = realloc(s->start, nc * sizeof *a);
        if (!a)
            return -1;
        s->start = a;
        size_t *b = realloc(s->end, nc * sizeof *b);
        if (!b)
            return -1;
        s->end = b;
        s->cap = nc;
    }
    s->start[s->n] = t->start;
    s->end[s->n] = t->end;
    s->n++;
    return 0;
}

/* Line number (1-based) of byte offset off, counting from line `line` at offset `from`. */
static int line_of(const char *text, size_t from, int line, size_t off)
{
    for (size_t i = from; i < off; i++)
        if (text[i] == '\n')
            line++;
    return line;
}

/* A line count that moves forward only: window starts grow, so finding each one's line
 * costs the bytes between two starts, and the whole section is counted once (not once per
 * window, which made a long one-line file quadratic). */
typedef struct LineCursor {
    size_t at;
    int line;
} LineCursor;

static int line_at(const char *text, LineCursor *c, size_t off)
{
    c->line = line_of(text, c->at, c->line, off);
    c->at = off;
    return c->line;
}

static int push_chunk(ChunkList *out, const Chunk *c)
{
    if (out->n == out->cap) {
        size_t nc = out->cap ? out->cap * 2 : 16;
        Chunk *ni = realloc(out->items, nc * sizeof *ni);
        if (!ni)
            return -1;
        out->items = ni;
        out->cap = nc;
    }
    out->items[out->n++] = *c;
    return 0;
}

/* Cuts the section text[s..e) (starting on line `line`) into windows. body_from: offset
 * where the words after the heading line start (a section whose body has no words is
 * dropped). */
static int emit_section(const char *text, size_t s, size_t e, size_t body_from, int line,
                        const char *heading, int level, const ChunkOptions *o, ChunkList *out)
{
    Spans sp = {0};
    if (tokenize(text + s, e - s, on_tok, &sp) != 0) {
        free(sp.start);
        free(sp.end);
        return -1;
    }
    size_t nbody = 0;
    for (size_t i = 0; i < sp.n; i++)
        if (s + sp.start[i] >= body_from)
            nbody++;
    int rc = 0;
    if (nbody == 0)
        goto done;
    size_t window = o->window ? o->window : 1;
    size_t overlap = o->overlap < window ? o->overlap : window - 1;
    size_t step = window - overlap;
    LineCursor cur = {s, line};
    for (size_t first = 0;; first += step) {
        size_t last = first + window < sp.n ? first + window : sp.n; /* one past */
        Chunk c;
        memset(&c, 0, sizeof c);
        c.start = first == 0 ? s : s + sp.start[first];
        c.end = last == sp.n ? e : s + sp.end[last - 1];
        /* trim trailing white space */
        while (c.end > c.start && (text[c.end - 1] == '\n' || text[c.end - 1] == ' ' ||
                                   text[c.end - 1] == '\t' || text[c.end - 1] == '\r'))
            c.end--;
        c.line_start = line_at(text, &cur, c.start);
        c.line_end = line_of(text, c.start, c.line_start, c.end);
        c.ntokens = last - first;
        c.overlap_prev = first == 0 ? 0 : overlap;
        c.level = level;
        snprintf(c.heading, sizeof c.heading, "%s", heading);
        if (push_chunk(out, &c) != 0) {
            rc = -1;
            break;
        }
        if (last == sp.n)
            break;
    }
done:
    free(sp.start);
    free(sp.end);
    return rc;
}

/* True when the line text[p..q) is a code fence (``` or ~~~, up to 3 spaces indent). */
static bool is_fence(const char *t, size_t p, size_t q)
{
    size_t i = p, sp = 0;
    while (i < q && t[i] == ' ' && sp < 4) {
        i++;
        sp++;
    }
    if (sp > 3 || i + 3 > q)
        return false;
    return (t[i] == '`' && t[i + 1] == '`' && t[i + 2] == '`') ||
           (t[i] == '~' && t[i + 1] == '~' && t[i + 2] == '~');
}

/* ATX heading level of line text[p..q) (1..6), 0 if it is not one. *title_at gets the
 * offset of the title text and *title_end its end (closing #s and spaces trimmed). */
static int atx_level(const char *t, size_t p, size_t q, size_t *title_at, size_t *title_end)
{
    size_t i = p, sp = 0;
    while (i < q && t[i] == ' ' && sp < 4) {
        i++;
        sp++;
    }
    if (sp > 3)
        return 0;
    int level = 0;
    while (i < q && t[i] == '#' && level < 7) {
        i++;
        level++;
    }
    if (level < 1 || level > 6 || (i < q && t[i] != ' ' && t[i] != '\t' && t[i] != '\r'))
        return 0;
    while (i < q && (t[i] == ' ' || t[i] == '\t'))
        i++;
    size_t e = q;
    while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
        e--;
    size_t h = e;
    while (h > i && t[h - 1] == '#')
        h--;
    if (h < e && (h == i || t[h - 1] == ' '))
        e = h;
    while (e > i && t[e - 1] == ' ')
        e--;
    *title_at = i;
    *title_end = e;
    return level;
}

static void build_path(char titles[6][CHUNK_HEADING_MAX], int level, char *out, size_t size)
{
    out[0] = '\0';
    size_t used = 0;
    for (int l = 0; l < level; l++) {
        if (!titles[l][0])
            continue;
        int w = snprintf(out + used, size - used, "%s%s", used ? " > " : "", titles[l]);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
}

int chunk_text(const char *text, size_t len, const ChunkOptions *opt, ChunkList *out,
               RError *err)
{
    ChunkOptions o = opt ? *opt : chunk_default(true);
    if (!o.markdown) {
        if (emit_section(text, 0, len, 0, 1, "", 0, &o, out) != 0)
            return rerror_set(err, "chunk: out of memory");
        return 0;
    }
    char titles[6][CHUNK_HEADING_MAX];
    memset(titles, 0, sizeof titles);
    char path[CHUNK_HEADING_MAX];
    path[0] = '\0';
    int cur_level = 0;
    size_t sec_start = 0, body_from = 0;
    int sec_line = 1, line = 1;
    size_t p = 0;
    /* YAML front matter: a first line "---" up to the next "---" or "..." line. */
    if (len >= 4 && strncmp(text, "---", 3) == 0 && (text[3] == '\n' || text[3] == '\r')) {
        size_t q = 4;
        int l = 2;
        while (q < len) {
            size_t e = q;
            while (e < len && text[e] != '\n')
                e++;
            if ((e - q >= 3 && (strncmp(text + q, "---", 3) == 0 ||
                                strncmp(text + q, "...", 3) == 0))) {
                p = e < len ? e + 1 : e;
                line = l + 1;
                break;
            }
            q = e + 1;
            l++;
        }
        sec_start = body_from = p;
        sec_line = line;
    }
    bool in_fence = false;
    while (p < len) {
        size_t q = p;
        while (q < len && text[q] != '\n')
            q++;
        if (is_fence(text, p, q)) {
            in_fence = !in_fence;
        } else if (!in_fence) {
            size_t ta, te;
            int level = atx_level(text, p, q, &ta, &te);
            if (level) {
                if (p > sec_start &&
                    emit_section(text, sec_start, p, body_from, sec_line, path, cur_level, &o,
                                 out) != 0)
                    return rerror_set(err, "chunk: out of memory");
                size_t tl = te - ta < CHUNK_HEADING_MAX - 1 ? te - ta : CHUNK_HEADING_MAX - 1;
                memcpy(titles[level - 1], text + ta, tl);
                titles[level - 1][tl] = '\0';
                for (int l = level; l < 6; l++)
                    titles[l][0] = '\0';
                build_path(titles, level, path, sizeof path);
                cur_level = level;
                sec_start = p;
                body_from = q;
                sec_line = line;
            }
        }
        p = q < len ? q + 1 : q;
        line++;
    }
    if (len > sec_start &&
        emit_section(text, sec_start, len, body_from, sec_line, path, cur_level, &o, out) != 0)
        return rerror_set(err, "chunk: out of memory");
    return 0;
}
