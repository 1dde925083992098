/* Workload generation and CSV traces (see workload.h). */
#include "engine/infer/workload.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/infer/rng.h"

InferLengthShape infer_length_shape(InferLengths l)
{
    /* Means: Kwon et al., "Efficient Memory Management for Large Language Model Serving with
     * PagedAttention" (SOSP 2023), Fig. 11 — ShareGPT input 161.31 / output 337.99 tokens,
     * Alpaca 19.31 / 58.45 (§6.1: ShareGPT has 8.4x longer prompts and 5.8x longer outputs).
     * The paper gives histograms, not a spread: the sigmas are our assumption, read by eye
     * from the long right tails of Fig. 11 (ShareGPT to ~2k tokens, Alpaca to a few hundred). */
    InferLengthShape s = {0};
    if (l == INFER_LEN_SHAREGPT)
        s = (InferLengthShape){161.31, 337.99, 1.0, 1.0};
    else if (l == INFER_LEN_ALPACA)
        s = (InferLengthShape){19.31, 58.45, 0.6, 0.8};
    return s;
}

static double lognormal(InferRng *r, double mean, double sigma)
{
    /* E[X] = exp(mu + sigma^2 / 2) */
    double mu = log(mean) - sigma * sigma / 2.0;
    return exp(mu + sigma * infer_rng_normal(r));
}

static int draw(InferRng *r, const InferQuery *q, double mean, double sigma_shape)
{
    double v = mean;
    switch (q->lengths) {
    case INFER_LEN_FIXED:
        break;
    case INFER_LEN_UNIFORM:
        v = mean * (1.0 - q->spread + 2.0 * q->spread * infer_rng_unit(r));
        break;
    case INFER_LEN_LOGNORMAL:
        v = q->spread > 0 ? lognormal(r, mean, q->spread) : mean;
        break;
    default:
        v = lognormal(r, mean, sigma_shape);
        break;
    }
    v = round(v);
    return v < 1 ? 1 : v > 1e9 ? 1000000000 : (int)v;
}

/* Cuts prompt + output to max_len (prompt first keeps at least one output token). */
static bool clip(InferRequest *rq, int max_len)
{
    bool cut = false;
    if (rq->prompt > max_len - 1) {
        rq->prompt = max_len - 1;
        cut = true;
    }
    if (rq->prefix > rq->prompt - 1)
        rq->prefix = rq->prompt - 1 > 0 ? rq->prompt - 1 : 0;
    if (rq->prompt + rq->output > max_len) {
        rq->output = max_len - rq->prompt;
        cut = true;
    }
    return cut;
}

int infer_workload_generate(const InferQuery *q, int max_len, InferWorkload *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (q->requests < 1 || !(q->rate > 0) || max_len < 2)
        return rerror_set(err, "workload: needs requests >= 1, rate > 0 and max_len >= 2");
    out->items = calloc((size_t)q->requests, sizeof *out->items);
    if (!out->items)
        return rerror_set(err, "workload: out of memory for %d requests", q->requests);
    InferRng r;
    infer_rng_seed(&r, q->seed);
    InferLengthShape s = infer_length_shape(q->lengths);
    double pm = s.prompt_mean > 0 ? s.prompt_mean : q->prompt_mean;
    double om = s.output_mean > 0 ? s.output_mean : q->output_mean;
    double t = 0;
    for (int i = 0; i < q->requests; i++) {
        InferRequest *rq = &out->items[i];
        t += infer_rng_exp(&r, q->rate);
        rq->arrival = t;
        rq->prompt = draw(&r, q, pm, s.prompt_sigma);
        rq->output = draw(&r, q, om, s.output_sigma);
        if (q->prefix_tokens > 0 && infer_rng_unit(&r) < q->prefix_share) {
            rq->prefix = q->prefix_tokens;
            rq->prompt += q->prefix_tokens;
        }
        if (clip(rq, max_len))
            out->clipped++;
    }
    out->count = (size_t)q->requests;
    return 0;
}

void infer_workload_free(InferWorkload *w)
{
    if (!w)
        return;
    free(w->items);
    memset(w, 0, sizeof *w);
}

static int by_arrival(const void *a, const void *b)
{
    double x = ((const InferRequest *)a)->arrival, y = ((const InferRequest *)b)->arrival;
    return (x > y) - (x < y);
}

/* Parses one number field [s, e); returns the column of a bad field or 0. */
static int field(const char *s, const char *e, double *v)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    char buf[64];
    size_t n = (size_t)(e - s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    *v = strtod(buf, &end);
    return (*end != '\0' || errno == ERANGE || !isfinite(*v)) ? -1 : 0;
}

int infer_trace_parse(const char *name, const char *text, size_t len, int max_len,
                      InferWorkload *out, RError *err)
{
    memset(out, 0, sizeof *out);
    size_t cap = 1024, n = 0;
    InferRequest *items = malloc(cap * sizeof *items);
    if (!items)
        return rerror_set(err, "%s: out of memory", name);
    int lineno = 0;
    bool header = false;
    size_t i = 0;
    while (i < len) {
        size_t b = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t e = i++;
        lineno++;
        if (e - b > 1024) {
            free(items);
            return rerror_at(err, name, lineno, 1, "line longer than 1024 characters");
        }
        while (b < e && (text[b] == ' ' || text[b] == '\t'))
            b++;
        if (b == e || text[b] == '#' || text[b] == '\r')
            continue;
        const char *f[3], *fe[3];
        int nf = 0;
        size_t s = b;
        for (size_t k = b; k <= e; k++) {
            if (k == e || text[k] == ',') {
                if (nf < 3) {
                    f[nf] = text + s;
                    fe[nf] = text + k;
                }
                nf++;
                s = k + 1;
            }
        }
        double v[3];
        bool numeric = nf == 3;
        for (int k = 0; numeric && k < 3; k++)
            numeric = field(f[k], fe[k], &v[k]) == 0;
        if (!numeric && n == 0 && !header && nf == 3) {
            header = true; /* a header line, before the first row */
            continue;
        }
        if (nf != 3) {
            free(items);
            return rerror_at(err, name, lineno, 1, "expected 3 fields arrival_s,prompt,output, got %d",
                             nf);
        }
        for (int k = 0; k < 3; k++) {
            int col = (int)(f[k] - (text + b)) + 1;
            if (field(f[k], fe[k], &v[k]) != 0) {
                free(items);
                return rerror_at(err, name, lineno, col, "expected a number");
            }
            bool ok = k == 0 ? (v[k] >= 0 && v[k] <= 1e9) : (v[k] >= 1 && v[k] <= 1e9 && v[k] == floor(v[k]));
            if (!ok) {
                free(items);
                return rerror_at(err, name, lineno, col, k == 0 ? "arrival must be in 0..1e9 s"
                                                                 : "token counts must be integers in 1..1e9");
            }
        }
        if (n == INFER_TRACE_MAX_ROWS) {
            free(items);
            return rerror_at(err, name, lineno, 1, "more than %d requests", INFER_TRACE_MAX_ROWS);
        }
        if (n == cap) {
            InferRequest *g = realloc(items, 2 * cap * sizeof *items);
            if (!g) {
                free(items);
                return rerror_set(err, "%s: out of memory", name);
            }
            items = g;
            cap *= 2;
        }
        InferRequest *rq = &items[n++];
        rq->arrival = v[0];
        rq->prompt = (int)v[1];
        rq->output = (int)v[2];
        rq->prefix = 0;
        if (clip(rq, max_len))
            out->clipped++;
    }
    if (n == 0) {
        free(items);
        return rerror_at(err, name, lineno ? lineno : 1, 1, "no requests in the trace");
    }
    qsort(items, n, sizeof *items, by_arrival);
    out->items = items;
    out->count = n;
    return 0;
}

int infer_trace_load(const char *path, int max_len, InferWorkload *out, RError *err)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rerror_at(err, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        return rerror_at(err, path, 0, 0, "not a regular file");
    }
    if (st.st_size > INFER_TRACE_MAX_BYTES) {
        fclose(fp);
        return rerror_at(err, path, 0, 0, "larger than %ld MiB", INFER_TRACE_MAX_BYTES >> 20);
    }
    size_t len = (size_t)st.st_size;
    char *text = malloc(len + 1);
    if (!text) {
        fclose(fp);
        return rerror_at(err, path, 0, 0, "out of memory");
    }
    size_t got = fread(text, 1, len, fp);
    fclose(fp);
    text[got] = '\0';
    int rc = infer_trace_parse(path, text, got, max_len, out, err);
    free(text);
    return rc;
}
