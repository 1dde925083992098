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
 * an empty object. A corrupt file (bad JSON, not an object, over 64 MiB) is renamed to
 * state.json.corrupt-<unix time> (with -1, -2... if that name exists), an empty object is
 * returned, and `warning` says so, e.g. "<dir>/state.json was corrupt (invalid JSON at 4:1);
 * moved to <dir>/state.json.corrupt-1764128000 and started from defaults" (empty string
 * otherwise; warning may be NULL). Returns -1 on I/O errors other than "not found" (an
 * unreadable file is an error, not corruption) and when a corrupt file cannot be moved aside,
 * so that a later save never overwrites it; a state.json that is not a regular file (a FIFO)
 * is such an error and is never read. Removes state.json.tmp-<pid> files whose process is gone
 * (left by a killed save) first. */
int state_load(const char *dir, cJSON **out, char *warning, size_t wsize, RError *err);

/* Writes state to <dir>/state.json (mode 0600) via <dir>/state.json.tmp-<pid>, fsync, rename,
 * fsync of dir; creates dir (and parents, mode 0700) when missing. A failure leaves the old
 * file intact and removes the temp file; err names the path at fault. */
int state_save(const char *dir, const cJSON *state, RError *err);

#endif
