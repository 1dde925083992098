/* Tests for fusion: reciprocal rank fusion computed by hand (Cormack et al. 2009, k = 60),
 * weights, duplicates, truncation, and the min-max / z-score blends. */
#include <criterion/criterion.h>

#include <math.h>

#include "engine/rag/fusion.h"

static const RagHit LIST_A[] = { { 1, 9.0f }, { 2, 5.0f }, { 3, 1.0f } };
static const RagHit LIST_B[] = { { 3, 0.9f }, { 1, 0.5f }, { 4, 0.1f } };

Test(fusion, rrf_by_hand)
{
    /* RRF(d) = Σ 1/(60 + rank): d1 = 1/61 + 1/62, d3 = 1/63 + 1/61, d2 = 1/62, d4 = 1/63 */
    FusionList l[2] = { { LIST_A, 3, 1.0f }, { LIST_B, 3, 1.0f } };
    RagHit out[8];
    size_t n = 0;
    RError err;
    cr_assert_eq(fusion_rrf(l, 2, 0.0, out, 8, &n, &err), 0);
    cr_assert_eq(n, 4);
    cr_assert_eq(out[0].doc, 1);
    cr_assert_float_eq(out[0].score, 1.0 / 61 + 1.0 / 62, 1e-7);
    cr_assert_eq(out[1].doc, 3);
    cr_assert_float_eq(out[1].score, 1.0 / 61 + 1.0 / 63, 1e-7);
    cr_assert_eq(out[2].doc, 2);
    cr_assert_float_eq(out[2].score, 1.0 / 62, 1e-7);
    cr_assert_eq(out[3].doc, 4);
    cr_assert_float_eq(out[3].score, 1.0 / 63, 1e-7);
}

Test(fusion, rrf_k_changes_the_order)
{
    /* With k = 1: d1 = 1/(1+1) + 1/(1+2) = 0.833, d3 = 1/(1+3) + 1/(1+1) = 0.75: a small k
     * lets the top ranks dominate; k = 60 flattens the curve (Cormack et al. 2009, §2). */
    FusionList l[2] = { { LIST_A, 3, 1.0f }, { LIST_B, 3, 1.0f } };
    RagHit out[8];
    size_t n = 0;
    RError err;
    cr_assert_eq(fusion_rrf(l, 2, 1.0, out, 8, &n, &err), 0);
    cr_assert_float_eq(out[0].score, 1.0 / 2 + 1.0 / 3, 1e-6);
    cr_assert_float_eq(out[1].score, 1.0 / 4 + 1.0 / 2, 1e-6);
}

Test(fusion, rrf_weights_and_truncation)
{
    /* weight 3 on B: d3 = 1/63 + 3/61 beats d1 = 1/61 + 3/62 */
    FusionList l[2] = { { LIST_A, 3, 1.0f }, { LIST_B, 3, 3.0f } };
    RagHit out[2];
    size_t n = 0;
    RError err;
    cr_assert_eq(fusion_rrf(l, 2, FUSION_RRF_K, out, 2, &n, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(out[0].doc, 3);
    cr_assert_float_eq(out[0].score, 1.0 / 63 + 3.0 / 61, 1e-7);
    cr_assert_eq(out[1].doc, 1);
    cr_assert_float_eq(out[1].score, 1.0 / 61 + 3.0 / 62, 1e-7);
}

Test(fusion, rrf_duplicate_counts_at_best_rank)
{
    const RagHit dup[] = { { 7, 3.0f }, { 8, 2.0f }, { 7, 1.0f } };
    FusionList l[1] = { { dup, 3, 1.0f } };
    RagHit out[4];
    size_t n = 0;
    RError err;
    cr_assert_eq(fusion_rrf(l, 1, 60, out, 4, &n, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(out[0].doc, 7);
    cr_assert_float_eq(out[0].score, 1.0 / 61, 1e-7);
}

Test(fusion, rrf_empty_and_ties)
{
    FusionList none[1] = { { NULL, 0, 1.0f } };
    RagHit out[4];
    size_t n = 9;
    RError err;
    cr_assert_eq(fusion_rrf(none, 1, 60, out, 4, &n, &err), 0);
    cr_assert_eq(n, 0);
    /* symmetric lists: d5 and d6 tie at 1/61 + 1/62; the lower id comes first */
    const RagHit x[] = { { 6, 1.0f }, { 5, 0.5f } }, y[] = { { 5, 1.0f }, { 6, 0.5f } };
    FusionList l[2] = { { x, 2, 1.0f }, { y, 2, 1.0f } };
    cr_assert_eq(fusion_rrf(l, 2, 60, out, 4, &n, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(out[0].doc, 5);
    cr_assert_eq(out[1].doc, 6);
    cr_assert_float_eq(out[0].score, out[1].score, 1e-9);
}

Test(fusion, blend_minmax_by_hand)
{
    /* A: 9,5,1 -> 1, 0.5, 0;  B: 0.9,0.5,0.1 -> 1, 0.5, 0; weights 0.7 / 0.3:
     * d1 = 0.7·1 + 0.3·0.5 = 0.85, d2 = 0.35, d3 = 0 + 0.3 = 0.3, d4 = 0 */
    FusionList l[2] = { { LIST_A, 3, 0.7f }, { LIST_B, 3, 0.3f } };
    RagHit out[8];
    size_t n = 0;
    RError err;
    cr_assert_eq(fusion_blend(l, 2, FUSION_NORM_MINMAX, out, 8, &n, &err), 0);
    cr_assert_eq(n, 4);
    cr_assert_eq(out[0].doc, 1);
    cr_assert_float_eq(out[0].score, 0.85, 1e-6);
    cr_assert_eq(out[1].doc, 2);
    cr_assert_float_eq(out[1].score, 0.35, 1e-6);
    cr_assert_eq(out[2].doc, 3);
    cr_assert_float_eq(out[2].score, 0.30, 1e-6);
    cr_assert_eq(out[3].doc, 4);
    cr_assert_float_eq(out[3].score, 0.0, 1e-6);
}

Test(fusion, blend_zscore_by_hand)
{
    /* A: mean 5, sd sqrt(32/3) = 3.266: z = 1.2247, 0, -1.2247
     * B: mean 0.5, sd sqrt(0.32/3) = 0.3266: z = 1.2247, 0, -1.2247
     * absent docs get the list's minimum z (-1.2247). Equal weights 1:
     * d1 = 1.2247 + 0 = 1.2247, d3 = -1.2247 + 1.2247 = 0, d2 = 0 - 1.2247, d4 = -2.4495 */
    FusionList l[2] = { { LIST_A, 3, 1.0f }, { LIST_B, 3, 1.0f } };
    RagHit out[8];
    size_t n = 0;
    RError err;
    cr_assert_eq(fusion_blend(l, 2, FUSION_NORM_ZSCORE, out, 8, &n, &err), 0);
    cr_assert_eq(n, 4);
    double z = sqrt(1.5);
    cr_assert_eq(out[0].doc, 1);
    cr_assert_float_eq(out[0].score, z, 1e-5);
    cr_assert_eq(out[1].doc, 3);
    cr_assert_float_eq(out[1].score, 0.0, 1e-5);
    cr_assert_eq(out[2].doc, 2);
    cr_assert_float_eq(out[2].score, -z, 1e-5);
    cr_assert_eq(out[3].doc, 4);
    cr_assert_float_eq(out[3].score, -2 * z, 1e-5);
}

Test(fusion, blend_weight_one_reproduces_a_list)
{
    /* weight 1 on A and 0 on B keeps A's order: the ends of the fusion-weight slider */
    FusionList l[2] = { { LIST_A, 3, 1.0f }, { LIST_B, 3, 0.0f } };
    RagHit out[8];
    size_t n = 0;
    RError err;
    cr_assert_eq(fusion_blend(l, 2, FUSION_NORM_MINMAX, out, 8, &n, &err), 0);
    cr_assert_eq(out[0].doc, 1);
    cr_assert_eq(out[1].doc, 2);
    cr_assert_eq(out[2].doc, 3);
    cr_assert_float_eq(out[3].score, 0.0, 1e-9);
}
