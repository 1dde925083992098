/* Benchmark cards (content/benchmarks.yaml): what a benchmark is, how big it is (with
 * sources), and the interval a score on it carries at that size, computed here. */
#ifndef RAMPUP_ENGINE_EVALS_BENCH_CARDS_H
#define RAMPUP_ENGINE_EVALS_BENCH_CARDS_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/evals/evals.h"

#define BENCH_CARDS_MAX 64
#define BENCH_CARD_MAX_SIZES 8
#define BENCH_CARD_MAX_PITFALLS 8

typedef struct BenchCardSize {
    char split[64];
    long long n;
    char source[256];
    EvalsInterval ci;  /* Wilson 95 % at the card's example score */
    double half_worst; /* 95 % Wilson half-width at a score of 0.5 */
} BenchCardSize;

typedef struct BenchCard {
    char name[32];
    char title[128];
    char paper[128];
    char format[160];
    char metric[128];
    double chance;        /* score of random guessing */
    double example_score; /* the score the intervals are shown at */
    BenchCardSize sizes[BENCH_CARD_MAX_SIZES];
    size_t nsizes;
    char pitfalls[BENCH_CARD_MAX_PITFALLS][200];
    size_t npitfalls;
} BenchCard;

typedef struct BenchCardList {
    BenchCard *items; /* owned */
    size_t n;
} BenchCardList;

/* Loads and checks the file (required keys, string lengths, 1 <= n <= 1e9, scores in [0, 1])
 * and computes each size's interval. Errors carry file:line:col. */
int bench_cards_load(const char *path, BenchCardList *out, RError *err);
void bench_cards_free(BenchCardList *l);
/* Case-insensitive lookup; NULL when absent. */
const BenchCard *bench_cards_find(const BenchCardList *l, const char *name);

#endif
