/* The KV parameter table. Defaults are kv_query_init's (vLLM's block size 16 and
 * gpu_memory_utilization 0.9); ranges are what the engine computes without overflow, the pane
 * narrows them for its sliders. */
#include "engine/kv/kv_params.h"

#include <stddef.h>
#include <stdlib.h>

static const ParamName dtype_items[] = {
    {"fp32", NULL, "float32|float"},
    {"bf16", NULL, "bfloat16"},
    {"fp16", NULL, "float16|half"},
    {"fp8", NULL, "fp8_e4m3|fp8_e5m2"},
    {"int8", NULL, NULL},
    {"int4", NULL, NULL},
};
const ParamNames kv_dtype_names = {"dtype", "KV dtype", NULL, dtype_items,
                                   sizeof dtype_items / sizeof dtype_items[0]};

#define F(field) offsetof(KvSettings, field)
static const ParamSpec specs[] = {
    {.name = "model", .kind = PARAM_NAME, .offset = F(model), .def_name = "llama-3.1-8b",
     .help = "a model preset (--list shows them)", .list = "model"},
    {.name = "batch", .kind = PARAM_U64, .offset = F(batch), .min = 1, .max = 1e15, .def = 1,
     .unit = "sequences", .suffix = PARAM_SFX_DECIMAL, .help = "concurrent sequences"},
    {.name = "seq", .kind = PARAM_U64, .offset = F(seq), .min = 1, .max = 1e15, .def = 4096,
     .unit = "tokens", .suffix = PARAM_SFX_BINARY, .help = "tokens per sequence, prompt + output"},
    {.name = "kv_dtype", .kind = PARAM_ENUM, .offset = F(kv_dtype), .def = KV_DTYPE_BF16,
     .choices = &kv_dtype_names, .help = "KV-cache element format", .alias = "kv"},
    {.name = "weight_dtype", .kind = PARAM_ENUM, .offset = F(weight_dtype), .def = KV_DTYPE_BF16,
     .choices = &kv_dtype_names, .help = "weight element format", .alias = "weights"},
    {.name = "tp", .kind = PARAM_INT, .offset = F(tp), .min = 1, .max = 4096, .def = 1,
     .help = "tensor-parallel degree"},
    {.name = "block_size", .kind = PARAM_INT, .offset = F(block_size), .min = 1, .max = 1048576,
     .def = 16, .unit = "tokens", .suffix = PARAM_SFX_BINARY,
     .help = "paged-attention block size", .alias = "block"},
    {.name = "gpu", .kind = PARAM_NAME, .offset = F(gpu), .def_name = "h100-sxm",
     .help = "a GPU preset (--list-gpus shows them)", .list = "gpu"},
    {.name = "gpus", .kind = PARAM_INT, .offset = F(gpus), .min = 1, .max = 1e6, .def = 1,
     .suffix = PARAM_SFX_DECIMAL, .help = "GPUs in all, a multiple of tp (unset: as many as tp)"},
    {.name = "gpu_util", .kind = PARAM_REAL, .offset = F(gpu_util), .min = 0.01, .max = 1,
     .def = 0.9, .help = "share of each GPU's memory the server may use", .alias = "util"},
    {.name = "chunk", .kind = PARAM_U64, .offset = F(chunk), .min = 1, .max = 4294967296.0,
     .def = 2048, .unit = "tokens", .suffix = PARAM_SFX_BINARY,
     .help = "tokens per prefill chunk (sizes the activation reserve)"},
};
#undef F

const ParamTable kv_params = {"kv", specs, sizeof specs / sizeof specs[0], sizeof(KvSettings),
                              "model"};

void kv_param_context_init(KvParamContext *c, const KvPresetList *models, const GpuList *gpus)
{
    size_t nm = models ? models->count : 0, ng = gpus ? gpus->count : 0;
    c->model_items = calloc(nm + 1, sizeof *c->model_items);
    c->gpu_items = calloc(ng + 1, sizeof *c->gpu_items);
    if (!c->model_items || !c->gpu_items)
        nm = ng = 0; /* no lists: names are then taken as written and fail at lookup */
    c->models = nm ? kv_presets_param_names(models, c->model_items)
                   : (ParamNames){"model", "model preset", "rampup kv --list", NULL, 0};
    c->gpus = ng ? gpu_param_names(gpus, c->gpu_items)
                 : (ParamNames){"gpu", "GPU", "rampup kv --list-gpus", NULL, 0};
    /* A list that did not load is left out: its names are then taken as written. */
    size_t n = 0;
    if (models)
        c->lists[n++] = &c->models;
    if (gpus)
        c->lists[n++] = &c->gpus;
    c->ctx = (ParamContext){c->lists, n};
}

void kv_param_context_free(KvParamContext *c)
{
    free(c->model_items);
    free(c->gpu_items);
    c->model_items = c->gpu_items = NULL;
}

void kv_settings_query(const KvSettings *s, double gpu_mem_bytes, KvQuery *q)
{
    kv_query_init(q);
    q->batch = s->batch;
    q->seq = s->seq;
    q->kv_dtype = (KvDtype)s->kv_dtype;
    q->weight_dtype = (KvDtype)s->weight_dtype;
    q->tp = s->tp;
    q->block_size = s->block_size;
    q->gpus = s->gpus;
    q->gpu_util = s->gpu_util;
    q->prefill_chunk = s->chunk;
    q->gpu_mem_bytes = gpu_mem_bytes;
}
