/* The agent runtime: runs a Graph one node at a time over a cJSON state, records a checkpoint
 * per step, and supports stepping back, forking a branch with an edited state, breakpoints,
 * a recursion limit, retries and error edges. Deterministic: same graph and input, same run. */
#ifndef RAMPUP_ENGINE_AGENT_RUNTIME_H
#define RAMPUP_ENGINE_AGENT_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "engine/agent/graph.h"
#include "engine/agent/nodes.h"
#include "engine/error.h"

typedef enum CheckpointKind {
    CP_START, /* the initial state, before the entry node */
    CP_STEP,  /* one node ran (or failed for good) */
    CP_FORK   /* the state edited by hand at the parent checkpoint; a new branch */
} CheckpointKind;

typedef struct Checkpoint {
    int id;     /* index in the run */
    int parent; /* -1 for the start */
    int branch; /* 0 = main; each fork opens the next number */
    int step;   /* node runs since the start along this path */
    CheckpointKind kind;
    int node;        /* the node that ran (CP_STEP), else GRAPH_NONE */
    cJSON *writes;   /* owned: what the node returned (CP_FORK: the edit); object */
    cJSON *state;    /* owned: the state after */
    cJSON *changed;  /* owned: array of state keys whose value changed */
    int next;        /* the node to run next, GRAPH_END, or GRAPH_NONE when the run stopped */
    cJSON *router;   /* owned or NULL: {when, inputs, value, taken, not_taken[]} */
    char *edge;      /* owned: "plain", "true", "kv", "error", "start", "fork", "" (stopped) */
    int attempts;    /* tries the node took (CP_STEP) */
    char *error;     /* owned or NULL: the node's last error message */
} Checkpoint;

typedef enum RunStatus {
    RUN_READY,       /* can step */
    RUN_INTERRUPTED, /* paused at a breakpoint; can step */
    RUN_DONE,        /* head.next is END */
    RUN_FAILED       /* head.next is GRAPH_NONE: node error without an error edge, or limit */
} RunStatus;

typedef struct Run Run;

/* Starts a run: the initial state is each key's default overridden by `input` (an object of
 * declared keys; NULL for none). g and env are borrowed and must outlive the run. */
int run_new(const Graph *g, const cJSON *input, const AgentEnv *env, Run **out, RError *err);
void run_free(Run *r);

/* Runs the next node from the head checkpoint. If the head already has a step child on the
 * same branch (after `back`), moves to it instead of recomputing. Returns 0 after a step, 1
 * when there is nothing to run (END or failed), -1 on an internal error. Node failures are
 * not -1: they are recorded in the checkpoint. */
int run_step(Run *r, RError *err);
/* Steps until a breakpoint (before or after a node), END, failure or max_steps. Returns the
 * number of steps taken, or -1. */
int run_continue(Run *r, int max_steps, RError *err);
/* Moves the head to its parent. Returns -1 at the start. */
int run_back(Run *r);
/* Moves the head to checkpoint id. */
int run_goto(Run *r, int id);
/* Back to the start checkpoint of branch 0 (all checkpoints are kept). */
void run_reset(Run *r);
/* New branch: copies the head's state with state[key] = value (replacing; must be a declared
 * key whose type fits), records a CP_FORK child and moves the head to it. */
int run_fork(Run *r, const char *key, const cJSON *value, RError *err);

RunStatus run_status(const Run *r);
const char *run_status_name(RunStatus s);
const Checkpoint *run_head(const Run *r);
size_t run_count(const Run *r);
const Checkpoint *run_checkpoint(const Run *r, size_t id);
int run_branch_count(const Run *r);
const Graph *run_graph(const Run *r);

bool run_breakpoint(const Run *r, int node, bool before);
void run_set_breakpoint(Run *r, int node, bool before, bool on);

/* Adds a loaded checkpoint (from a trace); the run takes ownership of cp's fields. The ids
 * must arrive in order (cp->id == run_count). The head moves to it. */
int run_adopt(Run *r, Checkpoint *cp, RError *err);
/* A run with no checkpoints, to adopt a trace into. */
int run_new_empty(const Graph *g, const AgentEnv *env, Run **out, RError *err);

/* Checkpoint <-> JSON object (one trace line). */
cJSON *checkpoint_to_json(const Run *r, const Checkpoint *cp);
int checkpoint_from_json(const Graph *g, const cJSON *j, Checkpoint *out, RError *err);
void checkpoint_clear(Checkpoint *cp);

#endif
