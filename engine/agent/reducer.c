/* State reducers: replace, append, add, merge over cJSON values. */
#include "engine/agent/reducer.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

const char *reducer_name(ReducerKind k)
{
    static const char *const names[] = {"replace", "append", "add", "merge"};
    return (unsigned)k < 4 ? names[k] : "?";
}

int reducer_parse(const char *name, ReducerKind *out)
{
    for (int i = 0; i < 4; i++)
        if (name && strcmp(name, reducer_name((ReducerKind)i)) == 0) {
            *out = (ReducerKind)i;
            return 0;
        }
    return -1;
}

static int set_key(cJSON *state, const char *key, cJSON *v, RError *err)
{
    if (!v)
        return rerror_set(err, "out of memory");
    if (cJSON_GetObjectItemCaseSensitive(state, key))
        cJSON_ReplaceItemInObjectCaseSensitive(state, key, v);
    else
        cJSON_AddItemToObject(state, key, v);
    return 0;
}

int reducer_apply(ReducerKind k, cJSON *state, const char *key, const cJSON *value, RError *err)
{
    cJSON *old = cJSON_GetObjectItemCaseSensitive(state, key);
    bool have_old = old && !cJSON_IsNull(old);
    switch (k) {
    case RED_REPLACE:
        return set_key(state, key, cJSON_Duplicate(value, true), err);
    case RED_APPEND: {
        if (have_old && !cJSON_IsArray(old))
            return rerror_set(err, "append to '%s', which is not a list", key);
        cJSON *list = have_old ? cJSON_Duplicate(old, true) : cJSON_CreateArray();
        if (!list)
            return rerror_set(err, "out of memory");
        if (cJSON_IsArray(value)) {
            const cJSON *it;
            cJSON_ArrayForEach(it, value) cJSON_AddItemToArray(list, cJSON_Duplicate(it, true));
        } else {
            cJSON_AddItemToArray(list, cJSON_Duplicate(value, true));
        }
        return set_key(state, key, list, err);
    }
    case RED_ADD: {
        if (!cJSON_IsNumber(value))
            return rerror_set(err, "add to '%s' needs a number", key);
        if (have_old && !cJSON_IsNumber(old))
            return rerror_set(err, "add to '%s', which is not a number", key);
        double sum = (have_old ? old->valuedouble : 0) + value->valuedouble;
        if (!isfinite(sum))
            return rerror_set(err, "add to '%s' overflowed", key);
        return set_key(state, key, cJSON_CreateNumber(sum), err);
    }
    case RED_MERGE: {
        if (!cJSON_IsObject(value))
            return rerror_set(err, "merge into '%s' needs an object", key);
        if (have_old && !cJSON_IsObject(old))
            return rerror_set(err, "merge into '%s', which is not an object", key);
        cJSON *obj = have_old ? cJSON_Duplicate(old, true) : cJSON_CreateObject();
        if (!obj)
            return rerror_set(err, "out of memory");
        const cJSON *it;
        cJSON_ArrayForEach(it, value)
        {
            if (set_key(obj, it->string, cJSON_Duplicate(it, true), err)) {
                cJSON_Delete(obj);
                return -1;
            }
        }
        return set_key(state, key, obj, err);
    }
    }
    return rerror_set(err, "unknown reducer");
}
