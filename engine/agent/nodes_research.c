/* The research pipeline's nodes: load, summarize, extract_insights, critique,
 * generate_questions, report. (retrieve is in nodes_retrieve.c.) */
#include "engine/figure/figure.h"
#include "engine/agent/nodes.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/agent/prose.h"
#include "engine/agent/textrank.h"
#include "engine/text/tokenize.h"

static const cJSON *get(const cJSON *obj, const char *key)
{
    return obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static const char *get_str(const cJSON *obj, const char *key, const char *def)
{
    const cJSON *v = get(obj, key);
    return cJSON_IsString(v) ? v->valuestring : def;
}

static int param_int(const NodeCall *c, const char *key, int def, int lo, int hi)
{
    const cJSON *v = get(c->params, key);
    int x = cJSON_IsNumber(v) ? v->valueint : def;
    return x < lo ? lo : x > hi ? hi : x;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* ---------------------------------------------------------------- load */

int node_load(const NodeCall *c, cJSON *w, RError *err)
{
    const char *path = get_str(c->state, "input", "");
    if (!path[0])
        return rerror_set(err, "load: the state has no 'input' path");
    char *src;
    size_t len;
    if (prose_read_file(path, &src, &len, err))
        return -1;
    Prose p = {0};
    bool md = ends_with(path, ".md") || ends_with(path, ".markdown");
    if (md && figure_expand_note(c->env->content_dir, &src, &len, err) != 0)
        return -1; /* a note's live figures read as their values */
    int rc = prose_split(src, len, md, 1, &p, err);
    free(src);
    if (rc) {
        prose_clear(&p);
        return -1;
    }
    if (p.n == 0) {
        prose_clear(&p);
        return rerror_set(err, "load: %s has no prose sentences", path);
    }
    cJSON *doc = cJSON_AddObjectToObject(w, "doc");
    cJSON_AddStringToObject(doc, "path", path);
    const char *base = strrchr(path, '/');
    cJSON_AddStringToObject(doc, "title", p.title[0] ? p.title : base ? base + 1 : path);
    cJSON_AddNumberToObject(doc, "bytes", (double)len);
    cJSON_AddNumberToObject(doc, "sentences", (double)p.n);
    cJSON *arr = cJSON_AddArrayToObject(w, "sentences");
    for (size_t i = 0; i < p.n; i++) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "text", p.s[i].text);
        cJSON_AddNumberToObject(s, "line", p.s[i].line);
        cJSON_AddItemToArray(arr, s);
    }
    prose_clear(&p);
    return 0;
}

/* The input's sentences as a borrowed string array (NULL when there are none). */
static const char **sentence_texts(const cJSON *state, size_t *n)
{
    const cJSON *arr = get(state, "sentences");
    *n = cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0;
    if (*n == 0)
        return NULL;
    const char **t = calloc(*n, sizeof *t);
    if (!t)
        return NULL;
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) t[i++] = get_str(it, "text", "");
    return t;
}

/* ---------------------------------------------------------------- summarize */

int node_summarize(const NodeCall *c, cJSON *w, RError *err)
{
    size_t n;
    const char **texts = sentence_texts(c->state, &n);
    if (!texts)
        return rerror_set(err, "summarize: no sentences (run load first)");
    double *scores = calloc(n, sizeof *scores);
    size_t *top = calloc(n, sizeof *top);
    int iters = 0;
    if (!scores || !top || textrank_scores(texts, n, scores, &iters, err)) {
        free(scores);
        free(top);
        free(texts);
        return err && err->msg[0] ? -1 : rerror_set(err, "out of memory");
    }
    size_t k = (size_t)param_int(c, "sentences", 5, 1, 50);
    size_t m = textrank_top(scores, n, k, top);
    cJSON *sum = cJSON_AddArrayToObject(w, "summary");
    for (size_t i = 0; i < m; i++) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddNumberToObject(s, "sentence", (double)top[i]);
        cJSON_AddStringToObject(s, "text", texts[top[i]]);
        cJSON_AddNumberToObject(s, "score", round(scores[top[i]] * 1000) / 1000);
        cJSON_AddItemToArray(sum, s);
    }
    Keyphrase kp[16];
    size_t nk = keyphrases_extract(texts, n, kp, (size_t)param_int(c, "keyphrases", 8, 1, 16));
    cJSON *karr = cJSON_AddArrayToObject(w, "keyphrases");
    for (size_t i = 0; i < nk; i++)
        cJSON_AddItemToArray(karr, cJSON_CreateString(kp[i].text));
    free(scores);
    free(top);
    free(texts);
    return 0;
}

/* ---------------------------------------------------------------- extract_insights */

typedef struct Feat {
    bool quant, comp;
    size_t ntok;
} Feat;

static int feat_token(const Token *t, void *ctx)
{
    Feat *f = ctx;
    static const char *const comp[] = {
        "than", "more", "less", "fewer", "faster", "slower", "larger", "smaller", "higher", "lower",
        "better", "worse", "cheaper", "bigger", "longer", "shorter", "versus", "vs", "outperforms",
        "twice", "half", "times", "most", "least", "fastest", "largest", "smallest", "reduces",
        "increases", "doubles", "halves", "grows", "shrinks",
    };
    f->ntok++;
    if (t->text[0] >= '0' && t->text[0] <= '9')
        f->quant = true;
    for (size_t i = 0; i < sizeof comp / sizeof comp[0]; i++)
        if (strcmp(t->text, comp[i]) == 0)
            f->comp = true;
    return 0;
}

static Feat features(const char *s)
{
    Feat f = {0};
    tokenize(s, strlen(s), feat_token, &f);
    if (strchr(s, '%') || strstr(s, "\xC3\x97")) /* % and × */
        f.quant = true;
    return f;
}

static bool already_cited(const cJSON *insights, const char *doc)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, insights)
    {
        if (strcmp(get_str(get(it, "source"), "doc", ""), doc) == 0)
            return true;
    }
    return false;
}

/* Picks up to `max` insights from one document's sentences (at least `min_fill` when it has
 * that many usable sentences) and appends them to out. */
static void pick_insights(const char *doc, const char *const *texts, const int *lines, size_t n,
                          const cJSON *keyphrases, size_t max, size_t min_fill, cJSON *out)
{
    double *score = calloc(n ? n : 1, sizeof *score);
    Feat *feat = calloc(n ? n : 1, sizeof *feat);
    double *tr = calloc(n ? n : 1, sizeof *tr);
    bool *pick = calloc(n ? n : 1, sizeof *pick);
    if (!score || !feat || !tr || !pick)
        goto done;
    textrank_scores(texts, n, tr, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        feat[i] = features(texts[i]);
        /* bibliography lines are not claims */
        if (feat[i].ntok < 6 || feat[i].ntok > 70 || strstr(texts[i], "arXiv") || strstr(texts[i], "http") ||
            strstr(texts[i], "doi:")) {
            score[i] = -1;
            continue;
        }
        int hits = 0;
        const cJSON *kp;
        cJSON_ArrayForEach(kp, keyphrases) hits += phrase_in(texts[i], kp->valuestring);
        score[i] = (feat[i].quant ? 2.0 : 0) + (feat[i].comp ? 1.5 : 0) + 0.5 * fmin(hits, 3) + 0.1 * tr[i];
    }
    size_t got = 0;
    /* first the quantitative/comparative claims, then (to reach min_fill) the central sentences */
    for (int pass = 0; pass < 2; pass++)
        while (got < (pass == 0 ? max : min_fill)) {
            size_t best = n;
            for (size_t i = 0; i < n; i++) {
                if (pick[i] || score[i] < 0)
                    continue;
                if (pass == 0 && !feat[i].quant && !feat[i].comp)
                    continue;
                if (best == n || score[i] > score[best])
                    best = i;
            }
            if (best == n)
                break;
            pick[best] = true;
            got++;
        }
    for (size_t i = 0; i < n; i++) {
        if (!pick[i])
            continue;
        cJSON *ins = cJSON_CreateObject();
        cJSON_AddStringToObject(ins, "claim", texts[i]);
        cJSON *kinds = cJSON_AddArrayToObject(ins, "kind");
        if (feat[i].quant)
            cJSON_AddItemToArray(kinds, cJSON_CreateString("quantitative"));
        if (feat[i].comp)
            cJSON_AddItemToArray(kinds, cJSON_CreateString("comparative"));
        if (!feat[i].quant && !feat[i].comp)
            cJSON_AddItemToArray(kinds, cJSON_CreateString("central"));
        cJSON *src = cJSON_AddObjectToObject(ins, "source");
        cJSON_AddStringToObject(src, "doc", doc);
        cJSON_AddNumberToObject(src, "sentence", (double)i);
        cJSON_AddNumberToObject(src, "line", lines[i]);
        cJSON *kps = cJSON_AddArrayToObject(ins, "keyphrases");
        const cJSON *kp;
        cJSON_ArrayForEach(kp, keyphrases) if (phrase_in(texts[i], kp->valuestring))
            cJSON_AddItemToArray(kps, cJSON_CreateString(kp->valuestring));
        cJSON_AddItemToArray(out, ins);
    }
done:
    free(score);
    free(feat);
    free(tr);
    free(pick);
}

int node_extract_insights(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *insights = get(c->state, "insights");
    const cJSON *keyphrases = get(c->state, "keyphrases");
    const char *path = get_str(get(c->state, "doc"), "path", get_str(c->state, "input", ""));
    cJSON *out = cJSON_AddArrayToObject(w, "insights");
    size_t max = (size_t)param_int(c, "max", 6, 1, 50);
    size_t min_fill = (size_t)param_int(c, "min", 3, 0, 50);
    if (!already_cited(insights, path)) {
        size_t n;
        const char **texts = sentence_texts(c->state, &n);
        if (!texts)
            return rerror_set(err, "extract_insights: no sentences (run load first)");
        int *lines = calloc(n, sizeof *lines);
        if (!lines) {
            free(texts);
            return rerror_set(err, "out of memory");
        }
        size_t i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, get(c->state, "sentences")) lines[i++] = (int)cJSON_GetNumberValue(get(it, "line"));
        pick_insights(path, texts, lines, n, keyphrases, max, min_fill, out);
        free(lines);
        free(texts);
    }
    /* retrieved passages not yet mined: at most 2 claims each, no filling */
    const cJSON *ctx;
    cJSON_ArrayForEach(ctx, get(c->state, "context"))
    {
        const char *src = get_str(ctx, "source", "");
        if (already_cited(insights, src) || already_cited(out, src))
            continue;
        const char *text = get_str(ctx, "text", "");
        Prose p = {0};
        if (prose_split(text, strlen(text), true, (int)cJSON_GetNumberValue(get(ctx, "line")), &p, err)) {
            prose_clear(&p);
            return -1;
        }
        const char **texts = calloc(p.n ? p.n : 1, sizeof *texts);
        int *lines = calloc(p.n ? p.n : 1, sizeof *lines);
        if (texts && lines) {
            for (size_t i = 0; i < p.n; i++) {
                texts[i] = p.s[i].text;
                lines[i] = p.s[i].line;
            }
            pick_insights(src, texts, lines, p.n, keyphrases, 2, 0, out);
        }
        free(texts);
        free(lines);
        prose_clear(&p);
    }
    return 0;
}

/* ---------------------------------------------------------------- critique */

int node_critique(const NodeCall *c, cJSON *w, RError *err)
{
    (void)err;
    const cJSON *insights = get(c->state, "insights");
    const cJSON *keyphrases = get(c->state, "keyphrases");
    int top = param_int(c, "top_keyphrases", 5, 1, 16);
    int considered = 0, covered = 0;
    cJSON *missing = cJSON_CreateArray();
    const cJSON *kp;
    cJSON_ArrayForEach(kp, keyphrases)
    {
        if (considered == top)
            break;
        considered++;
        bool hit = false;
        const cJSON *ins;
        cJSON_ArrayForEach(ins, insights) if (phrase_in(get_str(ins, "claim", ""), kp->valuestring)) hit = true;
        if (hit)
            covered++;
        else
            cJSON_AddItemToArray(missing, cJSON_CreateString(kp->valuestring));
    }
    double coverage = considered ? (double)covered / considered : 0;
    coverage = round(coverage * 1000) / 1000;
    int n = cJSON_GetArraySize(insights);
    cJSON *cr = cJSON_AddObjectToObject(w, "critique");
    cJSON_AddNumberToObject(cr, "insights", n);
    cJSON_AddNumberToObject(cr, "keyphrases_covered", covered);
    cJSON_AddNumberToObject(cr, "keyphrases_considered", considered);
    cJSON_AddItemToObject(cr, "missing", missing);
    cJSON_AddNumberToObject(w, "coverage", coverage);
    return 0;
}

/* ---------------------------------------------------------------- generate_questions */

/* Picks the number of s best suited to a cloze blank: not inside a name (Llama-3.1-70B), an
 * ordinal (1st) or a function call (ln(1 + x)); multi-digit numbers, decimals and numbers
 * with a unit or % first. Returns false when none is worth asking. */
static bool find_number(const char *s, size_t *start, size_t *end)
{
    int best = 0;
    for (size_t i = 0; s[i]; i++) {
        if (!(s[i] >= '0' && s[i] <= '9'))
            continue;
        size_t j = i;
        while ((s[j] >= '0' && s[j] <= '9') || ((s[j] == '.' || s[j] == ',') && s[j + 1] >= '0' && s[j + 1] <= '9'))
            j++;
        char p = i > 0 ? s[i - 1] : ' ';
        char pp = i > 1 ? s[i - 2] : ' ';
        bool in_name = (p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z') || p == '-' || p == '.' || p == '_' ||
                       p == '/' || p == '^' || (p == '(' && ((pp >= 'a' && pp <= 'z') || (pp >= 'A' && pp <= 'Z')));
        bool glued = (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '-' || s[j] == '/' ||
                     s[j] == '^';
        size_t at = i;
        i = j > i ? j - 1 : i;
        if (in_name || glued)
            continue;
        int score = (int)(j - at);
        for (size_t k = at; k < j; k++)
            if (s[k] == '.')
                score += 2;
        const char *after = s + j;
        while (*after == ' ')
            after++;
        static const char *const units[] = {"%", "GiB", "KiB", "MiB", "GB", "MB", "KB", "TB", "ms", "tokens", "bytes",
                                            "FLOP", "parameters", "layers", "heads", "\xC3\x97"};
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
            if (strncmp(after, units[u], strlen(units[u])) == 0)
                score += 3;
        if (j - at == 4 && (s[at] == '1' || s[at] == '2') && (s[at + 1] == '9' || s[at + 1] == '0'))
            score = 0; /* a year: usually a citation */
        if (score >= 2 && score > best) {
            best = score;
            *start = at;
            *end = j;
        }
    }
    return best > 0;
}

static void add_question(cJSON *arr, const char *type, const char *q, const char *answer, const cJSON *source)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", type);
    cJSON_AddStringToObject(o, "question", q);
    cJSON_AddStringToObject(o, "answer", answer);
    if (source)
        cJSON_AddItemToObject(o, "source", cJSON_Duplicate(source, true));
    cJSON_AddItemToArray(arr, o);
}

int node_generate_questions(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *insights = get(c->state, "insights");
    const cJSON *keyphrases = get(c->state, "keyphrases");
    int max_cloze = param_int(c, "cloze", 4, 0, 20);
    int max_explain = param_int(c, "explain", 3, 0, 20);
    int max_why = param_int(c, "why", 2, 0, 20);
    cJSON *qs = cJSON_AddArrayToObject(w, "questions");
    char buf[2048];
    int n = 0;
    const cJSON *ins;
    cJSON_ArrayForEach(ins, insights)
    {
        if (n >= max_cloze)
            break;
        const char *claim = get_str(ins, "claim", "");
        size_t a = 0, b = 0;
        if (strlen(claim) > 1000 || !find_number(claim, &a, &b))
            continue;
        char answer[64];
        snprintf(answer, sizeof answer, "%.*s", (int)(b - a), claim + a);
        snprintf(buf, sizeof buf, "Fill in the blank: %.*s____%s", (int)a, claim, claim + b);
        add_question(qs, "cloze", buf, answer, get(ins, "source"));
        n++;
    }
    n = 0;
    const cJSON *kp;
    cJSON_ArrayForEach(kp, keyphrases)
    {
        if (n >= max_explain)
            break;
        /* the answer: the first insight (else summary sentence) that mentions it */
        const char *answer = NULL;
        const cJSON *src = NULL;
        cJSON_ArrayForEach(ins, insights) if (!answer && phrase_in(get_str(ins, "claim", ""), kp->valuestring))
        {
            answer = get_str(ins, "claim", "");
            src = get(ins, "source");
        }
        const cJSON *s;
        cJSON_ArrayForEach(s, get(c->state, "summary")) if (!answer && phrase_in(get_str(s, "text", ""), kp->valuestring))
            answer = get_str(s, "text", "");
        if (!answer)
            cJSON_ArrayForEach(s, get(c->state, "sentences")) if (!answer && phrase_in(get_str(s, "text", ""), kp->valuestring))
                answer = get_str(s, "text", "");
        snprintf(buf, sizeof buf, "Explain \"%s\" in your own words: what is it and why does it matter here?",
                 kp->valuestring);
        add_question(qs, "explain", buf, answer ? answer : "", src);
        n++;
    }
    n = 0;
    cJSON_ArrayForEach(ins, insights)
    {
        if (n >= max_why)
            break;
        const cJSON *kinds = get(ins, "kind");
        bool comp = false;
        const cJSON *k;
        cJSON_ArrayForEach(k, kinds) comp |= strcmp(k->valuestring, "comparative") == 0;
        if (!comp)
            continue;
        const char *claim = get_str(ins, "claim", "");
        snprintf(buf, sizeof buf, "Why is this so? \"%.1500s\"", claim);
        add_question(qs, "why", buf, claim, get(ins, "source"));
        n++;
    }
    if (cJSON_GetArraySize(qs) == 0)
        return rerror_set(err, "generate_questions: no insights or keyphrases to ask about");
    return 0;
}

/* ---------------------------------------------------------------- report */

typedef struct Buf {
    char *s;
    size_t n, cap;
    bool oom;
} Buf;

static void bprintf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bprintf(Buf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0)
        return;
    if (b->n + (size_t)need + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 1024;
        while (b->n + (size_t)need + 1 > nc)
            nc *= 2;
        char *ns = realloc(b->s, nc);
        if (!ns) {
            b->oom = true;
            return;
        }
        b->s = ns;
        b->cap = nc;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

int node_report(const NodeCall *c, cJSON *w, RError *err)
{
    Buf b = {0};
    const cJSON *doc = get(c->state, "doc");
    bprintf(&b, "# Research report: %s\n\n", get_str(doc, "title", get_str(c->state, "input", "")));
    bprintf(&b, "## Summary\n\n");
    const cJSON *it;
    cJSON_ArrayForEach(it, get(c->state, "summary")) bprintf(&b, "- %s [s%d]\n", get_str(it, "text", ""),
                                                           (int)cJSON_GetNumberValue(get(it, "sentence")));
    bprintf(&b, "\n## Keyphrases\n\n");
    int i = 0;
    cJSON_ArrayForEach(it, get(c->state, "keyphrases")) bprintf(&b, "%s%s", i++ ? ", " : "", it->valuestring);
    bprintf(&b, "\n\n## Insights\n\n");
    cJSON_ArrayForEach(it, get(c->state, "insights"))
    {
        const cJSON *src = get(it, "source");
        bprintf(&b, "- %s (%s:%d)\n", get_str(it, "claim", ""), get_str(src, "doc", ""),
                (int)cJSON_GetNumberValue(get(src, "line")));
    }
    /* What retrieval brought, or that it found nothing relevant (no passage shared a keyphrase) */
    int nctx = cJSON_GetArraySize(get(c->state, "context"));
    if (nctx > 0 || cJSON_GetNumberValue(get(c->state, "retrievals")) > 0) {
        bprintf(&b, "\n## Context from other notes\n\n");
        if (nctx == 0)
            bprintf(&b, "Nothing relevant was found: no passage of the other notes holds a whole "
                        "keyphrase of this text (searched for: %s).\n",
                    get_str(c->state, "query", "?"));
        cJSON_ArrayForEach(it, get(c->state, "context"))
            bprintf(&b, "- %s (%s, shares \"%s\")\n", get_str(it, "heading", ""), get_str(it, "source", ""),
                    get_str(it, "matched", ""));
    }
    bprintf(&b, "\n## Questions\n\n");
    i = 0;
    cJSON_ArrayForEach(it, get(c->state, "questions")) bprintf(&b, "%d. %s\n", ++i, get_str(it, "question", ""));
    const cJSON *e = get(c->state, "error");
    if (cJSON_IsObject(e))
        bprintf(&b, "\n## Errors\n\n- %s: %s\n", get_str(e, "node", ""), get_str(e, "message", ""));
    if (b.oom || !b.s) {
        free(b.s);
        return rerror_set(err, "out of memory");
    }
    cJSON_AddStringToObject(w, "report", b.s);
    free(b.s);
    return 0;
}
