/* Ranking metrics as trec_eval / pytrec_eval compute them for BEIR. */
#include "engine/rag/metrics.h"

#include <math.h>
#include <stdlib.h>

static double dcg(const double *g, size_t n, size_t k)
{
    double s = 0.0;
    for (size_t i = 0; i < n && i < k; i++)
        s += g[i] / log2((double)i + 2.0);
    return s;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

double metric_ndcg(const double *gains, size_t n, const double *ideal, size_t nideal, size_t k)
{
    if (nideal == 0)
        return 0.0;
    double best[64];
    double *sorted = nideal <= 64 ? best : malloc(nideal * sizeof *sorted);
    if (!sorted)
        return 0.0;
    for (size_t i = 0; i < nideal; i++)
        sorted[i] = ideal[i];
    qsort(sorted, nideal, sizeof *sorted, cmp_desc);
    double idcg = dcg(sorted, nideal, k);
    if (sorted != best)
        free(sorted);
    return idcg > 0 ? dcg(gains, n, k) / idcg : 0.0;
}

double metric_recall(const double *gains, size_t n, size_t nrel, size_t k)
{
    if (nrel == 0)
        return 0.0;
    size_t hit = 0;
    for (size_t i = 0; i < n && i < k; i++)
        if (gains[i] > 0)
            hit++;
    return (double)hit / (double)nrel;
}

double metric_rr(const double *gains, size_t n, size_t k)
{
    for (size_t i = 0; i < n && i < k; i++)
        if (gains[i] > 0)
            return 1.0 / (double)(i + 1);
    return 0.0;
}

double metric_ap(const double *gains, size_t n, size_t nrel)
{
    if (nrel == 0)
        return 0.0;
    size_t hit = 0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        if (gains[i] > 0) {
            hit++;
            sum += (double)hit / (double)(i + 1);
        }
    return sum / (double)nrel;
}
