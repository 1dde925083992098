/* Scaling laws: Chinchilla approaches 1-3, the Epoch AI refit and Kaplan et al.; loss L(N, D),
 * the compute-optimal N and D for a budget C ≈ 6ND, and training time on a GPU cluster. */
#ifndef RAMPUP_ENGINE_SCALING_LAWS_H
#define RAMPUP_ENGINE_SCALING_LAWS_H

#include <stdbool.h>
#include <stddef.h>

/* FLOPs per parameter per training token: C ≈ 6ND (Hoffmann et al. 2022, §3.3 and App. F;
 * Kaplan et al. 2020, §2.1). */
#define SCALING_FLOPS_PER_PARAM_TOKEN 6.0
/* 1 PF-day = 1e15 FLOP/s x 86400 s = 8.64e19 FLOP (Kaplan et al. 2020, §1.3). */
#define SCALING_PF_DAY 8.64e19
/* The Gopher training budget, "1 Gopher unit" of Table 3 (Hoffmann et al. 2022, Table 3). */
#define SCALING_GOPHER_FLOPS 5.76e23

typedef enum ScalingLawId {
    LAW_CHINCHILLA1,         /* Approach 1: N_opt ∝ C^a anchored to Table 3 */
    LAW_CHINCHILLA2,         /* Approach 2: N_opt ∝ C^a anchored to Table A3 (approach 2) */
    LAW_CHINCHILLA3,         /* Approach 3, unrounded constants from the TeX source */
    LAW_CHINCHILLA3_ROUNDED, /* Approach 3, eq. (10) as printed */
    LAW_EPOCH,               /* Besiroglu et al. 2024 refit of approach 3 */
    LAW_KAPLAN,              /* Kaplan et al. 2020 */
    LAW_COUNT
} ScalingLawId;

typedef enum ScalingLawKind {
    LAW_KIND_POWER,      /* N_opt = k C^a, D_opt = C / (6 N_opt); no loss of its own */
    LAW_KIND_PARAMETRIC, /* L(N, D) = E + A/N^alpha + B/D^beta, closed-form optimum (eq. 4) */
    LAW_KIND_KAPLAN      /* N_opt = 1.3e9 C_pf^0.73; L(N, D) of eq. (1.5) */
} ScalingLawKind;

/* L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, eq. 2). */
typedef struct ParametricLaw {
    double E, A, B, alpha, beta;
} ParametricLaw;

/* Kaplan et al. 2020 constants: eq. (1.1), (1.2), (1.5) with Table 2, (6.1). */
typedef struct KaplanLaw {
    double alpha_n, n_c;     /* L(N) = (N_c/N)^alpha_N, eq. (1.1) */
    double alpha_d, d_c;     /* L(D) = (D_c/D)^alpha_D, eq. (1.2) */
    double nd_alpha_n, nd_alpha_d, nd_n_c, nd_d_c; /* eq. (1.5), Table 2 */
    double opt_k, opt_a;     /* N_opt = k · C_min^a, C_min in PF-days, eq. (6.1) */
} KaplanLaw;

/* The parameters and tokens of the training runs a law was fitted on; outside them a law is
 * an extrapolation (a budget counts by its optimal N and D). */
typedef struct ScalingFitRange {
    double n_min, n_max; /* parameters */
    double d_min, d_max; /* training tokens */
    const char *source;
} ScalingFitRange;

typedef struct ScalingLaw {
    ScalingLawId id;
    ScalingLawKind kind;
    const char *name;   /* command-line key, e.g. "chinchilla3" */
    const char *label;  /* shown in the app */
    const char *source; /* paper and table */
    double a, b;        /* N_opt ∝ C^a, D_opt ∝ C^b */
    double k;           /* POWER: N_opt = k · C^a (C in FLOP) */
    ParametricLaw p;    /* PARAMETRIC */
    KaplanLaw kaplan;   /* KAPLAN */
    ScalingLawId loss_law; /* whose L(N, D) gives this law's loss (itself unless POWER) */
    ScalingFitRange fit;   /* the runs it was fitted on */
} ScalingLaw;

/* One row of a Chinchilla projection table (Table 3 or Table A3). */
typedef struct ChinchillaRow {
    double params, flops, tokens;
} ChinchillaRow;

/* The law table: built once from constants in laws.c; never NULL for a valid id. */
const ScalingLaw *scaling_law(ScalingLawId id);
/* Lookup by command-line name; -1 when unknown. */
int scaling_law_find(const char *name);

/* Hoffmann et al. 2022 Table 3 (approach 1) and Table A3 (approach 2) projections. */
const ChinchillaRow *chinchilla_table3(size_t *count);
const ChinchillaRow *chinchilla_tableA3_approach2(size_t *count);
/* Least-squares fit of ln N = ln k + a ln C over projection rows (how the approach 1 and 2
 * constants above were anchored). Returns -1 with fewer than two distinct budgets. */
int chinchilla_fit_power(const ChinchillaRow *rows, size_t count, double *k, double *a);

/* L(N, D) for a parametric law. */
double parametric_loss(const ParametricLaw *p, double n, double d);
/* Closed-form eq. (4): minimises L subject to 6ND = C. */
void parametric_optimum(const ParametricLaw *p, double c, double *n_opt, double *d_opt);
/* Kaplan eq. (1.1), (1.2), (1.5). */
double kaplan_loss_n(const KaplanLaw *k, double n);
double kaplan_loss_d(const KaplanLaw *k, double d);
double kaplan_loss_nd(const KaplanLaw *k, double n, double d);

/* The loss `law` predicts at (N, D) (for POWER laws, their loss_law's). */
double scaling_loss(const ScalingLaw *law, double n, double d);

typedef struct ScalingPoint {
    double compute;          /* FLOP */
    double params, tokens;   /* N, D */
    double loss;             /* nats/token, by loss_law */
    double tokens_per_param; /* D / N */
} ScalingPoint;

/* Compute-optimal allocation of a budget C (FLOP > 0). */
ScalingPoint scaling_optimum(const ScalingLaw *law, double compute);
/* Evaluates a given (N, D): C = 6ND and the law's loss. */
ScalingPoint scaling_evaluate(const ScalingLaw *law, double params, double tokens);
/* The compute budget for which `law` says N is optimal (inverse of scaling_optimum). */
double scaling_compute_for_params(const ScalingLaw *law, double params);

/* How far (N, D) lies outside the law's fitted range: the largest of n_min/N, N/n_max,
 * d_min/D, D/d_max, and 1 inside it. Non-positive or non-finite values count as infinitely far. */
double scaling_extrapolation_factor(const ScalingLaw *law, double params, double tokens);
/* (N, D) lies outside the range the law was fitted on. */
bool scaling_extrapolating(const ScalingLaw *law, double params, double tokens);
/* A factor beyond this (an order of magnitude) is "far outside the fitted range". */
#define SCALING_FAR_FACTOR 10.0

/* Training time for C FLOP on `gpus` devices of `peak_flops` each at utilisation `mfu`. */
typedef struct TrainTime {
    double seconds;
    double days;
    double gpu_hours;
} TrainTime;
TrainTime scaling_train_time(double compute, double peak_flops, int gpus, double mfu);

#endif
