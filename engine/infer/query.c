/* The infer settings table (engine/param.h), the defaults and the range check. */
#include "engine/infer/infer.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#define N(x) {x, NULL, NULL, 0}
static const ParamName alloc_items[] = {N("max"), N("pow2"), N("exact"), N("paged")};
static const ParamName sched_items[] = {N("static"), N("continuous")};
static const ParamName lengths_items[] = {N("fixed"), N("uniform"), N("lognormal"), N("sharegpt"),
                                          N("alpaca")};
static const ParamName preempt_items[] = {N("recompute"), N("swap")};
static const ParamName dtype_items[] = {N("fp32"), N("bf16"), N("fp16"), N("fp8"), N("int8"),
                                        N("int4")};
#undef N
#define NAMES(list, items) {list, list, NULL, items, sizeof items / sizeof items[0]}
static const ParamNames alloc_names = NAMES("alloc", alloc_items);
static const ParamNames sched_names = NAMES("sched", sched_items);
static const ParamNames lengths_names = NAMES("lengths", lengths_items);
static const ParamNames preempt_names = NAMES("preempt", preempt_items);
static const ParamNames dtype_names = NAMES("dtype", dtype_items);
#undef NAMES

#define OFF(f) offsetof(InferQuery, f)
#define INT(n, f, lo, hi, d, u, h) \
    {.name = n, .kind = PARAM_INT, .offset = OFF(f), .min = lo, .max = hi, .def = d, .unit = u, \
     .help = h}
#define TOK(n, f, lo, hi, d, h) \
    {.name = n, .kind = PARAM_INT, .offset = OFF(f), .min = lo, .max = hi, .def = d, \
     .unit = "tokens", .suffix = PARAM_SFX_BINARY, .help = h}
#define REAL(n, f, lo, hi, d, u, h) \
    {.name = n, .kind = PARAM_REAL, .offset = OFF(f), .min = lo, .max = hi, .def = d, .unit = u, \
     .help = h}
#define ENUM(n, f, d, c, h) \
    {.name = n, .kind = PARAM_ENUM, .offset = OFF(f), .def = d, .choices = &c, .help = h}
#define NAME(n, f, d, l, h) \
    {.name = n, .kind = PARAM_NAME, .offset = OFF(f), .def_name = d, .list = l, .help = h}

/* Defaults: the vLLM paper's first setup (Kwon et al. 2023, §6.1), OPT-13B on one A100-40GB
 * with ShareGPT-like lengths. Ranges are the bounds the engine is tested over. */
static const ParamSpec specs[] = {
    NAME("model", model, "opt-13b", "model", "model preset (content/models.yaml)"),
    NAME("gpu", gpu, "a100-sxm-40gb", "gpu", "GPU preset (content/gpus.yaml)"),
    NAME("draft", draft, "gpt2", "model", "draft model for speculative decoding"),
    ENUM("dtype", dtype, KV_DTYPE_FP16, dtype_names, "weight and KV format"),
    /* vLLM's gpu_memory_utilization default */
    REAL("gpu_util", gpu_util, 0.05, 1, 0.9, NULL, "fraction of GPU memory the server uses"),
    /* assumptions, stated in README: large GEMMs reach ~60% of the tensor peak, streaming
     * reads ~80% of the HBM peak */
    REAL("compute_eff", compute_eff, 0.01, 1, 0.6, NULL, "achieved share of peak FLOP/s"),
    REAL("memory_eff", memory_eff, 0.01, 1, 0.8, NULL, "achieved share of peak bandwidth"),
    INT("batch", batch, 1, 65536, 1, "seqs", "decode batch for the roofline"),
    TOK("context", context, 0, 1 << 20, 512, "tokens cached per sequence (roofline)"),
    TOK("prompt", prompt, 1, 1 << 20, 512, "prompt tokens (roofline TTFT, blocks)"),
    REAL("rate", rate, 0.001, 10000, 1.0, "req/s", "Poisson arrival rate"),
    {.name = "requests", .kind = PARAM_INT, .offset = OFF(requests), .min = 1, .max = 200000,
     .def = 1000, .suffix = PARAM_SFX_DECIMAL, .help = "requests to simulate"},
    {.name = "seed", .kind = PARAM_U64, .offset = OFF(seed), .min = 0, .max = 1e15, .def = 1,
     .help = "random seed"},
    ENUM("lengths", lengths, INFER_LEN_SHAREGPT, lengths_names, "length distribution"),
    TOK("prompt_mean", prompt_mean, 1, 1 << 20, 161, "mean prompt (fixed/uniform/lognormal)"),
    TOK("output_mean", output_mean, 1, 1 << 20, 338, "mean output (fixed/uniform/lognormal)"),
    REAL("spread", spread, 0, 3, 0.5, NULL, "uniform: relative half-width; lognormal: sigma"),
    TOK("max_len", max_len, 0, 1 << 20, 0, "longest sequence (0 = the model's context)"),
    ENUM("sched", sched, INFER_SCHED_CONTINUOUS, sched_names, "batching"),
    INT("static_batch", static_batch, 1, 4096, 8, "seqs", "batch size of static batching"),
    /* vLLM's max_num_seqs default */
    INT("max_batch", max_batch, 1, 4096, 256, "seqs", "most sequences in one iteration"),
    TOK("chunk", chunk, 0, 1 << 20, 0, "prefill token budget per step (0 = whole prompts)"),
    ENUM("alloc", alloc, INFER_ALLOC_PAGED, alloc_names, "KV allocation"),
    /* vLLM's default block size */
    TOK("block_size", block_size, 1, 1024, 16, "paged block size"),
    ENUM("preempt", preempt, INFER_PREEMPT_RECOMPUTE, preempt_names,
         "what paging does when the pool is full"),
    /* vLLM's swap_space default is 4 GiB per GPU */
    REAL("swap_gb", swap_gb, 0, 4096, 4, "GB", "CPU swap space"),
    /* assumption: PCIe 4.0 x16 achieves ~25 of its 32 GB/s */
    REAL("pcie_gbs", pcie_gbs, 0.1, 1000, 25, "GB/s", "swap link bandwidth"),
    REAL("prefix_share", prefix_share, 0, 1, 0, NULL,
         "share of requests with the common system prompt"),
    TOK("prefix_tokens", prefix_tokens, 0, 1 << 16, 256, "length of the common system prompt"),
    {.name = "prefix_cache", .kind = PARAM_BOOL, .offset = OFF(prefix_cache), .def = 1,
     .help = "paged: share the system prompt's blocks (and skip their prefill)"},
    INT("samples", samples, 1, 64, 4, NULL, "parallel samples per prompt (blocks)"),
    TOK("output", output, 0, 1 << 20, 128, "output tokens per sample (blocks)"),
    INT("points", points, 2, 32, 12, NULL, "rates per policy in a sweep"),
    {.name = "runs", .kind = PARAM_INT, .offset = OFF(runs), .min = 0, .max = 1e7, .def = 1e5,
     .suffix = PARAM_SFX_DECIMAL, .help = "Monte-Carlo target steps (spec)"},
    REAL("ttft_target", ttft_target, 0.001, 3600, 2.0, "s", "time-to-first-token target"),
    REAL("tpot_target", tpot_target, 0.0001, 60, 0.2, "s", "time-per-output-token target"),
    REAL("latency_target", latency_target, 0.001, 60, 0.2, "s/token",
         "normalized latency a sweep's max_rate stays under"),
    REAL("alpha", alpha, 0, 1, 0.8, NULL, "draft token acceptance rate"),
    INT("gamma", gamma, 1, 64, 4, "tokens", "draft tokens per target step"),
    REAL("c", c, -1, 10, -1, NULL, "draft/target step time (-1 = from the roofline)"),
};

static const ParamTable table = {"infer", specs, sizeof specs / sizeof specs[0],
                                 sizeof(InferQuery), "model"};

const ParamTable *infer_params(void)
{
    return &table;
}

void infer_query_init(InferQuery *q)
{
    memset(q, 0, sizeof *q);
    param_defaults(&table, q);
}

int infer_query_validate(const InferQuery *q, RError *err)
{
    for (size_t i = 0; i < table.count; i++) {
        const ParamSpec *s = &specs[i];
        if (s->kind == PARAM_NAME || s->kind == PARAM_BOOL)
            continue;
        double v = param_get(s, q);
        double lo = s->kind == PARAM_ENUM ? 0 : s->min;
        double hi = s->kind == PARAM_ENUM ? (double)s->choices->count - 1 : s->max;
        if (!(v >= lo && v <= hi))
            return rerror_set(err, "%s: %g is outside %g..%g", s->name, v, lo, hi);
    }
    return 0;
}

const char *infer_alloc_name(InferAlloc a)
{
    return (unsigned)a < INFER_ALLOC_COUNT ? alloc_items[a].name : "?";
}
const char *infer_sched_name(InferSched s)
{
    return (unsigned)s < INFER_SCHED_COUNT ? sched_items[s].name : "?";
}
const char *infer_lengths_name(InferLengths l)
{
    return (unsigned)l < INFER_LEN_COUNT ? lengths_items[l].name : "?";
}
const char *infer_preempt_name(InferPreempt p)
{
    return (unsigned)p < INFER_PREEMPT_COUNT ? preempt_items[p].name : "?";
}
