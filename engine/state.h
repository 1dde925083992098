/* User state persistence: one JSON file, written atomically (temp file, fsync, rename). */
#ifndef RAMPUP_ENGINE_STATE_H
#define RAMPUP_ENGINE_STATE_H

#include <stddef.h>

#include <cJSON.h>

#include "engine/error.h"

/* The state folder: $XDG_STATE_HOME/rampup, else $HOME/.local/state/rampup. snprintf-style;
 * returns -1 when neither variable is set. */
int state_dir(char *buf, size_t size);

/* Loads <dir>/state.json into a new object (*out, owned by the caller). A missing file gives
 * an empty object. A corrupt file (bad JSON, not an object) is renamed to
 * state.json.corrupt-<unix time>, an empty object is returned, and `warning` says so (empty
 * string otherwise). Returns -1 only on I/O errors other than "not found". */
int state_load(const char *dir, cJSON **out, char *warning, size_t wsize, RError *err);

/* Writes state to <dir>/state.json via <dir>/state.json.tmp-<pid>, fsync, rename; creates dir
 * (and parents) when missing. A failure leaves the old file intact. */
int state_save(const char *dir, const cJSON *state, RError *err);

#endif
