/* `rampup evals ci|samples|compare|passk|cards|run`: evaluation statistics (engine/evals). */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evals/cards.h"
#include "engine/evals/evals.h"
#include "engine/evals/live.h"

static const char usage_text[] =
    "usage: rampup evals ci --n N --accuracy P [--confidence C] [--json]\n"
    "       rampup evals samples --margin M [--accuracy P] [--confidence C] [--json]\n"
    "       rampup evals compare --n N --accuracy P --accuracy2 P2 [--n2 N2]\n"
    "                            [--b B --c C] [--confidence C] [--json]\n"
    "       rampup evals passk --n N --c C --k K [--json]\n"
    "       rampup evals cards [NAME] [--json]\n"
    "       rampup evals run [--per-query] [--json]\n"
    "\n"
    "ci       accuracy P on N items with its Wilson interval (and the Wald one)\n"
    "samples  items needed for a +-M interval at accuracy P (default 0.5, the worst case)\n"
    "compare  two models' accuracies: unpaired two-proportion z test; with --b (items only\n"
    "         the first got right) and --c (only the second), McNemar's test, exact binomial\n"
    "         and chi-square with continuity correction\n"
    "passk    unbiased pass@k from n samples with c correct (Chen et al. 2021)\n"
    "cards    the benchmark cards of content/benchmarks.yaml with the interval at each size\n"
    "run      live evals of rampup: RAG methods on content/evals/notes_qrels.yaml (nDCG@10,\n"
    "         recall@10, MRR@10 with 95 % bootstrap intervals) and the calculator agent's\n"
    "         tool-call accuracy on content/evals/tool_calls.yaml (Wilson interval)\n"
    "Bounds: N up to 1e9; P, M in [0, 1]; confidence in (0, 1), default 0.95.\n";

typedef struct EvArgs {
    long long n, n2, c, k, b, cc;
    double acc, acc2, margin, conf;
    bool json, per_query, have_n, have_acc, have_acc2, have_c, have_k, have_b, have_cc,
        have_margin, have_n2;
    const char *name;
} EvArgs;

static int parse(int argc, char **argv, EvArgs *a)
{
    memset(a, 0, sizeof *a);
    a->conf = 0.95;
    a->acc = 0.5;
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--json") == 0) {
            a->json = true;
            continue;
        }
        if (strcmp(o, "--per-query") == 0) {
            a->per_query = true;
            continue;
        }
        if (o[0] != '-' && !a->name) {
            a->name = o;
            continue;
        }
        if (!v)
            return cli_usage("evals", "unknown option or missing value: '%s'", o);
        bool ok;
        if (strcmp(o, "--n") == 0)
            ok = a->have_n = cli_parse_ll(v, 1, EVALS_MAX_N, &a->n);
        else if (strcmp(o, "--n2") == 0)
            ok = a->have_n2 = cli_parse_ll(v, 1, EVALS_MAX_N, &a->n2);
        else if (strcmp(o, "--c") == 0)
            ok = a->have_c = a->have_cc = cli_parse_ll(v, 0, EVALS_MAX_N, &a->c);
        else if (strcmp(o, "--k") == 0)
            ok = a->have_k = cli_parse_ll(v, 1, EVALS_MAX_N, &a->k);
        else if (strcmp(o, "--b") == 0)
            ok = a->have_b = cli_parse_ll(v, 0, EVALS_MAX_N, &a->b);
        else if (strcmp(o, "--accuracy") == 0)
            ok = a->have_acc = cli_parse_double(v, 0, 1, &a->acc);
        else if (strcmp(o, "--accuracy2") == 0)
            ok = a->have_acc2 = cli_parse_double(v, 0, 1, &a->acc2);
        else if (strcmp(o, "--margin") == 0)
            ok = a->have_margin = cli_parse_double(v, 1e-6, 0.999999, &a->margin);
        else if (strcmp(o, "--confidence") == 0)
            ok = cli_parse_double(v, 1e-6, 0.999999, &a->conf);
        else
            return cli_usage("evals", "unknown option '%s'", o);
        if (!ok)
            return cli_usage("evals", "%s: bad value '%s' (see --help for the bounds)", o, v);
        i++;
    }
    a->cc = a->c;
    return 0;
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
    if (!a->have_n || !a->have_acc)
        return cli_usage("evals", "ci needs --n and --accuracy");
    long long c = count_of(a->acc, a->n);
    EvalsInterval w, wald;
    RError err;
    if (evals_wilson(c, a->n, a->conf, &w, &err) || evals_wald(c, a->n, a->conf, &wald, &err))
        return cli_fail_err(&err);
    if (a->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "n", (double)a->n);
        cJSON_AddNumberToObject(o, "correct", (double)c);
        cJSON_AddNumberToObject(o, "accuracy", w.point);
        cJSON_AddNumberToObject(o, "confidence", a->conf);
        cJSON_AddNumberToObject(o, "low", w.low);
        cJSON_AddNumberToObject(o, "high", w.high);
        cJSON_AddNumberToObject(o, "half_width", (w.high - w.low) / 2);
        cJSON_AddNumberToObject(o, "wald_low", wald.low);
        cJSON_AddNumberToObject(o, "wald_high", wald.high);
        cJSON_AddStringToObject(o, "method", "wilson");
        return print_json(o);
    }
    printf("%lld / %lld = %.4f\n  Wilson %.0f%%: [%.4f, %.4f]  (+-%.2f points)\n", c, a->n,
           w.point, 100 * a->conf, w.low, w.high, 50 * (w.high - w.low));
    printf("  Wald   %.0f%%: [%.4f, %.4f]\n", 100 * a->conf, wald.low, wald.high);
    return CLI_OK;
}

static int cmd_samples(const EvArgs *a)
{
    if (!a->have_margin)
        return cli_usage("evals", "samples needs --margin (e.g. 0.02 for +-2 points)");
    long long n;
    RError err;
    if (evals_sample_size(a->acc, a->margin, a->conf, &n, &err))
        return cli_fail_err(&err);
    if (a->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "n", (double)n);
        cJSON_AddNumberToObject(o, "accuracy", a->acc);
        cJSON_AddNumberToObject(o, "margin", a->margin);
        cJSON_AddNumberToObject(o, "confidence", a->conf);
        return print_json(o);
    }
    printf("%lld items for +-%.2f points at accuracy %.3f (%.0f%%, n = z^2 p(1-p) / m^2)\n", n,
           100 * a->margin, a->acc, 100 * a->conf);
    return CLI_OK;
}

static int cmd_compare(const EvArgs *a)
{
    if (!a->have_n || !a->have_acc || !a->have_acc2)
        return cli_usage("evals", "compare needs --n, --accuracy and --accuracy2");
    long long n2 = a->have_n2 ? a->n2 : a->n;
    EvalsTwoProp t;
    RError err;
    if (evals_two_proportion(count_of(a->acc, a->n), a->n, count_of(a->acc2, n2), n2, a->conf,
                             &t, &err))
        return cli_fail_err(&err);
    EvalsMcnemar m = {0};
    bool paired = a->have_b && a->have_cc;
    if (paired && evals_mcnemar(a->b, a->cc, &m, &err))
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
    printf("%.4f vs %.4f: difference %+.4f, %.0f%% interval [%+.4f, %+.4f]\n", a->acc, a->acc2,
           t.diff, 100 * a->conf, t.ci.low, t.ci.high);
    printf("  unpaired two-proportion z = %.3f, p = %.4f\n", t.z, t.p);
    if (paired)
        printf("  paired McNemar (b %lld, c %lld): exact p = %.4f, chi-square %.3f p = %.4f\n",
               a->b, a->cc, m.p_exact, m.chi2, m.p_chi2);
    else
        printf("  (same items? give --b and --c, the discordant counts, for McNemar's test)\n");
    return CLI_OK;
}

static int cmd_passk(const EvArgs *a)
{
    if (!a->have_n || !a->have_c || !a->have_k)
        return cli_usage("evals", "passk needs --n, --c and --k");
    double v;
    RError err;
    if (evals_pass_at_k(a->n, a->c, a->k, &v, &err))
        return cli_fail_err(&err);
    if (a->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "n", (double)a->n);
        cJSON_AddNumberToObject(o, "c", (double)a->c);
        cJSON_AddNumberToObject(o, "k", (double)a->k);
        cJSON_AddNumberToObject(o, "pass_at_k", v);
        return print_json(o);
    }
    printf("pass@%lld = %.6f  (n %lld samples, c %lld correct; 1 - C(n-c,k)/C(n,k))\n", a->k, v,
           a->n, a->c);
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
    CardList l;
    RError err;
    if (cards_load(path, &l, &err) != 0)
        return cli_fail_err(&err);
    if (a->name && !cards_find(&l, a->name)) {
        cards_free(&l);
        return cli_usage("evals", "no benchmark card '%s'", a->name);
    }
    cJSON *arr = a->json ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < l.n; i++) {
        const BenchCard *c = &l.items[i];
        if (a->name && c != cards_find(&l, a->name))
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
            const CardSize *z = &c->sizes[k];
            printf("  %-28s n %6lld  at %.2f: [%.3f, %.3f]  (+-%.1f pts at 0.5)  %s\n", z->split,
                   z->n, c->example_score, z->ci.low, z->ci.high, 100 * z->half_worst,
                   z->source);
        }
        for (size_t k = 0; k < c->npitfalls; k++)
            printf("  - %s\n", c->pitfalls[k]);
    }
    cards_free(&l);
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
    if (live_eval_new(env->notes_dir ? env->notes_dir : "notes", qrels, glove, &e, &err) != 0 ||
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
        printf("  %-7s nDCG@10 %.3f [%.3f, %.3f]  recall@10 %.3f  MRR@10 %.3f  %zu missed\n",
               rag_method_name(lm->method), lm->mean_ndcg, lm->ci_ndcg.low, lm->ci_ndcg.high,
               lm->mean_recall, lm->mean_rr, fails);
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
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return CLI_OK;
        }
    EvArgs a;
    int rc = parse(argc, argv, &a);
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
