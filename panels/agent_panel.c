/* The Agents pane: steps a state-graph agent like a debugger — the graph with the active node
 * and the edge just taken, the state as a JSON tree (changed keys marked, reducer named), the
 * router's decision, the step log and the checkpoint timeline with its branches. */
#include "panels/agent_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/content/yaml.h"
#include "engine/notes.h"
#include "panels/registry.h"
#include "tui/text.h"
#include "tui/xalloc.h"

enum {
    ACT_STEP = 1,
    ACT_BACK,
    ACT_RUN,
    ACT_BREAK,
    ACT_FORK,
    ACT_RESET,
    ACT_INPUT_NEXT,
    ACT_INPUT_PREV,
    ACT_GRAPH,
    ACT_NODE_NEXT,
    ACT_NODE_PREV,
    ACT_EXPAND,
    ACT_VIEW,
};

static const KeyBinding agent_keys[] = {
    {'n', false, ACT_STEP, "n, Space", "step: run the next node", NULL, "n step"},
    {' ', false, ACT_STEP, NULL, NULL},
    {'b', false, ACT_BACK, "b", "back to the previous checkpoint", NULL, "b back"},
    {'r', false, ACT_RUN, "r", "run to the next breakpoint or END", NULL, "r run"},
    {']', false, ACT_NODE_NEXT, "] [", "select the next / previous node"},
    {'[', false, ACT_NODE_PREV, NULL, NULL},
    {'x', false, ACT_BREAK, "x", "toggle a breakpoint before the node", NULL, "x break"},
    {'f', false, ACT_FORK, "f", "fork: edit the key (JSON), Enter forks", NULL, "f fork"},
    {'\n', false, ACT_VIEW, "Enter", "show the selected key's whole value (scrolls, Esc closes)", NULL, "Enter value"},
    {'\r', false, ACT_VIEW, NULL, NULL},
    {KEY_ENTER, true, ACT_VIEW, NULL, NULL},
    {'R', false, ACT_RESET, "R", "reset to the start (keeps checkpoints)"},
    {'i', false, ACT_INPUT_NEXT, "i I", "next / previous input note or question", NULL, "i input"},
    {'I', false, ACT_INPUT_PREV, NULL, NULL},
    {'g', false, ACT_GRAPH, "g", "graph: research / calculator agent", NULL, "g graph"},
    {'e', false, ACT_EXPAND, "e, →", "expand / collapse the state key in the tree"},
    {KEY_RIGHT, true, ACT_EXPAND, NULL, NULL},
};

static const char *const graph_files[] = {"research.yaml", "calculator_agent.yaml"};

static void free_inputs(AgentPanel *p)
{
    for (size_t i = 0; i < p->ninputs; i++)
        free(p->inputs[i]);
    free(p->inputs);
    p->inputs = NULL;
    p->ninputs = 0;
}

static void add_input(AgentPanel *p, const char *s)
{
    p->inputs = xrealloc(p->inputs, (p->ninputs + 1) * sizeof *p->inputs);
    p->inputs[p->ninputs++] = xstrdup(s);
}

/* Notes for the research graph; the eval questions for the calculator. */
static void load_inputs(AgentPanel *p)
{
    free_inputs(p);
    RError err = {0};
    if (p->graph_idx == 0) {
        NoteList notes;
        if (notes_list(app_notes_dir(p->app), &notes, &err) == 0) {
            for (size_t i = 0; i < notes.count; i++)
                add_input(p, notes.items[i].path);
            notes_list_free(&notes);
        } else {
            app_status(p->app, STATUS_WARN, "agents: no notes to research (%s)", err.msg);
        }
    } else {
        char path[4096];
        snprintf(path, sizeof path, "%s/evals/tool_calls.yaml", app_content_dir(p->app));
        YamlDoc *doc;
        if (yaml_load_file(path, &doc, &err) == 0) {
            const cJSON *it;
            cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(yaml_root(doc), "items"))
            {
                const cJSON *q = cJSON_GetObjectItemCaseSensitive(it, "question");
                if (cJSON_IsString(q))
                    add_input(p, q->valuestring);
            }
            yaml_free(doc);
        } else {
            char msg[700];
            rerror_format(&err, msg, sizeof msg);
            app_status(p->app, STATUS_WARN, "agents: no sample questions (%s)", msg);
        }
        if (p->ninputs == 0)
            add_input(p, "How much KV cache does Llama-3.1-70B need at 32k tokens?");
    }
    if (p->input_idx >= p->ninputs)
        p->input_idx = 0;
}

static int key_count(const AgentPanel *p)
{
    return p->g ? (int)p->g->nkeys : 0;
}

/* Formats a JSON value on one line. */
static void summarize_value(const cJSON *v, char *buf, size_t size)
{
    if (cJSON_IsString(v)) {
        char tmp[200];
        size_t n = 0;
        for (const char *s = v->valuestring; *s && n + 1 < sizeof tmp; s++)
            tmp[n++] = (*s == '\n' || *s == '\t') ? ' ' : *s;
        tmp[n] = '\0';
        snprintf(buf, size, "\"%s%s\"", tmp, strlen(v->valuestring) >= sizeof tmp - 1 ? glyphs()->ellipsis : "");
    } else if (cJSON_IsArray(v)) {
        int n = cJSON_GetArraySize(v);
        char first[160] = "";
        if (n > 0)
            summarize_value(cJSON_GetArrayItem(v, 0), first, sizeof first);
        snprintf(buf, size, "[%d] %s", n, first);
    } else if (cJSON_IsObject(v)) {
        size_t m = (size_t)snprintf(buf, size, "{");
        const cJSON *it;
        cJSON_ArrayForEach(it, v)
        {
            if (m + 2 >= size)
                break;
            if (cJSON_IsObject(it) || cJSON_IsArray(it))
                m += (size_t)snprintf(buf + m, size - m, "%s%s", m > 1 ? ", " : "", it->string);
            else {
                char one[64];
                summarize_value(it, one, sizeof one);
                m += (size_t)snprintf(buf + m, size - m, "%s%s: %s", m > 1 ? ", " : "", it->string, one);
            }
        }
        if (m + 2 < size)
            snprintf(buf + m, size - m, "}");
    } else if (cJSON_IsNumber(v)) {
        snprintf(buf, size, "%.6g", v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else {
        snprintf(buf, size, "null");
    }
}

static bool key_changed(const Checkpoint *h, const char *key)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, h->changed) if (cJSON_IsString(it) && strcmp(it->valuestring, key) == 0) return true;
    return false;
}

/* The router's decision, wrapped to the side column: "router WHEN = VALUE", the branch taken
 * and those not taken, and its inputs (built here so that drawing allocates nothing). */
static void build_router(AgentPanel *p)
{
    lines_clear(&p->router);
    int width = p->side_r.w;
    if (!p->run || width < 12)
        return;
    const Checkpoint *h = run_head(p->run);
    Wrapper wr;
    char buf[600];
    if (!h->router) {
        const char *how = h->kind == CP_START ? "start" : h->kind == CP_FORK ? "fork" : h->edge;
        snprintf(buf, sizeof buf, "router: none (edge: %s)", how && how[0] ? how : "-");
        wrap_begin(&wr, &p->router, width, 0, 2, 0);
        wrap_add(&wr, buf, strlen(buf), STYLE(TH_DIM));
        wrap_end(&wr);
        return;
    }
    const char *when = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h->router, "when"));
    char *vs = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(h->router, "value"));
    wrap_begin(&wr, &p->router, width, 0, 2, 0);
    wrap_add(&wr, "router ", 7, STYLE(TH_HEADING));
    wrap_add(&wr, when ? when : "?", strlen(when ? when : "?"), STYLE(TH_CODE));
    snprintf(buf, sizeof buf, " = %s", vs ? vs : "?");
    wrap_add(&wr, buf, strlen(buf), STYLE(TH_VALUE));
    free(vs);
    wrap_end(&wr);
    wrap_begin(&wr, &p->router, width, 2, 4, 0);
    const cJSON *tk = cJSON_GetObjectItemCaseSensitive(h->router, "taken");
    if (cJSON_IsObject(tk)) {
        snprintf(buf, sizeof buf, "taken %s %s %s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tk, "label")),
                 glyphs()->arrow_right, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tk, "to")));
        wrap_add(&wr, buf, strlen(buf), STYLE(TH_GOOD));
    }
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(h->router, "not_taken"))
    {
        snprintf(buf, sizeof buf, "  not taken %s %s %s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "label")),
                 glyphs()->arrow_right, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "to")));
        wrap_add(&wr, buf, strlen(buf), STYLE(TH_DIM));
    }
    wrap_end(&wr);
    char *in = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(h->router, "inputs"));
    snprintf(buf, sizeof buf, "inputs %s", in ? in : "{}");
    free(in);
    wrap_begin(&wr, &p->router, width, 2, 4, 0);
    wrap_add(&wr, buf, strlen(buf), STYLE(TH_DIM));
    wrap_end(&wr);
}

/* Rebuilds the state tree rows from the head checkpoint. */
static void build_rows(AgentPanel *p)
{
    p->nrows = 0;
    if (!p->run)
        return;
    const Checkpoint *h = run_head(p->run);
    for (int k = 0; k < key_count(p) && p->nrows < AGENT_MAX_ROWS; k++) {
        const StateKey *sk = &p->g->keys[k];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(h->state, sk->name);
        StateRow *r = &p->rows[p->nrows++];
        r->key = k;
        r->depth = 0;
        r->changed = key_changed(h, sk->name);
        char val[200];
        summarize_value(v, val, sizeof val);
        bool container = cJSON_IsArray(v) || cJSON_IsObject(v);
        snprintf(r->text, sizeof r->text, "%s %-11s %-7s %s", container ? (p->expanded[k] ? "-" : "+") : " ",
                 sk->name, reducer_name(sk->reducer), val);
        if (!container || !p->expanded[k])
            continue;
        const cJSON *it;
        int i = 0;
        cJSON_ArrayForEach(it, v)
        {
            if (p->nrows >= AGENT_MAX_ROWS)
                break;
            StateRow *c = &p->rows[p->nrows++];
            c->key = k;
            c->depth = 1;
            c->changed = r->changed;
            summarize_value(it, val, sizeof val);
            if (it->string)
                snprintf(c->text, sizeof c->text, "%s: %s", it->string, val);
            else
                snprintf(c->text, sizeof c->text, "%d: %s", i, val);
            i++;
        }
    }
    if (p->sel_row >= p->nrows)
        p->sel_row = p->nrows ? p->nrows - 1 : 0;
    build_router(p);
}

/* Keeps the node about to run visible in the graph area. */
static void follow(AgentPanel *p)
{
    if (!p->run || !p->lay.nboxes)
        return;
    const Checkpoint *h = run_head(p->run);
    const LayoutBox *b = layout_box(&p->lay, h->next >= 0 || h->next == GRAPH_END ? h->next : h->node);
    if (!b)
        return;
    int rows = p->graph_r.h - 1;
    if (rows <= 0)
        return;
    if (b->y < p->graph_top)
        p->graph_top = b->y > 2 ? b->y - 2 : 0;
    else if (b->y + b->h > p->graph_top + rows)
        p->graph_top = b->y + b->h + 2 - rows;
    if (p->graph_top < 0)
        p->graph_top = 0;
}

static void relayout(AgentPanel *p)
{
    graph_layout_free(&p->lay);
    if (!p->g)
        return;
    LayoutOptions opt = layout_default();
    RError err = {0};
    /* bordered boxes when they fit the height, one-line boxes otherwise */
    int rc = graph_layout(p->g, &opt, &p->lay, &err);
    if (rc == 0 && p->lay.height > p->graph_r.h - 1) {
        graph_layout_free(&p->lay);
        opt.box_h = 1;
        rc = graph_layout(p->g, &opt, &p->lay, &err);
    }
    if (rc != 0) /* the layout is left empty: the pane draws no boxes */
        app_status(p->app, STATUS_ERROR, "agents: %s", err.msg);
    agent_panel_arms(p);
    follow(p);
}

static void start_run(AgentPanel *p)
{
    /* The user's breakpoints belong to the graph, not to one input: carry them over. */
    bool bp[2][256] = {{false}};
    int nn = p->g && p->g->nnodes < 256 ? (int)p->g->nnodes : 0;
    for (int n = 0; p->run && n < nn; n++)
        for (int k = 0; k < 2; k++)
            bp[k][n] = run_breakpoint(p->run, n, k == 0);
    bool had = p->run != NULL;
    run_free(p->run);
    p->run = NULL;
    if (!p->g || p->ninputs == 0)
        return;
    cJSON *in = cJSON_CreateObject();
    cJSON_AddStringToObject(in, p->graph_idx == 0 ? "input" : "question", p->inputs[p->input_idx]);
    RError err = {0};
    if (run_new(p->g, in, &p->env, &p->run, &err) != 0) {
        char buf[600];
        rerror_format(&err, buf, sizeof buf);
        app_status(p->app, STATUS_ERROR, "%s", buf);
    }
    cJSON_Delete(in);
    for (int n = 0; had && p->run && n < nn; n++)
        for (int k = 0; k < 2; k++)
            run_set_breakpoint(p->run, n, k == 0, bp[k][n]);
    p->graph_top = 0;
    build_rows(p);
    follow(p);
}

static void agent_resize(void *st, Rect area);

static void load_graph(AgentPanel *p)
{
    run_free(p->run);
    p->run = NULL;
    graph_free(p->g);
    p->g = NULL;
    p->error[0] = '\0';
    char path[4096];
    snprintf(path, sizeof path, "%s/graphs/%s", app_content_dir(p->app), graph_files[p->graph_idx]);
    RError err = {0};
    if (graph_load(path, &p->g, &err) != 0) {
        rerror_format(&err, p->error, sizeof p->error);
        return;
    }
    memset(p->expanded, 0, sizeof p->expanded);
    p->sel_node = p->g->entry;
    p->sel_row = 0;
    p->rows_top = 0;
    load_inputs(p);
    start_run(p);
    if (!rect_empty(p->area))
        agent_resize(p, p->area);
}

static void *agent_create(App *app, const cJSON *saved)
{
    AgentPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    p->env.notes_dir = app_notes_dir(app);
    p->env.content_dir = app_content_dir(app);
    lines_init(&p->router);
    const cJSON *gi = cJSON_GetObjectItemCaseSensitive(saved, "graph");
    const cJSON *ii = cJSON_GetObjectItemCaseSensitive(saved, "input");
    if (cJSON_IsNumber(gi) && gi->valueint >= 0 && gi->valueint < 2)
        p->graph_idx = gi->valueint;
    if (cJSON_IsNumber(ii) && ii->valueint >= 0)
        p->input_idx = (size_t)ii->valueint;
    load_graph(p);
    return p;
}

static void agent_destroy(void *st)
{
    AgentPanel *p = st;
    if (!p)
        return;
    run_free(p->run);
    graph_free(p->g);
    graph_layout_free(&p->lay);
    free(p->arms);
    free_inputs(p);
    lines_free(&p->router);
    free(p);
}

static void agent_resize(void *st, Rect area)
{
    AgentPanel *p = st;
    p->area = area;
    int left = area.w >= 120 ? 46 : area.w * 45 / 100;
    rect_split_h(area, left * 100 / (area.w ? area.w : 1), 30, 1, &p->graph_r, &p->side_r);
    relayout(p);
    /* a wide graph (long edges routed on the right) may take up to 60 % of the width */
    int want = p->lay.width + 3;
    if (want > p->graph_r.w && area.w > 0) {
        int pct = want * 100 / area.w + 1;
        rect_split_h(area, pct > 60 ? 60 : pct, 30, 1, &p->graph_r, &p->side_r);
        relayout(p);
    }
    build_rows(p); /* the router wraps to the side column */
}

static void set_message(AgentPanel *p, const char *fmt, const char *a)
{
    snprintf(p->message, sizeof p->message, fmt, a);
}

static void after_move(AgentPanel *p)
{
    build_rows(p);
    follow(p);
}

static void do_fork(AgentPanel *p)
{
    if (!p->run || p->nrows == 0)
        return;
    const StateKey *sk = &p->g->keys[p->rows[p->sel_row].key];
    /* The whole text must be one JSON value ("0{" is not 0); otherwise it is a string. */
    cJSON *v = cJSON_ParseWithOpts(p->tb.text, NULL, 1);
    if (!v) /* not JSON: take the text as a string */
        v = cJSON_CreateString(p->tb.text);
    RError err = {0};
    if (run_fork(p->run, sk->name, v, &err) != 0) {
        app_status(p->app, STATUS_ERROR, "fork: %s", err.msg);
    } else {
        snprintf(p->message, sizeof p->message, "forked branch %d with %s edited", run_head(p->run)->branch,
                 sk->name);
        after_move(p);
    }
    cJSON_Delete(v);
}

static PaneResult agent_key(void *st, const KeyEvent *ev)
{
    AgentPanel *p = st;
    if (p->editing) {
        if (key_is_escape(ev)) {
            p->editing = false;
            return PANE_HANDLED;
        }
        if (key_is_enter(ev)) {
            p->editing = false;
            do_fork(p);
            return PANE_HANDLED;
        }
        textbox_key(&p->tb, ev);
        return PANE_HANDLED; /* the text box takes every key while open */
    }
    if (!p->g)
        return PANE_IGNORED;
    RError err = {0};
    int act = keymap_action(agent_keys, sizeof agent_keys / sizeof agent_keys[0], ev);
    switch (act) {
    case ACT_STEP:
        if (!p->run)
            return PANE_HANDLED;
        if (run_step(p->run, &err) == 1)
            set_message(p, "%s", run_status(p->run) == RUN_DONE ? "at END: b goes back, R resets"
                                                                : "stopped: the run failed (b goes back)");
        else
            set_message(p, "ran %s", graph_node_name(p->g, run_head(p->run)->node));
        after_move(p);
        return PANE_HANDLED;
    case ACT_BACK:
        if (p->run && run_back(p->run) == 0)
            set_message(p, "%s", "back one checkpoint");
        else
            set_message(p, "%s", "at the start");
        after_move(p);
        return PANE_HANDLED;
    case ACT_RUN: {
        if (!p->run)
            return PANE_HANDLED;
        int n = run_continue(p->run, 1000, &err);
        snprintf(p->message, sizeof p->message, "ran %d step%s: %s", n, n == 1 ? "" : "s",
                 run_status_name(run_status(p->run)));
        after_move(p);
        return PANE_HANDLED;
    }
    case ACT_NODE_NEXT:
    case ACT_NODE_PREV: {
        int n = (int)p->g->nnodes;
        p->sel_node = (p->sel_node + (act == ACT_NODE_NEXT ? 1 : n - 1)) % n;
        set_message(p, "selected %s", p->g->nodes[p->sel_node].name);
        return PANE_HANDLED;
    }
    case ACT_BREAK: {
        if (!p->run)
            return PANE_HANDLED;
        bool on = !run_breakpoint(p->run, p->sel_node, true);
        run_set_breakpoint(p->run, p->sel_node, true, on);
        snprintf(p->message, sizeof p->message, "breakpoint before %s %s", p->g->nodes[p->sel_node].name,
                 on ? "set" : "cleared");
        return PANE_HANDLED;
    }
    case ACT_FORK: {
        if (!p->run || p->nrows == 0)
            return PANE_HANDLED;
        const StateKey *sk = &p->g->keys[p->rows[p->sel_row].key];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(run_head(p->run)->state, sk->name);
        char *s = v ? cJSON_PrintUnformatted(v) : NULL;
        textbox_init(&p->tb, s && strlen(s) <= TEXTBOX_MAX ? s : "");
        free(s);
        p->editing = true;
        return PANE_HANDLED;
    }
    case ACT_RESET:
        if (p->run)
            run_reset(p->run);
        set_message(p, "%s", "reset to the start");
        p->graph_top = 0;
        after_move(p);
        return PANE_HANDLED;
    case ACT_INPUT_NEXT:
    case ACT_INPUT_PREV:
        if (p->ninputs == 0)
            return PANE_HANDLED;
        p->input_idx = (p->input_idx + (act == ACT_INPUT_NEXT ? 1 : p->ninputs - 1)) % p->ninputs;
        start_run(p);
        set_message(p, "input: %s", p->inputs[p->input_idx]);
        return PANE_HANDLED;
    case ACT_GRAPH:
        p->graph_idx = 1 - p->graph_idx;
        p->input_idx = 0;
        load_graph(p);
        set_message(p, "graph: %s", p->g ? p->g->name : "(failed)");
        return PANE_HANDLED;
    case ACT_VIEW:
        if (p->run && p->nrows)
            agent_value_open(p, p->rows[p->sel_row].key);
        return PANE_HANDLED;
    case ACT_EXPAND:
        if (p->nrows) {
            int k = p->rows[p->sel_row].key;
            if (k < 64)
                p->expanded[k] = !p->expanded[k];
            /* keep the selection on the key row */
            build_rows(p);
            for (int i = 0; i < p->nrows; i++)
                if (p->rows[i].key == k && p->rows[i].depth == 0)
                    p->sel_row = i;
        }
        return PANE_HANDLED;
    default:
        break;
    }
    if (key_is_wheel(ev)) { /* the state tree */
        int r = p->sel_row + ev->wheel;
        p->sel_row = r < 0 ? 0 : r >= p->nrows ? (p->nrows ? p->nrows - 1 : 0) : r;
        return PANE_HANDLED;
    }
    if (key_is_down(ev) && p->sel_row + 1 < p->nrows) {
        p->sel_row++;
        return PANE_HANDLED;
    }
    if (key_is_up(ev) && p->sel_row > 0) {
        p->sel_row--;
        return PANE_HANDLED;
    }
    return PANE_IGNORED;
}

static void agent_save(const void *st, cJSON *state)
{
    const AgentPanel *p = st;
    cJSON_DeleteItemFromObjectCaseSensitive(state, "graph");
    cJSON_DeleteItemFromObjectCaseSensitive(state, "input");
    cJSON_AddNumberToObject(state, "graph", p->graph_idx);
    cJSON_AddNumberToObject(state, "input", (double)p->input_idx);
}

/* `:pane agents research` or `:pane agents calculator_agent`, or a note file name. */
static bool agent_open(void *st, const char *arg)
{
    AgentPanel *p = st;
    if (!arg || !*arg)
        return true;
    if (strncmp(arg, "calc", 4) == 0 || strncmp(arg, "research", 8) == 0) {
        int want = arg[0] == 'c' ? 1 : 0;
        if (want != p->graph_idx) {
            p->graph_idx = want;
            p->input_idx = 0;
            load_graph(p);
        }
        return true;
    }
    for (size_t i = 0; i < p->ninputs; i++)
        if (strstr(p->inputs[i], arg)) {
            p->input_idx = i;
            start_run(p);
            return true;
        }
    return false;
}

const PanelClass agent_panel = {
    .name = "agents",
    .title = "Agents",
    .summary = "step through a state-graph agent: research pipeline and tool-calling calculator",
    .keys = agent_keys,
    .nkeys = sizeof agent_keys / sizeof agent_keys[0],
    .create = agent_create,
    .destroy = agent_destroy,
    .resize = agent_resize,
    .draw = agent_panel_draw,
    .key = agent_key,
    .open = agent_open,
    .headline = agent_panel_headline,
    .save = agent_save,
};
