/* The Inference pane's headline figures for booth mode (B, tour scenes): read from the last
 * simulation and speculative-decoding report. */
#include <stdio.h>
#include <string.h>

#include "panels/infer_panel.h"

bool infer_panel_headline(const void *st, const char *which, char *value, size_t vsize,
                          char *label, size_t lsize)
{
    const InferPanel *p = st;
    if (!p->ok)
        return false;
    const InferSimReport *s = &p->sim;
    const char *alloc = infer_alloc_name(p->q.alloc), *sched = infer_sched_name(p->q.sched);
    if (!which || !*which || strcmp(which, "latency") == 0) {
        snprintf(value, vsize, "%.3f s", s->norm.mean);
        snprintf(label, lsize, "per output token at %.2f req/s (%s, %s)", p->q.rate, alloc, sched);
    } else if (strcmp(which, "throughput") == 0) {
        snprintf(value, vsize, "%.2f", s->req_per_s);
        snprintf(label, lsize, "requests/s finished at %.2f req/s offered (%s, %s)", p->q.rate,
                 alloc, sched);
    } else if (strcmp(which, "batch") == 0) {
        snprintf(value, vsize, "%.1f", s->mean_batch);
        snprintf(label, lsize, "sequences per step on average (%s, %.2f req/s)", alloc, p->q.rate);
    } else if (strcmp(which, "kv_util") == 0) {
        snprintf(value, vsize, "%.0f%%", s->kv_utilization * 100);
        snprintf(label, lsize, "of the KV memory held stores real tokens (%s)", alloc);
    } else if (strcmp(which, "speedup") == 0) {
        snprintf(value, vsize, "%.2f×", p->spec.speedup);
        snprintf(label, lsize, "speculative decoding: alpha %.2f, gamma %d", p->q.alpha, p->q.gamma);
    } else {
        return false;
    }
    return true;
}
