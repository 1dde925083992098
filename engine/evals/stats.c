/* Intervals, sample sizes and significance tests for accuracies (see evals.h). */
#include "engine/evals/evals.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rng.h"

double evals_normal_sf(double z)
{
    return 0.5 * erfc(z / sqrt(2.0));
}

/* Bisection on the upper tail: erfc is exact to ~1 ulp, so 200 halvings give the quantile
 * to machine precision without a rational approximation to cite. */
double evals_z(double confidence)
{
    double tail = (1.0 - confidence) / 2.0;
    double lo = 0.0, hi = 40.0;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (evals_normal_sf(mid) > tail)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

static int check_conf(double confidence, RError *err)
{
    if (!(confidence > 0 && confidence < 1))
        return rerror_set(err, "confidence must be between 0 and 1 (e.g. 0.95)");
    return 0;
}

static int check_counts(long long c, long long n, RError *err)
{
    if (n < 1 || n > EVALS_MAX_N)
        return rerror_set(err, "n must be 1 to %lld", EVALS_MAX_N);
    if (c < 0 || c > n)
        return rerror_set(err, "correct count %lld must be 0 to n = %lld", c, n);
    return 0;
}

int evals_wilson(long long c, long long n, double confidence, EvalsInterval *out, RError *err)
{
    if (check_conf(confidence, err) || check_counts(c, n, err))
        return -1;
    double z = evals_z(confidence), nn = (double)n, p = (double)c / nn, z2 = z * z;
    double denom = 1 + z2 / nn;
    double center = (p + z2 / (2 * nn)) / denom;
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
    out->point = p;
    out->low = c == 0 ? 0.0 : center - half; /* exact 0 / 1 at the edges, not 1e-17 */
    out->high = c == n ? 1.0 : center + half;
    return 0;
}

int evals_wald(long long c, long long n, double confidence, EvalsInterval *out, RError *err)
{
    if (check_conf(confidence, err) || check_counts(c, n, err))
        return -1;
    double p = (double)c / (double)n;
    double half = evals_z(confidence) * sqrt(p * (1 - p) / (double)n);
    out->point = p;
    out->low = p - half < 0 ? 0 : p - half;
    out->high = p + half > 1 ? 1 : p + half;
    return 0;
}

int evals_sample_size(double p, double margin, double confidence, long long *n, RError *err)
{
    if (check_conf(confidence, err))
        return -1;
    if (!(p >= 0 && p <= 1))
        return rerror_set(err, "accuracy must be 0 to 1");
    if (!(margin > 0 && margin < 1))
        return rerror_set(err, "margin must be between 0 and 1 (e.g. 0.02)");
    double z = evals_z(confidence);
    double need = ceil(z * z * p * (1 - p) / (margin * margin) - 1e-9);
    if (need > (double)EVALS_MAX_N)
        return rerror_set(err, "more than %lld items needed", EVALS_MAX_N);
    *n = need < 1 ? 1 : (long long)need;
    return 0;
}

/* log C(n, k) by lgamma: exact enough for the binomial tail at the sizes allowed. */
static double log_choose(double n, double k)
{
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

int evals_mcnemar(long long b, long long c, EvalsMcnemar *out, RError *err)
{
    if (b < 0 || c < 0 || b > EVALS_MAX_N || c > EVALS_MAX_N)
        return rerror_set(err, "discordant counts must be 0 to %lld", EVALS_MAX_N);
    memset(out, 0, sizeof *out);
    long long n = b + c, m = b < c ? b : c;
    if (n == 0) {
        out->p_exact = out->p_chi2 = 1.0;
        return 0;
    }
    /* P(X <= m), X ~ Bin(n, 1/2), summed in log space from the largest term down. */
    double lmax = log_choose((double)n, (double)m), sum = 0;
    for (long long i = m; i >= 0; i--) {
        double t = exp(log_choose((double)n, (double)i) - lmax);
        sum += t;
        if (t < 1e-18 * sum)
            break;
    }
    double p = 2 * exp(lmax + log(sum) - (double)n * log(2.0));
    out->p_exact = p > 1 ? 1 : p;
    double d = fabs((double)(b - c)) - 1;
    if (d < 0)
        d = 0;
    out->chi2 = d * d / (double)n;
    out->p_chi2 = erfc(sqrt(out->chi2 / 2)); /* chi-square(1) upper tail */
    return 0;
}

int evals_two_proportion(long long c1, long long n1, long long c2, long long n2,
                         double confidence, EvalsTwoProp *out, RError *err)
{
    if (check_conf(confidence, err) || check_counts(c1, n1, err) || check_counts(c2, n2, err))
        return -1;
    double p1 = (double)c1 / (double)n1, p2 = (double)c2 / (double)n2;
    double pool = (double)(c1 + c2) / (double)(n1 + n2);
    double se0 = sqrt(pool * (1 - pool) * (1.0 / (double)n1 + 1.0 / (double)n2));
    out->diff = p1 - p2;
    out->z = se0 > 0 ? out->diff / se0 : 0.0;
    out->p = se0 > 0 ? 2 * evals_normal_sf(fabs(out->z)) : 1.0;
    double se = sqrt(p1 * (1 - p1) / (double)n1 + p2 * (1 - p2) / (double)n2);
    double h = evals_z(confidence) * se;
    out->ci.point = out->diff;
    out->ci.low = out->diff - h;
    out->ci.high = out->diff + h;
    return 0;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Linear interpolation between order statistics (numpy's default percentile). */
static double quantile(const double *sorted, int n, double q)
{
    double pos = q * (n - 1);
    int i = (int)floor(pos);
    if (i >= n - 1)
        return sorted[n - 1];
    return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
}

int evals_paired_bootstrap(const double *a, const double *b, size_t n, int iters, uint64_t seed,
                           double confidence, EvalsBootstrap *out, RError *err)
{
    if (check_conf(confidence, err))
        return -1;
    if (n < 1 || n > (size_t)EVALS_MAX_N)
        return rerror_set(err, "need at least one paired item");
    if (iters < 1 || iters > EVALS_MAX_BOOT)
        return rerror_set(err, "bootstrap resamples must be 1 to %d", EVALS_MAX_BOOT);
    double *d = malloc(n * sizeof *d), *boot = malloc((size_t)iters * sizeof *boot);
    if (!d || !boot) {
        free(d);
        free(boot);
        return rerror_set(err, "out of memory for %zu items", n);
    }
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        d[i] = a[i] - (b ? b[i] : 0.0);
        mean += d[i];
    }
    mean /= (double)n;
    uint64_t s = seed;
    double far = 0;
    for (int r = 0; r < iters; r++) {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += d[rng_below(&s, n)];
        boot[r] = sum / (double)n;
        if (boot[r] == 0)
            far += 0.5;
        else if ((mean >= 0 && boot[r] < 0) || (mean < 0 && boot[r] > 0))
            far += 1;
    }
    qsort(boot, (size_t)iters, sizeof *boot, cmp_double);
    double alpha = 1 - confidence;
    out->diff = mean;
    out->ci.point = mean;
    out->ci.low = quantile(boot, iters, alpha / 2);
    out->ci.high = quantile(boot, iters, 1 - alpha / 2);
    out->p = 2 * far / iters > 1 ? 1 : 2 * far / iters;
    out->iters = iters;
    free(d);
    free(boot);
    return 0;
}

int evals_pass_at_k(long long n, long long c, long long k, double *out, RError *err)
{
    if (n < 1 || n > EVALS_MAX_N)
        return rerror_set(err, "n (samples per problem) must be 1 to %lld", EVALS_MAX_N);
    if (c < 0 || c > n)
        return rerror_set(err, "c (correct samples) must be 0 to n = %lld", n);
    if (k < 1 || k > n)
        return rerror_set(err, "k must be 1 to n = %lld", n);
    if (n - c < k) { /* every k-subset holds a correct sample */
        *out = 1.0;
        return 0;
    }
    double prod = 1.0;
    for (long long i = n - c + 1; i <= n; i++)
        prod *= 1.0 - (double)k / (double)i;
    *out = 1.0 - prod;
    return 0;
}
