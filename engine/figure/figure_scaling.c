/* The scaling topic of live figures: a law, a budget (or a given model) and a GPU setup in, one
 * figure of the optimum or the given point out (the same engine calls as `rampup scaling`). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/figure/figure_priv.h"
#include "engine/scaling/laws.h"

typedef struct ScalingArgs {
    int law;                      /* -1: none named */
    double compute, params, tokens;
    bool given_compute, given_params, given_tokens;
    const GpuPreset *gpu;
    double gpus, mfu;
} ScalingArgs;

/* A positive number, plain, scientific or with a decimal suffix (70B = 7e10, 1.4T). */
static bool parse_decimal(const char *s, double lo, double hi, double *out)
{
    char *end;
    if (!isdigit((unsigned char)*s) && *s != '.')
        return false;
    double v = strtod(s, &end);
    static const char suf[] = "kMBTP";
    const char *at = *end ? strchr(suf, *end) : NULL;
    if (at) {
        v *= pow(10, 3.0 * (double)(at - suf + 1));
        end++;
    }
    if (*end || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int bad_at(const FigureToken *t, size_t *bad)
{
    *bad = t->off;
    return -1;
}

static int read_args(const FigureCtx *ctx, FigureSpec *spec, ScalingArgs *a, size_t *bad,
                     RError *err)
{
    memset(a, 0, sizeof *a);
    a->law = -1;
    a->gpu = gpu_find(&ctx->gpus, "h100-sxm");
    a->gpus = 1024; /* rampup scaling's defaults */
    a->mfu = 0.4;
    for (size_t i = 1; i < spec->n; i++) {
        FigureToken *t = &spec->tok[i];
        if (t->used)
            continue;
        const char *k = t->key ? t->key : "law";
        const char *v = t->value;
        if (strcmp(k, "law") == 0) {
            if ((a->law = scaling_law_find(v)) < 0)
                return rerror_set(err, "unknown law '%.40s' (chinchilla1, chinchilla2, "
                                  "chinchilla3, chinchilla3-rounded, epoch, kaplan)", v),
                       bad_at(t, bad);
        } else if (strcmp(k, "compute") == 0) {
            if (!parse_decimal(v, 1e10, 1e35, &a->compute))
                return rerror_set(err, "compute: expected FLOP in 1e10..1e35"), bad_at(t, bad);
            a->given_compute = true;
        } else if (strcmp(k, "params") == 0 || strcmp(k, "tokens") == 0) {
            bool p = k[0] == 'p';
            if (!parse_decimal(v, 1e3, p ? 1e16 : 1e18, p ? &a->params : &a->tokens))
                return rerror_set(err, "%s: expected a count like 70B or 1.4T", k),
                       bad_at(t, bad);
            *(p ? &a->given_params : &a->given_tokens) = true;
        } else if (strcmp(k, "inference_tokens") == 0 || strcmp(k, "inference") == 0) {
            double n; /* read by the pane (links); no figure depends on it yet */
            if (!parse_decimal(v, 0, 1e20, &n))
                return rerror_set(err, "%s: expected a count like 2T", k), bad_at(t, bad);
        } else if (strcmp(k, "gpu") == 0) {
            if (!(a->gpu = gpu_find(&ctx->gpus, v)))
                return rerror_set(err, "unknown GPU '%.60s' (see content/gpus.yaml)", v),
                       bad_at(t, bad);
        } else if (strcmp(k, "gpus") == 0) {
            if (!parse_decimal(v, 1, 1e7, &a->gpus) || a->gpus != floor(a->gpus))
                return rerror_set(err, "gpus: expected a whole number in 1..1e7"), bad_at(t, bad);
        } else if (strcmp(k, "mfu") == 0) {
            char *end;
            a->mfu = strtod(v, &end);
            if (*end || !(a->mfu >= 0.001 && a->mfu <= 1))
                return rerror_set(err, "mfu: expected a fraction in 0.001..1"), bad_at(t, bad);
        } else {
            return rerror_set(err, "unknown scaling setting '%.60s' (law, compute, params, "
                              "tokens, gpu, gpus, mfu, inference_tokens)", k), bad_at(t, bad);
        }
        t->used = true;
    }
    return 0;
}

int figure_check_scaling_args(const FigureCtx *ctx, FigureSpec *spec, size_t *bad, RError *err)
{
    ScalingArgs a;
    return read_args(ctx, spec, &a, bad, err);
}

int figure_topic_scaling(const FigureCtx *ctx, FigureSpec *spec, const char *field,
                         double *value, FigureKind *kind, size_t *bad, RError *err)
{
    static const struct {
        const char *name;
        FigureKind kind;
    } fields[] = {
        {"params", FIG_COUNT},  {"tokens", FIG_COUNT},           {"compute", FIG_COUNT},
        {"loss", FIG_PLAIN},    {"tokens_per_param", FIG_PLAIN}, {"train_days", FIG_PLAIN},
        {"gpu_hours", FIG_COUNT},
    };
    int f = -1;
    for (int i = 0; i < (int)(sizeof fields / sizeof fields[0]); i++)
        if (strcmp(field, fields[i].name) == 0)
            f = i;
    if (f < 0) {
        *bad = (size_t)-1;
        return rerror_set(err, "unknown scaling field '%.60s' (params, tokens, compute, loss, "
                          "tokens_per_param, train_days, gpu_hours)", field);
    }
    ScalingArgs a;
    if (read_args(ctx, spec, &a, bad, err) != 0)
        return -1;
    if (a.law < 0)
        return rerror_set(err, "the scaling figure names no law (law=chinchilla3, …)");
    if (a.given_params != a.given_tokens)
        return rerror_set(err, "give both params and tokens (a trained model), or neither");
    if (!a.given_params && !a.given_compute)
        return rerror_set(err, "the scaling figure needs compute=C or params=N tokens=D");
    const ScalingLaw *law = scaling_law((ScalingLawId)a.law);
    ScalingPoint pt = a.given_params ? scaling_evaluate(law, a.params, a.tokens)
                                     : scaling_optimum(law, a.compute);
    TrainTime tt = {0, 0, 0};
    if (a.gpu)
        tt = scaling_train_time(pt.compute, a.gpu->bf16_flops, (int)a.gpus, a.mfu);
    const double v[] = {pt.params, pt.tokens, pt.compute, pt.loss, pt.tokens_per_param,
                        tt.days, tt.gpu_hours};
    if (f >= 5 && !a.gpu)
        return rerror_set(err, "no GPU preset for the training time");
    if (!isfinite(v[f]))
        return rerror_set(err, "%s is not finite for these settings", field);
    *value = v[f];
    *kind = fields[f].kind;
    return 0;
}
