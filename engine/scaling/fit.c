/* Huber/LSE objective, grid-started L-BFGS, Gauss-Newton and bootstrap standard errors. */
#include "engine/scaling/fit.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/scaling/lbfgs.h"

enum { NP = 5 }; /* theta = (a, b, e, alpha, beta) */

ScalingFitOptions scaling_fit_defaults(void)
{
    /* delta = 1e-3: Hoffmann et al. 2022 §3.3 / App. D.2, kept by Epoch AI. */
    ScalingFitOptions o = {.huber_delta = 1e-3, .max_starts = 0, .bootstrap = 0,
                           .confirm = SCALING_FIT_CONFIRM, .seed = 0x5eed5ca1e5ULL};
    return o;
}

size_t scaling_fit_grid(double (*starts)[5], size_t cap)
{
    size_t k = 0;
    for (int ia = 0; ia < 6; ia++)
        for (int ib = 0; ib < 6; ib++)
            for (int ie = 0; ie < 5; ie++)
                for (int ial = 0; ial < 5; ial++)
                    for (int ibe = 0; ibe < 5; ibe++) {
                        if (k < cap) {
                            starts[k][0] = 5.0 * ia;
                            starts[k][1] = 5.0 * ib;
                            starts[k][2] = -1.0 + 0.5 * ie;
                            starts[k][3] = 0.5 * ial;
                            starts[k][4] = 0.5 * ibe;
                        }
                        k++;
                    }
    return k;
}

/* Precomputed logs, so one evaluation costs three exp and one log per point. */
typedef struct FitData {
    size_t n;
    const double *ln_n, *ln_d, *ln_l;
    const int *weight; /* bootstrap multiplicities, or NULL for all ones */
    double delta;
} FitData;

/* Predicted ln L at theta via LSE(a - alpha ln N, b - beta ln D, e); softmax weights in w. */
static double predict_log(const double *t, double ln_n, double ln_d, double w[3])
{
    double u0 = t[0] - t[3] * ln_n, u1 = t[1] - t[4] * ln_d, u2 = t[2];
    double m = fmax(u0, fmax(u1, u2));
    double e0 = exp(u0 - m), e1 = exp(u1 - m), e2 = exp(u2 - m);
    double s = e0 + e1 + e2;
    if (w) {
        w[0] = e0 / s;
        w[1] = e1 / s;
        w[2] = e2 / s;
    }
    return m + log(s);
}

/* One pass over the rows: the three terms, their log-sum-exp, the Huber loss and its
 * derivative, with no branch but the Huber select, so the compiler can keep it in registers. */
static double fit_eval(const FitData *fd, const double *t, double *g)
{
    const double dlt = fd->delta, a = t[0], b = t[1], e = t[2], al = t[3], be = t[4];
    const double *ln_n = fd->ln_n, *ln_d = fd->ln_d, *ln_l = fd->ln_l;
    double f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0;
    for (size_t i = 0; i < fd->n; i++) {
        double wgt = fd->weight ? fd->weight[i] : 1.0;
        double u0 = a - al * ln_n[i], u1 = b - be * ln_d[i];
        double m = fmax(u0, fmax(u1, e));
        double e0 = exp(u0 - m), e1 = exp(u1 - m), e2 = exp(e - m);
        double s = e0 + e1 + e2, inv = 1.0 / s;
        double r = m + log(s) - ln_l[i];
        double ar = fabs(r);
        int quad = ar <= dlt;
        f += wgt * (quad ? 0.5 * r * r : dlt * (ar - 0.5 * dlt));
        double psi = wgt * (quad ? r : copysign(dlt, r)) * inv;
        g0 += psi * e0;
        g1 += psi * e1;
        g2 += psi * e2;
        g3 -= psi * e0 * ln_n[i];
        g4 -= psi * e1 * ln_d[i];
    }
    if (g) {
        g[0] = g0;
        g[1] = g1;
        g[2] = g2;
        g[3] = g3;
        g[4] = g4;
    }
    return f;
}

static double lbfgs_cb(const double *x, double *g, size_t n, void *ctx)
{
    (void)n;
    return fit_eval(ctx, x, g);
}

double scaling_fit_objective(const ScalingObs *obs, size_t n, double delta, const double *theta,
                             double *grad)
{
    double f = 0, g[NP] = {0};
    for (size_t i = 0; i < n; i++) {
        double ln_n = log(obs[i].params), ln_d = log(obs[i].tokens), ln_l = log(obs[i].loss);
        FitData one = {1, &ln_n, &ln_d, &ln_l, NULL, delta};
        double gi[NP];
        f += fit_eval(&one, theta, grad ? gi : NULL);
        if (grad)
            for (int k = 0; k < NP; k++)
                g[k] += gi[k];
    }
    if (grad)
        memcpy(grad, g, sizeof g);
    return f;
}

/* Solves the symmetric positive definite 5x5 system by Cholesky; inverts into inv. */
static int spd_inverse(const double m[NP][NP], double inv[NP][NP])
{
    double l[NP][NP] = {{0}};
    for (int i = 0; i < NP; i++)
        for (int j = 0; j <= i; j++) {
            double s = m[i][j];
            for (int k = 0; k < j; k++)
                s -= l[i][k] * l[j][k];
            if (i == j) {
                if (!(s > 0))
                    return -1;
                l[i][i] = sqrt(s);
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    for (int c = 0; c < NP; c++) {
        double y[NP], x[NP];
        for (int i = 0; i < NP; i++) {
            double s = i == c ? 1.0 : 0.0;
            for (int k = 0; k < i; k++)
                s -= l[i][k] * y[k];
            y[i] = s / l[i][i];
        }
        for (int i = NP - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < NP; k++)
                s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        for (int i = 0; i < NP; i++)
            inv[i][c] = x[i];
    }
    return 0;
}

static ParametricLaw theta_to_law(const double *t)
{
    ParametricLaw p = {.E = exp(t[2]), .A = exp(t[0]), .B = exp(t[1]), .alpha = t[3],
                       .beta = t[4]};
    return p;
}

/* splitmix64: a small, seedable generator kept in a local variable (no global state). */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct Start {
    double theta[NP];
    double f;
    size_t index; /* grid order, so that ties sort the same way everywhere */
} Start;

static int cmp_start(const void *a, const void *b)
{
    const Start *x = a, *y = b;
    if (x->f != y->f)
        return x->f < y->f ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* True when a run ended at the same optimum as the best one. */
static bool same_optimum(double f, const double *x, double best_f, const double *best)
{
    if (!(fabs(f - best_f) <= SCALING_FIT_SAME_F * fmax(fabs(best_f), 1e-300)))
        return false;
    for (int k = 0; k < NP; k++)
        if (fabs(x[k] - best[k]) > 1e-3)
            return false;
    return true;
}

int scaling_fit(const ScalingObs *obs, size_t n, const ScalingFitOptions *opts, ScalingFit *out,
                RError *err)
{
    memset(out, 0, sizeof *out);
    ScalingFitOptions o = opts ? *opts : scaling_fit_defaults();
    if (!(o.huber_delta > 0))
        return rerror_set(err, "Huber delta must be positive");
    if (n < NP + 1)
        return rerror_set(err, "need at least %d points to fit 5 parameters, have %zu", NP + 1,
                          n);
    if (n > SCALING_FIT_MAX_ROWS)
        return rerror_set(err, "%zu rows: the fitter takes at most %d (sample the runs)", n,
                          SCALING_FIT_MAX_ROWS);
    double *logs = malloc(3 * n * sizeof *logs);
    size_t ngrid = scaling_fit_grid(NULL, 0);
    Start *starts = malloc(ngrid * sizeof *starts);
    int *weight = o.bootstrap > 0 ? malloc(n * sizeof *weight) : NULL;
    out->residuals = malloc(n * sizeof *out->residuals);
    if (!logs || !starts || (o.bootstrap > 0 && !weight) || !out->residuals) {
        free(logs);
        free(starts);
        free(weight);
        scaling_fit_free(out);
        return rerror_set(err, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (!(obs[i].params > 0 && obs[i].tokens > 0 && obs[i].loss > 0)) {
            free(logs);
            free(starts);
            free(weight);
            scaling_fit_free(out);
            return rerror_set(err, "point %zu has a non-positive N, D or loss", i + 1);
        }
        logs[i] = log(obs[i].params);
        logs[n + i] = log(obs[i].tokens);
        logs[2 * n + i] = log(obs[i].loss);
    }
    FitData fd = {n, logs, logs + n, logs + 2 * n, NULL, o.huber_delta};

    double (*grid)[5] = malloc(ngrid * sizeof *grid);
    if (!grid) {
        free(logs);
        free(starts);
        free(weight);
        scaling_fit_free(out);
        return rerror_set(err, "out of memory");
    }
    scaling_fit_grid(grid, ngrid);
    /* Rank the starts on an even sample of the rows: with many rows, ranking 4500 starts on
     * all of them would cost more than the runs themselves. */
    size_t nrank = n < SCALING_FIT_RANK_ROWS ? n : SCALING_FIT_RANK_ROWS;
    double *rank = nrank < n ? malloc(3 * nrank * sizeof *rank) : NULL;
    FitData fr = fd;
    if (rank) {
        for (size_t i = 0; i < nrank; i++) {
            size_t src = i * n / nrank;
            rank[i] = fd.ln_n[src];
            rank[nrank + i] = fd.ln_d[src];
            rank[2 * nrank + i] = fd.ln_l[src];
        }
        fr = (FitData){nrank, rank, rank + nrank, rank + 2 * nrank, NULL, o.huber_delta};
    }
    for (size_t s = 0; s < ngrid; s++) {
        memcpy(starts[s].theta, grid[s], sizeof starts[s].theta);
        starts[s].f = fit_eval(&fr, starts[s].theta, NULL);
        starts[s].index = s;
    }
    free(rank);
    free(grid);
    qsort(starts, ngrid, sizeof *starts, cmp_start);
    size_t nrun = ngrid;
    if (o.max_starts > 0 && o.max_starts < ngrid)
        nrun = o.max_starts;

    LbfgsOptions lo = lbfgs_defaults();
    double best[NP] = {0}, best_f = INFINITY;
    for (size_t s = 0; s < nrun; s++) {
        double x[NP];
        memcpy(x, starts[s].theta, sizeof x);
        LbfgsResult r = lbfgs_minimize(lbfgs_cb, &fd, x, NP, &lo);
        out->starts++;
        if (r.status == LBFGS_CONVERGED_GRAD || r.status == LBFGS_CONVERGED_F)
            out->converged++;
        if (!isfinite(r.f))
            continue;
        if (isfinite(best_f) && same_optimum(r.f, x, best_f, best)) {
            out->confirmed++;
            if (r.f < best_f) {
                best_f = r.f;
                memcpy(best, x, sizeof best);
            }
        } else if (r.f < best_f) { /* a new, clearly better optimum: confirm it afresh */
            best_f = r.f;
            memcpy(best, x, sizeof best);
            out->confirmed = 1;
        }
        if (o.confirm > 0 && out->confirmed >= o.confirm) {
            out->stopped_early = s + 1 < nrun;
            break;
        }
    }
    free(starts);
    if (!isfinite(best_f)) {
        free(logs);
        free(weight);
        scaling_fit_free(out);
        return rerror_set(err, "no initialisation gave a finite objective");
    }

    out->law = theta_to_law(best);
    out->log_a = best[0];
    out->log_b = best[1];
    out->log_e = best[2];
    out->objective = best_f;
    out->n_points = n;
    double s = out->law.alpha + out->law.beta;
    out->a_exp = out->law.beta / s; /* eq. (4): a = beta/(alpha+beta) */
    out->b_exp = out->law.alpha / s;

    /* Residuals and the Gauss-Newton information J^T J of r_i(theta). */
    double jtj[NP][NP] = {{0}}, rss = 0, sae = 0;
    for (size_t i = 0; i < n; i++) {
        double w[3];
        double r = predict_log(best, fd.ln_n[i], fd.ln_d[i], w) - fd.ln_l[i];
        double j[NP] = {w[0], w[1], w[2], -w[0] * fd.ln_n[i], -w[1] * fd.ln_d[i]};
        out->residuals[i] = r;
        rss += r * r;
        sae += fabs(r);
        for (int a = 0; a < NP; a++)
            for (int b = 0; b < NP; b++)
                jtj[a][b] += j[a] * j[b];
    }
    out->rmse_log = sqrt(rss / (double)n);
    out->mae_log = sae / (double)n;
    double cov[NP][NP];
    if (spd_inverse(jtj, cov) == 0) {
        double s2 = rss / (double)(n - NP);
        double se[NP];
        for (int k = 0; k < NP; k++)
            se[k] = sqrt(s2 * cov[k][k]);
        /* Delta method: se(exp(t)) = exp(t) se(t). */
        out->se.A = out->law.A * se[0];
        out->se.B = out->law.B * se[1];
        out->se.E = out->law.E * se[2];
        out->se.alpha = se[3];
        out->se.beta = se[4];
    }

    if (o.bootstrap > 0) {
        uint64_t rng = o.seed;
        double sum[NP] = {0}, sum2[NP] = {0};
        int ok = 0;
        fd.weight = weight;
        for (int bi = 0; bi < o.bootstrap; bi++) {
            memset(weight, 0, n * sizeof *weight);
            for (size_t i = 0; i < n; i++)
                weight[splitmix64(&rng) % n]++;
            double x[NP];
            memcpy(x, best, sizeof x);
            LbfgsResult r = lbfgs_minimize(lbfgs_cb, &fd, x, NP, &lo);
            if (!isfinite(r.f))
                continue;
            ParametricLaw p = theta_to_law(x);
            double v[NP] = {p.A, p.B, p.E, p.alpha, p.beta};
            for (int k = 0; k < NP; k++) {
                sum[k] += v[k];
                sum2[k] += v[k] * v[k];
            }
            ok++;
        }
        if (ok > 1) {
            double sd[NP];
            for (int k = 0; k < NP; k++) {
                double m = sum[k] / ok;
                double var = (sum2[k] - ok * m * m) / (ok - 1);
                sd[k] = var > 0 ? sqrt(var) : 0;
            }
            out->se_boot.A = sd[0];
            out->se_boot.B = sd[1];
            out->se_boot.E = sd[2];
            out->se_boot.alpha = sd[3];
            out->se_boot.beta = sd[4];
        }
        out->n_boot = ok;
    }
    free(weight);
    free(logs);
    return 0;
}

void scaling_fit_free(ScalingFit *fit)
{
    if (!fit)
        return;
    free(fit->residuals);
    fit->residuals = NULL;
}
