/* BEIR-format collections and their evaluation. */
#include "engine/rag/beir.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "engine/fileio.h"
#include "engine/rag/metrics.h"

Beir *beir_new(void)
{
    Beir *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->corpus = corpus_new();
    if (!b->corpus) {
        free(b);
        return NULL;
    }
    strmap_init(&b->doc_ids);
    strmap_init(&b->query_ids);
    return b;
}

void beir_free(Beir *b)
{
    if (!b)
        return;
    corpus_free(b->corpus);
    for (size_t i = 0; i < b->nqueries; i++) {
        free(b->queries[i].id);
        free(b->queries[i].text);
    }
    free(b->queries);
    free(b->qrels);
    strmap_clear(&b->doc_ids);
    strmap_clear(&b->query_ids);
    free(b);
}

/* Opens a collection file: a regular file of at most RAG_CORPUS_MAX_BYTES (the limit of a
 * notes corpus: everything is indexed in memory). */
static FILE *open_part(const char *path, RError *err)
{
    FILE *f = fileio_fopen(path, err);
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && (unsigned long long)st.st_size > RAG_CORPUS_MAX_BYTES) {
        fclose(f);
        char lim[32];
        fileio_size_text(RAG_CORPUS_MAX_BYTES, lim, sizeof lim);
        rerror_at(err, path, 0, 0, "file is larger than %s", lim);
        return NULL;
    }
    return f;
}

/* Reads a line (without its '\n'); returns its length or -1 at end of file. */
static long next_line(FILE *f, char **buf, size_t *cap)
{
    ssize_t n = getline(buf, cap, f);
    if (n < 0)
        return -1;
    while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
        (*buf)[--n] = '\0';
    return (long)n;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/* The string value of an id field: JSON strings as they are, integers printed. */
static const char *id_of(const cJSON *v, char *buf, size_t size)
{
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble)) {
        snprintf(buf, size, "%.0f", v->valuedouble);
        return buf;
    }
    return NULL;
}

typedef int (*JsonLineFn)(Beir *b, const char *path, int line, const cJSON *obj, RError *err);

static int read_jsonl(Beir *b, const char *path, JsonLineFn fn, RError *err)
{
    FILE *f = open_part(path, err);
    if (!f)
        return -1;
    char *buf = NULL;
    size_t cap = 0;
    long n;
    int line = 0, rc = 0;
    while (rc == 0 && (n = next_line(f, &buf, &cap)) >= 0) {
        line++;
        if (is_blank(buf))
            continue;
        const char *end = NULL;
        cJSON *obj = cJSON_ParseWithLengthOpts(buf, (size_t)n, &end, 0);
        if (!obj) {
            int col = end ? (int)(end - buf) + 1 : 1;
            rc = rerror_at(err, path, line, col, "invalid JSON");
            break;
        }
        if (!cJSON_IsObject(obj))
            rc = rerror_at(err, path, line, 1, "expected a JSON object");
        else
            rc = fn(b, path, line, obj, err);
        cJSON_Delete(obj);
    }
    free(buf);
    fclose(f);
    return rc;
}

static int on_doc(Beir *b, const char *path, int line, const cJSON *obj, RError *err)
{
    char nbuf[64];
    const char *id = id_of(cJSON_GetObjectItemCaseSensitive(obj, "_id"), nbuf, sizeof nbuf);
    if (!id)
        return rerror_at(err, path, line, 1, "missing string \"_id\"");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(obj, "title");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "text");
    if (!cJSON_IsString(text))
        return rerror_at(err, path, line, 1, "document \"%s\": missing string \"text\"", id);
    if (title && !cJSON_IsString(title) && !cJSON_IsNull(title))
        return rerror_at(err, path, line, 1, "document \"%s\": \"title\" is not a string", id);
    int added;
    long slot = strmap_put(&b->doc_ids, id, strlen(id), (int32_t)b->corpus->n, &added);
    if (slot < 0)
        return rerror_set(err, "beir: out of memory");
    if (!added)
        return rerror_at(err, path, line, 1, "duplicate document id \"%s\"", id);
    return corpus_add(b->corpus, id, "", cJSON_IsString(title) ? title->valuestring : "",
                      text->valuestring, 0, 0, err);
}

static int on_query(Beir *b, const char *path, int line, const cJSON *obj, RError *err)
{
    char nbuf[64];
    const char *id = id_of(cJSON_GetObjectItemCaseSensitive(obj, "_id"), nbuf, sizeof nbuf);
    if (!id)
        return rerror_at(err, path, line, 1, "missing string \"_id\"");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "text");
    if (!cJSON_IsString(text))
        return rerror_at(err, path, line, 1, "query \"%s\": missing string \"text\"", id);
    int added;
    long slot = strmap_put(&b->query_ids, id, strlen(id), (int32_t)b->nqueries, &added);
    if (slot < 0)
        return rerror_set(err, "beir: out of memory");
    if (!added)
        return rerror_at(err, path, line, 1, "duplicate query id \"%s\"", id);
    size_t nq = b->nqueries;
    if ((nq & (nq - 1)) == 0) { /* 0 or a power of two: full; doubling keeps loading linear */
        BeirQuery *grown = realloc(b->queries, (nq ? 2 * nq : 1) * sizeof *grown);
        if (!grown)
            return rerror_set(err, "beir: out of memory");
        b->queries = grown;
    }
    BeirQuery *q = &b->queries[b->nqueries];
    q->id = strdup(id);
    q->text = strdup(text->valuestring);
    if (!q->id || !q->text) {
        free(q->id);
        free(q->text);
        return rerror_set(err, "beir: out of memory");
    }
    b->nqueries++;
    return 0;
}

int beir_load_corpus(Beir *b, const char *path, RError *err)
{
    return read_jsonl(b, path, on_doc, err);
}

int beir_load_queries(Beir *b, const char *path, RError *err)
{
    return read_jsonl(b, path, on_query, err);
}

static int cmp_qrel(const void *x, const void *y)
{
    const BeirQrel *a = x, *c = y;
    if (a->query != c->query)
        return a->query < c->query ? -1 : 1;
    return (a->doc > c->doc) - (a->doc < c->doc);
}

int beir_load_qrels(Beir *b, const char *path, RError *err)
{
    FILE *f = open_part(path, err);
    if (!f)
        return -1;
    char *buf = NULL;
    size_t cap = 0, qcap = b->nqrels;
    int line = 0, rc = 0;
    while (rc == 0 && next_line(f, &buf, &cap) >= 0) {
        line++;
        if (is_blank(buf))
            continue;
        char *fields[4] = {0};
        size_t nf = 0;
        char *p = buf;
        int cols[4] = {1, 1, 1, 1};
        while (nf < 4) {
            cols[nf] = (int)(p - buf) + 1;
            fields[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (line == 1 && strcmp(fields[0], "query-id") == 0)
            continue; /* header */
        if (nf != 3) {
            rc = rerror_at(err, path, line, 1,
                           "expected 3 tab-separated fields (query-id, corpus-id, score), got %zu",
                           nf);
            break;
        }
        char *end;
        errno = 0;
        long rel = strtol(fields[2], &end, 10);
        if (errno || end == fields[2] || *end) {
            rc = rerror_at(err, path, line, cols[2], "score \"%s\" is not an integer",
                           fields[2]);
            break;
        }
        long qi = strmap_find(&b->query_ids, fields[0], strlen(fields[0]));
        long di = strmap_find(&b->doc_ids, fields[1], strlen(fields[1]));
        if (qi < 0 || di < 0) {
            b->qrels_unknown++;
            continue;
        }
        if (b->nqrels == qcap) {
            qcap = qcap ? qcap * 2 : 1024;
            BeirQrel *nq = realloc(b->qrels, qcap * sizeof *nq);
            if (!nq) {
                rc = rerror_set(err, "beir: out of memory");
                break;
            }
            b->qrels = nq;
        }
        BeirQrel *q = &b->qrels[b->nqrels++];
        q->query = (uint32_t)b->query_ids.values[qi];
        q->doc = (uint32_t)b->doc_ids.values[di];
        q->rel = (int)rel;
    }
    free(buf);
    fclose(f);
    if (rc == 0 && b->nqrels)
        qsort(b->qrels, b->nqrels, sizeof *b->qrels, cmp_qrel);
    return rc;
}

int beir_load(const char *dir, const char *split, const char *qrels_file, Beir **out,
              RError *err)
{
    *out = NULL;
    Beir *b = beir_new();
    if (!b)
        return rerror_set(err, "beir: out of memory");
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus.jsonl", dir);
    if (beir_load_corpus(b, path, err) != 0)
        goto fail;
    snprintf(path, sizeof path, "%s/queries.jsonl", dir);
    if (beir_load_queries(b, path, err) != 0)
        goto fail;
    if (qrels_file)
        snprintf(path, sizeof path, "%s", qrels_file);
    else
        snprintf(path, sizeof path, "%s/qrels/%s.tsv", dir, split ? split : "test");
    if (beir_load_qrels(b, path, err) != 0)
        goto fail;
    *out = b;
    return 0;
fail:
    beir_free(b);
    return -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int beir_evaluate(const Beir *b, RagRankFn fn, void *ctx, size_t depth, RagEval *out,
                  double *per_query, RError *err)
{
    memset(out, 0, sizeof *out);
    if (depth < 100)
        depth = 100;
    RagHit *hits = malloc(depth * sizeof *hits);
    double *gains = malloc(depth * sizeof *gains);
    double *ideal = malloc((b->nqrels ? b->nqrels : 1) * sizeof *ideal);
    if (!hits || !gains || !ideal) {
        free(hits);
        free(gains);
        free(ideal);
        return rerror_set(err, "beir: out of memory");
    }
    if (per_query)
        for (size_t i = 0; i < b->nqueries; i++)
            per_query[i] = NAN;
    int rc = 0;
    size_t i = 0;
    while (i < b->nqrels) {
        size_t j = i;
        while (j < b->nqrels && b->qrels[j].query == b->qrels[i].query)
            j++;
        const BeirQrel *qr = &b->qrels[i];
        size_t nq = j - i, nrel = 0, nideal = 0;
        for (size_t t = 0; t < nq; t++)
            if (qr[t].rel > 0) {
                nrel++;
                ideal[nideal++] = qr[t].rel;
            }
        uint32_t qi = qr[0].query;
        size_t nhits = 0;
        double t0 = now_s();
        rc = fn(ctx, b->queries[qi].text, depth, hits, &nhits, err);
        out->seconds += now_s() - t0;
        if (rc != 0)
            break;
        for (size_t h = 0; h < nhits; h++) {
            gains[h] = 0.0;
            /* binary search of this query's judgments by doc */
            size_t lo = 0, hi = nq;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (qr[mid].doc == hits[h].doc) {
                    gains[h] = qr[mid].rel > 0 ? qr[mid].rel : 0;
                    break;
                }
                if (qr[mid].doc < hits[h].doc)
                    lo = mid + 1;
                else
                    hi = mid;
            }
        }
        double nd = metric_ndcg(gains, nhits, ideal, nideal, 10);
        out->ndcg10 += nd;
        out->recall100 += metric_recall(gains, nhits, nrel, 100);
        out->mrr10 += metric_rr(gains, nhits, 10);
        out->map += metric_ap(gains, nhits, nrel);
        out->queries++;
        if (per_query)
            per_query[qi] = nd;
        i = j;
    }
    if (out->queries) {
        double q = (double)out->queries;
        out->ndcg10 /= q;
        out->recall100 /= q;
        out->mrr10 /= q;
        out->map /= q;
    }
    free(hits);
    free(gains);
    free(ideal);
    return rc;
}
