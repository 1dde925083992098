/* Tests for LSA: the truncated SVD against LAPACK's sgesdd (Deerwester et al.'s 12 × 9
 * example and a matrix with a known decaying spectrum), the TF-IDF weights by hand, query
 * fold-in, the pipeline on the nine titles of Deerwester et al. 1990, and nDCG@10 on SciFact
 * train (skipped without ../shared/data/scifact). */
#include <criterion/criterion.h>

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/beir.h"
#include "engine/rag/dense.h"
#include "engine/rag/lsa.h"

/* Deerwester, Dumais, Furnas, Landauer & Harshman, "Indexing by Latent Semantic Analysis",
 * JASIS 41(6), 1990, the worked example: 12 terms × 9 titles (c1-c5 human-computer
 * interaction, m1-m4 graph theory), raw counts. */
static const float DEERWESTER[12 * 9] = {
    1, 0, 0, 1, 0, 0, 0, 0, 0, /* human */
    1, 0, 1, 0, 0, 0, 0, 0, 0, /* interface */
    1, 1, 0, 0, 0, 0, 0, 0, 0, /* computer */
    0, 1, 1, 0, 1, 0, 0, 0, 0, /* user */
    0, 1, 1, 2, 0, 0, 0, 0, 0, /* system */
    0, 1, 0, 0, 1, 0, 0, 0, 0, /* response */
    0, 1, 0, 0, 1, 0, 0, 0, 0, /* time */
    0, 0, 1, 1, 0, 0, 0, 0, 0, /* EPS */
    0, 1, 0, 0, 0, 0, 0, 0, 1, /* survey */
    0, 0, 0, 0, 0, 1, 1, 1, 0, /* trees */
    0, 0, 0, 0, 0, 0, 1, 1, 1, /* graph */
    0, 0, 0, 0, 0, 0, 0, 1, 1, /* minors */
};

/* Its singular values as the paper prints them (Deerwester et al. 1990, Appendix, S0). */
static const double DEERWESTER_SIGMA[9] = { 3.34, 2.54, 2.35, 1.64, 1.50, 1.31, 0.85, 0.56, 0.36 };

static void lapack_sigma(const float *dense, size_t m, size_t n, float *s)
{
    float *a = malloc(sizeof(float) * m * n);
    memcpy(a, dense, sizeof(float) * m * n);
    size_t mn = m < n ? m : n;
    float *u = malloc(sizeof(float) * m * mn), *vt = malloc(sizeof(float) * mn * n);
    cr_assert_eq(LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 'S', (int)m, (int)n, a, (int)n, s, u, (int)mn,
                                vt, (int)n),
                 0);
    free(a);
    free(u);
    free(vt);
}

Test(lsa, deerwester_singular_values)
{
    SparseMatrix A;
    RError err;
    cr_assert_eq(sparse_from_dense(DEERWESTER, 12, 9, &A, &err), 0);
    cr_assert_eq(A.nnz, 28);
    float ref[9];
    lapack_sigma(DEERWESTER, 12, 9, ref);
    LsaSvdOptions opt[2] = { { LSA_SVD_EXACT, 0, 0, 1 }, { LSA_SVD_RANDOMIZED, 0, 2, 1 } };
    for (int o = 0; o < 2; o++) {
        float U[12 * 9], s[9];
        LsaSvd used;
        cr_assert_eq(lsa_svd(&A, 9, &opt[o], U, s, &used, &err), 0, "%s", err.msg);
        cr_assert_eq(used, opt[o].method);
        for (int i = 0; i < 9; i++) {
            cr_assert_float_eq(s[i], ref[i], 1e-4, "method %d sigma %d: %f vs %f", o, i, s[i],
                               ref[i]);
            cr_assert_float_eq(s[i], DEERWESTER_SIGMA[i], 0.006, "sigma %d = %f", i, s[i]);
        }
        /* U has orthonormal columns */
        for (int a = 0; a < 9; a++)
            for (int b = 0; b < 9; b++) {
                double d = 0;
                for (int r = 0; r < 12; r++) d += (double)U[r * 9 + a] * U[r * 9 + b];
                cr_assert_float_eq(d, a == b ? 1.0 : 0.0, 1e-4);
            }
    }
    sparse_clear(&A);
}

static float grand(unsigned *s)
{
    double u = 0;
    for (int i = 0; i < 12; i++) { /* Irwin-Hall: sum of 12 uniforms - 6 is ~N(0,1) */
        *s = *s * 1103515245u + 12345u;
        u += ((*s >> 8) & 0xffff) / 65536.0;
    }
    return (float)(u - 6.0);
}

Test(lsa, randomized_matches_sgesdd_on_decaying_spectrum)
{
    /* A = Σ_i 0.7^i x_i y_iᵀ (i < 40), 120 × 200, then sparsified by dropping small entries */
    enum { M = 120, N = 200, R = 40, K = 10 };
    float *dense = calloc(M * N, sizeof(float));
    unsigned seed = 11;
    float x[M], y[N];
    for (int i = 0; i < R; i++) {
        for (int r = 0; r < M; r++) x[r] = grand(&seed);
        for (int c = 0; c < N; c++) y[c] = grand(&seed);
        float w = powf(0.7f, (float)i);
        for (int r = 0; r < M; r++)
            for (int c = 0; c < N; c++) dense[r * N + c] += w * x[r] * y[c];
    }
    for (int i = 0; i < M * N; i++)
        if (fabsf(dense[i]) < 0.3f) dense[i] = 0.0f;
    SparseMatrix A;
    RError err;
    cr_assert_eq(sparse_from_dense(dense, M, N, &A, &err), 0);
    cr_assert_lt(A.nnz, (size_t)M * N);
    float ref[M];
    float *Uref = malloc(sizeof(float) * M * M), *vt = malloc(sizeof(float) * M * N);
    float *a = malloc(sizeof(float) * M * N);
    memcpy(a, dense, sizeof(float) * M * N);
    cr_assert_eq(LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 'S', M, N, a, N, ref, Uref, M, vt, N), 0);
    /* Halko et al. 2011 §1.5: with oversampling p and q power iterations the error is close
     * to sigma_{k+1}; with p = 10, q = 3 the top singular values agree to ~1e-3 relative. */
    LsaSvdOptions opt = { LSA_SVD_RANDOMIZED, 10, 3, 42 };
    float U[M * K], s[K];
    cr_assert_eq(lsa_svd(&A, K, &opt, U, s, NULL, &err), 0, "%s", err.msg);
    for (int i = 0; i < K; i++) {
        cr_assert_float_eq(s[i], ref[i], 2e-3 * ref[0], "sigma %d: %f vs %f", i, s[i], ref[i]);
        if (i < 5) { /* leading singular vectors agree up to sign */
            double d = 0;
            for (int r = 0; r < M; r++) d += (double)U[r * K + i] * Uref[r * M + i];
            cr_assert_gt(fabs(d), 0.99, "u_%d overlap %f", i, d);
        }
    }
    /* without power iterations and oversampling the tail is visibly worse: the case for q */
    LsaSvdOptions crude = { LSA_SVD_RANDOMIZED, 0, 0, 42 };
    cr_assert_eq(lsa_svd(&A, K, &crude, U, s, NULL, &err), 0);
    cr_assert_lt(s[K - 1], ref[K - 1] * 0.999f);
    cr_assert_eq(lsa_svd(&A, 0, &opt, U, s, NULL, &err), -1);
    free(dense);
    free(Uref);
    free(vt);
    free(a);
    sparse_clear(&A);
}

static const char *const TITLES[9] = {
    "Human machine interface for ABC computer applications",
    "A survey of user opinion of computer system response time",
    "The EPS user interface management system",
    "System and human system engineering testing of EPS",
    "Relation of user perceived response time to error measurement",
    "The generation of random, binary, ordered trees",
    "The intersection graph of paths in trees",
    "Graph minors IV: Widths of trees and well-quasi-ordering",
    "Graph minors: A survey",
};

Test(lsa, tfidf_weights_by_hand)
{
    /* two docs: "apple apple pie", "pie crust"; no stopwords, no stemming, raw tf.
     * idf = ln((1+2)/(1+df)) + 1: apple, crust 1 + ln 1.5; pie 1 (in both docs). */
    const char *docs[2] = { "apple apple pie", "pie crust" };
    LsaParams p;
    lsa_params_default(&p);
    p.analyzer.stop = STOP_NONE;
    p.analyzer.stem = false;
    p.sublinear_tf = false;
    p.rank = 2;
    RError err;
    LsaModel *m = lsa_build(docs, 2, &p, &err);
    cr_assert_not_null(m, "%s", err.msg);
    cr_assert_eq(m->vocab.n, 3);
    cr_assert_eq(m->used, LSA_SVD_EXACT);
    double ia = 1 + log(1.5);
    /* doc 0 = (2 ia, 1) / |.|; query "apple": cosine = 2 ia / sqrt(4 ia² + 1) */
    float q[2], tf[2];
    cr_assert_eq(lsa_query(m, "apple", 5, q, tf, &err), 1);
    cr_assert_float_eq(tf[0], 2 * ia / sqrt(4 * ia * ia + 1), 1e-6);
    cr_assert_float_eq(tf[1], 0.0, 1e-9);
    /* Rank 2 spans both documents, so inner products with documents are exact: the
     * projection only drops the part of q outside the documents' span (then q̂ is rescaled),
     * so doc 1 still scores 0 and a query equal to doc 0 scores cosine 1. */
    double c0 = q[0] * m->docvecs[0] + q[1] * m->docvecs[1];
    double c1 = q[0] * m->docvecs[2] + q[1] * m->docvecs[3];
    cr_assert_gt(c0, tf[0]); /* |Vᵀq| < 1 for q outside the span, and q̂ is renormalized */
    cr_assert_float_eq(c1, 0.0, 1e-5);
    cr_assert_eq(lsa_query(m, docs[0], strlen(docs[0]), q, tf, &err), 2);
    cr_assert_float_eq(tf[0], 1.0, 1e-6);
    cr_assert_float_eq(q[0] * m->docvecs[0] + q[1] * m->docvecs[1], 1.0, 1e-5);
    /* unknown words: zero vector, 0 terms */
    cr_assert_eq(lsa_query(m, "zebra", 5, q, tf, &err), 0);
    cr_assert_float_eq(q[0], 0.0, 1e-9);
    lsa_free(m);
    lsa_free(NULL);
}

Test(lsa, deerwester_titles_rank2_separates_topics)
{
    /* Deerwester et al. 1990, the two-dimensional plot of the example: the query "human computer
     * interaction" lies with the five HCI titles, above all four graph-theory titles — c3 and
     * c5 included, though they share no word with the query. */
    LsaParams p;
    lsa_params_default(&p);
    p.rank = 2;
    RError err;
    LsaModel *m = lsa_build(TITLES, 9, &p, &err);
    cr_assert_not_null(m, "%s", err.msg);
    cr_assert_eq(m->rank, 2);
    float q[2], tf[9];
    const char *query = "human computer interaction";
    cr_assert_eq(lsa_query(m, query, strlen(query), q, tf, &err), 2); /* "interaction": OOV */
    double cos[9];
    for (int d = 0; d < 9; d++) cos[d] = q[0] * m->docvecs[d * 2] + q[1] * m->docvecs[d * 2 + 1];
    double worst_c = 1, best_m = -1;
    for (int d = 0; d < 5; d++) worst_c = fmin(worst_c, cos[d]);
    for (int d = 5; d < 9; d++) best_m = fmax(best_m, cos[d]);
    cr_assert_gt(worst_c, best_m, "worst HCI %f, best graph %f", worst_c, best_m);
    /* TF-IDF alone gives c3 and c5 a score of 0 */
    cr_assert_float_eq(tf[4], 0.0, 1e-9);
    cr_assert_gt(cos[4], 0.5);
    lsa_free(m);
}

Test(lsa, exact_and_randomized_agree_on_full_rank)
{
    LsaParams p;
    lsa_params_default(&p);
    p.rank = 9;
    p.svd.method = LSA_SVD_EXACT;
    RError err;
    LsaModel *e = lsa_build(TITLES, 9, &p, &err);
    p.svd.method = LSA_SVD_RANDOMIZED;
    LsaModel *r = lsa_build(TITLES, 9, &p, &err);
    cr_assert_not_null(e);
    cr_assert_not_null(r);
    cr_assert_eq(r->used, LSA_SVD_RANDOMIZED);
    for (size_t i = 0; i < e->rank; i++) cr_assert_float_eq(e->sigma[i], r->sigma[i], 1e-4);
    /* at full rank cosines equal TF-IDF cosines, whichever SVD ran */
    float q[9], tf[9];
    const char *query = "graph minors survey";
    lsa_query(r, query, strlen(query), q, tf, &err);
    for (int d = 0; d < 9; d++) {
        double c = 0;
        for (size_t j = 0; j < r->rank; j++) c += q[j] * r->docvecs[d * r->rank + j];
        cr_assert_float_eq(c, tf[d] / 1.0, 2e-4, "doc %d: %f vs %f", d, c, tf[d]);
    }
    lsa_free(e);
    lsa_free(r);
}

Test(lsa, bad_input)
{
    LsaParams p;
    lsa_params_default(&p);
    RError err;
    cr_assert_null(lsa_build(TITLES, 0, &p, &err));
    p.rank = LSA_MAX_RANK + 1;
    cr_assert_null(lsa_build(TITLES, 9, &p, &err));
    p.rank = 4;
    const char *empty[2] = { "", NULL };
    cr_assert_null(lsa_build(empty, 2, &p, &err));
    cr_assert(strstr(err.msg, "no indexable terms"));
}

/* ---- SciFact (needs ../shared/data/scifact) ------------------------------------------- */

typedef struct LsaRank {
    const LsaModel *m;
    const DenseIndex *idx;
    float *q;
} LsaRank;

static int lsa_rank_fn(void *ctx, const char *query, size_t k, RagHit *out, size_t *nout,
                       RError *err)
{
    LsaRank *r = ctx;
    if (lsa_query(r->m, query, strlen(query), r->q, NULL, err) < 0) return -1;
    return dense_search(r->idx, r->q, k, out, nout, err);
}

Test(lsa, scifact_train_quality, .timeout = 300)
{
    Beir *b = NULL;
    RError err;
    if (beir_load("../shared/data/scifact", "train", NULL, &b, &err) != 0)
        cr_skip_test("../shared/data/scifact absent (%s)", err.msg);
    const char **texts = corpus_texts(b->corpus);
    LsaParams p;
    lsa_params_default(&p);
    LsaModel *m = lsa_build(texts, b->corpus->n, &p, &err);
    cr_assert_not_null(m, "%s", err.msg);
    cr_assert_eq(m->rank, 512);
    cr_assert_eq(m->used, LSA_SVD_RANDOMIZED);
    DenseIndex *idx = dense_new(m->rank, &err);
    cr_assert_eq(dense_add(idx, m->docvecs, m->ndocs, &err), 0);
    LsaRank r = { m, idx, malloc(m->rank * sizeof(float)) };
    RagEval ev;
    cr_assert_eq(beir_evaluate(b, lsa_rank_fn, &r, 100, &ev, NULL, &err), 0, "%s", err.msg);
    /* The reference: LSA at rank 512 reaches about 0.56 nDCG@10 on SciFact test;
     * on train rampup measures 0.5766 (README). Far below would mean a broken SVD or
     * fold-in; far above, a leak of the BM25 path. */
    cr_assert_eq(ev.queries, 809);
    cr_assert_float_eq(ev.ndcg10, 0.5766, 0.02, "LSA 512 nDCG@10 = %.4f", ev.ndcg10);
    free(r.q);
    dense_free(idx);
    lsa_free(m);
    free(texts);
    beir_free(b);
}
