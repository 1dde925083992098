/* Question -> tool call parsing, and the tool-call eval. */
#include "engine/agent/tools.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine/content/yaml.h"
#include "engine/gpu.h"
#include "engine/kv/kv_load.h"

void tool_norm(const char *s, char *out, size_t size)
{
    size_t m = 0;
    for (; s && *s && m + 1 < size; s++)
        if (isalnum((unsigned char)*s))
            out[m++] = (char)tolower((unsigned char)*s);
    if (size)
        out[m] = '\0';
}

/* Reference models from /work/shared/reference/model-configs.json, used when no presets load. */
static const char *const fallback_models[] = {
    "Llama-2-7B", "Llama-2-13B", "Llama-2-70B", "Llama-3-8B", "Llama-3.1-8B", "Llama-3.1-70B",
    "Llama-3.1-405B", "Mistral-7B-v0.1", "Mixtral-8x7B-v0.1", "Qwen2.5-0.5B", "Qwen2.5-7B",
    "Qwen2.5-72B", "Qwen3-8B", "Gemma-2-9B", "Gemma-2-27B", "Phi-3-mini-4k-instruct",
    "DeepSeek-V2", "DeepSeek-V3", "GPT-3-175B", "OPT-13B", "OPT-175B", "Falcon-7B", "Jamba-v0.1",
};

static int add_model(ToolModels *m, const char *name, const char *label)
{
    ToolModel *nm = realloc(m->items, (m->n + 1) * sizeof *nm);
    if (!nm)
        return -1;
    m->items = nm;
    ToolModel *t = &m->items[m->n++];
    snprintf(t->name, sizeof t->name, "%s", name);
    tool_norm(name, t->key, sizeof t->key);
    tool_norm(label ? label : "", t->key2, sizeof t->key2);
    return 0;
}

/* Adds the folded words of s (split at anything not alphanumeric) to g, once each. */
static void add_gpu_words(ToolGpu *g, const char *s)
{
    while (*s && g->nwords < TOOL_GPU_WORDS) {
        while (*s && !isalnum((unsigned char)*s))
            s++;
        char w[24];
        size_t m = 0;
        while (isalnum((unsigned char)*s)) {
            if (m + 1 < sizeof w)
                w[m++] = (char)tolower((unsigned char)*s);
            s++;
        }
        w[m] = '\0';
        bool dup = m == 0;
        for (int i = 0; i < g->nwords && !dup; i++)
            dup = strcmp(g->words[i], w) == 0;
        if (!dup)
            memcpy(g->words[g->nwords++], w, m + 1);
    }
}

/* <content_dir>/gpus.yaml, when there is one. */
static int load_gpus(const char *content_dir, ToolModels *out, RError *err)
{
    if (!content_dir)
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/gpus.yaml", content_dir);
    if (access(path, F_OK) != 0) /* a probe by name: opening a FIFO would block */
        return 0;
    GpuList gl;
    if (gpu_list_load(path, &gl, err) != 0)
        return -1;
    out->gpus = calloc(gl.count ? gl.count : 1, sizeof *out->gpus);
    if (!out->gpus) {
        gpu_list_free(&gl);
        return rerror_set(err, "out of memory");
    }
    for (size_t i = 0; i < gl.count; i++) {
        ToolGpu *g = &out->gpus[out->ngpus++];
        const GpuPreset *gp = &gl.items[i];
        snprintf(g->name, sizeof g->name, "%s", gp->name);
        add_gpu_words(g, gp->name);
        add_gpu_words(g, gp->label);
        add_gpu_words(g, gp->aliases);
        /* every way to name it exactly, folded: "h100sxm|h100sxm80gb|h100|h10080gb" */
        char all[480], one[128];
        snprintf(all, sizeof all, "%s|%s|%s", gp->name, gp->label, gp->aliases);
        size_t o = 0;
        for (char *tok = all, *bar; tok; tok = bar ? bar + 1 : NULL) {
            bar = strchr(tok, '|');
            if (bar)
                *bar = '\0';
            tool_norm(tok, one, sizeof one);
            if (one[0] && o + strlen(one) + 2 < sizeof g->names)
                o += (size_t)snprintf(g->names + o, sizeof g->names - o, "|%s", one);
        }
    }
    gpu_list_free(&gl);
    return 0;
}

int tool_models_load(const char *content_dir, ToolModels *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (load_gpus(content_dir, out, err) != 0)
        return -1;
    char path[4096];
    KvPresetList list = {0};
    RError e2 = {0};
    if (content_dir) {
        snprintf(path, sizeof path, "%s/models.yaml", content_dir);
        if (access(path, F_OK) == 0) {
            if (kv_presets_load(path, &list, &e2) != 0)
                return rerror_at(err, e2.file, e2.line, e2.col, "%s", e2.msg);
            for (size_t i = 0; i < list.count; i++)
                if (add_model(out, list.items[i].model.name, list.items[i].label)) {
                    kv_presets_free(&list);
                    tool_models_free(out);
                    return rerror_set(err, "out of memory");
                }
            kv_presets_free(&list);
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof fallback_models / sizeof fallback_models[0]; i++)
        if (add_model(out, fallback_models[i], NULL)) {
            tool_models_free(out);
            return rerror_set(err, "out of memory");
        }
    return 0;
}

void tool_models_free(ToolModels *m)
{
    if (!m)
        return;
    free(m->items);
    free(m->gpus);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- parsing */

/* A number in the question with its scale suffix and the words right after it. */
typedef struct Num {
    double value;     /* with suffix applied */
    char suffix;      /* 'k', 'm', 'b', 't' or 0 */
    bool sci;         /* written 1e24 / 10^24 */
    bool pct;         /* followed by % */
    size_t start, end; /* byte range incl. suffix */
    char next[32];    /* the following word, folded */
    char prev[32];    /* the preceding word, folded */
} Num;

static void word_after(const char *s, size_t i, char *out, size_t size)
{
    while (s[i] == ' ' || s[i] == '-' || s[i] == '(')
        i++;
    size_t m = 0;
    while (s[i] && (isalnum((unsigned char)s[i]) || s[i] == '^') && m + 1 < size)
        out[m++] = (char)tolower((unsigned char)s[i++]);
    out[m] = '\0';
}

static void word_before(const char *s, size_t i, char *out, size_t size)
{
    size_t e = i;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '-' || s[e - 1] == '='  || s[e - 1] == ':'))
        e--;
    size_t b = e;
    while (b > 0 && isalpha((unsigned char)s[b - 1]))
        b--;
    size_t m = 0;
    for (size_t k = b; k < e && m + 1 < size; k++)
        out[m++] = (char)tolower((unsigned char)s[k]);
    out[m] = '\0';
}

/* Finds the numbers of s that are not part of a model name (those ranges are masked). */
static size_t find_numbers(const char *s, const bool *mask, Num *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; s[i] && n < cap;) {
        bool start_ok = isdigit((unsigned char)s[i]) && !mask[i] &&
                        (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-'));
        if (!start_ok) {
            i++;
            continue;
        }
        Num x = {.start = i};
        char buf[64];
        size_t m = 0;
        while ((isdigit((unsigned char)s[i]) || s[i] == '.' ||
                (s[i] == ',' && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
                 isdigit((unsigned char)s[i + 3]))) && m + 1 < sizeof buf) {
            if (s[i] != ',')
                buf[m++] = s[i];
            i++;
        }
        if (m && buf[m - 1] == '.') { /* sentence end */
            m--;
            i--;
        }
        buf[m] = '\0';
        x.value = strtod(buf, NULL);
        if ((s[i] == 'e' || s[i] == 'E') && (isdigit((unsigned char)s[i + 1]) || s[i + 1] == '+' || s[i + 1] == '-')) {
            char *end;
            double ex = strtod(s + i + 1, &end);
            x.value *= pow(10, ex);
            x.sci = true;
            i = (size_t)(end - s);
        } else if (s[i] == '^' && strcmp(buf, "10") == 0) {
            char *end;
            double ex = strtod(s + i + 1, &end);
            x.value = pow(10, ex);
            x.sci = true;
            i = (size_t)(end - s);
        } else if (s[i] == ' ' && (s[i + 1] == 'x' || s[i + 1] == '*') && s[i + 2] == ' ' && strncmp(s + i + 3, "10^", 3) == 0) {
            char *end;
            double ex = strtod(s + i + 6, &end);
            x.value *= pow(10, ex);
            x.sci = true;
            i = (size_t)(end - s);
        }
        /* suffix: 32k, 70B, 1.4T, 2M — the letter must end the word */
        char c = (char)tolower((unsigned char)s[i]);
        if ((c == 'k' || c == 'm' || c == 'b' || c == 't') && !isalnum((unsigned char)s[i + 1])) {
            x.suffix = c;
            i++;
        }
        if (s[i] == '%') {
            x.pct = true;
            i++;
        }
        x.end = i;
        word_after(s, i, x.next, sizeof x.next);
        word_before(s, x.start, x.prev, sizeof x.prev);
        /* spelled-out scales: "70 billion", "1.4 trillion", "32 thousand" */
        if (!x.suffix) {
            if (strcmp(x.next, "thousand") == 0)
                x.suffix = 'k';
            else if (strcmp(x.next, "million") == 0)
                x.suffix = 'm';
            else if (strcmp(x.next, "billion") == 0)
                x.suffix = 'b';
            else if (strcmp(x.next, "trillion") == 0)
                x.suffix = 't';
            if (x.suffix) {
                size_t j = i;
                while (s[j] == ' ')
                    j++;
                while (isalpha((unsigned char)s[j]))
                    j++;
                word_after(s, j, x.next, sizeof x.next);
            }
        }
        out[n++] = x;
    }
    return n;
}

static bool has_word(const char *lower, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(lower, w); p; p = strstr(p + 1, w)) {
        bool l = p == lower || !isalnum((unsigned char)p[-1]);
        bool r = !isalnum((unsigned char)p[n]);
        if (l && r)
            return true;
    }
    return false;
}

/* True when the words before byte `at` are `phrase` (case-insensitive, single spaces). */
static bool preceded_by(const char *s, size_t at, const char *phrase)
{
    size_t n = strlen(phrase);
    while (at > 0 && s[at - 1] == ' ')
        at--;
    if (at < n || strncasecmp(s + at - n, phrase, n) != 0)
        return false;
    return at == n || !isalnum((unsigned char)s[at - n - 1]);
}

static bool starts(const char *w, const char *prefix)
{
    return strncmp(w, prefix, strlen(prefix)) == 0;
}

/* Token counts: k and M are binary for context lengths ("32k" = 32768, as configs use). */
static double tokens_value(const Num *x)
{
    switch (x->suffix) {
    case 'k': return x->value * 1024;
    case 'm': return x->value * 1024 * 1024;
    case 'b': return x->value * 1e9;
    case 't': return x->value * 1e12;
    default: return x->value;
    }
}

/* Counts of parameters, tokens of data, FLOPs: decimal. */
static double decimal_value(const Num *x)
{
    switch (x->suffix) {
    case 'k': return x->value * 1e3;
    case 'm': return x->value * 1e6;
    case 'b': return x->value * 1e9;
    case 't': return x->value * 1e12;
    default: return x->value;
    }
}

/* ---- GPUs named in a question ---- */

typedef struct Word {
    size_t start, end; /* bytes */
    char w[24];        /* folded */
} Word;

static size_t split_words(const char *s, Word *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; s[i] && n < cap;) {
        if (!isalnum((unsigned char)s[i])) {
            i++;
            continue;
        }
        Word *w = &out[n++];
        w->start = i;
        size_t m = 0;
        while (isalnum((unsigned char)s[i])) {
            if (m + 1 < sizeof w->w)
                w->w[m++] = (char)tolower((unsigned char)s[i]);
            i++;
        }
        w->w[m] = '\0';
        w->end = i;
    }
    return n;
}

static bool gpu_has(const ToolGpu *g, const char *w)
{
    for (int i = 0; i < g->nwords; i++)
        if (strcmp(g->words[i], w) == 0)
            return true;
    return false;
}

/* A word that can name a GPU by itself: it has a digit and is not a size ("80gb"). */
static bool gpu_anchor(const char *w)
{
    size_t n = strlen(w);
    bool digit = false;
    for (size_t i = 0; i < n; i++)
        digit |= isdigit((unsigned char)w[i]) != 0;
    return digit && !(n > 2 && strcmp(w + n - 2, "gb") == 0);
}

typedef struct GpuHit {
    const ToolGpu *gpu;
    size_t first, last; /* word range of the mention */
} GpuHit;

/* The best GPU mention in words[from..to): an anchor word (a plural "s" dropped) plus the
 * neighbouring words it shares with the preset; more shared words win, then file order. */
static bool find_gpu(const ToolModels *m, const Word *ws, size_t nw, const bool *mask, GpuHit *hit)
{
    int best = 0;
    for (size_t i = 0; m && i < nw; i++) {
        if (mask && mask[ws[i].start])
            continue;
        char v[24];
        snprintf(v, sizeof v, "%s", ws[i].w);
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) { /* "H100s", "L4s" */
                size_t n = strlen(v);
                if (n < 3 || v[n - 1] != 's')
                    break;
                v[n - 1] = '\0';
            }
            if (!gpu_anchor(v))
                continue;
            for (size_t g = 0; g < m->ngpus; g++) {
                const ToolGpu *gp = &m->gpus[g];
                if (!gpu_has(gp, v))
                    continue;
                size_t first = i, last = i;
                while (first > 0 && i - first < 2 && gpu_has(gp, ws[first - 1].w))
                    first--;
                while (last + 1 < nw && last - i < 3 && gpu_has(gp, ws[last + 1].w))
                    last++;
                int score = (int)(last - first) + 1;
                if (score > best) {
                    best = score;
                    *hit = (GpuHit){gp, first, last};
                }
            }
        }
    }
    return best > 0;
}

const char *tool_gpu_resolve(const ToolModels *m, const char *text)
{
    char want[130], key[132];
    tool_norm(text, want, sizeof want);
    snprintf(key, sizeof key, "|%s", want);
    for (size_t g = 0; m && want[0] && g < m->ngpus; g++) {
        const char *hit = strstr(m->gpus[g].names, key);
        size_t n = strlen(key);
        if (hit && (hit[n] == '|' || hit[n] == '\0'))
            return m->gpus[g].name;
    }
    Word ws[32];
    size_t nw = split_words(text, ws, 32);
    GpuHit h;
    return find_gpu(m, ws, nw, NULL, &h) ? h.gpu->name : NULL;
}

/* A GPU count written before the mention: "2 H100s", "2048 H100", "8x H100", "two L4s". */
static bool gpu_count(const Word *w, double *out)
{
    static const char *const words[] = {"single", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w->w, words[i]) == 0) {
            *out = i == 0 ? 1 : (double)i;
            return true;
        }
    char *end;
    double v = strtod(w->w, &end);
    if (end == w->w || !(*end == '\0' || (*end == 'x' && end[1] == '\0')) || v < 1)
        return false;
    *out = v;
    return true;
}

int tool_parse(const char *question, const ToolModels *models, char *tool, size_t tsize, cJSON **args)
{
    *args = cJSON_CreateObject();
    if (!*args)
        return -1;
    size_t len = strlen(question);
    char *lower = malloc(len + 1);
    bool *mask = calloc(len + 1, sizeof *mask);
    if (!lower || !mask) {
        free(lower);
        free(mask);
        return -1;
    }
    for (size_t i = 0; i <= len; i++)
        lower[i] = (char)tolower((unsigned char)question[i]);

    /* model: the longest preset key matching a run of the question's alphanumerics */
    const ToolModel *model = NULL;
    size_t mstart = 0, mend = 0, mlen = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isalnum((unsigned char)question[i]) || (i > 0 && isalnum((unsigned char)question[i - 1])))
            continue;
        char run[128];
        size_t pos[128];
        size_t m = 0;
        for (size_t j = i; j < len && m + 1 < sizeof run; j++) {
            if (isalnum((unsigned char)question[j])) {
                pos[m] = j;
                run[m++] = lower[j];
            } else if (!(question[j] == '-' || question[j] == '.' || question[j] == ' ' || question[j] == '_')) {
                break;
            }
        }
        run[m] = '\0';
        for (size_t k = 0; models && k < models->n; k++) {
            const char *keys[2] = {models->items[k].key, models->items[k].key2};
            for (int q = 0; q < 2; q++) {
                size_t kl = strlen(keys[q]);
                if (kl == 0 || kl > m || kl <= mlen || strncmp(run, keys[q], kl) != 0)
                    continue;
                /* the match must end at a word boundary of the question */
                size_t endb = pos[kl - 1] + 1;
                if (endb < len && isalnum((unsigned char)question[endb]))
                    continue;
                model = &models->items[k];
                mlen = kl;
                mstart = i;
                mend = endb;
            }
        }
    }
    if (model)
        for (size_t i = mstart; i < mend; i++)
            mask[i] = true;

    /* GPU: its words and the count before it are not numbers of the workload */
    Word words[128];
    size_t nw = split_words(question, words, 128);
    GpuHit gh;
    bool has_gpu = models && find_gpu(models, words, nw, mask, &gh);
    double ngpu = 0;
    if (has_gpu) {
        size_t a = words[gh.first].start, b = words[gh.last].end;
        if (gh.first > 0 && gpu_count(&words[gh.first - 1], &ngpu))
            a = words[gh.first - 1].start;
        for (size_t i = a; i < b; i++)
            mask[i] = true;
    }

    Num nums[16];
    size_t nn = find_numbers(question, mask, nums, 16);

    bool flop_word = strstr(lower, "flop") != NULL;
    bool scaling_word = strstr(lower, "chinchilla") || strstr(lower, "compute-optimal") ||
                        strstr(lower, "compute optimal") || strstr(lower, "scaling law") ||
                        strstr(lower, "kaplan") || has_word(lower, "epoch") ||
                        strstr(lower, "training tokens") || strstr(lower, "trained on") ||
                        strstr(lower, "train on") || strstr(lower, "tokens should") ||
                        strstr(lower, "how many tokens") || strstr(lower, "training budget") ||
                        strstr(lower, "compute budget") || strstr(lower, "optimal model size") ||
                        strstr(lower, "tokens per parameter") || has_word(lower, "train") ||
                        has_word(lower, "training") || has_word(lower, "mfu") ||
                        strstr(lower, "gpu-hours") || strstr(lower, "gpu hours");
    bool kv_word = has_word(lower, "kv") || strstr(lower, "cache") || strstr(lower, "memory") ||
                   strstr(lower, "vram") || has_word(lower, "fit") || has_word(lower, "fits") ||
                   strstr(lower, "context") || strstr(lower, "serve") || strstr(lower, "gib") ||
                   strstr(lower, "bytes per token");

    const char *which = "none";
    if (flop_word || (scaling_word && !(model && kv_word)))
        which = "scaling";
    else if (model || kv_word)
        which = "kv";
    snprintf(tool, tsize, "%s", which);

    if (strcmp(which, "kv") == 0) {
        if (model)
            cJSON_AddStringToObject(*args, "model", model->name);
        for (size_t i = 0; i < nn; i++) {
            const Num *x = &nums[i];
            bool is_seq = starts(x->next, "token") || starts(x->next, "context") || strcmp(x->next, "ctx") == 0 ||
                          strcmp(x->prev, "context") == 0 || strcmp(x->prev, "length") == 0 ||
                          strcmp(x->prev, "seq") == 0 || strcmp(x->prev, "sequence") == 0 ||
                          strcmp(x->prev, "of") == 0 || strcmp(x->prev, "at") == 0;
            bool is_batch = strcmp(x->prev, "batch") == 0 || preceded_by(question, x->start, "batch of") ||
                            preceded_by(question, x->start, "batch size of") || strcmp(x->prev, "size") == 0 ||
                            starts(x->next, "sequence") || starts(x->next, "concurrent") ||
                            starts(x->next, "user") || starts(x->next, "request") || starts(x->next, "stream") ||
                            strcmp(x->next, "batch") == 0 || strcmp(x->next, "parallel") == 0;
            bool is_tp = strcmp(x->prev, "tp") == 0 || strcmp(x->prev, "parallelism") == 0 ||
                         strcmp(x->prev, "parallel") == 0 || strcmp(x->next, "way") == 0;
            bool is_gpus = starts(x->next, "gpu") && !starts(x->prev, "per");
            bool is_size = strcmp(x->next, "gb") == 0 || strcmp(x->next, "gib") == 0; /* "80 GB" */
            is_batch = is_batch || starts(x->next, "chat") || starts(x->next, "conversation");
            if (is_size)
                continue;
            if (is_gpus && !has_gpu && !cJSON_GetObjectItem(*args, "gpus") && !x->suffix)
                ngpu = x->value;
            else if (is_tp && !cJSON_GetObjectItem(*args, "tp") && !x->suffix)
                cJSON_AddNumberToObject(*args, "tp", x->value);
            else if (is_batch && !cJSON_GetObjectItem(*args, "batch") && !x->suffix)
                cJSON_AddNumberToObject(*args, "batch", x->value);
            else if ((is_seq || x->suffix == 'k') && !cJSON_GetObjectItem(*args, "seq"))
                cJSON_AddNumberToObject(*args, "seq", tokens_value(x));
        }
        static const char *const dtypes[][2] = {
            {"fp8", "fp8"}, {"int8", "int8"}, {"int4", "int4"}, {"fp16", "fp16"}, {"float16", "fp16"},
            {"bf16", "bf16"}, {"bfloat16", "bf16"}, {"fp32", "fp32"}, {"float32", "fp32"}, {"8-bit", "int8"},
            {"4-bit", "int4"},
        };
        for (size_t i = 0; i < sizeof dtypes / sizeof dtypes[0]; i++)
            if (has_word(lower, dtypes[i][0])) {
                cJSON_AddStringToObject(*args, "kv_dtype", dtypes[i][1]);
                break;
            }
    } else if (strcmp(which, "scaling") == 0) {
        for (size_t i = 0; i < nn; i++) {
            const Num *x = &nums[i];
            bool is_mfu = strcmp(x->prev, "mfu") == 0 || preceded_by(question, x->start, "mfu of") ||
                          (x->pct && strcmp(x->next, "mfu") == 0) ||
                          preceded_by(question, x->start, "utilization of");
            if (starts(x->next, "flop") || (x->sci && !cJSON_GetObjectItem(*args, "compute") && x->value > 1e15)) {
                if (!cJSON_GetObjectItem(*args, "compute"))
                    cJSON_AddNumberToObject(*args, "compute", decimal_value(x));
            } else if (is_mfu) {
                double f = x->pct ? x->value / 100 : x->value;
                if (f > 0 && f <= 1 && !cJSON_GetObjectItem(*args, "mfu"))
                    cJSON_AddNumberToObject(*args, "mfu", f);
            } else if (starts(x->next, "token") && (x->suffix || x->value >= 1e6)) {
                if (!cJSON_GetObjectItem(*args, "tokens"))
                    cJSON_AddNumberToObject(*args, "tokens", decimal_value(x));
            } else if (starts(x->next, "gpu") && !has_gpu && ngpu == 0 && !x->suffix) {
                ngpu = x->value;
            } else if ((starts(x->next, "param") || strcmp(x->next, "model") == 0 ||
                        (x->suffix == 'b' && !starts(x->next, "token"))) && !cJSON_GetObjectItem(*args, "params")) {
                cJSON_AddNumberToObject(*args, "params", decimal_value(x));
            }
        }
        if (model && !cJSON_GetObjectItem(*args, "params") && !cJSON_GetObjectItem(*args, "compute")) {
            /* "How many tokens should Llama-2-70B have been trained on": the size from the name */
            const char *p = model->name + strlen(model->name);
            while (p > model->name && p[-1] != '-')
                p--;
            char *end;
            double v = strtod(p, &end);
            if (end != p && (*end == 'B' || *end == 'b') && end[1] == '\0')
                cJSON_AddNumberToObject(*args, "params", v * 1e9);
        }
        static const char *const laws[][2] = {
            {"kaplan", "kaplan"}, {"epoch", "epoch"}, {"besiroglu", "epoch"}, {"approach 1", "chinchilla1"},
            {"approach 2", "chinchilla2"}, {"approach 3", "chinchilla3"},
        };
        for (size_t i = 0; i < sizeof laws / sizeof laws[0]; i++)
            if (strstr(lower, laws[i][0])) {
                cJSON_AddStringToObject(*args, "law", laws[i][1]);
                break;
            }
    }
    if (strcmp(which, "none") != 0) {
        if (has_gpu)
            cJSON_AddStringToObject(*args, "gpu", gh.gpu->name);
        if (ngpu > 0)
            cJSON_AddNumberToObject(*args, "gpus", ngpu);
    }
    free(lower);
    free(mask);
    return 0;
}

int tool_args_match(const cJSON *expected, const cJSON *got)
{
    if (cJSON_GetArraySize(expected) != cJSON_GetArraySize(got))
        return 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, expected)
    {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(got, e->string);
        if (!g)
            return 0;
        if (cJSON_IsNumber(e)) {
            if (!cJSON_IsNumber(g))
                return 0;
            double a = e->valuedouble, b = g->valuedouble;
            if (fabs(a - b) > 1e-3 * fmax(fabs(a), fabs(b)))
                return 0;
        } else if (cJSON_IsString(e)) {
            if (!cJSON_IsString(g))
                return 0;
            char x[128], y[128];
            tool_norm(e->valuestring, x, sizeof x);
            tool_norm(g->valuestring, y, sizeof y);
            if (strcmp(x, y) != 0)
                return 0;
        } else if (!cJSON_Compare(e, g, true)) {
            return 0;
        }
    }
    return 1;
}

int tool_eval_run(const char *path, const ToolModels *models, ToolEvalReport *out, RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc;
    if (yaml_load_file(path, &doc, err))
        return -1;
    const cJSON *root = yaml_root(doc);
    const cJSON *items = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "items") : NULL;
    if (!cJSON_IsArray(items)) {
        int rc = yaml_error(doc, items ? items : root, err, "expected 'items:', a list of {question, tool, args}");
        yaml_free(doc);
        return rc;
    }
    out->items = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        const char *q = NULL, *tool = NULL;
        if (!cJSON_IsObject(it)) {
            yaml_error(doc, it, err, "an item must be {question, tool, args}");
            goto fail;
        }
        if (yaml_get_string(doc, it, "question", true, &q, err) || yaml_get_string(doc, it, "tool", true, &tool, err))
            goto fail;
        const cJSON *eargs = cJSON_GetObjectItemCaseSensitive(it, "args");
        if (eargs && !cJSON_IsObject(eargs)) {
            yaml_error(doc, eargs, err, "'args' must be a mapping");
            goto fail;
        }
        char got_tool[16];
        cJSON *args = NULL;
        if (tool_parse(q, models, got_tool, sizeof got_tool, &args)) {
            rerror_set(err, "out of memory");
            goto fail;
        }
        cJSON *empty = cJSON_CreateObject();
        cJSON *exp = cJSON_Duplicate(eargs ? eargs : empty, true);
        const cJSON *em = cJSON_GetObjectItemCaseSensitive(exp, "model");
        if (cJSON_IsString(em)) { /* a label or a name: compare as the preset's name */
            char k[64];
            tool_norm(em->valuestring, k, sizeof k);
            for (size_t m = 0; models && m < models->n; m++)
                if (strcmp(k, models->items[m].key) == 0 || strcmp(k, models->items[m].key2) == 0) {
                    cJSON_ReplaceItemInObjectCaseSensitive(exp, "model", cJSON_CreateString(models->items[m].name));
                    break;
                }
        }
        const cJSON *eg = cJSON_GetObjectItemCaseSensitive(exp, "gpu");
        const char *gname = cJSON_IsString(eg) ? tool_gpu_resolve(models, eg->valuestring) : NULL;
        if (gname) /* "H100", "A100 SXM 80GB": compare as the preset they name */
            cJSON_ReplaceItemInObjectCaseSensitive(exp, "gpu", cJSON_CreateString(gname));
        bool tool_ok = strcmp(got_tool, tool) == 0;
        bool args_ok = tool_args_match(exp, args);
        out->n++;
        out->tool_ok += tool_ok;
        out->args_ok += args_ok;
        out->both_ok += tool_ok && args_ok;
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "question", q);
        cJSON_AddStringToObject(r, "expected_tool", tool);
        cJSON_AddStringToObject(r, "tool", got_tool);
        cJSON_AddItemToObject(r, "expected_args", exp);
        cJSON_AddItemToObject(r, "args", args);
        cJSON_AddBoolToObject(r, "tool_ok", tool_ok);
        cJSON_AddBoolToObject(r, "args_ok", args_ok);
        cJSON_AddItemToArray(out->items, r);
        cJSON_Delete(empty);
    }
    yaml_free(doc);
    if (out->n) {
        out->accuracy = (double)out->both_ok / (double)out->n;
        out->tool_accuracy = (double)out->tool_ok / (double)out->n;
        out->args_accuracy = (double)out->args_ok / (double)out->n;
    }
    return 0;
fail:
    yaml_free(doc);
    tool_eval_report_free(out);
    return -1;
}

void tool_eval_report_free(ToolEvalReport *r)
{
    if (!r)
        return;
    cJSON_Delete(r->items);
    memset(r, 0, sizeof *r);
}
