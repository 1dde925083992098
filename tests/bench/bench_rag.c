/* bench_rag: RAG retrieval on BEIR SciFact (train judgments) — index build times, quality
 * (nDCG@10, recall@100) and per-query latency of every method and fusion, dense flat-search
 * speed (sgemv / sgemm), side by side with Xapian (BM25) and FAISS (IndexFlatIP) when the
 * bench was built with them. Skips with a message when ../shared/data/scifact is absent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>

#include "engine/rag/bm25.h"
#include "engine/rag/dense.h"
#include "engine/rag/fusion.h"
#include "engine/rag/glove.h"
#include "engine/rag/lsa.h"
#include "engine/rag/sif.h"
#include "tests/bench/rag_data.h"
#include "tests/bench/rag_ext.h"

#define DEPTH 100 /* ranked list depth: recall@100 and the lists fused */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* median and p99 (nearest rank) of n timings, in place */
static void quantiles(double *t, size_t n, double *med, double *p99)
{
    qsort(t, n, sizeof *t, dbl_cmp);
    *med = n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
    size_t r = (size_t)ceil(0.99 * (double)n);
    *p99 = t[r ? r - 1 : 0];
}

/* Runs per query: hits lists (nq × DEPTH) and their lengths, kept for fusion. */
typedef struct Run {
    const char *name;
    RagHit *hits;
    size_t *n;
    double *lat;  /* seconds per query */
    double *qndcg; /* nDCG@10 per query */
    double ndcg, recall, med, p99;
} Run;

static Run run_new(const char *name, size_t nq)
{
    Run r = { .name = name };
    r.hits = calloc(nq * DEPTH, sizeof *r.hits);
    r.n = calloc(nq, sizeof *r.n);
    r.lat = calloc(nq, sizeof *r.lat);
    r.qndcg = calloc(nq, sizeof *r.qndcg);
    return r;
}

static void run_free(Run *r)
{
    free(r->hits);
    free(r->n);
    free(r->lat);
    free(r->qndcg);
}

/* Standard error of the mean paired difference of per-query nDCG@10 (b - a). */
static double paired_se(const Run *a, const Run *b, size_t nq)
{
    double mean = 0, ss = 0;
    for (size_t q = 0; q < nq; q++) mean += b->qndcg[q] - a->qndcg[q];
    mean /= (double)nq;
    for (size_t q = 0; q < nq; q++) {
        double e = b->qndcg[q] - a->qndcg[q] - mean;
        ss += e * e;
    }
    return sqrt(ss / (double)(nq - 1) / (double)nq);
}

static void run_score(const BenchData *d, Run *r, int timed)
{
    double nd = 0, rc = 0;
    for (size_t q = 0; q < d->nqueries; q++) {
        double a, b;
        bench_score(d, q, r->hits + q * DEPTH, r->n[q], &a, &b);
        r->qndcg[q] = a;
        nd += a;
        rc += b;
    }
    r->ndcg = nd / (double)d->nqueries;
    r->recall = rc / (double)d->nqueries;
    if (timed) {
        double *t = malloc(d->nqueries * sizeof *t);
        memcpy(t, r->lat, d->nqueries * sizeof *t);
        quantiles(t, d->nqueries, &r->med, &r->p99);
        free(t);
    } else {
        r->med = r->p99 = NAN;
    }
}

static void run_print(const Run *r)
{
    if (isnan(r->med))
        printf("  %-34s  nDCG@10 %.4f  R@100 %.4f\n", r->name, r->ndcg, r->recall);
    else
        printf("  %-34s  nDCG@10 %.4f  R@100 %.4f  median %8.1f us  p99 %8.1f us\n", r->name,
               r->ndcg, r->recall, r->med * 1e6, r->p99 * 1e6);
}

typedef enum Fuse { FUSE_RRF, FUSE_BLEND } Fuse;

/* Fuses two runs per query: lexical weight 1 - w, dense weight w. */
static void fuse_runs(const BenchData *d, const Run *a, const Run *b, Fuse how, double w,
                      Run *out)
{
    RError err;
    for (size_t q = 0; q < d->nqueries; q++) {
        FusionList l[2] = { { a->hits + q * DEPTH, a->n[q], (float)(1.0 - w) },
                            { b->hits + q * DEPTH, b->n[q], (float)w } };
        double t0 = now();
        if (how == FUSE_RRF)
            fusion_rrf(l, 2, FUSION_RRF_K, out->hits + q * DEPTH, DEPTH, &out->n[q], &err);
        else
            fusion_blend(l, 2, FUSION_NORM_MINMAX, out->hits + q * DEPTH, DEPTH, &out->n[q],
                         &err);
        out->lat[q] = a->lat[q] + b->lat[q] + (now() - t0);
    }
    run_score(d, out, 1);
}

int main(void)
{
    const char *dir = "../shared/data/scifact";
    BenchData d;
    char msg[512];
    if (access(dir, R_OK) != 0) {
        printf("bench_rag: ../shared/data/scifact absent, skipped\n");
        return 0;
    }
    double t0 = now();
    if (bench_data_load(dir, "train", &d, msg, sizeof msg) != 0) {
        fprintf(stderr, "bench_rag: %s\n", msg);
        return 1;
    }
    size_t nq = d.nqueries, nd = d.ndocs;
    const char *const *texts = (const char *const *)d.doc_texts;
    printf("SciFact: %zu documents, %zu train queries with judgments (loaded in %.2f s)\n", nd,
           nq, now() - t0);
    double load[3] = { 0 };
    FILE *lf = fopen("/proc/loadavg", "r");
    if (lf) {
        if (fscanf(lf, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        fclose(lf);
    }
    printf("quality on the train split; latency = one query: encode + score + top-%d\n", DEPTH);
    printf("machine: %ld cores online, load average %.2f, OpenBLAS threads %d (timings on a "
           "loaded machine are noisy; p99 most of all)\n\n",
           sysconf(_SC_NPROCESSORS_ONLN), load[0], openblas_get_num_threads());
    RError err;

    /* ---- index builds --------------------------------------------------------------- */
    printf("index build\n");
    t0 = now();
    Bm25Index *bm = NULL;
    if (bm25_build(texts, nd, NULL, &bm, &err) != 0) {
        fprintf(stderr, "bench_rag: bm25: %s\n", err.msg);
        return 1;
    }
    double t_bm = now() - t0;
    printf("  BM25 (rampup)                 %7.3f s  (%zu terms, %zu postings)\n", t_bm,
           bm->nterms, bm->npostings);
    static const size_t ranks[] = { 128, 256, 512 };
    LsaModel *lsa[3];
    double t_lsa[3];
    for (int i = 0; i < 3; i++) {
        LsaParams p;
        lsa_params_default(&p);
        p.rank = ranks[i];
        t0 = now();
        lsa[i] = lsa_build(texts, nd, &p, &err);
        t_lsa[i] = now() - t0;
        if (!lsa[i]) {
            fprintf(stderr, "bench_rag: lsa: %s\n", err.msg);
            return 1;
        }
        printf("  LSA rank %3zu (TF-IDF + rSVD)  %7.3f s  (%zu terms, %zu nonzeros, "
               "sigma %.2f..%.2f)\n",
               ranks[i], t_lsa[i], lsa[i]->vocab.n, lsa[i]->A.nnz, lsa[i]->sigma[0],
               lsa[i]->sigma[lsa[i]->rank - 1]);
    }
    LsaModel *L = lsa[2];
    t0 = now();
    GloveTable *g = glove_load("content/glove", &err);
    double t_glove = now() - t0;
    SifModel *sif = NULL;
    double t_sif = 0;
    if (!g) {
        printf("  GloVe: %s: %s (SIF skipped)\n", err.file, err.msg);
    } else {
        SifParams sp;
        sif_params_default(&sp);
        t0 = now();
        sif = sif_build(g, texts, nd, &sp, &err);
        t_sif = now() - t0;
        printf("  GloVe load (int8, 50k x 100)  %7.3f s\n", t_glove);
        printf("  SIF (a = %g, p(w) corpus)    %7.3f s  (%.1f%% of %zu tokens in GloVe)\n",
               sp.a, t_sif, 100.0 * (double)sif->covered / (double)sif->tokens, sif->tokens);
    }
    char xdir[] = "/tmp/rampup_xapian_XXXXXX";
    XapBench *xap = NULL;
    double t_xap = 0;
    if (!xap_version()) {
        printf("  Xapian: absent (install libxapian-dev; `make bench` does as root), skipped\n");
    } else if (!mkdtemp(xdir)) {
        printf("  Xapian: cannot make a temporary directory, skipped\n");
    } else {
        t0 = now();
        xap = xap_build(texts, nd, xdir, msg, sizeof msg);
        t_xap = now() - t0;
        if (!xap)
            printf("  Xapian: %s\n", msg);
        else
            printf("  Xapian %s (glass, on disk)  %7.3f s   ratio rampup BM25 / Xapian %.2f\n",
                   xap_version(), t_xap, t_bm / t_xap);
    }

    /* ---- single-query runs ------------------------------------------------------------ */
    Run r_bm = run_new("BM25 (k1 0.9, b 0.4)", nq), r_tf = run_new("TF-IDF cosine", nq);
    Run r_lsa[3] = { run_new("LSA rank 128", nq), run_new("LSA rank 256", nq),
                     run_new("LSA rank 512", nq) };
    Run r_sif = run_new("GloVe SIF", nq), r_xap = run_new("Xapian BM25 (defaults)", nq);
    float *scratch = malloc(nd * sizeof *scratch), *tf = malloc(nd * sizeof *tf);
    float *qv = malloc(LSA_MAX_RANK * sizeof *qv);
    float *qlsa = malloc(nq * L->rank * sizeof *qlsa); /* kept for the flat-search section */
    DenseIndex *lix[3];
    for (int i = 0; i < 3; i++) {
        lix[i] = dense_new(lsa[i]->rank, &err);
        dense_add(lix[i], lsa[i]->docvecs, nd, &err);
    }
    DenseIndex *six = NULL;
    if (sif) {
        six = dense_new(sif->dim, &err);
        dense_add(six, sif->docvecs, nd, &err);
    }
    /* one method at a time over all queries, so each runs with its own warm caches */
#define EACH_QUERY for (size_t q = 0; q < nq; q++)
#define QTEXT d.q_texts[q], strlen(d.q_texts[q])
    double tq;
    EACH_QUERY {
        tq = now();
        bm25_search(bm, d.q_texts[q], DEPTH, r_bm.hits + q * DEPTH, &r_bm.n[q], scratch, &err);
        r_bm.lat[q] = now() - tq;
    }
    EACH_QUERY {
        tq = now();
        lsa_query(L, QTEXT, NULL, tf, &err);
        r_tf.n[q] = rag_topk(tf, nd, DEPTH, r_tf.hits + q * DEPTH);
        r_tf.lat[q] = now() - tq;
    }
    for (int i = 0; i < 3; i++) EACH_QUERY {
            tq = now();
            lsa_query(lsa[i], QTEXT, qv, NULL, &err);
            dense_search(lix[i], qv, DEPTH, r_lsa[i].hits + q * DEPTH, &r_lsa[i].n[q], &err);
            r_lsa[i].lat[q] = now() - tq;
            if (i == 2) memcpy(qlsa + q * L->rank, qv, L->rank * sizeof *qv);
        }
    if (sif) EACH_QUERY {
            tq = now();
            sif_embed(sif, QTEXT, qv);
            dense_search(six, qv, DEPTH, r_sif.hits + q * DEPTH, &r_sif.n[q], &err);
            r_sif.lat[q] = now() - tq;
        }
    if (xap) EACH_QUERY {
            tq = now();
            xap_search(xap, d.q_texts[q], DEPTH, r_xap.hits + q * DEPTH, &r_xap.n[q]);
            r_xap.lat[q] = now() - tq;
        }
    printf("\nmethods (SciFact train, %zu queries)\n", nq);
    run_score(&d, &r_bm, 1);
    run_print(&r_bm);
    if (xap) {
        run_score(&d, &r_xap, 1);
        run_print(&r_xap);
    }
    run_score(&d, &r_tf, 1);
    run_print(&r_tf);
    for (int i = 0; i < 3; i++) {
        run_score(&d, &r_lsa[i], 1);
        run_print(&r_lsa[i]);
    }
    if (sif) {
        run_score(&d, &r_sif, 1);
        run_print(&r_sif);
    }
    if (xap)
        printf("  ratios rampup BM25 / Xapian: nDCG@10 %.3f, median latency %.2f, p99 %.2f\n",
               r_bm.ndcg / r_xap.ndcg, r_bm.med / r_xap.med, r_bm.p99 / r_xap.p99);

    /* ---- fusion ----------------------------------------------------------------------- */
    printf("\nfusion of BM25 with a dense list (depth %d each; w = dense weight, BM25 1 - w)\n",
           DEPTH);
    static const double ws[] = { 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7 };
    const Run *dense_runs[3] = { &r_lsa[2], &r_tf, sif ? &r_sif : NULL };
    const char *dense_names[3] = { "LSA 512", "TF-IDF", "SIF" };
    double best_ndcg[3][2] = { { 0 } }, best_w[3][2] = { { 0 } }, best_se[3][2] = { { 0 } };
    for (int k = 0; k < 3; k++) {
        if (!dense_runs[k]) continue;
        for (int how = 0; how < 2; how++) {
            char line[512];
            int used = snprintf(line, sizeof line, "  %-7s %-5s", dense_names[k],
                                how == FUSE_RRF ? "RRF" : "blend");
            for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
                Run f = run_new("", nq);
                fuse_runs(&d, &r_bm, dense_runs[k], (Fuse)how, ws[i], &f);
                used += snprintf(line + used, sizeof line - (size_t)used, " %.2f:%.4f",
                                 ws[i], f.ndcg);
                if (f.ndcg > best_ndcg[k][how]) {
                    best_ndcg[k][how] = f.ndcg;
                    best_w[k][how] = ws[i];
                    best_se[k][how] = paired_se(&r_bm, &f, nq);
                }
                run_free(&f);
            }
            printf("%s\n", line);
        }
    }
    printf("  (w:nDCG@10; BM25 alone %.4f. RRF at w = 0.5 is plain RRF, k = 60.)\n", r_bm.ndcg);
    for (int k = 0; k < 3; k++)
        if (dense_runs[k])
            printf("  best on train, BM25 + %-7s: RRF w=%.2f -> %.4f (%+.4f ± %.4f), blend w=%.2f "
                   "-> %.4f (%+.4f ± %.4f)\n",
                   dense_names[k], best_w[k][0], best_ndcg[k][0], best_ndcg[k][0] - r_bm.ndcg,
                   best_se[k][0], best_w[k][1], best_ndcg[k][1], best_ndcg[k][1] - r_bm.ndcg,
                   best_se[k][1]);
    printf("  (± = standard error of the paired per-query difference from BM25)\n");
    {
        Run f = run_new("hybrid", nq);
        fuse_runs(&d, &r_bm, &r_lsa[2], FUSE_BLEND, 0.1, &f);
        printf("  latency of the hybrid (BM25 + LSA 512, blend w = 0.1): median %.1f us, p99 "
               "%.1f us\n",
               f.med * 1e6, f.p99 * 1e6);
        run_free(&f);
    }

    /* ---- SVD accuracy against retrieval quality ---------------------------------------- */
    printf("\nLSA rank 512: randomized-SVD power iterations q (default 2; oversampling 32)\n");
    for (int pq = 0; pq <= 3; pq++) {
        LsaParams p;
        lsa_params_default(&p);
        int is_default = pq == p.svd.power_iters; /* already built above */
        p.svd.power_iters = pq;
        double tb = now();
        LsaModel *m = is_default ? NULL : lsa_build(texts, nd, &p, &err);
        tb = now() - tb;
        const LsaModel *mm = m ? m : L;
        DenseIndex *ix = m ? dense_new(m->rank, &err) : lix[2];
        if (m) dense_add(ix, m->docvecs, nd, &err);
        Run r = run_new("", nq);
        EACH_QUERY {
            lsa_query(mm, QTEXT, qv, NULL, &err);
            dense_search(ix, qv, DEPTH, r.hits + q * DEPTH, &r.n[q], &err);
        }
        run_score(&d, &r, 0);
        printf("  q = %d: build %6.3f s  sigma_512 %.4f  nDCG@10 %.4f  R@100 %.4f\n", pq,
               m ? tb : t_lsa[2], mm->sigma[mm->rank - 1], r.ndcg, r.recall);
        run_free(&r);
        if (m) {
            dense_free(ix);
            lsa_free(m);
        }
    }
    printf("  (a less converged SVD keeps more of the TF-IDF tail and can score higher)\n");

    /* ---- dense flat search ------------------------------------------------------------ */
    size_t dim = L->rank;
    printf("\ndense flat inner-product search, %zu x %zu float32 (LSA 512 document vectors)\n",
           nd, dim);
    double *lat = malloc(nq * sizeof *lat), med, p99;
    RagHit h[DEPTH];
    size_t nh;
    for (size_t q = 0; q < nq; q++) {
        double t = now();
        dense_search(lix[2], qlsa + q * dim, DEPTH, h, &nh, &err);
        lat[q] = now() - t;
    }
    quantiles(lat, nq, &med, &p99);
    printf("  rampup sgemv + heap, 1 query   median %7.1f us  p99 %7.1f us\n", med * 1e6,
           p99 * 1e6);
    enum { REPS = 5 };
    RagHit *bh = malloc(nq * DEPTH * sizeof *bh);
    size_t *bn = malloc(nq * sizeof *bn);
    double qps = 0;
    for (int r = 0; r < REPS; r++) { /* best of REPS passes: the machine may be shared */
        t0 = now();
        dense_search_batch(lix[2], qlsa, nq, DEPTH, bh, bn, &err);
        double v = (double)nq / (now() - t0);
        if (v > qps) qps = v;
    }
    printf("  rampup sgemm batch of %zu     %9.0f queries/s (best of %d)\n", nq, qps, REPS);
    FaissBench *fb = faissb_version() ? faissb_new(L->docvecs, nd, dim) : NULL;
    if (!fb) {
        printf("  FAISS: absent (install libfaiss-dev; `make bench` does as root), skipped\n");
    } else {
        double fmed, fp99;
        for (size_t q = 0; q < nq; q++) {
            double t = now();
            faissb_search(fb, qlsa + q * dim, 1, DEPTH, h);
            lat[q] = now() - t;
        }
        quantiles(lat, nq, &fmed, &fp99);
        RagHit *fh = malloc(nq * DEPTH * sizeof *fh);
        double fqps = 0;
        for (int r = 0; r < REPS; r++) {
            t0 = now();
            faissb_search(fb, qlsa, nq, DEPTH, fh);
            double v = (double)nq / (now() - t0);
            if (v > fqps) fqps = v;
        }
        size_t agree = 0;
        for (size_t q = 0; q < nq; q++) agree += fh[q * DEPTH].doc == bh[q * DEPTH].doc;
        printf("  FAISS %s IndexFlatIP, 1 query  median %7.1f us  p99 %7.1f us  (Debian's build: "
               "SSE kernels, no AVX)\n",
               faissb_version(), fmed * 1e6, fp99 * 1e6);
        printf("  FAISS IndexFlatIP batch of %zu %8.0f queries/s (best of %d)\n", nq, fqps, REPS);
        printf("  ratios rampup / FAISS: 1-query median latency %.2f, batch throughput %.2f; "
               "same top-1 for %zu/%zu queries\n",
               med / fmed, qps / fqps, agree, nq);
        free(fh);
        faissb_free(fb);
    }

    /* ---- cleanup ---------------------------------------------------------------------- */
    free(lat);
    free(bh);
    free(bn);
    run_free(&r_bm);
    run_free(&r_tf);
    run_free(&r_sif);
    run_free(&r_xap);
    for (int i = 0; i < 3; i++) {
        run_free(&r_lsa[i]);
        lsa_free(lsa[i]);
        dense_free(lix[i]);
    }
    free(scratch);
    free(tf);
    free(qv);
    free(qlsa);
    dense_free(six);
    sif_free(sif);
    glove_free(g);
    bm25_free(bm);
    if (xap) {
        xap_free(xap);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", xdir);
        if (system(cmd) != 0) fprintf(stderr, "bench_rag: could not remove %s\n", xdir);
    }
    bench_data_free(&d);
    return 0;
}
