/* Flat inner-product index: float vectors in one row-major matrix, scored with OpenBLAS
 * (sgemv for one query, sgemm for a batch) and cut to the top k by heap. */
#ifndef RAMPUP_ENGINE_RAG_DENSE_H
#define RAMPUP_ENGINE_RAG_DENSE_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/rag/hit.h"

typedef struct DenseIndex {
    float *vecs; /* owned: n × dim, row-major; row i is document i */
    size_t n;
    size_t dim;
    size_t cap; /* rows allocated */
} DenseIndex;

/* Queries scored per sgemm call in dense_search_batch (bounds its scratch to
 * DENSE_BATCH_BLOCK × n floats). */
#define DENSE_BATCH_BLOCK 256

DenseIndex *dense_new(size_t dim, RError *err);
void dense_free(DenseIndex *idx);

/* Appends n vectors (n × dim, row-major), copied. Ids continue from the current size. */
int dense_add(DenseIndex *idx, const float *vecs, size_t n, RError *err);

/* Scales each of the n rows of v (n × dim) to unit L2 norm; all-zero rows stay zero.
 * With normalized rows the inner product is the cosine. */
void dense_normalize(float *v, size_t n, size_t dim);

/* scores[i] = <row i, q> for every row (one sgemv). scores has idx->n entries. */
void dense_scores(const DenseIndex *idx, const float *q, float *scores);

/* The k best rows for one query, best first, into out (room for k); *nout = min(k, n). */
int dense_search(const DenseIndex *idx, const float *q, size_t k, RagHit *out, size_t *nout,
                 RError *err);

/* The k best rows for each of nq queries (Q is nq × dim, row-major), scored DENSE_BATCH_BLOCK
 * queries per sgemm. out has room for nq × k hits: query j's hits start at out + j*k, and
 * nout[j] says how many there are. */
int dense_search_batch(const DenseIndex *idx, const float *Q, size_t nq, size_t k, RagHit *out,
                       size_t *nout, RError *err);

#endif
