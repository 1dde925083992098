/* RagEngine: one corpus searched by BM25, LSA, GloVe SIF, or a fusion of BM25 and one of them. */
#include "engine/rag/retriever.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/fusion.h"

static const char *const method_names[RAG_METHOD_COUNT] = {"bm25", "lsa", "glove", "hybrid"};

const char *rag_method_name(RagMethod m)
{
    return (unsigned)m < RAG_METHOD_COUNT ? method_names[m] : "?";
}

int rag_method_parse(const char *s)
{
    for (int i = 0; i < RAG_METHOD_COUNT; i++)
        if (strcmp(s, method_names[i]) == 0)
            return i;
    return -1;
}

RagSettings rag_settings_default(void)
{
    RagSettings s = {.method = RAG_HYBRID,
                     .k1 = BM25_DEFAULT_K1,
                     .b = BM25_DEFAULT_B,
                     .k = 10,
                     .dense = RAG_LSA,
                     .fusion = RAG_FUSE_BLEND,
                     .weight = 0.1,
                     .depth = 100,
                     .plain = false,
                     .lsa_rank = 512};
    return s;
}

int rag_engine_new(const RagCorpus *corpus, const AnalyzerOptions *an, const char *glove_dir,
                   RagEngine **out, RError *err)
{
    *out = NULL;
    RagEngine *e = calloc(1, sizeof *e);
    if (!e)
        return rerror_set(err, "rag: out of memory");
    e->corpus = corpus;
    if (glove_dir)
        snprintf(e->glove_dir, sizeof e->glove_dir, "%s", glove_dir);
    e->texts = corpus_texts(corpus);
    size_t n = corpus->n ? corpus->n : 1;
    e->bm25_scores = malloc(n * sizeof *e->bm25_scores);
    e->dense_scores = malloc(n * sizeof *e->dense_scores);
    e->rank_a = calloc(n, sizeof *e->rank_a);
    e->rank_b = calloc(n, sizeof *e->rank_b);
    if (!e->texts || !e->bm25_scores || !e->dense_scores || !e->rank_a || !e->rank_b) {
        rag_engine_free(e);
        return rerror_set(err, "rag: out of memory");
    }
    double t0 = rag_now();
    if (bm25_build(e->texts, corpus->n, an, &e->bm25, err) != 0) {
        rag_engine_free(e);
        return -1;
    }
    e->bm25_seconds = rag_now() - t0;
    *out = e;
    return 0;
}

void rag_engine_free(RagEngine *e)
{
    if (!e)
        return;
    free(e->texts);
    bm25_free(e->bm25);
    lsa_free(e->lsa);
    dense_free(e->lsa_index);
    sif_free(e->sif);
    glove_free(e->glove);
    dense_free(e->sif_index);
    free(e->bm25_scores);
    free(e->dense_scores);
    free(e->rank_a);
    free(e->rank_b);
    free(e->qvec);
    free(e->list_a);
    free(e->list_b);
    free(e->fused);
    free(e);
}

static int grow_qvec(RagEngine *e, size_t dim, RError *err)
{
    float *q = realloc(e->qvec, (dim ? dim : 1) * sizeof *q);
    if (!q)
        return rerror_set(err, "rag: out of memory");
    e->qvec = q;
    return 0;
}

int rag_engine_prepare(RagEngine *e, RagMethod m, size_t lsa_rank, RError *err)
{
    if (m == RAG_LSA && (!e->lsa || e->lsa_rank != lsa_rank)) {
        lsa_free(e->lsa);
        dense_free(e->lsa_index);
        e->lsa = NULL;
        e->lsa_index = NULL;
        double t0 = rag_now();
        LsaParams p;
        lsa_params_default(&p);
        p.rank = lsa_rank;
        p.analyzer = e->bm25->analyzer;
        e->lsa = lsa_build(e->texts, e->corpus->n, &p, err);
        if (!e->lsa)
            return -1;
        e->lsa_rank = lsa_rank;
        e->lsa_index = dense_new(e->lsa->rank, err);
        if (!e->lsa_index || dense_add(e->lsa_index, e->lsa->docvecs, e->lsa->ndocs, err) != 0)
            return -1;
        e->lsa_seconds = rag_now() - t0;
        return grow_qvec(e, e->lsa->rank > 512 ? e->lsa->rank : 512, err);
    }
    if (m == RAG_GLOVE && !e->sif) {
        if (!e->glove_dir[0])
            return rerror_set(err, "glove: no vectors folder (content/glove)");
        double t0 = rag_now();
        if (!e->glove) {
            e->glove = glove_load(e->glove_dir, err);
            if (!e->glove)
                return -1;
        }
        SifParams p;
        sif_params_default(&p);
        e->sif = sif_build(e->glove, e->texts, e->corpus->n, &p, err);
        if (!e->sif)
            return -1;
        e->sif_index = dense_new(e->sif->dim, err);
        if (!e->sif_index || dense_add(e->sif_index, e->sif->docvecs, e->sif->ndocs, err) != 0)
            return -1;
        e->sif_seconds = rag_now() - t0;
        return grow_qvec(e, e->sif->dim > 512 ? e->sif->dim : 512, err);
    }
    return 0;
}

static int ensure_lists(RagEngine *e, size_t depth, RError *err)
{
    if (depth <= e->list_cap)
        return 0;
    RagHit *a = realloc(e->list_a, depth * sizeof *a);
    if (a)
        e->list_a = a;
    RagHit *b = realloc(e->list_b, depth * sizeof *b);
    if (b)
        e->list_b = b;
    RagHit *f = realloc(e->fused, depth * sizeof *f);
    if (f)
        e->fused = f;
    if (!a || !b || !f)
        return rerror_set(err, "rag: out of memory");
    e->list_cap = depth;
    return 0;
}

/* The dense query text: the words of scoring and exact terms (NOT terms left out). */
static void dense_text(const RagPipeline *p, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->nterms && used + 2 < size; i++) {
        if (p->terms[i].kind == RAG_TERM_NOT)
            continue;
        int w = snprintf(buf + used, size - used, "%s%s", used ? " " : "", p->terms[i].surface);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
}

/* Scores every document with the dense model into e->dense_scores. */
static int dense_run(RagEngine *e, RagMethod m, const char *text, RError *err)
{
    if (m == RAG_LSA) {
        if (lsa_query(e->lsa, text, strlen(text), e->qvec, NULL, err) < 0)
            return -1;
        dense_scores(e->lsa_index, e->qvec, e->dense_scores);
    } else {
        sif_embed(e->sif, text, strlen(text), e->qvec);
        dense_scores(e->sif_index, e->qvec, e->dense_scores);
    }
    return 0;
}

/* Marks each listed document's rank in ranks (or clears the marks with clear). */
static void mark_ranks(int32_t *ranks, const RagHit *list, size_t n, bool clear)
{
    for (size_t i = 0; i < n; i++)
        ranks[list[i].doc] = clear ? 0 : (int32_t)i + 1;
}

int rag_engine_search(RagEngine *e, const RagSettings *s, const char *query, RagResult *out,
                      size_t *nout, RagPipeline *p, RError *err)
{
    *nout = 0;
    RagPipeline local;
    if (!p)
        p = &local;
    size_t depth = s->depth > s->k ? s->depth : s->k;
    if (depth == 0)
        return 0;
    if (ensure_lists(e, depth, err) != 0)
        return -1;
    bm25_set_params(e->bm25, s->k1, s->b);
    RagMethod dm = s->method == RAG_HYBRID ? s->dense : s->method;
    bool want_dense = s->method != RAG_BM25;
    if (want_dense && rag_engine_prepare(e, dm, s->lsa_rank, err) != 0)
        return -1;
    size_t na = 0, nb = 0;
    if (rag_query_bm25(e->bm25, e->corpus, query, s->plain, depth, e->list_a, &na,
                       e->bm25_scores, p, err) != 0)
        return -1;
    const RagHit *final = e->list_a;
    size_t nfinal = na;
    bool dense_done = false;
    if (want_dense) {
        double t0 = rag_now();
        char text[4096];
        dense_text(p, text, sizeof text);
        if (dense_run(e, dm, text, err) != 0)
            return -1;
        /* The ' and ! filters hold for the dense list too: a document holding every exact
         * word matched it, so it has a BM25 score; ! terms exclude through their postings. */
        bool has_exact = false;
        for (size_t i = 0; i < p->nterms; i++) {
            const RagQueryTerm *t = &p->terms[i];
            if (t->kind == RAG_TERM_EXACT)
                has_exact = true;
            if (t->kind == RAG_TERM_NOT && t->id >= 0)
                for (size_t j = e->bm25->post_start[t->id]; j < e->bm25->post_start[t->id + 1]; j++)
                    e->dense_scores[e->bm25->postings[j].doc] = NAN;
        }
        if (has_exact)
            for (size_t d = 0; d < e->corpus->n; d++)
                if (isnan(e->bm25_scores[d]))
                    e->dense_scores[d] = NAN;
        /* A query with no words the dense side knows (empty, or only !filters, or every word
         * out of vocabulary) scores every document 0: no signal, so no dense list. */
        bool signal = false;
        for (size_t d = 0; d < e->corpus->n && !signal; d++)
            signal = e->dense_scores[d] > 0.0f;
        nb = text[0] && signal ? rag_topk(e->dense_scores, e->corpus->n, depth, e->list_b) : 0;
        p->t_dense = rag_now() - t0;
        dense_done = true;
        final = e->list_b;
        nfinal = nb;
    }
    if (s->method == RAG_HYBRID) {
        double t0 = rag_now();
        FusionList lists[2] = {{e->list_a, na, (float)(1.0 - s->weight)},
                               {e->list_b, nb, (float)s->weight}};
        size_t nf = 0;
        int rc = s->fusion == RAG_FUSE_RRF
                     ? fusion_rrf(lists, 2, FUSION_RRF_K, e->fused, depth, &nf, err)
                     : fusion_blend(lists, 2, FUSION_NORM_MINMAX, e->fused, depth, &nf, err);
        if (rc != 0)
            return -1;
        p->t_fuse = rag_now() - t0;
        final = e->fused;
        nfinal = nf;
    }
    size_t k = nfinal < s->k ? nfinal : s->k;
    mark_ranks(e->rank_a, e->list_a, na, false);
    mark_ranks(e->rank_b, e->list_b, nb, false);
    for (size_t i = 0; i < k; i++) {
        RagResult *r = &out[i];
        r->doc = final[i].doc;
        r->score = final[i].score;
        r->rank = (int)i + 1;
        r->score_bm25 = e->bm25_scores[r->doc];
        r->rank_bm25 = e->rank_a[r->doc];
        r->cos_dense = dense_done ? e->dense_scores[r->doc] : NAN;
        r->rank_dense = dense_done ? e->rank_b[r->doc] : 0;
    }
    mark_ranks(e->rank_a, e->list_a, na, true);
    mark_ranks(e->rank_b, e->list_b, nb, true);
    *nout = k;
    return 0;
}
