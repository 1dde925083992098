/* `rampup evals ci|samples|compare|passk|cards|run`: evaluation statistics (engine/evals). */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evals/bench_cards.h"
#include "engine/evals/evals.h"
#include "engine/evals/evals_params.h"
#include "engine/evals/live.h"

static const char usage_head[] =
    "usage: rampup evals ci --n N --accuracy P [--confidence C] [--json]\n"
    "       rampup evals samples --margin M [--accuracy P] [--confidence C] [--json]\n"
    "       rampup evals compare --n N --accuracy P --accuracy2 P2 [--n2 N2]\n"
    "                            [--only-a B --only-b C] [--confidence C] [--json]\n"
    "       rampup evals passk --n N --c C --k K [--json]\n"
    "       rampup evals cards [NAME] [--json]\n"
    "       rampup evals run [--per-query] [--json]\n"
    "\n"
    "ci       accuracy P on N items with its Wilson interval (and the Wald one)\n"
    "samples  items needed for a +-M interval at accuracy P\n"
    "compare  two models' accuracies: unpaired two-proportion z test; with --only-a (items\n"
    "         only the first got right) and --only-b (only the second), McNemar's test, exact\n"
    "         binomial and chi-square with continuity correction\n"
    "passk    unbiased pass@k from n samples with c correct (Chen et al. 2021)\n"
    "cards    the benchmark cards of content/benchmarks.yaml with the interval at each size\n"
    "run      live evals of rampup: RAG methods on content/evals/notes_qrels.yaml (nDCG@10,\n"
    "         recall@10, MRR@10 with 95 % bootstrap intervals) and the calculator agent's\n"
    "         tool-call accuracy on content/evals/tool_calls.yaml (Wilson interval)\n"
    "\n"
    "options of ci, samples and compare:\n";

static void print_usage(FILE *f)
{
    char a[4096], b[2048];
    param_usage(&evals_params, a, sizeof a);
    param_usage(&passk_params, b, sizeof b);
    fputs(usage_head, f);
    fputs(a, f);
    fputs("options of passk:\n", f);
    fputs(b, f);
}

typedef struct EvArgs {
    EvalsSettings set;
    PasskSettings pk;
    ParamMask given;
    bool json, per_query;
    const char *name;
} EvArgs;

static int parse(int argc, char **argv, bool passk, EvArgs *a)
{
    memset(a, 0, sizeof *a);
    param_defaults(&evals_params, &a->set);
    param_defaults(&passk_params, &a->pk);
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        RError err;
        rerror_clear(&err);
        int r = passk ? param_argv(&passk_params, NULL, argc, argv, &i, &a->pk, &a->given, &err)
                      : param_argv(&evals_params, NULL, argc, argv, &i, &a->set, &a->given, &err);
        if (r < 0)
            return cli_usage("evals", "%s", err.msg);
        if (r > 0)
            continue;
        if (strcmp(o, "--json") == 0)
            a->json = true;
        else if (strcmp(o, "--per-query") == 0)
            a->per_query = true;
        else if (o[0] != '-' && !a->name)
            a->name = o;
        else
            return cli_usage("evals", "unknown option '%s'", o);
    }
    return 0;
}

static bool given(const EvArgs *a, const ParamTable *t, const char *name)
{
    int i = param_index(t, param_find(t, name));
    return i >= 0 && (a->given >> i & 1);
}

static long long count_of(double acc, long long n)
{
    return (long long)(acc * (double)n + 0.5);
}

static int print_json(cJSON *o)
{
    int rc = cli_json_print(o);
    cJSON_Delete(o);
    return rc;
}

static int cmd_ci(const EvArgs *a)
{
    const EvalsSettings *s = &a->set;
    long long c = count_of(s->accuracy, s->n);
    EvalsInterval w, wald;
    RError err;
    if (evals_wilson(c, s->n, s->confidence, &w, &err) ||
        evals_wald(c, s->n, s->confidence, &wald, &err))
        return cli_fail_err(&err);
    if (a->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "n", (double)s->n);
        cJSON_AddNumberToObject(o, "correct", (double)c);
        cJSON_AddNumberToObject(o, "accuracy", w.point);
        cJSON_AddNumberToObject(o, "confidence", s->confidence);
        cJSON_AddNumberToObject(o, "low", w.low);
        cJSON_AddNumberToObject(o, "high", w.high);
        cJSON_AddNumberToObject(o, "half_width", (w.high - w.low) / 2);
        cJSON_AddNumberToObject(o, "wald_low", wald.low);
        cJSON_AddNumberToObject(o, "wald_high", wald.high);
        cJSON_AddStringToObject(o, "method", "wilson");
        return print_json(o);
    }
    printf("%lld / %d = %.4f\n  Wilson %.0f%%: [%.4f, %.4f]  (+-%.2f points)\n", c, s->n,
           w.point, 100 * s->confidence, w.low, w.high, 50 * (w.high - w.low));
    printf("  Wald   %.0f%%: [%.4f, %.4f]\n", 100 * s->confidence, wald.low, wald.high);
    return CLI_OK;
}

static int cmd_samples(const EvArgs *a)
{
    const EvalsSettings *s = &a->set;
    long long n;
    RError err;
    if (evals_sample_size(s->accuracy, s->margin, s->confidence, &n, &err))
        return cli_fail_err(&err);
    if (a->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "n", (double)n);
        cJSON_AddNumberToObject(o, "accuracy", s->accuracy);
        cJSON_AddNumberToObject(o, "margin", s->margin);
        cJSON_AddNumberToObject(o, "confidence", s->confidence);
        return print_json(o);
    }
    printf("%lld items for +-%.2f points at accuracy %.3f (%.0f%%, n = z^2 p(1-p) / m^2)\n", n,
           100 * s->margin, s->accuracy, 100 * s->confidence);
    return CLI_OK;
}

static int cmd_compare(const EvArgs *a)
{
    const EvalsSettings *s = &a->set;
    long long n2 = s->n2 ? s->n2 : s->n;
    EvalsTwoProp t;
    RError err;
    if (evals_two_proportion(count_of(s->accuracy, s->n), s->n, count_of(s->accuracy2, n2), n2,
                             s->confidence, &t, &err))
        return cli_fail_err(&err);
    EvalsMcnemar m = {0};
    bool paired = given(a, &evals_params, "only_a") || given(a, &evals_params, "only_b");
    if (paired && evals_mcnemar(s->only_a, s->only_b, &m, &err))
        return cli_fail_err(&err);
    if (a->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "diff", t.diff);
        cJSON_AddNumberToObject(o, "z", t.z);
        cJSON_AddNumberToObject(o, "p", t.p);
        cJSON_AddNumberToObject(o, "low", t.ci.low);
        cJSON_AddNumberToObject(o, "high", t.ci.high);
        if (paired) {
            cJSON_AddNumberToObject(o, "mcnemar_p_exact", m.p_exact);
            cJSON_AddNumberToObject(o, "mcnemar_chi2", m.chi2);
            cJSON_AddNumberToObject(o, "mcnemar_p_chi2", m.p_chi2);
        }
        return print_json(o);
    }
    printf("%.4f vs %.4f: difference %+.4f, %.0f%% interval [%+.4f, %+.4f]\n", s->accuracy,
           s->accuracy2, t.diff, 100 * s->confidence, t.ci.low, t.ci.high);
    printf("  unpaired two-proportion z = %.3f, p = %.4f\n", t.z, t.p);
    if (paired)
        printf("  paired McNemar (only A %d, only B %d): exact p = %.4f, chi-square %.3f p = %.4f\n",
               s->only_a, s->only_b, m.p_exact, m.chi2, m.p_chi2);
    else
        printf("  (same items? give --only-a and --only-b, the items only one model got right,\n"
               "   for McNemar's test)\n");
    return CLI_OK;
}

static int cmd_passk(const EvArgs *a)
{
    const PasskSettings *s = &a->pk;
    double v;
    RError err;
    if (evals_pass_at_k(s->n, s->c, s->k, &v, &err))
        return cli_fail_err(&err);
    if (a->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "n", s->n);
        cJSON_AddNumberToObject(o, "c", s->c);
        cJSON_AddNumberToObject(o, "k", s->k);
        cJSON_AddNumberToObject(o, "pass_at_k", v);
        return print_json(o);
    }
    printf("pass@%d = %.6f  (n %d samples, c %d correct; 1 - C(n-c,k)/C(n,k))\n", s->k, v, s->n,
           s->c);
    return CLI_OK;
}

static void content_path(const CliEnv *env, const char *rel, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", env->content_dir ? env->content_dir : "content", rel);
}

static int cmd_cards(const CliEnv *env, const EvArgs *a)
{
    char path[2048];
    content_path(env, "benchmarks.yaml", path, sizeof path);
    BenchCardList l;
    RError err;
    if (bench_cards_load(path, &l, &err) != 0)
        return cli_fail_err(&err);
    if (a->name && !bench_cards_find(&l, a->name)) {
        bench_cards_free(&l);
        return cli_usage("evals", "no benchmark card '%s'", a->name);
    }
    cJSON *arr = a->json ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < l.n; i++) {
        const BenchCard *c = &l.items[i];
        if (a->name && c != bench_cards_find(&l, a->name))
            continue;
        if (arr) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", c->name);
            cJSON_AddStringToObject(o, "paper", c->paper);
            cJSON_AddStringToObject(o, "format", c->format);
            cJSON_AddStringToObject(o, "metric", c->metric);
            cJSON_AddNumberToObject(o, "example_score", c->example_score);
            cJSON *s = cJSON_AddArrayToObject(o, "sizes");
            for (size_t k = 0; k < c->nsizes; k++) {
                cJSON *z = cJSON_CreateObject();
                cJSON_AddStringToObject(z, "split", c->sizes[k].split);
                cJSON_AddNumberToObject(z, "n", (double)c->sizes[k].n);
                cJSON_AddStringToObject(z, "source", c->sizes[k].source);
                cJSON_AddNumberToObject(z, "low", c->sizes[k].ci.low);
                cJSON_AddNumberToObject(z, "high", c->sizes[k].ci.high);
                cJSON_AddNumberToObject(z, "half_width_at_half", c->sizes[k].half_worst);
                cJSON_AddItemToArray(s, z);
            }
            cJSON *p = cJSON_AddArrayToObject(o, "pitfalls");
            for (size_t k = 0; k < c->npitfalls; k++)
                cJSON_AddItemToArray(p, cJSON_CreateString(c->pitfalls[k]));
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        printf("%s: %s\n  %s; metric: %s\n", c->name, c->paper, c->format, c->metric);
        for (size_t k = 0; k < c->nsizes; k++) {
            const BenchCardSize *z = &c->sizes[k];
            printf("  %-28s n %6lld  at %.2f: [%.3f, %.3f]  (+-%.1f pts at 0.5)  %s\n", z->split,
                   z->n, c->example_score, z->ci.low, z->ci.high, 100 * z->half_worst,
                   z->source);
        }
        for (size_t k = 0; k < c->npitfalls; k++)
            printf("  - %s\n", c->pitfalls[k]);
    }
    bench_cards_free(&l);
    return arr ? print_json(arr) : CLI_OK;
}

static int cmd_run(const CliEnv *env, const EvArgs *a)
{
    char qrels[2048], tools[2048], glove[2048];
    content_path(env, "evals/notes_qrels.yaml", qrels, sizeof qrels);
    content_path(env, "evals/tool_calls.yaml", tools, sizeof tools);
    content_path(env, "glove", glove, sizeof glove);
    LiveEval *e;
    RError err;
    rerror_clear(&err);
    if (live_eval_new(env->notes_dir ? env->notes_dir : "notes", env->content_dir, qrels, glove, &e, &err) != 0 ||
        live_eval_run(e, &err) != 0) {
        return cli_fail_err(&err);
    }
    LiveTools t;
    bool have_tools = live_tools_run(env->content_dir, tools, &t, &err) == 0;
    if (!have_tools)
        fprintf(stderr, "rampup: warning: tool-call eval skipped: %s\n", err.msg);
    if (e->unmatched)
        fprintf(stderr, "rampup: warning: %zu judged sections match no note heading (first: %s)\n",
                e->unmatched, e->unmatched_ref);
    cJSON *o = a->json ? cJSON_CreateObject() : NULL;
    cJSON *ms = o ? cJSON_AddArrayToObject(o, "retrieval") : NULL;
    if (!o)
        printf("Retrieval on the notes: %zu questions, %zu chunks (95%% bootstrap intervals)\n",
               e->qrels.n, e->corpus->n);
    for (int m = 0; m < RAG_METHOD_COUNT; m++) {
        const LiveMethod *lm = &e->methods[m];
        if (o) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "method", rag_method_name(lm->method));
            cJSON_AddBoolToObject(j, "available", lm->available);
            if (lm->available) {
                cJSON_AddNumberToObject(j, "ndcg@10", lm->mean_ndcg);
                cJSON_AddNumberToObject(j, "ndcg_low", lm->ci_ndcg.low);
                cJSON_AddNumberToObject(j, "ndcg_high", lm->ci_ndcg.high);
                cJSON_AddNumberToObject(j, "recall@10", lm->mean_recall);
                cJSON_AddNumberToObject(j, "mrr@10", lm->mean_rr);
                if (m != RAG_BM25 && lm->vs_bm25.iters) {
                    cJSON_AddNumberToObject(j, "vs_bm25", lm->vs_bm25.diff);
                    cJSON_AddNumberToObject(j, "vs_bm25_low", lm->vs_bm25.ci.low);
                    cJSON_AddNumberToObject(j, "vs_bm25_high", lm->vs_bm25.ci.high);
                    cJSON_AddNumberToObject(j, "vs_bm25_p", lm->vs_bm25.p);
                }
                cJSON *f = cJSON_AddArrayToObject(j, "failed");
                for (size_t q = 0; q < e->qrels.n; q++)
                    if (lm->ndcg[q] == 0)
                        cJSON_AddItemToArray(f, cJSON_CreateString(e->qrels.items[q].q));
                if (a->per_query) {
                    cJSON *pq = cJSON_AddArrayToObject(j, "per_query");
                    for (size_t q = 0; q < e->qrels.n; q++)
                        cJSON_AddItemToArray(pq, cJSON_CreateNumber(lm->ndcg[q]));
                }
            } else
                cJSON_AddStringToObject(j, "why", lm->why);
            cJSON_AddItemToArray(ms, j);
            continue;
        }
        if (!lm->available) {
            printf("  %-7s unavailable: %s\n", rag_method_name(lm->method), lm->why);
            continue;
        }
        size_t fails = 0;
        for (size_t q = 0; q < e->qrels.n; q++)
            fails += lm->ndcg[q] == 0;
        printf("  %-7s nDCG@10 %.3f [%.3f, %.3f]  recall@10 %.3f  MRR@10 %.3f  %zu missed",
               rag_method_name(lm->method), lm->mean_ndcg, lm->ci_ndcg.low, lm->ci_ndcg.high,
               lm->mean_recall, lm->mean_rr, fails);
        if (m != RAG_BM25 && lm->vs_bm25.iters)
            printf("  vs bm25 %+.3f [%+.3f, %+.3f] p %.3f", lm->vs_bm25.diff,
                   lm->vs_bm25.ci.low, lm->vs_bm25.ci.high, lm->vs_bm25.p);
        printf("\n");
    }
    if (a->per_query && !o) {
        printf("\n  %-60s %6s %6s %6s %6s\n", "question", "bm25", "lsa", "glove", "hybrid");
        for (size_t q = 0; q < e->qrels.n; q++) {
            printf("  %-60.60s", e->qrels.items[q].q);
            for (int m = 0; m < RAG_METHOD_COUNT; m++)
                printf(" %6.3f", e->methods[m].available ? e->methods[m].ndcg[q] : 0.0);
            printf("\n");
        }
    }
    if (have_tools) {
        if (o) {
            cJSON *j = cJSON_AddObjectToObject(o, "tool_calls");
            cJSON_AddNumberToObject(j, "items", (double)t.report.n);
            cJSON_AddNumberToObject(j, "accuracy", t.ci.point);
            cJSON_AddNumberToObject(j, "low", t.ci.low);
            cJSON_AddNumberToObject(j, "high", t.ci.high);
        } else
            printf("Calculator agent tool calls: %zu / %zu = %.3f, Wilson 95%% [%.3f, %.3f]\n",
                   t.report.both_ok, t.report.n, t.ci.point, t.ci.low, t.ci.high);
        live_tools_free(&t);
    }
    live_eval_free(e);
    return o ? print_json(o) : CLI_OK;
}

int cli_evals(const CliEnv *env, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_usage(stdout);
            return CLI_OK;
        }
    EvArgs a;
    int rc = parse(argc, argv, strcmp(argv[1], "passk") == 0, &a);
    if (rc)
        return rc;
    const char *sub = argv[1];
    if (a.name && strcmp(sub, "cards") != 0)
        return cli_usage("evals", "unexpected argument '%s'", a.name);
    if (strcmp(sub, "ci") == 0)
        return cmd_ci(&a);
    if (strcmp(sub, "samples") == 0)
        return cmd_samples(&a);
    if (strcmp(sub, "compare") == 0)
        return cmd_compare(&a);
    if (strcmp(sub, "passk") == 0)
        return cmd_passk(&a);
    if (strcmp(sub, "cards") == 0)
        return cmd_cards(env, &a);
    if (strcmp(sub, "run") == 0)
        return cmd_run(env, &a);
    return cli_usage("evals", "unknown subcommand '%s' (ci, samples, compare, passk, cards, run)",
                     sub);
}
