/* content/models.yaml -> KvPresetList: each entry names a model, cites its source and holds
 * its Hugging Face config fields, decoded by the same reader as a raw config.json. */
#include "engine/kv/kv_load.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/content/yaml.h"
#include "engine/kv/kv_config.h"

static int copy_str(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                    char *dst, size_t size, RError *err)
{
    const char *s = NULL;
    if (yaml_get_string(doc, obj, key, required, &s, err) != 0)
        return -1;
    if (!s)
        return 0;
    if (strlen(s) >= size)
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(obj, key), err,
                          "\"%s\" is longer than %zu characters", key, size - 1);
    memcpy(dst, s, strlen(s) + 1);
    return 0;
}

static int decode_preset(const YamlDoc *doc, const cJSON *item, KvPreset *p, RError *err)
{
    if (!cJSON_IsObject(item))
        return yaml_error(doc, item, err, "expected a mapping describing one model");
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(item, "config");
    if (!cfg)
        return yaml_error(doc, item, err, "missing required key \"config\"");
    if (kv_config_decode(doc, cfg, &p->model, err) != 0)
        return -1;
    if (copy_str(doc, item, "name", true, p->model.name, sizeof p->model.name, err) != 0 ||
        copy_str(doc, item, "label", true, p->label, sizeof p->label, err) != 0 ||
        copy_str(doc, item, "source", true, p->model.source, sizeof p->model.source, err) != 0 ||
        copy_str(doc, item, "official_params", false, p->official_params,
                 sizeof p->official_params, err) != 0)
        return -1;
    const cJSON *bad;
    RError why;
    if (param_join_aliases(cJSON_GetObjectItemCaseSensitive(item, "aliases"), p->aliases,
                           sizeof p->aliases, &bad, &why) != 0)
        return yaml_error(doc, bad, err, "%s", why.msg);
    return 0;
}

int kv_presets_load(const char *path, KvPresetList *out, RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc = NULL;
    if (yaml_load_file(path, &doc, err) != 0)
        return -1;
    const cJSON *root = yaml_root(doc);
    const cJSON *models =
        cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "models") : NULL;
    if (!cJSON_IsArray(models) || cJSON_GetArraySize(models) == 0) {
        yaml_error(doc, models ? models : root, err, "expected a non-empty 'models:' list");
        yaml_free(doc);
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(models);
    out->items = calloc(n, sizeof *out->items);
    if (!out->items) {
        yaml_free(doc);
        return rerror_set(err, "out of memory");
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, models)
    {
        KvPreset *p = &out->items[out->count];
        if (decode_preset(doc, item, p, err) != 0)
            goto fail;
        for (size_t i = 0; i < out->count; i++)
            if (strcasecmp(out->items[i].model.name, p->model.name) == 0) {
                yaml_error(doc, item, err, "duplicate model name '%s'", p->model.name);
                goto fail;
            }
        out->count++;
    }
    yaml_free(doc);
    return 0;
fail:
    yaml_free(doc);
    kv_presets_free(out);
    return -1;
}

void kv_presets_free(KvPresetList *list)
{
    if (!list)
        return;
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

const KvPreset *kv_presets_find(const KvPresetList *list, const char *name)
{
    if (!list || !name)
        return NULL;
    for (size_t i = 0; i < list->count; i++)
        if (strcasecmp(list->items[i].model.name, name) == 0 ||
            strcasecmp(list->items[i].label, name) == 0)
            return &list->items[i];
    return NULL;
}

ParamNames kv_presets_param_names(const KvPresetList *list, ParamName *items)
{
    for (size_t i = 0; i < list->count; i++)
        items[i] = (ParamName){list->items[i].model.name, list->items[i].label,
                               list->items[i].aliases};
    return (ParamNames){"model", "model preset", "rampup kv --list", items, list->count};
}
