/* RagHit: one (document id, score) pair of a ranked list, and top-k selection by heap. */
#ifndef RAMPUP_ENGINE_RAG_HIT_H
#define RAMPUP_ENGINE_RAG_HIT_H

#include <stddef.h>
#include <stdint.h>

typedef struct RagHit {
    uint32_t doc; /* index of the document (or chunk) in the indexed corpus */
    float score;  /* higher is better */
} RagHit;

/* Orders hits best first: score descending, then doc id ascending (so ties are stable). */
int rag_hit_cmp(const void *a, const void *b);

/* Writes the k best of scores[0..n) into out (best first, ties by lower id) and returns how
 * many were written (min(k, n)). A binary min-heap of size k: O(n log k). Entries whose score
 * is NaN are skipped. */
size_t rag_topk(const float *scores, size_t n, size_t k, RagHit *out);

#endif
