/* LSA: TF-IDF document vectors reduced by a truncated SVD learned on the indexed corpus
 * (Deerwester et al. 1990); queries are folded in. Exact SVD by LAPACK's sgesdd for small
 * corpora, else a randomized SVD (Halko, Martinsson & Tropp 2011) on OpenBLAS sgemm/sgeqrf. */
#ifndef RAMPUP_ENGINE_RAG_LSA_H
#define RAMPUP_ENGINE_RAG_LSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/rag/strmap.h"
#include "engine/text/analyze.h"

/* Largest rank the model accepts (the limit). */
#define LSA_MAX_RANK 512

/* A sparse matrix in compressed sparse row form. */
typedef struct SparseMatrix {
    size_t rows, cols, nnz;
    size_t *rowptr; /* owned: rows + 1 entries */
    uint32_t *col;  /* owned: nnz column indices, ascending within a row */
    float *val;     /* owned: nnz values */
} SparseMatrix;

typedef enum LsaSvd {
    LSA_SVD_AUTO,       /* exact when rows × cols <= LSA_EXACT_MAX_CELLS, else randomized */
    LSA_SVD_EXACT,      /* LAPACKE_sgesdd on the dense matrix */
    LSA_SVD_RANDOMIZED, /* subspace iteration on A·Aᵀ from a Gaussian block (LU between
                           iterations, QR last), then an eigensolve of the small projected
                           matrix (LAPACKE_dsyevd) */
} LsaSvd;

#define LSA_EXACT_MAX_CELLS ((size_t)1 << 22) /* 4M floats = 16 MB dense */

typedef struct LsaSvdOptions {
    LsaSvd method;
    size_t oversample; /* extra columns beyond the rank (Halko et al. §4.2 suggest 5-10;
                          more helps the tail of a slowly decaying spectrum) */
    int power_iters;   /* subspace iterations q (Halko et al. §4.5: q = 1-3 for slow decay) */
    uint64_t seed;     /* for the Gaussian test matrix */
} LsaSvdOptions;

typedef struct LsaParams {
    size_t rank;              /* 1..LSA_MAX_RANK; clamped to min(docs, terms) */
    AnalyzerOptions analyzer; /* how texts become terms */
    int min_df;               /* drop terms found in fewer documents */
    bool sublinear_tf;        /* tf weight 1 + ln(tf) instead of tf */
    LsaSvdOptions svd;
} LsaParams;

/* rank 512, analyzer_default(), min_df 1, sublinear tf, AUTO with oversample 32, q = 2. */
void lsa_params_default(LsaParams *p);

typedef struct LsaModel {
    size_t ndocs, rank;
    StrMap vocab;      /* owned: term -> column (entry index = column) */
    float *idf;        /* owned: per term, ln((1 + N) / (1 + df)) + 1 */
    SparseMatrix A;    /* owned: TF-IDF, rows L2-normalized (docs × terms) */
    SparseMatrix At;   /* owned: its transpose (terms × docs), the inverted index */
    float *V;          /* owned: terms × rank, the fold-in map Aᵀ U Σ⁻¹ (right singular
                          vectors); a query's vector is Σ_t q_t V[t] */
    float *sigma;      /* owned: rank singular values, descending */
    float *docvecs;    /* owned: ndocs × rank, folded-in document vectors, L2-normalized */
    AnalyzerOptions analyzer;
    bool sublinear_tf;
    LsaSvd used;       /* EXACT or RANDOMIZED: what the build actually ran */
} LsaModel;

/* Indexes n texts and learns the SVD. texts[i] may be NULL (an empty document). */
LsaModel *lsa_build(const char *const *texts, size_t n, const LsaParams *p, RError *err);
void lsa_free(LsaModel *m);

/* Folds a query in: when qvec is not NULL writes its rank-dimensional vector, L2-normalized
 * (all zeros when no query term is in the vocabulary); when tfidf is not NULL writes the
 * TF-IDF cosine of the query with every document to tfidf[0..ndocs). Returns the number of
 * distinct query terms found in the vocabulary, or -1 on error.
 * Fold-in (Deerwester et al. 1990, §5): q̂ = Σ⁻¹ Uᵀ A q = Vᵀ q, a sum of the query terms'
 * rows of V weighted by their TF-IDF. */
int lsa_query(const LsaModel *m, const char *text, size_t len, float *qvec, float *tfidf,
              RError *err);

/* The truncated SVD used by lsa_build, exposed for tests: the k leading left singular vectors
 * of A (rows × k, row-major) into U and the singular values (descending) into sigma.
 * k <= min(rows, cols). */
int lsa_svd(const SparseMatrix *A, size_t k, const LsaSvdOptions *opt, float *U, float *sigma,
            LsaSvd *used, RError *err);

/* Builds a CSR copy of a dense rows × cols row-major matrix (zeros dropped). */
int sparse_from_dense(const float *dense, size_t rows, size_t cols, SparseMatrix *out,
                      RError *err);
void sparse_clear(SparseMatrix *s);

#endif
