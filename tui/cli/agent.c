/* `rampup agent`: run, draw, validate and evaluate state-graph agents (engine/agent). */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/agent/agent_params.h"
#include "engine/agent/graph.h"
#include "engine/agent/layout.h"
#include "engine/agent/runtime.h"
#include "engine/agent/tools.h"
#include "engine/agent/trace.h"

static const char usage[] =
    "usage: rampup agent run GRAPH [--input FILE | --question TEXT] [--trace OUT.jsonl]\n"
    "                        [--max-steps N] [--json]\n"
    "       rampup agent show GRAPH\n"
    "       rampup agent validate GRAPH [--json]\n"
    "       rampup agent eval EVAL.yaml [--json]\n"
    "\n"
    "GRAPH is a graph file, or a name in <content>/graphs (research, calculator_agent).\n"
    "run     runs the graph from its entry to END (breakpoints are for the pane) and prints\n"
    "        each step (node, keys it changed, edge taken) and the result; --json prints the\n"
    "        steps and the final state; --trace writes one checkpoint per line (JSONL).\n"
    "show    draws the graph (layered layout; loops on the right; branches labelled).\n"
    "validate checks a graph file; errors carry file:line:col.\n"
    "eval    runs the calculator's question parser over an eval file and reports accuracy\n"
    "        (tool and arguments both right), tool_accuracy and args_accuracy.\n"
    "\n"
    "examples:\n"
    "  rampup agent run research --input notes/rag.md\n"
    "  rampup agent run calculator_agent --question \"KV cache of Llama-3.1-70B at 32k tokens?\"\n"
    "  rampup agent eval content/evals/tool_calls.yaml --json\n";

/* Resolves GRAPH: an existing path, else <content>/graphs/GRAPH[.yaml]. */
static void resolve_graph(const CliEnv *env, const char *arg, char *out, size_t size)
{
    snprintf(out, size, "%s", arg);
    if (access(out, R_OK) == 0 || !env->content_dir)
        return;
    snprintf(out, size, "%s/graphs/%s", env->content_dir, arg);
    if (access(out, R_OK) == 0)
        return;
    snprintf(out, size, "%s/graphs/%s.yaml", env->content_dir, arg);
    if (access(out, R_OK) != 0)
        snprintf(out, size, "%s", arg);
}

static int load_graph(const CliEnv *env, const char *arg, Graph **g)
{
    char path[4096];
    resolve_graph(env, arg, path, sizeof path);
    RError err = {0};
    if (graph_load(path, g, &err))
        return cli_fail_err(&err);
    return CLI_OK;
}

static int cmd_show(const CliEnv *env, const char *arg)
{
    Graph *g;
    int rc = load_graph(env, arg, &g);
    if (rc)
        return rc;
    GraphLayout l;
    RError err = {0};
    if (graph_layout(g, NULL, &l, &err)) {
        graph_free(g);
        return cli_fail_err(&err);
    }
    char *art = graph_layout_ascii(g, &l);
    if (art) {
        printf("%s: %s\n\n%s", g->name, g->description, art);
        for (size_t i = 0; i < g->nnodes; i++) {
            const GraphNode *nd = &g->nodes[i];
            printf("%s%-20s %s%s%s\n", i ? "" : "\n", nd->name, nd->description,
                   nd->max_attempts > 1 ? "  [retries]" : "", nd->break_before ? "  [breakpoint]" : "");
        }
    }
    free(art);
    graph_layout_free(&l);
    graph_free(g);
    return art ? CLI_OK : cli_fail("out of memory");
}

static int cmd_validate(const CliEnv *env, const char *arg, bool json)
{
    Graph *g;
    int rc = load_graph(env, arg, &g);
    if (rc)
        return rc;
    if (json) {
        cJSON *j = graph_to_json(g);
        cJSON_AddBoolToObject(j, "valid", true);
        rc = cli_json_print(j);
        cJSON_Delete(j);
    } else {
        printf("ok: %s: %zu nodes, %zu edges, %zu state keys, entry %s, recursion limit %d\n", g->name,
               g->nnodes, g->nedges, g->nkeys, g->nodes[g->entry].name, g->recursion_limit);
    }
    graph_free(g);
    return rc;
}

static int cmd_eval(const CliEnv *env, const char *path, bool json)
{
    ToolModels models;
    RError err = {0};
    if (tool_models_load(env->content_dir, &models, &err))
        return cli_fail_err(&err);
    ToolEvalReport r;
    if (tool_eval_run(path, &models, &r, &err)) {
        tool_models_free(&models);
        return cli_fail_err(&err);
    }
    int rc = CLI_OK;
    if (json) {
        cJSON *j = cJSON_CreateObject();
        cli_json_add_u64(j, "items", r.n);
        cli_json_add_u64(j, "correct", r.both_ok);
        cJSON_AddNumberToObject(j, "accuracy", r.accuracy);
        cJSON_AddNumberToObject(j, "tool_accuracy", r.tool_accuracy);
        cJSON_AddNumberToObject(j, "args_accuracy", r.args_accuracy);
        cJSON_AddItemToObject(j, "results", cJSON_Duplicate(r.items, true));
        rc = cli_json_print(j);
        cJSON_Delete(j);
    } else {
        const cJSON *it;
        int i = 0;
        cJSON_ArrayForEach(it, r.items)
        {
            bool ok = cJSON_IsTrue(cJSON_GetObjectItem(it, "tool_ok")) && cJSON_IsTrue(cJSON_GetObjectItem(it, "args_ok"));
            char *args = cJSON_PrintUnformatted(cJSON_GetObjectItem(it, "args"));
            printf("%3d %s %-8s %s  %s\n", ++i, ok ? "ok  " : "MISS", cJSON_GetStringValue(cJSON_GetObjectItem(it, "tool")),
                   args ? args : "", cJSON_GetStringValue(cJSON_GetObjectItem(it, "question")));
            if (!ok) {
                char *exp = cJSON_PrintUnformatted(cJSON_GetObjectItem(it, "expected_args"));
                printf("         expected %-8s %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(it, "expected_tool")),
                       exp ? exp : "");
                free(exp);
            }
            free(args);
        }
        printf("\n%zu questions: accuracy %.3f (tool %.3f, arguments %.3f)\n", r.n, r.accuracy, r.tool_accuracy,
               r.args_accuracy);
    }
    tool_eval_report_free(&r);
    tool_models_free(&models);
    return rc;
}

static void print_step(const Run *r, const Checkpoint *cp)
{
    const Graph *g = run_graph(r);
    printf("%3d  %-20s", cp->step, cp->kind == CP_START ? "(start)" : graph_node_name(g, cp->node));
    printf(" changed:");
    const cJSON *k;
    int n = 0;
    cJSON_ArrayForEach(k, cp->changed) printf("%s%s", n++ ? "," : " ", k->valuestring);
    if (!n)
        printf(" -");
    if (cp->router) {
        const cJSON *v = cJSON_GetObjectItem(cp->router, "value");
        char *vs = v ? cJSON_PrintUnformatted(v) : NULL;
        printf("  router %s = %s", cJSON_GetStringValue(cJSON_GetObjectItem(cp->router, "when")), vs ? vs : "?");
        free(vs);
    }
    if (cp->next != GRAPH_NONE)
        printf("  -> %s", graph_node_name(g, cp->next));
    if (cp->edge && cp->edge[0] && strcmp(cp->edge, "plain") != 0 && strcmp(cp->edge, "start") != 0)
        printf(" [%s]", cp->edge);
    if (cp->attempts > 1)
        printf("  (%d attempts)", cp->attempts);
    if (cp->error)
        printf("\n     error: %s", cp->error);
    printf("\n");
}

static int cmd_run(const CliEnv *env, int argc, char **argv)
{
    const char *graph_arg = NULL, *input = NULL, *question = NULL, *trace = NULL;
    bool json = false;
    AgentSettings set;
    param_defaults(&agent_params, &set);
    ParamMask given = 0;
    RError perr;
    for (int i = 2; i < argc; i++) {
        int r = param_argv(&agent_params, NULL, argc, argv, &i, &set, &given, &perr);
        if (r < 0)
            return cli_usage("agent", "%s", perr.msg);
        if (r > 0)
            continue;
        const char *o = argv[i];
        const char **dst = strcmp(o, "--input") == 0 ? &input
                         : strcmp(o, "--question") == 0 ? &question
                         : strcmp(o, "--trace") == 0 ? &trace : NULL;
        if (strcmp(o, "--json") == 0)
            json = true;
        else if (dst && i + 1 >= argc)
            return cli_usage("agent", "%s needs a value", o);
        else if (dst)
            *dst = argv[++i];
        else if (o[0] == '-' && o[1])
            return cli_unknown_option("agent", o);
        else if (!graph_arg)
            graph_arg = o;
        else
            return cli_usage("agent", "unexpected argument '%s'", o);
    }
    if (!graph_arg && (given & 1)) /* --graph NAME, the table's name for it */
        graph_arg = set.graph;
    int max_steps = set.max_steps;
    if (!graph_arg)
        return cli_usage("agent", "run needs a GRAPH");
    if (input && question)
        return cli_usage("agent", "give --input or --question, not both");
    Graph *g;
    int rc = load_graph(env, graph_arg, &g);
    if (rc)
        return rc;
    cJSON *in = cJSON_CreateObject();
    if (input)
        cJSON_AddStringToObject(in, "input", input);
    if (question)
        cJSON_AddStringToObject(in, "question", question);
    AgentEnv aenv = {.notes_dir = env->notes_dir, .content_dir = env->content_dir};
    Run *r = NULL;
    RError err = {0};
    if (run_new(g, in, &aenv, &r, &err)) {
        cJSON_Delete(in);
        graph_free(g);
        return cli_fail_err(&err);
    }
    cJSON_Delete(in);
    int steps = 0;
    while (steps < max_steps) {
        int s = run_step(r, &err);
        if (s < 0) {
            run_free(r);
            graph_free(g);
            return cli_fail_err(&err);
        }
        if (s == 1)
            break;
        steps++;
    }
    if (trace && trace_save(r, trace, &err)) {
        run_free(r);
        graph_free(g);
        return cli_fail_err(&err);
    }
    const Checkpoint *h = run_head(r);
    RunStatus st = run_status(r);
    if (json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "graph", g->name);
        cJSON_AddStringToObject(j, "status", run_status_name(st));
        cJSON_AddNumberToObject(j, "steps_run", steps);
        cJSON *arr = cJSON_AddArrayToObject(j, "steps");
        for (size_t i = 1; i < run_count(r); i++) {
            const Checkpoint *cp = run_checkpoint(r, i);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "step", cp->step);
            cJSON_AddStringToObject(o, "node", graph_node_name(g, cp->node));
            cJSON_AddItemToObject(o, "changed", cJSON_Duplicate(cp->changed, true));
            cJSON_AddStringToObject(o, "next", cp->next == GRAPH_NONE ? "" : graph_node_name(g, cp->next));
            cJSON_AddStringToObject(o, "edge", cp->edge ? cp->edge : "");
            if (cp->router)
                cJSON_AddItemToObject(o, "router", cJSON_Duplicate(cp->router, true));
            cJSON_AddNumberToObject(o, "attempts", cp->attempts);
            if (cp->error)
                cJSON_AddStringToObject(o, "error", cp->error);
            cJSON_AddItemToArray(arr, o);
        }
        cJSON_AddItemToObject(j, "state", cJSON_Duplicate(h->state, true));
        rc = cli_json_print(j);
        cJSON_Delete(j);
    } else {
        printf("%s: %s\n\n", g->name, g->description);
        for (size_t i = 0; i < run_count(r); i++)
            print_step(r, run_checkpoint(r, i));
        printf("\nstatus: %s after %d steps\n", run_status_name(st), steps);
        const cJSON *report = cJSON_GetObjectItem(h->state, "report");
        const cJSON *answer = cJSON_GetObjectItem(h->state, "answer");
        if (cJSON_IsString(report) && report->valuestring[0])
            printf("\n%s", report->valuestring);
        if (cJSON_IsString(answer) && answer->valuestring[0]) {
            char *args = cJSON_PrintUnformatted(cJSON_GetObjectItem(h->state, "args"));
            printf("\ntool: %s %s\nanswer: %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(h->state, "tool")),
                   args ? args : "", answer->valuestring);
            free(args);
        }
    }
    if (st == RUN_FAILED && rc == CLI_OK) {
        fprintf(stderr, "rampup: agent: run failed: %s\n", h->error ? h->error : "stopped");
        rc = CLI_FAIL;
    }
    run_free(r);
    graph_free(g);
    return rc;
}

int cli_agent(const CliEnv *env, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("agent", "missing subcommand (run, show, validate, eval)");
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            char opts[2048];
            param_usage(&agent_params, opts, sizeof opts);
            fputs(usage, stdout);
            printf("\nrun options:\n%s", opts);
            return CLI_OK;
        }
    const char *sub = argv[1];
    bool json = false;
    const char *arg = NULL;
    if (strcmp(sub, "run") == 0)
        return cmd_run(env, argc, argv);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_unknown_option("agent", argv[i]);
        else if (!arg)
            arg = argv[i];
        else
            return cli_usage("agent", "unexpected argument '%s'", argv[i]);
    }
    if (!arg)
        return cli_usage("agent", "%s needs a file", sub);
    if (strcmp(sub, "show") == 0)
        return cmd_show(env, arg);
    if (strcmp(sub, "validate") == 0)
        return cmd_validate(env, arg, json);
    if (strcmp(sub, "eval") == 0)
        return cmd_eval(env, arg, json);
    return cli_usage("agent", "unknown subcommand '%s' (run, show, validate, eval)", sub);
}
