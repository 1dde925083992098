/* nDCG, recall, reciprocal rank and average precision computed by hand. */
#include <criterion/criterion.h>

#include <math.h>

#include "engine/rag/metrics.h"

/* Ranking: miss, hit, miss, hit (binary relevance), 2 relevant documents in all.
 *   DCG@10  = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606
 *   IDCG@10 = 1/log2(2) + 1/log2(3) = 1 + 0.630930      = 1.630930
 *   nDCG@10 = 0.650921; RR = 1/2; AP = (1/2 + 2/4) / 2 = 0.5 */
Test(metrics, ndcg_by_hand)
{
    double g[] = {0, 1, 0, 1};
    double ideal[] = {1, 1};
    double want = (1 / log2(3.0) + 1 / log2(5.0)) / (1 + 1 / log2(3.0));
    cr_assert_float_eq(metric_ndcg(g, 4, ideal, 2, 10), want, 1e-12);
    cr_assert_float_eq(want, 0.650921, 1e-6);
    /* cut at 2: DCG@2 = 0.630930, IDCG@2 = 1.630930 */
    cr_assert_float_eq(metric_ndcg(g, 4, ideal, 2, 2), (1 / log2(3.0)) / (1 + 1 / log2(3.0)),
                       1e-12);
    cr_assert_float_eq(metric_ndcg(g, 4, ideal, 0, 10), 0.0, 1e-12);
}

Test(metrics, graded_ndcg_uses_linear_gain)
{
    /* trec_eval's ndcg: gain = relevance. Ranked 1, 2; ideal 2, 1.
     *   DCG = 1 + 2/log2(3); IDCG = 2 + 1/log2(3) */
    double g[] = {1, 2};
    double ideal[] = {1, 2};
    double want = (1 + 2 / log2(3.0)) / (2 + 1 / log2(3.0));
    cr_assert_float_eq(metric_ndcg(g, 2, ideal, 2, 10), want, 1e-12);
}

Test(metrics, recall_rr_ap)
{
    double g[] = {0, 1, 0, 1};
    cr_assert_float_eq(metric_recall(g, 4, 2, 100), 1.0, 1e-12);
    cr_assert_float_eq(metric_recall(g, 4, 3, 2), 1.0 / 3.0, 1e-12);
    cr_assert_float_eq(metric_rr(g, 4, 10), 0.5, 1e-12);
    cr_assert_float_eq(metric_rr(g, 4, 1), 0.0, 1e-12);
    cr_assert_float_eq(metric_ap(g, 4, 2), 0.5, 1e-12);
    /* a third relevant document never retrieved: (1/2 + 2/4) / 3 */
    cr_assert_float_eq(metric_ap(g, 4, 3), 1.0 / 3.0, 1e-12);
    double none[] = {0, 0};
    cr_assert_float_eq(metric_ap(none, 2, 0), 0.0, 1e-12);
}
