#include "engine/rag/dense.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

DenseIndex *dense_new(size_t dim, RError *err)
{
    if (dim == 0) {
        rerror_set(err, "dense index: dimension must be > 0");
        return NULL;
    }
    DenseIndex *idx = calloc(1, sizeof *idx);
    if (!idx) {
        rerror_set(err, "dense index: out of memory");
        return NULL;
    }
    idx->dim = dim;
    return idx;
}

void dense_free(DenseIndex *idx)
{
    if (!idx) return;
    free(idx->vecs);
    free(idx);
}

int dense_add(DenseIndex *idx, const float *vecs, size_t n, RError *err)
{
    if (n == 0) return 0;
    if (idx->n + n > idx->cap) {
        size_t cap = idx->cap ? idx->cap : 64;
        while (cap < idx->n + n) cap *= 2;
        float *v = realloc(idx->vecs, cap * idx->dim * sizeof *v);
        if (!v) return rerror_set(err, "dense index: out of memory for %zu rows", cap);
        idx->vecs = v;
        idx->cap = cap;
    }
    memcpy(idx->vecs + idx->n * idx->dim, vecs, n * idx->dim * sizeof *vecs);
    idx->n += n;
    return 0;
}

void dense_normalize(float *v, size_t n, size_t dim)
{
    for (size_t i = 0; i < n; i++) {
        float *row = v + i * dim;
        float norm = cblas_snrm2((int)dim, row, 1);
        if (norm > 0.0f) cblas_sscal((int)dim, 1.0f / norm, row, 1);
    }
}

void dense_scores(const DenseIndex *idx, const float *q, float *scores)
{
    if (idx->n == 0) return;
    cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)idx->n, (int)idx->dim, 1.0f, idx->vecs,
                (int)idx->dim, q, 1, 0.0f, scores, 1);
}

int dense_search(const DenseIndex *idx, const float *q, size_t k, RagHit *out, size_t *nout,
                 RError *err)
{
    *nout = 0;
    if (idx->n == 0 || k == 0) return 0;
    float *scores = malloc(idx->n * sizeof *scores);
    if (!scores) return rerror_set(err, "dense search: out of memory");
    dense_scores(idx, q, scores);
    *nout = rag_topk(scores, idx->n, k, out);
    free(scores);
    return 0;
}

int dense_search_batch(const DenseIndex *idx, const float *Q, size_t nq, size_t k, RagHit *out,
                       size_t *nout, RError *err)
{
    for (size_t j = 0; j < nq; j++) nout[j] = 0;
    if (idx->n == 0 || k == 0 || nq == 0) return 0;
    size_t block = nq < DENSE_BATCH_BLOCK ? nq : DENSE_BATCH_BLOCK;
    float *S = malloc(block * idx->n * sizeof *S);
    if (!S) return rerror_set(err, "dense batch search: out of memory");
    for (size_t j0 = 0; j0 < nq; j0 += block) {
        size_t b = nq - j0 < block ? nq - j0 : block;
        /* S (b × n) = Q[j0..j0+b) (b × dim) · vecsᵀ (dim × n) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)b, (int)idx->n,
                    (int)idx->dim, 1.0f, Q + j0 * idx->dim, (int)idx->dim, idx->vecs,
                    (int)idx->dim, 0.0f, S, (int)idx->n);
        for (size_t j = 0; j < b; j++)
            nout[j0 + j] = rag_topk(S + j * idx->n, idx->n, k, out + (j0 + j) * k);
    }
    free(S);
    return 0;
}
