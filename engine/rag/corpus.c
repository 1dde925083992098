/* RagCorpus: the documents a retriever indexes. */
#include "engine/figure/figure.h"
#include "engine/rag/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "engine/fileio.h"
#include "engine/notes.h"
#include "engine/text/utf8.h"

RagCorpus *corpus_new(void)
{
    return calloc(1, sizeof(RagCorpus));
}

void corpus_free(RagCorpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        RagDoc *d = &c->docs[i];
        free(d->id);
        free(d->source);
        free(d->heading);
        free(d->text);
        free(d->indexed);
    }
    free(c->docs);
    for (size_t i = 0; i < c->nwarnings; i++)
        free(c->warnings[i]);
    free(c->warnings);
    free(c);
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *dup_s(const char *s)
{
    return dup_n(s ? s : "", s ? strlen(s) : 0);
}

static int add_n(RagCorpus *c, const char *id, const char *source, const char *heading,
                 const char *text, size_t tlen, RError *err, RagDoc **added)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        RagDoc *nd = realloc(c->docs, nc * sizeof *nd);
        if (!nd)
            return rerror_set(err, "corpus: out of memory");
        c->docs = nd;
        c->cap = nc;
    }
    RagDoc *d = &c->docs[c->n];
    memset(d, 0, sizeof *d);
    d->id = dup_s(id);
    d->source = dup_s(source);
    d->heading = dup_s(heading);
    d->text = dup_n(text ? text : "", text ? tlen : 0);
    size_t hl = strlen(d->heading ? d->heading : "");
    d->indexed = malloc(hl + tlen + 2);
    if (!d->id || !d->source || !d->heading || !d->text || !d->indexed) {
        free(d->id);
        free(d->source);
        free(d->heading);
        free(d->text);
        free(d->indexed);
        return rerror_set(err, "corpus: out of memory");
    }
    memcpy(d->indexed, d->heading, hl);
    d->indexed[hl] = '\n';
    memcpy(d->indexed + hl + 1, d->text, tlen);
    d->indexed[hl + 1 + tlen] = '\0';
    c->n++;
    if (added)
        *added = d;
    return 0;
}

int corpus_add(RagCorpus *c, const char *id, const char *source, const char *heading,
               const char *text, int line_start, int line_end, RError *err)
{
    RagDoc *d;
    if (add_n(c, id, source, heading, text, text ? strlen(text) : 0, err, &d) != 0)
        return -1;
    d->line_start = line_start;
    d->line_end = line_end;
    return 0;
}

static int warn(RagCorpus *c, const char *fmt, const char *path, const char *why)
{
    char buf[1200];
    snprintf(buf, sizeof buf, fmt, path, why);
    char **nw = realloc(c->warnings, (c->nwarnings + 1) * sizeof *nw);
    if (!nw)
        return -1;
    c->warnings = nw;
    c->warnings[c->nwarnings] = dup_s(buf);
    if (!c->warnings[c->nwarnings])
        return -1;
    c->nwarnings++;
    return 0;
}

static int has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcmp(name + n - e, ext) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool corpus_is_refs(const char *heading)
{
    static const char *const names[] = {"sources", "references", "bibliography"};
    for (const char *s = heading; s && *s;) {
        const char *e = strstr(s, " > ");
        size_t n = e ? (size_t)(e - s) : strlen(s);
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (n == strlen(names[i]) && strncasecmp(s, names[i], n) == 0)
                return true;
        s = e ? e + 3 : NULL;
    }
    return false;
}

/* Chunks one file and adds its chunks. rel: path relative to the corpus root. */
static int add_file(RagCorpus *c, const char *path, const char *rel, const ChunkOptions *opt,
                    size_t max_bytes, RError *err)
{
    char *text;
    size_t len;
    RError why;
    /* One limit for a note everywhere: the notes pane, `notes show` and the index. */
    if (c->bytes >= max_bytes) {
        char lim[64];
        fileio_size_text(max_bytes, lim, sizeof lim);
        snprintf(why.msg, sizeof why.msg, "the corpus already holds %s", lim);
        return warn(c, "%s: %s, skipped", rel, why.msg) ? rerror_set(err, "oom") : 0;
    }
    if (fileio_read(path, NOTES_MAX_BYTES, &text, &len, &why) != 0)
        return warn(c, "%s: %s, skipped", rel, why.msg) ? rerror_set(err, "oom") : 0;
    if (memchr(text, '\0', len) || !utf8_valid(text, len)) {
        free(text);
        return warn(c, "%s: %s, skipped", rel, "binary file (not UTF-8 text)")
                   ? rerror_set(err, "oom")
                   : 0;
    }
    ChunkOptions o = opt ? *opt : chunk_default(true);
    o.markdown = has_ext(rel, ".md");
    if (o.markdown && figure_expand_note(o.figures_from, &text, &len, err) != 0)
        return -1;
    ChunkList cl = {0};
    if (chunk_text(text, len, &o, &cl, err) != 0) {
        free(text);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < cl.n && rc == 0; i++) {
        const Chunk *ch = &cl.items[i];
        if (o.markdown && corpus_is_refs(ch->heading)) {
            c->nrefs++;
            continue;
        }
        char id[1100];
        snprintf(id, sizeof id, "%s#%zu", rel, i + 1);
        RagDoc *d;
        rc = add_n(c, id, rel, ch->heading, text + ch->start, ch->end - ch->start, err, &d);
        if (rc == 0) {
            d->line_start = ch->line_start;
            d->line_end = ch->line_end;
            d->byte_start = ch->start;
            d->byte_end = ch->end;
        }
    }
    c->nfiles++;
    c->bytes += len;
    chunk_list_free(&cl);
    free(text);
    return rc;
}

typedef struct Progress {
    CorpusProgress fn;
    void *ctx;
    size_t max_bytes;
} Progress;

static int walk(RagCorpus *c, const char *dir, const char *rel, const ChunkOptions *opt,
                const Progress *pr, int depth, RError *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (depth == 0)
            return rerror_set(err, "%s: %s", dir, strerror(errno));
        return warn(c, "%s: %s, skipped", rel, strerror(errno)) ? rerror_set(err, "oom") : 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) {
                rc = rerror_set(err, "corpus: out of memory");
                break;
            }
            names = nn;
            cap = nc;
        }
        names[n] = dup_s(e->d_name);
        if (!names[n]) {
            rc = rerror_set(err, "corpus: out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0 && n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char path[4096], rpath[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(rpath, sizeof rpath, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
        struct stat st;
        if (stat(path, &st) != 0) {
            rc = warn(c, "%s: %s, skipped", rpath, strerror(errno)) ? rerror_set(err, "oom") : 0;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth < 16)
                rc = walk(c, path, rpath, opt, pr, depth + 1, err);
        } else if (S_ISREG(st.st_mode) && (has_ext(names[i], ".md") || has_ext(names[i], ".txt"))) {
            rc = add_file(c, path, rpath, opt, pr->max_bytes, err);
            if (rc == 0 && pr->fn && !pr->fn(pr->ctx, c->nfiles, c->bytes, rpath))
                rc = rerror_set(err, "%s: indexing cancelled", dir);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int corpus_load_dir(const char *dir, const ChunkOptions *opt, RagCorpus **out, RError *err)
{
    return corpus_load_dir_progress(dir, opt, 0, NULL, NULL, out, err);
}

int corpus_load_dir_progress(const char *dir, const ChunkOptions *opt, size_t max_bytes,
                             CorpusProgress fn, void *ctx, RagCorpus **out, RError *err)
{
    *out = NULL;
    RagCorpus *c = corpus_new();
    if (!c)
        return rerror_set(err, "corpus: out of memory");
    Progress pr = {fn, ctx, max_bytes ? max_bytes : RAG_CORPUS_MAX_BYTES};
    if (walk(c, dir, "", opt, &pr, 0, err) != 0) {
        corpus_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

const char **corpus_texts(const RagCorpus *c)
{
    const char **t = malloc((c->n ? c->n : 1) * sizeof *t);
    if (!t)
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        t[i] = c->docs[i].indexed;
    return t;
}
