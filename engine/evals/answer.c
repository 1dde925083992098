/* Answer normalization and extraction, tool-call scoring (see evals.h). */
#include "engine/evals/evals.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/agent/tools.h"

void evals_normalize_answer(const char *s, char *out, size_t size)
{
    if (!size)
        return;
    /* lower-case, punctuation -> nothing, whitespace -> one space; then drop articles */
    size_t o = 0;
    char word[64];
    size_t wl = 0;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        int ch = *p;
        bool end = ch == '\0';
        if (!end && ch < 128 && ispunct(ch))
            continue;
        if (end || (ch < 128 && isspace(ch))) {
            word[wl] = '\0';
            bool article = strcmp(word, "a") == 0 || strcmp(word, "an") == 0 ||
                           strcmp(word, "the") == 0;
            if (wl && !article) {
                if (space && o + 1 < size)
                    out[o++] = ' ';
                for (size_t i = 0; i < wl && o + 1 < size; i++)
                    out[o++] = word[i];
                space = true;
            }
            wl = 0;
            if (end)
                break;
            continue;
        }
        if (wl + 1 < sizeof word)
            word[wl++] = (char)(ch < 128 ? tolower(ch) : ch);
    }
    out[o] = '\0';
}

/* Parses a number at p (digits with optional commas, sign, decimal point); returns the end
 * or NULL. */
static const char *parse_number(const char *p, double *out)
{
    char buf[64];
    size_t n = 0;
    const char *q = p;
    if (*q == '-' || *q == '+')
        buf[n++] = *q++;
    bool digits = false, dot = false;
    while (*q && n + 1 < sizeof buf) {
        if (isdigit((unsigned char)*q)) {
            buf[n++] = *q;
            digits = true;
        } else if (*q == ',' && digits && isdigit((unsigned char)q[1])) {
            /* thousands separator: skipped */
        } else if (*q == '.' && !dot && isdigit((unsigned char)q[1])) {
            buf[n++] = '.';
            dot = true;
        } else
            break;
        q++;
    }
    if (!digits)
        return NULL;
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    return q;
}

int evals_extract_gsm8k(const char *s, bool fallback, double *out)
{
    const char *mark = NULL;
    for (const char *p = strstr(s, "####"); p; p = strstr(p + 4, "####"))
        mark = p;
    if (mark) {
        const char *p = mark + 4;
        while (*p == ' ' || *p == '\t' || *p == '$')
            p++;
        return parse_number(p, out) ? 0 : -1;
    }
    if (!fallback)
        return -1;
    int found = -1;
    for (const char *p = s; *p;) {
        double v;
        bool start = isdigit((unsigned char)*p) ||
                     ((*p == '-') && isdigit((unsigned char)p[1]));
        const char *e = start ? parse_number(p, &v) : NULL;
        if (e) {
            *out = v;
            found = 0;
            p = e;
        } else
            p++;
    }
    return found;
}

static int letter_at(const char *p, int nchoices)
{
    int ch = toupper((unsigned char)*p);
    if (ch < 'A' || ch >= 'A' + nchoices)
        return -1;
    return ch - 'A';
}

/* A letter standing alone: not preceded or followed by another letter or digit. */
static bool alone(const char *s, const char *p)
{
    return (p == s || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[1]);
}

int evals_extract_choice(const char *s, int nchoices)
{
    if (nchoices < 1 || nchoices > 26)
        return -1;
    /* 1: "answer is X" / "answer: X" (case-insensitive), the last such phrase */
    int best = -1;
    for (const char *p = s; *p; p++) {
        if (strncasecmp(p, "answer", 6) != 0)
            continue;
        const char *q = p + 6;
        if (strncasecmp(q, " is", 3) == 0)
            q += 3;
        else if (*q == ':')
            q++;
        else
            continue;
        while (*q == ' ' || *q == '(' || *q == '*')
            q++;
        int l = letter_at(q, nchoices);
        if (l >= 0 && alone(s, q))
            best = l;
    }
    if (best >= 0)
        return best;
    /* 2: the reply is just a letter: "B", "(B)", "B.", "B)" */
    const char *p = s;
    while (isspace((unsigned char)*p) || *p == '(')
        p++;
    int l = letter_at(p, nchoices);
    if (l >= 0) {
        const char *q = p + 1;
        while (*q == ')' || *q == '.' || isspace((unsigned char)*q))
            q++;
        if (*q == '\0')
            return l;
    }
    /* 3: the last "(X)" in the text */
    for (const char *r = s; *r; r++)
        if (r[0] == '(' && r[1] && r[2] == ')' && letter_at(r + 1, nchoices) >= 0)
            best = letter_at(r + 1, nchoices);
    return best;
}

bool evals_answer_match(const char *expected, const char *got)
{
    double a, b;
    const char *ea = parse_number(expected, &a), *eb = parse_number(got, &b);
    if (ea && eb && *ea == '\0' && *eb == '\0')
        return a == b;
    char x[512], y[512];
    evals_normalize_answer(expected, x, sizeof x);
    evals_normalize_answer(got, y, sizeof y);
    return strcmp(x, y) == 0;
}

EvalsToolScore evals_tool_call(const char *expected_tool, const cJSON *expected_args,
                               const char *tool, const cJSON *args)
{
    if (!tool || !expected_tool || strcmp(expected_tool, tool) != 0)
        return EVALS_TOOL_WRONG_TOOL;
    if (!tool_args_match(expected_args, args))
        return EVALS_TOOL_WRONG_ARGS;
    return EVALS_TOOL_OK;
}
