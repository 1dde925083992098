/* Fusion of ranked lists: reciprocal rank fusion and a weighted blend of normalized scores. */
#ifndef RAMPUP_ENGINE_RAG_FUSION_H
#define RAMPUP_ENGINE_RAG_FUSION_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/rag/hit.h"

/* RRF's constant: score(d) = Σ_lists w / (k + rank(d)), rank 1-based. k = 60 is the value
 * Cormack, Clarke & Büttcher (SIGIR 2009, "Reciprocal Rank Fusion outperforms Condorcet and
 * individual Rank Learning Methods", §2) fixed after a pilot run and used throughout. */
#define FUSION_RRF_K 60.0

typedef enum FusionNorm {
    FUSION_NORM_MINMAX, /* (s - min) / (max - min) over the list; 1 when all equal */
    FUSION_NORM_ZSCORE  /* (s - mean) / stddev over the list; 0 when all equal */
} FusionNorm;

/* One ranked list as a fusion input: hits best first (the order is the rank; scores are only
 * read by the blend). */
typedef struct FusionList {
    const RagHit *hits; /* borrowed */
    size_t n;
    float weight; /* contribution weight; RRF and blend both multiply by it */
} FusionList;

/* Reciprocal rank fusion of nlists lists: fused(d) = Σ_i w_i / (k + rank_i(d)), over the lists
 * that contain d (a doc repeated within one list counts at its best rank). Writes at most cap
 * fused hits, best first (ties by lower doc id), to out; *nout is how many. k <= 0 means
 * FUSION_RRF_K. */
int fusion_rrf(const FusionList *lists, size_t nlists, double k, RagHit *out, size_t cap,
               size_t *nout, RError *err);

/* Weighted blend: fused(d) = Σ_i w_i · norm_i(score_i(d)), where norm_i normalizes list i's
 * scores (min-max or z-score over the hits it holds) and a doc absent from list i gets that
 * list's normalized minimum (0 for min-max). Writes at most cap hits, best first, to out. */
int fusion_blend(const FusionList *lists, size_t nlists, FusionNorm norm, RagHit *out,
                 size_t cap, size_t *nout, RError *err);

#endif
