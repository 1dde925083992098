/* CLIP softmax and SigLIP sigmoid losses against hand-computed values on a 3x3 batch. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include "engine/vision/contrast.h"

/* Images e1, e2, e3; texts (0.8, 0.6, 0), (0, 1, 0), (0.6, 0, 0.8). sim[i][j] = img_i·txt_j:
 *   [0.8 0   0.6]
 *   [0.6 1   0  ]
 *   [0   0   0.8]
 * Scale 1: rows (i2t)  CE = ln(e^.8 + 1 + e^.6) - .8, ln(e^.6 + e + 1) - 1, ln(2 + e^.8) - .8
 *          -> mean 0.724046; columns (t2i) -> 0.729765; CLIP loss 0.726905.
 * SigLIP t 1, b 0: Σ_ij log(1 + e^{-z x}) / 3 = 1.967676; t 10, b -10: 1.661162. */
static const float IMG[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
static const float TXT[9] = {0.8f, 0.6f, 0, 0, 1, 0, 0.6f, 0, 0.8f};

Test(contrast, similarity_by_sgemm)
{
    float sim[9];
    contrast_similarity(IMG, TXT, 3, 3, sim);
    const float want[9] = {0.8f, 0, 0.6f, 0.6f, 1, 0, 0, 0, 0.8f};
    for (int i = 0; i < 9; i++)
        cr_assert_float_eq(sim[i], want[i], 1e-6);
}

Test(contrast, clip_loss_by_hand)
{
    float sim[9];
    contrast_similarity(IMG, TXT, 3, 3, sim);
    double i2t, t2i;
    double l = contrast_clip_loss(sim, 3, 1.0, &i2t, &t2i);
    cr_assert_float_eq(i2t, 0.7240462709, 1e-6);
    cr_assert_float_eq(t2i, 0.7297647152, 1e-6);
    cr_assert_float_eq(l, 0.7269054931, 1e-6);
    double row0 = log(exp(0.8) + 1 + exp(0.6)) - 0.8;
    double row1 = log(exp(0.6) + exp(1.0) + 1) - 1.0;
    double row2 = log(2 + exp(0.8)) - 0.8;
    cr_assert_float_eq(i2t, (row0 + row1 + row2) / 3, 1e-6);
    /* CLIP's initial temperature 0.07 sharpens the softmax: the loss falls to 0.028480. */
    cr_assert_float_eq(contrast_clip_loss(sim, 3, 1 / 0.07, NULL, NULL), 0.0284798861, 1e-6);
}

Test(contrast, siglip_loss_by_hand)
{
    float sim[9];
    contrast_similarity(IMG, TXT, 3, 3, sim);
    cr_assert_float_eq(contrast_siglip_loss(sim, 3, 1, 0), 1.9676758809, 1e-6);
    cr_assert_float_eq(contrast_siglip_loss(sim, 3, 10, -10), 1.6611615514, 1e-6);
    /* All-zero logits: every pair costs ln 2, 9 pairs / 3 = 3 ln 2. */
    float zero[9] = {0};
    cr_assert_float_eq(contrast_siglip_loss(zero, 3, 5, 0), 3 * log(2.0), 1e-12);
}

Test(contrast, stable_at_extreme_logits)
{
    float sim[4] = {1, -1, -1, 1};
    double l = contrast_clip_loss(sim, 2, 200, NULL, NULL); /* tau 0.005 */
    cr_assert(isfinite(l) && l >= 0 && l < 1e-100);
    double s = contrast_siglip_loss(sim, 2, 100, 150);
    cr_assert(isfinite(s));
    cr_assert_float_eq(s, (50.0 + 50.0) / 2, 1e-9); /* two negatives at logit -100 + 150 = 50 */
}

Test(contrast, seeded_batch_and_report)
{
    ContrastQuery q;
    contrast_query_init(&q);
    q.noise = 0;
    ContrastReport r;
    RError err;
    cr_assert_eq(contrast_run(&q, &r, &err), 0, "%s", err.msg);
    /* No noise: image = text, so the diagonal is 1 and every image finds its caption. */
    for (int i = 0; i < q.batch; i++)
        cr_assert_float_eq(r.sim[i * q.batch + i], 1.0f, 1e-5);
    cr_assert_float_eq(r.top1, 1.0, 1e-12);
    ContrastReport r2;
    cr_assert_eq(contrast_run(&q, &r2, &err), 0);
    cr_assert_float_eq(r.clip_loss, r2.clip_loss, 0); /* same seed, same numbers */
    contrast_report_free(&r2);
    /* The curve covers 2 .. 512 and CLIP's chance level is ln B. */
    cr_assert_eq(r.ncurve, 9);
    cr_assert_eq(r.curve_batch[8], 512);
    cr_assert_float_eq(r.curve_clip_chance[8], log(512.0), 1e-12);
    contrast_report_free(&r);
}

Test(contrast, noise_raises_the_loss_and_batch_size_too)
{
    ContrastQuery q;
    contrast_query_init(&q);
    ContrastReport a, b;
    q.noise = 0.2;
    cr_assert_eq(contrast_run(&q, &a, NULL), 0);
    q.noise = 2.0;
    cr_assert_eq(contrast_run(&q, &b, NULL), 0);
    cr_assert(b.clip_loss > a.clip_loss);
    cr_assert(b.diag_mean < a.diag_mean);
    /* At high noise, CLIP's loss grows with the batch (more negatives to beat). */
    cr_assert(b.curve_clip[8] > b.curve_clip[0]);
    contrast_report_free(&a);
    contrast_report_free(&b);
}

Test(contrast, bad_queries)
{
    ContrastQuery q;
    contrast_query_init(&q);
    q.batch = 1;
    ContrastReport r;
    RError err;
    cr_assert_neq(contrast_run(&q, &r, &err), 0);
    contrast_query_init(&q);
    q.temperature = 0;
    cr_assert_neq(contrast_run(&q, &r, &err), 0);
    contrast_query_init(&q);
    q.noise = NAN;
    cr_assert_neq(contrast_run(&q, &r, &err), 0);
}
