/* KV models: layer layout, validation and the parameter count (total and active). */
#include "engine/kv/kv.h"

#include <stdio.h>
#include <string.h>

/* ---- model ---- */

void kv_model_init(KvModel *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "custom");
    snprintf(m->family, sizeof m->family, "custom");
    m->gated_mlp = true;
    m->norm = KV_NORM_RMS;
    m->norms_per_layer = 2;
    m->period = 1;
}

void kv_model_set_layers(KvModel *m, int n)
{
    if (n < 1)
        n = 1;
    if (n > KV_MAX_LAYERS)
        n = KV_MAX_LAYERS;
    int old = m->layers;
    int p = m->period >= 1 ? m->period : 1;
    for (int i = old; i < n; i++) {
        if (i >= p) {
            m->kind[i] = m->kind[i - p];
            m->moe[i] = m->moe[i - p];
        } else if (old > 0) {
            m->kind[i] = m->kind[old - 1];
            m->moe[i] = m->moe[old - 1];
        } else {
            m->kind[i] = KV_LAYER_FULL;
            m->moe[i] = 0;
        }
    }
    for (int i = n; i < KV_MAX_LAYERS; i++)
        m->kind[i] = m->moe[i] = 0;
    m->layers = n;
}

void kv_model_fill(KvModel *m, KvLayerKind kind)
{
    for (int i = 0; i < m->layers; i++)
        m->kind[i] = (uint8_t)kind;
    m->period = 1;
}

void kv_model_count_kinds(const KvModel *m, int counts[KV_LAYER_KIND_COUNT])
{
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++)
        counts[k] = 0;
    for (int i = 0; i < m->layers && i < KV_MAX_LAYERS; i++)
        if (m->kind[i] < KV_LAYER_KIND_COUNT)
            counts[m->kind[i]]++;
}

/* Limits keep every per-layer product below 2^56; totals over layers still saturate. */
#define HIDDEN_MAX (1LL << 20)
#define HEADS_MAX (1 << 16)
#define FFN_MAX (1LL << 24)
#define RANK_MAX (1 << 20)

int kv_model_validate(const KvModel *m, RError *err)
{
    if (m->layers < 1 || m->layers > KV_MAX_LAYERS)
        return rerror_set(err, "%s: layers must be in 1..%d (got %d)", m->name, KV_MAX_LAYERS,
                          m->layers);
    if (m->hidden < 1 || m->hidden > HIDDEN_MAX)
        return rerror_set(err, "%s: hidden_size must be in 1..%lld (got %lld)", m->name,
                          HIDDEN_MAX, (long long)m->hidden);
    int counts[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, counts);
    bool attn = counts[KV_LAYER_FULL] + counts[KV_LAYER_SLIDING] > 0;
    if (m->heads < 1 && (attn || counts[KV_LAYER_MLA] > 0))
        return rerror_set(err, "%s: num_attention_heads must be at least 1 (got %d)", m->name,
                          m->heads);
    if (m->heads > HEADS_MAX)
        return rerror_set(err, "%s: num_attention_heads is absurd (%d)", m->name, m->heads);
    if (attn) {
        if (m->kv_heads < 1)
            return rerror_set(err, "%s: num_key_value_heads must be at least 1 (got %d)",
                              m->name, m->kv_heads);
        if (m->kv_heads > m->heads)
            return rerror_set(err, "%s: num_key_value_heads (%d) exceeds num_attention_heads (%d)",
                              m->name, m->kv_heads, m->heads);
        /* Grouped-query attention shares each K/V head among heads / kv_heads query heads
         * (Ainslie et al. 2023, §2.2), so the groups must divide evenly. */
        if (m->heads % m->kv_heads != 0)
            return rerror_set(err, "%s: num_attention_heads (%d) must be a multiple of "
                                   "num_key_value_heads (%d)", m->name, m->heads, m->kv_heads);
        if (m->head_dim < 1 || m->head_dim > HEADS_MAX)
            return rerror_set(err, "%s: head_dim must be in 1..%d (got %d)", m->name, HEADS_MAX,
                              m->head_dim);
    }
    if (counts[KV_LAYER_SLIDING] > 0 && m->window < 1)
        return rerror_set(err, "%s: sliding layers need a window of at least 1 token", m->name);
    if (counts[KV_LAYER_MLA] > 0 &&
        (m->kv_lora_rank < 1 || m->qk_rope_dim < 0 || m->qk_nope_dim < 0 || m->v_head_dim < 1 ||
         m->kv_lora_rank > RANK_MAX || m->q_lora_rank < 0 || m->q_lora_rank > RANK_MAX ||
         m->qk_rope_dim > RANK_MAX || m->qk_nope_dim > RANK_MAX || m->v_head_dim > RANK_MAX))
        return rerror_set(err, "%s: MLA layers need kv_lora_rank >= 1, qk_rope_head_dim, "
                               "qk_nope_head_dim and v_head_dim", m->name);
    if (counts[KV_LAYER_NONE] > 0 &&
        (m->ssm_state < 1 || m->ssm_conv < 1 || m->ssm_expand < 1 || m->ssm_dt_rank < 1 ||
         m->ssm_state > 65536 || m->ssm_conv > 1024 || m->ssm_expand > 64 ||
         m->ssm_dt_rank > RANK_MAX))
        return rerror_set(err, "%s: recurrent (Mamba) layers need mamba_d_state, mamba_d_conv, "
                               "mamba_expand and mamba_dt_rank >= 1", m->name);
    bool any_moe = false;
    for (int i = 0; i < m->layers; i++)
        any_moe |= m->moe[i] != 0;
    if (any_moe && (m->experts < 1 || m->experts_active < 1 || m->experts_active > m->experts ||
                    m->experts > HEADS_MAX || m->moe_intermediate < 1 ||
                    m->moe_intermediate > FFN_MAX))
        return rerror_set(err, "%s: MoE layers need experts >= experts per token >= 1 and an "
                               "expert FFN size", m->name);
    if (m->intermediate < 0 || m->intermediate > FFN_MAX || m->vocab < 0 || m->vocab > FFN_MAX ||
        m->shared_intermediate < 0 || m->shared_intermediate > FFN_MAX || m->learned_pos < 0 ||
        m->learned_pos > FFN_MAX || m->window < 0 || m->norms_per_layer < 0 ||
        m->norms_per_layer > 16)
        return rerror_set(err, "%s: a size field is negative or absurd", m->name);
    return 0;
}

/* Parameters of one layer: attention or mixer, FFN, norms. */
static void layer_params(const KvModel *m, int i, uint64_t *total, uint64_t *active, bool *sat)
{
    const uint64_t H = (uint64_t)m->hidden;
    const uint64_t nh = (uint64_t)(m->heads > 0 ? m->heads : 0);
    const uint64_t nkv = (uint64_t)(m->kv_heads > 0 ? m->kv_heads : 0);
    const uint64_t hd = (uint64_t)(m->head_dim > 0 ? m->head_dim : 0);
    uint64_t mix = 0; /* attention or Mamba mixer */
    switch ((KvLayerKind)m->kind[i]) {
    case KV_LAYER_FULL:
    case KV_LAYER_SLIDING: {
        uint64_t qdim = nh * hd, kvdim = nkv * hd;
        mix = H * (qdim + 2 * kvdim) + qdim * H;
        if (m->qkv_bias || m->linear_bias)
            mix += qdim + 2 * kvdim;
        if (m->linear_bias)
            mix += H;
        if (m->qk_norm)
            mix += 2 * hd;
        break;
    }
    case KV_LAYER_MLA: {
        uint64_t ql = (uint64_t)m->q_lora_rank, kvl = (uint64_t)m->kv_lora_rank;
        uint64_t nope = (uint64_t)m->qk_nope_dim, rope = (uint64_t)m->qk_rope_dim;
        uint64_t vd = (uint64_t)m->v_head_dim;
        if (ql > 0) /* q_a_proj, q_a_layernorm, q_b_proj */
            mix = H * ql + ql + ql * nh * (nope + rope);
        else
            mix = H * nh * (nope + rope);
        mix += H * (kvl + rope) + kvl;   /* kv_a_proj_with_mqa, kv_a_layernorm */
        mix += kvl * nh * (nope + vd);   /* kv_b_proj */
        mix += nh * vd * H;              /* o_proj */
        break;
    }
    case KV_LAYER_NONE: { /* Mamba mixer as in HF JambaMambaMixer */
        uint64_t di = (uint64_t)m->ssm_expand * H, N = (uint64_t)m->ssm_state;
        uint64_t r = (uint64_t)m->ssm_dt_rank;
        mix = H * 2 * di;                               /* in_proj */
        mix += di * (uint64_t)m->ssm_conv + (m->ssm_conv_bias ? di : 0); /* conv1d */
        mix += di * (r + 2 * N);                        /* x_proj */
        mix += r * di + di;                             /* dt_proj (+bias) */
        mix += di * N + di;                             /* A_log, D */
        mix += di * H;                                  /* out_proj */
        if (m->ssm_inner_norms)
            mix += r + 2 * N;                           /* dt, B, C layernorms */
        break;
    }
    default:
        break;
    }
    uint64_t ffn_total, ffn_active;
    uint64_t mats = m->gated_mlp ? 3 : 2;
    if (m->moe[i]) {
        uint64_t E = (uint64_t)m->experts, k = (uint64_t)m->experts_active;
        uint64_t expert = mats * H * (uint64_t)m->moe_intermediate;
        uint64_t router = H * E + (m->router_bias ? E : 0);
        uint64_t shared = mats * H * (uint64_t)m->shared_intermediate + (m->shared_gate ? H : 0);
        ffn_total = router + kv_sat_mul(E, expert, sat) + shared;
        ffn_active = router + kv_sat_mul(k, expert, sat) + shared;
    } else {
        uint64_t I = (uint64_t)m->intermediate;
        ffn_total = mats * H * I;
        if (m->linear_bias)
            ffn_total += (mats - 1) * I + H;
        ffn_active = ffn_total;
    }
    uint64_t norms = (uint64_t)m->norms_per_layer * (m->norm == KV_NORM_LAYER ? 2 * H : H);
    *total = kv_sat_add(*total, kv_sat_add(mix + norms, ffn_total, sat), sat);
    *active = kv_sat_add(*active, kv_sat_add(mix + norms, ffn_active, sat), sat);
}

void kv_model_params(const KvModel *m, uint64_t *total, uint64_t *active)
{
    bool sat = false;
    uint64_t t = 0, a = 0;
    for (int i = 0; i < m->layers && i < KV_MAX_LAYERS; i++)
        layer_params(m, i, &t, &a, &sat);
    const uint64_t H = (uint64_t)(m->hidden > 0 ? m->hidden : 0);
    uint64_t emb = H * (uint64_t)(m->vocab > 0 ? m->vocab : 0);
    uint64_t glob = emb + (m->tied_embeddings ? 0 : emb);
    glob += (m->norm == KV_NORM_LAYER ? 2 * H : H); /* final norm */
    glob += H * (uint64_t)(m->learned_pos > 0 ? m->learned_pos : 0);
    *total = kv_sat_add(t, glob, &sat);
    *active = kv_sat_add(a, glob, &sat);
}

