/* Bm25Index: an inverted index over a list of texts, scored with Lucene's BM25. */
#include "engine/rag/bm25.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A (term, tf) pair of one document, gathered before the postings are laid out. */
typedef struct DocTerm {
    uint32_t term;
    uint32_t tf;
} DocTerm;

typedef struct BuildCtx {
    Bm25Index *idx;
    StrMap surface;  /* folded token -> term id, or -1 for a dropped token (stopword) */
    uint32_t *buf;   /* term ids of the current document */
    size_t nbuf, capbuf;
    int oom;
} BuildCtx;

static int push_id(BuildCtx *c, uint32_t id)
{
    if (c->nbuf == c->capbuf) {
        size_t nc = c->capbuf ? c->capbuf * 2 : 1024;
        uint32_t *nb = realloc(c->buf, nc * sizeof *nb);
        if (!nb)
            return -1;
        c->buf = nb;
        c->capbuf = nc;
    }
    c->buf[c->nbuf++] = id;
    return 0;
}

static int on_term(const Term *t, void *ctx)
{
    BuildCtx *c = ctx;
    int added;
    long id = strmap_put(&c->idx->vocab, t->text, t->len, 0, &added);
    if (id < 0 || push_id(c, (uint32_t)id) != 0) {
        c->oom = 1;
        return 1;
    }
    return 0;
}

/* Tokens without joiners map to at most one term: memoize token -> term id (-1 = dropped),
 * which skips the stemmer and stopword lookup for every repeated word (2x faster builds). */
static int on_token(const Token *tok, void *ctx)
{
    BuildCtx *c = ctx;
    size_t n = strlen(tok->text);
    if (strpbrk(tok->text, ".'"))
        return analyze_token(tok, &c->idx->analyzer, on_term, c);
    long slot = strmap_find(&c->surface, tok->text, n);
    if (slot >= 0) {
        int32_t id = c->surface.values[slot];
        if (id >= 0 && push_id(c, (uint32_t)id) != 0) {
            c->oom = 1;
            return 1;
        }
        return 0;
    }
    size_t before = c->nbuf;
    int rc = analyze_token(tok, &c->idx->analyzer, on_term, c);
    if (rc)
        return rc;
    int32_t id = c->nbuf > before ? (int32_t)c->buf[c->nbuf - 1] : -1;
    if (strmap_put(&c->surface, tok->text, n, id, NULL) < 0) {
        c->oom = 1;
        return 1;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int bm25_build(const char *const *texts, size_t n, const AnalyzerOptions *an, Bm25Index **out,
               RError *err)
{
    *out = NULL;
    Bm25Index *idx = calloc(1, sizeof *idx);
    if (!idx)
        return rerror_set(err, "bm25: out of memory");
    idx->analyzer = an ? *an : analyzer_default();
    idx->k1 = BM25_DEFAULT_K1;
    idx->b = BM25_DEFAULT_B;
    idx->ndocs = n;
    strmap_init(&idx->vocab);
    idx->doclen = calloc(n ? n : 1, sizeof *idx->doclen);
    BuildCtx c = {.idx = idx};
    strmap_init(&c.surface);
    DocTerm *pairs = NULL;
    uint32_t *pair_doc = NULL;
    size_t npairs = 0, cappairs = 0;
    if (!idx->doclen)
        goto oom;
    for (size_t d = 0; d < n; d++) {
        c.nbuf = 0;
        const char *t = texts[d] ? texts[d] : "";
        tokenize(t, strlen(t), on_token, &c);
        if (c.oom)
            goto oom;
        idx->doclen[d] = (uint32_t)c.nbuf;
        idx->ntokens += c.nbuf;
        if (c.nbuf > 1)
            qsort(c.buf, c.nbuf, sizeof *c.buf, cmp_u32);
        for (size_t i = 0; i < c.nbuf;) {
            size_t j = i;
            while (j < c.nbuf && c.buf[j] == c.buf[i])
                j++;
            if (npairs == cappairs) {
                size_t nc = cappairs ? cappairs * 2 : 4096;
                DocTerm *np = realloc(pairs, nc * sizeof *np);
                if (!np)
                    goto oom;
                pairs = np;
                uint32_t *nd = realloc(pair_doc, nc * sizeof *nd);
                if (!nd)
                    goto oom;
                pair_doc = nd;
                cappairs = nc;
            }
            pairs[npairs].term = c.buf[i];
            pairs[npairs].tf = (uint32_t)(j - i);
            pair_doc[npairs] = (uint32_t)d;
            npairs++;
            i = j;
        }
    }
    idx->avgdl = n ? (double)idx->ntokens / (double)n : 0.0;
    idx->nterms = idx->vocab.n;
    /* Counting sort of the (doc, term, tf) triples by term; documents stay in order. */
    idx->post_start = calloc(idx->nterms + 1, sizeof *idx->post_start);
    idx->postings = malloc((npairs ? npairs : 1) * sizeof *idx->postings);
    if (!idx->post_start || !idx->postings)
        goto oom;
    for (size_t i = 0; i < npairs; i++)
        idx->post_start[pairs[i].term + 1]++;
    for (size_t t = 0; t < idx->nterms; t++)
        idx->post_start[t + 1] += idx->post_start[t];
    {
        size_t *fill = malloc((idx->nterms + 1) * sizeof *fill);
        if (!fill)
            goto oom;
        memcpy(fill, idx->post_start, (idx->nterms + 1) * sizeof *fill);
        for (size_t i = 0; i < npairs; i++) {
            Bm25Posting *p = &idx->postings[fill[pairs[i].term]++];
            p->doc = pair_doc[i];
            p->tf = pairs[i].tf;
        }
        free(fill);
    }
    idx->npostings = npairs;
    free(pairs);
    free(pair_doc);
    free(c.buf);
    strmap_clear(&c.surface);
    *out = idx;
    return 0;
oom:
    free(pairs);
    free(pair_doc);
    free(c.buf);
    strmap_clear(&c.surface);
    bm25_free(idx);
    return rerror_set(err, "bm25: out of memory");
}

void bm25_free(Bm25Index *idx)
{
    if (!idx)
        return;
    free(idx->doclen);
    strmap_clear(&idx->vocab);
    free(idx->post_start);
    free(idx->postings);
    free(idx);
}

void bm25_set_params(Bm25Index *idx, double k1, double b)
{
    idx->k1 = k1;
    idx->b = b;
}

long bm25_term_id(const Bm25Index *idx, const char *term)
{
    return strmap_find(&idx->vocab, term, strlen(term));
}

size_t bm25_df(const Bm25Index *idx, long id)
{
    if (id < 0 || (size_t)id >= idx->nterms)
        return 0;
    return idx->post_start[id + 1] - idx->post_start[id];
}

double bm25_idf(const Bm25Index *idx, long id)
{
    double df = (double)bm25_df(idx, id);
    double n = (double)idx->ndocs;
    return log(1.0 + (n - df + 0.5) / (df + 0.5));
}

double bm25_tf_part(const Bm25Index *idx, uint32_t tf, uint32_t dl)
{
    if (tf == 0)
        return 0.0;
    double norm = idx->avgdl > 0 ? (double)dl / idx->avgdl : 1.0;
    return (double)tf / ((double)tf + idx->k1 * (1.0 - idx->b + idx->b * norm));
}

uint32_t bm25_tf(const Bm25Index *idx, long id, uint32_t doc)
{
    if (id < 0 || (size_t)id >= idx->nterms)
        return 0;
    size_t lo = idx->post_start[id], hi = idx->post_start[id + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t d = idx->postings[mid].doc;
        if (d == doc)
            return idx->postings[mid].tf;
        if (d < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

void bm25_accumulate(const Bm25Index *idx, long id, double weight, float *scores)
{
    if (id < 0 || (size_t)id >= idx->nterms)
        return;
    double w = weight * bm25_idf(idx, id);
    double k1 = idx->k1, b = idx->b;
    double inv_avg = idx->avgdl > 0 ? 1.0 / idx->avgdl : 1.0;
    for (size_t p = idx->post_start[id]; p < idx->post_start[id + 1]; p++) {
        const Bm25Posting *po = &idx->postings[p];
        double tf = po->tf;
        double part = tf / (tf + k1 * (1.0 - b + b * idx->doclen[po->doc] * inv_avg));
        float *s = &scores[po->doc];
        if (isnan(*s))
            *s = 0.0f;
        *s += (float)(w * part);
    }
}

double bm25_explain(const Bm25Index *idx, const long *ids, const double *weights, size_t n,
                    uint32_t doc, Bm25TermExplain *out)
{
    double total = 0.0;
    uint32_t dl = doc < idx->ndocs ? idx->doclen[doc] : 0;
    for (size_t i = 0; i < n; i++) {
        Bm25TermExplain *e = &out[i];
        long id = (ids[i] >= 0 && (size_t)ids[i] < idx->nterms) ? ids[i] : -1;
        e->id = id;
        e->weight = weights ? weights[i] : 1.0;
        e->df = bm25_df(idx, id);
        e->idf = id >= 0 ? bm25_idf(idx, id) : 0.0;
        e->tf = doc < idx->ndocs ? bm25_tf(idx, id, doc) : 0;
        e->tf_part = bm25_tf_part(idx, e->tf, dl);
        e->score = e->weight * e->idf * e->tf_part;
        total += e->score;
    }
    return total;
}

/* Query terms with their counts. */
typedef struct QCtx {
    const Bm25Index *idx;
    long ids[256];
    unsigned count[256];
    size_t n;
} QCtx;

static int on_query_term(const Term *t, void *ctx)
{
    QCtx *q = ctx;
    long id = strmap_find(&q->idx->vocab, t->text, t->len);
    if (id < 0)
        return 0;
    for (size_t i = 0; i < q->n; i++)
        if (q->ids[i] == id) {
            q->count[i]++;
            return 0;
        }
    if (q->n < sizeof q->ids / sizeof q->ids[0]) {
        q->ids[q->n] = id;
        q->count[q->n++] = 1;
    }
    return 0;
}

int bm25_search(const Bm25Index *idx, const char *query, size_t k, RagHit *out, size_t *nout,
                float *scratch, RError *err)
{
    *nout = 0;
    float *scores = scratch ? scratch : malloc((idx->ndocs ? idx->ndocs : 1) * sizeof *scores);
    if (!scores)
        return rerror_set(err, "bm25: out of memory");
    for (size_t d = 0; d < idx->ndocs; d++)
        scores[d] = NAN;
    QCtx q = {.idx = idx};
    analyze(query, strlen(query), &idx->analyzer, on_query_term, &q);
    for (size_t i = 0; i < q.n; i++)
        bm25_accumulate(idx, q.ids[i], q.count[i], scores);
    *nout = rag_topk(scores, idx->ndocs, k, out);
    if (!scratch)
        free(scores);
    return 0;
}
