#include "engine/rag/hit.h"

#include <math.h>
#include <stdlib.h>

int rag_hit_cmp(const void *a, const void *b)
{
    const RagHit *x = a, *y = b;
    if (x->score > y->score) return -1;
    if (x->score < y->score) return 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* "worse" in heap order: the root holds the worst of the kept hits. */
static int worse(const RagHit *x, const RagHit *y)
{
    return rag_hit_cmp(x, y) > 0;
}

static void sift_down(RagHit *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && worse(&h[l], &h[m])) m = l;
        if (r < n && worse(&h[r], &h[m])) m = r;
        if (m == i) return;
        RagHit t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void sift_up(RagHit *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!worse(&h[i], &h[p])) return;
        RagHit t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

size_t rag_topk(const float *scores, size_t n, size_t k, RagHit *out)
{
    if (k == 0) return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(scores[i])) continue;
        RagHit h = { (uint32_t)i, scores[i] };
        if (m < k) {
            out[m] = h;
            sift_up(out, m);
            m++;
        } else if (worse(&out[0], &h)) {
            out[0] = h;
            sift_down(out, m, 0);
        }
    }
    qsort(out, m, sizeof *out, rag_hit_cmp);
    return m;
}
