/* State reducers: how a node's write to a state key is combined with the value already there. */
#ifndef RAMPUP_ENGINE_AGENT_REDUCER_H
#define RAMPUP_ENGINE_AGENT_REDUCER_H

#include <cJSON.h>

#include "engine/error.h"

typedef enum ReducerKind {
    RED_REPLACE, /* new value replaces the old */
    RED_APPEND,  /* list: a list write is concatenated, any other value appended as one item */
    RED_ADD,     /* number: old + new (old missing = 0) */
    RED_MERGE    /* object: keys of the write replace the same keys of the old object */
} ReducerKind;

const char *reducer_name(ReducerKind k);
/* -1 when the name is not a reducer. */
int reducer_parse(const char *name, ReducerKind *out);

/* Applies `value` (borrowed; duplicated) to state[key] (state is a JSON object, modified in
 * place). Type mismatches (adding a string, merging a list) are errors; state is unchanged. */
int reducer_apply(ReducerKind k, cJSON *state, const char *key, const cJSON *value, RError *err);

#endif
