/* L-BFGS: two-loop recursion for the direction, strong-Wolfe bracketing line search with a
 * safeguarded cubic interpolation in the zoom phase (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., Alg. 3.5, 3.6 and 7.4). */
#include "engine/scaling/lbfgs.h"

#include <math.h>
#include <string.h>

/* Sufficient decrease and curvature constants: the usual quasi-Newton choice (N&W §3.1). */
#define WOLFE_C1 1e-4
#define WOLFE_C2 0.9
#define LS_MAX_EVALS 40

LbfgsOptions lbfgs_defaults(void)
{
    LbfgsOptions o = {.history = 10, .max_iter = 1000, .gtol = 1e-10, .ftol = 1e-15};
    return o;
}

const char *lbfgs_status_name(LbfgsStatus status)
{
    switch (status) {
    case LBFGS_CONVERGED_GRAD: return "converged (gradient)";
    case LBFGS_CONVERGED_F: return "converged (objective)";
    case LBFGS_MAX_ITER: return "iteration limit";
    case LBFGS_LINE_SEARCH_FAILED: return "line search made no progress";
    case LBFGS_BAD_INPUT: return "bad input";
    }
    return "?";
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* One line-search problem: phi(a) = f(x + a p). */
typedef struct Line {
    LbfgsFn fn;
    void *ctx;
    size_t n;
    const double *x, *p;
    double xt[LBFGS_MAX_DIM], gt[LBFGS_MAX_DIM];
    int evals;
} Line;

static double line_eval(Line *ln, double a, double *dphi)
{
    for (size_t i = 0; i < ln->n; i++)
        ln->xt[i] = ln->x[i] + a * ln->p[i];
    double f = ln->fn(ln->xt, ln->gt, ln->n, ln->ctx);
    ln->evals++;
    *dphi = dot(ln->gt, ln->p, ln->n);
    return f;
}

/* Minimiser of the cubic through (a, fa, da) and (b, fb, db), clamped into the middle 80% of
 * the interval; bisection when the cubic is degenerate. */
static double cubic_step(double a, double fa, double da, double b, double fb, double db)
{
    double d1 = da + db - 3.0 * (fa - fb) / (a - b);
    double disc = d1 * d1 - da * db;
    double lo = fmin(a, b), hi = fmax(a, b), t;
    if (disc >= 0 && isfinite(disc)) {
        double d2 = copysign(sqrt(disc), b - a);
        t = b - (b - a) * (db + d2 - d1) / (db - da + 2.0 * d2);
    } else {
        t = 0.5 * (a + b);
    }
    double margin = 0.1 * (hi - lo);
    if (!isfinite(t) || t < lo + margin || t > hi - margin)
        t = 0.5 * (a + b);
    return t;
}

/* Strong-Wolfe search from step a1. Returns 0 with x_out/g_out/f_out set to the new point
 * (a Wolfe point, or failing that the lowest point seen), -1 when nothing decreased f. */
static int line_search(Line *ln, double f0, double d0, double a1, double *x_out, double *g_out,
                       double *f_out)
{
    double a_prev = 0, f_prev = f0, d_prev = d0, a = a1;
    double best_f = f0;
    double lo = 0, flo = 0, dlo = 0, hi = 0, fhi = 0, dhi = 0;
    int zoom = 0;
#define KEEP_IF_BEST(fv)                                                                 \
    do {                                                                                 \
        if (isfinite(fv) && (fv) < best_f) {                                             \
            best_f = (fv);                                                               \
            memcpy(x_out, ln->xt, ln->n * sizeof *x_out);                                \
            memcpy(g_out, ln->gt, ln->n * sizeof *g_out);                                \
        }                                                                                \
    } while (0)
    for (int i = 0; ln->evals < LS_MAX_EVALS; i++) {
        double d, f = line_eval(ln, a, &d);
        KEEP_IF_BEST(f);
        if (!isfinite(f) || f > f0 + WOLFE_C1 * a * d0 || (i > 0 && f >= f_prev)) {
            lo = a_prev, flo = f_prev, dlo = d_prev;
            hi = a, fhi = isfinite(f) ? f : INFINITY, dhi = isfinite(d) ? d : 0;
            zoom = 1;
            break;
        }
        if (fabs(d) <= -WOLFE_C2 * d0)
            break; /* Wolfe point; it decreased f, so KEEP_IF_BEST holds it unless an
                    * earlier trial was lower (then that one is kept) */
        if (d >= 0) {
            lo = a, flo = f, dlo = d;
            hi = a_prev, fhi = f_prev, dhi = d_prev;
            zoom = 1;
            break;
        }
        a_prev = a, f_prev = f, d_prev = d;
        a *= 2.0;
    }
    while (zoom && ln->evals < LS_MAX_EVALS) {
        if (fabs(hi - lo) < 1e-16 * fmax(1.0, fabs(lo)))
            break;
        double t = isfinite(fhi) ? cubic_step(lo, flo, dlo, hi, fhi, dhi) : 0.5 * (lo + hi);
        double d, f = line_eval(ln, t, &d);
        KEEP_IF_BEST(f);
        if (!isfinite(f) || f > f0 + WOLFE_C1 * t * d0 || f >= flo) {
            hi = t, fhi = isfinite(f) ? f : INFINITY, dhi = isfinite(d) ? d : 0;
        } else {
            if (fabs(d) <= -WOLFE_C2 * d0)
                break;
            if (d * (hi - lo) >= 0)
                hi = lo, fhi = flo, dhi = dlo;
            lo = t, flo = f, dlo = d;
        }
    }
#undef KEEP_IF_BEST
    if (best_f < f0) {
        *f_out = best_f;
        return 0;
    }
    return -1;
}

LbfgsResult lbfgs_minimize(LbfgsFn fn, void *ctx, double *x, size_t n, const LbfgsOptions *opts)
{
    LbfgsResult res = {LBFGS_BAD_INPUT, NAN, 0, 0};
    LbfgsOptions o = opts ? *opts : lbfgs_defaults();
    if (!fn || !x || n == 0 || n > LBFGS_MAX_DIM)
        return res;
    if (o.history < 1)
        o.history = 1;
    if (o.history > LBFGS_MAX_HISTORY)
        o.history = LBFGS_MAX_HISTORY;

    double g[LBFGS_MAX_DIM], p[LBFGS_MAX_DIM], xn[LBFGS_MAX_DIM], gn[LBFGS_MAX_DIM];
    double s[LBFGS_MAX_HISTORY][LBFGS_MAX_DIM], y[LBFGS_MAX_HISTORY][LBFGS_MAX_DIM];
    double rho[LBFGS_MAX_HISTORY], alpha[LBFGS_MAX_HISTORY];
    int stored = 0, head = 0; /* ring buffer: newest pair at (head - 1) */

    double f = fn(x, g, n, ctx);
    res.evaluations = 1;
    if (!isfinite(f)) {
        res.f = f;
        return res;
    }
    for (int k = 0; k < o.max_iter; k++) {
        double gmax = 0;
        for (size_t i = 0; i < n; i++)
            gmax = fmax(gmax, fabs(g[i]));
        if (gmax <= o.gtol) {
            res.status = LBFGS_CONVERGED_GRAD;
            goto done;
        }
        /* Two-loop recursion: p = -H g. */
        memcpy(p, g, n * sizeof *p);
        for (int j = 0; j < stored; j++) {
            int idx = (head - 1 - j + o.history) % o.history;
            alpha[idx] = rho[idx] * dot(s[idx], p, n);
            for (size_t i = 0; i < n; i++)
                p[i] -= alpha[idx] * y[idx][i];
        }
        if (stored > 0) {
            int last = (head - 1 + o.history) % o.history;
            double gamma = dot(s[last], y[last], n) / dot(y[last], y[last], n);
            for (size_t i = 0; i < n; i++)
                p[i] *= gamma;
        }
        for (int j = stored - 1; j >= 0; j--) {
            int idx = (head - 1 - j + o.history) % o.history;
            double beta = rho[idx] * dot(y[idx], p, n);
            for (size_t i = 0; i < n; i++)
                p[i] += s[idx][i] * (alpha[idx] - beta);
        }
        for (size_t i = 0; i < n; i++)
            p[i] = -p[i];
        double d0 = dot(g, p, n);
        if (!(d0 < 0)) { /* not a descent direction: restart from steepest descent */
            stored = 0;
            for (size_t i = 0; i < n; i++)
                p[i] = -g[i];
            d0 = dot(g, p, n);
        }
        double a1 = 1.0;
        if (stored == 0)
            a1 = fmin(1.0, 1.0 / sqrt(dot(g, g, n)));
        Line ln = {.fn = fn, .ctx = ctx, .n = n, .x = x, .p = p, .evals = 0};
        double fnew = f;
        int ls = line_search(&ln, f, d0, a1, xn, gn, &fnew);
        res.evaluations += ln.evals;
        if (ls < 0) {
            if (stored > 0) { /* drop the curvature history and try steepest descent */
                stored = 0;
                continue;
            }
            res.status = LBFGS_LINE_SEARCH_FAILED;
            goto done;
        }
        double sy = 0, yy = 0;
        int slot = head;
        for (size_t i = 0; i < n; i++) {
            s[slot][i] = xn[i] - x[i];
            y[slot][i] = gn[i] - g[i];
        }
        sy = dot(s[slot], y[slot], n);
        yy = dot(y[slot], y[slot], n);
        if (sy > 1e-12 * yy && sy > 0) {
            rho[slot] = 1.0 / sy;
            head = (head + 1) % o.history;
            if (stored < o.history)
                stored++;
        }
        double fprev = f;
        memcpy(x, xn, n * sizeof *x);
        memcpy(g, gn, n * sizeof *g);
        f = fnew;
        res.iterations = k + 1;
        if (fprev - f <= o.ftol * fmax(fmax(fabs(f), fabs(fprev)), 1.0)) {
            res.status = LBFGS_CONVERGED_F;
            goto done;
        }
    }
    res.status = LBFGS_MAX_ITER;
done:
    res.f = f;
    return res;
}
