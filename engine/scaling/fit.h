/* Fitting L(N, D) = E + A/N^alpha + B/D^beta to observations the way Hoffmann et al. 2022
 * (Appendix D.2) and Epoch AI did: Huber loss on log-loss via log-sum-exp, L-BFGS from a grid
 * of initialisations; residuals and standard errors. */
#ifndef RAMPUP_ENGINE_SCALING_FIT_H
#define RAMPUP_ENGINE_SCALING_FIT_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/scaling/csv.h"
#include "engine/scaling/laws.h"

/* Rows the fitter takes at most: past it scaling_fit refuses ("sample the runs"). The cost is
 * about rows × (runs until confirmed + bootstrap resamples) objective evaluations; 10,000 rows
 * fit in seconds (`make bench`), published scaling studies have a few hundred runs. */
#define SCALING_FIT_MAX_ROWS 10000
/* The multi-start stops once this many L-BFGS runs have ended at the best optimum found so far
 * (objective within SCALING_FIT_SAME_F relative, every parameter within 1e-3). */
#define SCALING_FIT_CONFIRM 8
#define SCALING_FIT_SAME_F 1e-9
/* The grid starts are ranked on at most this many rows, spread evenly over the data. */
#define SCALING_FIT_RANK_ROWS 1024

typedef struct ScalingFitOptions {
    double huber_delta;   /* 1e-3 (Hoffmann et al. 2022, eq. 3 / D.2) */
    size_t max_starts;    /* 0: run L-BFGS from every grid point (4500); else only from the
                           * max_starts grid points with the lowest initial objective */
    int bootstrap;        /* resamples for bootstrap standard errors (0: none) */
    int confirm;          /* stop after this many runs reach the best optimum (default
                           * SCALING_FIT_CONFIRM; 0: run every start) */
    unsigned long long seed; /* bootstrap resampling seed */
} ScalingFitOptions;

typedef struct ScalingFit {
    ParametricLaw law;     /* E, A, B, alpha, beta */
    double log_e, log_a, log_b; /* e = ln E, a = ln A, b = ln B as optimised */
    double objective;      /* sum of Huber losses at the fit */
    size_t n_points;
    int starts;            /* L-BFGS runs */
    int confirmed;         /* runs that ended at the best optimum (the early stop counts them) */
    int stopped_early;     /* 1 when the confirmation stopped the multi-start before the end */
    int converged;         /* of which ended on a convergence test */
    /* Asymptotic standard errors: Gauss-Newton observed information of the log-loss residuals,
     * s^2 (J^T J)^-1 with s^2 = RSS / (n - 5), mapped to (E, A, B) by the delta method. */
    ParametricLaw se;
    /* Bootstrap standard errors (resampled points, refit from the fit); zeros if not run. */
    ParametricLaw se_boot;
    int n_boot;
    double rmse_log;       /* sqrt(mean r^2), r = ln L_pred - ln L */
    double mae_log;
    double *residuals;     /* owned, n_points entries: ln L_pred - ln L in input order */
    double a_exp, b_exp;   /* N_opt ∝ C^a, D_opt ∝ C^b implied by the fit */
} ScalingFit;

ScalingFitOptions scaling_fit_defaults(void);

/* The Hoffmann et al. grid: alpha, beta in {0, 0.5, ..., 2}; e in {-1, -0.5, ..., 1};
 * a, b in {0, 5, ..., 25} (App. D.2; as in Epoch's notebook). Writes up to `cap` starts as
 * (a, b, e, alpha, beta) rows; returns the full count (4500). */
size_t scaling_fit_grid(double (*starts)[5], size_t cap);

/* The Huber objective at theta = (a, b, e, alpha, beta) and its gradient (may be NULL). */
double scaling_fit_objective(const ScalingObs *obs, size_t n, double delta, const double *theta,
                             double *grad);

/* Fits the law. Needs 6 to SCALING_FIT_MAX_ROWS points. L-BFGS runs from the grid starts in
 * order of their objective (ranked on up to SCALING_FIT_RANK_ROWS rows) and stops once
 * `confirm` runs have ended at the best optimum. out must be freed with scaling_fit_free. */
int scaling_fit(const ScalingObs *obs, size_t n, const ScalingFitOptions *opts, ScalingFit *out,
                RError *err);
void scaling_fit_free(ScalingFit *fit);

#endif
