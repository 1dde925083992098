/* Query syntax (fzf-style terms) and the lexical search pipeline with its trace: tokens,
 * stems, posting-list sizes and the time of each stage. */
#ifndef RAMPUP_ENGINE_RAG_QUERY_H
#define RAMPUP_ENGINE_RAG_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/rag/bm25.h"
#include "engine/rag/corpus.h"
#include "engine/rag/hit.h"
#include "engine/text/analyze.h"

#define RAG_QUERY_MAX_TERMS 64

/* Syntax, per white-space separated word (as in fzf's extended search):
 *   word    scores; the document need not contain it
 *   'word   exact: the document must contain the word as typed (case-folded, not stemmed);
 *           it also scores
 *   !word   the document must not contain the word's stem (a stopword: the word itself) */
typedef enum RagTermKind { RAG_TERM_SCORE, RAG_TERM_EXACT, RAG_TERM_NOT } RagTermKind;

typedef struct RagQueryTerm {
    char surface[TOKEN_MAX_BYTES + 1]; /* the folded token as typed */
    char term[TOKEN_MAX_BYTES + 1];    /* the index term (stem); "" for a stopword */
    RagTermKind kind;
    bool stopword;                     /* dropped from scoring */
    long id;                           /* index term id, -1 when not in the index */
    size_t df;                         /* posting-list size */
    double idf;
    size_t start;                      /* byte range in the query string */
    size_t end;
} RagQueryTerm;

typedef struct RagPipeline {
    RagQueryTerm terms[RAG_QUERY_MAX_TERMS];
    size_t nterms;
    size_t candidates;     /* documents scored (matched at least one term) */
    size_t filtered;       /* candidates removed by ' and ! terms */
    double t_parse;        /* seconds: parse and analyze the query */
    double t_score;        /* term-at-a-time accumulation over the posting lists */
    double t_filter;       /* ' and ! filters */
    double t_topk;         /* heap selection */
    double t_dense;        /* dense scoring (set by the retriever) */
    double t_fuse;         /* fusion (set by the retriever) */
} RagPipeline;

/* Parses q and analyzes each word with an (stopwords flagged, not removed). idx may be NULL
 * (ids, df and idf are then left at -1 / 0). plain: no syntax, every word scores (for
 * benchmark queries). Never fails; extra terms past RAG_QUERY_MAX_TERMS are ignored. */
void rag_query_parse(const char *q, bool plain, const AnalyzerOptions *an, const Bm25Index *idx,
                     RagPipeline *p);

/* True when the query's words are all stop words (the, of, a...): nothing is left to rank by,
 * which the user should be told instead of "no match". */
bool rag_query_only_stopwords(const RagPipeline *p);

/* True when the query has at least one term that scores. */
bool rag_query_has_scoring_terms(const RagPipeline *p);

/* BM25 search with the query syntax: parses q into p, scores, applies the ' and ! filters
 * (corpus supplies the text for exact matches), and writes the k best to out (*nout of them).
 * scores: ndocs floats of scratch, left holding every document's score (NaN: unmatched or
 * filtered), or NULL to allocate. */
int rag_query_bm25(const Bm25Index *idx, const RagCorpus *corpus, const char *q, bool plain,
                   size_t k,
                   RagHit *out, size_t *nout, float *scores, RagPipeline *p, RError *err);

typedef struct RagSpan {
    size_t start; /* byte range in the text */
    size_t end;
    int term;     /* index into p->terms */
} RagSpan;

/* Byte ranges of text where a query term (scoring or exact) occurs, in order. Fills up to
 * cap and returns the total found. */
size_t rag_query_highlight(const RagPipeline *p, const AnalyzerOptions *an, const char *text,
                           size_t len, RagSpan *out, size_t cap);

/* Seconds on a monotonic clock (for stage timings). */
double rag_now(void);

#endif
