/* Loading KV models: Hugging Face config.json files and the presets in content/models.yaml. */
#ifndef RAMPUP_ENGINE_KV_KV_LOAD_H
#define RAMPUP_ENGINE_KV_KV_LOAD_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/kv/kv.h"
#include "engine/param.h"

/* Reads a raw Hugging Face config.json. Knows the conventions of the llama, mistral, mixtral,
 * qwen2, qwen2_moe, qwen3, qwen3_moe, gemma, gemma2, gemma3(_text), phi3, deepseek_v2,
 * deepseek_v3, falcon, opt, gpt2 and jamba families; an unknown model_type with the standard
 * fields is read as llama-shaped. A missing field is an error naming it (file:line:col). */
int kv_model_load_config(const char *path, KvModel *out, RError *err);
/* The same from text in memory; `name` is used in messages. */
int kv_model_parse_config(const char *name, const char *text, size_t len, KvModel *out,
                          RError *err);

/* One preset: a model plus what the file says about it. */
typedef struct KvPreset {
    KvModel model;
    char label[64];            /* e.g. "Llama-2-7B" (model.name is the CLI key) */
    char official_params[96];  /* the published size, as text, e.g. "7B (Llama 2 paper)" */
    char aliases[200];         /* other names, '|'-separated: the HF repo id, short forms */
} KvPreset;

typedef struct KvPresetList {
    KvPreset *items; /* owned */
    size_t count;
} KvPresetList;

/* Loads content/models.yaml: a `models:` list of {name, label, source, official_params,
 * config: {HF config.json fields}}. Errors carry file:line:col. */
int kv_presets_load(const char *path, KvPresetList *out, RError *err);
void kv_presets_free(KvPresetList *list);
/* Case-insensitive lookup by name or label; NULL when absent. */
const KvPreset *kv_presets_find(const KvPresetList *list, const char *name);
/* The presets as a ParamNames list "model" for engine/param; `items` must hold list->count
 * entries and outlive the result. */
ParamNames kv_presets_param_names(const KvPresetList *list, ParamName *items);

#endif
