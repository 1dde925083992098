/* The "why" text of a scaling query: eq. (4) with G filled in, the loss terms, 6ND, training
 * time and the Sardana et al. optimum. */
#include "engine/scaling/explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/format.h"

#include "engine/scaling/optimum.h"

/* The app's one formatter (engine/format.h), under the names this module's callers know. */
int scaling_fmt_count(char *buf, size_t size, double n) { return fmt_count(buf, size, n); }
int scaling_fmt_sci(char *buf, size_t size, double v) { return fmt_sci(buf, size, v); }

typedef struct Out {
    ScalingExplain *e;
    bool oom;
} Out;

static void line(Out *o, ExplainStyle style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void line(Out *o, ExplainStyle style, const char *fmt, ...)
{
    ScalingExplain *e = o->e;
    if (o->oom)
        return;
    if (e->count == e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 48;
        ExplainLine *nl = realloc(e->lines, nc * sizeof *nl);
        if (!nl) {
            o->oom = true;
            return;
        }
        e->lines = nl;
        e->cap = nc;
    }
    ExplainLine *l = &e->lines[e->count++];
    l->style = style;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->text, sizeof l->text, fmt, ap);
    va_end(ap);
}

static void blank(Out *o)
{
    line(o, EXPLAIN_BLANK, "%s", "");
}

static void explain_optimum(Out *o, const ScalingLaw *law, double c)
{
    ScalingPoint opt = scaling_optimum(law, c);
    char cs[32], c6[32], on[32], od[32];
    scaling_fmt_sci(cs, sizeof cs, c);
    scaling_fmt_sci(c6, sizeof c6, c / SCALING_FLOPS_PER_PARAM_TOKEN);
    scaling_fmt_count(on, sizeof on, opt.params);
    scaling_fmt_count(od, sizeof od, opt.tokens);
    line(o, EXPLAIN_HEADING, "Compute-optimal allocation of C = %s FLOP", cs);
    if (law->kind == LAW_KIND_PARAMETRIC) {
        const ParametricLaw *q = &law->p;
        double s = q->alpha + q->beta;
        double g = pow(q->alpha * q->A / (q->beta * q->B), 1 / s); /* eq. (4) */
        line(o, EXPLAIN_TEXT, "  minimise L = E + A/N^α + B/D^β subject to 6ND = C (eq. 4)");
        line(o, EXPLAIN_TEXT, "  G = (α·A / (β·B))^(1/(α+β))");
        line(o, EXPLAIN_TEXT, "    = (%.4g·%.4g / (%.4g·%.4g))^(1/%.4g) = %.4g", q->alpha, q->A,
             q->beta, q->B, s, g);
        line(o, EXPLAIN_TEXT, "  N_opt = G·(C/6)^(β/(α+β)) = %.4g·(%s)^%.4f = %s", g, c6,
             q->beta / s, on);
        line(o, EXPLAIN_TEXT, "  D_opt = (C/6)^(α/(α+β)) / G = (%s)^%.4f / %.4g = %s", c6,
             q->alpha / s, g, od);
        line(o, EXPLAIN_TEXT, "  D_opt / N_opt = %.1f tokens per parameter", opt.tokens_per_param);
    } else if (law->kind == LAW_KIND_KAPLAN) {
        line(o, EXPLAIN_TEXT, "  N_opt = 1.3e9 · (C / 8.64e19 FLOP per PF-day)^0.73   (eq. 6.1)");
        line(o, EXPLAIN_TEXT, "        = 1.3e9 · (%.4g)^0.73 = %s", c / SCALING_PF_DAY, on);
        line(o, EXPLAIN_TEXT, "  D = C / 6N = %s   (%.3g tokens per parameter)", od,
             opt.tokens_per_param);
        line(o, EXPLAIN_NOTE, "  eq. 6.1 comes from early-stopped runs at the critical batch size,");
        line(o, EXPLAIN_NOTE, "  not from minimising eq. 1.5 along an isoFLOP curve.");
    } else {
        line(o, EXPLAIN_TEXT, "  N_opt = k·C^a, k = %.5g, a = %.4f: least squares over the", law->k,
             law->a);
        line(o, EXPLAIN_TEXT, "  paper's own projections (Table 2 prints a = %.2f)", law->a);
        line(o, EXPLAIN_TEXT, "  N_opt = %.5g · (%s)^%.4f = %s;  D = C/6N = %s", law->k, cs,
             law->a, on, od);
        line(o, EXPLAIN_NOTE, "  This approach has no L(N, D): losses use approach 3's, so its");
        line(o, EXPLAIN_NOTE, "  optimum need not sit at the bottom of an isoFLOP curve.");
    }
}

static void explain_loss(Out *o, const ScalingLaw *law, double n, double d)
{
    char ns[32], ds[32], cs[32];
    scaling_fmt_count(ns, sizeof ns, n);
    scaling_fmt_count(ds, sizeof ds, d);
    scaling_fmt_sci(cs, sizeof cs, SCALING_FLOPS_PER_PARAM_TOKEN * n * d);
    double loss = scaling_loss(law, n, d);
    const ScalingLaw *ll = scaling_law(law->loss_law);
    line(o, EXPLAIN_HEADING, "Loss of the model N = %s, D = %s", ns, ds);
    if (ll->kind == LAW_KIND_PARAMETRIC) {
        const ParametricLaw *q = &ll->p;
        double ta = q->A / pow(n, q->alpha), tb = q->B / pow(d, q->beta);
        line(o, EXPLAIN_TEXT, "  L = E + A/N^α + B/D^β");
        line(o, EXPLAIN_TEXT, "    = %.4g + %.4g/%s^%.4g + %.4g/%s^%.4g", q->E, q->A, ns, q->alpha,
             q->B, ds, q->beta);
        line(o, EXPLAIN_TEXT, "    = %.4f + %.4f + %.4f = %.4f nats/token", q->E, ta, tb, loss);
        line(o, EXPLAIN_NOTE, "  (E: irreducible loss; A/N^α: finite model; B/D^β: finite data)");
        if (ll != law)
            line(o, EXPLAIN_NOTE, "  %s has no loss of its own: loss by %s", law->name, ll->name);
    } else {
        const KaplanLaw *k = &ll->kaplan;
        line(o, EXPLAIN_TEXT, "  L = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D   (eq. 1.5, N_c %.2g, D_c %.2g)",
             k->nd_n_c, k->nd_d_c);
        line(o, EXPLAIN_TEXT, "    = [(%.3g)^%.4f + %.3g]^%.3f = %.4f", k->nd_n_c / n,
             k->nd_alpha_n / k->nd_alpha_d, k->nd_d_c / d, k->nd_alpha_d, loss);
        line(o, EXPLAIN_NOTE, "  Kaplan's nats are on WebText2 with another tokenizer: compare");
        line(o, EXPLAIN_NOTE, "  shapes, not values, with the Chinchilla (MassiveText) losses.");
    }
    line(o, EXPLAIN_TEXT, "  training compute C = 6·N·D = 6 · %s · %s = %s FLOP", ns, ds, cs);
}

static void explain_time(Out *o, const ScalingQuery *q)
{
    double c = SCALING_FLOPS_PER_PARAM_TOKEN * q->params * q->tokens;
    TrainTime t = scaling_train_time(c, q->gpu->bf16_flops, q->gpus, q->mfu);
    char cs[32];
    scaling_fmt_sci(cs, sizeof cs, c);
    line(o, EXPLAIN_HEADING, "Training time on %d × %s", q->gpus, q->gpu->label);
    line(o, EXPLAIN_TEXT, "  t = C / (GPUs · peak · MFU)");
    line(o, EXPLAIN_TEXT, "    = %s / (%d · %.4g · %.2f) = %.4g s = %.1f days", cs, q->gpus,
         q->gpu->bf16_flops, q->mfu, t.seconds, t.days);
    line(o, EXPLAIN_NOTE, "  peak: dense BF16 %.0f TFLOP/s", q->gpu->bf16_flops / 1e12);
    line(o, EXPLAIN_NOTE, "  (%s)", q->gpu->source);
}

static void explain_serving(Out *o, const ScalingLaw *law, const ScalingQuery *q)
{
    const ScalingLaw *il = law->kind == LAW_KIND_PARAMETRIC ? law : scaling_law(LAW_CHINCHILLA3);
    InferenceOptimum io;
    RError err;
    if (scaling_inference_optimum_for_budget(il, q->compute, q->inference_tokens, &io, &err))
        return;
    char inf[32], in[32], id[32], tot[32], ctot[32], cn[32];
    scaling_fmt_count(inf, sizeof inf, io.inference_tokens);
    scaling_fmt_count(in, sizeof in, io.params);
    scaling_fmt_count(id, sizeof id, io.tokens);
    scaling_fmt_count(cn, sizeof cn, io.chin_params);
    scaling_fmt_sci(tot, sizeof tot, io.total_flops);
    scaling_fmt_sci(ctot, sizeof ctot, io.chin_total_flops);
    line(o, EXPLAIN_HEADING, "Serving %s tokens too (Sardana et al. 2023)", inf);
    if (il != law)
        line(o, EXPLAIN_NOTE, "  (needs L = E + A/N^α + B/D^β; %s is not of that form: using %s)",
             law->name, il->name);
    line(o, EXPLAIN_TEXT, "  minimise 6·N·D_tr + 2·N·D_inf  subject to  L(N, D_tr) = %.4f",
         io.target_loss);
    line(o, EXPLAIN_TEXT, "  (the loss of the %s optimum for C under %s: training costs 6N", cn,
         il->name);
    line(o, EXPLAIN_TEXT, "  per token, inference 2N per token, quality held fixed)");
    line(o, EXPLAIN_TEXT, "  -> N = %s, D_tr = %s (%.0f tokens/param): %s FLOP lifetime", in, id,
         io.tokens_per_param, tot);
    line(o, EXPLAIN_TEXT, "     vs %s FLOP for the Chinchilla model: %.1f%% saved", ctot,
         100 * io.saving);
}

int scaling_explain(const ScalingQuery *q, ScalingExplain *out, RError *err)
{
    const ScalingLaw *law = scaling_law(q->law);
    if (!law)
        return rerror_set(err, "unknown law");
    if (!(q->compute > 0 && q->params > 0 && q->tokens > 0))
        return rerror_set(err, "C, N and D must be positive");
    Out o = {out, false};
    line(&o, EXPLAIN_HEADING, "%s", law->label);
    line(&o, EXPLAIN_NOTE, "%s", law->source);
    blank(&o);
    explain_optimum(&o, law, q->compute);
    blank(&o);
    explain_loss(&o, law, q->params, q->tokens);
    if (q->gpu && q->gpus > 0 && q->mfu > 0) {
        blank(&o);
        explain_time(&o, q);
    }
    if (q->inference_tokens > 0) {
        blank(&o);
        explain_serving(&o, law, q);
    }
    if (o.oom) {
        scaling_explain_free(out);
        return rerror_set(err, "out of memory");
    }
    return 0;
}

void scaling_explain_free(ScalingExplain *e)
{
    if (!e)
        return;
    free(e->lines);
    e->lines = NULL;
    e->count = e->cap = 0;
}
