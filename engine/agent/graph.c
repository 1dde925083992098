/* Agent graph specs: YAML decoding (through engine/content/yaml.h) and validation. */
#include "engine/agent/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/agent/nodes.h"
#include "engine/content/yaml.h"
#include "engine/fileio.h"

typedef struct Loader {
    YamlDoc *doc;
    const char *text; /* borrowed source, for expression column offsets */
    size_t len;
    Graph *g;
    RError *err;
} Loader;

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

int graph_node_index(const Graph *g, const char *name)
{
    for (size_t i = 0; g && name && i < g->nnodes; i++)
        if (strcmp(g->nodes[i].name, name) == 0)
            return (int)i;
    return -1;
}

int graph_key_index(const Graph *g, const char *name)
{
    for (size_t i = 0; g && name && i < g->nkeys; i++)
        if (strcmp(g->keys[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *graph_node_name(const Graph *g, int node)
{
    if (node == GRAPH_END)
        return "END";
    if (g && node >= 0 && (size_t)node < g->nnodes)
        return g->nodes[node].name;
    return "";
}

void graph_free(Graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nkeys; i++) {
        free(g->keys[i].name);
        free(g->keys[i].description);
        cJSON_Delete(g->keys[i].init);
    }
    for (size_t i = 0; i < g->nnodes; i++) {
        free(g->nodes[i].name);
        free(g->nodes[i].fn);
        free(g->nodes[i].description);
        cJSON_Delete(g->nodes[i].params);
    }
    for (size_t i = 0; i < g->nedges; i++) {
        expr_free(g->edges[i].when);
        for (size_t j = 0; j < g->edges[i].nbranches; j++)
            free(g->edges[i].branches[j].label);
        free(g->edges[i].branches);
    }
    free(g->keys);
    free(g->nodes);
    free(g->edges);
    free(g->name);
    free(g->description);
    free(g->file);
    free(g);
}

static int line_of(const Loader *L, const cJSON *node)
{
    int line = 0, col = 0;
    yaml_pos(L->doc, node, &line, &col);
    return line;
}

/* Rejects keys of obj not listed in `allowed` (NULL-terminated). */
static int check_keys(Loader *L, const cJSON *obj, const char *what, const char *const *allowed)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj)
    {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, it->string) == 0)
                ok = true;
        if (!ok)
            return yaml_error(L->doc, it, L->err, "unknown field '%s' in %s", it->string, what);
    }
    return 0;
}

static cJSON *type_default(AgentType t)
{
    switch (t) {
    case AT_BOOL: return cJSON_CreateFalse();
    case AT_NUMBER: return cJSON_CreateNumber(0);
    case AT_STRING: return cJSON_CreateString("");
    case AT_LIST: return cJSON_CreateArray();
    case AT_OBJECT: return cJSON_CreateObject();
    default: return cJSON_CreateNull();
    }
}

static int load_state(Loader *L, const cJSON *state)
{
    Graph *g = L->g;
    if (!cJSON_IsObject(state))
        return yaml_error(L->doc, state, L->err, "'state' must be a mapping of key: {type, reducer}");
    size_t n = (size_t)cJSON_GetArraySize(state);
    g->keys = calloc(n + 1, sizeof *g->keys);
    if (!g->keys)
        return rerror_set(L->err, "out of memory");
    static const char *const allowed[] = {"type", "reducer", "default", "description", NULL};
    const cJSON *it;
    cJSON_ArrayForEach(it, state)
    {
        StateKey *k = &g->keys[g->nkeys];
        if (graph_key_index(g, it->string) >= 0)
            return yaml_error(L->doc, it, L->err, "state key '%s' declared twice", it->string);
        k->name = xstrdup(it->string);
        k->description = xstrdup("");
        g->nkeys++;
        k->type = AT_ANY;
        k->reducer = RED_REPLACE;
        if (cJSON_IsString(it)) { /* shorthand: `key: list` */
            if (agent_type_parse(it->valuestring, &k->type))
                return yaml_error(L->doc, it, L->err, "unknown type '%s' (string, number, bool, list, object, any)",
                                  it->valuestring);
        } else if (cJSON_IsObject(it)) {
            if (check_keys(L, it, "a state key", allowed))
                return -1;
            const char *s = NULL;
            if (yaml_get_string(L->doc, it, "type", false, &s, L->err))
                return -1;
            if (s && agent_type_parse(s, &k->type))
                return yaml_error(L->doc, cJSON_GetObjectItemCaseSensitive(it, "type"), L->err,
                                  "unknown type '%s' (string, number, bool, list, object, any)", s);
            s = NULL;
            if (yaml_get_string(L->doc, it, "reducer", false, &s, L->err))
                return -1;
            if (s && reducer_parse(s, &k->reducer))
                return yaml_error(L->doc, cJSON_GetObjectItemCaseSensitive(it, "reducer"), L->err,
                                  "unknown reducer '%s' (replace, append, add, merge)", s);
            s = NULL;
            if (yaml_get_string(L->doc, it, "description", false, &s, L->err))
                return -1;
            if (s) {
                free(k->description);
                k->description = xstrdup(s);
            }
            const cJSON *def = cJSON_GetObjectItemCaseSensitive(it, "default");
            if (def) {
                if (!agent_type_fits(k->type, agent_type_of(def)))
                    return yaml_error(L->doc, def, L->err, "default of '%s' is a %s, declared %s", k->name,
                                      agent_type_name(agent_type_of(def)), agent_type_name(k->type));
                k->init = cJSON_Duplicate(def, true);
            }
        } else {
            return yaml_error(L->doc, it, L->err, "state key '%s' needs a type or {type, reducer}", it->string);
        }
        if ((k->reducer == RED_APPEND && !agent_type_fits(AT_LIST, k->type)) ||
            (k->reducer == RED_ADD && !agent_type_fits(AT_NUMBER, k->type)) ||
            (k->reducer == RED_MERGE && !agent_type_fits(AT_OBJECT, k->type)))
            return yaml_error(L->doc, it, L->err, "reducer '%s' does not fit type %s of '%s'",
                              reducer_name(k->reducer), agent_type_name(k->type), k->name);
        if (k->reducer == RED_APPEND && k->type == AT_ANY)
            k->type = AT_LIST;
        if (!k->init)
            k->init = type_default(k->type);
    }
    if (graph_key_index(g, "error") < 0) {
        StateKey *k = &g->keys[g->nkeys++];
        k->name = xstrdup("error");
        k->description = xstrdup("set by the runtime when a node fails for good");
        k->type = AT_ANY;
        k->reducer = RED_REPLACE;
        k->init = cJSON_CreateNull();
    }
    return 0;
}

static int load_nodes(Loader *L, const cJSON *nodes)
{
    Graph *g = L->g;
    if (!cJSON_IsObject(nodes) || cJSON_GetArraySize(nodes) == 0)
        return yaml_error(L->doc, nodes, L->err, "'nodes' must be a non-empty mapping of name: {fn, ...}");
    size_t n = (size_t)cJSON_GetArraySize(nodes);
    g->nodes = calloc(n, sizeof *g->nodes);
    if (!g->nodes)
        return rerror_set(L->err, "out of memory");
    static const char *const allowed[] = {"fn", "description", "params", "retry", "on_error", "interrupt", NULL};
    const cJSON *it;
    cJSON_ArrayForEach(it, nodes)
    {
        if (strcmp(it->string, "END") == 0 || strcmp(it->string, "START") == 0)
            return yaml_error(L->doc, it, L->err, "'%s' is reserved and cannot be a node name", it->string);
        if (graph_node_index(g, it->string) >= 0)
            return yaml_error(L->doc, it, L->err, "node '%s' declared twice", it->string);
        GraphNode *nd = &g->nodes[g->nnodes++];
        nd->name = xstrdup(it->string);
        nd->max_attempts = 1;
        nd->on_error = GRAPH_NONE;
        nd->edge = -1;
        nd->line = line_of(L, it);
        const char *fn = NULL, *desc = NULL, *intr = NULL;
        if (cJSON_IsString(it)) { /* shorthand: `name: fn` */
            fn = it->valuestring;
        } else if (cJSON_IsObject(it)) {
            if (check_keys(L, it, "a node", allowed))
                return -1;
            if (yaml_get_string(L->doc, it, "fn", false, &fn, L->err) ||
                yaml_get_string(L->doc, it, "description", false, &desc, L->err) ||
                yaml_get_string(L->doc, it, "interrupt", false, &intr, L->err))
                return -1;
            if (!fn)
                fn = it->string;
            const cJSON *params = cJSON_GetObjectItemCaseSensitive(it, "params");
            if (params) {
                if (!cJSON_IsObject(params))
                    return yaml_error(L->doc, params, L->err, "'params' must be a mapping");
                nd->params = cJSON_Duplicate(params, true);
            }
            const cJSON *retry = cJSON_GetObjectItemCaseSensitive(it, "retry");
            if (retry) {
                static const char *const rallowed[] = {"max_attempts", NULL};
                long long m = 1;
                if (!cJSON_IsObject(retry))
                    return yaml_error(L->doc, retry, L->err, "'retry' must be {max_attempts: N}");
                if (check_keys(L, retry, "retry", rallowed) ||
                    yaml_get_int(L->doc, retry, "max_attempts", true, 1, 10, &m, L->err))
                    return -1;
                nd->max_attempts = (int)m;
            }
            if (intr) {
                if (strcmp(intr, "before") == 0)
                    nd->break_before = true;
                else if (strcmp(intr, "after") == 0)
                    nd->break_after = true;
                else if (strcmp(intr, "both") == 0)
                    nd->break_before = nd->break_after = true;
                else
                    return yaml_error(L->doc, cJSON_GetObjectItemCaseSensitive(it, "interrupt"), L->err,
                                      "interrupt must be before, after or both");
            }
        } else {
            return yaml_error(L->doc, it, L->err, "node '%s' needs a built-in name or {fn: ...}", it->string);
        }
        if (!node_builtin(fn))
            return yaml_error(L->doc, cJSON_IsObject(it) && cJSON_GetObjectItemCaseSensitive(it, "fn")
                                          ? cJSON_GetObjectItemCaseSensitive(it, "fn") : it,
                              L->err, "unknown built-in '%s' for node '%s'", fn, nd->name);
        nd->fn = xstrdup(fn);
        nd->description = xstrdup(desc ? desc : node_builtin(fn)->summary);
    }
    return 0;
}

/* Resolves a node name or END; error at `at` when unknown. */
static int target(Loader *L, const cJSON *at, int *out)
{
    if (!cJSON_IsString(at))
        return yaml_error(L->doc, at, L->err, "expected a node name or END");
    if (strcmp(at->valuestring, "END") == 0) {
        *out = GRAPH_END;
        return 0;
    }
    int i = graph_node_index(L->g, at->valuestring);
    if (i < 0)
        return yaml_error(L->doc, at, L->err, "unknown node '%s'", at->valuestring);
    *out = i;
    return 0;
}

typedef struct TypeCtx {
    const Graph *g;
} TypeCtx;

static int lookup_type(const char *path, void *ctx, AgentType *out)
{
    const Graph *g = ((TypeCtx *)ctx)->g;
    char head[128];
    size_t n = strcspn(path, ".");
    if (n >= sizeof head)
        return -1;
    memcpy(head, path, n);
    head[n] = '\0';
    int k = graph_key_index(g, head);
    if (k < 0)
        return -1;
    if (path[n] == '.') {
        /* a path into an object: the field's type depends on data */
        if (g->keys[k].type != AT_OBJECT && g->keys[k].type != AT_ANY)
            return -1;
        *out = AT_ANY;
        return 0;
    }
    *out = g->keys[k].type;
    return 0;
}

/* The column of byte `off` inside the scalar at `node` (skipping an opening quote). */
static int expr_error(Loader *L, const cJSON *node, size_t off)
{
    int line = 0, col = 0;
    if (!yaml_pos(L->doc, node, &line, &col))
        return -1;
    /* find that line in the source to see whether the scalar is quoted */
    const char *p = L->text;
    for (int l = 1; l < line && p; l++) {
        p = memchr(p, '\n', L->len - (size_t)(p - L->text));
        if (p)
            p++;
    }
    if (p && col >= 1 && (size_t)(p - L->text) + (size_t)col - 1 < L->len) {
        char c = p[col - 1];
        if (c == '"' || c == '\'')
            col++;
    }
    char msg[sizeof L->err->msg];
    snprintf(msg, sizeof msg, "%s", L->err->msg);
    return rerror_at(L->err, yaml_name(L->doc), line, col + (int)off, "in router '%s': %s",
                     node->valuestring, msg);
}

static int load_edges(Loader *L, const cJSON *edges)
{
    Graph *g = L->g;
    if (!cJSON_IsArray(edges))
        return yaml_error(L->doc, edges, L->err, "'edges' must be a list of {from, to} or {from, when, branches}");
    size_t n = (size_t)cJSON_GetArraySize(edges);
    g->edges = calloc(n ? n : 1, sizeof *g->edges);
    if (!g->edges)
        return rerror_set(L->err, "out of memory");
    static const char *const allowed[] = {"from", "to", "when", "branches", "default", NULL};
    const cJSON *it;
    cJSON_ArrayForEach(it, edges)
    {
        if (!cJSON_IsObject(it))
            return yaml_error(L->doc, it, L->err, "an edge must be {from, to} or {from, when, branches}");
        if (check_keys(L, it, "an edge", allowed))
            return -1;
        const cJSON *from = cJSON_GetObjectItemCaseSensitive(it, "from");
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(it, "to");
        const cJSON *when = cJSON_GetObjectItemCaseSensitive(it, "when");
        const cJSON *branches = cJSON_GetObjectItemCaseSensitive(it, "branches");
        const cJSON *def = cJSON_GetObjectItemCaseSensitive(it, "default");
        if (!from)
            return yaml_error(L->doc, it, L->err, "edge without 'from'");
        int f;
        if (target(L, from, &f))
            return -1;
        if (f == GRAPH_END)
            return yaml_error(L->doc, from, L->err, "END has no outgoing edges");
        if (g->nodes[f].edge >= 0)
            return yaml_error(L->doc, from, L->err,
                              "node '%s' already has an outgoing edge (line %d); use a conditional edge to branch",
                              g->nodes[f].name, g->edges[g->nodes[f].edge].line);
        GraphEdge *e = &g->edges[g->nedges];
        e->from = f;
        e->to = GRAPH_NONE;
        e->default_to = GRAPH_NONE;
        e->line = line_of(L, it);
        g->nodes[f].edge = (int)g->nedges++;
        if (to && (when || branches))
            return yaml_error(L->doc, to, L->err, "an edge has either 'to' or 'when' with 'branches'");
        if (to) {
            if (target(L, to, &e->to))
                return -1;
            continue;
        }
        if (!when || !branches)
            return yaml_error(L->doc, it, L->err, "edge from '%s' needs 'to', or 'when' and 'branches'",
                              g->nodes[f].name);
        if (!cJSON_IsString(when))
            return yaml_error(L->doc, when, L->err, "'when' must be an expression string");
        size_t off = 0;
        if (expr_parse(when->valuestring, &e->when, &off, L->err))
            return expr_error(L, when, off);
        TypeCtx tc = {g};
        AgentType rt;
        if (expr_check(e->when, lookup_type, &tc, &rt, &off, L->err))
            return expr_error(L, when, off);
        if (!cJSON_IsObject(branches) || cJSON_GetArraySize(branches) == 0)
            return yaml_error(L->doc, branches, L->err, "'branches' must map router values to nodes");
        e->branches = calloc((size_t)cJSON_GetArraySize(branches), sizeof *e->branches);
        if (!e->branches)
            return rerror_set(L->err, "out of memory");
        const cJSON *b;
        cJSON_ArrayForEach(b, branches)
        {
            GraphBranch *gb = &e->branches[e->nbranches];
            gb->label = xstrdup(b->string);
            e->nbranches++;
            if (target(L, b, &gb->to))
                return -1;
            if (rt == AT_BOOL && strcmp(b->string, "true") != 0 && strcmp(b->string, "false") != 0)
                return yaml_error(L->doc, b, L->err, "router '%s' is a bool; branch '%s' can never be taken",
                                  when->valuestring, b->string);
            if (rt == AT_NUMBER && !def) {
                char *end;
                strtod(b->string, &end);
                if (*end)
                    return yaml_error(L->doc, b, L->err, "router '%s' is a number; branch '%s' can never be taken",
                                      when->valuestring, b->string);
            }
        }
        if (def && target(L, def, &e->default_to))
            return -1;
        if (rt == AT_BOOL && !def) {
            bool has_t = false, has_f = false;
            for (size_t j = 0; j < e->nbranches; j++) {
                has_t |= strcmp(e->branches[j].label, "true") == 0;
                has_f |= strcmp(e->branches[j].label, "false") == 0;
            }
            if (!has_t || !has_f)
                return yaml_error(L->doc, branches, L->err, "router '%s' is a bool: branch '%s' is missing",
                                  when->valuestring, has_t ? "false" : "true");
        }
    }
    return 0;
}

static int validate(Loader *L, const cJSON *root)
{
    Graph *g = L->g;
    for (size_t i = 0; i < g->nnodes; i++)
        if (g->nodes[i].edge < 0)
            return yaml_error(L->doc, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "nodes"),
                                                                       g->nodes[i].name),
                              L->err, "node '%s' has no outgoing edge (add one, to END if it is the last)",
                              g->nodes[i].name);
    /* reachability from the entry over edges, branches and error edges */
    bool *seen = calloc(g->nnodes, sizeof *seen);
    int *stack = calloc(g->nnodes + 1, sizeof *stack);
    if (!seen || !stack) {
        free(seen);
        free(stack);
        return rerror_set(L->err, "out of memory");
    }
    size_t sp = 0;
    stack[sp++] = g->entry;
    seen[g->entry] = true;
    bool reaches_end = false;
    while (sp) {
        int v = stack[--sp];
        const GraphNode *nd = &g->nodes[v];
        const GraphEdge *e = &g->edges[nd->edge];
        int targets[64];
        size_t nt = 0;
        if (!e->when)
            targets[nt++] = e->to;
        for (size_t j = 0; j < e->nbranches && nt < 62; j++)
            targets[nt++] = e->branches[j].to;
        if (e->default_to != GRAPH_NONE)
            targets[nt++] = e->default_to;
        if (nd->on_error != GRAPH_NONE)
            targets[nt++] = nd->on_error;
        for (size_t j = 0; j < nt; j++) {
            if (targets[j] == GRAPH_END)
                reaches_end = true;
            else if (targets[j] >= 0 && !seen[targets[j]]) {
                seen[targets[j]] = true;
                stack[sp++] = targets[j];
            }
        }
    }
    int rc = 0;
    for (size_t i = 0; i < g->nnodes && rc == 0; i++)
        if (!seen[i])
            rc = yaml_error(L->doc, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "nodes"),
                                                                     g->nodes[i].name),
                            L->err, "node '%s' is unreachable from the entry '%s'", g->nodes[i].name,
                            g->nodes[g->entry].name);
    if (rc == 0 && !reaches_end)
        rc = yaml_error(L->doc, root, L->err, "no path from the entry reaches END");
    free(seen);
    free(stack);
    return rc;
}

static int load_graph(Loader *L)
{
    const cJSON *root = yaml_root(L->doc);
    Graph *g = L->g;
    if (!cJSON_IsObject(root))
        return yaml_error(L->doc, root, L->err, "a graph file is a mapping with name, state, nodes, edges, entry");
    static const char *const allowed[] = {"name", "description", "state", "nodes", "edges", "entry",
                                          "recursion_limit", "breakpoints", NULL};
    if (check_keys(L, root, "a graph", allowed))
        return -1;
    const char *name = NULL, *desc = NULL, *entry = NULL;
    long long limit = GRAPH_DEFAULT_RECURSION_LIMIT;
    if (yaml_get_string(L->doc, root, "name", true, &name, L->err) ||
        yaml_get_string(L->doc, root, "description", false, &desc, L->err) ||
        yaml_get_int(L->doc, root, "recursion_limit", false, 1, 10000, &limit, L->err))
        return -1;
    g->name = xstrdup(name);
    g->description = xstrdup(desc);
    g->recursion_limit = (int)limit;
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(root, "state");
    if (state ? load_state(L, state) : load_state(L, (const cJSON *)&(cJSON){.type = cJSON_Object}))
        return -1;
    const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
    if (!nodes)
        return yaml_error(L->doc, root, L->err, "missing 'nodes'");
    if (load_nodes(L, nodes))
        return -1;
    /* error edges need the node table complete */
    const cJSON *it;
    cJSON_ArrayForEach(it, nodes)
    {
        const cJSON *oe = cJSON_IsObject(it) ? cJSON_GetObjectItemCaseSensitive(it, "on_error") : NULL;
        if (oe && target(L, oe, &g->nodes[graph_node_index(g, it->string)].on_error))
            return -1;
    }
    if (yaml_get_string(L->doc, root, "entry", false, &entry, L->err))
        return -1;
    if (!entry)
        return yaml_error(L->doc, root, L->err, "missing 'entry' (the first node to run)");
    g->entry = graph_node_index(g, entry);
    if (g->entry < 0)
        return yaml_error(L->doc, cJSON_GetObjectItemCaseSensitive(root, "entry"), L->err,
                          "entry '%s' is not a node", entry);
    const cJSON *edges = cJSON_GetObjectItemCaseSensitive(root, "edges");
    if (!edges)
        return yaml_error(L->doc, root, L->err, "missing 'edges'");
    if (load_edges(L, edges))
        return -1;
    const cJSON *bps = cJSON_GetObjectItemCaseSensitive(root, "breakpoints");
    if (bps) {
        if (!cJSON_IsArray(bps))
            return yaml_error(L->doc, bps, L->err, "'breakpoints' must be a list of node names");
        cJSON_ArrayForEach(it, bps)
        {
            int t;
            if (target(L, it, &t))
                return -1;
            if (t == GRAPH_END)
                return yaml_error(L->doc, it, L->err, "END cannot carry a breakpoint");
            g->nodes[t].break_before = true;
        }
    }
    return validate(L, root);
}

int graph_load_string(const char *name, const char *text, size_t len, Graph **out, RError *err)
{
    *out = NULL;
    Loader L = {.text = text, .len = len, .err = err};
    if (yaml_load_string(name, text, len, &L.doc, err))
        return -1;
    L.g = calloc(1, sizeof *L.g);
    if (!L.g) {
        yaml_free(L.doc);
        return rerror_set(err, "out of memory");
    }
    L.g->file = xstrdup(name);
    int rc = load_graph(&L);
    yaml_free(L.doc);
    if (rc) {
        graph_free(L.g);
        return -1;
    }
    *out = L.g;
    return 0;
}

int graph_load(const char *path, Graph **out, RError *err)
{
    *out = NULL;
    char *buf;
    size_t len;
    if (fileio_read(path, GRAPH_MAX_BYTES, &buf, &len, err) != 0)
        return -1;
    int rc = graph_load_string(path, buf, len, out, err);
    free(buf);
    return rc;
}

cJSON *graph_to_json(const Graph *g)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", g->name);
    cJSON_AddStringToObject(j, "entry", graph_node_name(g, g->entry));
    cJSON_AddNumberToObject(j, "recursion_limit", g->recursion_limit);
    cJSON *st = cJSON_AddObjectToObject(j, "state");
    for (size_t i = 0; i < g->nkeys; i++) {
        cJSON *k = cJSON_AddObjectToObject(st, g->keys[i].name);
        cJSON_AddStringToObject(k, "type", agent_type_name(g->keys[i].type));
        cJSON_AddStringToObject(k, "reducer", reducer_name(g->keys[i].reducer));
    }
    cJSON *nodes = cJSON_AddArrayToObject(j, "nodes");
    for (size_t i = 0; i < g->nnodes; i++) {
        const GraphNode *nd = &g->nodes[i];
        cJSON *n = cJSON_CreateObject();
        cJSON_AddStringToObject(n, "name", nd->name);
        cJSON_AddStringToObject(n, "fn", nd->fn);
        cJSON_AddNumberToObject(n, "max_attempts", nd->max_attempts);
        if (nd->on_error != GRAPH_NONE)
            cJSON_AddStringToObject(n, "on_error", graph_node_name(g, nd->on_error));
        cJSON_AddItemToArray(nodes, n);
    }
    cJSON *edges = cJSON_AddArrayToObject(j, "edges");
    for (size_t i = 0; i < g->nedges; i++) {
        const GraphEdge *e = &g->edges[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "from", graph_node_name(g, e->from));
        if (!e->when) {
            cJSON_AddStringToObject(o, "to", graph_node_name(g, e->to));
        } else {
            cJSON_AddStringToObject(o, "when", expr_source(e->when));
            cJSON *b = cJSON_AddObjectToObject(o, "branches");
            for (size_t k = 0; k < e->nbranches; k++)
                cJSON_AddStringToObject(b, e->branches[k].label, graph_node_name(g, e->branches[k].to));
            if (e->default_to != GRAPH_NONE)
                cJSON_AddStringToObject(o, "default", graph_node_name(g, e->default_to));
        }
        cJSON_AddItemToArray(edges, o);
    }
    return j;
}
