/* Live evals (see live.h): retrieval on the notes, step by step, and tool-call accuracy. */
#include "engine/evals/live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/content/yaml.h"

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void live_qrels_free(LiveQrels *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++) {
        free(q->items[i].q);
        for (size_t j = 0; j < q->items[i].nrel; j++)
            free(q->items[i].rel[j]);
        free(q->items[i].rel);
    }
    free(q->items);
    q->items = NULL;
    q->n = 0;
}

static int decode_question(const YamlDoc *doc, const cJSON *it, LiveQuestion *lq, RError *err)
{
    if (!cJSON_IsObject(it))
        return yaml_error(doc, it, err, "expected a mapping {q, relevant}");
    const char *q;
    if (yaml_get_string(doc, it, "q", true, &q, err) != 0)
        return -1;
    if (strlen(q) == 0 || strlen(q) > 500)
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(it, "q"), err,
                          "a question must have 1 to 500 characters");
    const cJSON *rel = cJSON_GetObjectItemCaseSensitive(it, "relevant");
    if (!rel)
        return yaml_error(doc, it, err, "missing required key \"relevant\"");
    int n = cJSON_GetArraySize(rel);
    if (!cJSON_IsArray(rel) || n < 1 || n > LIVE_MAX_RELEVANT)
        return yaml_error(doc, rel, err, "\"relevant\" must list 1 to %d sections",
                          LIVE_MAX_RELEVANT);
    int line = 0, col = 0;
    yaml_pos(doc, it, &line, &col);
    lq->line = line;
    if (!(lq->q = dup_str(q)) || !(lq->rel = calloc((size_t)n, sizeof *lq->rel)))
        return rerror_set(err, "out of memory");
    const cJSON *r;
    cJSON_ArrayForEach(r, rel)
    {
        if (!cJSON_IsString(r) || !strchr(r->valuestring, '#') || strlen(r->valuestring) > 300)
            return yaml_error(doc, r, err, "expected \"file.md#Heading\"");
        if (!(lq->rel[lq->nrel] = dup_str(r->valuestring)))
            return rerror_set(err, "out of memory");
        lq->nrel++;
    }
    return 0;
}

int live_qrels_load(const char *path, LiveQrels *out, RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc = NULL;
    const cJSON *list, *it;
    int rc = yaml_load_list(path, "questions", LIVE_MAX_QUESTIONS, &doc, &list, err);
    if (rc == 0 && !(out->items = calloc((size_t)cJSON_GetArraySize(list), sizeof *out->items)))
        rc = rerror_set(err, "out of memory");
    if (rc == 0)
        cJSON_ArrayForEach(it, list)
        {
            rc = decode_question(doc, it, &out->items[out->n], err);
            out->n++; /* counted even when partly filled, so free releases it */
            if (rc != 0)
                break;
        }
    yaml_free(doc);
    if (rc != 0)
        live_qrels_free(out);
    return rc;
}

bool live_doc_matches(const char *source, const char *heading_path, const char *ref)
{
    const char *hash = strchr(ref, '#');
    if (!hash || strlen(source) != (size_t)(hash - ref) ||
        strncmp(source, ref, (size_t)(hash - ref)) != 0)
        return false;
    const char *want = hash + 1;
    size_t wl = strlen(want);
    for (const char *p = heading_path; p && *p;) {
        const char *end = strstr(p, " > ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == wl && strncmp(p, want, wl) == 0)
            return true;
        p = end ? end + 3 : NULL;
    }
    return false;
}

static void method_free(LiveMethod *m)
{
    free(m->ndcg);
    free(m->recall);
    free(m->rr);
    free(m->top);
    free(m->order);
}

void live_eval_free(LiveEval *e)
{
    if (!e)
        return;
    for (int i = 0; i < RAG_METHOD_COUNT; i++)
        method_free(&e->methods[i]);
    free(e->res);
    free(e->rel);
    rag_engine_free(e->engine);
    corpus_free(e->corpus);
    live_qrels_free(&e->qrels);
    free(e);
}

/* Marks the judged chunks of every question and counts references that match none. */
static void judge(LiveEval *e)
{
    size_t nd = e->corpus->n;
    for (size_t q = 0; q < e->qrels.n; q++) {
        LiveQuestion *lq = &e->qrels.items[q];
        for (size_t r = 0; r < lq->nrel; r++) {
            bool any = false;
            for (size_t d = 0; d < nd; d++) {
                const RagDoc *doc = &e->corpus->docs[d];
                if (live_doc_matches(doc->source, doc->heading, lq->rel[r])) {
                    any = true;
                    e->rel[q * nd + d] = 1;
                }
            }
            if (!any && e->unmatched++ == 0)
                snprintf(e->unmatched_ref, sizeof e->unmatched_ref, "%s", lq->rel[r]);
        }
        for (size_t d = 0; d < nd; d++)
            lq->nrel_docs += e->rel[q * nd + d];
    }
}

int live_eval_new(const char *notes_dir, const char *content_dir, const char *qrels_path,
                  const char *glove_dir, LiveEval **out, RError *err)
{
    *out = NULL;
    LiveEval *e = calloc(1, sizeof *e);
    if (!e)
        return rerror_set(err, "out of memory");
    ChunkOptions co = chunk_default(true);
    co.figures_from = content_dir; /* the index the RAG pane searches */
    if (live_qrels_load(qrels_path, &e->qrels, err) != 0 ||
        corpus_load_dir(notes_dir, &co, &e->corpus, err) != 0 ||
        rag_engine_new(e->corpus, NULL, glove_dir, &e->engine, err) != 0)
        goto fail;
    size_t nq = e->qrels.n, nd = e->corpus->n;
    if (nd == 0) {
        rerror_set(err, "%s: no notes to search", notes_dir);
        goto fail;
    }
    if (nd > LIVE_MAX_JUDGED / nq) {
        rerror_set(err, "%s: %zu chunks x %zu questions is more than %d judgments", notes_dir,
                   nd, nq, LIVE_MAX_JUDGED);
        goto fail;
    }
    e->rel = calloc(nq * nd, 1);
    e->res = calloc(LIVE_K, sizeof *e->res);
    if (!e->rel || !e->res)
        goto oom;
    for (int m = 0; m < RAG_METHOD_COUNT; m++) {
        LiveMethod *lm = &e->methods[m];
        lm->method = (RagMethod)m;
        lm->available = true;
        lm->ndcg = calloc(nq, sizeof *lm->ndcg);
        lm->recall = calloc(nq, sizeof *lm->recall);
        lm->rr = calloc(nq, sizeof *lm->rr);
        lm->top = calloc(nq, sizeof *lm->top);
        lm->order = calloc(nq, sizeof *lm->order);
        if (!lm->ndcg || !lm->recall || !lm->rr || !lm->top || !lm->order)
            goto oom;
    }
    judge(e);
    e->total = (nq + 1) * RAG_METHOD_COUNT; /* + one index build per method */
    *out = e;
    return 0;
oom:
    rerror_set(err, "out of memory");
fail:
    live_eval_free(e);
    return -1;
}

static void finish_method(LiveMethod *m, size_t n)
{
    /* weakest first: insertion sort, stable, n is small (bounded by LIVE_MAX_QUESTIONS) */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && m->ndcg[m->order[j - 1]] > m->ndcg[i]) {
            m->order[j] = m->order[j - 1];
            j--;
        }
        m->order[j] = i;
    }
    EvalsBootstrap b;
    double *cols[3] = {m->ndcg, m->recall, m->rr};
    double *means[3] = {&m->mean_ndcg, &m->mean_recall, &m->mean_rr};
    EvalsInterval *cis[3] = {&m->ci_ndcg, &m->ci_recall, &m->ci_rr};
    for (int i = 0; i < 3; i++) {
        if (evals_paired_bootstrap(cols[i], NULL, n, LIVE_BOOT, 12345, 0.95, &b, NULL) == 0) {
            *means[i] = b.diff;
            *cis[i] = b.ci;
        }
    }
}

/* Scores question q with method m: gains of the top LIVE_K hits. */
static int score(LiveEval *e, LiveMethod *m, size_t q, RError *err)
{
    RagSettings s = rag_settings_default();
    s.method = m->method;
    s.k = LIVE_K;
    s.plain = true;
    size_t n = 0;
    if (rag_engine_search(e->engine, &s, e->qrels.items[q].q, e->res, &n, NULL, err) != 0)
        return -1;
    size_t nd = e->corpus->n;
    double gains[LIVE_K] = {0}, ideal[LIVE_K];
    for (size_t i = 0; i < n; i++)
        gains[i] = e->rel[q * nd + e->res[i].doc];
    size_t nrel = e->qrels.items[q].nrel_docs;
    size_t ni = nrel < LIVE_K ? nrel : LIVE_K; /* only the top k of the ideal ranking count */
    for (size_t i = 0; i < ni; i++)
        ideal[i] = 1;
    m->ndcg[q] = metric_ndcg(gains, n, ideal, ni, LIVE_K);
    m->recall[q] = nrel ? metric_recall(gains, n, nrel, LIVE_K) : 0;
    m->rr[q] = metric_rr(gains, n, LIVE_K);
    m->top[q] = n ? (long)e->res[0].doc : -1;
    return 0;
}

int live_eval_step(LiveEval *e, size_t budget, RError *err)
{
    size_t nq = e->qrels.n;
    while (!e->done && budget > 0) {
        LiveMethod *m = &e->methods[e->cur];
        if (!m->prepared) {
            /* first step of a method: build what it needs */
            RagMethod need = m->method == RAG_HYBRID ? rag_settings_default().dense : m->method;
            if (need != RAG_BM25) {
                RError why;
                if (rag_engine_prepare(e->engine, need, rag_settings_default().lsa_rank, &why) !=
                    0) {
                    m->available = false;
                    snprintf(m->why, sizeof m->why, "%s", why.msg);
                }
            }
            m->prepared = true;
            e->steps++;
            budget--;
            if (!m->available) {
                e->steps += nq;
                m->done = nq;
            }
        } else if (m->done < nq) {
            if (score(e, m, m->done, err) != 0)
                return -1;
            m->done++;
            e->steps++;
            budget--;
        }
        if (m->done == nq) {
            const LiveMethod *bm = &e->methods[RAG_BM25];
            if (m->available)
                finish_method(m, nq);
            if (m->available && bm->available)
                evals_paired_bootstrap(m->ndcg, bm->ndcg, nq, LIVE_BOOT, 54321, 0.95,
                                       &m->vs_bm25, NULL);
            if (++e->cur == RAG_METHOD_COUNT)
                e->done = true;
        }
    }
    return e->done ? 1 : 0;
}

int live_eval_run(LiveEval *e, RError *err)
{
    int rc;
    while ((rc = live_eval_step(e, 64, err)) == 0) {
    }
    return rc < 0 ? -1 : 0;
}

double live_eval_progress(const LiveEval *e)
{
    return e->total ? (double)e->steps / (double)e->total : 1.0;
}

int live_tools_run(const char *content_dir, const char *path, LiveTools *out, RError *err)
{
    memset(out, 0, sizeof *out);
    ToolModels models;
    if (tool_models_load(content_dir, &models, err) != 0)
        return -1;
    int rc = tool_eval_run(path, &models, &out->report, err);
    tool_models_free(&models);
    if (rc != 0)
        return -1;
    if (out->report.n == 0) {
        live_tools_free(out);
        return rerror_set(err, "%s: no items", path);
    }
    return evals_wilson((long long)out->report.both_ok, (long long)out->report.n, 0.95,
                        &out->ci, err);
}

void live_tools_free(LiveTools *t)
{
    if (t)
        tool_eval_report_free(&t->report);
}
