/* Scaling laws: constants with their sources, loss, closed-form optima, training time. */
#include "engine/scaling/laws.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/* Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv:2203.15556,
 * Table 3 (approach 1 projections): parameters, FLOPs, tokens. */
static const ChinchillaRow TABLE3[] = {
    {400e6, 1.92e19, 8.0e9},     {1e9, 1.21e20, 20.2e9},     {10e9, 1.23e22, 205.1e9},
    {67e9, 5.76e23, 1.5e12},     {175e9, 3.85e24, 3.7e12},   {280e9, 9.90e24, 5.9e12},
    {520e9, 3.43e25, 11.0e12},   {1e12, 1.27e26, 21.2e12},   {10e12, 1.30e28, 216.2e12},
};

/* Hoffmann et al. 2022, Appendix Table A3, approach 2 columns. */
static const ChinchillaRow TABLEA3_2[] = {
    {400e6, 1.84e19, 7.7e9},     {1e9, 1.20e20, 20.0e9},     {10e9, 1.32e22, 219.5e9},
    {67e9, 6.88e23, 1.7e12},     {175e9, 4.54e24, 4.3e12},   {280e9, 1.18e25, 7.1e12},
    {520e9, 4.19e25, 13.4e12},   {1e12, 1.59e26, 26.5e12},   {10e12, 1.75e28, 292.0e12},
};

/* Hoffmann et al. 2022 abstract: "over 400 language models ranging from 70 million to over 16
 * billion parameters on 5 to 500 billion tokens". All three approaches and the Epoch refit
 * (which re-fits approach 3 to the same runs, read off the paper's Figure 4) use these runs. */
#define CHINCHILLA_FIT                                                                           \
    {.n_min = 70e6, .n_max = 16e9, .d_min = 5e9, .d_max = 500e9,                                 \
     .source = "Hoffmann et al. 2022 abstract: 70M-16B parameters, 5B-500B tokens"}

static const ScalingLaw LAWS[LAW_COUNT] = {
    [LAW_CHINCHILLA1] = {
        .id = LAW_CHINCHILLA1, .kind = LAW_KIND_POWER, .name = "chinchilla1",
        .label = "Chinchilla approach 1",
        .source = "Hoffmann et al. 2022 (arXiv:2203.15556) Table 3; a = 0.50 in Table 2",
        /* Least-squares fit of ln N on ln C over the nine Table 3 rows (the paper's own
         * projections; chinchilla_fit_power() reproduces it in the tests). Table 2 prints
         * a = 0.50 (0.488-0.502). */
        .a = 0.49809868577718786, .b = 1.0 - 0.49809868577718786,
        .k = 0.09915893230795195, .loss_law = LAW_CHINCHILLA3, .fit = CHINCHILLA_FIT,
    },
    [LAW_CHINCHILLA2] = {
        .id = LAW_CHINCHILLA2, .kind = LAW_KIND_POWER, .name = "chinchilla2",
        .label = "Chinchilla approach 2",
        .source = "Hoffmann et al. 2022 (arXiv:2203.15556) Table A3; a = 0.49 in Table 2",
        /* Least-squares fit over the Table A3 approach-2 rows; Table 2 prints a = 0.49. */
        .a = 0.48994161286254667, .b = 1.0 - 0.48994161286254667,
        .k = 0.14487705181127716, .loss_law = LAW_CHINCHILLA3, .fit = CHINCHILLA_FIT,
    },
    [LAW_CHINCHILLA3] = {
        .id = LAW_CHINCHILLA3, .kind = LAW_KIND_PARAMETRIC, .name = "chinchilla3",
        .label = "Chinchilla approach 3",
        .source = "Hoffmann et al. 2022 eq. (10), unrounded TeX values as used by Epoch AI "
                  "(analyzing-chinchilla data_analysis.ipynb 'true_params')",
        /* ln A 6.0073404, ln B 6.0179186, ln E 0.5267228, alpha 0.33917084, beta 0.2849083 */
        .p = {.E = 1.6933736809989528, .A = 406.4010175194737, /* exp() of the logs above */
              .B = 410.7228269450398,
              .alpha = 0.33917084, .beta = 0.2849083},
        .loss_law = LAW_CHINCHILLA3, .fit = CHINCHILLA_FIT,
    },
    [LAW_CHINCHILLA3_ROUNDED] = {
        .id = LAW_CHINCHILLA3_ROUNDED, .kind = LAW_KIND_PARAMETRIC,
        .name = "chinchilla3-rounded", .label = "Chinchilla approach 3 (eq. 10 rounded)",
        .source = "Hoffmann et al. 2022 Appendix D.2 eq. (10): E 1.69, A 406.4, B 410.7, "
                  "alpha 0.34, beta 0.28",
        .p = {.E = 1.69, .A = 406.4, .B = 410.7, .alpha = 0.34, .beta = 0.28},
        .loss_law = LAW_CHINCHILLA3_ROUNDED, .fit = CHINCHILLA_FIT,
    },
    [LAW_EPOCH] = {
        .id = LAW_EPOCH, .kind = LAW_KIND_PARAMETRIC, .name = "epoch",
        .label = "Epoch AI refit",
        .source = "Besiroglu et al. 2024 (arXiv:2404.10102), analyzing-chinchilla "
                  "data_analysis.ipynb cell 25: E 1.81686, A 482.006, B 2085.434, "
                  "alpha 0.34781, beta 0.36585",
        .p = {.E = 1.81686, .A = 482.00572, .B = 2085.43420, .alpha = 0.34781, .beta = 0.36585},
        .loss_law = LAW_EPOCH, .fit = CHINCHILLA_FIT,
    },
    [LAW_KAPLAN] = {
        .id = LAW_KAPLAN, .kind = LAW_KIND_KAPLAN, .name = "kaplan",
        .label = "Kaplan et al. 2020",
        .source = "Kaplan et al. 2020 (arXiv:2001.08361) eq. (1.1), (1.2), (1.5) with Table 2, "
                  "(6.1)",
        .a = 0.73, .b = 0.27, /* §1.2: N ∝ C_min^0.73; D = C/(6N) gives the rest */
        .kaplan = {
            .alpha_n = 0.076, .n_c = 8.8e13,       /* eq. (1.1) */
            .alpha_d = 0.095, .d_c = 5.4e13,       /* eq. (1.2) */
            .nd_alpha_n = 0.076, .nd_alpha_d = 0.103, /* eq. (1.5), Table 2 */
            .nd_n_c = 6.4e13, .nd_d_c = 1.8e13,
            /* eq. (6.1) / Figure 14: N(C_min) = 1.3e9 · C_min^0.73, C_min in PF-days (as quoted
             * in secondary copies; the paper text read gives only the exponent, §1.2). */
            .opt_k = 1.3e9, .opt_a = 0.73,
        },
        .loss_law = LAW_KAPLAN,
        /* §1 and §3: "varying N from 768 to 1.5 billion non-embedding parameters, D from 22
         * million to 23 billion tokens". */
        .fit = {.n_min = 768, .n_max = 1.5e9, .d_min = 22e6, .d_max = 23e9,
                .source = "Kaplan et al. 2020 §3: 768-1.5B non-embedding parameters, "
                          "22M-23B tokens"},
    },
};

const ScalingLaw *scaling_law(ScalingLawId id)
{
    if ((int)id < 0 || id >= LAW_COUNT)
        return NULL;
    return &LAWS[id];
}

static bool name_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

int scaling_law_find(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < LAW_COUNT; i++)
        if (name_eq(name, LAWS[i].name))
            return i;
    return -1;
}

const ChinchillaRow *chinchilla_table3(size_t *count)
{
    if (count)
        *count = sizeof TABLE3 / sizeof TABLE3[0];
    return TABLE3;
}

const ChinchillaRow *chinchilla_tableA3_approach2(size_t *count)
{
    if (count)
        *count = sizeof TABLEA3_2 / sizeof TABLEA3_2[0];
    return TABLEA3_2;
}

int chinchilla_fit_power(const ChinchillaRow *rows, size_t count, double *k, double *a)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0;
    if (count < 2)
        return -1;
    for (size_t i = 0; i < count; i++) {
        mx += log(rows[i].flops);
        my += log(rows[i].params);
    }
    mx /= (double)count;
    my /= (double)count;
    for (size_t i = 0; i < count; i++) {
        double dx = log(rows[i].flops) - mx;
        sxx += dx * dx;
        sxy += dx * (log(rows[i].params) - my);
    }
    if (!(sxx > 0))
        return -1;
    *a = sxy / sxx;
    *k = exp(my - *a * mx);
    return 0;
}

double parametric_loss(const ParametricLaw *p, double n, double d)
{
    return p->E + p->A / pow(n, p->alpha) + p->B / pow(d, p->beta);
}

void parametric_optimum(const ParametricLaw *p, double c, double *n_opt, double *d_opt)
{
    /* Hoffmann et al. 2022 eq. (4): G = (alpha A / (beta B))^(1/(alpha+beta)),
     * N_opt = G (C/6)^a, D_opt = G^-1 (C/6)^b, a = beta/(alpha+beta), b = alpha/(alpha+beta). */
    double s = p->alpha + p->beta;
    double g = pow(p->alpha * p->A / (p->beta * p->B), 1.0 / s);
    double c6 = c / SCALING_FLOPS_PER_PARAM_TOKEN;
    *n_opt = g * pow(c6, p->beta / s);
    *d_opt = pow(c6, p->alpha / s) / g;
}

double kaplan_loss_n(const KaplanLaw *k, double n)
{
    return pow(k->n_c / n, k->alpha_n);
}

double kaplan_loss_d(const KaplanLaw *k, double d)
{
    return pow(k->d_c / d, k->alpha_d);
}

double kaplan_loss_nd(const KaplanLaw *k, double n, double d)
{
    /* eq. (1.5): L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D */
    return pow(pow(k->nd_n_c / n, k->nd_alpha_n / k->nd_alpha_d) + k->nd_d_c / d,
               k->nd_alpha_d);
}

double scaling_loss(const ScalingLaw *law, double n, double d)
{
    const ScalingLaw *l = law->kind == LAW_KIND_POWER ? &LAWS[law->loss_law] : law;
    if (l->kind == LAW_KIND_KAPLAN)
        return kaplan_loss_nd(&l->kaplan, n, d);
    return parametric_loss(&l->p, n, d);
}

static ScalingPoint make_point(const ScalingLaw *law, double n, double d)
{
    ScalingPoint pt;
    pt.params = n;
    pt.tokens = d;
    pt.compute = SCALING_FLOPS_PER_PARAM_TOKEN * n * d;
    pt.loss = scaling_loss(law, n, d);
    pt.tokens_per_param = d / n;
    return pt;
}

ScalingPoint scaling_optimum(const ScalingLaw *law, double compute)
{
    double n, d;
    switch (law->kind) {
    case LAW_KIND_PARAMETRIC:
        parametric_optimum(&law->p, compute, &n, &d);
        break;
    case LAW_KIND_KAPLAN:
        n = law->kaplan.opt_k * pow(compute / SCALING_PF_DAY, law->kaplan.opt_a);
        d = compute / (SCALING_FLOPS_PER_PARAM_TOKEN * n);
        break;
    default:
        n = law->k * pow(compute, law->a);
        d = compute / (SCALING_FLOPS_PER_PARAM_TOKEN * n);
        break;
    }
    ScalingPoint pt = make_point(law, n, d);
    pt.compute = compute; /* exact, not re-rounded through 6ND */
    return pt;
}

ScalingPoint scaling_evaluate(const ScalingLaw *law, double params, double tokens)
{
    return make_point(law, params, tokens);
}

double scaling_compute_for_params(const ScalingLaw *law, double params)
{
    switch (law->kind) {
    case LAW_KIND_PARAMETRIC: {
        /* Invert N_opt = G (C/6)^a. */
        const ParametricLaw *p = &law->p;
        double s = p->alpha + p->beta;
        double g = pow(p->alpha * p->A / (p->beta * p->B), 1.0 / s);
        return SCALING_FLOPS_PER_PARAM_TOKEN * pow(params / g, s / p->beta);
    }
    case LAW_KIND_KAPLAN:
        return SCALING_PF_DAY * pow(params / law->kaplan.opt_k, 1.0 / law->kaplan.opt_a);
    default:
        return pow(params / law->k, 1.0 / law->a);
    }
}

double scaling_extrapolation_factor(const ScalingLaw *law, double params, double tokens)
{
    const ScalingFitRange *f = &law->fit;
    if (!(params > 0 && tokens > 0 && isfinite(params) && isfinite(tokens)))
        return INFINITY;
    double worst = 1.0;
    double r[4] = {f->n_min / params, params / f->n_max, f->d_min / tokens, tokens / f->d_max};
    for (int i = 0; i < 4; i++)
        if (r[i] > worst)
            worst = r[i];
    return worst;
}

bool scaling_extrapolating(const ScalingLaw *law, double params, double tokens)
{
    return scaling_extrapolation_factor(law, params, tokens) > 1.0;
}

TrainTime scaling_train_time(double compute, double peak_flops, int gpus, double mfu)
{
    TrainTime t = {0, 0, 0};
    double rate = peak_flops * (double)gpus * mfu;
    if (!(rate > 0))
        return t;
    t.seconds = compute / rate;
    t.days = t.seconds / 86400.0;
    t.gpu_hours = t.seconds * (double)gpus / 3600.0;
    return t;
}
