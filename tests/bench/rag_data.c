/* SciFact (BEIR layout) loading and scoring for bench_rag. */
#include "tests/bench/rag_data.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/metrics.h"

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

typedef struct Pairs {
    char **ids, **texts;
    size_t n, cap;
} Pairs;

static int load_jsonl(const char *path, int with_title, Pairs *out, char *msg, size_t msglen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(msg, msglen, "%s: cannot open", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        cJSON *j = cJSON_Parse(line);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "_id");
        const cJSON *tx = cJSON_GetObjectItemCaseSensitive(j, "text");
        const cJSON *ti = cJSON_GetObjectItemCaseSensitive(j, "title");
        if (!cJSON_IsString(id) || !cJSON_IsString(tx)) {
            snprintf(msg, msglen, "%s:%d: expected _id and text", path, lineno);
            cJSON_Delete(j);
            free(line);
            fclose(f);
            return -1;
        }
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 1024;
            out->ids = realloc(out->ids, out->cap * sizeof *out->ids);
            out->texts = realloc(out->texts, out->cap * sizeof *out->texts);
        }
        out->ids[out->n] = xstrdup(id->valuestring);
        if (with_title && cJSON_IsString(ti)) {
            size_t a = strlen(ti->valuestring), b = strlen(tx->valuestring);
            char *t = malloc(a + b + 2);
            memcpy(t, ti->valuestring, a);
            t[a] = '\n';
            memcpy(t + a + 1, tx->valuestring, b + 1);
            out->texts[out->n] = t;
        } else {
            out->texts[out->n] = xstrdup(tx->valuestring);
        }
        out->n++;
        cJSON_Delete(j);
    }
    free(line);
    fclose(f);
    return 0;
}

static long find_id(char **ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0) return (long)i;
    return -1;
}

int bench_data_load(const char *dir, const char *split, BenchData *d, char *msg, size_t msglen)
{
    memset(d, 0, sizeof *d);
    char path[1024];
    Pairs docs = { 0 }, qs = { 0 };
    snprintf(path, sizeof path, "%s/corpus.jsonl", dir);
    if (load_jsonl(path, 1, &docs, msg, msglen) != 0) return -1;
    snprintf(path, sizeof path, "%s/queries.jsonl", dir);
    if (load_jsonl(path, 0, &qs, msg, msglen) != 0) return -1;
    d->ndocs = docs.n;
    d->doc_ids = docs.ids;
    d->doc_texts = docs.texts;
    snprintf(path, sizeof path, "%s/qrels/%s.tsv", dir, split);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(msg, msglen, "%s: cannot open", path);
        return -1;
    }
    /* qrels: per query index, a list of doc indexes */
    uint32_t **rel = calloc(qs.n, sizeof *rel);
    size_t *nrel = calloc(qs.n, sizeof *nrel);
    char line[512];
    int lineno = 0;
    size_t total = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char qid[128], did[128];
        int score;
        if (sscanf(line, "%127s %127s %d", qid, did, &score) != 3) continue; /* header */
        if (score <= 0) continue;
        long q = find_id(qs.ids, qs.n, qid), dd = find_id(d->doc_ids, d->ndocs, did);
        if (q < 0 || dd < 0) {
            snprintf(msg, msglen, "%s:%d: unknown id", path, lineno);
            fclose(f);
            return -1;
        }
        rel[q] = realloc(rel[q], (nrel[q] + 1) * sizeof **rel);
        rel[q][nrel[q]++] = (uint32_t)dd;
        total++;
    }
    fclose(f);
    size_t nj = 0;
    for (size_t q = 0; q < qs.n; q++) nj += nrel[q] > 0;
    d->nqueries = nj;
    d->q_ids = malloc(nj * sizeof *d->q_ids);
    d->q_texts = malloc(nj * sizeof *d->q_texts);
    d->rel_start = malloc((nj + 1) * sizeof *d->rel_start);
    d->rel_docs = malloc((total ? total : 1) * sizeof *d->rel_docs);
    size_t j = 0, r = 0;
    for (size_t q = 0; q < qs.n; q++) {
        if (nrel[q] == 0) {
            free(qs.ids[q]);
            free(qs.texts[q]);
            continue;
        }
        d->q_ids[j] = qs.ids[q];
        d->q_texts[j] = qs.texts[q];
        d->rel_start[j] = r;
        memcpy(d->rel_docs + r, rel[q], nrel[q] * sizeof *rel[q]);
        r += nrel[q];
        j++;
        free(rel[q]);
    }
    d->rel_start[nj] = r;
    free(rel);
    free(nrel);
    free(qs.ids);
    free(qs.texts);
    return 0;
}

void bench_data_free(BenchData *d)
{
    for (size_t i = 0; i < d->ndocs; i++) {
        free(d->doc_ids[i]);
        free(d->doc_texts[i]);
    }
    for (size_t i = 0; i < d->nqueries; i++) {
        free(d->q_ids[i]);
        free(d->q_texts[i]);
    }
    free(d->doc_ids);
    free(d->doc_texts);
    free(d->q_ids);
    free(d->q_texts);
    free(d->rel_start);
    free(d->rel_docs);
    memset(d, 0, sizeof *d);
}

void bench_score(const BenchData *d, size_t q, const RagHit *hits, size_t n, double *ndcg10,
                 double *recall100)
{
    size_t r0 = d->rel_start[q], nr = d->rel_start[q + 1] - r0;
    double gains[100], ideal[64];
    size_t m = n < 100 ? n : 100;
    for (size_t i = 0; i < m; i++) {
        gains[i] = 0.0;
        for (size_t j = 0; j < nr; j++)
            if (d->rel_docs[r0 + j] == hits[i].doc) gains[i] = 1.0;
    }
    size_t ni = nr < 64 ? nr : 64;
    for (size_t i = 0; i < ni; i++) ideal[i] = 1.0;
    *ndcg10 = metric_ndcg(gains, m, ideal, ni, 10);
    *recall100 = metric_recall(gains, m, nr, 100);
}
