/* Inference serving: the query every infer call reads (one declaration, with defaults and
 * ranges in infer_query.c), the policy enums and their names. The computations live in
 * roofline.h, workload.h, blocks.h, sim.h, spec.h and sweep.h. */
#ifndef RAMPUP_ENGINE_INFER_INFER_H
#define RAMPUP_ENGINE_INFER_INFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/kv/kv.h"
#include "engine/param.h"

/* KV allocation: the vLLM paper's baselines (§6.1: Orca (Max), (Pow2), (Oracle)) and paging. */
typedef enum InferAlloc {
    INFER_ALLOC_MAX,   /* reserve the model's maximum sequence length */
    INFER_ALLOC_POW2,  /* reserve the next power of two of the final length */
    INFER_ALLOC_EXACT, /* reserve exactly the final length (an oracle knows it) */
    INFER_ALLOC_PAGED, /* blocks of block_size tokens, allocated on demand */
    INFER_ALLOC_COUNT
} InferAlloc;

typedef enum InferSched {
    INFER_SCHED_STATIC,     /* wait for a batch, pad to the longest, run it to the end */
    INFER_SCHED_CONTINUOUS, /* iteration-level scheduling (Orca, OSDI 2022) */
    INFER_SCHED_COUNT
} InferSched;

typedef enum InferLengths {
    INFER_LEN_FIXED,     /* every request: prompt_mean, output_mean */
    INFER_LEN_UNIFORM,   /* uniform on mean x [1 - spread, 1 + spread] */
    INFER_LEN_LOGNORMAL, /* log-normal with these means and sigma = spread */
    INFER_LEN_SHAREGPT,  /* vLLM paper Fig. 11 means (see workload.c) */
    INFER_LEN_ALPACA,
    INFER_LEN_COUNT
} InferLengths;

typedef enum InferPreempt {
    INFER_PREEMPT_RECOMPUTE, /* drop the blocks, prefill prompt + output so far again */
    INFER_PREEMPT_SWAP,      /* copy the blocks to CPU memory and back (vLLM §4.5) */
    INFER_PREEMPT_COUNT
} InferPreempt;

/* Everything the infer commands and the pane can set, declared once in infer_params()
 * (query.c). Strings name presets; the caller resolves them (the engine takes KvModel and
 * GpuPreset pointers). */
typedef struct InferQuery {
    char model[PARAM_NAME_MAX];
    char gpu[PARAM_NAME_MAX];
    char draft[PARAM_NAME_MAX]; /* draft model for speculative decoding's c */
    KvDtype dtype;          /* weights and KV */
    double gpu_util;        /* fraction of GPU memory the server uses (vLLM 0.9) */
    double compute_eff;     /* achieved / peak FLOP/s (stated assumption) */
    double memory_eff;      /* achieved / peak bandwidth (stated assumption) */
    /* roofline */
    int batch;              /* decode batch */
    int context;            /* tokens already in each sequence's cache */
    int prompt;             /* prompt tokens for time to first token */
    /* workload */
    double rate;            /* Poisson arrivals, requests/s */
    int requests;
    uint64_t seed;
    InferLengths lengths;
    int prompt_mean, output_mean;
    double spread;
    int max_len;            /* 0 = the model's max_pos (2048 for OPT) */
    char trace[256];        /* CSV of arrival,prompt,output; empty = generate (not in the
                             * table: a path, given with --trace) */
    /* serving */
    InferSched sched;
    int static_batch;       /* batch size of static batching */
    int max_batch;          /* most sequences in one iteration (vLLM max_num_seqs 256) */
    int chunk;              /* prefill token budget per step (Sarathi-Serve); 0 = whole prompts */
    InferAlloc alloc;
    int block_size;
    InferPreempt preempt;
    double swap_gb;         /* CPU swap space (vLLM default 4 GiB) */
    double pcie_gbs;        /* host link bandwidth for swapping, GB/s */
    double prefix_share;    /* share of requests that start with the common system prompt */
    int prefix_tokens;
    bool prefix_cache;      /* paged: requests with the prefix share its cached blocks */
    int samples;            /* parallel samples per prompt for `blocks` */
    int output;             /* output tokens per sample for `blocks` */
    int points;             /* rates per policy in a sweep */
    int runs;               /* Monte-Carlo target steps for `spec` */
    /* targets */
    double ttft_target;     /* s */
    double tpot_target;     /* s per output token */
    double latency_target;  /* normalized latency, s per output token, for sweeps */
    /* speculative decoding */
    double alpha;
    int gamma;
    double c;               /* draft / target step time; < 0 = derive from the presets */
} InferQuery;

/* The defaults (OPT-13B on one A100-40GB, ShareGPT-like lengths, paged, continuous). */
void infer_query_init(InferQuery *q);
/* Checks every numeric field against its range in the table; names the first bad one. */
int infer_query_validate(const InferQuery *q, RError *err);

/* The settings table (engine/param.h): CLI options, :pane pairs, saved state, sliders. */
const ParamTable *infer_params(void);

const char *infer_alloc_name(InferAlloc a);
const char *infer_sched_name(InferSched s);
const char *infer_lengths_name(InferLengths l);
const char *infer_preempt_name(InferPreempt p);

#endif
