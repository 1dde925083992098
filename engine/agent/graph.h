/* Agent graph specs: state keys with types and reducers, nodes, edges, conditional edges
 * with router expressions, entry, END, breakpoints; loaded from YAML and validated with
 * file:line:col messages. */
#ifndef RAMPUP_ENGINE_AGENT_GRAPH_H
#define RAMPUP_ENGINE_AGENT_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "engine/agent/expr.h"
#include "engine/agent/reducer.h"
#include "engine/error.h"

#define GRAPH_END (-1)  /* edge target: the run is finished */
#define GRAPH_NONE (-2) /* no target */
#define GRAPH_DEFAULT_RECURSION_LIMIT 25 /* LangGraph's default recursion_limit */
#define GRAPH_MAX_BYTES (1u << 20) /* a graph spec larger than 1 MiB is refused */

typedef struct StateKey {
    char *name;        /* owned */
    char *description; /* owned; "" when absent */
    AgentType type;
    ReducerKind reducer;
    cJSON *init; /* owned; the initial value */
} StateKey;

typedef struct GraphBranch {
    char *label; /* owned: the router value that selects it ("true", "kv", ...) */
    int to;      /* node index or GRAPH_END */
} GraphBranch;

/* One per node: a plain edge (when == NULL, `to` is the target) or a conditional edge. */
typedef struct GraphEdge {
    int from;
    int to;
    Expr *when; /* owned; the router expression, or NULL */
    GraphBranch *branches; /* owned */
    size_t nbranches;
    int default_to; /* GRAPH_NONE unless a `default:` branch was given */
    int line;       /* where it was declared */
} GraphEdge;

typedef struct GraphNode {
    char *name;        /* owned */
    char *fn;          /* owned: the built-in it runs */
    char *description; /* owned; "" when absent */
    cJSON *params;     /* owned; NULL when absent */
    int max_attempts;  /* retry policy: 1 = no retry */
    int on_error;      /* error edge target, or GRAPH_NONE */
    bool break_before, break_after;
    int edge;          /* index of its outgoing edge in Graph.edges */
    int line;
} GraphNode;

typedef struct Graph {
    char *name, *description, *file; /* owned */
    StateKey *keys;                  /* owned; an `error` key is added when not declared */
    size_t nkeys;
    GraphNode *nodes; /* owned */
    size_t nnodes;
    GraphEdge *edges; /* owned */
    size_t nedges;
    int entry;
    int recursion_limit; /* max node runs along one branch */
} Graph;

/* Loads and validates. Errors: YAML syntax, unknown or missing fields, unknown nodes or
 * built-ins, missing entry, nodes without an outgoing edge or with two, unreachable nodes,
 * unknown state keys and type errors in router expressions, branches that a bool router
 * cannot reach. All carry file:line:col. */
int graph_load(const char *path, Graph **out, RError *err);
int graph_load_string(const char *name, const char *text, size_t len, Graph **out, RError *err);
void graph_free(Graph *g);

/* Index of the node or state key, or -1. */
int graph_node_index(const Graph *g, const char *name);
int graph_key_index(const Graph *g, const char *name);
/* The node's name, or "END" for GRAPH_END, "" for anything else. */
const char *graph_node_name(const Graph *g, int node);

/* The graph as a JSON object (name, entry, state, nodes, edges) for `--json`. Owned by caller. */
cJSON *graph_to_json(const Graph *g);

#endif
