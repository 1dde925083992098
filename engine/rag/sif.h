/* SIF sentence embeddings (Arora, Liang & Ma, "A Simple but Tough-to-Beat Baseline for
 * Sentence Embeddings", ICLR 2017): a weighted mean of word vectors, weight a / (a + p(w)),
 * minus the projection on the first principal component of the corpus's embeddings. */
#ifndef RAMPUP_ENGINE_RAG_SIF_H
#define RAMPUP_ENGINE_RAG_SIF_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"
#include "engine/rag/glove.h"
#include "engine/text/analyze.h"

/* The paper's weight parameter: a in 1e-4..1e-3 works best (§4.1, Fig. 1(b)); 1e-3 is the
 * value of its released code for GloVe vectors. */
#define SIF_DEFAULT_A 1e-3

/* Vocabulary size of GloVe 6B (Pennington, Socher & Manning, EMNLP 2014, §4.2: 400,000
 * most frequent words), the N of the Zipf estimate below. */
#define SIF_GLOVE_VOCAB 400000

typedef enum SifProb {
    SIF_PROB_CORPUS, /* p(w) = count of w in the indexed corpus / tokens in the corpus */
    SIF_PROB_ZIPF    /* p(w) = 1 / (rank(w) · H_N) from GloVe's frequency order, N = 400k */
} SifProb;

typedef struct SifParams {
    double a;                 /* weight parameter (SIF_DEFAULT_A) */
    SifProb prob;             /* where p(w) comes from */
    bool remove_pc;           /* subtract the first principal component */
    AnalyzerOptions analyzer; /* tokens to look up (unstemmed: GloVe holds surface words) */
} SifParams;

/* a = 1e-3, p(w) from the corpus, PC removed, analyzer: no stopwords, no stemming. */
void sif_params_default(SifParams *p);

typedef struct SifModel {
    const GloveTable *glove; /* borrowed: must outlive the model */
    SifParams params;
    size_t dim, ndocs;
    float *weight;   /* owned: per GloVe row, a / (a + p(w)) */
    float *pc;       /* owned: dim, the unit first principal component (zeros if not removed) */
    float *docvecs;  /* owned: ndocs × dim, L2-normalized */
    size_t tokens;   /* corpus tokens analyzed */
    size_t covered;  /* of which found in the GloVe vocabulary */
} SifModel;

SifModel *sif_build(const GloveTable *g, const char *const *texts, size_t n, const SifParams *p,
                    RError *err);
void sif_free(SifModel *m);

/* The weighted mean (1/|s|) Σ a/(a+p(w)) v_w of text's words found in GloVe, before PC
 * removal and normalization, into out (dim). Returns the number of words found. */
size_t sif_pool(const SifModel *m, const char *text, size_t len, float *out);

/* The full embedding: pool, remove the PC projection, L2-normalize (all zeros when no word is
 * found). Returns the number of words found. */
size_t sif_embed(const SifModel *m, const char *text, size_t len, float *out);

#endif
