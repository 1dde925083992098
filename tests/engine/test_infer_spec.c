/* Speculative decoding against Leviathan et al. 2023 (eq. 1, Theorem 3.8, Corollary 3.9). */
#include <criterion/criterion.h>
#include <math.h>

#include "tests/engine/test_infer_fixture.h"
#include "engine/infer/spec.h"

Test(infer_spec, expected_tokens_eq1)
{
    /* eq. 1, E = (1 - a^(g+1)) / (1 - a): at a = 0.8, 1.8 / 2.44 / 2.952 / 3.3616 */
    const double want[] = {1.8, 2.44, 2.952, 3.3616};
    for (int g = 1; g <= 4; g++)
        cr_assert_float_eq(infer_spec_expected_tokens(0.8, g), want[g - 1], 1e-12);
    cr_assert_float_eq(infer_spec_expected_tokens(1.0, 5), 6.0, 1e-12);
    cr_assert_float_eq(infer_spec_expected_tokens(0.0, 5), 1.0, 1e-12);
}

Test(infer_spec, walltime_improvement_theorem_3_8)
{
    /* (1 - a^(g+1)) / ((1 - a)(g c + 1)): a 0.8, g 3, c 0.05 -> 2.952 / 1.15 */
    cr_assert_float_eq(infer_spec_speedup(0.8, 3, 0.05), 2.952 / 1.15, 1e-12);
    /* Corollary 3.9: if a > c some gamma helps, by at least (1 + a) / (1 + c) */
    for (double a = 0.1; a < 0.96; a += 0.05)
        for (double c = 0.0; c < a; c += 0.05) {
            int g = infer_spec_best_gamma(a, c, 64);
            cr_assert(infer_spec_speedup(a, g, c) >= (1 + a) / (1 + c) - 1e-12, "a %g c %g", a, c);
        }
    /* with c >= 1 the draft is as slow as the target: one draft token at most breaks even */
    cr_assert(infer_spec_speedup(0.9, infer_spec_best_gamma(0.9, 1.0, 64), 1.0) <= 1.0);
}

Test(infer_spec, the_papers_bigram_example_and_theorem_3_11)
{
    /* Leviathan et al.: a bigram draft with alpha ~0.2 at gamma 3 and c ~0, reported 1.25x;
     * eq. 1 gives (1 - 0.2^4) / 0.8 = 1.248 */
    cr_assert_float_eq(infer_spec_speedup(0.2, 3, 0.0), 1.248, 1e-12);
    cr_assert(fabs(infer_spec_speedup(0.2, 3, 0.0) - 1.25) < 0.005);
    /* Theorem 3.11, operations: (1 - a)(g c + g + 1) / (1 - a^(g+1)) = 0.2 x 4.15 / 0.5904 */
    InferSpecReport r;
    RError err;
    cr_assert_eq(infer_spec(0.8, 3, 0.05, 0, 1, &r, &err), 0);
    cr_assert_float_eq(r.ops_factor, 0.2 * 4.15 / 0.5904, 1e-12);
}

Test(infer_spec, best_gamma_is_the_argmax)
{
    for (double a = 0.5; a < 0.96; a += 0.1) {
        int g = infer_spec_best_gamma(a, 0.05, 64);
        for (int k = 1; k <= 64; k++)
            cr_assert(infer_spec_speedup(a, k, 0.05) <= infer_spec_speedup(a, g, 0.05) + 1e-12);
    }
    /* a cheaper draft pays for longer drafts */
    cr_assert(infer_spec_best_gamma(0.8, 0.01, 64) > infer_spec_best_gamma(0.8, 0.2, 64));
}

Test(infer_spec, monte_carlo_within_two_percent)
{
    const double alphas[] = {0.3, 0.6, 0.8, 0.95};
    for (int i = 0; i < 4; i++)
        for (int g = 1; g <= 8; g *= 2) {
            double se, mc = infer_spec_monte_carlo(alphas[i], g, 200000, 7 + g, &se);
            double f = infer_spec_expected_tokens(alphas[i], g);
            cr_assert(fabs(mc - f) / f < 0.02, "a %g g %d: mc %g formula %g", alphas[i], g, mc, f);
        }
    /* seeded: the same seed repeats */
    cr_assert_float_eq(infer_spec_monte_carlo(0.7, 4, 1000, 3, NULL),
                       infer_spec_monte_carlo(0.7, 4, 1000, 3, NULL), 0);
}

Test(infer_spec, report_checks_its_input)
{
    InferSpecReport r;
    RError err;
    cr_assert_neq(infer_spec(1.5, 4, 0.1, 10, 1, &r, &err), 0);
    cr_assert_neq(infer_spec(0.5, 0, 0.1, 10, 1, &r, &err), 0);
    cr_assert_eq(infer_spec(0.8, 4, 0.05, 1000, 1, &r, &err), 0);
    cr_assert_float_eq(r.ops_factor, (4 * 0.05 + 4 + 1) / 3.3616, 1e-12);
}

Test(infer_spec, draft_cost_ratio_from_the_roofline, .init = fx_setup, .fini = fx_teardown)
{
    /* Leviathan et al. §3.4: c is the draft's step time over the target's; memory-bound
     * decode makes it about the ratio of the weights read */
    InferQuery q;
    infer_query_init(&q);
    InferHw draft, target;
    fx_hw("gpt2", "a100-sxm-40gb", &q, &draft);
    fx_hw("opt-13b", "a100-sxm-40gb", &q, &target);
    double c = infer_spec_cost_ratio(&draft, &target, 1, 128);
    double weights = draft.weight_bytes / target.weight_bytes;
    cr_assert(c > 0.5 * weights && c < 2 * weights, "c %g, weight ratio %g", c, weights);
    cr_assert(c < 0.05);
}
