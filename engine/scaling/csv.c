/* CSV reader for scaling observations: header lookup, quoted fields, line:col errors. */
#include "engine/scaling/csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/fileio.h"

enum { CSV_MAX_FIELDS = 64, CSV_FIELD_MAX = 256 };

typedef struct Field {
    char text[CSV_FIELD_MAX];
    int col; /* 1-based column where the field starts */
} Field;

/* Splits one line (without its newline) into fields. Returns the count, or -1 with err set. */
static int split_line(const char *name, int lineno, const char *s, size_t len, Field *fields,
                      RError *err)
{
    int nf = 0;
    size_t i = 0;
    for (;;) {
        if (nf == CSV_MAX_FIELDS)
            return rerror_at(err, name, lineno, (int)i + 1, "more than %d fields",
                             CSV_MAX_FIELDS);
        Field *f = &fields[nf++];
        size_t o = 0;
        f->col = (int)i + 1;
        if (i < len && s[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return rerror_at(err, name, lineno, f->col, "unterminated quoted field");
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        if (o + 1 < CSV_FIELD_MAX)
                            f->text[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (o + 1 < CSV_FIELD_MAX)
                    f->text[o++] = s[i];
                i++;
            }
            if (i < len && s[i] != ',')
                return rerror_at(err, name, lineno, (int)i + 1,
                                 "expected ',' after a quoted field");
        } else {
            while (i < len && s[i] != ',') {
                if (o + 1 < CSV_FIELD_MAX)
                    f->text[o++] = s[i];
                i++;
            }
        }
        f->text[o] = '\0';
        if (i >= len)
            break;
        i++; /* the comma */
    }
    return nf;
}

static void trim(char *s)
{
    size_t n = strlen(s), b = 0;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    while (isspace((unsigned char)s[b]))
        b++;
    if (b)
        memmove(s, s + b, n - b + 1);
}

static bool name_in(const char *s, const char *const *names)
{
    for (; *names; names++)
        if (strcasecmp(s, *names) == 0)
            return true;
    return false;
}

static const char *const N_NAMES[] = {"Model Size", "N", "params", "parameters", NULL};
static const char *const D_NAMES[] = {"Training Tokens", "D", "tokens", NULL};
static const char *const C_NAMES[] = {"Training FLOP", "C", "flops", "compute", NULL};
static const char *const L_NAMES[] = {"loss", "L", NULL};

static int parse_positive(const char *name, int lineno, const Field *f, const char *what,
                          double *out, RError *err)
{
    char buf[CSV_FIELD_MAX];
    snprintf(buf, sizeof buf, "%s", f->text);
    trim(buf);
    if (!buf[0])
        return rerror_at(err, name, lineno, f->col, "empty %s value", what);
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return rerror_at(err, name, lineno, f->col, "%s is not a number: '%s'", what, buf);
    if (!(v > 0))
        return rerror_at(err, name, lineno, f->col, "%s must be positive, got %s", what, buf);
    *out = v;
    return 0;
}

int scaling_csv_parse(const char *name, const char *text, size_t len, ScalingData *out,
                      RError *err)
{
    out->items = NULL;
    out->count = 0;
    size_t cap = 0;
    int lineno = 0, ncols = 0;
    int ci_n = -1, ci_d = -1, ci_c = -1, ci_l = -1;
    bool have_header = false;
    Field *fields = malloc(sizeof *fields * CSV_MAX_FIELDS);
    if (!fields)
        return rerror_set(err, "out of memory");
    size_t pos = 0;
    while (pos < len) {
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        size_t l = eol - pos;
        if (l > 0 && text[pos + l - 1] == '\r')
            l--;
        const char *s = text + pos;
        lineno++;
        pos = eol + 1;
        size_t k = 0;
        while (k < l && isspace((unsigned char)s[k]))
            k++;
        if (k == l || s[k] == '#')
            continue;
        int nf = split_line(name, lineno, s, l, fields, err);
        if (nf < 0)
            goto fail;
        if (!have_header) {
            for (int i = 0; i < nf; i++) {
                trim(fields[i].text);
                if (ci_n < 0 && name_in(fields[i].text, N_NAMES))
                    ci_n = i;
                else if (ci_d < 0 && name_in(fields[i].text, D_NAMES))
                    ci_d = i;
                else if (ci_c < 0 && name_in(fields[i].text, C_NAMES))
                    ci_c = i;
                else if (ci_l < 0 && name_in(fields[i].text, L_NAMES))
                    ci_l = i;
            }
            if (ci_n < 0 || ci_l < 0 || (ci_d < 0 && ci_c < 0)) {
                rerror_at(err, name, lineno, 1,
                          "header needs columns for N ('Model Size' or 'N'), D or C "
                          "('Training Tokens'/'D' or 'Training FLOP'/'C') and 'loss'");
                goto fail;
            }
            ncols = nf;
            have_header = true;
            continue;
        }
        if (nf != ncols) {
            rerror_at(err, name, lineno, 1, "expected %d fields, found %d", ncols, nf);
            goto fail;
        }
        ScalingObs o = {0, 0, 0, lineno};
        if (parse_positive(name, lineno, &fields[ci_n], "N", &o.params, err) ||
            parse_positive(name, lineno, &fields[ci_l], "loss", &o.loss, err))
            goto fail;
        if (ci_d >= 0) {
            if (parse_positive(name, lineno, &fields[ci_d], "D", &o.tokens, err))
                goto fail;
        } else {
            double c;
            if (parse_positive(name, lineno, &fields[ci_c], "C", &c, err))
                goto fail;
            o.tokens = c / (6.0 * o.params); /* C ≈ 6ND (Hoffmann et al. 2022, §3.3) */
        }
        if (out->count == cap) {
            size_t nc = cap ? cap * 2 : 256;
            ScalingObs *ni = realloc(out->items, nc * sizeof *ni);
            if (!ni) {
                rerror_set(err, "out of memory");
                goto fail;
            }
            out->items = ni;
            cap = nc;
        }
        out->items[out->count++] = o;
    }
    free(fields);
    if (!have_header)
        return rerror_at(err, name, lineno > 0 ? lineno : 1, 1, "no header row");
    return 0;
fail:
    free(fields);
    scaling_data_free(out);
    return -1;
}

int scaling_csv_load(const char *path, ScalingData *out, RError *err)
{
    out->items = NULL;
    out->count = 0;
    char *buf;
    size_t len;
    if (fileio_read(path, SCALING_CSV_MAX_BYTES, &buf, &len, err) != 0)
        return -1;
    int rc = scaling_csv_parse(path, buf, len, out, err);
    free(buf);
    return rc;
}

void scaling_data_free(ScalingData *data)
{
    if (!data)
        return;
    free(data->items);
    data->items = NULL;
    data->count = 0;
}

void scaling_data_drop_highest_loss(ScalingData *data, size_t k)
{
    if (!data || k == 0)
        return;
    if (k >= data->count) {
        data->count = 0;
        return;
    }
    for (size_t r = 0; r < k; r++) {
        size_t worst = 0;
        for (size_t i = 1; i < data->count; i++)
            if (data->items[i].loss > data->items[worst].loss)
                worst = i;
        memmove(&data->items[worst], &data->items[worst + 1],
                (data->count - worst - 1) * sizeof data->items[0]);
        data->count--;
    }
}
