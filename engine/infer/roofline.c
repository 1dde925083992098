/* Roofline step costs (see roofline.h for the model and its assumptions). */
#include "engine/infer/roofline.h"

#include <math.h>
#include <string.h>

int infer_hw_init(const KvModel *m, const GpuPreset *g, const InferQuery *q, InferHw *hw,
                  RError *err)
{
    memset(hw, 0, sizeof *hw);
    if (kv_model_validate(m, err))
        return -1;
    if (!(g->bf16_flops > 0) || !(g->bandwidth > 0) || !(g->mem_bytes > 0))
        return rerror_set(err, "GPU %s: needs memory, bandwidth_tbs and bf16_tflops", g->name);
    /* fp8 weights run on the fp8 tensor cores where the GPU has them */
    hw->flops_peak = (q->dtype == KV_DTYPE_FP8 && g->fp8_flops > 0) ? g->fp8_flops : g->bf16_flops;
    hw->bw_peak = g->bandwidth;
    hw->flops_eff = hw->flops_peak * q->compute_eff;
    hw->bw_eff = hw->bw_peak * q->memory_eff;
    hw->ridge = hw->flops_peak / hw->bw_peak;
    hw->inv_flops_eff = 1.0 / hw->flops_eff;
    hw->inv_bw_eff = 1.0 / hw->bw_eff;

    KvQuery kq;
    kv_query_init(&kq);
    kq.batch = 1;
    kq.seq = 1;
    kq.kv_dtype = q->dtype;
    kq.weight_dtype = q->dtype;
    kq.tp = 1;
    kq.gpus = 1;
    kq.block_size = q->block_size;
    kq.gpu_mem_bytes = g->mem_bytes;
    kq.gpu_util = q->gpu_util;
    kq.prefill_chunk = q->chunk > 0 ? (uint64_t)q->chunk : 2048;
    KvReport r;
    if (kv_estimate(m, &kq, &r, err))
        return -1;

    uint64_t total, active;
    kv_model_params(m, &total, &active);
    hw->params = (double)total;
    hw->active_params = (double)active;
    hw->weight_bytes = (double)r.weight_bytes;
    double bytes_per_param = total ? hw->weight_bytes / (double)total : 2.0;
    hw->experts = m->experts;
    hw->experts_active = m->experts_active;
    if (m->experts > m->experts_active && m->experts_active > 0) {
        /* total - active = (E - k) routed experts' worth of parameters */
        double per_expert = (double)(total - active) / (m->experts - m->experts_active);
        hw->expert_bytes = per_expert * bytes_per_param;
        hw->dense_bytes = hw->weight_bytes - m->experts * hw->expert_bytes;
    } else {
        hw->dense_bytes = hw->weight_bytes;
    }

    int counts[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, counts);
    hw->kv_full_bytes = (double)kv_layer_bytes_per_token(m, KV_LAYER_FULL, q->dtype) * counts[KV_LAYER_FULL] +
                        (double)kv_layer_bytes_per_token(m, KV_LAYER_MLA, q->dtype) * counts[KV_LAYER_MLA];
    hw->kv_window_bytes =
        (double)kv_layer_bytes_per_token(m, KV_LAYER_SLIDING, q->dtype) * counts[KV_LAYER_SLIDING];
    hw->kv_token_bytes = hw->kv_full_bytes + hw->kv_window_bytes;
    hw->window = m->window > 0 ? (double)m->window : 1e18;
    hw->state_bytes = (double)kv_state_bytes(m, q->dtype);
    double mla_width = m->heads * (m->qk_nope_dim + m->qk_rope_dim + m->v_head_dim) / 2.0;
    hw->attn_width = (double)m->heads * m->head_dim * (counts[KV_LAYER_FULL] + counts[KV_LAYER_SLIDING]) +
                     mla_width * counts[KV_LAYER_MLA];

    double usable = (double)r.gpu_usable_bytes;
    hw->pool_bytes = usable - (double)r.gpu_weight_bytes - (double)r.gpu_reserve_bytes;
    if (hw->pool_bytes <= 0)
        return rerror_set(err, "%s does not fit on %s: weights %.1f GB + reserve %.1f GB > %.1f GB",
                          m->name, g->name, r.gpu_weight_bytes / 1e9, r.gpu_reserve_bytes / 1e9,
                          usable / 1e9);
    hw->pool_tokens = hw->kv_token_bytes > 0 ? (long long)(hw->pool_bytes / hw->kv_token_bytes)
                                             : (long long)1 << 40;
    long long max_len = q->max_len > 0 ? q->max_len : m->max_pos > 0 ? m->max_pos : 2048;
    if (max_len > hw->pool_tokens)
        max_len = hw->pool_tokens; /* a longer sequence could never be held */
    if (max_len < 2)
        return rerror_set(err, "the KV pool of %s on %s holds %lld tokens: too few to serve",
                          m->name, g->name, hw->pool_tokens);
    hw->max_len = (int)(max_len > (1 << 24) ? (1 << 24) : max_len);
    return 0;
}

static double weights_read(const InferHw *hw, double tokens)
{
    if (hw->expert_bytes <= 0 || tokens <= 0)
        return hw->dense_bytes;
    double e = hw->experts, k = hw->experts_active;
    /* expected distinct experts touched per layer when `tokens` each pick k of e uniformly */
    double touched = e * (1.0 - pow(1.0 - k / e, tokens));
    return hw->dense_bytes + touched * hw->expert_bytes;
}

void infer_step_cost(const InferHw *hw, const InferStepLoad *l, InferStepCost *out)
{
    out->flops = 2.0 * hw->active_params * l->tokens + 4.0 * hw->attn_width * l->pairs;
    out->bytes = weights_read(hw, l->tokens) + hw->kv_full_bytes * l->kv_read +
                 hw->kv_window_bytes * l->kv_read_w + hw->kv_token_bytes * l->tokens +
                 2.0 * hw->state_bytes * l->seqs;
    out->intensity = out->bytes > 0 ? out->flops / out->bytes : 0;
    out->t_compute = out->flops * hw->inv_flops_eff;
    out->t_memory = out->bytes * hw->inv_bw_eff;
    out->memory_bound = out->t_memory >= out->t_compute;
    out->time = out->memory_bound ? out->t_memory : out->t_compute;
}

InferStepLoad infer_decode_load(const InferHw *hw, double batch, double context)
{
    InferStepLoad l = {0};
    l.tokens = batch;
    l.pairs = batch * (context + 1);
    l.kv_read = batch * context;
    l.kv_read_w = batch * fmin(context, hw->window);
    l.seqs = batch;
    return l;
}

InferStepLoad infer_prefill_load(const InferHw *hw, double from, double to)
{
    InferStepLoad l = {0};
    (void)hw;
    l.tokens = to - from;
    /* token t (0-based) attends to t + 1 tokens: the sum over [from, to) */
    l.pairs = (to * (to + 1) - from * (from + 1)) / 2.0;
    l.kv_read = from;
    l.kv_read_w = fmin(from, hw->window);
    l.seqs = 1;
    return l;
}

static bool compute_bound(const InferHw *hw, double batch, double context)
{
    InferStepLoad l = infer_decode_load(hw, batch, context);
    InferStepCost c;
    infer_step_cost(hw, &l, &c);
    return !c.memory_bound;
}

int infer_crossover_batch(const InferHw *hw, double context)
{
    const int hi_max = 1 << 20;
    if (!compute_bound(hw, hi_max, context))
        return 0; /* KV reads grow as fast as FLOPs: attention stays memory-bound */
    int lo = 1, hi = hi_max;
    if (compute_bound(hw, lo, context))
        return 1;
    while (hi - lo > 1) { /* memory-bound at lo, compute-bound at hi */
        int mid = lo + (hi - lo) / 2;
        if (compute_bound(hw, mid, context))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

void infer_roofline(const InferHw *hw, const InferQuery *q, InferRoofline *out)
{
    memset(out, 0, sizeof *out);
    InferStepLoad d = infer_decode_load(hw, q->batch, q->context);
    infer_step_cost(hw, &d, &out->decode);
    out->tpot = out->decode.time;
    out->tokens_per_s = q->batch / out->decode.time;
    out->crossover_batch = infer_crossover_batch(hw, q->context);
    InferStepLoad p = infer_prefill_load(hw, 0, q->prompt);
    infer_step_cost(hw, &p, &out->prefill);
    out->ttft = out->prefill.time;
    out->ridge = hw->ridge;
    double per_seq = hw->kv_token_bytes * (q->context + 1.0) + hw->state_bytes;
    out->max_batch_fit = per_seq > 0 ? (int)fmin(hw->pool_bytes / per_seq, 1e9) : 1000000000;
}
