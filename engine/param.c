/* Parameter tables: parsing, formatting, JSON and usage text driven by one ParamSpec each. */
#include "engine/param.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers ---- */

static void *field(const ParamSpec *s, void *settings) { return (char *)settings + s->offset; }
static const void *cfield(const ParamSpec *s, const void *settings)
{
    return (const char *)settings + s->offset;
}

static bool is_integer_kind(ParamKind k) { return k == PARAM_INT || k == PARAM_U64; }

/* Lower-case, without '-', '_' and spaces: "H100 SXM" -> "h100sxm". */
static void normalize(const char *in, char *out, size_t size)
{
    size_t n = 0;
    for (; *in && n + 1 < size; in++) {
        unsigned char c = (unsigned char)*in;
        if (c == '-' || c == '_' || c == ' ')
            continue;
        out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
}

/* "block-size" and "block_size" name the same spec. */
static bool key_equal(const char *a, size_t alen, const char *b)
{
    if (!b || strlen(b) != alen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];
        if (x != y)
            return false;
    }
    return true;
}

static const ParamSpec *find_n(const ParamTable *t, const char *name, size_t len)
{
    for (size_t i = 0; i < t->count; i++)
        if (key_equal(name, len, t->specs[i].name) || key_equal(name, len, t->specs[i].alias))
            return &t->specs[i];
    return NULL;
}

const ParamSpec *param_find(const ParamTable *t, const char *name)
{
    return name ? find_n(t, name, strlen(name)) : NULL;
}

int param_index(const ParamTable *t, const ParamSpec *s)
{
    return s && s >= t->specs && s < t->specs + t->count ? (int)(s - t->specs) : -1;
}

static const ParamNames *context_list(const ParamContext *ctx, const char *list)
{
    if (!ctx || !list)
        return NULL;
    for (size_t i = 0; i < ctx->nlists; i++)
        if (ctx->lists[i] && strcmp(ctx->lists[i]->list, list) == 0)
            return ctx->lists[i];
    return NULL;
}

/* ---- names ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The texts an item answers to: name, label, aliases. */
static size_t item_texts(const ParamName *it, const char *out[], size_t max)
{
    size_t n = 0;
    if (it->name && n < max)
        out[n++] = it->name;
    if (it->label && n < max)
        out[n++] = it->label;
    for (size_t a = 0; a < it->naliases && n < max; a++)
        if (it->aliases[a])
            out[n++] = it->aliases[a];
    return n;
}

/* Distance of the input to the nearest of the item's texts, and to their prefixes of the
 * input's length (so "H10" is near both h100-sxm and h200-sxm). */
static size_t item_distance(const ParamName *it, const char *key)
{
    const char *texts[16];
    size_t n = item_texts(it, texts, 16), best = 64, klen = strlen(key);
    for (size_t k = 0; k < n; k++) {
        char t[PARAM_NAME_MAX * 2];
        normalize(texts[k], t, sizeof t);
        size_t d = edit_distance(key, t);
        if (d < best)
            best = d;
        if (strlen(t) > klen) {
            t[klen] = '\0';
            d = edit_distance(key, t);
            if (d < best)
                best = d;
        }
    }
    return best;
}

static int names_error(const ParamNames *names, const char *input, const size_t *idx,
                       size_t nidx, RError *err)
{
    char list[300] = "";
    size_t len = 0;
    for (size_t i = 0; i < nidx && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                                names->items[idx[i]].name);
    char tail[160] = "";
    if (names->listing)
        snprintf(tail, sizeof tail, " (%s lists them)", names->listing);
    if (nidx)
        return rerror_set(err, "no %s '%s': did you mean %s?%s", names->what, input, list, tail);
    return rerror_set(err, "no %s '%s'%s", names->what, input, tail);
}

long param_match(const ParamNames *names, const char *input, RError *err)
{
    char key[PARAM_NAME_MAX * 2];
    normalize(input ? input : "", key, sizeof key);
    if (!names || !key[0])
        return names ? names_error(names, input ? input : "", NULL, 0, err)
                     : rerror_set(err, "no names to match '%s' against", input ? input : "");
    size_t klen = strlen(key);
    long prefix_hit = -1;
    size_t hits[4], nhits = 0;
    for (size_t i = 0; i < names->count; i++) {
        const char *texts[16];
        size_t n = item_texts(&names->items[i], texts, 16);
        bool prefix = false;
        for (size_t k = 0; k < n; k++) {
            char t[PARAM_NAME_MAX * 2];
            normalize(texts[k], t, sizeof t);
            if (strcmp(t, key) == 0)
                return (long)i;
            if (strncmp(t, key, klen) == 0)
                prefix = true;
        }
        if (prefix) {
            if (nhits < 4)
                hits[nhits] = i;
            nhits++;
            prefix_hit = (long)i;
        }
    }
    if (nhits == 1)
        return prefix_hit;
    if (nhits > 1)
        return names_error(names, input, hits, nhits < 4 ? nhits : 4, err);
    /* No prefix: the nearest names by edit distance, up to three within reach. */
    size_t reach = klen / 3 > 2 ? klen / 3 : 2;
    size_t best[3], bestd[3], nbest = 0;
    for (size_t i = 0; i < names->count; i++) {
        size_t d = item_distance(&names->items[i], key);
        if (d > reach)
            continue;
        size_t at = nbest < 3 ? nbest++ : 3;
        while (at > 0 && bestd[at - 1] > d) {
            if (at < 3) {
                best[at] = best[at - 1];
                bestd[at] = bestd[at - 1];
            }
            at--;
        }
        if (at < 3) {
            best[at] = i;
            bestd[at] = d;
        }
    }
    return names_error(names, input, best, nbest, err);
}

/* ---- numbers ---- */

static double suffix_scale(ParamSuffix sfx, char c, bool *ok)
{
    *ok = true;
    if (sfx == PARAM_SFX_BINARY) {
        switch (c) {
        case 'k': case 'K': return 1024.0;
        case 'm': case 'M': return 1048576.0;
        case 'g': case 'G': return 1073741824.0;
        default: break;
        }
    } else if (sfx == PARAM_SFX_DECIMAL) {
        switch (c) {
        case 'k': case 'K': return 1e3;
        case 'M': return 1e6;
        case 'B': case 'G': return 1e9;
        case 'T': return 1e12;
        case 'P': return 1e15;
        default: break;
        }
    }
    *ok = false;
    return 1.0;
}

/* A decimal or scientific number, then one optional suffix (or '%' for reals). */
static bool parse_number(const ParamSpec *s, const char *text, double *out)
{
    const char *p = text;
    if (*p == '+' || *p == '-')
        p++;
    if (!(isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))))
        return false; /* no "inf", "nan", "0x10" or empty */
    for (const char *q = p; *q; q++)
        if (*q == 'x' || *q == 'X')
            return false;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno == ERANGE || !isfinite(v))
        return false;
    if (*end) {
        bool ok;
        double scale = suffix_scale(s->suffix, *end, &ok);
        if (!ok && s->kind == PARAM_REAL && *end == '%') {
            ok = true;
            scale = 0.01;
        }
        if (!ok || end[1])
            return false;
        v *= scale;
    }
    *out = v;
    return true;
}

/* The shortest text of v that strtod reads back exactly. */
static int shortest(char *buf, size_t size, double v)
{
    char tmp[48];
    if (fabs(v) >= 1e-4 && fabs(v) < 1e15) { /* fixed notation when it is exact */
        for (int dec = 0; dec <= 17; dec++) {
            snprintf(tmp, sizeof tmp, "%.*f", dec, v);
            if (strtod(tmp, NULL) == v)
                return snprintf(buf, size, "%s", tmp);
        }
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    /* "1e+15" -> "1e15" */
    char *e = strchr(tmp, 'e');
    if (e && e[1] == '+')
        memmove(e + 1, e + 2, strlen(e + 2) + 1);
    return snprintf(buf, size, "%s", tmp);
}

/* v in the notation its suffix class reads back: 32768 -> "32k" (binary), 7e10 -> "70B". */
static int format_number(ParamSuffix sfx, double v, char *buf, size_t size)
{
    if (sfx == PARAM_SFX_BINARY && v >= 1024 && v == floor(v)) {
        static const struct { double scale; const char *sym; } b[] = {
            {1073741824.0, "G"}, {1048576.0, "M"}, {1024.0, "k"}};
        for (size_t i = 0; i < 3; i++)
            if (fmod(v, b[i].scale) == 0)
                return snprintf(buf, size, "%.0f%s", v / b[i].scale, b[i].sym);
    }
    if (sfx == PARAM_SFX_DECIMAL && fabs(v) >= 1e3 && fabs(v) < 1e15) {
        static const struct { double scale; const char *sym; } d[] = {
            {1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
        for (size_t i = 0; i < 4; i++) {
            if (fabs(v) < d[i].scale)
                continue;
            char m[40];
            shortest(m, sizeof m, v / d[i].scale);
            if (strchr(m, 'e') || strtod(m, NULL) * d[i].scale != v)
                break; /* not exact with this suffix: plain digits */
            return snprintf(buf, size, "%s%s", m, d[i].sym);
        }
    }
    return shortest(buf, size, v);
}

int param_range_text(const ParamSpec *s, char *buf, size_t size)
{
    if (s->kind == PARAM_ENUM && s->choices) {
        size_t len = 0;
        if (size)
            buf[0] = '\0';
        for (size_t i = 0; i < s->choices->count; i++)
            len += (size_t)snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
                                    "%s%s", i ? ", " : "", s->choices->items[i].name);
        return (int)len;
    }
    if (s->kind == PARAM_BOOL)
        return snprintf(buf, size, "true or false");
    if (s->kind == PARAM_NAME)
        return snprintf(buf, size, "a %s name", s->list ? s->list : "preset");
    char lo[40], hi[40];
    format_number(s->suffix, s->min, lo, sizeof lo);
    format_number(s->suffix, s->max, hi, sizeof hi);
    return snprintf(buf, size, "%s..%s", lo, hi);
}

/* ---- values ---- */

void param_set(const ParamSpec *s, void *settings, double v)
{
    if (s->kind == PARAM_INT || s->kind == PARAM_U64 || s->kind == PARAM_REAL) {
        if (!(v >= s->min))
            v = s->min;
        if (v > s->max)
            v = s->max;
    }
    switch (s->kind) {
    case PARAM_INT: *(int *)field(s, settings) = (int)llround(v); break;
    case PARAM_U64: *(uint64_t *)field(s, settings) = (uint64_t)llround(v); break;
    case PARAM_REAL: *(double *)field(s, settings) = v; break;
    case PARAM_ENUM: {
        int n = s->choices ? (int)s->choices->count : 1;
        int i = (int)v;
        *(int *)field(s, settings) = i < 0 ? 0 : i >= n ? n - 1 : i;
        break;
    }
    case PARAM_BOOL: *(bool *)field(s, settings) = v != 0; break;
    case PARAM_NAME: break;
    }
}

double param_get(const ParamSpec *s, const void *settings)
{
    switch (s->kind) {
    case PARAM_INT: return *(const int *)cfield(s, settings);
    case PARAM_U64: return (double)*(const uint64_t *)cfield(s, settings);
    case PARAM_REAL: return *(const double *)cfield(s, settings);
    case PARAM_ENUM: return *(const int *)cfield(s, settings);
    case PARAM_BOOL: return *(const bool *)cfield(s, settings);
    case PARAM_NAME: return 0;
    }
    return 0;
}

void param_defaults(const ParamTable *t, void *settings)
{
    for (size_t i = 0; i < t->count; i++) {
        const ParamSpec *s = &t->specs[i];
        if (s->kind == PARAM_NAME)
            snprintf(field(s, settings), PARAM_NAME_MAX, "%s", s->def_name ? s->def_name : "");
        else
            param_set(s, settings, s->def);
    }
}

static int bad_value(const ParamSpec *s, const char *shown, const char *text, RError *err)
{
    char range[300];
    param_range_text(s, range, sizeof range);
    const char *what = is_integer_kind(s->kind) ? "an integer in "
                     : s->kind == PARAM_REAL ? "a number in "
                     : s->kind == PARAM_ENUM ? "one of " : "";
    return rerror_set(err, "%s: expected %s%s, got '%s'", shown, what, range, text);
}

int param_parse_value(const ParamSpec *s, const ParamContext *ctx, const char *text,
                      const char *shown, void *settings, RError *err)
{
    if (!text)
        text = "";
    switch (s->kind) {
    case PARAM_INT:
    case PARAM_U64:
    case PARAM_REAL: {
        double v;
        if (!parse_number(s, text, &v) || !(v >= s->min && v <= s->max) ||
            (is_integer_kind(s->kind) && v != floor(v)))
            return bad_value(s, shown, text, err);
        param_set(s, settings, v);
        return 0;
    }
    case PARAM_BOOL: {
        static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
        for (size_t i = 0; i < 4; i++) {
            if (strcasecmp(text, yes[i]) == 0) {
                param_set(s, settings, 1);
                return 0;
            }
            if (strcasecmp(text, no[i]) == 0) {
                param_set(s, settings, 0);
                return 0;
            }
        }
        return bad_value(s, shown, text, err);
    }
    case PARAM_ENUM: {
        RError e;
        long i = param_match(s->choices, text, &e);
        if (i < 0)
            return rerror_set(err, "%s: %s", shown, e.msg);
        param_set(s, settings, (double)i);
        return 0;
    }
    case PARAM_NAME: {
        const ParamNames *names = context_list(ctx, s->list);
        if (!names) { /* nothing loaded to check against: keep it as written */
            if (!*text || strlen(text) >= PARAM_NAME_MAX)
                return bad_value(s, shown, text, err);
            snprintf(field(s, settings), PARAM_NAME_MAX, "%s", text);
            return 0;
        }
        RError e;
        long i = param_match(names, text, &e);
        if (i < 0)
            return rerror_set(err, "%s: %s", shown, e.msg);
        snprintf(field(s, settings), PARAM_NAME_MAX, "%s", names->items[i].name);
        return 0;
    }
    }
    return bad_value(s, shown, text, err);
}

int param_format(const ParamSpec *s, const void *settings, char *buf, size_t size)
{
    switch (s->kind) {
    case PARAM_INT:
    case PARAM_U64:
    case PARAM_REAL: return format_number(s->suffix, param_get(s, settings), buf, size);
    case PARAM_BOOL: return snprintf(buf, size, "%s", param_get(s, settings) ? "true" : "false");
    case PARAM_ENUM: {
        int i = (int)param_get(s, settings);
        const char *name = s->choices && i >= 0 && (size_t)i < s->choices->count
                               ? s->choices->items[i].name : "?";
        return snprintf(buf, size, "%s", name);
    }
    case PARAM_NAME: return snprintf(buf, size, "%s", (const char *)cfield(s, settings));
    }
    return snprintf(buf, size, "?");
}

/* ---- argv ---- */

static void mark(const ParamTable *t, const ParamSpec *s, ParamMask *given)
{
    int i = param_index(t, s);
    if (given && i >= 0 && i < PARAM_MAX)
        *given |= (ParamMask)1 << i;
}

int param_argv(const ParamTable *t, const ParamContext *ctx, int argc, char **argv, int *i,
               void *settings, ParamMask *given, RError *err)
{
    const char *arg = argv[*i];
    if (strncmp(arg, "--", 2) != 0)
        return 0;
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const ParamSpec *s = find_n(t, name, len);
    if (!s || (s->alias && key_equal(name, len, s->alias) && !key_equal(name, len, s->name)))
        return 0; /* aliases are for links and saved state, not flags */
    char shown[80];
    snprintf(shown, sizeof shown, "--%.*s", (int)len, name);
    const char *value;
    if (eq) {
        value = eq + 1;
    } else if (s->kind == PARAM_BOOL) {
        value = "true";
    } else if (*i + 1 < argc) {
        value = argv[++*i];
    } else {
        return rerror_set(err, "%s needs a value (%s)", shown, s->help ? s->help : s->name);
    }
    if (param_parse_value(s, ctx, value, shown, settings, err) != 0)
        return -1;
    mark(t, s, given);
    return 1;
}

/* ---- pairs ---- */

int param_parse_pairs(const ParamTable *t, const ParamContext *ctx, const char *text,
                      void *settings, ParamMask *given, RError *err)
{
    if (!text)
        return 0;
    char buf[1024];
    if (strlen(text) >= sizeof buf)
        return rerror_set(err, "settings too long (%zu bytes, at most %zu)", strlen(text),
                          sizeof buf - 1);
    snprintf(buf, sizeof buf, "%s", text);
    void *work = malloc(t->size);
    if (!work)
        return rerror_set(err, "out of memory");
    memcpy(work, settings, t->size);
    ParamMask seen = 0;
    int rc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " \t,&?", &save); tok && rc == 0;
         tok = strtok_r(NULL, " \t,&?", &save)) {
        char *eq = strchr(tok, '=');
        const ParamSpec *s;
        const char *value;
        if (eq) {
            *eq = '\0';
            value = eq + 1;
            s = param_find(t, tok);
            if (!s) {
                char names[400];
                size_t len = 0;
                for (size_t k = 0; k < t->count && len < sizeof names; k++)
                    len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
                                            k ? ", " : "", t->specs[k].name);
                rc = rerror_set(err, "unknown setting '%s' (%s)", tok, names);
                break;
            }
        } else {
            value = tok;
            s = param_find(t, t->positional);
            if (!s) {
                rc = rerror_set(err, "'%s' is not a name=value setting", tok);
                break;
            }
        }
        rc = param_parse_value(s, ctx, value, s->name, work, err);
        if (rc == 0)
            mark(t, s, &seen);
    }
    if (rc == 0) {
        memcpy(settings, work, t->size);
        if (given)
            *given |= seen;
    }
    free(work);
    return rc;
}

static bool is_default(const ParamSpec *s, const void *settings)
{
    if (s->kind == PARAM_NAME)
        return strcmp(cfield(s, settings), s->def_name ? s->def_name : "") == 0;
    return param_get(s, settings) == s->def;
}

int param_to_pairs(const ParamTable *t, const void *settings, bool changed_only, char *buf,
                   size_t size)
{
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < t->count; i++) {
        const ParamSpec *s = &t->specs[i];
        if (changed_only && is_default(s, settings))
            continue;
        if (s->kind == PARAM_NAME && !*(const char *)cfield(s, settings))
            continue;
        char v[PARAM_NAME_MAX + 8];
        param_format(s, settings, v, sizeof v);
        len += (size_t)snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
                                "%s%s=%s", len ? " " : "", s->name, v);
    }
    return (int)len;
}

/* ---- JSON ---- */

int param_to_json(const ParamTable *t, const void *settings, cJSON *obj)
{
    for (size_t i = 0; i < t->count; i++) {
        const ParamSpec *s = &t->specs[i];
        cJSON_DeleteItemFromObjectCaseSensitive(obj, s->name);
        cJSON *item;
        switch (s->kind) {
        case PARAM_BOOL: item = cJSON_CreateBool(param_get(s, settings) != 0); break;
        case PARAM_ENUM:
        case PARAM_NAME: {
            char v[PARAM_NAME_MAX + 8];
            param_format(s, settings, v, sizeof v);
            item = cJSON_CreateString(v);
            break;
        }
        default: item = cJSON_CreateNumber(param_get(s, settings)); break;
        }
        if (!item || !cJSON_AddItemToObject(obj, s->name, item)) {
            cJSON_Delete(item);
            return -1;
        }
    }
    return 0;
}

/* The value of one JSON member as the text param_parse_value reads. */
static bool json_text(const cJSON *it, char *buf, size_t size)
{
    if (cJSON_IsString(it))
        return snprintf(buf, size, "%s", it->valuestring) < (int)size;
    if (cJSON_IsBool(it))
        return snprintf(buf, size, "%s", cJSON_IsTrue(it) ? "true" : "false") > 0;
    if (cJSON_IsNumber(it))
        return shortest(buf, size, it->valuedouble) > 0;
    return false;
}

int param_from_json(const ParamTable *t, const ParamContext *ctx, const cJSON *obj,
                    void *settings, bool strict, ParamMask *given, RError *err)
{
    if (!cJSON_IsObject(obj))
        return obj ? rerror_set(err, "%s settings: expected a JSON object", t->topic) : 0;
    void *work = malloc(t->size);
    if (!work)
        return rerror_set(err, "out of memory");
    memcpy(work, settings, t->size);
    ParamMask seen = 0;
    int rc = 0;
    for (size_t i = 0; i < t->count; i++) {
        const ParamSpec *s = &t->specs[i];
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, s->name);
        if (!it && s->alias)
            it = cJSON_GetObjectItemCaseSensitive(obj, s->alias);
        if (!it)
            continue;
        char text[PARAM_NAME_MAX * 4];
        RError e;
        bool ok = json_text(it, text, sizeof text) &&
                  param_parse_value(s, ctx, text, s->name, work, &e) == 0;
        if (!ok && !json_text(it, text, sizeof text))
            rerror_set(&e, "%s: expected %s, got a JSON %s", s->name,
                       s->kind == PARAM_NAME || s->kind == PARAM_ENUM ? "a string" : "a number",
                       cJSON_IsObject(it) ? "object" : cJSON_IsArray(it) ? "array" : "null");
        if (ok) {
            mark(t, s, &seen);
            continue;
        }
        if (rc == 0)
            rc = rerror_set(err, "%s", e.msg);
        if (strict)
            break;
    }
    if (rc == 0 || !strict) {
        memcpy(settings, work, t->size);
        if (given)
            *given |= seen;
    }
    free(work);
    return rc;
}

/* ---- usage ---- */

int param_usage(const ParamTable *t, char *buf, size_t size)
{
    size_t len = 0;
#define OUT(...) (len += (size_t)snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0, __VA_ARGS__))
    if (size)
        buf[0] = '\0';
    bool binary = false, decimal = false;
    for (size_t i = 0; i < t->count; i++) {
        const ParamSpec *s = &t->specs[i];
        char flag[64], def[PARAM_NAME_MAX + 8], range[300];
        const char *meta = s->kind == PARAM_BOOL ? "" : s->kind == PARAM_REAL ? " X"
                         : is_integer_kind(s->kind) ? " N" : " NAME";
        snprintf(flag, sizeof flag, "--%s%s", s->name, meta);
        for (char *c = flag + 2; *c && *c != ' '; c++)
            if (*c == '_')
                *c = '-';
        if (s->kind == PARAM_NAME)
            snprintf(def, sizeof def, "%s", s->def_name && *s->def_name ? s->def_name : "none");
        else {
            char tmp[PARAM_NAME_MAX + 8];
            void *one = calloc(1, t->size);
            if (one) {
                param_set(s, one, s->def);
                param_format(s, one, tmp, sizeof tmp);
                free(one);
            } else {
                snprintf(tmp, sizeof tmp, "?");
            }
            snprintf(def, sizeof def, "%s", tmp);
        }
        param_range_text(s, range, sizeof range);
        OUT("  %-20s %s", flag, s->help ? s->help : s->name);
        if (s->kind != PARAM_NAME && s->kind != PARAM_BOOL)
            OUT(": %s", range);
        if (s->unit)
            OUT(" %s", s->unit);
        OUT(" (default %s)\n", def);
        binary |= s->suffix == PARAM_SFX_BINARY;
        decimal |= s->suffix == PARAM_SFX_DECIMAL;
    }
    if (binary || decimal)
        OUT("\n");
    if (binary)
        OUT("Token lengths take binary suffixes, as model cards write them: 32k = 32768, "
            "1M = 1048576.\n");
    if (decimal)
        OUT("Counts of parameters, tokens, FLOPs, GPUs and requests take decimal ones: "
            "70B = 7e10, 15T = 1.5e13, 2k = 2000.\n");
    OUT("Each --name=value also works as --name value; '_' and '-' are the same in names.\n");
#undef OUT
    return (int)len;
}
