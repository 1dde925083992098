/* `rampup rag-eval --beir DIR`: retrieval quality and speed on a BEIR-format collection. */
#include "tui/cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/evals/evals.h"
#include "engine/rag/beir.h"
#include "tui/cli/rag.h"

static void usage(FILE *f)
{
    fputs("usage: rampup rag-eval --beir DIR [--split test|dev|train] [--qrels FILE]\n"
          "                       [--method bm25|lsa|glove|hybrid] [--k1 X --b Y]\n"
          "                       [--dense lsa|glove] [--fusion rrf|blend] [--weight W]\n"
          "                       [--rank R] [--stem porter|none]\n"
          "                       [--stop english|lucene|none] [--json]\n"
          "Indexes DIR/corpus.jsonl (title and text as one field), runs every judged query of\n"
          "DIR/queries.jsonl against DIR/qrels/<split>.tsv (default: the first of test, dev\n"
          "and train that DIR has) or --qrels FILE, and prints nDCG@10, recall@100, MRR@10\n"
          "and MAP over the top 1000.\n",
          f);
}

typedef struct EvalCtx {
    RagEngine *eng;
    RagSettings s;
    RagResult *res;
    double *lat; /* per-query seconds */
    size_t nlat, cap;
} EvalCtx;

static int rank_fn(void *ctx, const char *query, size_t k, RagHit *out, size_t *nout,
                   RError *err)
{
    EvalCtx *c = ctx;
    c->s.k = k;
    c->s.depth = k;
    size_t n = 0;
    double t0 = rag_now();
    if (rag_engine_search(c->eng, &c->s, query, c->res, &n, NULL, err) != 0)
        return -1;
    if (c->nlat < c->cap)
        c->lat[c->nlat++] = rag_now() - t0;
    for (size_t i = 0; i < n; i++) {
        out[i].doc = c->res[i].doc;
        out[i].score = c->res[i].score;
    }
    *nout = n;
    return 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char compare_usage[] =
    "       rampup rag-eval --beir DIR ... --per-query | --compare A B\n"
    "--per-query prints each judged query's nDCG@10; --compare A B runs methods A and B\n"
    "(bm25, lsa, glove, hybrid) on the same queries and gives the paired difference of their\n"
    "nDCG@10 with a 95 % bootstrap interval (10,000 resamples of the queries, seed 1) and a\n"
    "two-sided p-value.\n";

/* --compare A B: both methods on the same queries, paired bootstrap of nDCG@10. */
static int compare_methods(RagEngine *eng, const Beir *b, RagSettings s, const char *ma,
                           const char *mb, bool json)
{
    int m[2] = {rag_method_parse(ma), rag_method_parse(mb)};
    double *pq[2] = {calloc(b->nqueries + 1, sizeof(double)),
                     calloc(b->nqueries + 1, sizeof(double))};
    RagEval ev[2];
    EvalCtx c = {.eng = eng, .res = malloc(1000 * sizeof(RagResult))};
    RError err;
    rerror_clear(&err);
    int status = CLI_OK;
    for (int k = 0; k < 2 && status == CLI_OK; k++) {
        c.s = s;
        c.s.method = (RagMethod)m[k];
        RagMethod dm = c.s.method == RAG_HYBRID ? c.s.dense : c.s.method;
        if (!pq[k] || !c.res)
            status = cli_fail("rag-eval: out of memory");
        else if ((c.s.method != RAG_BM25 && rag_engine_prepare(eng, dm, s.lsa_rank, &err) != 0) ||
                 beir_evaluate(b, rank_fn, &c, 1000, &ev[k], pq[k], &err) != 0)
            status = cli_fail_err(&err);
    }
    size_t n = 0; /* keep the judged queries, pairwise */
    for (size_t q = 0; status == CLI_OK && q < b->nqueries; q++)
        if (!isnan(pq[0][q]) && !isnan(pq[1][q])) {
            pq[0][n] = pq[0][q];
            pq[1][n] = pq[1][q];
            n++;
        }
    EvalsBootstrap bs;
    if (status == CLI_OK &&
        evals_paired_bootstrap(pq[0], pq[1], n, 10000, 1, 0.95, &bs, &err) != 0)
        status = cli_fail_err(&err);
    if (status == CLI_OK && json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "method_a", rag_method_name((RagMethod)m[0]));
        cJSON_AddStringToObject(o, "method_b", rag_method_name((RagMethod)m[1]));
        cJSON_AddNumberToObject(o, "ndcg@10_a", ev[0].ndcg10);
        cJSON_AddNumberToObject(o, "ndcg@10_b", ev[1].ndcg10);
        cJSON_AddNumberToObject(o, "diff", bs.diff);
        cJSON_AddNumberToObject(o, "low", bs.ci.low);
        cJSON_AddNumberToObject(o, "high", bs.ci.high);
        cJSON_AddNumberToObject(o, "p", bs.p);
        cli_json_add_u64(o, "queries", n);
        cJSON_AddNumberToObject(o, "resamples", bs.iters);
        status = cli_json_print(o);
        cJSON_Delete(o);
    } else if (status == CLI_OK) {
        printf("nDCG@10 over %zu queries: %s %.4f, %s %.4f\n", n,
               rag_method_name((RagMethod)m[0]), ev[0].ndcg10, rag_method_name((RagMethod)m[1]),
               ev[1].ndcg10);
        printf("  paired difference A - B %+.4f, 95%% bootstrap interval [%+.4f, %+.4f], p = %.4f\n",
               bs.diff, bs.ci.low, bs.ci.high, bs.p);
        printf("  %s\n", bs.ci.low > 0 || bs.ci.high < 0
                             ? "the interval excludes 0: the difference is unlikely to be noise"
                             : "the interval contains 0: no evidence of a difference on this split");
    }
    free(pq[0]);
    free(pq[1]);
    free(c.res);
    return status;
}

int cli_rag_eval(const CliEnv *env, int argc, char **argv)
{
    bool per_query = false;
    const char *cmp_a = NULL, *cmp_b = NULL;

    RagSettings s = rag_settings_default();
    s.plain = true;
    AnalyzerOptions an = analyzer_default();
    const char *dir = NULL, *split = NULL, *qrels = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            fputs(compare_usage, stdout);
            return CLI_OK;
        }
        int rc = cli_rag_parse_common("rag-eval", argc, argv, &i, &s);
        if (rc < 0)
            return -rc;
        if (rc)
            continue;
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (strcmp(a, "--per-query") == 0) {
            per_query = true;
            continue;
        }
        if (strcmp(a, "--compare") == 0) {
            if (i + 2 >= argc || rag_method_parse(argv[i + 1]) < 0 ||
                rag_method_parse(argv[i + 2]) < 0)
                return cli_usage("rag-eval", "--compare: expected two methods "
                                             "(bm25, lsa, glove, hybrid)");
            cmp_a = argv[i + 1];
            cmp_b = argv[i + 2];
            i += 2;
            continue;
        }
        if (!v)
            return cli_usage("rag-eval", "unknown option or missing value: '%s'", a);
        if (strcmp(a, "--beir") == 0)
            dir = v;
        else if (strcmp(a, "--split") == 0) {
            if (strcmp(v, "train") && strcmp(v, "test") && strcmp(v, "dev"))
                return cli_usage("rag-eval", "--split: expected train, test or dev");
            split = v;
        } else if (strcmp(a, "--qrels") == 0)
            qrels = v;
        else if (strcmp(a, "--stem") == 0) {
            if (strcmp(v, "porter") == 0)
                an.stem = true;
            else if (strcmp(v, "none") == 0)
                an.stem = false;
            else
                return cli_usage("rag-eval", "--stem: expected porter or none");
        } else if (strcmp(a, "--stop") == 0) {
            int found = 0;
            for (int l = 0; l < STOP_COUNT; l++)
                if (strcmp(v, stoplist_name((StopList)l)) == 0) {
                    an.stop = (StopList)l;
                    found = 1;
                }
            if (!found)
                return cli_usage("rag-eval", "--stop: expected english, lucene or none");
        } else
            return cli_usage("rag-eval", "unknown option '%s'", a);
        i++;
    }
    if (!dir)
        return cli_usage("rag-eval", "missing --beir DIR");
    /* The default split is the first of test, dev, train that DIR has (the shipped SciFact
     * copy has only train); a split it lacks is an error that names the ones it has. */
    static const char *const splits[] = {"test", "dev", "train"};
    char have[64] = "";
    for (size_t k = 0; k < 3 && !qrels; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/qrels/%s.tsv", dir, splits[k]);
        if (access(path, R_OK) != 0)
            continue;
        snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s", have[0] ? ", " : "",
                 splits[k]);
        if (!split)
            split = splits[k];
    }
    if (!qrels) {
        char path[4200];
        snprintf(path, sizeof path, "%s/qrels/%s.tsv", dir, split ? split : "test");
        if (!split || access(path, R_OK) != 0)
            return cli_fail("%s: no such split%s%s%s", path, have[0] ? " (available: " : "",
                            have, have[0] ? ")" : "; DIR/qrels/ has no test, dev or train.tsv");
    }
    RError err;
    rerror_clear(&err);
    Beir *b;
    if (beir_load(dir, split, qrels, &b, &err) != 0)
        return cli_fail_err(&err);
    if (b->qrels_unknown)
        fprintf(stderr, "rampup: warning: %zu judgments name unknown ids (skipped)\n",
                b->qrels_unknown);
    char glove[2048];
    snprintf(glove, sizeof glove, "%s/glove", env->content_dir ? env->content_dir : "content");
    EvalCtx c = {.s = s};
    int status = CLI_OK;
    if (rag_engine_new(b->corpus, &an, glove, &c.eng, &err) != 0) {
        beir_free(b);
        return cli_fail_err(&err);
    }
    if (cmp_a) {
        status = compare_methods(c.eng, b, s, cmp_a, cmp_b, json);
        rag_engine_free(c.eng);
        beir_free(b);
        return status;
    }
    RagMethod dm = s.method == RAG_HYBRID ? s.dense : s.method;
    if (s.method != RAG_BM25 && rag_engine_prepare(c.eng, dm, s.lsa_rank, &err) != 0) {
        rag_engine_free(c.eng);
        beir_free(b);
        return cli_fail_err(&err);
    }
    double index_s = c.eng->bm25_seconds + c.eng->lsa_seconds + c.eng->sif_seconds;
    c.res = malloc(1000 * sizeof *c.res);
    c.cap = b->nqueries;
    c.lat = malloc((c.cap ? c.cap : 1) * sizeof *c.lat);
    double *pq = per_query ? calloc(b->nqueries + 1, sizeof *pq) : NULL;
    RagEval ev;
    if (!c.res || !c.lat || (per_query && !pq)) {
        status = cli_fail("rag-eval: out of memory");
    } else if (beir_evaluate(b, rank_fn, &c, 1000, &ev, pq, &err) != 0) {
        status = cli_fail_err(&err);
    } else {
        qsort(c.lat, c.nlat, sizeof *c.lat, cmp_d);
        double p50 = c.nlat ? c.lat[c.nlat / 2] : 0.0;
        double p99 = c.nlat ? c.lat[(size_t)((double)(c.nlat - 1) * 0.99)] : 0.0;
        double qps = ev.seconds > 0 ? (double)ev.queries / ev.seconds : 0.0;
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "method", rag_method_name(s.method));
            cJSON_AddStringToObject(o, "split", qrels ? qrels : split);
            cJSON_AddNumberToObject(o, "ndcg@10", ev.ndcg10);
            cJSON_AddNumberToObject(o, "recall@100", ev.recall100);
            cJSON_AddNumberToObject(o, "mrr@10", ev.mrr10);
            cJSON_AddNumberToObject(o, "map", ev.map);
            cli_json_add_u64(o, "queries", ev.queries);
            cli_json_add_u64(o, "documents", b->corpus->n);
            cJSON_AddNumberToObject(o, "index_seconds", index_s);
            cJSON_AddNumberToObject(o, "queries_per_second", qps);
            cJSON_AddNumberToObject(o, "latency_ms_p50", p50 * 1e3);
            cJSON_AddNumberToObject(o, "latency_ms_p99", p99 * 1e3);
            cJSON_AddNumberToObject(o, "k1", s.k1);
            cJSON_AddNumberToObject(o, "b", s.b);
            cJSON_AddStringToObject(o, "stem", an.stem ? "porter" : "none");
            cJSON_AddStringToObject(o, "stop", stoplist_name(an.stop));
            if (s.method == RAG_HYBRID) {
                cJSON_AddStringToObject(o, "dense", rag_method_name(s.dense));
                cJSON_AddStringToObject(o, "fusion", s.fusion == RAG_FUSE_RRF ? "rrf" : "blend");
                cJSON_AddNumberToObject(o, "weight", s.weight);
            }
            if (dm == RAG_LSA && s.method != RAG_BM25)
                cli_json_add_u64(o, "rank", s.lsa_rank);
            if (pq) {
                cJSON *arr = cJSON_AddArrayToObject(o, "per_query");
                for (size_t q = 0; q < b->nqueries; q++)
                    if (!isnan(pq[q])) {
                        cJSON *e = cJSON_CreateObject();
                        cJSON_AddStringToObject(e, "id", b->queries[q].id);
                        cJSON_AddNumberToObject(e, "ndcg@10", pq[q]);
                        cJSON_AddItemToArray(arr, e);
                    }
            }
            status = cli_json_print(o);
            cJSON_Delete(o);
        } else {
            printf("%s on %s (%s): %zu queries, %zu documents\n", rag_method_name(s.method), dir,
                   qrels ? qrels : split, ev.queries, b->corpus->n);
            printf("  ndcg@10     %.4f\n  recall@100  %.4f\n", ev.ndcg10, ev.recall100);
            printf("  mrr@10      %.4f\n  map         %.4f\n", ev.mrr10, ev.map);
            printf("  index       %.3f s\n  queries     %.0f /s (p50 %.2f ms, p99 %.2f ms)\n",
                   index_s, qps, p50 * 1e3, p99 * 1e3);
            for (size_t q = 0; pq && q < b->nqueries; q++)
                if (!isnan(pq[q]))
                    printf("  query %-12s ndcg@10 %.4f\n", b->queries[q].id, pq[q]);
        }
    }
    free(c.res);
    free(c.lat);
    free(pq);
    rag_engine_free(c.eng);
    beir_free(b);
    return status;
}
