/* KV-cache and serving-memory model: an architecture, a workload and a deployment in,
 * bytes per token, KV and weight bytes, fit, limits and paged-block figures out. */
#ifndef RAMPUP_ENGINE_KV_KV_H
#define RAMPUP_ENGINE_KV_KV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"

/* Upper bound on layers; the arrays below are sized by it. */
#define KV_MAX_LAYERS 512

/* Element formats for the KV cache and the weights. */
typedef enum KvDtype {
    KV_DTYPE_FP32,
    KV_DTYPE_BF16,
    KV_DTYPE_FP16,
    KV_DTYPE_FP8,
    KV_DTYPE_INT8,
    KV_DTYPE_INT4,
    KV_DTYPE_COUNT
} KvDtype;

/* What one layer keeps per token. */
typedef enum KvLayerKind {
    KV_LAYER_FULL,    /* K and V for every past token: 2 x kv_heads x head_dim */
    KV_LAYER_SLIDING, /* the same, capped at the last `window` tokens */
    KV_LAYER_MLA,     /* one latent (kv_lora_rank) + one shared rope key (qk_rope_dim); no x2 */
    KV_LAYER_NONE,    /* recurrent (Mamba) layer: a fixed state per sequence, nothing per token */
    KV_LAYER_KIND_COUNT
} KvLayerKind;

typedef enum KvNorm { KV_NORM_RMS, KV_NORM_LAYER } KvNorm;

/* A model. Dimensions are plain values; `kind[i]` and `moe[i]` describe layer i. Everything
 * that only matters for the parameter count (biases, norms, MLP shape) is here too. */
typedef struct KvModel {
    char name[64];
    char family[32];   /* HF model_type, or "custom" */
    char source[256];  /* where the figures come from */
    int layers;
    int64_t hidden;
    int heads;
    int kv_heads;
    int head_dim;      /* explicit head_dim, else hidden / heads */
    int64_t intermediate;
    int64_t vocab;
    int64_t max_pos;   /* context length the model was built for (0 = unknown) */
    bool tied_embeddings;
    int64_t window;    /* sliding window W in tokens (for KV_LAYER_SLIDING layers) */
    /* MLA (DeepSeek-V2/V3) */
    int q_lora_rank;   /* 0 = plain q projection */
    int kv_lora_rank;
    int qk_nope_dim;
    int qk_rope_dim;
    int v_head_dim;
    /* MoE: experts counted on layers with moe[i] set */
    int experts;              /* routed experts per MoE layer (0 = dense model) */
    int experts_active;       /* routed experts per token */
    int64_t moe_intermediate; /* FFN width of one routed expert */
    int64_t shared_intermediate; /* total FFN width of the always-on shared expert(s) */
    bool shared_gate;         /* Qwen2-MoE: a sigmoid gate (hidden x 1) on the shared expert */
    bool router_bias;         /* DeepSeek-V3: e_score_correction_bias (experts) */
    /* Mamba layers (KV_LAYER_NONE) */
    int ssm_state;     /* d_state */
    int ssm_conv;      /* d_conv */
    int ssm_expand;    /* expand: inner = expand x hidden */
    int ssm_dt_rank;
    bool ssm_conv_bias;
    bool ssm_inner_norms; /* Jamba: dt/B/C RMSNorms inside the mixer */
    /* parameter-count details */
    bool gated_mlp;      /* 3 matrices (gate, up, down) vs 2 */
    bool qkv_bias;       /* bias on q, k, v (Qwen2) */
    bool linear_bias;    /* bias on every linear layer (GPT-2, OPT) */
    bool qk_norm;        /* RMSNorm on q and k of head_dim each (Qwen3, Gemma-3) */
    KvNorm norm;
    int norms_per_layer; /* 2 for pre-norm blocks, 4 for Gemma-2/3, 1 for parallel blocks */
    int64_t learned_pos; /* rows of a learned position table (0 = rotary / none) */
    /* layer layout */
    uint8_t kind[KV_MAX_LAYERS]; /* KvLayerKind */
    uint8_t moe[KV_MAX_LAYERS];  /* 1 = this layer's FFN is a mixture of experts */
    int period;                  /* the layout repeats with this period (used when layers grow) */
} KvModel;

/* Workload and deployment. */
typedef struct KvQuery {
    uint64_t batch;        /* concurrent sequences (all replicas together) */
    uint64_t seq;          /* tokens per sequence (prompt + output) */
    KvDtype kv_dtype;
    KvDtype weight_dtype;
    int tp;                /* tensor-parallel degree */
    int block_size;        /* paged-attention block size in tokens */
    double gpu_mem_bytes;  /* memory of one GPU */
    int gpus;              /* total GPUs: gpus / tp replicas of the model */
    double gpu_util;       /* fraction of each GPU the server may use (vLLM gpu_memory_utilization) */
    uint64_t prefill_chunk; /* tokens in one forward pass, sizes the activation reserve */
} KvQuery;

/* Per layer kind: how many layers, and their bytes (whole model, all TP ranks counted once). */
typedef struct KvKindStats {
    int layers;
    uint64_t bytes_per_token; /* with every window still open */
    uint64_t bytes_per_seq;   /* at query->seq tokens, windows capped */
} KvKindStats;

typedef struct KvReport {
    /* Model-level (whole model, no TP replication). */
    uint64_t kv_bytes_per_token;   /* all layers, windows open */
    uint64_t kv_bytes_per_seq;     /* exact at seq tokens (windows cap at W; MLA latent+rope) */
    uint64_t kv_bytes;             /* batch x kv_bytes_per_seq */
    uint64_t state_bytes_per_seq;  /* recurrent layers' fixed state */
    uint64_t state_bytes;          /* batch x state_bytes_per_seq */
    uint64_t kv_scale_bytes;       /* fixed per-layer scales (fp8 per-tensor), whole model */
    KvKindStats kinds[KV_LAYER_KIND_COUNT];
    uint64_t params, active_params;
    uint64_t weight_bytes;
    /* Per GPU (every GPU of a replica holds the same amount). */
    int replicas;                  /* gpus / tp */
    uint64_t batch_per_replica;    /* ceil(batch / replicas) */
    int kv_heads_per_gpu;          /* max(1, ceil(kv_heads / tp)): heads replicate past tp */
    uint64_t gpu_weight_bytes;
    uint64_t gpu_kv_bytes;         /* incl. recurrent state and scales */
    uint64_t gpu_reserve_bytes;    /* activation / workspace reserve (see kv_reserve_bytes) */
    uint64_t gpu_used_bytes;       /* weights + kv + reserve */
    uint64_t gpu_usable_bytes;     /* gpu_mem_bytes x gpu_util */
    uint64_t gpu_free_bytes;       /* usable - used, 0 when it does not fit */
    /* Totals over all GPUs. */
    uint64_t total_bytes;
    uint64_t gpu_bytes;            /* usable bytes of all GPUs */
    bool fits;
    uint64_t max_batch;            /* largest batch at seq that fits (0 if even weights don't) */
    uint64_t max_seq;              /* longest usable seq: min(max_seq_memory, context_limit) */
    bool max_seq_unbounded;        /* neither memory nor a known context window bounds it */
    uint64_t max_seq_memory;       /* longest seq at batch that fits in memory */
    bool max_seq_memory_unbounded; /* every layer has a capped cache: any length fits */
    uint64_t context_limit;        /* the model's positions (max_position_embeddings), 0 = unknown */
    bool beyond_context;           /* seq exceeds context_limit: the model was not built for it */
    /* Paged attention (per sequence, per GPU). */
    uint64_t blocks_per_seq;       /* ceil(cached tokens / block_size) */
    uint64_t block_bytes;          /* one block of block_size tokens, all layers, one GPU */
    uint64_t pool_blocks;          /* blocks that fit in what weights and reserve leave */
    uint64_t pool_seqs;            /* pool_blocks / blocks_per_seq */
    uint64_t last_block_tokens;    /* tokens in the last block of a sequence */
    uint64_t waste_bytes;          /* unused slots of last blocks, all sequences, all GPUs */
    double last_block_waste;       /* fraction of the last block left empty */
    /* The seed formula: batch x seq x layers x 2 x hidden x bytes. */
    uint64_t naive_kv_bytes;
    double naive_factor;           /* naive / exact kv_bytes (0 when exact is 0) */
    bool saturated;                /* some figure hit UINT64_MAX and is a lower bound */
} KvReport;

/* ---- dtypes ---- */
const char *kv_dtype_name(KvDtype t);
/* Accepts fp32|float32, bf16|bfloat16, fp16|float16|half, fp8, int8, int4. */
int kv_dtype_parse(const char *s, KvDtype *out);
/* Storage of one vector of n elements in this format, including its per-vector scales
 * (see kv.c for the layout each format assumes). */
uint64_t kv_dtype_vector_bytes(KvDtype t, uint64_t n);
/* A short statement of the scale layout, for the why overlay and --help. */
const char *kv_dtype_layout(KvDtype t);

const char *kv_layer_kind_name(KvLayerKind k);

/* ---- model ---- */
/* A llama-shaped default with every field set (no layers until set_layers). */
void kv_model_init(KvModel *m);
/* Resizes the layout to n layers, repeating the pattern period. n in [1, KV_MAX_LAYERS]. */
void kv_model_set_layers(KvModel *m, int n);
/* Sets every layer's attention to `kind` (used by the pane when editing by hand). */
void kv_model_fill(KvModel *m, KvLayerKind kind);
/* Checks the dimensions; names the first bad field. */
int kv_model_validate(const KvModel *m, RError *err);
/* Number of layers of each kind. */
void kv_model_count_kinds(const KvModel *m, int counts[KV_LAYER_KIND_COUNT]);
/* Parameters: total (every expert) and active per token (top-k experts). Saturates. */
void kv_model_params(const KvModel *m, uint64_t *total, uint64_t *active);

/* ---- query ---- */
/* batch 1, seq 4096, bf16/bf16, tp 1, block 16, one 80 GB GPU at 0.9, chunk 2048. */
void kv_query_init(KvQuery *q);
int kv_query_validate(const KvQuery *q, RError *err);

/* ---- estimates ---- */
/* Per-token bytes of one layer of this kind, whole model (not split by TP). */
uint64_t kv_layer_bytes_per_token(const KvModel *m, KvLayerKind k, KvDtype t);
/* KV bytes of one sequence of `seq` tokens, whole model (windows capped). Saturates. */
uint64_t kv_seq_bytes(const KvModel *m, KvDtype t, uint64_t seq);
/* Recurrent state bytes of one sequence, whole model. */
uint64_t kv_state_bytes(const KvModel *m, KvDtype t);
/* Activation / workspace reserve per GPU: one prefill chunk of C tokens needs
 * C x (4 x hidden + 2 x intermediate / tp) activations at 2 bytes plus C x vocab / tp fp32
 * logits. Stated assumption, not a measurement. */
uint64_t kv_reserve_bytes(const KvModel *m, const KvQuery *q);
/* The whole report. Fails on an invalid model or query. */
int kv_estimate(const KvModel *m, const KvQuery *q, KvReport *out, RError *err);
/* The seed formula: batch x seq x layers x 2 x hidden x element bytes of t (no scales; int4 =
 * half a byte). Saturates at UINT64_MAX. */
uint64_t kv_naive_bytes(const KvModel *m, KvDtype t, uint64_t batch, uint64_t seq);
/* KV + state bytes (whole model, batch x per sequence) at each of n lengths, for plots. */
void kv_curve(const KvModel *m, const KvQuery *q, const uint64_t *seqs, size_t n, double *out);

/* ---- explanations ---- */
/* Writes the formulas with the numbers substituted, one per line, into buf (NUL-terminated,
 * truncated to size). Returns the length it needed. */
size_t kv_explain(const KvModel *m, const KvQuery *q, const KvReport *r, char *buf, size_t size);
/* The handout (kv_markdown.c): a Markdown title, the figures in a table, then kv_explain in a
 * fenced block. gpu_label may be NULL. snprintf-style. */
size_t kv_markdown(const KvModel *m, const KvQuery *q, const KvReport *r, const char *gpu_label,
                   char *buf, size_t size);

/* ---- saturating arithmetic (exposed for tests) ---- */
uint64_t kv_sat_add(uint64_t a, uint64_t b, bool *sat);
uint64_t kv_sat_mul(uint64_t a, uint64_t b, bool *sat);

#endif
