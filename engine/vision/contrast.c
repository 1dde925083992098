/* CLIP and SigLIP losses on a synthetic batch (see contrast.h). Loss definitions:
 * mlfoundations/open_clip src/open_clip/loss.py ClipLoss (logits = logit_scale · img · txtᵀ,
 * (CE(logits) + CE(logitsᵀ)) / 2) and SigLipLoss (labels 2·eye − 1, −sum(logsigmoid(labels ·
 * logits)) / B); init logit_scale = ln(1/0.07) (model.py) and ln 10, bias −10 (SigLIP). */
#include "engine/vision/contrast.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rng.h"
#include "engine/vision/vision_params.h"

void contrast_query_init(ContrastQuery *q)
{
    VisionSettings s;
    param_defaults(&vision_params, &s);
    vision_settings_contrast(&s, q);
}

int contrast_query_validate(const ContrastQuery *q, RError *err)
{
    if (q->batch < 2 || q->batch > CONTRAST_MAX_BATCH)
        return rerror_set(err, "batch must be 2 to %d", CONTRAST_MAX_BATCH);
    if (q->dim < 2 || q->dim > CONTRAST_MAX_DIM)
        return rerror_set(err, "dim must be 2 to %d", CONTRAST_MAX_DIM);
    if (!(q->noise >= 0 && q->noise <= 10))
        return rerror_set(err, "noise must be 0 to 10");
    if (!(q->temperature >= 0.005 && q->temperature <= 2))
        return rerror_set(err, "temperature must be 0.005 to 2");
    if (!(q->sig_scale >= 0.1 && q->sig_scale <= 100))
        return rerror_set(err, "SigLIP scale t must be 0.1 to 100");
    if (!(q->sig_bias >= -50 && q->sig_bias <= 50))
        return rerror_set(err, "SigLIP bias must be -50 to 50");
    if (q->curve_max < 2 || q->curve_max > CONTRAST_MAX_BATCH)
        return rerror_set(err, "curve_max must be 2 to %d", CONTRAST_MAX_BATCH);
    return 0;
}

static void normalize_row(float *v, int dim)
{
    float n = cblas_snrm2(dim, v, 1);
    if (n > 0)
        cblas_sscal(dim, 1.0f / n, v, 1);
}

void contrast_batch(int batch, int dim, double noise, uint64_t seed, float *img, float *txt)
{
    uint64_t s = seed;
    double sd = 1.0 / sqrt((double)dim);
    for (int i = 0; i < batch; i++) {
        for (int k = 0; k < dim; k++) {
            double c = rng_gauss(&s) * sd;
            img[(size_t)i * dim + k] = (float)(c + noise * rng_gauss(&s) * sd);
            txt[(size_t)i * dim + k] = (float)(c + noise * rng_gauss(&s) * sd);
        }
        normalize_row(img + (size_t)i * dim, dim);
        normalize_row(txt + (size_t)i * dim, dim);
    }
}

void contrast_similarity(const float *img, const float *txt, int batch, int dim, float *sim)
{
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, batch, dim, 1.0f, img, dim, txt,
                dim, 0.0f, sim, batch);
}

/* Row i's cross-entropy is logsumexp(row) − logit_ii, column j's logsumexp(column) − logit_jj,
 * each logsumexp with its maximum subtracted. Both are accumulated in row-major passes so the
 * columns cost no strided reads. batch <= CONTRAST_MAX_BATCH. */
double contrast_clip_loss(const float *sim, int batch, double scale, double *i2t, double *t2i)
{
    double cmax[CONTRAST_MAX_BATCH], csum[CONTRAST_MAX_BATCH];
    double a = 0, b = 0;
    for (int j = 0; j < batch; j++) {
        cmax[j] = -INFINITY;
        csum[j] = 0;
    }
    for (int i = 0; i < batch; i++) {
        const float *row = sim + (size_t)i * batch;
        double mx = -INFINITY;
        for (int j = 0; j < batch; j++) {
            double x = scale * row[j];
            mx = x > mx ? x : mx;
            cmax[j] = x > cmax[j] ? x : cmax[j];
        }
        double sum = 0;
        for (int j = 0; j < batch; j++)
            sum += exp(scale * row[j] - mx);
        a += mx + log(sum) - scale * row[i];
    }
    for (int i = 0; i < batch; i++) {
        const float *row = sim + (size_t)i * batch;
        for (int j = 0; j < batch; j++)
            csum[j] += exp(scale * row[j] - cmax[j]);
    }
    for (int j = 0; j < batch; j++)
        b += cmax[j] + log(csum[j]) - scale * sim[(size_t)j * batch + j];
    a /= batch;
    b /= batch;
    if (i2t)
        *i2t = a;
    if (t2i)
        *t2i = b;
    return (a + b) / 2;
}


/* −log σ(x) = log(1 + e^−x), computed without overflow. */
static double neg_log_sigmoid(double x)
{
    return x >= 0 ? log1p(exp(-x)) : -x + log1p(exp(x));
}

double contrast_siglip_loss(const float *sim, int batch, double t, double b)
{
    double sum = 0;
    for (int i = 0; i < batch; i++)
        for (int j = 0; j < batch; j++) {
            double z = i == j ? 1.0 : -1.0;
            sum += neg_log_sigmoid(z * (t * sim[(size_t)i * batch + j] + b));
        }
    return sum / batch;
}

/* Losses of one seeded batch of size n (scratch holds 2 n dim + n² floats). */
static void losses_at(const ContrastQuery *q, int n, float *scratch, double *clip, double *sig)
{
    float *img = scratch, *txt = img + (size_t)n * q->dim, *sim = txt + (size_t)n * q->dim;
    contrast_batch(n, q->dim, q->noise, q->seed, img, txt);
    contrast_similarity(img, txt, n, q->dim, sim);
    *clip = contrast_clip_loss(sim, n, 1.0 / q->temperature, NULL, NULL);
    *sig = contrast_siglip_loss(sim, n, q->sig_scale, q->sig_bias);
}

int contrast_run(const ContrastQuery *q, ContrastReport *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (contrast_query_validate(q, err) != 0)
        return -1;
    int big = q->batch > q->curve_max ? q->batch : q->curve_max;
    size_t need = 2 * (size_t)big * q->dim + (size_t)big * big;
    float *scratch = malloc(need * sizeof *scratch);
    out->sim = malloc((size_t)q->batch * q->batch * sizeof *out->sim);
    if (!scratch || !out->sim) {
        free(scratch);
        contrast_report_free(out);
        return rerror_set(err, "out of memory for a batch of %d", big);
    }
    int n = q->batch;
    out->batch = n;
    float *img = scratch, *txt = img + (size_t)n * q->dim;
    contrast_batch(n, q->dim, q->noise, q->seed, img, txt);
    contrast_similarity(img, txt, n, q->dim, out->sim);
    out->clip_loss = contrast_clip_loss(out->sim, n, 1.0 / q->temperature, &out->clip_i2t,
                                        &out->clip_t2i);
    out->siglip_loss = contrast_siglip_loss(out->sim, n, q->sig_scale, q->sig_bias);
    int hits = 0;
    double dsum = 0, osum = 0;
    for (int i = 0; i < n; i++) {
        int best = 0;
        for (int j = 0; j < n; j++) {
            float v = out->sim[(size_t)i * n + j];
            if (v > out->sim[(size_t)i * n + best])
                best = j;
            if (i == j)
                dsum += v;
            else
                osum += v;
        }
        hits += best == i;
    }
    out->top1 = (double)hits / n;
    out->diag_mean = dsum / n;
    out->off_mean = osum / ((double)n * (n - 1));
    for (int b = 2; b <= q->curve_max && out->ncurve < CONTRAST_CURVE_MAX; b *= 2) {
        size_t k = out->ncurve++;
        out->curve_batch[k] = b;
        losses_at(q, b, scratch, &out->curve_clip[k], &out->curve_siglip[k]);
        out->curve_clip_chance[k] = log((double)b);
    }
    free(scratch);
    return 0;
}

void contrast_report_free(ContrastReport *r)
{
    if (!r)
        return;
    free(r->sim);
    r->sim = NULL;
}
