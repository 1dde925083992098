/* The agent runtime: steps, checkpoints, back/fork, breakpoints, retries, error edges. */
#include "engine/agent/runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Run {
    const Graph *g;      /* borrowed */
    const AgentEnv *env; /* borrowed */
    Checkpoint *cps;     /* owned */
    size_t n, cap;
    int head;
    int branches;
    bool interrupted;
    bool *bp_before, *bp_after; /* owned; one per node */
};

void checkpoint_clear(Checkpoint *cp)
{
    if (!cp)
        return;
    cJSON_Delete(cp->writes);
    cJSON_Delete(cp->state);
    cJSON_Delete(cp->changed);
    cJSON_Delete(cp->router);
    free(cp->edge);
    free(cp->error);
    memset(cp, 0, sizeof *cp);
}

void run_free(Run *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        checkpoint_clear(&r->cps[i]);
    free(r->cps);
    free(r->bp_before);
    free(r->bp_after);
    free(r);
}

/* Appends cp (taking its fields) and moves the head to it. */
static int push(Run *r, Checkpoint *cp, RError *err)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 16;
        Checkpoint *np = realloc(r->cps, nc * sizeof *np);
        if (!np) {
            checkpoint_clear(cp);
            return rerror_set(err, "out of memory");
        }
        r->cps = np;
        r->cap = nc;
    }
    cp->id = (int)r->n;
    r->cps[r->n++] = *cp;
    r->head = cp->id;
    if (cp->branch + 1 > r->branches)
        r->branches = cp->branch + 1;
    return 0;
}

int run_new_empty(const Graph *g, const AgentEnv *env, Run **out, RError *err)
{
    *out = NULL;
    Run *r = calloc(1, sizeof *r);
    if (!r)
        return rerror_set(err, "out of memory");
    r->g = g;
    r->env = env;
    r->head = -1;
    r->bp_before = calloc(g->nnodes + 1, sizeof(bool));
    r->bp_after = calloc(g->nnodes + 1, sizeof(bool));
    if (!r->bp_before || !r->bp_after) {
        run_free(r);
        return rerror_set(err, "out of memory");
    }
    for (size_t i = 0; i < g->nnodes; i++) {
        r->bp_before[i] = g->nodes[i].break_before;
        r->bp_after[i] = g->nodes[i].break_after;
    }
    *out = r;
    return 0;
}

int run_new(const Graph *g, const cJSON *input, const AgentEnv *env, Run **out, RError *err)
{
    Run *r;
    if (run_new_empty(g, env, &r, err))
        return -1;
    cJSON *state = cJSON_CreateObject();
    for (size_t i = 0; i < g->nkeys; i++)
        cJSON_AddItemToObject(state, g->keys[i].name, cJSON_Duplicate(g->keys[i].init, true));
    cJSON *writes = cJSON_CreateObject();
    const cJSON *it;
    cJSON_ArrayForEach(it, input)
    {
        int k = graph_key_index(g, it->string);
        if (k < 0 || !agent_type_fits(g->keys[k].type, agent_type_of(it))) {
            if (k < 0)
                rerror_set(err, "input '%s' is not a state key of graph '%s'", it->string, g->name);
            else
                rerror_set(err, "input '%s' is a %s, declared %s", it->string,
                           agent_type_name(agent_type_of(it)), agent_type_name(g->keys[k].type));
            cJSON_Delete(state);
            cJSON_Delete(writes);
            run_free(r);
            return -1;
        }
        cJSON_ReplaceItemInObjectCaseSensitive(state, it->string, cJSON_Duplicate(it, true));
        cJSON_AddItemToObject(writes, it->string, cJSON_Duplicate(it, true));
    }
    Checkpoint cp = {
        .parent = -1, .kind = CP_START, .node = GRAPH_NONE, .writes = writes, .state = state,
        .changed = cJSON_CreateArray(), .next = g->entry, .edge = strdup("start"),
    };
    cJSON_ArrayForEach(it, writes) cJSON_AddItemToArray(cp.changed, cJSON_CreateString(it->string));
    if (push(r, &cp, err)) {
        run_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

static cJSON *changed_keys(const cJSON *before, const cJSON *after)
{
    cJSON *arr = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, after)
    {
        const cJSON *old = cJSON_GetObjectItemCaseSensitive(before, it->string);
        if (!old || !cJSON_Compare(old, it, true))
            cJSON_AddItemToArray(arr, cJSON_CreateString(it->string));
    }
    return arr;
}

/* Checks and applies writes through the reducers into state. */
static int apply_writes(const Graph *g, cJSON *state, const cJSON *writes, RError *err)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, writes)
    {
        int k = graph_key_index(g, it->string);
        if (k < 0)
            return rerror_set(err, "wrote undeclared state key '%s'", it->string);
        const StateKey *sk = &g->keys[k];
        if (sk->reducer == RED_REPLACE && !agent_type_fits(sk->type, agent_type_of(it)))
            return rerror_set(err, "wrote a %s to '%s', declared %s", agent_type_name(agent_type_of(it)),
                              sk->name, agent_type_name(sk->type));
        if (reducer_apply(sk->reducer, state, sk->name, it, err))
            return -1;
    }
    return 0;
}

/* Picks the next node after `node` ran, given the new state. Fills cp->next/edge/router. */
static void route(const Run *r, int node, Checkpoint *cp)
{
    const Graph *g = r->g;
    const GraphEdge *e = &g->edges[g->nodes[node].edge];
    if (!e->when) {
        cp->next = e->to;
        cp->edge = strdup("plain");
        return;
    }
    cJSON *router = cJSON_CreateObject();
    cJSON_AddStringToObject(router, "when", expr_source(e->when));
    cJSON *inputs = cJSON_AddObjectToObject(router, "inputs");
    const char *paths[16];
    size_t np = expr_paths(e->when, paths, 16);
    for (size_t i = 0; i < np && i < 16; i++) {
        const cJSON *v = agent_state_path(cp->state, paths[i]);
        /* lists are summarised by their length: the pane shows what the router saw */
        if (cJSON_IsArray(v)) {
            char lab[64];
            snprintf(lab, sizeof lab, "[%d items]", cJSON_GetArraySize(v));
            cJSON_AddStringToObject(inputs, paths[i], lab);
        } else if (cJSON_IsString(v) && strlen(v->valuestring) > 60) {
            cJSON_AddStringToObject(inputs, paths[i], "[long text]");
        } else {
            cJSON_AddItemToObject(inputs, paths[i], v ? cJSON_Duplicate(v, true) : cJSON_CreateNull());
        }
    }
    cp->router = router;
    ExprValue v;
    RError e2 = {0};
    if (expr_eval(e->when, cp->state, &v, &e2)) {
        cJSON_AddNullToObject(router, "value");
        cp->next = GRAPH_NONE;
        cp->edge = strdup("");
        char msg[600];
        snprintf(msg, sizeof msg, "router '%s': %s", expr_source(e->when), e2.msg);
        free(cp->error);
        cp->error = strdup(msg);
        return;
    }
    cJSON_AddItemToObject(router, "value", expr_value_json(&v));
    char label[128];
    expr_value_label(&v, label, sizeof label);
    int to = GRAPH_NONE;
    const char *taken = NULL;
    for (size_t i = 0; i < e->nbranches; i++)
        if (strcmp(e->branches[i].label, label) == 0) {
            to = e->branches[i].to;
            taken = e->branches[i].label;
        }
    if (to == GRAPH_NONE && e->default_to != GRAPH_NONE) {
        to = e->default_to;
        taken = "default";
    }
    cJSON *nt = cJSON_AddArrayToObject(router, "not_taken");
    for (size_t i = 0; i < e->nbranches; i++)
        if (!taken || strcmp(e->branches[i].label, taken) != 0) {
            cJSON *b = cJSON_CreateObject();
            cJSON_AddStringToObject(b, "label", e->branches[i].label);
            cJSON_AddStringToObject(b, "to", graph_node_name(g, e->branches[i].to));
            cJSON_AddItemToArray(nt, b);
        }
    if (to == GRAPH_NONE) {
        cJSON_AddNullToObject(router, "taken");
        char msg[300];
        snprintf(msg, sizeof msg, "router value '%s' matches no branch", label);
        free(cp->error);
        cp->error = strdup(msg);
        cp->edge = strdup("");
        cp->next = GRAPH_NONE;
        return;
    }
    cJSON *tk = cJSON_AddObjectToObject(router, "taken");
    cJSON_AddStringToObject(tk, "label", taken);
    cJSON_AddStringToObject(tk, "to", graph_node_name(g, to));
    cp->next = to;
    cp->edge = strdup(taken);
}

static int record_failure(const Run *r, const Checkpoint *h, int node, const char *msg, int attempts,
                          Checkpoint *cp)
{
    const Graph *g = r->g;
    cJSON_Delete(cp->writes);
    cJSON_Delete(cp->state);
    cp->writes = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(cp->writes, "error");
    cJSON_AddStringToObject(e, "node", graph_node_name(g, node));
    cJSON_AddStringToObject(e, "message", msg);
    cJSON_AddNumberToObject(e, "attempts", attempts);
    cp->state = cJSON_Duplicate(h->state, true);
    RError ignore;
    reducer_apply(RED_REPLACE, cp->state, "error", e, &ignore);
    free(cp->error);
    cp->error = strdup(msg);
    cp->attempts = attempts;
    int on_error = node >= 0 ? g->nodes[node].on_error : GRAPH_NONE;
    cp->next = on_error;
    cp->edge = strdup(on_error != GRAPH_NONE ? "error" : "");
    return 0;
}

int run_step(Run *r, RError *err)
{
    r->interrupted = false;
    const Checkpoint *h = &r->cps[r->head];
    if (h->next < 0)
        return 1;
    for (size_t i = (size_t)h->id + 1; i < r->n; i++)
        if (r->cps[i].parent == h->id && r->cps[i].kind == CP_STEP && r->cps[i].branch == h->branch) {
            r->head = (int)i;
            return 0;
        }
    const Graph *g = r->g;
    int node = h->next;
    Checkpoint cp = {.parent = h->id, .branch = h->branch, .step = h->step + 1, .kind = CP_STEP, .node = node};
    if (h->step >= g->recursion_limit) {
        char msg[128];
        snprintf(msg, sizeof msg, "recursion limit of %d steps reached before '%s'", g->recursion_limit,
                 graph_node_name(g, node));
        record_failure(r, h, GRAPH_NONE, msg, 0, &cp);
        free(cp.edge);
        cp.edge = strdup("");
        cp.next = GRAPH_NONE;
    } else {
        const GraphNode *nd = &g->nodes[node];
        const NodeDef *def = node_builtin(nd->fn);
        RError nerr = {0};
        int ok = -1, attempt;
        for (attempt = 1; attempt <= nd->max_attempts; attempt++) {
            cJSON_Delete(cp.writes);
            cJSON_Delete(cp.state);
            cp.writes = cJSON_CreateObject();
            cp.state = cJSON_Duplicate(h->state, true);
            if (!cp.writes || !cp.state) {
                checkpoint_clear(&cp);
                return rerror_set(err, "out of memory");
            }
            NodeCall call = {.env = r->env, .state = h->state, .params = nd->params, .node = nd->name,
                             .attempt = attempt};
            rerror_clear(&nerr);
            if (def->fn(&call, cp.writes, &nerr) == 0 && apply_writes(g, cp.state, cp.writes, &nerr) == 0) {
                ok = 0;
                break;
            }
        }
        if (ok == 0) {
            cp.attempts = attempt;
            route(r, node, &cp);
        } else {
            record_failure(r, h, node, nerr.msg, nd->max_attempts, &cp);
        }
    }
    cp.changed = changed_keys(h->state, cp.state);
    return push(r, &cp, err);
}

int run_continue(Run *r, int max_steps, RError *err)
{
    int steps = 0;
    while (steps < max_steps) {
        int rc = run_step(r, err);
        if (rc < 0)
            return -1;
        if (rc == 1)
            break;
        steps++;
        const Checkpoint *h = &r->cps[r->head];
        if ((h->node >= 0 && r->bp_after[h->node]) || (h->next >= 0 && r->bp_before[h->next])) {
            r->interrupted = true;
            break;
        }
        if (h->next < 0)
            break;
    }
    return steps;
}

int run_back(Run *r)
{
    if (r->head < 0 || r->cps[r->head].parent < 0)
        return -1;
    r->head = r->cps[r->head].parent;
    r->interrupted = false;
    return 0;
}

int run_goto(Run *r, int id)
{
    if (id < 0 || (size_t)id >= r->n)
        return -1;
    r->head = id;
    r->interrupted = false;
    return 0;
}

void run_reset(Run *r)
{
    if (r->n)
        r->head = 0;
    r->interrupted = false;
}

int run_fork(Run *r, const char *key, const cJSON *value, RError *err)
{
    const Graph *g = r->g;
    int k = graph_key_index(g, key);
    if (k < 0)
        return rerror_set(err, "'%s' is not a state key", key);
    if (!agent_type_fits(g->keys[k].type, agent_type_of(value)))
        return rerror_set(err, "'%s' is declared %s; got a %s", key, agent_type_name(g->keys[k].type),
                          agent_type_name(agent_type_of(value)));
    const Checkpoint *h = &r->cps[r->head];
    Checkpoint cp = {.parent = h->id, .branch = r->branches, .step = h->step, .kind = CP_FORK,
                     .node = GRAPH_NONE, .next = h->next, .edge = strdup("fork")};
    cp.writes = cJSON_CreateObject();
    cJSON_AddItemToObject(cp.writes, key, cJSON_Duplicate(value, true));
    cp.state = cJSON_Duplicate(h->state, true);
    if (!cp.writes || !cp.state || !cp.edge ||
        reducer_apply(RED_REPLACE, cp.state, key, value, err) != 0) {
        if (!cp.writes || !cp.state || !cp.edge)
            rerror_set(err, "out of memory");
        checkpoint_clear(&cp);
        return -1;
    }
    cp.changed = changed_keys(h->state, cp.state);
    /* a fork at a finished or failed checkpoint re-routes from its node when it can */
    if (h->kind == CP_STEP && h->node >= 0 && h->router) {
        free(cp.edge);
        cp.edge = NULL;
        route(r, h->node, &cp);
        free(cp.edge);
        cp.edge = strdup("fork");
        free(cp.error);
        cp.error = NULL;
    }
    r->interrupted = false;
    return push(r, &cp, err);
}

RunStatus run_status(const Run *r)
{
    if (r->head < 0)
        return RUN_FAILED;
    const Checkpoint *h = &r->cps[r->head];
    if (h->next == GRAPH_END)
        return RUN_DONE;
    if (h->next == GRAPH_NONE)
        return RUN_FAILED;
    return r->interrupted ? RUN_INTERRUPTED : RUN_READY;
}

const char *run_status_name(RunStatus s)
{
    static const char *const names[] = {"ready", "interrupted", "done", "failed"};
    return (unsigned)s < 4 ? names[s] : "?";
}

const Checkpoint *run_head(const Run *r)
{
    return r->head >= 0 ? &r->cps[r->head] : NULL;
}

size_t run_count(const Run *r)
{
    return r->n;
}

const Checkpoint *run_checkpoint(const Run *r, size_t id)
{
    return id < r->n ? &r->cps[id] : NULL;
}

int run_branch_count(const Run *r)
{
    return r->branches;
}

const Graph *run_graph(const Run *r)
{
    return r->g;
}

bool run_breakpoint(const Run *r, int node, bool before)
{
    if (node < 0 || (size_t)node >= r->g->nnodes)
        return false;
    return before ? r->bp_before[node] : r->bp_after[node];
}

void run_set_breakpoint(Run *r, int node, bool before, bool on)
{
    if (node < 0 || (size_t)node >= r->g->nnodes)
        return;
    (before ? r->bp_before : r->bp_after)[node] = on;
}

int run_adopt(Run *r, Checkpoint *cp, RError *err)
{
    if ((size_t)cp->id != r->n)
        return rerror_set(err, "checkpoint id %d out of order (expected %zu)", cp->id, r->n);
    if (cp->parent >= cp->id || (cp->id > 0 && cp->parent < 0))
        return rerror_set(err, "checkpoint %d has a bad parent %d", cp->id, cp->parent);
    return push(r, cp, err);
}

/* ---------------------------------------------------------------- JSON */

static const char *kind_name(CheckpointKind k)
{
    return k == CP_START ? "start" : k == CP_STEP ? "step" : "fork";
}

static cJSON *name_or_null(const Graph *g, int node)
{
    return node == GRAPH_NONE ? cJSON_CreateNull() : cJSON_CreateString(graph_node_name(g, node));
}

cJSON *checkpoint_to_json(const Run *r, const Checkpoint *cp)
{
    const Graph *g = r->g;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "id", cp->id);
    cJSON_AddNumberToObject(j, "parent", cp->parent);
    cJSON_AddNumberToObject(j, "branch", cp->branch);
    cJSON_AddNumberToObject(j, "step", cp->step);
    cJSON_AddStringToObject(j, "kind", kind_name(cp->kind));
    cJSON_AddItemToObject(j, "node", name_or_null(g, cp->node));
    cJSON_AddItemToObject(j, "writes", cJSON_Duplicate(cp->writes, true));
    cJSON_AddItemToObject(j, "changed", cJSON_Duplicate(cp->changed, true));
    cJSON_AddItemToObject(j, "state", cJSON_Duplicate(cp->state, true));
    cJSON_AddItemToObject(j, "next", name_or_null(g, cp->next));
    cJSON_AddStringToObject(j, "edge", cp->edge ? cp->edge : "");
    cJSON_AddItemToObject(j, "router", cp->router ? cJSON_Duplicate(cp->router, true) : cJSON_CreateNull());
    cJSON_AddNumberToObject(j, "attempts", cp->attempts);
    cJSON_AddItemToObject(j, "error", cp->error ? cJSON_CreateString(cp->error) : cJSON_CreateNull());
    return j;
}

static int node_from_json(const Graph *g, const cJSON *v, int *out, RError *err)
{
    if (!v || cJSON_IsNull(v)) {
        *out = GRAPH_NONE;
        return 0;
    }
    if (!cJSON_IsString(v))
        return rerror_set(err, "node name expected");
    if (strcmp(v->valuestring, "END") == 0) {
        *out = GRAPH_END;
        return 0;
    }
    *out = graph_node_index(g, v->valuestring);
    if (*out < 0)
        return rerror_set(err, "unknown node '%s' for graph '%s'", v->valuestring, g->name);
    return 0;
}

static int get_int(const cJSON *j, const char *key, int *out, RError *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    if (!cJSON_IsNumber(v))
        return rerror_set(err, "'%s' must be a number", key);
    *out = v->valueint;
    return 0;
}

int checkpoint_from_json(const Graph *g, const cJSON *j, Checkpoint *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(j))
        return rerror_set(err, "a checkpoint must be a JSON object");
    if (get_int(j, "id", &out->id, err) || get_int(j, "parent", &out->parent, err) ||
        get_int(j, "branch", &out->branch, err) || get_int(j, "step", &out->step, err) ||
        get_int(j, "attempts", &out->attempts, err))
        return -1;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(j, "kind");
    if (!cJSON_IsString(kind))
        return rerror_set(err, "'kind' must be start, step or fork");
    if (strcmp(kind->valuestring, "start") == 0)
        out->kind = CP_START;
    else if (strcmp(kind->valuestring, "step") == 0)
        out->kind = CP_STEP;
    else if (strcmp(kind->valuestring, "fork") == 0)
        out->kind = CP_FORK;
    else
        return rerror_set(err, "'kind' must be start, step or fork");
    if (node_from_json(g, cJSON_GetObjectItemCaseSensitive(j, "node"), &out->node, err) ||
        node_from_json(g, cJSON_GetObjectItemCaseSensitive(j, "next"), &out->next, err))
        return -1;
    const cJSON *writes = cJSON_GetObjectItemCaseSensitive(j, "writes");
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(j, "state");
    const cJSON *changed = cJSON_GetObjectItemCaseSensitive(j, "changed");
    const cJSON *edge = cJSON_GetObjectItemCaseSensitive(j, "edge");
    const cJSON *router = cJSON_GetObjectItemCaseSensitive(j, "router");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(j, "error");
    if (!cJSON_IsObject(writes) || !cJSON_IsObject(state) || !cJSON_IsArray(changed) || !cJSON_IsString(edge))
        return rerror_set(err, "a checkpoint needs writes {}, state {}, changed [] and edge \"\"");
    out->writes = cJSON_Duplicate(writes, true);
    out->state = cJSON_Duplicate(state, true);
    out->changed = cJSON_Duplicate(changed, true);
    out->edge = strdup(edge->valuestring);
    out->router = cJSON_IsObject(router) ? cJSON_Duplicate(router, true) : NULL;
    out->error = cJSON_IsString(error) ? strdup(error->valuestring) : NULL;
    return 0;
}
