/* Query syntax and the lexical search pipeline with its trace. */
#include "engine/rag/query.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double rag_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct ParseCtx {
    RagPipeline *p;
    const AnalyzerOptions *an;
    const Bm25Index *idx;
    RagTermKind kind;
    size_t base; /* offset of the word in the query */
} ParseCtx;

static int on_query_term(const Term *t, void *ctx)
{
    ParseCtx *c = ctx;
    RagPipeline *p = c->p;
    if (p->nterms >= RAG_QUERY_MAX_TERMS)
        return 1;
    RagQueryTerm *q = &p->terms[p->nterms++];
    memset(q, 0, sizeof *q);
    memcpy(q->surface, t->surface, sizeof q->surface);
    q->kind = c->kind;
    q->start = c->base + t->start;
    q->end = c->base + t->end;
    q->id = -1;
    q->stopword = c->an->stop != STOP_NONE &&
                  stopword_is(c->an->stop, t->surface, strlen(t->surface));
    if (!q->stopword) {
        memcpy(q->term, t->text, t->len + 1);
        if (c->idx) {
            q->id = bm25_term_id(c->idx, q->term);
            q->df = bm25_df(c->idx, q->id);
            q->idf = q->id >= 0 ? bm25_idf(c->idx, q->id) : 0.0;
        }
    }
    return 0;
}

void rag_query_parse(const char *q, bool plain, const AnalyzerOptions *an, const Bm25Index *idx,
                     RagPipeline *p)
{
    memset(p, 0, sizeof *p);
    double t0 = rag_now();
    AnalyzerOptions keep = *an;
    keep.stop = STOP_NONE; /* flag stopwords instead of dropping them */
    ParseCtx c = {p, an, idx, RAG_TERM_SCORE, 0};
    size_t len = strlen(q), i = 0;
    while (i < len) {
        while (i < len && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n'))
            i++;
        size_t j = i;
        while (j < len && q[j] != ' ' && q[j] != '\t' && q[j] != '\n')
            j++;
        if (j > i) {
            size_t s = i;
            c.kind = RAG_TERM_SCORE;
            if (plain) {
                /* every word scores */
            } else if (q[s] == '!') {
                c.kind = RAG_TERM_NOT;
                s++;
                if (s < j && q[s] == '\'') /* fzf's !'word is the same as !word here */
                    s++;
            } else if (q[s] == '\'') {
                c.kind = RAG_TERM_EXACT;
                s++;
            }
            c.base = s;
            analyze(q + s, j - s, &keep, on_query_term, &c);
        }
        i = j;
    }
    p->t_parse = rag_now() - t0;
}

bool rag_query_has_scoring_terms(const RagPipeline *p)
{
    for (size_t i = 0; i < p->nterms; i++)
        if (p->terms[i].kind != RAG_TERM_NOT && !p->terms[i].stopword)
            return true;
    return false;
}

bool rag_query_only_stopwords(const RagPipeline *p)
{
    size_t stops = 0;
    for (size_t i = 0; i < p->nterms; i++) {
        if (!p->terms[i].stopword)
            return false;
        stops++;
    }
    return stops > 0;
}

typedef struct HasCtx {
    const char *surface;
    const char *term; /* match on the stem instead when not NULL */
} HasCtx;

static int has_fn(const Term *t, void *ctx)
{
    const HasCtx *h = ctx;
    if (h->term)
        return strcmp(t->text, h->term) == 0;
    return strcmp(t->surface, h->surface) == 0;
}

/* True when text holds the surface form (or, with term, the stem). */
static bool text_has(const char *text, const AnalyzerOptions *an, const char *surface,
                     const char *term)
{
    AnalyzerOptions keep = *an;
    keep.stop = STOP_NONE;
    keep.stem = term != NULL; /* surfaces need no stemming */
    HasCtx h = {surface, term};
    return analyze(text, strlen(text), &keep, has_fn, &h) != 0;
}

int rag_query_bm25(const Bm25Index *idx, const RagCorpus *corpus, const char *q, bool plain,
                   size_t k,
                   RagHit *out, size_t *nout, float *scores, RagPipeline *p, RError *err)
{
    *nout = 0;
    rag_query_parse(q, plain, &idx->analyzer, idx, p);
    float *s = scores ? scores : malloc((idx->ndocs ? idx->ndocs : 1) * sizeof *s);
    if (!s)
        return rerror_set(err, "query: out of memory");
    double t0 = rag_now();
    for (size_t d = 0; d < idx->ndocs; d++)
        s[d] = NAN;
    for (size_t i = 0; i < p->nterms; i++) {
        const RagQueryTerm *t = &p->terms[i];
        if (t->kind != RAG_TERM_NOT && !t->stopword && t->id >= 0)
            bm25_accumulate(idx, t->id, 1.0, s);
    }
    double t1 = rag_now();
    p->t_score = t1 - t0;
    for (size_t d = 0; d < idx->ndocs; d++)
        if (!isnan(s[d]))
            p->candidates++;
    for (size_t i = 0; i < p->nterms; i++) {
        const RagQueryTerm *t = &p->terms[i];
        if (t->kind == RAG_TERM_NOT && t->id >= 0) {
            for (size_t j = idx->post_start[t->id]; j < idx->post_start[t->id + 1]; j++) {
                uint32_t d = idx->postings[j].doc;
                if (!isnan(s[d])) {
                    s[d] = NAN;
                    p->filtered++;
                }
            }
        } else if ((t->kind == RAG_TERM_NOT || t->kind == RAG_TERM_EXACT) && corpus) {
            bool want = t->kind == RAG_TERM_EXACT;
            for (size_t d = 0; d < idx->ndocs && d < corpus->n; d++) {
                if (isnan(s[d]))
                    continue;
                if (text_has(corpus->docs[d].indexed, &idx->analyzer, t->surface, NULL) != want) {
                    s[d] = NAN;
                    p->filtered++;
                }
            }
        }
    }
    double t2 = rag_now();
    p->t_filter = t2 - t1;
    *nout = rag_topk(s, idx->ndocs, k, out);
    p->t_topk = rag_now() - t2;
    if (!scores)
        free(s);
    return 0;
}

typedef struct HlCtx {
    const RagPipeline *p;
    RagSpan *out;
    size_t cap, n;
} HlCtx;

static int hl_fn(const Term *t, void *ctx)
{
    HlCtx *h = ctx;
    for (size_t i = 0; i < h->p->nterms; i++) {
        const RagQueryTerm *q = &h->p->terms[i];
        if (q->kind == RAG_TERM_NOT)
            continue;
        bool hit = q->kind == RAG_TERM_EXACT ? strcmp(q->surface, t->surface) == 0
                                             : (!q->stopword && strcmp(q->term, t->text) == 0);
        if (hit) {
            if (h->n < h->cap) {
                h->out[h->n].start = t->start;
                h->out[h->n].end = t->end;
                h->out[h->n].term = (int)i;
            }
            h->n++;
            break;
        }
    }
    return 0;
}

size_t rag_query_highlight(const RagPipeline *p, const AnalyzerOptions *an, const char *text,
                           size_t len, RagSpan *out, size_t cap)
{
    AnalyzerOptions keep = *an;
    keep.stop = STOP_NONE;
    HlCtx h = {p, out, cap, 0};
    analyze(text, len, &keep, hl_fn, &h);
    return h.n;
}
