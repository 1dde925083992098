/* SciFact (BEIR layout) loading and scoring for bench_rag: a small local harness. */
#ifndef RAMPUP_TESTS_BENCH_RAG_DATA_H
#define RAMPUP_TESTS_BENCH_RAG_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "engine/rag/hit.h"

typedef struct BenchData {
    size_t ndocs;
    char **doc_ids;   /* owned */
    char **doc_texts; /* owned: title, a newline, text */
    size_t nqueries;  /* judged queries only */
    char **q_ids;     /* owned */
    char **q_texts;   /* owned */
    size_t *rel_start; /* owned: nqueries + 1 offsets into rel_docs */
    uint32_t *rel_docs; /* owned: doc indexes judged relevant */
} BenchData;

/* Loads dir/corpus.jsonl, dir/queries.jsonl and dir/qrels/<split>.tsv; keeps judged queries.
 * Returns 0, or -1 with a message in msg. */
int bench_data_load(const char *dir, const char *split, BenchData *d, char *msg, size_t msglen);
void bench_data_free(BenchData *d);

/* nDCG@10 and recall@100 of one ranked list for query q (binary relevance). */
void bench_score(const BenchData *d, size_t q, const RagHit *hits, size_t n, double *ndcg10,
                 double *recall100);

#endif
