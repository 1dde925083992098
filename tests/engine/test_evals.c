/* Evaluation statistics against published and hand-computed values. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "engine/evals/evals.h"
#include "engine/evals/evals_params.h"

Test(evals, z_quantiles)
{
    cr_assert_float_eq(evals_z(0.95), 1.959963984540054, 1e-9);
    cr_assert_float_eq(evals_z(0.99), 2.5758293035489, 1e-9);
    cr_assert_float_eq(evals_z(0.90), 1.6448536269514, 1e-9);
}

/* Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
 * Medicine 17:857-872, Table II, method 3 (Wilson score, no continuity correction):
 * 81/263 -> 0.2553-0.3662, 15/148 -> 0.0624-0.1605, 0/20 -> 0-0.1611, 1/29 -> 0.0061-0.1718. */
Test(evals, wilson_matches_newcombe_1998)
{
    struct { long long c, n; double lo, hi; } t[] = {
        {81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605},
        {0, 20, 0.0, 0.1611},      {1, 29, 0.0061, 0.1718},
    };
    for (size_t i = 0; i < 4; i++) {
        EvalsInterval ci;
        cr_assert_eq(evals_wilson(t[i].c, t[i].n, 0.95, &ci, NULL), 0);
        cr_assert_float_eq(ci.low, t[i].lo, 5e-5, "%lld/%lld low %f", t[i].c, t[i].n, ci.low);
        cr_assert_float_eq(ci.high, t[i].hi, 5e-5, "%lld/%lld high %f", t[i].c, t[i].n, ci.high);
    }
}

Test(evals, wilson_edges_accuracy_0_and_1)
{
    EvalsInterval ci;
    /* accuracy 1: the interval still has width (unlike Wald's 1 ± 0). 29/29 -> 0.8830-1. */
    cr_assert_eq(evals_wilson(29, 29, 0.95, &ci, NULL), 0);
    cr_assert_float_eq(ci.high, 1.0, 0);
    cr_assert_float_eq(ci.low, 0.8830302015, 1e-9);
    EvalsInterval wald;
    cr_assert_eq(evals_wald(29, 29, 0.95, &wald, NULL), 0);
    cr_assert_float_eq(wald.low, 1.0, 0);
    cr_assert_eq(evals_wilson(0, 20, 0.95, &ci, NULL), 0);
    cr_assert_float_eq(ci.low, 0.0, 0);
    RError err;
    cr_assert_neq(evals_wilson(5, 0, 0.95, &ci, &err), 0);
    cr_assert_neq(evals_wilson(6, 5, 0.95, &ci, &err), 0);
    cr_assert_neq(evals_wilson(1, 5, 1.0, &ci, &err), 0);
}

Test(evals, sample_size_for_a_margin)
{
    long long n;
    /* The classic poll size: ±3 points at 95 % for p = 0.5 -> 1,068; ±1 point -> 9,604. */
    cr_assert_eq(evals_sample_size(0.5, 0.03, 0.95, &n, NULL), 0);
    cr_assert_eq(n, 1068);
    cr_assert_eq(evals_sample_size(0.5, 0.01, 0.95, &n, NULL), 0);
    cr_assert_eq(n, 9604);
    cr_assert_eq(evals_sample_size(0.8, 0.02, 0.95, &n, NULL), 0);
    cr_assert_eq(n, 1537);
    cr_assert_eq(evals_sample_size(1.0, 0.02, 0.95, &n, NULL), 0);
    cr_assert_eq(n, 1);
    cr_assert_neq(evals_sample_size(0.5, 0, 0.95, &n, NULL), 0);
}

Test(evals, mcnemar_exact_and_chi_square)
{
    EvalsMcnemar m;
    /* b 10, c 2: 2 (1 + 12 + 66) / 4096 = 0.038574; chi² = 7² / 12 = 4.0833, p = 0.043308. */
    cr_assert_eq(evals_mcnemar(10, 2, &m, NULL), 0);
    cr_assert_float_eq(m.p_exact, 0.03857421875, 1e-12);
    cr_assert_float_eq(m.chi2, 49.0 / 12.0, 1e-12);
    cr_assert_float_eq(m.p_chi2, 0.04330814281, 1e-9);
    cr_assert_eq(evals_mcnemar(5, 5, &m, NULL), 0);
    cr_assert_float_eq(m.p_exact, 1.0, 0);
    cr_assert_eq(evals_mcnemar(0, 7, &m, NULL), 0);
    cr_assert_float_eq(m.p_exact, 2.0 / 128.0, 1e-15);
    cr_assert_eq(evals_mcnemar(100, 70, &m, NULL), 0);
    cr_assert_float_eq(m.p_exact, 0.02584438758, 1e-9);
    cr_assert_eq(evals_mcnemar(0, 0, &m, NULL), 0);
    cr_assert_float_eq(m.p_exact, 1.0, 0);
    cr_assert_float_eq(m.p_chi2, 1.0, 0);
    /* large counts stay finite */
    cr_assert_eq(evals_mcnemar(500000, 499000, &m, NULL), 0);
    cr_assert(m.p_exact > 0 && m.p_exact < 1);
}

Test(evals, two_proportion_z)
{
    EvalsTwoProp t;
    /* 80/100 vs 70/100: pooled p 0.75, se 0.061237, z 1.63299, p 0.10247. */
    cr_assert_eq(evals_two_proportion(80, 100, 70, 100, 0.95, &t, NULL), 0);
    cr_assert_float_eq(t.z, 1.6329931619, 1e-9);
    cr_assert_float_eq(t.p, 0.1024704349, 1e-9);
    cr_assert(t.ci.low < 0 && t.ci.high > 0.2);
}

Test(evals, paired_bootstrap_is_seeded_and_sensible)
{
    double a[200], b[200];
    for (int i = 0; i < 200; i++) {
        a[i] = (i % 10) < 8; /* 80 % */
        b[i] = (i % 10) < 6; /* 60 %, and a is right wherever b is */
    }
    EvalsBootstrap x, y;
    cr_assert_eq(evals_paired_bootstrap(a, b, 200, 2000, 7, 0.95, &x, NULL), 0);
    cr_assert_eq(evals_paired_bootstrap(a, b, 200, 2000, 7, 0.95, &y, NULL), 0);
    cr_assert_float_eq(x.diff, 0.2, 1e-12);
    cr_assert_float_eq(x.ci.low, y.ci.low, 0);
    cr_assert(x.ci.low > 0.1 && x.ci.high < 0.3);
    cr_assert(x.p < 0.001);
    /* identical systems: difference 0 and p = 1 */
    cr_assert_eq(evals_paired_bootstrap(a, a, 200, 500, 7, 0.95, &x, NULL), 0);
    cr_assert_float_eq(x.diff, 0, 0);
    cr_assert_float_eq(x.p, 1.0, 0);
    RError err;
    cr_assert_neq(evals_paired_bootstrap(a, b, 0, 10, 1, 0.95, &x, &err), 0);
    cr_assert_neq(evals_paired_bootstrap(a, b, 10, 0, 1, 0.95, &x, &err), 0);
}

/* Chen et al. 2021, section 2.1: pass@k = 1 - C(n-c, k) / C(n, k). */
Test(evals, pass_at_k_unbiased)
{
    double v;
    cr_assert_eq(evals_pass_at_k(10, 1, 1, &v, NULL), 0);
    cr_assert_float_eq(v, 0.1, 1e-12);
    cr_assert_eq(evals_pass_at_k(10, 1, 5, &v, NULL), 0);
    cr_assert_float_eq(v, 0.5, 1e-12); /* 1 - 126/252 */
    cr_assert_eq(evals_pass_at_k(5, 2, 2, &v, NULL), 0);
    cr_assert_float_eq(v, 0.7, 1e-12); /* 1 - 3/10 */
    /* n = 200 samples as in the paper: 1 - C(190,100)/C(200,100) = 0.999228974 */
    cr_assert_eq(evals_pass_at_k(200, 10, 100, &v, NULL), 0);
    cr_assert_float_eq(v, 0.9992289739, 1e-9);
    cr_assert_eq(evals_pass_at_k(200, 10, 1, &v, NULL), 0);
    cr_assert_float_eq(v, 10.0 / 200.0, 1e-12); /* pass@1 = c / n */
    /* n - c < k: every draw of k contains a correct sample */
    cr_assert_eq(evals_pass_at_k(10, 8, 3, &v, NULL), 0);
    cr_assert_float_eq(v, 1.0, 0);
    cr_assert_eq(evals_pass_at_k(10, 0, 10, &v, NULL), 0);
    cr_assert_float_eq(v, 0.0, 0);
    cr_assert_eq(evals_pass_at_k(10, 10, 1, &v, NULL), 0);
    cr_assert_float_eq(v, 1.0, 0);
    /* huge n stays finite and in [0, 1] */
    cr_assert_eq(evals_pass_at_k(1000000, 3, 1000, &v, NULL), 0);
    cr_assert(v > 0 && v < 1);
    RError err;
    cr_assert_neq(evals_pass_at_k(10, 11, 1, &v, &err), 0);
    cr_assert_neq(evals_pass_at_k(10, 1, 11, &v, &err), 0);
    cr_assert_neq(evals_pass_at_k(10, 1, 0, &v, &err), 0);
}

Test(evals, gsm8k_extraction)
{
    double v;
    cr_assert_eq(evals_extract_gsm8k("She pays 3 * 6 = 18 dollars.\n#### 18", false, &v), 0);
    cr_assert_float_eq(v, 18, 0);
    cr_assert_eq(evals_extract_gsm8k("#### 1,234", false, &v), 0);
    cr_assert_float_eq(v, 1234, 0);
    cr_assert_eq(evals_extract_gsm8k("#### -5.5", false, &v), 0);
    cr_assert_float_eq(v, -5.5, 0);
    cr_assert_eq(evals_extract_gsm8k("#### 3 then #### 4", false, &v), 0);
    cr_assert_float_eq(v, 4, 0);
    cr_assert_eq(evals_extract_gsm8k("The answer is 42.", false, &v), -1);
    cr_assert_eq(evals_extract_gsm8k("5 apples and 7 pears: 12.", true, &v), 0);
    cr_assert_float_eq(v, 12, 0);
    cr_assert_eq(evals_extract_gsm8k("#### none", true, &v), -1);
    cr_assert_eq(evals_extract_gsm8k("", true, &v), -1);
}

Test(evals, choice_extraction)
{
    cr_assert_eq(evals_extract_choice("The answer is (C).", 4), 2);
    cr_assert_eq(evals_extract_choice("Answer: b", 4), 1);
    cr_assert_eq(evals_extract_choice("  (D) ", 4), 3);
    cr_assert_eq(evals_extract_choice("A.", 4), 0);
    cr_assert_eq(evals_extract_choice("I think (A) is wrong, so (B)", 4), 1);
    cr_assert_eq(evals_extract_choice("The answer is E", 4), -1); /* out of range */
    cr_assert_eq(evals_extract_choice("no letter here", 4), -1);
    cr_assert_eq(evals_extract_choice("Answer is Apple", 4), -1); /* A not alone */
}

Test(evals, normalization_and_match)
{
    char out[64];
    evals_normalize_answer("  The Eiffel   Tower! ", out, sizeof out);
    cr_assert_str_eq(out, "eiffel tower");
    evals_normalize_answer("a", out, sizeof out);
    cr_assert_str_eq(out, "");
    cr_assert(evals_answer_match("1,000", "1000.0"));
    cr_assert(evals_answer_match("Paris", "paris."));
    cr_assert(!evals_answer_match("12", "13"));
    char tiny[4];
    evals_normalize_answer("abcdefgh", tiny, sizeof tiny);
    cr_assert_str_eq(tiny, "abc");
}

Test(evals, tool_call_correctness)
{
    cJSON *e = cJSON_Parse("{\"model\":\"llama-2-7b\",\"seq\":4096}");
    cJSON *g = cJSON_Parse("{\"model\":\"Llama 2 7B\",\"seq\":4096.001}");
    cJSON *w = cJSON_Parse("{\"model\":\"llama-2-7b\",\"seq\":8192}");
    cr_assert_eq(evals_tool_call("kv", e, "kv", g), EVALS_TOOL_OK);
    cr_assert_eq(evals_tool_call("kv", e, "scaling", g), EVALS_TOOL_WRONG_TOOL);
    cr_assert_eq(evals_tool_call("kv", e, "kv", w), EVALS_TOOL_WRONG_ARGS);
    cr_assert_eq(evals_tool_call("kv", e, NULL, g), EVALS_TOOL_WRONG_TOOL);
    cJSON_Delete(e);
    cJSON_Delete(g);
    cJSON_Delete(w);
}

Test(evals, params_tables)
{
    EvalsSettings s;
    param_defaults(&evals_params, &s);
    cr_assert_eq(s.n, 1000);
    cr_assert_float_eq(s.confidence, 0.95, 0);
    RError err;
    cr_assert_eq(param_parse_pairs(&evals_params, NULL, "n=1.3k accuracy=0.8 b=10", &s, NULL,
                                   &err),
                 0, "%s", err.msg);
    cr_assert_eq(s.n, 1300);
    cr_assert_eq(s.only_a, 10); /* b is only_a's alias */
    cr_assert_neq(param_parse_pairs(&evals_params, NULL, "accuracy=1.5", &s, NULL, &err), 0);
    cr_assert(strstr(err.msg, "accuracy"), "%s", err.msg);
    PasskSettings k;
    param_defaults(&passk_params, &k);
    cr_assert_eq(k.n, 200);
    cr_assert_eq(param_parse_pairs(&passk_params, NULL, "n=10 c=1 k=5", &k, NULL, &err), 0);
    double v;
    cr_assert_eq(evals_pass_at_k(k.n, k.c, k.k, &v, NULL), 0);
    cr_assert_float_eq(v, 0.5, 1e-12);
}
