/* Bm25Index: an inverted index over a list of texts, scored with Lucene's BM25. */
#ifndef RAMPUP_ENGINE_RAG_BM25_H
#define RAMPUP_ENGINE_RAG_BM25_H

#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/rag/hit.h"
#include "engine/rag/strmap.h"
#include "engine/text/analyze.h"

/* Lucene's BM25Similarity defaults (and Anserini's BEIR runs): k1 = 0.9, b = 0.4. */
#define BM25_DEFAULT_K1 0.9
#define BM25_DEFAULT_B 0.4

typedef struct Bm25Posting {
    uint32_t doc; /* ascending within a term */
    uint32_t tf;  /* occurrences of the term in the document */
} Bm25Posting;

typedef struct Bm25Index {
    AnalyzerOptions analyzer; /* how texts and queries are turned into terms */
    double k1;                /* term-frequency saturation */
    double b;                 /* length normalization, 0..1 */
    size_t ndocs;
    uint32_t *doclen;         /* owned: terms per document, after stopwords */
    double avgdl;
    StrMap vocab;             /* owned: term -> id (0..nterms-1) */
    size_t nterms;
    size_t *post_start;       /* owned: nterms + 1 offsets into postings (CSR) */
    Bm25Posting *postings;    /* owned */
    size_t npostings;
    size_t ntokens;           /* terms indexed in all */
} Bm25Index;

/* Indexes texts[0..n) (document i is texts[i]; NULL counts as empty) with the given analyzer
 * (NULL: analyzer_default()). k1 and b start at the defaults above. */
int bm25_build(const char *const *texts, size_t n, const AnalyzerOptions *an, Bm25Index **out,
               RError *err);
void bm25_free(Bm25Index *idx);

void bm25_set_params(Bm25Index *idx, double k1, double b);

/* Id of an index term (already analyzed), or -1. */
long bm25_term_id(const Bm25Index *idx, const char *term);
/* Document frequency: the length of the term's posting list. */
size_t bm25_df(const Bm25Index *idx, long id);

/* Lucene's idf: ln(1 + (N - df + 0.5) / (df + 0.5)). */
double bm25_idf(const Bm25Index *idx, long id);

/* Lucene's tf part: tf / (tf + k1 (1 - b + b dl / avgdl)); a document's term score is
 * idf × tf part. (Lucene 8 dropped the constant (k1 + 1) factor; rankings do not change.) */
double bm25_tf_part(const Bm25Index *idx, uint32_t tf, uint32_t dl);

/* Occurrences of term id in doc (binary search of the posting list). */
uint32_t bm25_tf(const Bm25Index *idx, long id, uint32_t doc);

/* Adds weight × idf × tf part of term id to scores[d] for every d in its posting list.
 * scores has ndocs entries; a NaN entry (document not yet matched) is treated as 0. */
void bm25_accumulate(const Bm25Index *idx, long id, double weight, float *scores);

/* One query term's share of a document's BM25 score (see bm25_explain). */
typedef struct Bm25TermExplain {
    long id;        /* index term id; -1 (not in the index) contributes 0 */
    uint32_t tf;    /* occurrences in the document */
    size_t df;      /* posting-list size */
    double idf;     /* bm25_idf */
    double tf_part; /* bm25_tf_part for tf and the document's length */
    double weight;  /* the query weight the term was given */
    double score;   /* weight × idf × tf part: what bm25_accumulate adds for this term */
} Bm25TermExplain;

/* Explains doc's score for the query terms ids[0..n) with weights (NULL: 1 each): fills out[i]
 * for each term and returns the total, which equals the score bm25_accumulate gives doc (up to
 * float rounding). doc must be < ndocs. */
double bm25_explain(const Bm25Index *idx, const long *ids, const double *weights, size_t n,
                    uint32_t doc, Bm25TermExplain *out);

/* Bag-of-words search: analyzes query, weights each term by its count in the query (as
 * Anserini's bag-of-words query does), returns the k best matching documents, best first.
 * out has room for k; *nout is how many matched (<= k). scratch: ndocs floats, or NULL to
 * allocate. */
int bm25_search(const Bm25Index *idx, const char *query, size_t k, RagHit *out, size_t *nout,
                float *scratch, RError *err);

#endif
