/* Speculative decoding formulas and their Monte-Carlo check (see spec.h). */
#include "engine/infer/spec.h"

#include <math.h>
#include <string.h>

#include "engine/infer/rng.h"

double infer_spec_expected_tokens(double alpha, int gamma)
{
    if (alpha >= 1.0)
        return gamma + 1.0; /* the limit of eq. 1 */
    return (1.0 - pow(alpha, gamma + 1.0)) / (1.0 - alpha);
}

double infer_spec_speedup(double alpha, int gamma, double c)
{
    return infer_spec_expected_tokens(alpha, gamma) / (gamma * c + 1.0);
}

int infer_spec_best_gamma(double alpha, double c, int max_gamma)
{
    int best = 1;
    double b = infer_spec_speedup(alpha, 1, c);
    for (int g = 2; g <= max_gamma; g++) {
        double v = infer_spec_speedup(alpha, g, c);
        if (v > b * (1 + 1e-12)) {
            b = v;
            best = g;
        }
    }
    return best;
}

double infer_spec_monte_carlo(double alpha, int gamma, long long runs, uint64_t seed,
                              double *stderr_out)
{
    InferRng r;
    infer_rng_seed(&r, seed);
    double sum = 0, sum2 = 0;
    for (long long i = 0; i < runs; i++) {
        int n = 0;
        while (n < gamma && infer_rng_unit(&r) < alpha)
            n++;
        double tok = n + 1.0; /* accepted drafts, plus the target's correction or bonus token */
        sum += tok;
        sum2 += tok * tok;
    }
    double mean = runs > 0 ? sum / runs : 0;
    if (stderr_out)
        *stderr_out = runs > 1 ? sqrt(fmax(0, sum2 / runs - mean * mean) / (runs - 1)) : 0;
    return mean;
}

double infer_spec_cost_ratio(const InferHw *draft, const InferHw *target, int batch,
                             int context)
{
    InferStepCost cd, ct;
    InferStepLoad ld = infer_decode_load(draft, batch, context);
    InferStepLoad lt = infer_decode_load(target, batch, context);
    infer_step_cost(draft, &ld, &cd);
    infer_step_cost(target, &lt, &ct);
    return ct.time > 0 ? cd.time / ct.time : 0;
}

int infer_spec(double alpha, int gamma, double c, long long runs, uint64_t seed,
               InferSpecReport *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (!(alpha >= 0 && alpha <= 1))
        return rerror_set(err, "alpha must be in 0..1");
    if (gamma < 1 || gamma > INFER_SPEC_MAX_GAMMA)
        return rerror_set(err, "gamma must be in 1..%d", INFER_SPEC_MAX_GAMMA);
    if (!(c >= 0 && c <= 10))
        return rerror_set(err, "c must be in 0..10");
    if (runs < 0 || runs > 100000000)
        return rerror_set(err, "Monte-Carlo runs must be in 0..1e8");
    out->expected_tokens = infer_spec_expected_tokens(alpha, gamma);
    out->speedup = infer_spec_speedup(alpha, gamma, c);
    /* Theorem 3.11: (1 - alpha)(gamma c + gamma + 1) / (1 - alpha^(gamma+1)) */
    out->ops_factor = (gamma * c + gamma + 1.0) / out->expected_tokens;
    out->best_gamma = infer_spec_best_gamma(alpha, c, INFER_SPEC_MAX_GAMMA);
    out->best_speedup = infer_spec_speedup(alpha, out->best_gamma, c);
    out->mc_runs = runs;
    out->mc_tokens = infer_spec_monte_carlo(alpha, gamma, runs, seed, &out->mc_stderr);
    return 0;
}
