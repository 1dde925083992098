#include "engine/rag/fusion.h"

#include <math.h>
#include <stdlib.h>

/* One (doc, contribution) pair per list entry; sorted by doc, then summed. */
typedef struct Contrib {
    uint32_t doc;
    uint32_t list;
    double value;
} Contrib;

static int contrib_cmp(const void *a, const void *b)
{
    const Contrib *x = a, *y = b;
    if (x->doc != y->doc) return (x->doc > y->doc) - (x->doc < y->doc);
    if (x->list != y->list) return (x->list > y->list) - (x->list < y->list);
    /* within one list keep the largest contribution first (best rank) */
    return (x->value < y->value) - (x->value > y->value);
}

/* Sums contributions per doc (missing[i] is added for each list i a doc is absent from),
 * sorts, and copies the best cap to out. */
static int merge(Contrib *c, size_t nc, size_t nlists, const double *missing, RagHit *out,
                 size_t cap, size_t *nout, RError *err)
{
    qsort(c, nc, sizeof *c, contrib_cmp);
    RagHit *all = malloc((nc ? nc : 1) * sizeof *all);
    if (!all) return rerror_set(err, "fusion: out of memory");
    double missing_total = 0.0;
    for (size_t i = 0; i < nlists; i++) missing_total += missing ? missing[i] : 0.0;
    size_t m = 0;
    for (size_t i = 0; i < nc;) {
        uint32_t doc = c[i].doc;
        double sum = missing_total;
        while (i < nc && c[i].doc == doc) {
            uint32_t list = c[i].list;
            sum += c[i].value - (missing ? missing[list] : 0.0);
            while (i < nc && c[i].doc == doc && c[i].list == list) i++; /* duplicates: best */
        }
        all[m].doc = doc;
        all[m].score = (float)sum;
        m++;
    }
    qsort(all, m, sizeof *all, rag_hit_cmp);
    size_t n = m < cap ? m : cap;
    for (size_t i = 0; i < n; i++) out[i] = all[i];
    *nout = n;
    free(all);
    return 0;
}

static size_t total_hits(const FusionList *lists, size_t nlists)
{
    size_t nc = 0;
    for (size_t i = 0; i < nlists; i++) nc += lists[i].n;
    return nc;
}

int fusion_rrf(const FusionList *lists, size_t nlists, double k, RagHit *out, size_t cap,
               size_t *nout, RError *err)
{
    *nout = 0;
    if (k <= 0.0) k = FUSION_RRF_K;
    size_t nc = total_hits(lists, nlists);
    if (nc == 0) return 0;
    Contrib *c = malloc(nc * sizeof *c);
    if (!c) return rerror_set(err, "fusion: out of memory");
    size_t j = 0;
    for (size_t i = 0; i < nlists; i++)
        for (size_t r = 0; r < lists[i].n; r++) {
            c[j].doc = lists[i].hits[r].doc;
            c[j].list = (uint32_t)i;
            c[j].value = lists[i].weight / (k + (double)(r + 1));
            j++;
        }
    int rc = merge(c, nc, nlists, NULL, out, cap, nout, err);
    free(c);
    return rc;
}

int fusion_blend(const FusionList *lists, size_t nlists, FusionNorm norm, RagHit *out,
                 size_t cap, size_t *nout, RError *err)
{
    *nout = 0;
    size_t nc = total_hits(lists, nlists);
    if (nc == 0) return 0;
    Contrib *c = malloc(nc * sizeof *c);
    double *missing = calloc(nlists, sizeof *missing);
    if (!c || !missing) {
        free(c);
        free(missing);
        return rerror_set(err, "fusion: out of memory");
    }
    size_t j = 0;
    for (size_t i = 0; i < nlists; i++) {
        const FusionList *l = &lists[i];
        if (l->n == 0) continue;
        double lo = l->hits[0].score, hi = lo, mean = 0.0, var = 0.0;
        for (size_t r = 0; r < l->n; r++) {
            double s = l->hits[r].score;
            if (s < lo) lo = s;
            if (s > hi) hi = s;
            mean += s;
        }
        mean /= (double)l->n;
        for (size_t r = 0; r < l->n; r++) {
            double d = l->hits[r].score - mean;
            var += d * d;
        }
        double sd = sqrt(var / (double)l->n);
        double nmin;
        if (norm == FUSION_NORM_MINMAX)
            nmin = 0.0;
        else
            nmin = sd > 0.0 ? (lo - mean) / sd : 0.0;
        missing[i] = l->weight * nmin;
        for (size_t r = 0; r < l->n; r++) {
            double s = l->hits[r].score, v;
            if (norm == FUSION_NORM_MINMAX)
                v = hi > lo ? (s - lo) / (hi - lo) : 1.0;
            else
                v = sd > 0.0 ? (s - mean) / sd : 0.0;
            c[j].doc = l->hits[r].doc;
            c[j].list = (uint32_t)i;
            c[j].value = l->weight * v;
            j++;
        }
    }
    int rc = merge(c, j, nlists, missing, out, cap, nout, err);
    free(c);
    free(missing);
    return rc;
}
