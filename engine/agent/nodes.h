/* Built-in node functions the graph files name with `fn:` (the research pipeline, the
 * calculator tools, and small utility nodes for tests and teaching). */
#ifndef RAMPUP_ENGINE_AGENT_NODES_H
#define RAMPUP_ENGINE_AGENT_NODES_H

#include <stddef.h>

#include <cJSON.h>

#include "engine/error.h"

/* Where nodes find files. Both borrowed; either may be NULL. */
typedef struct AgentEnv {
    const char *notes_dir;   /* the notes corpus for `retrieve` */
    const char *content_dir; /* presets for the calculator tools */
} AgentEnv;

/* One call of a node. Everything is borrowed for the duration of the call. */
typedef struct NodeCall {
    const AgentEnv *env;
    const cJSON *state;  /* the state before the node */
    const cJSON *params; /* the node's `params:` object, or NULL */
    const char *node;    /* the node's name in the graph */
    int attempt;         /* 1 on the first try, 2 on the first retry, ... */
} NodeCall;

/* A node adds its writes (key -> value) to `writes`, an empty object it does not own. It must
 * not keep pointers into state. Returns 0, or -1 with err filled (the runtime retries). */
typedef int (*NodeFn)(const NodeCall *call, cJSON *writes, RError *err);

typedef struct NodeDef {
    const char *name;
    NodeFn fn;
    const char *summary; /* one line, shown in the pane */
} NodeDef;

/* NULL when no built-in has that name. */
const NodeDef *node_builtin(const char *name);

/* --- the functions behind the table (nodes_*.c) --- */
int node_load(const NodeCall *c, cJSON *w, RError *err);
int node_summarize(const NodeCall *c, cJSON *w, RError *err);
int node_extract_insights(const NodeCall *c, cJSON *w, RError *err);
int node_critique(const NodeCall *c, cJSON *w, RError *err);
int node_retrieve(const NodeCall *c, cJSON *w, RError *err);
int node_generate_questions(const NodeCall *c, cJSON *w, RError *err);
int node_report(const NodeCall *c, cJSON *w, RError *err);
int node_parse_question(const NodeCall *c, cJSON *w, RError *err);
int node_kv_tool(const NodeCall *c, cJSON *w, RError *err);
int node_scaling_tool(const NodeCall *c, cJSON *w, RError *err);
int node_answer(const NodeCall *c, cJSON *w, RError *err);

#endif
