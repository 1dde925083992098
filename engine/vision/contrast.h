/* Contrastive image-text losses on a seeded batch of paired embeddings: the similarity
 * matrix (OpenBLAS sgemm), CLIP's softmax loss and SigLIP's pairwise sigmoid loss, and how
 * each changes with the batch size. */
#ifndef RAMPUP_ENGINE_VISION_CONTRAST_H
#define RAMPUP_ENGINE_VISION_CONTRAST_H

#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"

#define CONTRAST_MAX_BATCH 1024
#define CONTRAST_MAX_DIM 512
#define CONTRAST_CURVE_MAX 10 /* batch sizes 2, 4, ..., 1024 */

typedef struct ContrastQuery {
    int batch;          /* pairs, [2, CONTRAST_MAX_BATCH] */
    int dim;            /* embedding width, [2, CONTRAST_MAX_DIM] */
    double noise;       /* std of each modality's noise relative to the shared concept, [0, 10] */
    double temperature; /* CLIP tau: logits = cos / tau, [0.005, 2] (open_clip init 0.07) */
    double sig_scale;   /* SigLIP t: logits = t cos + b, [0.1, 100] (init 10) */
    double sig_bias;    /* SigLIP b, [-50, 50] (init -10) */
    uint64_t seed;
    int curve_max;      /* largest batch on the loss-vs-batch curve, [2, CONTRAST_MAX_BATCH] */
} ContrastQuery;

/* The defaults of vision_params: batch 8, dim 64, noise 1.5, tau 0.07 (open_clip's
 * init), t 10 and b -10 (SigLIP's init), seed 1; the curve to 512. */
void contrast_query_init(ContrastQuery *q);
int contrast_query_validate(const ContrastQuery *q, RError *err);

typedef struct ContrastReport {
    int batch;
    float *sim;           /* owned: batch x batch cosines, row i = image i, column j = text j */
    double clip_loss;     /* (i2t + t2i) / 2 */
    double clip_i2t, clip_t2i;
    double siglip_loss;
    double top1;          /* share of images whose own caption has the highest cosine */
    double diag_mean, off_mean; /* mean cosine of matching and of non-matching pairs */
    size_t ncurve;
    int curve_batch[CONTRAST_CURVE_MAX];
    double curve_clip[CONTRAST_CURVE_MAX];
    double curve_siglip[CONTRAST_CURVE_MAX];
    double curve_clip_chance[CONTRAST_CURVE_MAX]; /* ln B: CLIP's loss when all logits tie */
} ContrastReport;

/* Fills img and txt (batch x dim each, rows L2-normalized): concept c_i ~ N(0, I/dim), image
 * = c_i + noise e, text = c_i + noise e', fresh e, e' ~ N(0, I/dim), from the seed. */
void contrast_batch(int batch, int dim, double noise, uint64_t seed, float *img, float *txt);
/* sim = img · txtᵀ (cblas_sgemm). */
void contrast_similarity(const float *img, const float *txt, int batch, int dim, float *sim);
/* open_clip ClipLoss: mean over rows of CE(scale · sim, diagonal) and the same over columns,
 * averaged. i2t and t2i (may be NULL) get the two halves. batch in [1, CONTRAST_MAX_BATCH]. */
double contrast_clip_loss(const float *sim, int batch, double scale, double *i2t, double *t2i);
/* open_clip SigLipLoss: −Σ_ij log σ(z_ij (t · sim_ij + b)) / batch, z = +1 on the diagonal,
 * −1 elsewhere. */
double contrast_siglip_loss(const float *sim, int batch, double t, double b);

/* The whole report (allocates sim). */
int contrast_run(const ContrastQuery *q, ContrastReport *out, RError *err);
void contrast_report_free(ContrastReport *r);

#endif
