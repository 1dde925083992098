/* KV-cache and serving-memory estimate: dtypes and scales, saturating arithmetic, the report. */
#include "engine/kv/kv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- saturating arithmetic ---- */

uint64_t kv_sat_add(uint64_t a, uint64_t b, bool *sat)
{
    if (a > UINT64_MAX - b) {
        if (sat)
            *sat = true;
        return UINT64_MAX;
    }
    return a + b;
}

uint64_t kv_sat_mul(uint64_t a, uint64_t b, bool *sat)
{
    if (a != 0 && b > UINT64_MAX / a) {
        if (sat)
            *sat = true;
        return UINT64_MAX;
    }
    return a * b;
}

static uint64_t sat_mul3(uint64_t a, uint64_t b, uint64_t c, bool *sat)
{
    return kv_sat_mul(kv_sat_mul(a, b, sat), c, sat);
}

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
    return a / b + (a % b != 0);
}

static uint64_t u64min(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* ---- dtypes ---- */

static const struct {
    const char *name;
    unsigned bits;
    const char *layout;
} dtype_info[KV_DTYPE_COUNT] = {
    [KV_DTYPE_FP32] = {"fp32", 32, "4 bytes per element, no scales"},
    [KV_DTYPE_BF16] = {"bf16", 16, "2 bytes per element, no scales"},
    [KV_DTYPE_FP16] = {"fp16", 16, "2 bytes per element, no scales"},
    /* vLLM's fp8 KV cache keeps one fp32 k_scale and one v_scale per attention layer
     * (per-tensor scaling), so nothing grows with tokens. */
    [KV_DTYPE_FP8] = {"fp8", 8,
                      "1 byte per element (e4m3) + one fp32 k_scale and v_scale per layer"},
    /* LMDeploy's online KV quantization (docs "Key-Value(KV) Cache Quantization"): int8/int4,
     * asymmetric, per head per token: one fp16 scale and one fp16 zero point for each head
     * vector. For MLA the cached latent+rope vector of a token is one group. */
    [KV_DTYPE_INT8] = {"int8", 8,
                       "1 byte per element + fp16 scale and fp16 zero point per head vector "
                       "per token (LMDeploy layout)"},
    [KV_DTYPE_INT4] = {"int4", 4,
                       "half a byte per element + fp16 scale and fp16 zero point per head "
                       "vector per token (LMDeploy layout)"},
};

const char *kv_dtype_name(KvDtype t)
{
    return (unsigned)t < KV_DTYPE_COUNT ? dtype_info[t].name : "?";
}

const char *kv_dtype_layout(KvDtype t)
{
    return (unsigned)t < KV_DTYPE_COUNT ? dtype_info[t].layout : "?";
}

int kv_dtype_parse(const char *s, KvDtype *out)
{
    static const struct {
        const char *alias;
        KvDtype t;
    } aliases[] = {
        {"fp32", KV_DTYPE_FP32},  {"float32", KV_DTYPE_FP32}, {"float", KV_DTYPE_FP32},
        {"bf16", KV_DTYPE_BF16},  {"bfloat16", KV_DTYPE_BF16}, {"fp16", KV_DTYPE_FP16},
        {"float16", KV_DTYPE_FP16}, {"half", KV_DTYPE_FP16},   {"fp8", KV_DTYPE_FP8},
        {"fp8_e4m3", KV_DTYPE_FP8}, {"fp8_e5m2", KV_DTYPE_FP8}, {"int8", KV_DTYPE_INT8},
        {"int4", KV_DTYPE_INT4},
    };
    if (!s)
        return -1;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(s, aliases[i].alias) == 0) {
            *out = aliases[i].t;
            return 0;
        }
    return -1;
}

uint64_t kv_dtype_vector_bytes(KvDtype t, uint64_t n)
{
    bool sat = false;
    switch (t) {
    case KV_DTYPE_FP32:
        return kv_sat_mul(n, 4, &sat);
    case KV_DTYPE_BF16:
    case KV_DTYPE_FP16:
        return kv_sat_mul(n, 2, &sat);
    case KV_DTYPE_FP8:
        return n;
    case KV_DTYPE_INT8:
        return n == 0 ? 0 : kv_sat_add(n, 4, &sat); /* + fp16 scale + fp16 zero */
    case KV_DTYPE_INT4:
        return n == 0 ? 0 : kv_sat_add(ceil_div(n, 2), 4, &sat);
    default:
        return 0;
    }
}

const char *kv_layer_kind_name(KvLayerKind k)
{
    static const char *const names[KV_LAYER_KIND_COUNT] = {"full", "sliding", "mla",
                                                            "recurrent"};
    return (unsigned)k < KV_LAYER_KIND_COUNT ? names[k] : "?";
}

/* ---- query ---- */

void kv_query_init(KvQuery *q)
{
    memset(q, 0, sizeof *q);
    q->batch = 1;
    q->seq = 4096;
    q->kv_dtype = KV_DTYPE_BF16;
    q->weight_dtype = KV_DTYPE_BF16;
    q->tp = 1;
    q->block_size = 16; /* vLLM's default block size */
    q->gpu_mem_bytes = 80e9;
    q->gpus = 1;
    q->gpu_util = 0.9; /* vLLM's default gpu_memory_utilization */
    q->prefill_chunk = 2048; /* assumed tokens per prefill chunk: a stated assumption */
}

int kv_query_validate(const KvQuery *q, RError *err)
{
    if (q->batch < 1)
        return rerror_set(err, "batch must be at least 1");
    if (q->seq < 1)
        return rerror_set(err, "sequence length must be at least 1 token");
    if ((unsigned)q->kv_dtype >= KV_DTYPE_COUNT || (unsigned)q->weight_dtype >= KV_DTYPE_COUNT)
        return rerror_set(err, "unknown dtype");
    if (q->tp < 1 || q->tp > 4096)
        return rerror_set(err, "tensor-parallel degree must be in 1..4096 (got %d)", q->tp);
    if (q->block_size < 1 || q->block_size > (1 << 20))
        return rerror_set(err, "block size must be in 1..1048576 tokens (got %d)", q->block_size);
    if (q->gpus < q->tp || q->gpus % q->tp != 0 || q->gpus > 1000000)
        return rerror_set(err, "GPU count (%d) must be a multiple of the tensor-parallel degree (%d)",
                          q->gpus, q->tp);
    if (!(q->gpu_util > 0.0 && q->gpu_util <= 1.0))
        return rerror_set(err, "GPU memory utilization must be in (0, 1] (got %g)", q->gpu_util);
    if (!(q->gpu_mem_bytes > 0.0 && q->gpu_mem_bytes < 1.8e19))
        return rerror_set(err, "GPU memory must be a positive number of bytes");
    if (q->prefill_chunk < 1 || q->prefill_chunk > (1ULL << 32))
        return rerror_set(err, "prefill chunk must be in 1..2^32 tokens");
    return 0;
}

/* ---- estimates ---- */

uint64_t kv_layer_bytes_per_token(const KvModel *m, KvLayerKind k, KvDtype t)
{
    switch (k) {
    case KV_LAYER_FULL:
    case KV_LAYER_SLIDING: /* K and V: 2 x kv_heads vectors of head_dim */
        return 2 * (uint64_t)m->kv_heads * kv_dtype_vector_bytes(t, (uint64_t)m->head_dim);
    case KV_LAYER_MLA: /* DeepSeek-V2 §2.1: cache c_t^KV (d_c) and k_t^R (d_h^R) */
        return kv_dtype_vector_bytes(t, (uint64_t)m->kv_lora_rank + (uint64_t)m->qk_rope_dim);
    default:
        return 0;
    }
}

/* Tokens a layer of kind k keeps for a sequence of seq tokens. */
static uint64_t cached_tokens(const KvModel *m, KvLayerKind k, uint64_t seq)
{
    if (k == KV_LAYER_SLIDING)
        return u64min(seq, (uint64_t)m->window);
    if (k == KV_LAYER_NONE)
        return 0;
    return seq;
}

/* Per-token bytes of one layer on one GPU: K/V heads split over tp (replicated when
 * tp > kv_heads, as vLLM does); the MLA latent is not split by heads, so each rank keeps it. */
static uint64_t gpu_layer_bytes_per_token(const KvModel *m, KvLayerKind k, KvDtype t, int tp)
{
    if (k == KV_LAYER_FULL || k == KV_LAYER_SLIDING) {
        uint64_t heads = ceil_div((uint64_t)m->kv_heads, (uint64_t)tp);
        if (heads < 1)
            heads = 1;
        return 2 * heads * kv_dtype_vector_bytes(t, (uint64_t)m->head_dim);
    }
    return kv_layer_bytes_per_token(m, k, t);
}

uint64_t kv_seq_bytes(const KvModel *m, KvDtype t, uint64_t seq)
{
    bool sat = false;
    int counts[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, counts);
    uint64_t sum = 0;
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        uint64_t per = kv_sat_mul((uint64_t)counts[k], kv_layer_bytes_per_token(m, k, t), &sat);
        sum = kv_sat_add(sum, kv_sat_mul(per, cached_tokens(m, k, seq), &sat), &sat);
    }
    return sum;
}

/* Recurrent state is kept in 16-bit (fp32 when the cache is fp32): the KV quantization
 * formats do not apply to it. Conv state expand*H x d_conv and SSM state expand*H x d_state
 * per Mamba layer (HF Jamba cache shapes). `split` divides the inner width over TP ranks. */
static uint64_t state_bytes_split(const KvModel *m, KvDtype t, int split)
{
    int counts[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, counts);
    if (counts[KV_LAYER_NONE] == 0)
        return 0;
    uint64_t el = t == KV_DTYPE_FP32 ? 4 : 2;
    uint64_t di = ceil_div((uint64_t)m->ssm_expand * (uint64_t)m->hidden, (uint64_t)split);
    return (uint64_t)counts[KV_LAYER_NONE] * di * (uint64_t)(m->ssm_conv + m->ssm_state) * el;
}

uint64_t kv_state_bytes(const KvModel *m, KvDtype t)
{
    return state_bytes_split(m, t, 1);
}

uint64_t kv_reserve_bytes(const KvModel *m, const KvQuery *q)
{
    bool sat = false;
    uint64_t tp = (uint64_t)q->tp;
    uint64_t ffn = (uint64_t)m->intermediate;
    uint64_t moe = (uint64_t)m->experts_active * (uint64_t)m->moe_intermediate +
                   (uint64_t)m->shared_intermediate;
    uint64_t mamba = 2 * (uint64_t)m->ssm_expand * (uint64_t)m->hidden;
    if (moe > ffn)
        ffn = moe;
    if (mamba > ffn)
        ffn = mamba;
    uint64_t per_tok = 2 * (4 * (uint64_t)m->hidden + 2 * ceil_div(ffn, tp)) +
                       4 * ceil_div((uint64_t)m->vocab, tp);
    return kv_sat_mul(q->prefill_chunk, per_tok, &sat);
}

/* One GPU's KV bytes (state included) for one sequence of seq tokens. */
static uint64_t gpu_seq_bytes(const KvModel *m, const KvQuery *q, uint64_t seq, bool *sat)
{
    int counts[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, counts);
    uint64_t sum = state_bytes_split(m, q->kv_dtype, q->tp);
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        uint64_t per = (uint64_t)counts[k] * gpu_layer_bytes_per_token(m, k, q->kv_dtype, q->tp);
        sum = kv_sat_add(sum, kv_sat_mul(per, cached_tokens(m, k, seq), sat), sat);
    }
    return sum;
}

/* Fixed per-GPU scale storage: fp8's per-tensor k/v scales, 2 x fp32 per caching layer. */
static uint64_t gpu_scale_bytes(const KvModel *m, KvDtype t)
{
    if (t != KV_DTYPE_FP8)
        return 0;
    int counts[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, counts);
    return 8 * (uint64_t)(m->layers - counts[KV_LAYER_NONE]);
}

/* Weight storage: params x bits / 8, plus int4's GPTQ/AWQ-style fp16 scale and fp16 zero per
 * group of 128 weights and int8's fp16 scale per output row (one per `hidden` weights); fp8
 * per-tensor scales are negligible and not counted. */
static uint64_t weight_bytes(const KvModel *m, KvDtype t, uint64_t params, bool *sat)
{
    uint64_t bits = t == KV_DTYPE_FP32 ? 32 : t == KV_DTYPE_INT4 ? 4 : t >= KV_DTYPE_FP8 ? 8 : 16;
    uint64_t b = params / 8 * bits + ceil_div(params % 8 * bits, 8);
    if (t == KV_DTYPE_INT4)
        b = kv_sat_add(b, kv_sat_mul(ceil_div(params, 128), 4, sat), sat);
    else if (t == KV_DTYPE_INT8)
        b = kv_sat_add(b, kv_sat_mul(ceil_div(params, (uint64_t)m->hidden), 2, sat), sat);
    return b;
}

static unsigned dtype_bits(KvDtype t)
{
    return (unsigned)t < KV_DTYPE_COUNT ? dtype_info[t].bits : 16;
}

uint64_t kv_naive_bytes(const KvModel *m, KvDtype t, uint64_t batch, uint64_t seq)
{
    bool sat = false;
    uint64_t per_tok_bits = 2 * (uint64_t)m->layers * (uint64_t)m->hidden * dtype_bits(t);
    uint64_t bits = sat_mul3(batch, seq, per_tok_bits, &sat);
    return sat ? UINT64_MAX : bits / 8;
}

/* Does a replica fit with b sequences of s tokens? */
static bool fits_at(const KvModel *m, const KvQuery *q, uint64_t fixed, uint64_t usable,
                    uint64_t b, uint64_t s)
{
    bool sat = false;
    uint64_t need = kv_sat_add(fixed, kv_sat_mul(b, gpu_seq_bytes(m, q, s, &sat), &sat), &sat);
    return !sat && need <= usable;
}

/* Longest length at b sequences per replica; *unbounded when every layer is capped. */
static uint64_t search_max_seq(const KvModel *m, const KvQuery *q, uint64_t fixed,
                               uint64_t usable, uint64_t b, bool *unbounded)
{
    const uint64_t hi_cap = 1ULL << 50;
    *unbounded = false;
    if (!fits_at(m, q, fixed, usable, b, 1))
        return 0;
    if (fits_at(m, q, fixed, usable, b, hi_cap)) {
        *unbounded = true;
        return hi_cap;
    }
    uint64_t lo = 1, hi = hi_cap; /* fits(lo), !fits(hi) */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (fits_at(m, q, fixed, usable, b, mid))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int kv_estimate(const KvModel *m, const KvQuery *q, KvReport *r, RError *err)
{
    memset(r, 0, sizeof *r);
    if (kv_model_validate(m, err) != 0 || kv_query_validate(q, err) != 0)
        return -1;
    bool sat = false;
    const KvDtype t = q->kv_dtype;
    int counts[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, counts);

    /* Model-level figures. */
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        KvKindStats *ks = &r->kinds[k];
        ks->layers = counts[k];
        ks->bytes_per_token = (uint64_t)counts[k] * kv_layer_bytes_per_token(m, k, t);
        ks->bytes_per_seq = kv_sat_mul(ks->bytes_per_token, cached_tokens(m, k, q->seq), &sat);
        r->kv_bytes_per_token += ks->bytes_per_token;
    }
    r->kv_bytes_per_seq = kv_seq_bytes(m, t, q->seq);
    r->kv_bytes = kv_sat_mul(q->batch, r->kv_bytes_per_seq, &sat);
    r->state_bytes_per_seq = kv_state_bytes(m, t);
    r->state_bytes = kv_sat_mul(q->batch, r->state_bytes_per_seq, &sat);
    r->kv_scale_bytes = gpu_scale_bytes(m, t);
    kv_model_params(m, &r->params, &r->active_params);
    r->weight_bytes = weight_bytes(m, q->weight_dtype, r->params, &sat);

    /* Per GPU. */
    r->replicas = q->gpus / q->tp;
    r->batch_per_replica = ceil_div(q->batch, (uint64_t)r->replicas);
    uint64_t kvh = ceil_div((uint64_t)(m->kv_heads > 0 ? m->kv_heads : 0), (uint64_t)q->tp);
    r->kv_heads_per_gpu = (int)(kvh < 1 ? 1 : kvh);
    r->gpu_weight_bytes = ceil_div(r->weight_bytes, (uint64_t)q->tp);
    uint64_t gpu_per_seq = gpu_seq_bytes(m, q, q->seq, &sat);
    r->gpu_kv_bytes = kv_sat_add(kv_sat_mul(r->batch_per_replica, gpu_per_seq, &sat),
                                 r->kv_scale_bytes, &sat);
    r->gpu_reserve_bytes = kv_reserve_bytes(m, q);
    r->gpu_used_bytes = kv_sat_add(kv_sat_add(r->gpu_weight_bytes, r->gpu_kv_bytes, &sat),
                                   r->gpu_reserve_bytes, &sat);
    double usable = floor(q->gpu_mem_bytes * q->gpu_util);
    r->gpu_usable_bytes = usable >= 1.8e19 ? UINT64_MAX : (uint64_t)usable;
    r->fits = !sat && r->gpu_used_bytes <= r->gpu_usable_bytes;
    r->gpu_free_bytes = r->fits ? r->gpu_usable_bytes - r->gpu_used_bytes : 0;
    r->total_bytes = kv_sat_mul(r->gpu_used_bytes, (uint64_t)q->gpus, &sat);
    r->gpu_bytes = kv_sat_mul(r->gpu_usable_bytes, (uint64_t)q->gpus, &sat);

    /* Limits: everything that does not grow with batch or length is `fixed`. */
    uint64_t fixed = r->gpu_weight_bytes + r->gpu_reserve_bytes + r->kv_scale_bytes;
    if (fixed <= r->gpu_usable_bytes && gpu_per_seq > 0) {
        uint64_t per_replica = (r->gpu_usable_bytes - fixed) / gpu_per_seq;
        r->max_batch = kv_sat_mul(per_replica, (uint64_t)r->replicas, &sat);
    }
    r->max_seq_memory = search_max_seq(m, q, fixed, r->gpu_usable_bytes, r->batch_per_replica,
                                       &r->max_seq_memory_unbounded);
    /* Memory is one bound, the positions the model was trained for are the other: a sequence
     * past max_position_embeddings may fit but the model was never built to read it. */
    r->context_limit = m->max_pos > 0 ? (uint64_t)m->max_pos : 0;
    r->beyond_context = r->context_limit > 0 && q->seq > r->context_limit;
    r->max_seq = r->max_seq_memory;
    r->max_seq_unbounded = r->max_seq_memory_unbounded && r->context_limit == 0;
    if (r->context_limit > 0 && (r->max_seq_memory_unbounded || r->context_limit < r->max_seq))
        r->max_seq = r->context_limit;

    /* Paged blocks, for the longest-lived cache (full/MLA layers, else the windows). */
    uint64_t B = (uint64_t)q->block_size;
    uint64_t cached = 0;
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++)
        if (counts[k] > 0 && cached_tokens(m, k, q->seq) > cached)
            cached = cached_tokens(m, k, q->seq);
    r->blocks_per_seq = ceil_div(cached, B);
    r->last_block_tokens = cached == 0 ? 0 : cached - (r->blocks_per_seq - 1) * B;
    r->last_block_waste = cached == 0 ? 0.0 : (double)(B - r->last_block_tokens) / (double)B;
    uint64_t gpu_tok = 0, paged_seq = state_bytes_split(m, t, q->tp), waste_seq = 0;
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        uint64_t per = (uint64_t)counts[k] * gpu_layer_bytes_per_token(m, k, t, q->tp);
        uint64_t c = cached_tokens(m, k, q->seq);
        uint64_t slots = kv_sat_mul(ceil_div(c, B), B, &sat);
        gpu_tok += per;
        paged_seq = kv_sat_add(paged_seq, kv_sat_mul(per, slots, &sat), &sat);
        waste_seq = kv_sat_add(waste_seq, kv_sat_mul(per, slots - c, &sat), &sat);
    }
    r->block_bytes = kv_sat_mul(gpu_tok, B, &sat);
    if (fixed <= r->gpu_usable_bytes && r->block_bytes > 0) {
        r->pool_blocks = (r->gpu_usable_bytes - fixed) / r->block_bytes;
        r->pool_seqs = paged_seq > 0 ? (r->gpu_usable_bytes - fixed) / paged_seq : 0;
        r->pool_seqs = kv_sat_mul(r->pool_seqs, (uint64_t)r->replicas, &sat);
    }
    r->waste_bytes = sat_mul3(waste_seq, r->batch_per_replica, (uint64_t)q->gpus, &sat);

    r->naive_kv_bytes = kv_naive_bytes(m, t, q->batch, q->seq);
    if (r->naive_kv_bytes == UINT64_MAX)
        sat = true;
    /* The factor is per sequence (both sides scale with the batch), in doubles, so that it
     * stays right when the workload's byte totals saturate. */
    double naive_seq = (double)q->seq * 2.0 * m->layers * m->hidden * dtype_bits(t) / 8.0;
    double exact_seq = (double)r->kv_bytes_per_seq + (double)r->state_bytes_per_seq;
    bool seq_sat = r->kv_bytes_per_seq == UINT64_MAX || r->state_bytes_per_seq == UINT64_MAX;
    r->naive_factor = exact_seq > 0 && !seq_sat ? naive_seq / exact_seq : 0.0;
    r->saturated = sat;
    return 0;
}

void kv_curve(const KvModel *m, const KvQuery *q, const uint64_t *seqs, size_t n, double *out)
{
    double state = (double)kv_state_bytes(m, q->kv_dtype);
    for (size_t i = 0; i < n; i++)
        out[i] = (double)q->batch * ((double)kv_seq_bytes(m, q->kv_dtype, seqs[i]) + state);
}
