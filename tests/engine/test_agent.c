/* engine/agent: expressions, reducers, graph validation, the runtime (steps, back, fork,
 * breakpoints, recursion limit, retries, error edges) and traces. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/agent/expr.h"
#include "engine/agent/graph.h"
#include "engine/agent/reducer.h"
#include "engine/agent/runtime.h"
#include "engine/agent/trace.h"

#define FIX "tests/fixtures/agent/"

/* ---------------------------------------------------------------- expressions */

static cJSON *state_json(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    cr_assert_not_null(j, "bad test JSON: %s", text);
    return j;
}

static Expr *parse_ok(const char *src)
{
    Expr *e = NULL;
    RError err = {0};
    size_t off = 0;
    cr_assert_eq(expr_parse(src, &e, &off, &err), 0, "parse '%s': %s", src, err.msg);
    return e;
}

static ExprValue eval_on(const char *src, const char *state)
{
    Expr *e = parse_ok(src);
    RError err = {0};
    cJSON *st = state_json(state);
    ExprValue v;
    cr_assert_eq(expr_eval(e, st, &v, &err), 0, "eval '%s': %s", src, err.msg);
    /* strings point into e or st; tests only look at bools and numbers after freeing */
    ExprValue out = v;
    out.str = NULL;
    out.json = NULL;
    cJSON_Delete(st);
    expr_free(e);
    return out;
}

/* Evaluates without expr_check (as a fuzzer or a future caller might) and returns the
 * error message, or "" when the evaluation succeeded. */
static const char *eval_unchecked(const char *src, const char *state)
{
    static char msg[512];
    Expr *e = parse_ok(src);
    RError err = {0};
    cJSON *st = state_json(state);
    ExprValue v;
    int rc = expr_eval(e, st, &v, &err);
    snprintf(msg, sizeof msg, "%s", rc ? err.msg : "");
    cJSON_Delete(st);
    expr_free(e);
    return msg;
}

Test(agent_expr, evaluator_checks_names_and_argument_counts_itself)
{
    /* Before: contains(xs) read its second argument from an uninitialised stack slot. */
    cr_assert_str_eq(eval_unchecked("contains(xs)", "{\"xs\":[1,2]}"),
                     "contains() takes 2 arguments, not 1");
    cr_assert_str_eq(eval_unchecked("len()", "{}"), "len() takes 1 argument, not 0");
    cr_assert_str_eq(eval_unchecked("min(1)", "{}"), "min() takes 2 arguments, not 1");
    cr_assert_str_eq(eval_unchecked("max(1, 2, 3)", "{}"), "max() takes 2 arguments, not 3");
    cr_assert_str_eq(eval_unchecked("nosuch(1)", "{}"), "unknown function 'nosuch()'");
    cr_assert_str_eq(eval_unchecked("contains(xs, 2)", "{\"xs\":[1,2]}"), "");
}

Test(agent_expr, length_and_nesting_bounded)
{
    char buf[2048];
    Expr *e = NULL;
    RError err = {0};
    size_t off = 0;
    /* 64 nested parentheses parse; 65 are refused with a message, not a deep recursion. */
    for (int depth = 64; depth <= 65; depth++) {
        int n = 0;
        for (int i = 0; i < depth - 1; i++)
            buf[n++] = '(';
        buf[n++] = '1';
        for (int i = 0; i < depth - 1; i++)
            buf[n++] = ')';
        buf[n] = '\0';
        int rc = expr_parse(buf, &e, &off, &err);
        if (depth == 64) {
            cr_assert_eq(rc, 0, "%s", err.msg);
            expr_free(e);
        } else {
            cr_assert_eq(rc, -1);
            cr_assert_str_eq(err.msg, "expression nested too deeply");
        }
    }
    memset(buf, '-', 200);
    strcpy(buf + 200, "1");
    cr_assert_eq(expr_parse(buf, &e, &off, &err), -1);
    cr_assert_str_eq(err.msg, "expression nested too deeply");
    for (int i = 0; i < 1025; i++)
        buf[i] = i % 2 ? '+' : '1';
    buf[1025] = '\0';
    cr_assert_eq(expr_parse(buf, &e, &off, &err), -1);
    cr_assert_str_eq(err.msg, "expression longer than 1024 bytes");
    buf[1023] = '\0'; /* "1+1+...+1" of 1023 bytes: accepted */
    cr_assert_eq(expr_parse(buf, &e, &off, &err), 0, "%s", err.msg);
    expr_free(e);
}

Test(agent_expr, arithmetic_and_precedence)
{
    /* 1 + 2 * 3 = 7: * binds tighter than + */
    ExprValue v = eval_on("1 + 2 * 3", "{}");
    cr_assert_eq(v.type, AT_NUMBER);
    cr_assert_float_eq(v.num, 7.0, 1e-12);
    v = eval_on("(1 + 2) * 3 - -1", "{}");
    cr_assert_float_eq(v.num, 10.0, 1e-12);
    v = eval_on("max(2, 5) / min(4, 2)", "{}");
    cr_assert_float_eq(v.num, 2.5, 1e-12);
}

Test(agent_expr, router_over_state)
{
    const char *st = "{\"insights\":[1,2,3],\"coverage\":0.4,\"retrievals\":2,\"c\":{\"verdict\":\"more\"}}";
    cr_assert(eval_on("len(insights) >= 3", st).b);
    cr_assert_not(eval_on("len(insights) >= 3 && coverage >= 0.6", st).b);
    /* && binds tighter than ||: false || true */
    cr_assert(eval_on("len(insights) >= 3 && coverage >= 0.6 || retrievals >= 2", st).b);
    cr_assert(eval_on("c.verdict == 'more'", st).b);
    cr_assert(eval_on("not (coverage > 0.5) and contains(insights, 2)", st).b);
    cr_assert(eval_on("missing == null", st).b);
    cr_assert_not(eval_on("missing > 3", st).b, "comparisons with a missing value are false");
    ExprValue v = eval_on("len(c)", st);
    cr_assert_float_eq(v.num, 1.0, 1e-12);
}

Test(agent_expr, label_of_values)
{
    char buf[32];
    ExprValue v = {.type = AT_BOOL, .b = true};
    expr_value_label(&v, buf, sizeof buf);
    cr_assert_str_eq(buf, "true");
    v = (ExprValue){.type = AT_NUMBER, .num = 3};
    expr_value_label(&v, buf, sizeof buf);
    cr_assert_str_eq(buf, "3");
}

Test(agent_expr, syntax_errors_give_offsets)
{
    Expr *e = NULL;
    RError err = {0};
    size_t off = 99;
    cr_assert_eq(expr_parse("n >= (3 +", &e, &off, &err), -1);
    cr_assert_eq(off, 9, "the fault is at the end (byte 9), got %zu", off);
    cr_assert_eq(expr_parse("len(x) >= 3 )", &e, &off, &err), -1);
    cr_assert_eq(off, 12);
    cr_assert_eq(expr_parse("'open", &e, &off, &err), -1);
    cr_assert_str_eq(err.msg, "unterminated string");
}

static int types(const char *path, void *ctx, AgentType *out)
{
    (void)ctx;
    if (strcmp(path, "insights") == 0)
        *out = AT_LIST;
    else if (strcmp(path, "n") == 0)
        *out = AT_NUMBER;
    else if (strcmp(path, "name") == 0)
        *out = AT_STRING;
    else
        return -1;
    return 0;
}

Test(agent_expr, type_checker)
{
    struct {
        const char *src;
        int ok;
        AgentType type;
        size_t off;
    } cases[] = {
        {"len(insights) >= 3", 1, AT_BOOL, 0},
        {"n + 1", 1, AT_NUMBER, 0},
        {"name", 1, AT_STRING, 0},
        {"insights >= 3", 0, AT_ANY, 9},   /* at the operator */
        {"n && true", 0, AT_ANY, 2},
        {"len(n)", 0, AT_ANY, 4},          /* at the argument */
        {"nope > 1", 0, AT_ANY, 0},        /* unknown key */
        {"sqrt(n)", 0, AT_ANY, 0},         /* unknown function */
        {"name == 3", 0, AT_ANY, 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Expr *e = NULL;
        RError err = {0};
        size_t off = 0;
        cr_assert_eq(expr_parse(cases[i].src, &e, &off, &err), 0);
        AgentType t;
        int rc = expr_check(e, types, NULL, &t, &off, &err);
        if (cases[i].ok) {
            cr_assert_eq(rc, 0, "%s: %s", cases[i].src, err.msg);
            cr_assert_eq(t, cases[i].type, "%s", cases[i].src);
        } else {
            cr_assert_eq(rc, -1, "%s should not type-check", cases[i].src);
            cr_assert_eq(off, cases[i].off, "%s: offset %zu", cases[i].src, off);
        }
        expr_free(e);
    }
}

Test(agent_expr, paths_for_router_inputs)
{
    Expr *e = NULL;
    RError err = {0};
    cr_assert_eq(expr_parse("len(insights) >= 3 && coverage >= 0.6 || len(insights) > 9", &e, NULL, &err), 0);
    const char *p[8];
    size_t n = expr_paths(e, p, 8);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(p[0], "insights");
    cr_assert_str_eq(p[1], "coverage");
    expr_free(e);
}

/* ---------------------------------------------------------------- reducers */

Test(agent_reducer, all_four)
{
    cJSON *st = state_json("{\"l\":[1],\"n\":2,\"o\":{\"a\":1,\"b\":2},\"s\":\"x\"}");
    RError err = {0};
    cJSON *v = state_json("[2,3]");
    cr_assert_eq(reducer_apply(RED_APPEND, st, "l", v, &err), 0);
    cJSON_Delete(v);
    v = cJSON_CreateNumber(4);
    cr_assert_eq(reducer_apply(RED_APPEND, st, "l", v, &err), 0);
    cr_assert_eq(reducer_apply(RED_ADD, st, "n", v, &err), 0);
    cJSON_Delete(v);
    v = state_json("{\"b\":5,\"c\":6}");
    cr_assert_eq(reducer_apply(RED_MERGE, st, "o", v, &err), 0);
    cJSON_Delete(v);
    v = cJSON_CreateString("y");
    cr_assert_eq(reducer_apply(RED_REPLACE, st, "s", v, &err), 0);
    cJSON_Delete(v);
    char *out = cJSON_PrintUnformatted(st);
    cr_assert_str_eq(out, "{\"l\":[1,2,3,4],\"n\":6,\"o\":{\"a\":1,\"b\":5,\"c\":6},\"s\":\"y\"}");
    free(out);
    /* type errors leave the state alone */
    v = cJSON_CreateString("z");
    cr_assert_eq(reducer_apply(RED_ADD, st, "n", v, &err), -1);
    cr_assert_eq(reducer_apply(RED_APPEND, st, "n", v, &err), -1);
    cr_assert_eq(reducer_apply(RED_MERGE, st, "o", v, &err), -1);
    cJSON_Delete(v);
    cr_assert_float_eq(cJSON_GetObjectItem(st, "n")->valuedouble, 6.0, 0);
    cJSON_Delete(st);
}

/* ---------------------------------------------------------------- graph files */

static void expect_error(const char *file, int line, int col, const char *needle)
{
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load(file, &g, &err), -1, "%s should not load", file);
    cr_assert_null(g);
    cr_assert_str_eq(err.file, file);
    cr_assert_eq(err.line, line, "%s: line %d (%s)", file, err.line, err.msg);
    cr_assert_eq(err.col, col, "%s: col %d (%s)", file, err.col, err.msg);
    cr_assert(strstr(err.msg, needle), "%s: '%s' lacks '%s'", file, err.msg, needle);
}

Test(agent_graph, malformed_files_name_the_place)
{
    /* columns counted by hand in the fixture files */
    expect_error(FIX "bad_unknown_node.yaml", 6, 19, "unknown node 'nowhere'");
    expect_error(FIX "bad_unreachable.yaml", 5, 11, "'island' is unreachable");
    expect_error(FIX "bad_missing_entry.yaml", 1, 1, "missing 'entry'");
    expect_error(FIX "bad_type_error.yaml", 9, 21, "cannot order a list against a number");
    expect_error(FIX "bad_unknown_key.yaml", 9, 15, "unknown state key 'insight'");
    expect_error(FIX "bad_reducer.yaml", 4, 30, "unknown reducer 'multiply'");
    expect_error(FIX "bad_two_edges.yaml", 8, 12, "already has an outgoing edge");
    expect_error(FIX "bad_no_edge.yaml", 5, 6, "'b' has no outgoing edge");
    expect_error(FIX "bad_builtin.yaml", 4, 11, "unknown built-in 'telepathy'");
    expect_error(FIX "bad_branch.yaml", 10, 38, "branch 'maybe' can never be taken");
    expect_error(FIX "bad_expr_syntax.yaml", 9, 21, "unexpected end of expression");
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load(FIX "bad_syntax.yaml", &g, &err), -1);
    cr_assert_eq(err.line, 5, "YAML syntax errors carry the line (%s)", err.msg);
}

Test(agent_graph, shipped_graphs_validate)
{
    const char *files[] = {"content/graphs/research.yaml", "content/graphs/calculator_agent.yaml"};
    for (size_t i = 0; i < 2; i++) {
        Graph *g = NULL;
        RError err = {0};
        cr_assert_eq(graph_load(files[i], &g, &err), 0, "%s: %s:%d:%d: %s", files[i], err.file, err.line, err.col,
                     err.msg);
        graph_free(g);
    }
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load("content/graphs/research.yaml", &g, &err), 0);
    cr_assert_eq(g->nnodes, 7);
    cr_assert_str_eq(g->nodes[g->entry].name, "load");
    int k = graph_key_index(g, "insights");
    cr_assert_eq(g->keys[k].reducer, RED_APPEND);
    cr_assert(graph_key_index(g, "error") >= 0, "an error key is added");
    graph_free(g);
}

/* ---------------------------------------------------------------- runtime */

static Graph *load(const char *file)
{
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load(file, &g, &err), 0, "%s: %s", file, err.msg);
    return g;
}

static Run *start(const Graph *g, const char *input)
{
    Run *r = NULL;
    RError err = {0};
    cJSON *in = input ? state_json(input) : NULL;
    cr_assert_eq(run_new(g, in, NULL, &r, &err), 0, "%s", err.msg);
    cJSON_Delete(in);
    return r;
}

static double num(const Run *r, const char *key)
{
    return cJSON_GetObjectItem(run_head(r)->state, key)->valuedouble;
}

Test(agent_run, loop_until_router_says_done)
{
    Graph *g = load(FIX "loop.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    int steps = run_continue(r, 100, &err);
    /* n goes 1, 2, 3; the router n >= 3 ends it after exactly three runs of inc */
    cr_assert_eq(steps, 3);
    cr_assert_eq(run_status(r), RUN_DONE);
    cr_assert_float_eq(num(r, "n"), 3.0, 0);
    const Checkpoint *h = run_head(r);
    cr_assert_str_eq(h->edge, "true");
    cr_assert_str_eq(cJSON_GetObjectItem(h->router, "when")->valuestring, "n >= 3");
    cr_assert_float_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(h->router, "inputs"), "n")->valuedouble, 3.0, 0);
    const cJSON *nt = cJSON_GetObjectItem(h->router, "not_taken");
    cr_assert_eq(cJSON_GetArraySize(nt), 1);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(nt, 0), "to")->valuestring, "inc");
    const Checkpoint *c1 = run_checkpoint(r, 1);
    cr_assert_str_eq(c1->edge, "false");
    cr_assert_eq(c1->next, 0);
    cr_assert_eq(run_step(r, &err), 1, "nothing after END");
    run_free(r);
    graph_free(g);
}

Test(agent_run, back_restores_and_replays)
{
    Graph *g = load(FIX "loop.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    run_step(r, &err);
    run_step(r, &err);
    cr_assert_float_eq(num(r, "n"), 2.0, 0);
    cr_assert_eq(run_back(r), 0);
    cr_assert_float_eq(num(r, "n"), 1.0, 0);
    cr_assert_eq(run_back(r), 0);
    cr_assert_eq(run_head(r)->kind, CP_START);
    cr_assert_eq(run_back(r), -1, "no parent before the start");
    size_t before = run_count(r);
    run_step(r, &err);
    run_step(r, &err);
    cr_assert_eq(run_count(r), before, "stepping forward again reuses the checkpoints");
    cr_assert_float_eq(num(r, "n"), 2.0, 0);
    run_free(r);
    graph_free(g);
}

Test(agent_run, fork_opens_a_branch_and_keeps_the_old_one)
{
    Graph *g = load(FIX "loop.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    run_step(r, &err); /* n = 1, next inc */
    run_step(r, &err); /* n = 2 */
    run_back(r);       /* at n = 1 */
    cJSON *ten = cJSON_CreateNumber(10);
    cr_assert_eq(run_fork(r, "n", ten, &err), 0, "%s", err.msg);
    const Checkpoint *f = run_head(r);
    cr_assert_eq(f->kind, CP_FORK);
    cr_assert_eq(f->branch, 1);
    cr_assert_eq(f->parent, 1);
    cr_assert_float_eq(num(r, "n"), 10.0, 0);
    /* the fork re-evaluates the router that chose the next node: 10 >= 3, so END */
    cr_assert_eq(f->next, GRAPH_END);
    cr_assert_eq(run_status(r), RUN_DONE);
    cr_assert_eq(run_branch_count(r), 2);
    /* the old branch is still there */
    cr_assert_float_eq(cJSON_GetObjectItem(run_checkpoint(r, 2)->state, "n")->valuedouble, 2.0, 0);
    cr_assert_eq(run_fork(r, "nope", ten, &err), -1);
    cJSON *s = cJSON_CreateString("x");
    cr_assert_eq(run_fork(r, "n", s, &err), -1, "type of n is number");
    cJSON_Delete(s);
    cJSON_Delete(ten);
    run_free(r);
    graph_free(g);
}

Test(agent_run, fork_then_step_runs_on_the_new_branch)
{
    Graph *g = load(FIX "loop.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    cJSON *v = cJSON_CreateNumber(1);
    cr_assert_eq(run_fork(r, "n", v, &err), 0); /* at the start: n = 1, next stays inc */
    cJSON_Delete(v);
    cr_assert_eq(run_head(r)->next, 0);
    cr_assert_eq(run_continue(r, 100, &err), 2, "1 -> 2 -> 3");
    cr_assert_eq(run_head(r)->branch, 1);
    cr_assert_float_eq(num(r, "n"), 3.0, 0);
    run_free(r);
    graph_free(g);
}

Test(agent_run, recursion_limit_stops_a_runaway_loop)
{
    Graph *g = load(FIX "forever.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    int steps = run_continue(r, 1000, &err);
    /* 5 runs of inc (the limit), then one checkpoint recording the refusal */
    cr_assert_eq(steps, 6);
    cr_assert_eq(run_status(r), RUN_FAILED);
    cr_assert_float_eq(num(r, "n"), 5.0, 0);
    cr_assert(strstr(run_head(r)->error, "recursion limit of 5"), "%s", run_head(r)->error);
    run_free(r);
    graph_free(g);
}

Test(agent_run, retries_until_success)
{
    Graph *g = load(FIX "retry.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    cr_assert_eq(run_step(r, &err), 0);
    const Checkpoint *h = run_head(r);
    cr_assert_eq(h->attempts, 3, "fails twice, succeeds on the third try");
    cr_assert_null(h->error);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(h->state, "ok")));
    cr_assert_eq(run_status(r), RUN_DONE);
    run_free(r);
    graph_free(g);
}

Test(agent_run, error_edge_after_retries)
{
    Graph *g = load(FIX "error_edge.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    cr_assert_eq(run_step(r, &err), 0);
    const Checkpoint *h = run_head(r);
    cr_assert_eq(h->attempts, 2);
    cr_assert_str_eq(h->error, "disk on fire");
    cr_assert_str_eq(h->edge, "error");
    const cJSON *e = cJSON_GetObjectItem(h->state, "error");
    cr_assert_str_eq(cJSON_GetObjectItem(e, "node")->valuestring, "broken");
    cr_assert_str_eq(graph_node_name(g, h->next), "handler");
    cr_assert_eq(run_continue(r, 10, &err), 1);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(run_head(r)->state, "handled")));
    cr_assert_eq(run_status(r), RUN_DONE);
    run_free(r);
    graph_free(g);

    g = load(FIX "no_error_edge.yaml");
    r = start(g, NULL);
    cr_assert_eq(run_step(r, &err), 0);
    cr_assert_eq(run_status(r), RUN_FAILED, "no error edge: the run stops");
    cr_assert_eq(run_head(r)->next, GRAPH_NONE);
    run_free(r);
    graph_free(g);
}

Test(agent_run, breakpoints_before_and_after)
{
    Graph *g = load(FIX "interrupt.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    cr_assert_eq(run_continue(r, 100, &err), 1, "stops before b");
    cr_assert_eq(run_status(r), RUN_INTERRUPTED);
    cr_assert_str_eq(graph_node_name(g, run_head(r)->next), "b");
    cr_assert_eq(run_continue(r, 100, &err), 2, "runs b, then c, and stops after c");
    cr_assert_str_eq(graph_node_name(g, run_head(r)->node), "c");
    cr_assert_eq(run_status(r), RUN_DONE);
    run_reset(r);
    run_set_breakpoint(r, 1, true, false);
    run_set_breakpoint(r, 2, false, false);
    cr_assert_not(run_breakpoint(r, 1, true));
    cr_assert_eq(run_continue(r, 100, &err), 3, "no breakpoints: straight to END");
    run_free(r);
    graph_free(g);
}

Test(agent_run, input_must_be_declared)
{
    Graph *g = load(FIX "loop.yaml");
    Run *r = NULL;
    RError err = {0};
    cJSON *in = state_json("{\"m\":1}");
    cr_assert_eq(run_new(g, in, NULL, &r, &err), -1);
    cJSON_Delete(in);
    in = state_json("{\"n\":\"x\"}");
    cr_assert_eq(run_new(g, in, NULL, &r, &err), -1);
    cJSON_Delete(in);
    graph_free(g);
}

/* ---------------------------------------------------------------- traces */

Test(agent_trace, round_trip_is_byte_identical)
{
    Graph *g = load(FIX "loop.yaml");
    Run *r = start(g, NULL);
    RError err = {0};
    run_continue(r, 100, &err);
    run_back(r);
    cJSON *v = cJSON_CreateNumber(7);
    run_fork(r, "n", v, &err);
    cJSON_Delete(v);
    char *a = trace_to_string(r);
    cr_assert_not_null(a);
    /* one checkpoint per line: start, 3 steps, 1 fork */
    int lines = 0;
    for (char *p = a; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 5);
    Run *back = NULL;
    cr_assert_eq(trace_load_string(g, NULL, "mem", a, &back, &err), 0, "%s", err.msg);
    char *b = trace_to_string(back);
    cr_assert_str_eq(a, b);
    cr_assert_eq(run_branch_count(back), 2);
    /* the replayed run can step on: the fork's head is at END already, so back to step 1 */
    run_goto(back, 1);
    cr_assert_eq(run_step(back, &err), 0);
    cr_assert_eq(run_count(back), 5, "the existing child is reused");
    free(a);
    free(b);
    run_free(back);
    run_free(r);
    graph_free(g);
}

Test(agent_trace, bad_lines_are_located)
{
    Graph *g = load(FIX "loop.yaml");
    Run *r = NULL;
    RError err = {0};
    cr_assert_eq(trace_load_string(g, NULL, "t.jsonl", "{\"id\":0}\n", &r, &err), -1);
    cr_assert_eq(err.line, 1);
    cr_assert_eq(trace_load_string(g, NULL, "t.jsonl", "\nnot json\n", &r, &err), -1);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(trace_load_string(g, NULL, "t.jsonl", "", &r, &err), -1);
    graph_free(g);
}
