/* The model and GPU presets the infer commands and the pane resolve names against. */
#ifndef RAMPUP_ENGINE_INFER_PRESETS_H
#define RAMPUP_ENGINE_INFER_PRESETS_H

#include "engine/error.h"
#include "engine/gpu.h"
#include "engine/infer/infer.h"
#include "engine/infer/roofline.h"
#include "engine/kv/kv_load.h"

typedef struct InferPresets {
    KvPresetList models;
    GpuList gpus;
    /* The name lists the table's "model" and "gpu" settings resolve against. */
    ParamName *model_names, *gpu_names; /* owned arrays; strings borrowed from the lists */
    ParamNames lists[2];
    const ParamNames *list_ptrs[2];
    ParamContext ctx;
} InferPresets;

/* Loads <dir>/models.yaml and <dir>/gpus.yaml and builds ctx. Do not copy the struct (ctx
 * points into it). */
int infer_presets_load(const char *dir, InferPresets *out, RError *err);
void infer_presets_free(InferPresets *p);
/* hw for q->model (or `model` when not NULL) on q->gpu; names the missing preset. */
int infer_presets_hw(const InferPresets *p, const InferQuery *q, const char *model, InferHw *hw,
                     RError *err);

#endif
