/* Evaluation statistics: accuracy with a Wilson interval, the sample size for a margin,
 * paired (McNemar, bootstrap) and unpaired (two-proportion z) comparisons, the unbiased
 * pass@k estimator, answer normalization and extraction, tool-call correctness. Ranking
 * metrics (nDCG, recall, MRR) are the RAG engine's, in engine/rag/metrics.h: one
 * implementation for both. */
#ifndef RAMPUP_ENGINE_EVALS_EVALS_H
#define RAMPUP_ENGINE_EVALS_EVALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "engine/error.h"
#include "engine/rag/metrics.h"

/* Stated bounds on the inputs. */
#define EVALS_MAX_N 1000000000LL   /* items or samples */
#define EVALS_MAX_BOOT 100000      /* bootstrap resamples */

typedef struct EvalsInterval {
    double point, low, high;
} EvalsInterval;

/* Two-sided normal quantile for a confidence level in (0, 1): 0.95 -> 1.959964. */
double evals_z(double confidence);
/* Standard normal upper tail: P(Z > z). */
double evals_normal_sf(double z);

/* Wilson score interval (Wilson 1927) for c successes in n trials:
 * (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). n >= 1, 0 <= c <= n. */
int evals_wilson(long long c, long long n, double confidence, EvalsInterval *out, RError *err);
/* The Wald (normal) interval p ± z sqrt(p(1-p)/n), clipped to [0, 1], for comparison. */
int evals_wald(long long c, long long n, double confidence, EvalsInterval *out, RError *err);

/* Items needed so that the Wald half-width at accuracy p is at most margin:
 * n = ceil(z² p (1 - p) / margin²). p in [0, 1], margin in (0, 1). */
int evals_sample_size(double p, double margin, double confidence, long long *n, RError *err);

/* McNemar's test on the discordant pairs of a paired comparison: b items only model A got
 * right, c only B. Exact: two-sided binomial p = min(1, 2 P(X <= min(b, c))), X ~ Bin(b+c,
 * 1/2). Chi-square: (|b - c| - 1)² / (b + c) with continuity correction, 1 degree of freedom.
 * b = c = 0 gives p = 1 for both. */
typedef struct EvalsMcnemar {
    double p_exact;
    double chi2, p_chi2;
} EvalsMcnemar;
int evals_mcnemar(long long b, long long c, EvalsMcnemar *out, RError *err);

/* Unpaired comparison of two accuracies: pooled two-proportion z test (two-sided p) and the
 * unpooled Wald interval of the difference p1 - p2. */
typedef struct EvalsTwoProp {
    double diff, z, p;
    EvalsInterval ci; /* of the difference */
} EvalsTwoProp;
int evals_two_proportion(long long c1, long long n1, long long c2, long long n2,
                         double confidence, EvalsTwoProp *out, RError *err);

/* Paired bootstrap of mean(a - b) over n items (Efron & Tibshirani 1993; used for NLP by
 * Koehn 2004): `iters` resamples of the n items with replacement from `seed`. The interval
 * is the percentile interval; p is two-sided: 2 x the share of resampled differences on the
 * far side of 0 from the observed one (ties count half), capped at 1. b may be NULL: the
 * interval of mean(a). */
typedef struct EvalsBootstrap {
    double diff;      /* observed mean(a - b) */
    EvalsInterval ci; /* point = diff */
    double p;
    int iters;
} EvalsBootstrap;
int evals_paired_bootstrap(const double *a, const double *b, size_t n, int iters, uint64_t seed,
                           double confidence, EvalsBootstrap *out, RError *err);

/* Unbiased pass@k (Chen et al. 2021, "Evaluating Large Language Models Trained on Code",
 * section 2.1): 1 - C(n-c, k) / C(n, k), computed as 1 - prod_{i=n-c+1}^{n} (1 - k/i);
 * exactly 1 when n - c < k. 0 <= c <= n, 1 <= k <= n. */
int evals_pass_at_k(long long n, long long c, long long k, double *out, RError *err);

/* ---- answers ---- */
/* SQuAD-style normalization: lower-case ASCII, punctuation removed, the articles a, an, the
 * dropped, whitespace collapsed. */
void evals_normalize_answer(const char *s, char *out, size_t size);
/* GSM8K: the text after the last "####", commas removed, as a number. With fallback, when
 * there is no "####", the last number in the text (lm-eval-harness "flexible-extract").
 * Returns 0 and the number, -1 when none. */
int evals_extract_gsm8k(const char *s, bool fallback, double *out);
/* Multiple choice: the letter (A.. the nchoices-th) after "answer is" / "answer:", else a
 * reply that is only a letter ("B", "(B)", "B."), else the last parenthesized letter "(B)".
 * Returns the 0-based choice, -1 when none is found. */
int evals_extract_choice(const char *s, int nchoices);
/* Exact match after normalization; numbers compare numerically (so "1,000" = "1000.0"). */
bool evals_answer_match(const char *expected, const char *got);

/* Tool-call correctness: right tool, and arguments that match (same keys; numbers within
 * 0.1 % relative; strings equal after normalization; the calculator agent's rule). */
typedef enum EvalsToolScore { EVALS_TOOL_OK, EVALS_TOOL_WRONG_TOOL, EVALS_TOOL_WRONG_ARGS } EvalsToolScore;
EvalsToolScore evals_tool_call(const char *expected_tool, const cJSON *expected_args,
                               const char *tool, const cJSON *args);

#endif
