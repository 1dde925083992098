/* Typed field decoders for YAML documents: each failure names the key and points at the node. */
#include "engine/content/yaml.h"

#include <math.h>
#include <string.h>

static const char *type_name(const cJSON *n)
{
    if (cJSON_IsObject(n))
        return "a mapping";
    if (cJSON_IsArray(n))
        return "a list";
    if (cJSON_IsString(n))
        return "a string";
    if (cJSON_IsNumber(n))
        return "a number";
    if (cJSON_IsBool(n))
        return "a boolean";
    return "null";
}

/* Looks up key in obj; 1 found, 0 absent (and not required), -1 error. */
static int get_item(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                    const cJSON **item, RError *err)
{
    if (!cJSON_IsObject(obj))
        return yaml_error(doc, obj, err, "expected a mapping with key \"%s\", found %s", key,
                          type_name(obj));
    *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (*item)
        return 1;
    if (required)
        return yaml_error(doc, obj, err, "missing required key \"%s\"", key);
    return 0;
}

int yaml_get_int(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                 long long min, long long max, long long *out, RError *err)
{
    const cJSON *it = NULL;
    int rc = get_item(doc, obj, key, required, &it, err);
    if (rc <= 0)
        return rc;
    if (!cJSON_IsNumber(it))
        return yaml_error(doc, it, err, "\"%s\": expected an integer, found %s", key,
                          type_name(it));
    double v = it->valuedouble;
    if (!isfinite(v) || v != floor(v))
        return yaml_error(doc, it, err, "\"%s\": expected an integer, found %.15g", key, v);
    /* Range-check as doubles first so huge values cannot overflow the conversion. */
    if (v < -9223372036854775808.0 || v >= 9223372036854775808.0 || (long long)v < min ||
        (long long)v > max)
        return yaml_error(doc, it, err, "\"%s\": %.15g is out of range [%lld, %lld]", key, v,
                          min, max);
    *out = (long long)v;
    return 0;
}

int yaml_get_double(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                    double *out, RError *err)
{
    const cJSON *it = NULL;
    int rc = get_item(doc, obj, key, required, &it, err);
    if (rc <= 0)
        return rc;
    if (!cJSON_IsNumber(it))
        return yaml_error(doc, it, err, "\"%s\": expected a number, found %s", key, type_name(it));
    *out = it->valuedouble;
    return 0;
}

int yaml_get_bool(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                  bool *out, RError *err)
{
    const cJSON *it = NULL;
    int rc = get_item(doc, obj, key, required, &it, err);
    if (rc <= 0)
        return rc;
    if (!cJSON_IsBool(it))
        return yaml_error(doc, it, err, "\"%s\": expected true or false, found %s", key,
                          type_name(it));
    *out = cJSON_IsTrue(it);
    return 0;
}

int yaml_get_string(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                    const char **out, RError *err)
{
    const cJSON *it = NULL;
    int rc = get_item(doc, obj, key, required, &it, err);
    if (rc <= 0)
        return rc;
    if (!cJSON_IsString(it))
        return yaml_error(doc, it, err, "\"%s\": expected a string, found %s", key,
                          type_name(it));
    *out = it->valuestring;
    return 0;
}

int yaml_get_string_buf(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                        char *dst, size_t size, RError *err)
{
    const char *s = NULL;
    if (yaml_get_string(doc, obj, key, required, &s, err) != 0)
        return -1;
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n >= size)
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(obj, key), err,
                          "\"%s\" is longer than %zu characters", key, size - 1);
    memcpy(dst, s, n + 1);
    return 0;
}

int yaml_load_list(const char *path, const char *key, int max, YamlDoc **doc,
                   const cJSON **list, RError *err)
{
    *list = NULL;
    if (yaml_load_file(path, doc, err) != 0)
        return -1;
    const cJSON *root = yaml_root(*doc);
    const cJSON *l = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, key) : NULL;
    int n = cJSON_GetArraySize(l);
    if (!cJSON_IsArray(l) || n == 0)
        return yaml_error(*doc, l ? l : root, err, "expected a non-empty '%s:' list", key);
    if (n > max)
        return yaml_error(*doc, l, err, "'%s:' has more than %d entries", key, max);
    *list = l;
    return 0;
}
