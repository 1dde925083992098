/* BEIR-format collections (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) and their
 * evaluation: nDCG@10, recall@100, MRR@10 and MAP over a ranking function. */
#ifndef RAMPUP_ENGINE_RAG_BEIR_H
#define RAMPUP_ENGINE_RAG_BEIR_H

#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/rag/corpus.h"
#include "engine/rag/hit.h"
#include "engine/rag/strmap.h"

typedef struct BeirQuery {
    char *id;   /* owned */
    char *text; /* owned */
} BeirQuery;

typedef struct BeirQrel {
    uint32_t query; /* index into queries */
    uint32_t doc;   /* index into corpus->docs */
    int rel;        /* judged relevance (> 0: relevant) */
} BeirQrel;

typedef struct Beir {
    RagCorpus *corpus;     /* owned; doc i: heading = title, text = text */
    BeirQuery *queries;    /* owned */
    size_t nqueries;
    BeirQrel *qrels;       /* owned; sorted by query, then doc */
    size_t nqrels;
    size_t qrels_unknown;  /* qrel lines naming an id not in the corpus/queries (skipped) */
    StrMap doc_ids;        /* owned: "_id" -> doc index */
    StrMap query_ids;      /* owned: "_id" -> query index */
} Beir;

Beir *beir_new(void);
void beir_free(Beir *b);

/* Each loader reports the first malformed line as "file:line:col: what was wrong" (a JSON
 * syntax error, a missing "_id" or "text", a duplicate id, a bad qrels row) and fails. */
int beir_load_corpus(Beir *b, const char *path, RError *err);
int beir_load_queries(Beir *b, const char *path, RError *err);
int beir_load_qrels(Beir *b, const char *path, RError *err); /* after corpus and queries */

/* Loads dir/corpus.jsonl, dir/queries.jsonl and the judgments: qrels_file when given, else
 * dir/qrels/<split>.tsv (split NULL: "test"). */
int beir_load(const char *dir, const char *split, const char *qrels_file, Beir **out,
              RError *err);

/* A ranker: writes up to k hits (doc indices into b->corpus, best first) for one query. */
typedef int (*RagRankFn)(void *ctx, const char *query, size_t k, RagHit *out, size_t *nout,
                         RError *err);

typedef struct RagEval {
    double ndcg10;    /* means over the judged queries */
    double recall100;
    double mrr10;
    double map;       /* over the retrieved depth */
    size_t queries;   /* queries with at least one judgment */
    double seconds;   /* wall time spent in the ranker */
} RagEval;

/* Runs fn on every judged query, retrieving `depth` documents (BEIR uses 1000), and
 * averages the metrics. per_query (may be NULL; b->nqueries entries) gets each query's
 * nDCG@10, NaN for unjudged queries. */
int beir_evaluate(const Beir *b, RagRankFn fn, void *ctx, size_t depth, RagEval *out,
                  double *per_query, RError *err);

#endif
