/* GPU presets: decodes content/gpus.yaml into GpuPreset records. */
#include "engine/gpu.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/content/yaml.h"

/* Copies a string field into a fixed buffer; an over-long value is an error at the value. */
static int copy_field(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                      char *dst, size_t size, RError *err)
{
    const char *s = NULL;
    if (yaml_get_string(doc, obj, key, required, &s, err) != 0)
        return -1;
    if (!s)
        return 0;
    if (strlen(s) >= size)
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(obj, key), err,
                          "'%s' is longer than %zu characters", key, size - 1);
    memcpy(dst, s, strlen(s) + 1);
    return 0;
}

/* A required positive number (or an optional non-negative one) scaled by `unit`. */
static int get_scaled(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                      double unit, double *out, RError *err)
{
    double v = 0.0;
    if (yaml_get_double(doc, obj, key, required, &v, err) != 0)
        return -1;
    const cJSON *node = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (node && (!(v >= 0.0) || (required && v == 0.0) || v > 1e12))
        return yaml_error(doc, node, err, "'%s' must be a %s number", key,
                          required ? "positive" : "non-negative");
    *out = v * unit;
    return 0;
}

static int decode_gpu(const YamlDoc *doc, const cJSON *item, GpuPreset *g, RError *err)
{
    if (!cJSON_IsObject(item))
        return yaml_error(doc, item, err, "expected a mapping describing one GPU");
    memset(g, 0, sizeof *g);
    if (copy_field(doc, item, "name", true, g->name, sizeof g->name, err) != 0 ||
        copy_field(doc, item, "label", true, g->label, sizeof g->label, err) != 0 ||
        copy_field(doc, item, "source", true, g->source, sizeof g->source, err) != 0)
        return -1;
    /* Units in the file are the vendors' decimal units: GB = 1e9 B, TB/s = 1e12 B/s. */
    if (get_scaled(doc, item, "memory_gb", true, 1e9, &g->mem_bytes, err) != 0 ||
        get_scaled(doc, item, "bandwidth_tbs", true, 1e12, &g->bandwidth, err) != 0 ||
        get_scaled(doc, item, "bf16_tflops", true, 1e12, &g->bf16_flops, err) != 0 ||
        get_scaled(doc, item, "fp8_tflops", false, 1e12, &g->fp8_flops, err) != 0 ||
        get_scaled(doc, item, "watts", true, 1.0, &g->watts, err) != 0)
        return -1;
    /* The marketing "80 GB" is not what a serving engine gets: CUDA reports the board's total
     * (nvidia-smi's MiB figure), and vLLM's gpu_memory_utilization is a share of that total.
     * When the file gives it, it wins. */
    double mib = 0.0;
    if (get_scaled(doc, item, "memory_mib", false, 1048576.0, &mib, err) != 0)
        return -1;
    if (mib > 0.0)
        g->mem_bytes = mib;
    const cJSON *bad;
    RError why;
    if (param_join_aliases(cJSON_GetObjectItemCaseSensitive(item, "aliases"), g->aliases,
                           sizeof g->aliases, &bad, &why) != 0)
        return yaml_error(doc, bad, err, "%s", why.msg);
    return 0;
}

int gpu_list_load(const char *path, GpuList *out, RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc = NULL;
    if (yaml_load_file(path, &doc, err) != 0)
        return -1;
    const cJSON *root = yaml_root(doc);
    const cJSON *gpus = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "gpus") : NULL;
    if (!cJSON_IsArray(gpus)) {
        yaml_error(doc, gpus ? gpus : root, err, "expected a top-level 'gpus:' list");
        yaml_free(doc);
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(gpus);
    if (n == 0) {
        yaml_error(doc, gpus, err, "the 'gpus:' list is empty");
        yaml_free(doc);
        return -1;
    }
    out->items = calloc(n, sizeof *out->items);
    if (!out->items) {
        yaml_free(doc);
        return rerror_set(err, "out of memory");
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, gpus)
    {
        GpuPreset *g = &out->items[out->count];
        if (decode_gpu(doc, item, g, err) != 0)
            goto fail;
        for (size_t i = 0; i < out->count; i++)
            if (strcasecmp(out->items[i].name, g->name) == 0) {
                yaml_error(doc, item, err, "duplicate GPU name '%s'", g->name);
                goto fail;
            }
        out->count++;
    }
    yaml_free(doc);
    return 0;
fail:
    yaml_free(doc);
    gpu_list_free(out);
    return -1;
}

void gpu_list_free(GpuList *list)
{
    if (!list)
        return;
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

const GpuPreset *gpu_find(const GpuList *list, const char *name)
{
    if (!list || !name)
        return NULL;
    for (size_t i = 0; i < list->count; i++)
        if (strcasecmp(list->items[i].name, name) == 0 || strcasecmp(list->items[i].label, name) == 0)
            return &list->items[i];
    return NULL;
}

ParamNames gpu_param_names(const GpuList *list, ParamName *items)
{
    for (size_t i = 0; i < list->count; i++)
        items[i] = (ParamName){list->items[i].name, list->items[i].label, list->items[i].aliases};
    return (ParamNames){"gpu", "GPU", "rampup kv --list-gpus", items, list->count};
}
