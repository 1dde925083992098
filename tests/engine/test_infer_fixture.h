/* Shared by the infer tests: presets loaded once per test, a hardware model for a pair. */
#ifndef RAMPUP_TESTS_INFER_FIXTURE_H
#define RAMPUP_TESTS_INFER_FIXTURE_H

#include <criterion/criterion.h>

#include "engine/gpu.h"
#include "engine/infer/infer.h"
#include "engine/infer/roofline.h"
#include "engine/kv/kv_load.h"

static KvPresetList fx_models;
static GpuList fx_gpus;

static void fx_setup(void)
{
    RError err;
    cr_assert_eq(kv_presets_load("content/models.yaml", &fx_models, &err), 0, "%s", err.msg);
    cr_assert_eq(gpu_list_load("content/gpus.yaml", &fx_gpus, &err), 0, "%s", err.msg);
}

static void fx_teardown(void)
{
    kv_presets_free(&fx_models);
    gpu_list_free(&fx_gpus);
}

/* hw for model on gpu with query q (its other fields as given). */
static void fx_hw(const char *model, const char *gpu, const InferQuery *q, InferHw *hw)
{
    const KvPreset *m = kv_presets_find(&fx_models, model);
    const GpuPreset *g = gpu_find(&fx_gpus, gpu);
    cr_assert(m && g, "preset %s / %s", model, gpu);
    RError err;
    cr_assert_eq(infer_hw_init(&m->model, g, q, hw, &err), 0, "%s", err.msg);
}

#endif
