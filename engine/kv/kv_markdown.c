/* The KV handout: one estimate's figures as a Markdown table and the formulas behind them
 * (kv_explain) in a fenced block, for `e` in the pane and `rampup kv --markdown`. */
#include "engine/kv/kv.h"

#include <stdio.h>
#include <stdlib.h>

#include "engine/text/outbuf.h"

static void row_bytes(OutBuf *o, const char *what, uint64_t b)
{
    outbuf_printf(o, "| %s | %.3f GiB | %llu B |\n", what, (double)b / 1073741824.0,
                  (unsigned long long)b);
}

size_t kv_markdown(const KvModel *m, const KvQuery *q, const KvReport *r, const char *gpu_label,
                   char *buf, size_t size)
{
    OutBuf o = outbuf_make(buf, size);
    outbuf_printf(&o, "# KV cache and serving memory: %s\n\n", m->name[0] ? m->name : "custom model");
    outbuf_printf(&o, "%d layers, hidden %lld, %d query heads, %d KV heads, head_dim %d. Workload: batch "
            "%llu x %llu tokens, KV %s, weights %s, tensor parallel %d, %d x %s at %.0f%% "
            "memory.\n\n",
        m->layers, (long long)m->hidden, m->heads, m->kv_heads, m->head_dim,
        (unsigned long long)q->batch, (unsigned long long)q->seq, kv_dtype_name(q->kv_dtype),
        kv_dtype_name(q->weight_dtype), q->tp, q->gpus, gpu_label ? gpu_label : "GPU",
        q->gpu_util * 100);
    outbuf_printf(&o, "## Figures\n\n| figure | value | exact |\n|---|---:|---:|\n");
    outbuf_printf(&o, "| KV per token | %.1f KiB | %llu B |\n", (double)r->kv_bytes_per_token / 1024.0,
        (unsigned long long)r->kv_bytes_per_token);
    row_bytes(&o, "KV per sequence", r->kv_bytes_per_seq);
    row_bytes(&o, "KV total", r->kv_bytes + r->state_bytes);
    row_bytes(&o, "weights", r->weight_bytes);
    row_bytes(&o, "per GPU: used", r->gpu_used_bytes);
    row_bytes(&o, "per GPU: usable", r->gpu_usable_bytes);
    outbuf_printf(&o, "| fits | %s | |\n", r->fits ? "yes" : "NO");
    outbuf_printf(&o, "| max batch at this length | %llu | |\n", (unsigned long long)r->max_batch);
    if (r->max_seq_unbounded)
        outbuf_printf(&o, "| max length at this batch | unbounded | |\n");
    else
        outbuf_printf(&o, "| max length at this batch | %llu tokens | |\n", (unsigned long long)r->max_seq);
    row_bytes(&o, "seed formula", r->naive_kv_bytes);
    outbuf_printf(&o, "| seed formula error | %.2fx the right value | |\n", r->naive_factor);
    if (r->saturated)
        outbuf_printf(&o, "\nSome figures reached the 64-bit limit and are lower bounds.\n");
    outbuf_printf(&o, "\n## Why: the formulas with these numbers\n\n```text\n");
    size_t need = kv_explain(m, q, r, NULL, 0);
    char *why = malloc(need + 1);
    if (why) {
        kv_explain(m, q, r, why, need + 1);
        outbuf_printf(&o, "%s", why);
        free(why);
    }
    outbuf_printf(&o, "```\n");
    return o.len;
}
