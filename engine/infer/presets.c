/* Preset lookup for the infer topic (see presets.h). */
#include "engine/infer/presets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int infer_presets_load(const char *dir, InferPresets *out, RError *err)
{
    memset(out, 0, sizeof *out);
    char path[4096];
    snprintf(path, sizeof path, "%s/models.yaml", dir);
    if (kv_presets_load(path, &out->models, err))
        return -1;
    snprintf(path, sizeof path, "%s/gpus.yaml", dir);
    if (gpu_list_load(path, &out->gpus, err)) {
        kv_presets_free(&out->models);
        return -1;
    }
    out->model_names = calloc(out->models.count + 1, sizeof *out->model_names);
    out->gpu_names = calloc(out->gpus.count + 1, sizeof *out->gpu_names);
    if (!out->model_names || !out->gpu_names) {
        infer_presets_free(out);
        return rerror_set(err, "presets: out of memory");
    }
    for (size_t i = 0; i < out->models.count; i++)
        out->model_names[i] = (ParamName){out->models.items[i].model.name,
                                          out->models.items[i].label, NULL, 0};
    for (size_t i = 0; i < out->gpus.count; i++)
        out->gpu_names[i] = (ParamName){out->gpus.items[i].name, out->gpus.items[i].label, NULL, 0};
    out->lists[0] = (ParamNames){"model", "model", "rampup kv --list", out->model_names,
                                 out->models.count};
    out->lists[1] = (ParamNames){"gpu", "GPU", "content/gpus.yaml", out->gpu_names,
                                 out->gpus.count};
    out->list_ptrs[0] = &out->lists[0];
    out->list_ptrs[1] = &out->lists[1];
    out->ctx = (ParamContext){out->list_ptrs, 2};
    return 0;
}

void infer_presets_free(InferPresets *p)
{
    if (!p)
        return;
    kv_presets_free(&p->models);
    gpu_list_free(&p->gpus);
    free(p->model_names);
    free(p->gpu_names);
    memset(p, 0, sizeof *p);
}

int infer_presets_hw(const InferPresets *p, const InferQuery *q, const char *model, InferHw *hw,
                     RError *err)
{
    const char *name = model ? model : q->model;
    const KvPreset *m = kv_presets_find(&p->models, name);
    if (!m)
        return rerror_set(err, "no model preset '%.60s' (see rampup kv --list)", name);
    const GpuPreset *g = gpu_find(&p->gpus, q->gpu);
    if (!g)
        return rerror_set(err, "no GPU preset '%.40s' (see content/gpus.yaml)", q->gpu);
    return infer_hw_init(&m->model, g, q, hw, err);
}
