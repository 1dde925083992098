/* A small L-BFGS minimiser (Nocedal & Wright 2006, Alg. 7.4 two-loop recursion) with a
 * strong-Wolfe line search (Alg. 3.5/3.6). Dense, unconstrained, for a handful of variables. */
#ifndef RAMPUP_ENGINE_SCALING_LBFGS_H
#define RAMPUP_ENGINE_SCALING_LBFGS_H

#include <stddef.h>

/* Returns f(x) and writes the gradient into g (length n). */
typedef double (*LbfgsFn)(const double *x, double *g, size_t n, void *ctx);

enum { LBFGS_MAX_DIM = 16, LBFGS_MAX_HISTORY = 20 };

typedef struct LbfgsOptions {
    int history;      /* m, pairs kept (default 10) */
    int max_iter;     /* default 1000 */
    double gtol;      /* stop when max|g_i| <= gtol (default 1e-10) */
    double ftol;      /* stop when (f_prev - f) <= ftol * max(|f|, |f_prev|, 1) (default 1e-15) */
} LbfgsOptions;

typedef enum LbfgsStatus {
    LBFGS_CONVERGED_GRAD,
    LBFGS_CONVERGED_F,
    LBFGS_MAX_ITER,
    LBFGS_LINE_SEARCH_FAILED, /* no further progress possible along the search direction */
    LBFGS_BAD_INPUT
} LbfgsStatus;

typedef struct LbfgsResult {
    LbfgsStatus status;
    double f;
    int iterations;
    int evaluations;
} LbfgsResult;

/* Defaults for the fields above. */
LbfgsOptions lbfgs_defaults(void);
/* Minimises fn from x (updated in place, n <= LBFGS_MAX_DIM). opts may be NULL. */
LbfgsResult lbfgs_minimize(LbfgsFn fn, void *ctx, double *x, size_t n, const LbfgsOptions *opts);
const char *lbfgs_status_name(LbfgsStatus status);

#endif
