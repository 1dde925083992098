/* The kv topic of live figures and pane links: a model preset and the KV pane's settings in,
 * one KvReport field out (kv_estimate, the same call as `rampup kv` and the KV pane). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "engine/figure/figure_priv.h"
#include "engine/kv/kv.h"

/* The settings a kv figure or link may name, with the ranges of `rampup kv`. */
typedef struct KvArgs {
    const KvPreset *model;
    const GpuPreset *gpu;
    KvQuery q;
} KvArgs;

static int bad_at(const FigureToken *t, size_t *bad)
{
    *bad = t->off;
    return -1;
}

static int read_args(const FigureCtx *ctx, FigureSpec *spec, KvArgs *a, size_t *bad, RError *err)
{
    kv_query_init(&a->q);
    a->model = NULL;
    a->gpu = gpu_find(&ctx->gpus, "h100-sxm"); /* rampup kv's default GPU */
    bool gpus_set = false;
    for (size_t i = 1; i < spec->n; i++) {
        FigureToken *t = &spec->tok[i];
        if (t->used)
            continue;
        const char *k = t->key ? t->key : "model";
        const char *v = t->value;
        double n;
        KvDtype dt;
        if (strcmp(k, "model") == 0) {
            if (!(a->model = kv_presets_find(&ctx->presets, v)))
                return rerror_set(err, "unknown model '%.60s' (see rampup kv --list)", v),
                       bad_at(t, bad);
        } else if (strcmp(k, "gpu") == 0) {
            if (!(a->gpu = gpu_find(&ctx->gpus, v)))
                return rerror_set(err, "unknown GPU '%.60s' (see content/gpus.yaml)", v),
                       bad_at(t, bad);
        } else if (strcmp(k, "seq") == 0 || strcmp(k, "batch") == 0) {
            if (!figure_parse_count(v, 1, 1e15, &n))
                return rerror_set(err, "%s: expected a whole number in 1..1e15 (32k = 32768)", k),
                       bad_at(t, bad);
            *(k[0] == 's' ? &a->q.seq : &a->q.batch) = (uint64_t)n;
        } else if (strcmp(k, "tp") == 0) {
            if (!figure_parse_count(v, 1, 4096, &n))
                return rerror_set(err, "tp: expected a whole number in 1..4096"), bad_at(t, bad);
            a->q.tp = (int)n;
        } else if (strcmp(k, "gpus") == 0) {
            if (!figure_parse_count(v, 1, 1e6, &n))
                return rerror_set(err, "gpus: expected a whole number in 1..1000000"),
                       bad_at(t, bad);
            a->q.gpus = (int)n;
            gpus_set = true;
        } else if (strcmp(k, "block_size") == 0) {
            if (!figure_parse_count(v, 1, 1 << 20, &n))
                return rerror_set(err, "block_size: expected a whole number in 1..1048576"),
                       bad_at(t, bad);
            a->q.block_size = (int)n;
        } else if (strcmp(k, "kv") == 0 || strcmp(k, "kv_dtype") == 0 ||
                   strcmp(k, "weight_dtype") == 0) {
            if (kv_dtype_parse(v, &dt) != 0)
                return rerror_set(err, "%s: expected fp32, bf16, fp16, fp8, int8 or int4", k),
                       bad_at(t, bad);
            *(k[0] == 'w' ? &a->q.weight_dtype : &a->q.kv_dtype) = dt;
        } else {
            return rerror_set(err, "unknown kv setting '%.60s' (model, seq, batch, tp, gpus, gpu, "
                              "kv, weight_dtype, block_size)", k), bad_at(t, bad);
        }
        t->used = true;
    }
    if (!gpus_set)
        a->q.gpus = a->q.tp;
    if (a->q.gpus % a->q.tp != 0)
        return rerror_set(err, "gpus (%d) must be a multiple of tp (%d)", a->q.gpus, a->q.tp);
    if (a->gpu)
        a->q.gpu_mem_bytes = a->gpu->mem_bytes;
    return 0;
}

int figure_check_kv_args(const FigureCtx *ctx, FigureSpec *spec, size_t *bad, RError *err)
{
    KvArgs a;
    return read_args(ctx, spec, &a, bad, err);
}

#define U64(f) {#f, offsetof(KvReport, f), 'u', FIG_BYTES}
typedef struct KvField {
    const char *name;
    size_t off;
    char type; /* 'u' uint64_t, 'd' double, 'i' int */
    FigureKind kind;
} KvField;

/* Field names as `rampup kv --json` prints them. */
static const KvField fields[] = {
    U64(kv_bytes_per_token),
    U64(kv_bytes_per_seq),
    U64(kv_bytes),
    U64(state_bytes_per_seq),
    U64(state_bytes),
    {"params", offsetof(KvReport, params), 'u', FIG_COUNT},
    {"active_params", offsetof(KvReport, active_params), 'u', FIG_COUNT},
    U64(weight_bytes),
    {"reserve_bytes_per_gpu", offsetof(KvReport, gpu_reserve_bytes), 'u', FIG_BYTES},
    {"used_bytes_per_gpu", offsetof(KvReport, gpu_used_bytes), 'u', FIG_BYTES},
    {"usable_bytes_per_gpu", offsetof(KvReport, gpu_usable_bytes), 'u', FIG_BYTES},
    U64(total_bytes),
    U64(gpu_bytes),
    {"max_batch", offsetof(KvReport, max_batch), 'u', FIG_COUNT},
    {"max_seq", offsetof(KvReport, max_seq), 'u', FIG_COUNT},
    {"kv_heads_per_gpu", offsetof(KvReport, kv_heads_per_gpu), 'i', FIG_COUNT},
    {"blocks_per_seq", offsetof(KvReport, blocks_per_seq), 'u', FIG_COUNT},
    U64(block_bytes),
    {"pool_blocks", offsetof(KvReport, pool_blocks), 'u', FIG_COUNT},
    {"pool_seqs", offsetof(KvReport, pool_seqs), 'u', FIG_COUNT},
    {"last_block_waste", offsetof(KvReport, last_block_waste), 'd', FIG_RATIO},
    U64(waste_bytes),
    U64(naive_kv_bytes),
    {"naive_factor", offsetof(KvReport, naive_factor), 'd', FIG_RATIO},
};

int figure_topic_kv(const FigureCtx *ctx, FigureSpec *spec, const char *field, double *value,
                    FigureKind *kind, size_t *bad, RError *err)
{
    const KvField *f = NULL;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(field, fields[i].name) == 0)
            f = &fields[i];
    if (!f) {
        *bad = (size_t)-1; /* the caller points at field= */
        return rerror_set(err, "unknown kv field '%.60s' (the names of rampup kv --json, e.g. "
                          "kv_bytes, kv_bytes_per_token, weight_bytes, max_batch)", field);
    }
    KvArgs a;
    if (read_args(ctx, spec, &a, bad, err) != 0)
        return -1;
    if (!a.model)
        return rerror_set(err, "the kv figure names no model (model=NAME)");
    KvReport r;
    if (kv_estimate(&a.model->model, &a.q, &r, err) != 0)
        return -1;
    const char *base = (const char *)&r + f->off;
    uint64_t u = 0;
    int iv;
    double d;
    switch (f->type) {
    case 'u': memcpy(&u, base, sizeof u); *value = (double)u; break;
    case 'i': memcpy(&iv, base, sizeof iv); *value = iv; break;
    default: memcpy(&d, base, sizeof d); *value = d; break;
    }
    if (f->type == 'u' && u == UINT64_MAX)
        return rerror_set(err, "%s saturates (over 2^64): lower the settings", field);
    *kind = f->kind;
    return 0;
}
