/* YAML 1.2 core-schema resolution of plain scalars: null, booleans, ints (decimal, 0o, 0x),
 * floats (incl. 1e-3, .inf, .nan); anything else stays a string. */
#include "engine/content/yaml_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int match_any(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(s, *words) == 0)
            return 1;
    return 0;
}

static int is_digits(const char *s, const char *digits)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!strchr(digits, *s))
            return 0;
    return 1;
}

/* YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_core_float(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    int mant = 0;
    while (*s >= '0' && *s <= '9') {
        s++;
        mant++;
    }
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') {
            s++;
            mant++;
        }
    }
    if (!mant)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* Resolves a plain scalar by the YAML 1.2 core schema. Returns SC_*; fills *num / *bv. */
int yaml_resolve_plain(const char *s, double *num, int *bv)
{
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
    static const char *const trues[] = { "true", "True", "TRUE", NULL };
    static const char *const falses[] = { "false", "False", "FALSE", NULL };
    static const char *const infs[] = { ".inf", ".Inf", ".INF", NULL };
    static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
    if (match_any(s, nulls))
        return SC_NULL;
    if (match_any(s, trues) || match_any(s, falses)) {
        *bv = match_any(s, trues);
        return SC_BOOL;
    }
    const char *u = s;
    int neg = 0;
    if (*u == '+' || *u == '-') {
        neg = *u == '-';
        u++;
    }
    if (match_any(u, infs)) {
        *num = neg ? -INFINITY : INFINITY;
        return SC_NUM;
    }
    if (match_any(s, nans)) {
        *num = NAN;
        return SC_NUM;
    }
    /* 0o17 and 0x1F are core-schema integers (unsigned, no sign allowed). */
    if (s[0] == '0' && s[1] == 'o' && is_digits(s + 2, "01234567")) {
        double v = 0;
        for (const char *p = s + 2; *p; p++)
            v = v * 8 + (*p - '0');
        *num = v;
        return SC_NUM;
    }
    if (s[0] == '0' && s[1] == 'x' && is_digits(s + 2, "0123456789abcdefABCDEF")) {
        double v = 0;
        for (const char *p = s + 2; *p; p++) {
            int d = *p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10;
            v = v * 16 + d;
        }
        *num = v;
        return SC_NUM;
    }
    if (is_core_float(s)) {
        /* Integers beyond 2^53 are kept as the nearest double. */
        *num = strtod(s, NULL);
        return SC_NUM;
    }
    return SC_STR;
}
