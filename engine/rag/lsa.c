#include "engine/rag/lsa.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void lsa_params_default(LsaParams *p)
{
    memset(p, 0, sizeof *p);
    p->rank = LSA_MAX_RANK;
    p->analyzer = analyzer_default();
    p->min_df = 1;
    p->sublinear_tf = true;
    p->svd.method = LSA_SVD_AUTO;
    p->svd.oversample = 32;
    p->svd.power_iters = 2;
    p->svd.seed = 0x5eed1a5au;
}

void sparse_clear(SparseMatrix *s)
{
    if (!s) return;
    free(s->rowptr);
    free(s->col);
    free(s->val);
    memset(s, 0, sizeof *s);
}

static int sparse_alloc(SparseMatrix *s, size_t rows, size_t cols, size_t nnz)
{
    s->rows = rows;
    s->cols = cols;
    s->nnz = nnz;
    s->rowptr = calloc(rows + 1, sizeof *s->rowptr);
    s->col = malloc((nnz ? nnz : 1) * sizeof *s->col);
    s->val = malloc((nnz ? nnz : 1) * sizeof *s->val);
    if (!s->rowptr || !s->col || !s->val) {
        sparse_clear(s);
        return -1;
    }
    return 0;
}

int sparse_from_dense(const float *dense, size_t rows, size_t cols, SparseMatrix *out,
                      RError *err)
{
    size_t nnz = 0;
    for (size_t i = 0; i < rows * cols; i++) nnz += dense[i] != 0.0f;
    if (sparse_alloc(out, rows, cols, nnz) != 0) return rerror_set(err, "lsa: out of memory");
    size_t k = 0;
    for (size_t r = 0; r < rows; r++) {
        out->rowptr[r] = k;
        for (size_t c = 0; c < cols; c++)
            if (dense[r * cols + c] != 0.0f) {
                out->col[k] = (uint32_t)c;
                out->val[k++] = dense[r * cols + c];
            }
    }
    out->rowptr[rows] = k;
    return 0;
}

/* Transpose of a CSR matrix, as CSR (= the CSC of the original). */
static int sparse_transpose(const SparseMatrix *a, SparseMatrix *t)
{
    if (sparse_alloc(t, a->cols, a->rows, a->nnz) != 0) return -1;
    for (size_t i = 0; i < a->nnz; i++) t->rowptr[a->col[i] + 1]++;
    for (size_t c = 0; c < a->cols; c++) t->rowptr[c + 1] += t->rowptr[c];
    size_t *next = malloc((a->cols ? a->cols : 1) * sizeof *next);
    if (!next) {
        sparse_clear(t);
        return -1;
    }
    memcpy(next, t->rowptr, a->cols * sizeof *next);
    for (size_t r = 0; r < a->rows; r++)
        for (size_t i = a->rowptr[r]; i < a->rowptr[r + 1]; i++) {
            size_t j = next[a->col[i]]++;
            t->col[j] = (uint32_t)r;
            t->val[j] = a->val[i];
        }
    free(next);
    return 0;
}

/* Y (a->rows × l) = A · X (a->cols × l); all dense row-major. */
static void sparse_mul(const SparseMatrix *a, const float *X, size_t l, float *Y)
{
    for (size_t r = 0; r < a->rows; r++) {
        float *y = Y + r * l;
        memset(y, 0, l * sizeof *y);
        for (size_t i = a->rowptr[r]; i < a->rowptr[r + 1]; i++) {
            cblas_saxpy((int)l, a->val[i], X + (size_t)a->col[i] * l, 1, y, 1);
        }
    }
}

/* ---- the truncated SVD ---------------------------------------------------------------- */

/* splitmix64 (Steele, Lea & Flood, OOPSLA 2014) -> uniform (0, 1) -> Box-Muller Gaussian. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double uniform01(uint64_t *s)
{
    return ((double)(splitmix64(s) >> 11) + 0.5) / 9007199254740992.0;
}

static void gaussian_fill(float *x, size_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i += 2) {
        double u = uniform01(&s), v = uniform01(&s);
        double r = sqrt(-2.0 * log(u));
        x[i] = (float)(r * cos(2.0 * M_PI * v));
        if (i + 1 < n) x[i + 1] = (float)(r * sin(2.0 * M_PI * v));
    }
}

/* Replaces Y (n × l, row-major) by an orthonormal basis of its columns (Householder QR). */
static int orthonormalize(float *Y, size_t n, size_t l)
{
    float *tau = malloc(l * sizeof *tau);
    if (!tau) return -1;
    int rc = LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)l, Y, (lapack_int)l,
                            tau);
    if (rc == 0)
        rc = LAPACKE_sorgqr(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)l, (lapack_int)l, Y,
                            (lapack_int)l, tau);
    free(tau);
    return rc == 0 ? 0 : -1;
}

/* Replaces Y (n × l, row-major, n >= l) by P·L from its LU factorization Y = P L U: the
 * same column space, unit lower-trapezoidal, cheaper than a QR. */
static int lu_normalize(float *Y, size_t n, size_t l)
{
    lapack_int *ipiv = malloc(l * sizeof *ipiv);
    if (!ipiv) return -1;
    int rc = LAPACKE_sgetrf(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)l, Y, (lapack_int)l,
                            ipiv);
    if (rc >= 0) { /* rc > 0: an exactly zero pivot; L is still a valid factor */
        for (size_t i = 0; i < l; i++) {
            float *row = Y + i * l;
            row[i] = 1.0f;
            for (size_t j = i + 1; j < l; j++) row[j] = 0.0f;
        }
        /* undo the row interchanges, last first: P·L */
        rc = LAPACKE_slaswp(LAPACK_ROW_MAJOR, (lapack_int)l, Y, (lapack_int)l, 1, (lapack_int)l,
                            ipiv, -1);
    }
    free(ipiv);
    return rc == 0 ? 0 : -1;
}

static int svd_exact(const SparseMatrix *A, size_t k, float *U, float *sigma, RError *err)
{
    size_t n = A->rows, v = A->cols, mn = n < v ? n : v;
    float *D = calloc(n * v, sizeof *D);
    float *s = malloc(mn * sizeof *s);
    float *u = malloc(n * mn * sizeof *u);
    float *vt = malloc(mn * v * sizeof *vt);
    int rc = -1;
    if (!D || !s || !u || !vt) {
        rerror_set(err, "lsa: out of memory for a %zu x %zu dense SVD", n, v);
        goto out;
    }
    for (size_t r = 0; r < n; r++)
        for (size_t i = A->rowptr[r]; i < A->rowptr[r + 1]; i++) D[r * v + A->col[i]] = A->val[i];
    if (LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 'S', (lapack_int)n, (lapack_int)v, D, (lapack_int)v, s,
                       u, (lapack_int)mn, vt, (lapack_int)v) != 0) {
        rerror_set(err, "lsa: sgesdd did not converge");
        goto out;
    }
    for (size_t r = 0; r < n; r++) memcpy(U + r * k, u + r * mn, k * sizeof *U);
    memcpy(sigma, s, k * sizeof *sigma);
    rc = 0;
out:
    free(D);
    free(s);
    free(u);
    free(vt);
    return rc;
}

/* Randomized SVD (Halko, Martinsson & Tropp, SIAM Review 53(2), 2011, Algorithms 4.4 + 5.1),
 * run as subspace iteration on G = A·Aᵀ so that only rows × l dense blocks are formed:
 *   Q ← Gaussian rows × l;  repeat q + 1 times: Q ← A (Aᵀ Q), normalized (LU, QR the last time)
 *   T = Qᵀ A Aᵀ Q = W Λ Wᵀ (l × l, symmetric: LAPACKE_dsyevd)
 *   U = Q W[:, top k],  σ = sqrt(λ top k). */
static int svd_randomized(const SparseMatrix *A, size_t k, const LsaSvdOptions *o, float *U,
                          float *sigma, RError *err)
{
    size_t n = A->rows, v = A->cols, mn = n < v ? n : v;
    size_t l = k + o->oversample;
    if (l > mn) l = mn;
    SparseMatrix At = { 0 };
    float *Q = malloc(n * l * sizeof *Q);
    float *Y = malloc(n * l * sizeof *Y);
    float *Z = malloc(v * l * sizeof *Z);
    float *T = malloc(l * l * sizeof *T);
    double *Td = malloc(l * l * sizeof *Td);
    double *w = malloc(l * sizeof *w);
    float *W = malloc(l * k * sizeof *W);
    int rc = -1;
    if (!Q || !Y || !Z || !T || !Td || !w || !W || sparse_transpose(A, &At) != 0) {
        rerror_set(err, "lsa: out of memory for a rank-%zu randomized SVD", k);
        goto out;
    }
    gaussian_fill(Q, n * l, o->seed); /* a Gaussian block is well conditioned as it is */
    for (int it = 0; it <= o->power_iters; it++) {
        sparse_mul(&At, Q, l, Z); /* Z = Aᵀ Q   (v × l) */
        sparse_mul(A, Z, l, Q);   /* Q = A Z    (n × l) */
        /* between power iterations an LU factor is enough to keep the columns apart (as
         * scikit-learn's randomized_range_finder does) and costs a quarter of a QR */
        if ((it < o->power_iters ? lu_normalize(Q, n, l) : orthonormalize(Q, n, l)) != 0)
            goto qr_fail;
    }
    sparse_mul(&At, Q, l, Z);
    sparse_mul(A, Z, l, Y); /* Y = A Aᵀ Q */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)l, (int)l, (int)n, 1.0f, Q,
                (int)l, Y, (int)l, 0.0f, T, (int)l);
    for (size_t i = 0; i < l; i++)
        for (size_t j = 0; j < l; j++) Td[i * l + j] = 0.5 * ((double)T[i * l + j] + T[j * l + i]);
    if (LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)l, Td, (lapack_int)l, w) != 0) {
        rerror_set(err, "lsa: dsyevd did not converge");
        goto out;
    }
    /* eigenvalues ascending: column l-1-c of Td is the c-th leading eigenvector */
    for (size_t c = 0; c < k; c++) {
        size_t j = l - 1 - c;
        sigma[c] = (float)sqrt(w[j] > 0.0 ? w[j] : 0.0);
        for (size_t i = 0; i < l; i++) W[i * k + c] = (float)Td[i * l + j];
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)k, (int)l, 1.0f, Q,
                (int)l, W, (int)k, 0.0f, U, (int)k);
    rc = 0;
    goto out;
qr_fail:
    rerror_set(err, "lsa: QR factorization failed");
out:
    sparse_clear(&At);
    free(Q);
    free(Y);
    free(Z);
    free(T);
    free(Td);
    free(w);
    free(W);
    return rc;
}

int lsa_svd(const SparseMatrix *A, size_t k, const LsaSvdOptions *opt, float *U, float *sigma,
            LsaSvd *used, RError *err)
{
    size_t mn = A->rows < A->cols ? A->rows : A->cols;
    if (k == 0 || k > mn)
        return rerror_set(err, "lsa: rank %zu outside 1..%zu", k, mn);
    LsaSvd m = opt->method;
    if (m == LSA_SVD_AUTO)
        m = A->rows * A->cols <= LSA_EXACT_MAX_CELLS ? LSA_SVD_EXACT : LSA_SVD_RANDOMIZED;
    if (used) *used = m;
    return m == LSA_SVD_EXACT ? svd_exact(A, k, U, sigma, err)
                              : svd_randomized(A, k, opt, U, sigma, err);
}

/* ---- the TF-IDF matrix ---------------------------------------------------------------- */

typedef struct TermIds {
    StrMap *vocab;
    uint32_t *ids;
    size_t n, cap;
    bool intern; /* add unseen terms (indexing) or skip them (queries) */
    int oom;
} TermIds;

static int collect_term(const Term *t, void *ctx)
{
    TermIds *c = ctx;
    long id = c->intern ? strmap_put(c->vocab, t->text, t->len, 0, NULL)
                        : strmap_find(c->vocab, t->text, t->len);
    if (id < 0) {
        if (c->intern) c->oom = 1;
        return c->intern ? 1 : 0;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        uint32_t *ids = realloc(c->ids, cap * sizeof *ids);
        if (!ids) {
            c->oom = 1;
            return 1;
        }
        c->ids = ids;
        c->cap = cap;
    }
    c->ids[c->n++] = (uint32_t)id;
    return 0;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts ids and collapses them to (id, count) pairs in place; returns the pair count. */
static size_t count_ids(uint32_t *ids, size_t n, float *counts)
{
    if (n == 0) return 0;
    qsort(ids, n, sizeof *ids, u32_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ids[j] == ids[i]) j++;
        ids[m] = ids[i];
        counts[m++] = (float)(j - i);
        i = j;
    }
    return m;
}

static float tf_weight(float tf, bool sublinear)
{
    return sublinear ? 1.0f + logf(tf) : tf;
}

/* Raw counts: a CSR over the full vocabulary, plus document frequencies. */
static int count_corpus(const char *const *texts, size_t n, const AnalyzerOptions *an,
                        StrMap *vocab, SparseMatrix *C, RError *err)
{
    TermIds c = { .vocab = vocab, .intern = true };
    size_t cap = 1024, nnz = 0;
    uint32_t *col = malloc(cap * sizeof *col);
    float *val = malloc(cap * sizeof *val);
    size_t *rowptr = malloc((n + 1) * sizeof *rowptr);
    float *counts = NULL;
    size_t counts_cap = 0;
    int rc = -1;
    if (!col || !val || !rowptr) goto oom;
    for (size_t d = 0; d < n; d++) {
        rowptr[d] = nnz;
        c.n = 0;
        if (texts[d]) analyze(texts[d], strlen(texts[d]), an, collect_term, &c);
        if (c.oom) goto oom;
        if (c.n > counts_cap) {
            float *nc = realloc(counts, c.n * sizeof *nc);
            if (!nc) goto oom;
            counts = nc;
            counts_cap = c.n;
        }
        size_t m = count_ids(c.ids, c.n, counts);
        if (nnz + m > cap) {
            while (nnz + m > cap) cap *= 2;
            uint32_t *nc = realloc(col, cap * sizeof *nc);
            if (!nc) goto oom;
            col = nc;
            float *nv = realloc(val, cap * sizeof *nv);
            if (!nv) goto oom;
            val = nv;
        }
        if (m) {
            memcpy(col + nnz, c.ids, m * sizeof *col);
            memcpy(val + nnz, counts, m * sizeof *val);
        }
        nnz += m;
    }
    rowptr[n] = nnz;
    C->rows = n;
    C->cols = vocab->n;
    C->nnz = nnz;
    C->rowptr = rowptr;
    C->col = col;
    C->val = val;
    col = NULL;
    val = NULL;
    rowptr = NULL;
    rc = 0;
    goto out;
oom:
    rerror_set(err, "lsa: out of memory while indexing");
out:
    free(c.ids);
    free(counts);
    free(col);
    free(val);
    free(rowptr);
    return rc;
}

/* Keeps terms with df >= min_df, renumbers them, and weights counts by TF-IDF with
 * L2-normalized rows. The idf is scikit-learn's smoothed form, ln((1 + N) / (1 + df)) + 1
 * (TfidfVectorizer, smooth_idf=True), so a term in every document keeps weight 1. */
static int weight_corpus(LsaModel *m, const SparseMatrix *C, StrMap *full, int min_df,
                         RError *err)
{
    size_t V = C->cols, N = C->rows;
    uint32_t *df = calloc(V ? V : 1, sizeof *df);
    long *remap = malloc((V ? V : 1) * sizeof *remap);
    if (!df || !remap) goto oom;
    for (size_t i = 0; i < C->nnz; i++) df[C->col[i]]++;
    for (size_t t = 0; t < V; t++) {
        remap[t] = -1;
        if ((int)df[t] >= min_df && df[t] > 0) {
            remap[t] = strmap_put(&m->vocab, full->keys[t], strlen(full->keys[t]), 0, NULL);
            if (remap[t] < 0) goto oom;
        }
    }
    size_t nv = m->vocab.n;
    m->idf = malloc((nv ? nv : 1) * sizeof *m->idf);
    if (!m->idf) goto oom;
    for (size_t t = 0; t < V; t++)
        if (remap[t] >= 0)
            m->idf[remap[t]] = (float)(log((1.0 + (double)N) / (1.0 + (double)df[t])) + 1.0);
    size_t nnz = 0;
    for (size_t i = 0; i < C->nnz; i++) nnz += remap[C->col[i]] >= 0;
    if (sparse_alloc(&m->A, N, nv, nnz) != 0) goto oom;
    size_t k = 0;
    for (size_t d = 0; d < N; d++) {
        m->A.rowptr[d] = k;
        size_t k0 = k;
        double ss = 0.0;
        for (size_t i = C->rowptr[d]; i < C->rowptr[d + 1]; i++) {
            int64_t t = remap[C->col[i]];
            if (t < 0) continue;
            float w = tf_weight(C->val[i], m->sublinear_tf) * m->idf[t];
            m->A.col[k] = (uint32_t)t;
            m->A.val[k++] = w;
            ss += (double)w * w;
        }
        float inv = ss > 0.0 ? (float)(1.0 / sqrt(ss)) : 0.0f;
        for (size_t i = k0; i < k; i++) m->A.val[i] *= inv;
    }
    m->A.rowptr[N] = k;
    /* strmap_put numbers in ascending old-id order, so columns stay sorted per row */
    free(df);
    free(remap);
    return 0;
oom:
    free(df);
    free(remap);
    return rerror_set(err, "lsa: out of memory while weighting");
}

LsaModel *lsa_build(const char *const *texts, size_t n, const LsaParams *p, RError *err)
{
    if (n == 0) {
        rerror_set(err, "lsa: no documents to index");
        return NULL;
    }
    if (p->rank == 0 || p->rank > LSA_MAX_RANK) {
        rerror_set(err, "lsa: rank %zu outside 1..%d", p->rank, LSA_MAX_RANK);
        return NULL;
    }
    LsaModel *m = calloc(1, sizeof *m);
    StrMap full_map, *full = &full_map;
    strmap_init(full);
    SparseMatrix C = { 0 };
    if (!m) {
        rerror_set(err, "lsa: out of memory");
        return NULL;
    }
    strmap_init(&m->vocab);
    m->ndocs = n;
    m->analyzer = p->analyzer;
    m->sublinear_tf = p->sublinear_tf;
    if (count_corpus(texts, n, &p->analyzer, full, &C, err) != 0) goto fail;
    if (weight_corpus(m, &C, full, p->min_df, err) != 0) goto fail;
    sparse_clear(&C);
    strmap_clear(full);
    if (m->vocab.n == 0) {
        rerror_set(err, "lsa: the corpus has no indexable terms");
        goto fail;
    }
    if (sparse_transpose(&m->A, &m->At) != 0) {
        rerror_set(err, "lsa: out of memory");
        goto fail;
    }
    size_t mn = n < m->vocab.n ? n : m->vocab.n;
    size_t k = p->rank < mn ? p->rank : mn;
    m->rank = k;
    float *U = malloc(n * k * sizeof *U);
    m->sigma = malloc(k * sizeof *m->sigma);
    m->docvecs = malloc(n * k * sizeof *m->docvecs);
    m->V = malloc(m->vocab.n * k * sizeof *m->V);
    if (!U || !m->sigma || !m->docvecs || !m->V) {
        free(U);
        rerror_set(err, "lsa: out of memory for rank %zu", k);
        goto fail;
    }
    if (lsa_svd(&m->A, k, &p->svd, U, m->sigma, &m->used, err) != 0) {
        free(U);
        goto fail;
    }
    /* V = Aᵀ U Σ⁻¹ (terms × k). Documents are folded in exactly like queries, d̂ = Vᵀ a_d,
     * i.e. the rows of A V (= U Σ for an exact SVD), so both sides share one space. */
    sparse_mul(&m->At, U, k, m->V);
    free(U);
    float smax = m->sigma[0];
    for (size_t c = 0; c < k; c++) {
        float inv = m->sigma[c] > 1e-6f * smax ? 1.0f / m->sigma[c] : 0.0f;
        for (size_t t = 0; t < m->vocab.n; t++) m->V[t * k + c] *= inv;
    }
    sparse_mul(&m->A, m->V, k, m->docvecs);
    for (size_t d = 0; d < n; d++) {
        float *row = m->docvecs + d * k;
        float nrm = cblas_snrm2((int)k, row, 1);
        if (nrm > 0.0f) cblas_sscal((int)k, 1.0f / nrm, row, 1);
    }
    return m;
fail:
    sparse_clear(&C);
    strmap_clear(full);
    lsa_free(m);
    return NULL;
}

void lsa_free(LsaModel *m)
{
    if (!m) return;
    strmap_clear(&m->vocab);
    free(m->idf);
    sparse_clear(&m->A);
    sparse_clear(&m->At);
    free(m->V);
    free(m->sigma);
    free(m->docvecs);
    free(m);
}

int lsa_query(const LsaModel *m, const char *text, size_t len, float *qvec, float *tfidf,
              RError *err)
{
    size_t n = m->ndocs, k = m->rank;
    TermIds c = { .vocab = (StrMap *)&m->vocab, .intern = false };
    if (qvec) memset(qvec, 0, k * sizeof *qvec);
    if (tfidf) memset(tfidf, 0, n * sizeof *tfidf);
    if (text) analyze(text, len, &m->analyzer, collect_term, &c);
    if (c.oom) {
        free(c.ids);
        return rerror_set(err, "lsa: out of memory");
    }
    if (c.n == 0) {
        free(c.ids);
        return 0;
    }
    float *w = malloc(c.n * sizeof *w);
    if (!w) {
        free(c.ids);
        return rerror_set(err, "lsa: out of memory");
    }
    size_t nt = count_ids(c.ids, c.n, w);
    double qq = 0.0;
    for (size_t i = 0; i < nt; i++) {
        w[i] = tf_weight(w[i], m->sublinear_tf) * m->idf[c.ids[i]];
        qq += (double)w[i] * w[i];
    }
    float qinv = (float)(1.0 / sqrt(qq));
    for (size_t i = 0; i < nt; i++) w[i] *= qinv; /* q is L2-normalized: tfidf = cosine */
    if (tfidf) /* A q over the inverted index (rows of Aᵀ) */
        for (size_t i = 0; i < nt; i++) {
            uint32_t t = c.ids[i];
            for (size_t j = m->At.rowptr[t]; j < m->At.rowptr[t + 1]; j++)
                tfidf[m->At.col[j]] += w[i] * m->At.val[j];
        }
    if (qvec) {
        for (size_t i = 0; i < nt; i++)
            cblas_saxpy((int)k, w[i], m->V + (size_t)c.ids[i] * k, 1, qvec, 1);
        float nrm = cblas_snrm2((int)k, qvec, 1);
        if (nrm > 0.0f) cblas_sscal((int)k, 1.0f / nrm, qvec, 1);
    }
    free(c.ids);
    free(w);
    return (int)nt;
}
