/* RagEngine: one corpus searched four ways — BM25, LSA, GloVe SIF, and a hybrid that fuses
 * BM25 with a dense ranker — with everything a learner needs to see why a result ranked. */
#ifndef RAMPUP_ENGINE_RAG_RETRIEVER_H
#define RAMPUP_ENGINE_RAG_RETRIEVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/rag/bm25.h"
#include "engine/rag/corpus.h"
#include "engine/rag/dense.h"
#include "engine/rag/glove.h"
#include "engine/rag/lsa.h"
#include "engine/rag/query.h"
#include "engine/rag/sif.h"

typedef enum RagMethod { RAG_BM25, RAG_LSA, RAG_GLOVE, RAG_HYBRID, RAG_METHOD_COUNT } RagMethod;
typedef enum RagFusion { RAG_FUSE_RRF, RAG_FUSE_BLEND } RagFusion;

const char *rag_method_name(RagMethod m);
/* Parses "bm25", "lsa", "glove", "hybrid"; -1 when unknown. */
int rag_method_parse(const char *s);

typedef struct RagSettings {
    RagMethod method;
    double k1, b;         /* BM25 */
    size_t k;             /* results wanted */
    RagMethod dense;      /* the dense half of the hybrid: RAG_LSA or RAG_GLOVE */
    RagFusion fusion;
    double weight;        /* dense list's weight in the fusion (BM25 gets 1 - weight) */
    size_t depth;         /* list depth fused (>= k) */
    bool plain;           /* no query syntax (benchmark queries) */
    size_t lsa_rank;
} RagSettings;

/* Chosen on SciFact train (809 queries, README "RAG"): method hybrid = BM25 (k1 0.9, b 0.4,
 * Lucene's defaults) + LSA rank 512 by a min-max score blend with dense weight 0.1 (nDCG@10
 * 0.7015 vs BM25 alone 0.6962, paired t = 2.9; RRF at any weight >= 0.1 was worse than BM25
 * alone); k 10; fused list depth 100. */
RagSettings rag_settings_default(void);

typedef struct RagResult {
    uint32_t doc;
    float score;       /* the method's score (fused score for the hybrid) */
    int rank;          /* 1-based */
    int rank_bm25;     /* rank in the BM25 list (0: not in it) */
    float score_bm25;  /* NaN when no query term matched */
    int rank_dense;    /* rank in the dense list (0: not computed or not in it) */
    float cos_dense;   /* cosine with the query (NaN when not computed) */
} RagResult;

typedef struct RagEngine {
    const RagCorpus *corpus; /* borrowed */
    const char **texts;      /* owned array; strings borrowed from corpus */
    Bm25Index *bm25;         /* owned */
    LsaModel *lsa;           /* owned; built on first use */
    size_t lsa_rank;         /* rank lsa was built with */
    DenseIndex *lsa_index;   /* owned */
    GloveTable *glove;       /* owned; loaded on first use */
    SifModel *sif;           /* owned */
    DenseIndex *sif_index;   /* owned */
    char glove_dir[1024];
    float *bm25_scores;      /* owned scratch: ndocs */
    float *dense_scores;     /* owned scratch: ndocs */
    float *qvec;             /* owned scratch: max dense dim */
    RagHit *list_a, *list_b, *fused; /* owned scratch: depth each */
    int32_t *rank_a, *rank_b; /* owned scratch: ndocs each, 0 = not in the list */
    size_t list_cap;
    double bm25_seconds, lsa_seconds, sif_seconds; /* build times */
} RagEngine;

/* Builds the BM25 index over corpus (which must outlive the engine). glove_dir: where
 * GloVe's vectors are (content/glove), NULL if unavailable. an NULL: analyzer_default(). */
int rag_engine_new(const RagCorpus *corpus, const AnalyzerOptions *an, const char *glove_dir,
                   RagEngine **out, RError *err);
void rag_engine_free(RagEngine *e);

/* Builds what a method needs (LSA at the given rank, GloVe + SIF) if not built yet. */
int rag_engine_prepare(RagEngine *e, RagMethod m, size_t lsa_rank, RError *err);

/* Searches; out has room for s->k results; *nout is how many. p (may be NULL) gets the
 * query trace. */
int rag_engine_search(RagEngine *e, const RagSettings *s, const char *query, RagResult *out,
                      size_t *nout, RagPipeline *p, RError *err);

#endif
