/* Inference-aware optimum by a bracketed 1-D search on ln N; plot curves; C = 6ND. */
#include "engine/scaling/optimum.h"

#include <math.h>

/* D_tr(N) reaching loss l with N parameters: B / D^beta = l - E - A / N^alpha. */
static double tokens_for_loss(const ParametricLaw *p, double l, double n)
{
    double rest = l - p->E - p->A / pow(n, p->alpha);
    if (!(rest > 0))
        return INFINITY;
    return pow(p->B / rest, 1.0 / p->beta);
}

/* ln of lifetime FLOPs at x = ln N. */
static double lifetime_cost(const ParametricLaw *p, double l, double dinf, double x)
{
    double n = exp(x);
    double d = tokens_for_loss(p, l, n);
    if (!isfinite(d))
        return INFINITY;
    return log(SCALING_FLOPS_PER_PARAM_TOKEN * n * d + 2.0 * n * dinf);
}

/* Minimises the cost over x in (x_lo, x_hi): a coarse scan, then golden-section refinement
 * around the best sample. */
static double minimise_cost(const ParametricLaw *p, double l, double dinf, double x_lo, double x_hi)
{
    enum { SCAN = 600 };
    double best_x = x_hi, best_f = INFINITY, step = (x_hi - x_lo) / SCAN;
    for (int i = 1; i <= SCAN; i++) {
        double x = x_lo + step * i;
        double f = lifetime_cost(p, l, dinf, x);
        if (f < best_f) {
            best_f = f;
            best_x = x;
        }
    }
    double a = best_x - step, b = best_x + step;
    if (a <= x_lo)
        a = x_lo + step * 1e-6;
    const double gr = 0.6180339887498949; /* (sqrt(5) - 1) / 2 */
    double c = b - gr * (b - a), d = a + gr * (b - a);
    double fc = lifetime_cost(p, l, dinf, c), fd = lifetime_cost(p, l, dinf, d);
    for (int it = 0; it < 200 && b - a > 1e-13; it++) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - gr * (b - a);
            fc = lifetime_cost(p, l, dinf, c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + gr * (b - a);
            fd = lifetime_cost(p, l, dinf, d);
        }
    }
    return 0.5 * (a + b);
}

/* The training-only optimum for loss l: scaling N_opt(C) up until its loss reaches l. On the
 * frontier L(N_opt(C), D_opt(C)) falls monotonically in C, so bisect on ln C. */
static void chinchilla_for_loss(const ParametricLaw *p, double l, double *n, double *d)
{
    double lo = log(1e6), hi = log(1e60);
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi), nn, dd;
        parametric_optimum(p, exp(mid), &nn, &dd);
        if (parametric_loss(p, nn, dd) > l)
            lo = mid;
        else
            hi = mid;
    }
    parametric_optimum(p, exp(hi), n, d);
}

int scaling_inference_optimum(const ParametricLaw *p, double target_loss, double inference_tokens,
                              InferenceOptimum *out, RError *err)
{
    if (!(inference_tokens >= 0) || !isfinite(inference_tokens))
        return rerror_set(err, "inference tokens must be >= 0");
    if (!(target_loss > p->E) || !isfinite(target_loss))
        return rerror_set(err, "target loss %.4g is not above the law's floor E = %.4g",
                          target_loss, p->E);
    double cn, cd;
    chinchilla_for_loss(p, target_loss, &cn, &cd);
    /* N must exceed N_min, where A/N^alpha alone uses up the loss above E; with inference
     * traffic the optimum moves to smaller N than the training-only optimum (Sardana et al.). */
    double x_lo = log(p->A / (target_loss - p->E)) / p->alpha;
    double x_hi = log(cn) + 1e-9;
    double x = x_hi;
    if (inference_tokens > 0 && x_hi > x_lo)
        x = minimise_cost(p, target_loss, inference_tokens, x_lo, x_hi);
    double n = inference_tokens > 0 ? exp(x) : cn;
    double d = inference_tokens > 0 ? tokens_for_loss(p, target_loss, n) : cd;
    out->target_loss = target_loss;
    out->inference_tokens = inference_tokens;
    out->params = n;
    out->tokens = d;
    out->tokens_per_param = d / n;
    out->train_flops = SCALING_FLOPS_PER_PARAM_TOKEN * n * d;
    out->infer_flops = 2.0 * n * inference_tokens;
    out->total_flops = out->train_flops + out->infer_flops;
    out->chin_params = cn;
    out->chin_tokens = cd;
    out->chin_total_flops = SCALING_FLOPS_PER_PARAM_TOKEN * cn * cd + 2.0 * cn * inference_tokens;
    out->saving = 1.0 - out->total_flops / out->chin_total_flops;
    if (out->saving < 0) /* only rounding can make it negative: the optimum is never worse */
        out->saving = 0;
    return 0;
}

int scaling_inference_optimum_for_budget(const ScalingLaw *law, double compute,
                                         double inference_tokens, InferenceOptimum *out,
                                         RError *err)
{
    if (law->kind != LAW_KIND_PARAMETRIC)
        return rerror_set(err, "%s is not of the form E + A/N^alpha + B/D^beta, which the "
                               "inference-aware optimum needs (use chinchilla3, "
                               "chinchilla3-rounded or epoch)",
                          law->name);
    if (!(compute > 0) || !isfinite(compute))
        return rerror_set(err, "compute must be a positive number of FLOP");
    ScalingPoint opt = scaling_optimum(law, compute);
    return scaling_inference_optimum(&law->p, opt.loss, inference_tokens, out, err);
}

void scaling_solve_cnd(double *compute, double *params, double *tokens, ScalingUnknown unknown)
{
    switch (unknown) {
    case SCALING_SOLVE_C:
        *compute = SCALING_FLOPS_PER_PARAM_TOKEN * *params * *tokens;
        break;
    case SCALING_SOLVE_N:
        *params = *compute / (SCALING_FLOPS_PER_PARAM_TOKEN * *tokens);
        break;
    case SCALING_SOLVE_D:
        *tokens = *compute / (SCALING_FLOPS_PER_PARAM_TOKEN * *params);
        break;
    }
}

static double log_space(double lo, double hi, size_t i, size_t count)
{
    if (count < 2)
        return lo;
    return exp(log(lo) + (log(hi) - log(lo)) * (double)i / (double)(count - 1));
}

void scaling_isoflop(const ScalingLaw *law, double compute, double n_lo, double n_hi,
                     size_t count, double *n_out, double *loss_out)
{
    for (size_t i = 0; i < count; i++) {
        double n = log_space(n_lo, n_hi, i, count);
        n_out[i] = n;
        loss_out[i] = scaling_loss(law, n, compute / (SCALING_FLOPS_PER_PARAM_TOKEN * n));
    }
}

void scaling_frontier(const ScalingLaw *law, double c_lo, double c_hi, size_t count,
                      double *c_out, double *n_out)
{
    for (size_t i = 0; i < count; i++) {
        double c = log_space(c_lo, c_hi, i, count);
        c_out[i] = c;
        n_out[i] = scaling_optimum(law, c).params;
    }
}
