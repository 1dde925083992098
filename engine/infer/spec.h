/* Speculative decoding (Leviathan, Kalman & Matias, "Fast Inference from Transformers via
 * Speculative Decoding", ICML 2023, arXiv:2211.17192). A draft model proposes gamma tokens,
 * the target checks them in one step; each is accepted with probability alpha (i.i.d., the
 * paper's simplifying assumption of §3.1). */
#ifndef RAMPUP_ENGINE_INFER_SPEC_H
#define RAMPUP_ENGINE_INFER_SPEC_H

#include <stdint.h>

#include "engine/error.h"
#include "engine/infer/roofline.h"

#define INFER_SPEC_MAX_GAMMA 64

typedef struct InferSpecReport {
    double expected_tokens; /* eq. 1: (1 - alpha^(gamma+1)) / (1 - alpha) */
    double speedup;         /* Theorem 3.8: eq. 1 / (gamma c + 1) */
    double ops_factor;      /* Theorem 3.11 with c-hat = c: arithmetic operations vs plain decoding */
    int best_gamma;         /* argmax of the speedup over gamma in 1..64 */
    double best_speedup;
    double mc_tokens;       /* Monte-Carlo mean tokens per target step */
    double mc_stderr;
    long long mc_runs;
} InferSpecReport;

double infer_spec_expected_tokens(double alpha, int gamma);
double infer_spec_speedup(double alpha, int gamma, double c);
/* Best integer gamma in [1, max_gamma] (ties: the smaller). */
int infer_spec_best_gamma(double alpha, double c, int max_gamma);
/* Mean tokens per target step over `runs` simulated steps: the draft's tokens are accepted
 * one by one until the first rejection, then the target adds one token of its own. */
double infer_spec_monte_carlo(double alpha, int gamma, long long runs, uint64_t seed,
                              double *stderr_out);
/* c from the roofline: a draft decode step over a target decode step (same batch, context). */
double infer_spec_cost_ratio(const InferHw *draft, const InferHw *target, int batch,
                             int context);
int infer_spec(double alpha, int gamma, double c, long long runs, uint64_t seed,
               InferSpecReport *out, RError *err);

#endif
