/* The law fitter: L-BFGS, the Huber/LSE objective, CSV loading with line:col errors, and
 * Epoch AI's refit of the Chinchilla points reproduced within their standard errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "engine/scaling/csv.h"
#include "engine/scaling/fit.h"
#include "engine/scaling/lbfgs.h"

#define EPOCH_CSV "../shared/data/chinchilla/svg_extracted_data.csv"

static double rosenbrock(const double *x, double *g, size_t n, void *ctx)
{
    (void)n;
    (void)ctx;
    double a = 1 - x[0], b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
}

Test(scaling_lbfgs, rosenbrock)
{
    double x[2] = {-1.2, 1.0}; /* the classic start (Nocedal & Wright, ex. 2.1) */
    LbfgsResult r = lbfgs_minimize(rosenbrock, NULL, x, 2, NULL);
    cr_expect(r.status == LBFGS_CONVERGED_GRAD || r.status == LBFGS_CONVERGED_F, "%s",
              lbfgs_status_name(r.status));
    cr_expect_float_eq(x[0], 1.0, 1e-6);
    cr_expect_float_eq(x[1], 1.0, 1e-6);
    cr_expect_lt(r.iterations, 100);
}

Test(scaling_lbfgs, bad_input)
{
    double x[1] = {0};
    cr_expect_eq(lbfgs_minimize(NULL, NULL, x, 1, NULL).status, LBFGS_BAD_INPUT);
    cr_expect_eq(lbfgs_minimize(rosenbrock, NULL, x, LBFGS_MAX_DIM + 1, NULL).status,
                 LBFGS_BAD_INPUT);
}

Test(scaling_fit, grid_is_hoffmann_appendix_d2)
{
    /* alpha, beta in {0,...,2} step 0.5 (5), e in {-1,...,1} step 0.5 (5), a, b in {0,...,25}
     * step 5 (6): 5·5·5·6·6 = 4500 starts. */
    double g[4500][5];
    cr_assert_eq(scaling_fit_grid(g, 4500), 4500);
    cr_expect_eq(g[4499][0], 25.0);
    cr_expect_eq(g[4499][2], 1.0);
    cr_expect_eq(g[4499][3], 2.0);
    cr_expect_eq(g[0][2], -1.0);
}

Test(scaling_fit, gradient_matches_finite_differences)
{
    ScalingObs obs[3] = {{1e8, 2e9, 3.5, 0}, {1e9, 2e10, 2.8, 0}, {1e10, 3e11, 2.2, 0}};
    double th[5] = {6.0, 6.0, 0.5, 0.34, 0.28}, g[5];
    /* delta large enough that every residual is in the quadratic zone, and one tiny enough
     * that all are linear */
    const double deltas[2] = {10.0, 1e-6};
    for (int k = 0; k < 2; k++) {
        scaling_fit_objective(obs, 3, deltas[k], th, g);
        for (int i = 0; i < 5; i++) {
            double h = 1e-6, tp[5], tm[5];
            memcpy(tp, th, sizeof tp);
            memcpy(tm, th, sizeof tm);
            tp[i] += h;
            tm[i] -= h;
            double fd = (scaling_fit_objective(obs, 3, deltas[k], tp, NULL) -
                         scaling_fit_objective(obs, 3, deltas[k], tm, NULL)) / (2 * h);
            cr_expect_lt(fabs(fd - g[i]), 1e-6 * fmax(1.0, fabs(g[i])), "delta %g d%d: %g vs %g",
                         deltas[k], i, fd, g[i]);
        }
    }
}

Test(scaling_fit, recovers_a_known_law)
{
    /* Points generated exactly from approach 3's unrounded constants must give them back. */
    const ParametricLaw truth = {.E = 1.6933736809989528, .A = 406.4010175194737,
                                 .B = 410.7228269450398, .alpha = 0.33917084, .beta = 0.2849083};
    ScalingObs obs[48];
    size_t k = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 6; j++) {
            double n = 5e7 * pow(2.2, i), d = 1e9 * pow(3.0, j);
            obs[k++] = (ScalingObs){n, d, parametric_loss(&truth, n, d), 0};
        }
    ScalingFitOptions o = scaling_fit_defaults();
    o.max_starts = 60;
    ScalingFit f;
    RError err;
    cr_assert_eq(scaling_fit(obs, k, &o, &f, &err), 0, "%s", err.msg);
    cr_expect_lt(fabs(f.law.E / truth.E - 1), 1e-3, "E %g", f.law.E);
    cr_expect_lt(fabs(f.law.A / truth.A - 1), 1e-2, "A %g", f.law.A);
    cr_expect_lt(fabs(f.law.B / truth.B - 1), 1e-2, "B %g", f.law.B);
    cr_expect_lt(fabs(f.law.alpha - truth.alpha), 1e-3);
    cr_expect_lt(fabs(f.law.beta - truth.beta), 1e-3);
    cr_expect_lt(f.rmse_log, 1e-5);
    scaling_fit_free(&f);
}

Test(scaling_fit, too_few_points)
{
    ScalingObs obs[3] = {{1e8, 2e9, 3.5, 0}, {1e9, 2e10, 2.8, 0}, {1e10, 3e11, 2.2, 0}};
    ScalingFit f;
    RError err;
    cr_expect_eq(scaling_fit(obs, 3, NULL, &f, &err), -1);
    scaling_fit_free(&f);
}

Test(scaling_fit, epoch_refit_within_their_standard_errors, .timeout = 120)
{
    if (access(EPOCH_CSV, R_OK) != 0)
        cr_skip_test("../shared/data/chinchilla absent");
    ScalingData d;
    RError err;
    cr_assert_eq(scaling_csv_load(EPOCH_CSV, &d, &err), 0, "%s", err.msg);
    cr_expect_eq(d.count, 245); /* README: 245 rows + header */
    scaling_data_drop_highest_loss(&d, 5); /* Epoch: nr_of_models_excluded = 5 */
    cr_assert_eq(d.count, 240);
    ScalingFitOptions o = scaling_fit_defaults();
    o.max_starts = 100; /* the 100 best of the 4500 grid starts; `make bench` runs them all */
    o.bootstrap = 60;
    ScalingFit f;
    cr_assert_eq(scaling_fit(d.items, d.count, &o, &f, &err), 0, "%s", err.msg);
    /* Besiroglu et al. 2024, notebook cell 25: A 482.006 (124.522), B 2085.434 (1293.284),
     * E 1.81686 (0.02566), alpha 0.34781 (0.01540), beta 0.36585 (0.02060). */
    cr_expect_lt(fabs(f.law.A - 482.006), 124.522, "A %g", f.law.A);
    cr_expect_lt(fabs(f.law.B - 2085.434), 1293.284, "B %g", f.law.B);
    cr_expect_lt(fabs(f.law.E - 1.81686), 0.02566, "E %g", f.law.E);
    cr_expect_lt(fabs(f.law.alpha - 0.34781), 0.01540, "alpha %g", f.law.alpha);
    cr_expect_lt(fabs(f.law.beta - 0.36585), 0.02060, "beta %g", f.law.beta);
    /* Their SEs come from resampling; ours (60 resamples) must land in the same range. */
    cr_expect(f.se_boot.E > 0.5 * 0.02566 && f.se_boot.E < 2 * 0.02566, "se E %g", f.se_boot.E);
    cr_expect(f.se_boot.alpha > 0.5 * 0.0154 && f.se_boot.alpha < 2 * 0.0154);
    cr_expect(f.se_boot.beta > 0.5 * 0.0206 && f.se_boot.beta < 2 * 0.0206);
    cr_expect(f.se.E > 0 && f.se.alpha > 0);
    cr_expect_eq(f.n_points, 240);
    /* a = beta/(alpha+beta) = 0.513 (se 0.020), notebook cell 59 */
    cr_expect_lt(fabs(f.a_exp - 0.513), 0.020);
    scaling_fit_free(&f);
    scaling_data_free(&d);
}

static int parse(const char *text, ScalingData *d, RError *err)
{
    return scaling_csv_parse("t.csv", text, strlen(text), d, err);
}

Test(scaling_csv, columns_quotes_comments_and_flops)
{
    ScalingData d;
    RError err;
    const char *text = "# a comment\n"
                       "\"Model Size\",loss,\"Training FLOP\",note\r\n"
                       "\n"
                       "1e9,2.5,6e19,\"a, b\"\n"
                       "2e9,\"2.4\",1.2e20,x\n";
    cr_assert_eq(parse(text, &d, &err), 0, "%s", err.msg);
    cr_assert_eq(d.count, 2);
    cr_expect_float_eq(d.items[0].tokens, 1e10, 1e-3); /* D = C / 6N */
    cr_expect_float_eq(d.items[1].loss, 2.4, 1e-12);
    cr_expect_eq(d.items[0].line, 4);
    cr_expect_eq(d.items[1].line, 5);
    scaling_data_free(&d);
}

Test(scaling_csv, malformed_rows_report_their_line)
{
    ScalingData d;
    RError err;
    cr_expect_eq(parse("N,D,loss\n1e9,2e10,2.5\n1e9,2e10\n", &d, &err), -1);
    cr_expect_eq(err.line, 3);
    cr_expect_str_eq(err.file, "t.csv");
    cr_expect(strstr(err.msg, "expected 3 fields") != NULL, "%s", err.msg);

    cr_expect_eq(parse("N,D,loss\n1e9,2e10,2.5\n\n1e9,abc,2.5\n", &d, &err), -1);
    cr_expect_eq(err.line, 4);
    cr_expect_eq(err.col, 5); /* the D field starts at column 5 */
    cr_expect(strstr(err.msg, "not a number") != NULL, "%s", err.msg);

    cr_expect_eq(parse("N,D,loss\n1e9,2e10,-1\n", &d, &err), -1);
    cr_expect_eq(err.line, 2);
    cr_expect(strstr(err.msg, "positive") != NULL, "%s", err.msg);

    cr_expect_eq(parse("N,D,loss\n1e9,\"2e10,2.5\n", &d, &err), -1);
    cr_expect_eq(err.line, 2);

    cr_expect_eq(parse("size,tokens,loss\n1,2,3\n", &d, &err), -1);
    cr_expect_eq(err.line, 1); /* no N column */

    cr_expect_eq(parse("# only a comment\n", &d, &err), -1);
    cr_expect_null(d.items);
}

Test(scaling_csv, missing_file)
{
    ScalingData d;
    RError err;
    cr_expect_eq(scaling_csv_load("/nonexistent/x.csv", &d, &err), -1);
    cr_expect_str_eq(err.file, "/nonexistent/x.csv");
    cr_expect(strstr(err.msg, "No such file") != NULL, "%s", err.msg);
    scaling_data_free(NULL);
}

Test(scaling_csv, drop_highest_loss)
{
    ScalingObs items[6] = {{1, 1, 3.0, 1}, {1, 1, 5.0, 2}, {1, 1, 2.0, 3},
                           {1, 1, 4.0, 4}, {1, 1, 1.0, 5}, {1, 1, 4.5, 6}};
    ScalingData d = {malloc(sizeof items), 6};
    memcpy(d.items, items, sizeof items);
    scaling_data_drop_highest_loss(&d, 2);
    cr_assert_eq(d.count, 4);
    /* 5.0 and 4.5 gone, order kept */
    cr_expect_eq(d.items[0].line, 1);
    cr_expect_eq(d.items[1].line, 3);
    cr_expect_eq(d.items[2].line, 4);
    cr_expect_eq(d.items[3].line, 5);
    scaling_data_drop_highest_loss(&d, 10);
    cr_expect_eq(d.count, 0);
    scaling_data_free(&d);
}

/* Points from approach 3's constants on an 8 x 6 grid, each loss moved by a fixed ±1% pattern. */
static size_t noisy_points(ScalingObs *obs, size_t cap)
{
    const ParametricLaw truth = {.E = 1.69, .A = 406.4, .B = 410.7, .alpha = 0.34, .beta = 0.28};
    size_t k = 0;
    for (size_t i = 0; i < cap; i++) {
        double n = 5e7 * pow(10, 2.5 * (double)(i * 7919 % cap) / (double)cap);
        double d = 1e9 * pow(10, 2.5 * (double)(i * 104729 % cap) / (double)cap);
        obs[k++] = (ScalingObs){n, d, parametric_loss(&truth, n, d) * (1 + 0.01 * sin(3.1 * i)), 0};
    }
    return k;
}

Test(scaling_fit, early_stop_finds_the_full_grid_optimum)
{
    ScalingObs obs[48];
    size_t n = noisy_points(obs, 48);
    ScalingFitOptions o = scaling_fit_defaults();
    ScalingFit quick, full;
    RError err;
    cr_assert_eq(scaling_fit(obs, n, &o, &quick, &err), 0, "%s", err.msg);
    o.confirm = 0; /* every one of the 4500 starts */
    cr_assert_eq(scaling_fit(obs, n, &o, &full, &err), 0, "%s", err.msg);
    cr_expect_eq(full.starts, 4500);
    cr_expect_eq(full.stopped_early, 0);
    cr_expect(quick.stopped_early);
    cr_expect_eq(quick.confirmed, SCALING_FIT_CONFIRM);
    cr_expect_lt(quick.starts, 100, "%d runs", quick.starts);
    cr_expect_leq(quick.objective, full.objective * (1 + 1e-9), "%.12g vs %.12g",
                  quick.objective, full.objective);
    cr_expect_lt(fabs(quick.law.alpha - full.law.alpha), 1e-4);
    cr_expect_lt(fabs(quick.law.beta - full.law.beta), 1e-4);
    cr_expect_lt(fabs(quick.law.E / full.law.E - 1), 1e-4);
    scaling_fit_free(&quick);
    scaling_fit_free(&full);
}

Test(scaling_fit, rows_capped_just_over_the_limit_accepted_at_it)
{
    ScalingObs *obs = malloc((SCALING_FIT_MAX_ROWS + 1) * sizeof *obs);
    cr_assert_not_null(obs);
    size_t n = noisy_points(obs, SCALING_FIT_MAX_ROWS + 1);
    ScalingFitOptions o = scaling_fit_defaults();
    ScalingFit f;
    RError err;
    cr_expect_eq(scaling_fit(obs, n, &o, &f, &err), -1);
    cr_expect_str_eq(err.msg, "10001 rows: the fitter takes at most 10000 (sample the runs)");
    scaling_fit_free(&f);
    cr_assert_eq(scaling_fit(obs, SCALING_FIT_MAX_ROWS, &o, &f, &err), 0, "%s", err.msg);
    cr_expect_eq(f.n_points, SCALING_FIT_MAX_ROWS);
    cr_expect_lt(fabs(f.law.alpha - 0.34), 0.05, "alpha %g", f.law.alpha);
    scaling_fit_free(&f);
    free(obs);
}
