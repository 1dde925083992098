#include "engine/rag/sif.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void sif_params_default(SifParams *p)
{
    memset(p, 0, sizeof *p);
    p->a = SIF_DEFAULT_A;
    p->prob = SIF_PROB_CORPUS;
    p->remove_pc = true;
    p->analyzer = analyzer_default();
    p->analyzer.stop = STOP_NONE;
    p->analyzer.stem = false;
    p->analyzer.split_joiners = false; /* GloVe holds "3.5", "u.s." as words */
}

typedef struct Pool {
    const SifModel *m;
    float *acc;   /* dim */
    float *tmp;   /* dim */
    size_t found;
    size_t seen;
    size_t *counts; /* per GloVe row, when counting the corpus; else NULL */
} Pool;

static int pool_term(const Term *t, void *ctx)
{
    Pool *p = ctx;
    p->seen++;
    long row = glove_find(p->m->glove, t->text, t->len);
    if (row < 0) return 0;
    p->found++;
    if (p->counts) {
        p->counts[row]++;
        return 0;
    }
    glove_vector(p->m->glove, (size_t)row, p->tmp);
    cblas_saxpy((int)p->m->dim, p->m->weight[row], p->tmp, 1, p->acc, 1);
    return 0;
}

size_t sif_pool(const SifModel *m, const char *text, size_t len, float *out)
{
    float *tmp = malloc(m->dim * sizeof *tmp);
    memset(out, 0, m->dim * sizeof *out);
    if (!tmp || !text) {
        free(tmp);
        return 0;
    }
    Pool p = { .m = m, .acc = out, .tmp = tmp };
    analyze(text, len, &m->params.analyzer, pool_term, &p);
    /* Arora et al. average over the words of the sentence that have vectors */
    if (p.found) cblas_sscal((int)m->dim, 1.0f / (float)p.found, out, 1);
    free(tmp);
    return p.found;
}

static void remove_pc(const SifModel *m, float *v)
{
    float proj = cblas_sdot((int)m->dim, m->pc, 1, v, 1);
    cblas_saxpy((int)m->dim, -proj, m->pc, 1, v, 1);
}

size_t sif_embed(const SifModel *m, const char *text, size_t len, float *out)
{
    size_t found = sif_pool(m, text, len, out);
    if (m->params.remove_pc) remove_pc(m, out);
    float nrm = cblas_snrm2((int)m->dim, out, 1);
    if (nrm > 0.0f && found) cblas_sscal((int)m->dim, 1.0f / nrm, out, 1);
    else memset(out, 0, m->dim * sizeof *out);
    return found;
}

void sif_free(SifModel *m)
{
    if (!m) return;
    free(m->weight);
    free(m->pc);
    free(m->docvecs);
    free(m);
}

/* First principal component as Arora et al. compute it (TruncatedSVD with one component on
 * the uncentered embedding matrix X): the leading eigenvector of Xᵀ X. */
static int first_pc(const float *X, size_t n, size_t dim, float *pc)
{
    double *C = calloc(dim * dim, sizeof *C);
    double *w = malloc(dim * sizeof *w);
    if (!C || !w) {
        free(C);
        free(w);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const float *x = X + i * dim;
        for (size_t a = 0; a < dim; a++)
            for (size_t b = a; b < dim; b++) C[a * dim + b] += (double)x[a] * x[b];
    }
    int rc = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)dim, C, (lapack_int)dim, w);
    if (rc == 0) /* ascending: the last column is the leading eigenvector */
        for (size_t a = 0; a < dim; a++) pc[a] = (float)C[a * dim + dim - 1];
    free(C);
    free(w);
    return rc == 0 ? 0 : -1;
}

SifModel *sif_build(const GloveTable *g, const char *const *texts, size_t n, const SifParams *p,
                    RError *err)
{
    SifModel *m = calloc(1, sizeof *m);
    if (!m) {
        rerror_set(err, "sif: out of memory");
        return NULL;
    }
    m->glove = g;
    m->params = *p;
    m->dim = g->dim;
    m->ndocs = n;
    m->weight = malloc(g->n * sizeof *m->weight);
    m->pc = calloc(g->dim, sizeof *m->pc);
    m->docvecs = malloc((n ? n : 1) * g->dim * sizeof *m->docvecs);
    size_t *counts = calloc(g->n, sizeof *counts);
    if (!m->weight || !m->pc || !m->docvecs || !counts) {
        free(counts);
        sif_free(m);
        rerror_set(err, "sif: out of memory");
        return NULL;
    }
    /* word counts over the corpus (also gives the coverage figures) */
    Pool cp = { .m = m, .counts = counts };
    for (size_t i = 0; i < n; i++)
        if (texts[i]) analyze(texts[i], strlen(texts[i]), &p->analyzer, pool_term, &cp);
    m->tokens = cp.seen;
    m->covered = cp.found;
    double a = p->a > 0.0 ? p->a : SIF_DEFAULT_A;
    /* H_N = Σ_{r=1..N} 1/r ≈ ln N + γ + 1/(2N) (Euler–Maclaurin) */
    double hn = log((double)SIF_GLOVE_VOCAB) + 0.5772156649015329 + 0.5 / SIF_GLOVE_VOCAB;
    for (size_t r = 0; r < g->n; r++) {
        double pw;
        if (p->prob == SIF_PROB_ZIPF)
            pw = 1.0 / ((double)(r + 1) * hn);
        else
            pw = cp.seen ? (double)counts[r] / (double)cp.seen : 0.0;
        m->weight[r] = (float)(a / (a + pw));
    }
    free(counts);
    for (size_t i = 0; i < n; i++)
        sif_pool(m, texts[i], texts[i] ? strlen(texts[i]) : 0, m->docvecs + i * m->dim);
    if (p->remove_pc && n > 0) {
        if (first_pc(m->docvecs, n, m->dim, m->pc) != 0) {
            sif_free(m);
            rerror_set(err, "sif: eigensolver failed");
            return NULL;
        }
        for (size_t i = 0; i < n; i++) remove_pc(m, m->docvecs + i * m->dim);
    }
    for (size_t i = 0; i < n; i++) {
        float *v = m->docvecs + i * m->dim;
        float nrm = cblas_snrm2((int)m->dim, v, 1);
        if (nrm > 0.0f) cblas_sscal((int)m->dim, 1.0f / nrm, v, 1);
    }
    return m;
}
