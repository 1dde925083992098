/* The "why" text: every formula of the KV report with the numbers substituted. */
#include "engine/kv/kv.h"

#include "engine/text/outbuf.h"

#include <stdio.h>

/* 1234567 -> "1,234,567"; UINT64_MAX -> ">= 18,446,744,073,709,551,615 (saturated)". */
static const char *num(char *b, size_t size, uint64_t v)
{
    char raw[32];
    int n = snprintf(raw, sizeof raw, "%llu", (unsigned long long)v);
    size_t j = 0;
    for (int i = 0; i < n && j + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            b[j++] = ',';
        b[j++] = raw[i];
    }
    b[j] = '\0';
    if (v == UINT64_MAX)
        snprintf(b + j, size - j, " (saturated)");
    return b;
}

#define N(i, v) num(nb[i], sizeof nb[i], (v))

size_t kv_explain(const KvModel *m, const KvQuery *q, const KvReport *r, char *buf, size_t size)
{
    OutBuf o = outbuf_make(buf, size);
    char nb[8][64];
    if (size > 0)
        buf[0] = '\0';
    const KvDtype t = q->kv_dtype;
    outbuf_printf(&o, "Model %s: %d layers, hidden %s\n", m->name, m->layers, N(0, (uint64_t)m->hidden));
    outbuf_printf(&o, "  %d query heads, %d KV heads, head_dim %d\n", m->heads, m->kv_heads, m->head_dim);
    outbuf_printf(&o, "KV dtype %s:\n  %s\n\n", kv_dtype_name(t), kv_dtype_layout(t));

    outbuf_printf(&o, "KV bytes per token (every window open) = sum over layer kinds\n");
    uint64_t vec = kv_dtype_vector_bytes(t, (uint64_t)m->head_dim);
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        const KvKindStats *s = &r->kinds[k];
        if (s->layers == 0)
            continue;
        uint64_t per = kv_layer_bytes_per_token(m, (KvLayerKind)k, t);
        switch (k) {
        case KV_LAYER_FULL:
        case KV_LAYER_SLIDING:
            outbuf_printf(&o, "  %-9s 2 (K,V) x %d kv_heads x %s B (head_dim %d) = %s B\n",
                kv_layer_kind_name(k), m->kv_heads, N(0, vec), m->head_dim, N(1, per));
            outbuf_printf(&o, "            x %d layers = %s B\n", s->layers, N(2, s->bytes_per_token));
            break;
        case KV_LAYER_MLA:
            outbuf_printf(&o, "  %-9s (kv_lora_rank %d + rope %d) elements, no x2 = %s B\n", "mla",
                m->kv_lora_rank, m->qk_rope_dim, N(1, per));
            outbuf_printf(&o, "            x %d layers = %s B\n", s->layers, N(2, s->bytes_per_token));
            break;
        default:
            outbuf_printf(&o, "  %-9s %d layers: nothing per token, a fixed state (below)\n", "recurrent",
                s->layers);
            break;
        }
    }
    outbuf_printf(&o, "  total     %s B per token\n\n", N(0, r->kv_bytes_per_token));

    outbuf_printf(&o, "KV per sequence at seq = %s tokens\n", N(0, q->seq));
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        const KvKindStats *s = &r->kinds[k];
        if (s->layers == 0 || k == KV_LAYER_NONE)
            continue;
        if (k == KV_LAYER_SLIDING)
            outbuf_printf(&o, "  sliding   %s B x min(seq, W = %s) = %s B\n", N(0, s->bytes_per_token),
                N(1, (uint64_t)m->window), N(2, s->bytes_per_seq));
        else
            outbuf_printf(&o, "  %-9s %s B x %s = %s B\n", kv_layer_kind_name(k), N(0, s->bytes_per_token),
                N(1, q->seq), N(2, s->bytes_per_seq));
    }
    if (r->kinds[KV_LAYER_NONE].layers > 0)
        outbuf_printf(&o, "  state     %d layers x (expand %d x hidden %s)\n"
                "            x (d_conv %d + d_state %d) x %d B = %s B\n",
            r->kinds[KV_LAYER_NONE].layers, m->ssm_expand, N(0, (uint64_t)m->hidden), m->ssm_conv,
            m->ssm_state, t == KV_DTYPE_FP32 ? 4 : 2, N(1, r->state_bytes_per_seq));
    outbuf_printf(&o, "KV total = batch %s x (%s + state %s)\n         = %s B\n", N(0, q->batch),
        N(1, r->kv_bytes_per_seq), N(2, r->state_bytes_per_seq),
        N(3, r->kv_bytes == UINT64_MAX || r->state_bytes == UINT64_MAX
                 ? UINT64_MAX
                 : kv_sat_add(r->kv_bytes, r->state_bytes, NULL)));
    outbuf_printf(&o, "Seed formula = batch x seq x layers x 2 x hidden x bytes\n"
            "  = %s x %s x %d x 2 x %s x %s = %s B",
        N(0, q->batch), N(1, q->seq), m->layers, N(2, (uint64_t)m->hidden),
        t == KV_DTYPE_FP32 ? "4" : t == KV_DTYPE_INT4 ? "0.5" : (t >= KV_DTYPE_FP8 ? "1" : "2"),
        N(3, r->naive_kv_bytes));
    outbuf_printf(&o, "\n  (%.3gx the right value)\n\n", r->naive_factor);

    outbuf_printf(&o, "Parameters = %s total, %s active per token\n", N(0, r->params), N(1, r->active_params));
    outbuf_printf(&o, "Weights = params x %s bytes (+ scales) = %s B\n", kv_dtype_name(q->weight_dtype),
        N(0, r->weight_bytes));
    outbuf_printf(&o, "Reserve per GPU = chunk x (2 B x (4 hidden + 2 FFN/tp) + 4 B x vocab/tp)\n"
            "  = %s tokens -> %s B\n", N(0, q->prefill_chunk), N(1, r->gpu_reserve_bytes));
    outbuf_printf(&o, "  (assumed activation peak of one prefill chunk plus fp32 logits)\n\n");

    outbuf_printf(&o, "Per GPU (tp %d, %d replica%s, %s sequences each)\n", q->tp, r->replicas,
        r->replicas == 1 ? "" : "s", N(0, r->batch_per_replica));
    if (r->kinds[KV_LAYER_FULL].layers + r->kinds[KV_LAYER_SLIDING].layers > 0)
        outbuf_printf(&o, "  KV heads per GPU = max(1, ceil(%d / %d)) = %d (replicated past tp)\n",
            m->kv_heads, q->tp, r->kv_heads_per_gpu);
    if (r->kinds[KV_LAYER_MLA].layers > 0)
        outbuf_printf(&o, "  MLA latent is not split by heads: every GPU keeps all of it\n");
    outbuf_printf(&o, "  weights %s + KV %s\n  + reserve %s = %s B\n", N(0, r->gpu_weight_bytes),
        N(1, r->gpu_kv_bytes), N(2, r->gpu_reserve_bytes), N(3, r->gpu_used_bytes));
    outbuf_printf(&o, "  usable = %.4g GB x %.2f = %s B -> %s\n", q->gpu_mem_bytes / 1e9, q->gpu_util,
        N(0, r->gpu_usable_bytes), r->fits ? "fits" : "DOES NOT FIT");
    outbuf_printf(&o, "Max batch = floor((usable - weights - reserve) / KV per sequence per GPU)\n"
            "  x replicas = %s\n", N(0, r->max_batch));
    if (r->max_seq_memory_unbounded)
        outbuf_printf(&o, "Max seq in memory: every layer's cache is capped, any length fits\n");
    else
        outbuf_printf(&o, "Max seq in memory at batch %s = %s tokens\n", N(0, q->batch),
            N(1, r->max_seq_memory));
    if (r->context_limit > 0)
        outbuf_printf(&o, "Context window (max_position_embeddings) = %s tokens%s\n\n",
            N(0, r->context_limit), r->beyond_context ? ": this length is BEYOND it" : "");
    else
        outbuf_printf(&o, "Context window: unknown (no max_position_embeddings)\n\n");

    outbuf_printf(&o, "Paged blocks = ceil(%s cached tokens / block %d)\n  = %s per sequence\n",
        N(0, r->blocks_per_seq == 0 ? 0 : (r->blocks_per_seq - 1) * (uint64_t)q->block_size + r->last_block_tokens),
        q->block_size, N(1, r->blocks_per_seq));
    outbuf_printf(&o, "  last block holds %s of %d tokens: %.1f%% of it empty\n  %s B wasted in all\n",
        N(0, r->last_block_tokens), q->block_size, 100.0 * r->last_block_waste,
        N(1, r->waste_bytes));
    outbuf_printf(&o, "  pool = (usable - weights - reserve) / block %s B\n  = %s blocks, %s sequences\n",
        N(0, r->block_bytes), N(1, r->pool_blocks), N(2, r->pool_seqs));
    if (r->saturated)
        outbuf_printf(&o, "\nSome figures reached 2^64 - 1 and are shown saturated (lower bounds).\n");
    return o.len;
}
