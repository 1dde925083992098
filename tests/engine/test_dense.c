/* Tests for the flat inner-product index and top-k selection: sgemv/sgemm results against
 * scalar loops, ordering and ties, batch = single. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include "engine/rag/dense.h"

Test(dense, topk_by_hand)
{
    const float s[] = { 0.1f, 0.9f, -1.0f, 0.9f, NAN, 0.5f };
    RagHit h[3];
    cr_assert_eq(rag_topk(s, 6, 3, h), 3);
    /* 0.9 twice: the lower id first */
    cr_assert_eq(h[0].doc, 1);
    cr_assert_eq(h[1].doc, 3);
    cr_assert_eq(h[2].doc, 5);
    cr_assert_eq(rag_topk(s, 6, 0, h), 0);
    RagHit all[6];
    cr_assert_eq(rag_topk(s, 6, 6, all), 5); /* the NaN is skipped */
    cr_assert_eq(all[4].doc, 2);
}

Test(dense, cosine_of_known_vectors)
{
    /* 3-4-5 triangle: cos((3,4),(4,3)) = 24/25 = 0.96; cos((3,4),(1,0)) = 0.6 */
    float v[] = { 4, 3, 1, 0, 0, -2 };
    float q[] = { 3, 4 };
    dense_normalize(v, 3, 2);
    dense_normalize(q, 1, 2);
    RError err;
    DenseIndex *idx = dense_new(2, &err);
    cr_assert_not_null(idx);
    cr_assert_eq(dense_add(idx, v, 3, &err), 0);
    RagHit h[3];
    size_t n = 0;
    cr_assert_eq(dense_search(idx, q, 3, h, &n, &err), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(h[0].doc, 0);
    cr_assert_float_eq(h[0].score, 0.96, 1e-6);
    cr_assert_eq(h[1].doc, 1);
    cr_assert_float_eq(h[1].score, 0.6, 1e-6);
    cr_assert_eq(h[2].doc, 2);
    cr_assert_float_eq(h[2].score, -0.8, 1e-6);
    dense_free(idx);
    dense_free(NULL);
}

static float frand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (float)((*s >> 8) & 0xffff) / 65536.0f - 0.5f;
}

Test(dense, matches_scalar_loop_and_batch)
{
    enum { N = 1000, D = 37, NQ = 300, K = 10 }; /* NQ > DENSE_BATCH_BLOCK: two sgemm blocks */
    unsigned seed = 7;
    float *v = malloc(sizeof(float) * N * D), *q = malloc(sizeof(float) * NQ * D);
    for (size_t i = 0; i < (size_t)N * D; i++) v[i] = frand(&seed);
    for (size_t i = 0; i < (size_t)NQ * D; i++) q[i] = frand(&seed);
    RError err;
    DenseIndex *idx = dense_new(D, &err);
    /* added in two parts to exercise growth */
    cr_assert_eq(dense_add(idx, v, 600, &err), 0);
    cr_assert_eq(dense_add(idx, v + 600 * D, N - 600, &err), 0);
    cr_assert_eq(idx->n, N);
    RagHit *batch = malloc(sizeof(RagHit) * NQ * K);
    size_t nout[NQ];
    cr_assert_eq(dense_search_batch(idx, q, NQ, K, batch, nout, &err), 0);
    float scores[N];
    for (size_t j = 0; j < NQ; j += 37) {
        RagHit h[K];
        size_t n = 0;
        cr_assert_eq(dense_search(idx, q + j * D, K, h, &n, &err), 0);
        cr_assert_eq(n, K);
        cr_assert_eq(nout[j], K);
        for (size_t d = 0; d < N; d++) {
            double s = 0;
            for (size_t c = 0; c < D; c++) s += (double)v[d * D + c] * q[j * D + c];
            scores[d] = (float)s;
        }
        RagHit ref[K];
        rag_topk(scores, N, K, ref);
        for (size_t r = 0; r < K; r++) {
            cr_assert_float_eq(h[r].score, ref[r].score, 1e-5);
            cr_assert_eq(batch[j * K + r].doc, h[r].doc);
            cr_assert_float_eq(batch[j * K + r].score, h[r].score, 1e-5);
        }
        for (size_t r = 1; r < K; r++) cr_assert_geq(h[r - 1].score, h[r].score);
    }
    free(v);
    free(q);
    free(batch);
    dense_free(idx);
}

Test(dense, empty_index_and_bad_dim)
{
    RError err;
    cr_assert_null(dense_new(0, &err));
    DenseIndex *idx = dense_new(4, &err);
    float q[4] = { 1, 0, 0, 0 };
    RagHit h[2];
    size_t n = 5;
    cr_assert_eq(dense_search(idx, q, 2, h, &n, &err), 0);
    cr_assert_eq(n, 0);
    dense_free(idx);
}
