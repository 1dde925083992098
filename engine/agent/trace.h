/* Agent traces as JSONL: one checkpoint per line, exported and re-loaded for replay. No time
 * stamps, so the same graph and input give byte-identical traces. */
#ifndef RAMPUP_ENGINE_AGENT_TRACE_H
#define RAMPUP_ENGINE_AGENT_TRACE_H

#include "engine/agent/runtime.h"
#include "engine/error.h"

#define TRACE_MAX_BYTES (64u << 20) /* a trace file larger than 64 MiB is refused */

/* The whole run (every checkpoint, every branch) as JSONL in a new string (caller frees). */
char *trace_to_string(const Run *r);
/* Writes it to path (via a temporary file and rename). */
int trace_save(const Run *r, const char *path, RError *err);

/* Rebuilds a run from JSONL; errors name the line ("name:line:1: ..."). The head ends on the
 * last checkpoint. g and env are borrowed and must outlive the run. */
int trace_load_string(const Graph *g, const AgentEnv *env, const char *name, const char *text, Run **out,
                      RError *err);
int trace_load(const Graph *g, const AgentEnv *env, const char *path, Run **out, RError *err);

#endif
