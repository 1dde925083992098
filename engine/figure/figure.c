/* Live figures: spec parsing, units, number format, the scanner and the expansion. */
#include "engine/figure/figure_priv.h"
#include "engine/notes.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int figure_ctx_new(const char *content_dir, FigureCtx **out, RError *err)
{
    FigureCtx *c = calloc(1, sizeof *c);
    if (!c)
        return rerror_set(err, "out of memory");
    char path[4096];
    snprintf(path, sizeof path, "%s/models.yaml", content_dir);
    if (kv_presets_load(path, &c->presets, err) != 0) {
        free(c);
        return -1;
    }
    snprintf(path, sizeof path, "%s/gpus.yaml", content_dir);
    if (gpu_list_load(path, &c->gpus, err) != 0) {
        kv_presets_free(&c->presets);
        free(c);
        return -1;
    }
    RError ignored; /* without them, infer links are checked by pane name only */
    c->infer_ok = infer_presets_load(content_dir, &c->infer, &ignored) == 0;
    *out = c;
    return 0;
}

void figure_ctx_free(FigureCtx *ctx)
{
    if (!ctx)
        return;
    kv_presets_free(&ctx->presets);
    gpu_list_free(&ctx->gpus);
    if (ctx->infer_ok)
        infer_presets_free(&ctx->infer);
    free(ctx);
}

int figure_spec_parse(const char *text, size_t len, FigureSpec *spec, RError *err)
{
    if (len > FIGURE_SPEC_MAX)
        return rerror_set(err, "a live figure is longer than %d bytes", FIGURE_SPEC_MAX);
    memcpy(spec->buf, text, len);
    spec->buf[len] = '\0';
    spec->n = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && isspace((unsigned char)spec->buf[i]))
            spec->buf[i++] = '\0';
        if (i >= len)
            break;
        if (spec->n == FIGURE_MAX_TOKENS)
            return rerror_set(err, "a live figure has more than %d words", FIGURE_MAX_TOKENS);
        FigureToken *t = &spec->tok[spec->n++];
        t->off = i;
        t->used = false;
        t->key = NULL;
        t->value = spec->buf + i;
        while (i < len && !isspace((unsigned char)spec->buf[i]))
            i++;
        char *eq = memchr(spec->buf + t->off, '=', i - t->off);
        if (eq) {
            *eq = '\0';
            t->key = spec->buf + t->off;
            t->value = eq + 1;
        }
    }
    return 0;
}

bool figure_parse_count(const char *s, double lo, double hi, double *out)
{
    char *end;
    if (!isdigit((unsigned char)*s))
        return false;
    double v = strtod(s, &end);
    if (*end == 'k' || *end == 'K') {
        v *= 1024;
        end++;
    } else if (*end == 'M') {
        v *= 1024.0 * 1024.0;
        end++;
    }
    if (*end || !isfinite(v) || v != floor(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

typedef struct Unit {
    const char *name;
    double div;
    FigureKind kind;
} Unit;

static const Unit units[] = {
    {"B", 1, FIG_BYTES},           {"KB", 1e3, FIG_BYTES},
    {"MB", 1e6, FIG_BYTES},        {"GB", 1e9, FIG_BYTES},
    {"TB", 1e12, FIG_BYTES},       {"KiB", 1024.0, FIG_BYTES},
    {"MiB", 1048576.0, FIG_BYTES}, {"GiB", 1073741824.0, FIG_BYTES},
    {"TiB", 1099511627776.0, FIG_BYTES},
    {"thousand", 1e3, FIG_COUNT},  {"million", 1e6, FIG_COUNT},
    {"billion", 1e9, FIG_COUNT},   {"trillion", 1e12, FIG_COUNT},
    {"x", 1, FIG_RATIO},           {"%", 0.01, FIG_RATIO},
};

/* "1234567" -> "1,234,567" in place (buf holds an unsigned integer part, maybe a fraction). */
static void group_thousands(char *buf, size_t size)
{
    char *dot = strchr(buf, '.');
    size_t intlen = dot ? (size_t)(dot - buf) : strlen(buf);
    size_t commas = intlen > 3 ? (intlen - 1) / 3 : 0;
    size_t total = strlen(buf) + commas;
    if (!commas || total + 1 > size)
        return;
    memmove(buf + intlen + commas, buf + intlen, strlen(buf + intlen) + 1);
    for (size_t src = intlen, dst = intlen + commas, k = 0; src > 0; k++) {
        if (k && k % 3 == 0)
            buf[--dst] = ',';
        buf[--dst] = buf[--src];
    }
}

/* The value in the unit, with `digits` decimals (< 0: 2 under 10, 1 under 100, else none;
 * trailing zeros dropped). */
static void format_value(double v, const Unit *u, int digits, char *out, size_t size)
{
    double x = u ? v / u->div : v;
    char num[64];
    bool neg = x < 0;
    double ax = fabs(x);
    int d = digits >= 0 ? digits : ax < 10 ? 2 : ax < 100 ? 1 : 0;
    snprintf(num, sizeof num, "%.*f", d, ax);
    if (digits < 0 && strchr(num, '.')) {
        size_t n = strlen(num);
        while (num[n - 1] == '0')
            num[--n] = '\0';
        if (num[n - 1] == '.')
            num[--n] = '\0';
    }
    group_thousands(num, sizeof num);
    const char *sep = !u ? "" : (u->kind == FIG_RATIO) ? "" : " ";
    snprintf(out, size, "%s%s%s%s", neg ? "-" : "", num, sep, u ? u->name : "");
}

static const struct {
    const char *name;
    FigureTopicFn fn;
} topics[] = {
    {"kv", figure_topic_kv},
    {"scaling", figure_topic_scaling},
};

static FigureToken *find_key(FigureSpec *spec, const char *key)
{
    for (size_t i = 1; i < spec->n; i++)
        if (spec->tok[i].key && strcmp(spec->tok[i].key, key) == 0)
            return &spec->tok[i];
    return NULL;
}

int figure_eval(const FigureCtx *ctx, const char *spec_text, char *out, size_t size, size_t *bad,
                RError *err)
{
    size_t dummy;
    if (!bad)
        bad = &dummy;
    *bad = 0;
    FigureSpec spec;
    if (figure_spec_parse(spec_text, strlen(spec_text), &spec, err) != 0)
        return -1;
    if (spec.n == 0 || spec.tok[0].key)
        return rerror_set(err, "a live figure starts with its topic (kv or scaling)");
    FigureTopicFn fn = NULL;
    for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++)
        if (strcmp(spec.tok[0].value, topics[i].name) == 0)
            fn = topics[i].fn;
    if (!fn)
        return rerror_set(err, "unknown figure topic '%.40s' (kv or scaling)",
                          spec.tok[0].value);
    FigureToken *field = find_key(&spec, "field");
    if (!field)
        return rerror_set(err, "the figure names no field (field=NAME)");
    field->used = true;
    const Unit *unit = NULL;
    FigureToken *ut = find_key(&spec, "unit");
    if (ut) {
        ut->used = true;
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (strcmp(ut->value, units[i].name) == 0)
                unit = &units[i];
        if (!unit) {
            *bad = ut->off;
            return rerror_set(err, "unknown unit '%.40s' (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB, "
                              "thousand, million, billion, trillion, x, %%)", ut->value);
        }
    }
    int digits = -1;
    FigureToken *dt = find_key(&spec, "digits");
    if (dt) {
        dt->used = true;
        double d;
        if (!figure_parse_count(dt->value, 0, 6, &d)) {
            *bad = dt->off;
            return rerror_set(err, "digits takes 0 to 6");
        }
        digits = (int)d;
    }
    double value;
    FigureKind kind;
    size_t field_off = field->off;
    if (fn(ctx, &spec, field->value, &value, &kind, bad, err) != 0) {
        if (*bad == (size_t)-1)
            *bad = field_off;
        return -1;
    }
    if (unit && unit->kind != kind) {
        *bad = ut->off;
        static const char *const what[] = {"bytes", "a count", "a ratio", "a plain number"};
        return rerror_set(err, "field '%s' is %s: unit %s does not apply", field->value,
                          what[kind], unit->name);
    }
    for (size_t i = 1; i < spec.n; i++)
        if (!spec.tok[i].used) {
            *bad = spec.tok[i].off;
            return rerror_set(err, "unknown setting '%.60s' for %s", spec.tok[i].key
                              ? spec.tok[i].key : spec.tok[i].value, spec.tok[0].value);
        }
    format_value(value, unit, digits, out, size);
    return 0;
}

/* ---- scanning ---- */

/* Columns (code points) from line start to p. */
static int column_of(const char *line_start, const char *p)
{
    int col = 1;
    for (const char *c = line_start; c < p; c++)
        col += ((unsigned char)*c & 0xC0) != 0x80;
    return col;
}

static bool fence_line(const char *s, const char *end)
{
    int sp = 0;
    while (s < end && *s == ' ' && sp < 4) {
        s++;
        sp++;
    }
    return sp < 4 && end - s >= 3 && (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0);
}

void figure_scan(const char *src, size_t len, FigureScanFn fn, void *user)
{
    const char *end = src + len;
    bool fenced = false;
    int line = 1;
    for (const char *ls = src; ls < end; line++) {
        const char *le = memchr(ls, '\n', (size_t)(end - ls));
        if (!le)
            le = end;
        if (fence_line(ls, le)) {
            fenced = !fenced;
        } else if (!fenced) {
            for (const char *p = ls; p < le; p++) {
                if (*p == '`') { /* skip an inline code span: a matching run of backticks */
                    size_t run = 1;
                    while (p + run < le && p[run] == '`')
                        run++;
                    const char *q = p + run;
                    while (q < le) {
                        if (*q == '`') {
                            size_t r2 = 1;
                            while (q + r2 < le && q[r2] == '`')
                                r2++;
                            if (r2 == run)
                                break;
                            q += r2;
                        } else {
                            q++;
                        }
                    }
                    p = q < le ? q + run - 1 : p + run - 1;
                    continue;
                }
                if (p[0] == '{' && p + 1 < le && p[1] == '{') {
                    const char *close = p + 2;
                    while (close + 1 < le && !(close[0] == '}' && close[1] == '}'))
                        close++;
                    if (close + 1 < le) {
                        fn(user, 'f', p + 2, (size_t)(close - p - 2), (size_t)(p - src), line,
                           column_of(ls, p));
                        p = close + 1;
                    } else {
                        fn(user, 'f', p + 2, (size_t)-1, (size_t)(p - src), line,
                           column_of(ls, p));
                        p = le;
                    }
                    continue;
                }
                /* ](pane:…) and ](<pane:…>) */
                if (p[0] == ']' && p + 1 < le && p[1] == '(') {
                    const char *t = p + 2;
                    bool angle = t < le && *t == '<';
                    t += angle;
                    if (le - t > 5 && strncmp(t, "pane:", 5) == 0) {
                        const char *stop = t + 5;
                        while (stop < le && *stop != (angle ? '>' : ')'))
                            stop++;
                        fn(user, 'l', t + 5, (size_t)(stop - t - 5), (size_t)(t - src), line,
                           column_of(ls, t));
                        p = stop < le ? stop : le - 1;
                    }
                }
            }
        }
        ls = le + 1;
    }
}

/* ---- issues ---- */

void figure_issue_add(FigureIssues *list, int line, int col, const char *fmt, ...)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        FigureIssue *items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return;
        list->items = items;
        list->cap = cap;
    }
    FigureIssue *it = &list->items[list->count++];
    it->line = line;
    it->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->msg, sizeof it->msg, fmt, ap);
    va_end(ap);
    for (char *c = it->msg; *c; c++) /* words quoted from a note never reach a terminal raw */
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
}

void figure_issues_free(FigureIssues *list)
{
    if (!list)
        return;
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* ---- expansion ---- */

typedef struct Expand {
    const FigureCtx *ctx;
    const char *src;
    char *out;
    size_t n, cap, copied; /* copied: bytes of src already passed to out */
    bool oom;
    FigureIssues *issues;
} Expand;

static void put(Expand *e, const char *s, size_t len)
{
    if (e->oom)
        return;
    if (e->n + len + 1 > e->cap) {
        size_t cap = (e->n + len + 1) * 2;
        char *o = realloc(e->out, cap);
        if (!o) {
            e->oom = true;
            return;
        }
        e->out = o;
        e->cap = cap;
    }
    memcpy(e->out + e->n, s, len);
    e->n += len;
    e->out[e->n] = '\0';
}

static void expand_one(void *user, char kind, const char *text, size_t len, size_t off, int line,
                       int col)
{
    Expand *e = user;
    if (kind != 'f')
        return;
    char value[128];
    RError err;
    size_t bad = 0;
    int rc = -1;
    bool closed = len != (size_t)-1;
    if (!closed) {
        rerror_set(&err, "a live figure '{{' has no closing '}}' on its line");
    } else if (len > FIGURE_SPEC_MAX) {
        rerror_set(&err, "a live figure is longer than %d bytes", FIGURE_SPEC_MAX);
    } else {
        char spec[FIGURE_SPEC_MAX + 1];
        memcpy(spec, text, len);
        spec[len] = '\0';
        rc = figure_eval(e->ctx, spec, value, sizeof value, &bad, &err);
    }
    put(e, e->src + e->copied, off - e->copied);
    if (rc == 0) {
        put(e, value, strlen(value));
    } else {
        put(e, "[figure error]", 14);
        if (e->issues)
            figure_issue_add(e->issues, line,
                             closed ? col + 2 + column_of(text, text + bad) - 1 : col, "%s",
                             err.msg);
    }
    /* An unclosed figure keeps the rest of its line as written. */
    e->copied = closed ? off + 2 + len + 2 : off + 2;
}

int figure_expand(const FigureCtx *ctx, const char *src, size_t len, char **out, size_t *outlen,
                  FigureIssues *issues, RError *err)
{
    Expand e = {.ctx = ctx, .src = src, .issues = issues};
    figure_scan(src, len, expand_one, &e);
    put(&e, src + e.copied, len - e.copied);
    if (!e.out && !e.oom)
        put(&e, "", 0);
    if (e.oom) {
        free(e.out);
        return rerror_set(err, "out of memory");
    }
    *out = e.out;
    if (outlen)
        *outlen = e.n;
    return 0;
}

int figure_read_note(const char *path, const char *content_dir, char **text, size_t *len,
                     RError *err)
{
    if (notes_read(path, text, len, err) != 0)
        return -1;
    return figure_expand_note(content_dir, text, len, err);
}

int figure_expand_note(const char *content_dir, char **text, size_t *len, RError *err)
{
    FigureCtx *ctx;
    RError ignored;
    if (!content_dir || !strstr(*text, "{{") || figure_ctx_new(content_dir, &ctx, &ignored) != 0)
        return 0;
    char *out;
    size_t n;
    int rc = figure_expand(ctx, *text, *len, &out, &n, NULL, err);
    figure_ctx_free(ctx);
    if (rc != 0) {
        free(*text);
        *text = NULL;
        return -1;
    }
    free(*text);
    *text = out;
    *len = n;
    return 0;
}
