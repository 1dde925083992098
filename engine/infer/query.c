/* The infer settings table, the defaults and the checks (see query.h). */
#include "engine/infer/query.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const alloc_names[] = {"max", "pow2", "exact", "paged", NULL};
static const char *const sched_names[] = {"static", "continuous", NULL};
static const char *const lengths_names[] = {"fixed", "uniform", "lognormal", "sharegpt", "alpaca",
                                            NULL};
static const char *const preempt_names[] = {"recompute", "swap", NULL};
static const char *const dtype_names[] = {"fp32", "bf16", "fp16", "fp8", "int8", "int4", NULL};

#define OFF(f) offsetof(InferQuery, f)
#define STR(f) OFF(f), sizeof(((InferQuery *)0)->f)

/* Ranges are the bounds the engine is tested over; every input is checked against them. */
static const InferField fields[] = {
    {"model", INFER_F_STRING, STR(model), 0, 0, "", "model preset (content/models.yaml)", NULL},
    {"gpu", INFER_F_STRING, STR(gpu), 0, 0, "", "GPU preset (content/gpus.yaml)", NULL},
    {"draft", INFER_F_STRING, STR(draft), 0, 0, "", "draft model preset for speculative decoding",
     NULL},
    {"dtype", INFER_F_ENUM, OFF(dtype), sizeof(KvDtype), 0, KV_DTYPE_COUNT - 1, "",
     "weight and KV format", dtype_names},
    {"gpu-util", INFER_F_DOUBLE, OFF(gpu_util), 0, 0.05, 1, "", "fraction of GPU memory used",
     NULL},
    {"compute-eff", INFER_F_DOUBLE, OFF(compute_eff), 0, 0.01, 1, "",
     "achieved share of peak FLOP/s", NULL},
    {"memory-eff", INFER_F_DOUBLE, OFF(memory_eff), 0, 0.01, 1, "",
     "achieved share of peak bandwidth", NULL},
    {"batch", INFER_F_INT, OFF(batch), 0, 1, 65536, "seqs", "decode batch for the roofline", NULL},
    {"context", INFER_F_INT, OFF(context), 0, 0, 1 << 20, "tokens",
     "tokens cached per sequence for the roofline", NULL},
    {"prompt", INFER_F_INT, OFF(prompt), 0, 1, 1 << 20, "tokens", "prompt for time to first token",
     NULL},
    {"rate", INFER_F_DOUBLE, OFF(rate), 0, 0.001, 10000, "req/s", "Poisson arrival rate", NULL},
    {"requests", INFER_F_INT, OFF(requests), 0, 1, 200000, "", "requests to simulate", NULL},
    {"seed", INFER_F_U64, OFF(seed), 0, 0, 1e15, "", "random seed", NULL},
    {"lengths", INFER_F_ENUM, OFF(lengths), 0, 0, INFER_LEN_COUNT - 1, "",
     "prompt/output length distribution", lengths_names},
    {"prompt-mean", INFER_F_INT, OFF(prompt_mean), 0, 1, 1 << 20, "tokens",
     "mean prompt (fixed/uniform/lognormal)", NULL},
    {"output-mean", INFER_F_INT, OFF(output_mean), 0, 1, 1 << 20, "tokens",
     "mean output (fixed/uniform/lognormal)", NULL},
    {"spread", INFER_F_DOUBLE, OFF(spread), 0, 0, 3, "",
     "uniform: relative half-width; lognormal: sigma", NULL},
    {"max-len", INFER_F_INT, OFF(max_len), 0, 0, 1 << 20, "tokens",
     "longest sequence (0 = the model's context)", NULL},
    {"trace", INFER_F_STRING, STR(trace), 0, 0, "", "CSV trace: arrival_s,prompt,output", NULL},
    {"sched", INFER_F_ENUM, OFF(sched), 0, 0, INFER_SCHED_COUNT - 1, "", "batching",
     sched_names},
    {"static-batch", INFER_F_INT, OFF(static_batch), 0, 1, 4096, "seqs",
     "batch size of static batching", NULL},
    {"max-batch", INFER_F_INT, OFF(max_batch), 0, 1, 4096, "seqs",
     "most sequences per iteration", NULL},
    {"chunk", INFER_F_INT, OFF(chunk), 0, 0, 1 << 20, "tokens",
     "prefill token budget per step (0 = off)", NULL},
    {"alloc", INFER_F_ENUM, OFF(alloc), 0, 0, INFER_ALLOC_COUNT - 1, "", "KV allocation",
     alloc_names},
    {"block-size", INFER_F_INT, OFF(block_size), 0, 1, 1024, "tokens", "paged block size",
     NULL},
    {"preempt", INFER_F_ENUM, OFF(preempt), 0, 0, INFER_PREEMPT_COUNT - 1, "",
     "what paging does when the pool is full", preempt_names},
    {"swap-gb", INFER_F_DOUBLE, OFF(swap_gb), 0, 0, 4096, "GB", "CPU swap space", NULL},
    {"pcie-gbs", INFER_F_DOUBLE, OFF(pcie_gbs), 0, 0.1, 1000, "GB/s", "swap link bandwidth",
     NULL},
    {"prefix-share", INFER_F_DOUBLE, OFF(prefix_share), 0, 0, 1, "",
     "share of requests with the common system prompt", NULL},
    {"prefix-tokens", INFER_F_INT, OFF(prefix_tokens), 0, 0, 1 << 16, "tokens",
     "length of the common system prompt", NULL},
    {"samples", INFER_F_INT, OFF(samples), 0, 1, 64, "", "parallel samples per prompt (blocks)",
     NULL},
    {"output", INFER_F_INT, OFF(output), 0, 0, 1 << 20, "tokens", "output tokens per sample (blocks)",
     NULL},
    {"points", INFER_F_INT, OFF(points), 0, 2, 32, "", "rates per policy in a sweep", NULL},
    {"runs", INFER_F_INT, OFF(runs), 0, 0, 10000000, "", "Monte-Carlo steps for spec", NULL},
    {"ttft-target", INFER_F_DOUBLE, OFF(ttft_target), 0, 0.001, 3600, "s",
     "time-to-first-token target for goodput", NULL},
    {"tpot-target", INFER_F_DOUBLE, OFF(tpot_target), 0, 0.0001, 60, "s",
     "time-per-output-token target for goodput", NULL},
    {"latency-target", INFER_F_DOUBLE, OFF(latency_target), 0, 0.001, 60, "s/token",
     "normalized latency a sweep's max_rate must stay under", NULL},
    {"alpha", INFER_F_DOUBLE, OFF(alpha), 0, 0, 1, "", "draft token acceptance rate", NULL},
    {"gamma", INFER_F_INT, OFF(gamma), 0, 1, 64, "tokens", "draft tokens per target step", NULL},
    {"c", INFER_F_DOUBLE, OFF(c), 0, -1, 10, "",
     "draft/target step-time ratio (-1 = from the roofline)", NULL},
};

const InferField *infer_fields(size_t *count)
{
    *count = sizeof fields / sizeof fields[0];
    return fields;
}

const InferField *infer_field_find(const char *name)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(fields[i].name, name) == 0)
            return &fields[i];
    return NULL;
}

void infer_query_init(InferQuery *q)
{
    memset(q, 0, sizeof *q);
    /* The vLLM paper's first setup (§6.1): OPT-13B on one A100 (40 GB), ShareGPT lengths. */
    snprintf(q->model, sizeof q->model, "opt-13b");
    snprintf(q->gpu, sizeof q->gpu, "a100-sxm-40gb");
    snprintf(q->draft, sizeof q->draft, "gpt2");
    q->dtype = KV_DTYPE_FP16;
    q->gpu_util = 0.9;      /* vLLM gpu_memory_utilization default */
    q->compute_eff = 0.6;   /* assumption: large GEMMs reach ~60% of the tensor peak */
    q->memory_eff = 0.8;    /* assumption: streaming reads reach ~80% of the HBM peak */
    q->batch = 1;
    q->context = 512;
    q->prompt = 512;
    q->rate = 1.0;
    q->requests = 1000;
    q->seed = 1;
    q->lengths = INFER_LEN_SHAREGPT;
    q->prompt_mean = 161;
    q->output_mean = 338;
    q->spread = 0.5;
    q->max_len = 0;
    q->sched = INFER_SCHED_CONTINUOUS;
    q->static_batch = 8;
    q->max_batch = 256;     /* vLLM max_num_seqs default */
    q->chunk = 0;
    q->alloc = INFER_ALLOC_PAGED;
    q->block_size = 16;     /* vLLM's default block size */
    q->preempt = INFER_PREEMPT_RECOMPUTE;
    q->swap_gb = 4;         /* vLLM swap_space default, GiB per GPU (taken as GB here) */
    q->pcie_gbs = 25;       /* assumption: PCIe 4.0 x16 achieves ~25 of its 32 GB/s */
    q->prefix_share = 0;
    q->prefix_tokens = 256;
    q->samples = 4;
    q->output = 128;
    q->points = 12;
    q->runs = 100000;
    q->ttft_target = 2.0;
    q->tpot_target = 0.2;
    q->latency_target = 0.2;
    q->alpha = 0.8;
    q->gamma = 4;
    q->c = -1;
}

double infer_field_value(const InferQuery *q, const InferField *f)
{
    const char *p = (const char *)q + f->offset;
    switch (f->kind) {
    case INFER_F_INT:
    case INFER_F_ENUM:
        return *(const int *)p;
    case INFER_F_U64:
        return (double)*(const uint64_t *)p;
    case INFER_F_DOUBLE:
        return *(const double *)p;
    default:
        return 0;
    }
}

void infer_field_assign(InferQuery *q, const InferField *f, double v)
{
    char *p = (char *)q + f->offset;
    if (isnan(v))
        return;
    v = v < f->min ? f->min : v > f->max ? f->max : v;
    switch (f->kind) {
    case INFER_F_INT:
    case INFER_F_ENUM:
        *(int *)p = (int)llround(v);
        break;
    case INFER_F_U64:
        *(uint64_t *)p = (uint64_t)llround(v);
        break;
    case INFER_F_DOUBLE:
        *(double *)p = v;
        break;
    default:
        break;
    }
}

static int enum_index(const char *const *names, const char *s)
{
    for (int i = 0; names[i]; i++)
        if (strcasecmp(names[i], s) == 0)
            return i;
    return -1;
}

static void choices_text(const char *const *names, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; names[i] && o + 1 < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", names[i]);
}

int infer_query_set(InferQuery *q, const char *name, const char *value, RError *err)
{
    const InferField *f = infer_field_find(name);
    if (!f)
        return rerror_set(err, "unknown setting '%s'", name);
    char *p = (char *)q + f->offset;
    if (f->kind == INFER_F_STRING) {
        if (strlen(value) >= f->size)
            return rerror_set(err, "%s: longer than %zu characters", name, f->size - 1);
        snprintf(p, f->size, "%s", value);
        return 0;
    }
    if (f->kind == INFER_F_ENUM) {
        int i = enum_index(f->choices, value);
        if (i < 0) {
            char list[160];
            choices_text(f->choices, list, sizeof list);
            return rerror_set(err, "%s: expected one of %s, got '%.60s'", name, list, value);
        }
        *(int *)p = i;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || errno == ERANGE || !isfinite(v) || v < f->min ||
        v > f->max)
        return rerror_set(err, "%s: expected a number in %g..%g, got '%.60s'", name, f->min,
                          f->max, value);
    if ((f->kind == INFER_F_INT || f->kind == INFER_F_U64) && v != floor(v))
        return rerror_set(err, "%s: expected an integer, got '%.60s'", name, value);
    infer_field_assign(q, f, v);
    return 0;
}

void infer_query_get(const InferQuery *q, const InferField *f, char *buf, size_t size)
{
    const char *p = (const char *)q + f->offset;
    switch (f->kind) {
    case INFER_F_STRING:
        snprintf(buf, size, "%s", p);
        break;
    case INFER_F_ENUM:
        snprintf(buf, size, "%s", f->choices[*(const int *)p]);
        break;
    case INFER_F_INT:
        snprintf(buf, size, "%d", *(const int *)p);
        break;
    case INFER_F_U64:
        snprintf(buf, size, "%llu", (unsigned long long)*(const uint64_t *)p);
        break;
    case INFER_F_DOUBLE:
        snprintf(buf, size, "%.6g", *(const double *)p);
        break;
    }
}

int infer_query_validate(const InferQuery *q, RError *err)
{
    size_t n;
    const InferField *t = infer_fields(&n);
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind == INFER_F_STRING)
            continue;
        double v = infer_field_value(q, &t[i]);
        if (!(v >= t[i].min && v <= t[i].max))
            return rerror_set(err, "%s: %g is outside %g..%g", t[i].name, v, t[i].min, t[i].max);
    }
    return 0;
}

const char *infer_alloc_name(InferAlloc a)
{
    return (unsigned)a < INFER_ALLOC_COUNT ? alloc_names[a] : "?";
}
const char *infer_sched_name(InferSched s)
{
    return (unsigned)s < INFER_SCHED_COUNT ? sched_names[s] : "?";
}
const char *infer_lengths_name(InferLengths l)
{
    return (unsigned)l < INFER_LEN_COUNT ? lengths_names[l] : "?";
}
const char *infer_preempt_name(InferPreempt p)
{
    return (unsigned)p < INFER_PREEMPT_COUNT ? preempt_names[p] : "?";
}
int infer_alloc_parse(const char *s)
{
    return enum_index(alloc_names, s);
}
int infer_sched_parse(const char *s)
{
    return enum_index(sched_names, s);
}
int infer_lengths_parse(const char *s)
{
    return enum_index(lengths_names, s);
}
int infer_preempt_parse(const char *s)
{
    return enum_index(preempt_names, s);
}
