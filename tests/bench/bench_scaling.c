/* Benchmark: the Chinchilla law fit on Epoch AI's 240 points (every one of the 4500 grid
 * starts, the default early stop, the 100 best starts, 200 bootstrap resamples), fit time
 * against rows (synthetic runs up to SCALING_FIT_MAX_ROWS), and the per-call cost of the
 * closed-form laws. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine/scaling/csv.h"
#include "engine/scaling/fit.h"
#include "engine/scaling/laws.h"
#include "engine/scaling/optimum.h"

#define EPOCH_CSV "../shared/data/chinchilla/svg_extracted_data.csv"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fit_run(const ScalingData *d, size_t starts, int boot, int confirm, const char *what)
{
    ScalingFitOptions o = scaling_fit_defaults();
    o.max_starts = starts;
    o.bootstrap = boot;
    o.confirm = confirm;
    ScalingFit f;
    RError err;
    double t0 = now();
    if (scaling_fit(d->items, d->count, &o, &f, &err)) {
        fprintf(stderr, "bench_scaling: %s\n", err.msg);
        return 1;
    }
    double dt = now() - t0;
    printf("%-34s %7.3f s  (%d L-BFGS runs, %d converged; %.2f ms/run)\n", what, dt, f.starts,
           f.converged, 1e3 * dt / (f.starts + f.n_boot));
    printf("  E %.5f  A %.2f  B %.1f  alpha %.5f  beta %.5f  objective %.8g\n", f.law.E, f.law.A,
           f.law.B, f.law.alpha, f.law.beta, f.objective);
    if (f.n_boot > 0)
        printf("  bootstrap se: E %.5f  A %.2f  B %.1f  alpha %.5f  beta %.5f  (%d resamples)\n",
               f.se_boot.E, f.se_boot.A, f.se_boot.B, f.se_boot.alpha, f.se_boot.beta, f.n_boot);
    /* Epoch AI (Besiroglu et al. 2024) cell 25 values and SEs */
    double z = fmax(fmax(fabs(f.law.E - 1.81686) / 0.02566, fabs(f.law.A - 482.006) / 124.522),
                    fmax(fabs(f.law.alpha - 0.34781) / 0.01540,
                         fmax(fabs(f.law.beta - 0.36585) / 0.02060,
                              fabs(f.law.B - 2085.434) / 1293.284)));
    printf("  largest distance from Epoch's fit: %.2f of their standard errors\n", z);
    scaling_fit_free(&f);
    return 0;
}

/* Fit time against rows: runs drawn from Hoffmann et al.'s approach-3 law on a log grid of
 * N and D, with a deterministic ±2% wobble on the loss (no tuning: the point is the cost). */
static int rows_sweep(void)
{
    const ParametricLaw truth = {.E = 1.69, .A = 406.4, .B = 410.7, .alpha = 0.34, .beta = 0.28};
    static const size_t sizes[] = {100, 1000, 3000, SCALING_FIT_MAX_ROWS};
    printf("fit time against rows (default options, 200 bootstrap resamples as the CLI):\n");
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        ScalingObs *obs = malloc(n * sizeof *obs);
        if (!obs)
            return 1;
        for (size_t i = 0; i < n; i++) {
            double u = (double)(i * 7919 % n) / (double)n, v = (double)(i * 104729 % n) / (double)n;
            double pn = 7e7 * pow(10, 2.5 * u), pd = 5e9 * pow(10, 2.5 * v);
            double wob = 1 + 0.02 * sin(12.9898 * (double)i);
            obs[i] = (ScalingObs){pn, pd, parametric_loss(&truth, pn, pd) * wob, 0};
        }
        ScalingFitOptions o = scaling_fit_defaults();
        o.bootstrap = 200;
        ScalingFit f;
        RError err;
        double t0 = now();
        int rc = scaling_fit(obs, n, &o, &f, &err);
        double dt = now() - t0;
        free(obs);
        if (rc) {
            fprintf(stderr, "bench_scaling: %s\n", err.msg);
            return 1;
        }
        printf("  %6zu rows  %7.3f s  (%d runs, %d confirmed, %d resamples)  "
               "alpha %.3f beta %.3f\n",
               n, dt, f.starts, f.confirmed, f.n_boot, f.law.alpha, f.law.beta);
        scaling_fit_free(&f);
    }
    return 0;
}

int main(void)
{
    ScalingData d;
    RError err;
    if (scaling_csv_load(EPOCH_CSV, &d, &err)) {
        printf("bench_scaling: %s — skipped (run from the repo root with ../shared present)\n",
               err.msg);
        return 0;
    }
    scaling_data_drop_highest_loss(&d, 5);
    printf("fit L(N,D) on %zu points (Epoch AI's Chinchilla data, 5 highest-loss dropped)\n",
           d.count);
    int rc = fit_run(&d, 0, 0, 0, "every grid start (4500)");
    rc |= fit_run(&d, 0, 0, SCALING_FIT_CONFIRM, "default: stop once confirmed");
    rc |= fit_run(&d, 100, 0, 0, "100 best grid starts");
    rc |= fit_run(&d, 0, 200, SCALING_FIT_CONFIRM, "default + 200 bootstrap (the CLI)");
    scaling_data_free(&d);
    rc |= rows_sweep();

    enum { CALLS = 1000000 };
    double sink = 0, t0 = now();
    for (int i = 0; i < CALLS; i++)
        sink += scaling_optimum(scaling_law(i % LAW_COUNT), 1e18 * pow(10, (i % 100) / 10.0)).loss;
    double dt = now() - t0;
    printf("scaling_optimum: %.0f ns/call (%d calls, all laws, checksum %.3f)\n",
           1e9 * dt / CALLS, CALLS, sink / CALLS);
    t0 = now();
    InferenceOptimum io;
    for (int i = 0; i < 1000; i++)
        scaling_inference_optimum_for_budget(scaling_law(LAW_CHINCHILLA3), 1e23, 1e10 * (i + 1),
                                             &io, &err);
    printf("inference-aware optimum: %.1f us/call\n", 1e6 * (now() - t0) / 1000);
    return rc;
}
