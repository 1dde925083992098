/* The KV pane in booth mode: its headline figures (B, tour scenes) and its Markdown handout
 * (e). Both read the report the last change computed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/kv_panel.h"
#include "tui/format.h"

bool kv_panel_headline(const void *st, const char *which, char *value, size_t vsize, char *label,
                       size_t lsize)
{
    const KvPanel *p = st;
    if (!p->ok)
        return false;
    const KvReport *r = &p->r;
    char model[96];
    kv_panel_model_label(p, model, sizeof model);
    if (!which || !*which || strcmp(which, "kv") == 0) {
        fmt_bytes(value, vsize, (double)(r->kv_bytes + r->state_bytes));
        snprintf(label, lsize, "KV cache: %s, %llu x %llu tokens", model,
                 (unsigned long long)p->q.batch, (unsigned long long)p->q.seq);
    } else if (strcmp(which, "seed") == 0) {
        snprintf(value, vsize, "%.2f×", r->naive_factor);
        snprintf(label, lsize, "the seed formula over the right KV size: %s", model);
    } else if (strcmp(which, "per_token") == 0) {
        fmt_bytes(value, vsize, (double)r->kv_bytes_per_token);
        snprintf(label, lsize, "KV per token: %s", model);
    } else if (strcmp(which, "max_batch") == 0) {
        snprintf(value, vsize, "%llu", (unsigned long long)r->max_batch);
        snprintf(label, lsize, "sequences of %llu tokens that fit: %s",
                 (unsigned long long)p->q.seq, model);
    } else if (strcmp(which, "pool") == 0) {
        snprintf(value, vsize, "%llu", (unsigned long long)r->pool_seqs);
        snprintf(label, lsize, "sequences the paged pool holds (%llu blocks)",
                 (unsigned long long)r->pool_blocks);
    } else if (strcmp(which, "gpu") == 0) {
        const GpuPreset *g = kv_panel_gpu(p);
        fmt_bytes(value, vsize, (double)r->gpu_used_bytes);
        snprintf(label, lsize, "per GPU: used of %s usable%s", g ? g->label : "GPU",
                 r->fits ? "" : " (does not fit)");
    } else {
        return false;
    }
    return true;
}

char *kv_panel_export(const void *st)
{
    const KvPanel *p = st;
    if (!p->ok)
        return NULL;
    const GpuPreset *g = kv_panel_gpu(p);
    size_t need = kv_markdown(&p->model, &p->q, &p->r, g ? g->label : NULL, NULL, 0) + 1;
    char *md = malloc(need);
    if (md)
        kv_markdown(&p->model, &p->q, &p->r, g ? g->label : NULL, md, need);
    return md;
}
