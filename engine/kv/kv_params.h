/* The KV topic's settings, declared once: the table behind `rampup kv`'s options, the KV
 * pane's sliders, its `:pane kv …` / note-link pairs and its saved state. */
#ifndef RAMPUP_ENGINE_KV_KV_PARAMS_H
#define RAMPUP_ENGINE_KV_KV_PARAMS_H

#include <stdint.h>

#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"
#include "engine/param.h"

typedef struct KvSettings {
    char model[PARAM_NAME_MAX]; /* a preset of content/models.yaml */
    char gpu[PARAM_NAME_MAX];   /* a preset of content/gpus.yaml */
    uint64_t batch, seq;
    int kv_dtype, weight_dtype; /* KvDtype */
    int tp, block_size, gpus;
    double gpu_util;
    uint64_t chunk;
} KvSettings;

extern const ParamTable kv_params;
extern const ParamNames kv_dtype_names; /* fp32 bf16 fp16 fp8 int8 int4, in KvDtype order */

/* The name lists kv_params resolves `model` and `gpu` through (NULL: not loaded, names are
 * then kept as written). */
typedef struct KvParamContext {
    ParamName *model_items, *gpu_items; /* owned */
    ParamNames models, gpus;
    const ParamNames *lists[2];
    ParamContext ctx;
} KvParamContext;
void kv_param_context_init(KvParamContext *c, const KvPresetList *models, const GpuList *gpus);
void kv_param_context_free(KvParamContext *c);

/* The query for these settings on a GPU of gpu_mem_bytes. */
void kv_settings_query(const KvSettings *s, double gpu_mem_bytes, KvQuery *q);

#endif
