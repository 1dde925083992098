/* The decode/prefill roofline for a model on a GPU: FLOPs and bytes of one forward step,
 * time = max(compute time, memory time) at stated efficiencies (the LLM-Viewer model, Yuan et
 * al. 2024, "LLM Inference Unveiled: Survey and Roofline Model Insights", arXiv:2402.16363;
 * its code, hahnyuan/LLM-Viewer roofline_model.py: turning point = max OPS / bandwidth,
 * memory-bound performance = intensity x bandwidth).
 *
 * Assumptions, all stated:
 *  - matmul FLOPs = 2 x active parameters x tokens; attention adds 4 x heads x head_dim per
 *    (query token, cached token) pair per attention layer (QK^T and PV);
 *  - weights are read once per step; an MoE layer reads only the experts some token of the
 *    step routes to, counted with uniform routing: E x (1 - (1 - k/E)^tokens) experts;
 *  - every cached token's K and V are read once per step per sequence, each new token's K and
 *    V are written once; activations stay on chip (not counted);
 *  - one GPU (no tensor parallelism), no kernel launch or communication time. */
#ifndef RAMPUP_ENGINE_INFER_ROOFLINE_H
#define RAMPUP_ENGINE_INFER_ROOFLINE_H

#include <stdbool.h>

#include "engine/error.h"
#include "engine/gpu.h"
#include "engine/infer/infer.h"
#include "engine/kv/kv.h"

/* What a step costs, derived once from a model, a GPU and a query. */
typedef struct InferHw {
    double flops_peak, flops_eff;   /* FLOP/s: datasheet dense peak, x compute_eff */
    double bw_peak, bw_eff;         /* bytes/s */
    double ridge;                   /* flops_peak / bw_peak, FLOP per byte */
    double inv_flops_eff, inv_bw_eff; /* 1 / flops_eff, 1 / bw_eff (the simulator's hot path) */
    double params, active_params;
    double dense_bytes;             /* weights every step reads (all but routed experts) */
    double expert_bytes;            /* one routed expert, all MoE layers */
    int experts, experts_active;
    double weight_bytes;            /* all weights */
    double kv_token_bytes;          /* one token, every layer (windows open) */
    double kv_full_bytes;           /* per token of full / MLA layers */
    double kv_window_bytes;         /* per token of sliding-window layers (capped at window) */
    double window;
    double state_bytes;             /* recurrent layers' fixed state per sequence */
    double attn_width;              /* sum over attention layers of heads x head_dim */
    double pool_bytes;              /* GPU memory x util - weights - activation reserve */
    long long pool_tokens;          /* pool_bytes / kv_token_bytes */
    int max_len;                    /* longest sequence the model serves */
} InferHw;

/* The load of one step: what the scheduler put in the batch. */
typedef struct InferStepLoad {
    double tokens;     /* new tokens processed (decodes + prefill tokens) */
    double pairs;      /* (new token, attended token) pairs, summed */
    double kv_read;    /* cached tokens read, summed over sequences */
    double kv_read_w;  /* the same, each sequence capped at the window */
    double seqs;       /* sequences in the step */
} InferStepLoad;

typedef struct InferStepCost {
    double flops, bytes, intensity;
    double t_compute, t_memory, time;
    bool memory_bound;
} InferStepCost;

typedef struct InferRoofline {
    InferStepCost decode;           /* one decode step at batch x context */
    double tokens_per_s;            /* batch / decode time */
    double tpot;                    /* decode step time */
    int crossover_batch;            /* smallest batch where decode is compute-bound; 0 = never */
    InferStepCost prefill;          /* one prompt of `prompt` tokens */
    double ttft;                    /* prefill time (queueing excluded) */
    double ridge;
    int max_batch_fit;              /* sequences of context + 1 tokens the KV pool holds */
} InferRoofline;

/* Fills hw for this model and GPU (query: dtype, util, efficiencies, max_len, chunk). */
int infer_hw_init(const KvModel *m, const GpuPreset *g, const InferQuery *q, InferHw *hw,
                  RError *err);
/* FLOPs, bytes and time of one step. */
void infer_step_cost(const InferHw *hw, const InferStepLoad *load, InferStepCost *out);
/* Load of a decode step: batch sequences with `context` cached tokens each. */
InferStepLoad infer_decode_load(const InferHw *hw, double batch, double context);
/* Load of prefilling tokens [from, to) of one sequence. */
InferStepLoad infer_prefill_load(const InferHw *hw, double from, double to);
/* The report at q->batch, q->context and q->prompt. */
void infer_roofline(const InferHw *hw, const InferQuery *q, InferRoofline *out);
/* Smallest batch in [1, 1<<20] whose decode step at `context` is compute-bound; 0 = none. */
int infer_crossover_batch(const InferHw *hw, double context);

#endif
