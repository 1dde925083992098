/* Markdown inline parser: emphasis, strong, strike, code spans, links, autolinks, escapes,
 * entities and line breaks, turned into styled runs on a block. */
#include "engine/text/markdown_priv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/utf8.h"

#define MD_INLINE_DEPTH 16 /* nested emphasis/links beyond this are read literally */

typedef struct Inl {
    MdBlock *b;      /* borrowed; receives the runs */
    MdBuf cur;       /* text of the run being built */
    unsigned style;  /* its style */
    char *href;      /* owned; its link target */
    size_t *budget;  /* runs the document may still make; at 0 the rest joins the last run */
    int oom;
} Inl;

/* Memo of closer searches that failed in one segment: a later search for the same delimiter
 * in the same segment cannot succeed either, which keeps unmatched input linear. */
enum { MEMO_STAR = 0, MEMO_UNDER = 3, MEMO_TILDE = 6, MEMO_TICK = 7, MEMO_BRACKET = 15,
       MEMO_SIZE = 16 };

static int same_href(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static void flush(Inl *x)
{
    if (x->oom || x->cur.len == 0)
        return;
    MdBlock *b = x->b;
    MdRun *nr = b->runs;
    if (md_grows(b->nruns))
        nr = realloc(b->runs, md_capacity(b->nruns) * sizeof *nr);
    char *text = mdbuf_take(&x->cur);
    char *href = NULL;
    if (x->href && !(href = strdup(x->href)))
        x->oom = 1;
    if (!nr || !text || x->oom) {
        if (nr)
            b->runs = nr;
        free(text);
        free(href);
        x->oom = 1;
        return;
    }
    b->runs = nr;
    b->runs[b->nruns++] = (MdRun){ .text = text, .href = href, .style = x->style };
    if (*x->budget)
        (*x->budget)--;
}

static void emit(Inl *x, const char *s, size_t n, unsigned style, const char *href)
{
    if (n == 0 || x->oom)
        return;
    /* Out of runs: the text still shows, in the style of the run being built. */
    if (*x->budget && (style != x->style || !same_href(href, x->href))) {
        flush(x);
        free(x->href);
        x->href = href ? strdup(href) : NULL;
        if (href && !x->href)
            x->oom = 1;
        x->style = style;
    }
    mdbuf_put(&x->cur, s, n);
    if (x->cur.oom)
        x->oom = 1;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\n';
}

static int is_alnum_byte(unsigned char c)
{
    /* Any non-ASCII byte counts as a word character: intraword '_' in "naïve_var". */
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_punct(char c)
{
    return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

static size_t run_len(const char *s, size_t i, size_t e, char c)
{
    size_t k = i;
    while (k < e && s[k] == c)
        k++;
    return k - i;
}

/* End of the code span opened by n backticks at i, or 0 if it is not closed before e. */
static size_t code_span_end(const char *s, size_t i, size_t e, size_t n)
{
    for (size_t j = i + n; j < e;) {
        if (s[j] != '`') {
            j++;
            continue;
        }
        size_t r = run_len(s, j, e, '`');
        if (r == n)
            return j;
        j += r;
    }
    return 0;
}

/* Skips the backtick run at j (a whole code span when it closes). `nomatch[r]` remembers
 * from where runs of length r were found unclosed, so a scan stays linear. */
static size_t skip_ticks(const char *s, size_t j, size_t e, size_t *nomatch)
{
    size_t r = run_len(s, j, e, '`');
    if (r <= 8 && j >= nomatch[r])
        return j + r;
    size_t end = code_span_end(s, j, e, r);
    if (!end && r <= 8)
        nomatch[r] = j;
    return end ? end + r : j + r;
}

#define NOMATCH_INIT { SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, \
                       SIZE_MAX, SIZE_MAX }

/* Finds a closing run of exactly n chars c in [from, e) that is right-flanking. */
static size_t find_closer(const char *s, size_t from, size_t e, char c, size_t n)
{
    size_t nomatch[9] = NOMATCH_INIT;
    for (size_t j = from; j < e;) {
        char ch = s[j];
        if (ch == '\\') {
            j += 2;
            continue;
        }
        if (ch == '`') {
            j = skip_ticks(s, j, e, nomatch);
            continue;
        }
        if (ch != c) {
            j++;
            continue;
        }
        size_t r = run_len(s, j, e, c);
        int right = j > from && !is_ws(s[j - 1]);
        if (c == '_' && j + r < e && is_alnum_byte((unsigned char)s[j + r]))
            right = 0;
        if (r == n && right)
            return j;
        j += r;
    }
    return 0;
}

/* Finds the ']' matching the '[' at i, or 0 (also past 32 nested brackets, which bounds the
 * work on hostile input). */
static size_t find_bracket(const char *s, size_t i, size_t e)
{
    size_t nomatch[9] = NOMATCH_INIT;
    int depth = 0;
    for (size_t j = i; j < e; j++) {
        if (s[j] == '\\') {
            j++;
        } else if (s[j] == '`') {
            j = skip_ticks(s, j, e, nomatch) - 1;
        } else if (s[j] == '[') {
            if (++depth > 32)
                return 0;
        } else if (s[j] == ']' && --depth == 0) {
            return j;
        }
    }
    return 0;
}

/* Parses "(href "title")" at i; fills the href bounds and returns the index after ')', or 0. */
static size_t link_dest(const char *s, size_t i, size_t e, size_t *ha, size_t *hb)
{
    if (i >= e || s[i] != '(')
        return 0;
    size_t j = i + 1;
    while (j < e && is_ws(s[j]))
        j++;
    if (j < e && s[j] == '<') {
        *ha = ++j;
        while (j < e && s[j] != '>' && s[j] != '\n')
            j++;
        if (j >= e || s[j] != '>')
            return 0;
        *hb = j++;
    } else {
        *ha = j;
        int depth = 0;
        while (j < e && !is_ws(s[j])) {
            if (s[j] == '\\' && j + 1 < e)
                j++;
            else if (s[j] == '(' && ++depth > 32)
                return 0; /* CommonMark 6.3 allows a limit on nested parentheses */
            else if (s[j] == ')' && depth-- == 0)
                break;
            j++;
        }
        *hb = j;
    }
    while (j < e && is_ws(s[j]))
        j++;
    if (j < e && (s[j] == '"' || s[j] == '\'' || s[j] == '(')) { /* an optional title */
        char close = s[j] == '(' ? ')' : s[j];
        j++;
        while (j < e && s[j] != close)
            j += s[j] == '\\' ? 2 : 1;
        if (j >= e)
            return 0;
        j++;
        while (j < e && is_ws(s[j]))
            j++;
    }
    if (j >= e || s[j] != ')')
        return 0;
    return j + 1;
}

/* Decodes an entity at s[i] ('&'); writes UTF-8 into out and returns the bytes consumed. */
static size_t entity(const char *s, size_t i, size_t e, char *out, size_t *outn)
{
    static const struct { const char *name; uint32_t cp; } NAMED[] = {
        { "amp", '&' },       { "lt", '<' },        { "gt", '>' },         { "quot", '"' },
        { "apos", '\'' },     { "nbsp", 0xA0 },     { "copy", 0xA9 },      { "reg", 0xAE },
        { "mdash", 0x2014 },  { "ndash", 0x2013 },  { "hellip", 0x2026 },  { "times", 0xD7 },
        { "lsquo", 0x2018 },  { "rsquo", 0x2019 },  { "ldquo", 0x201C },   { "rdquo", 0x201D },
        { "rarr", 0x2192 },   { "larr", 0x2190 },   { "le", 0x2264 },      { "ge", 0x2265 },
        { "approx", 0x2248 }, { "middot", 0xB7 },   { "deg", 0xB0 },       { "micro", 0xB5 },
    };
    size_t j = i + 1, k;
    uint32_t cp = 0;
    if (j < e && s[j] == '#') {
        j++;
        int hex = j < e && (s[j] == 'x' || s[j] == 'X');
        j += (size_t)hex;
        size_t d = j;
        while (j < e && j - d < 7 &&
               ((s[j] >= '0' && s[j] <= '9') ||
                (hex && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'f')))) {
            int v = s[j] <= '9' ? s[j] - '0' : (s[j] | 0x20) - 'a' + 10;
            cp = cp * (hex ? 16 : 10) + (uint32_t)v;
            j++;
        }
        if (j == d || j >= e || s[j] != ';')
            return 0;
        k = j + 1;
        /* No entity may smuggle a control character (ESC...) to the terminal. */
        if (cp == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            cp = UTF8_REPLACEMENT;
    } else {
        size_t a = j;
        while (j < e && j - a < 8 && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'))
            j++;
        if (j >= e || s[j] != ';')
            return 0;
        size_t n = j - a;
        size_t t;
        for (t = 0; t < sizeof NAMED / sizeof NAMED[0]; t++)
            if (strlen(NAMED[t].name) == n && memcmp(NAMED[t].name, s + a, n) == 0)
                break;
        if (t == sizeof NAMED / sizeof NAMED[0])
            return 0;
        cp = NAMED[t].cp;
        k = j + 1;
    }
    *outn = utf8_encode(cp, out);
    return k - i;
}

/* Bare http(s):// URL at i (GFM autolink extension); returns its length or 0. */
static size_t bare_url(const char *s, size_t a, size_t i, size_t e)
{
    if (i > a && !is_ws(s[i - 1]) && s[i - 1] != '(' && s[i - 1] != '*' && s[i - 1] != '_')
        return 0;
    size_t p;
    if (e - i > 8 && memcmp(s + i, "https://", 8) == 0)
        p = 8;
    else if (e - i > 7 && memcmp(s + i, "http://", 7) == 0)
        p = 7;
    else
        return 0;
    size_t j = i + p;
    while (j < e && !is_ws(s[j]) && s[j] != '<')
        j++;
    /* Trailing punctuation and unbalanced ')' are not part of the URL. */
    for (;;) {
        if (j > i + p && strchr("?!.,:*_~'\"", s[j - 1])) {
            j--;
            continue;
        }
        if (j > i + p && s[j - 1] == ')') {
            int bal = 0;
            for (size_t k = i; k < j; k++)
                bal += s[k] == '(' ? 1 : s[k] == ')' ? -1 : 0;
            if (bal < 0) {
                j--;
                continue;
            }
        }
        break;
    }
    return j > i + p ? j - i : 0;
}

static void parse(Inl *x, const char *s, size_t a, size_t e, unsigned style, const char *href,
                  int depth);

/* Emits the text s[a..e) with escapes processed (for link targets). */
static char *unescape(const char *s, size_t a, size_t e)
{
    MdBuf b = { 0 };
    for (size_t i = a; i < e; i++) {
        if (s[i] == '\\' && i + 1 < e && is_punct(s[i + 1]))
            i++;
        mdbuf_putc(&b, s[i]);
    }
    return mdbuf_take(&b);
}

static void parse(Inl *x, const char *s, size_t a, size_t e, unsigned style, const char *href,
                  int depth)
{
    size_t memo[MEMO_SIZE];
    for (int k = 0; k < MEMO_SIZE; k++)
        memo[k] = SIZE_MAX;
    size_t i = a;
    while (i < e && !x->oom) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 < e && s[i + 1] == '\n') {
                emit(x, "\n", 1, style, href);
                i += 2;
                while (i < e && s[i] == ' ')
                    i++;
            } else if (i + 1 < e && is_punct(s[i + 1])) {
                emit(x, s + i + 1, 1, style, href);
                i += 2;
            } else {
                emit(x, "\\", 1, style, href);
                i++;
            }
            continue;
        }
        if (c == ' ' || c == '\n') {
            size_t k = i;
            while (k < e && s[k] == ' ')
                k++;
            if (k < e && s[k] == '\n') {
                int hard = k - i >= 2;
                emit(x, hard ? "\n" : " ", 1, style, href);
                i = k + 1;
                while (i < e && s[i] == ' ')
                    i++;
            } else if (k >= e && depth == 0) {
                i = k; /* trailing spaces */
            } else {
                emit(x, s + i, k - i, style, href);
                i = k;
            }
            continue;
        }
        if (c == '`') {
            size_t n = run_len(s, i, e, '`');
            size_t m = n <= 8 ? MEMO_TICK + n - 1 : MEMO_SIZE;
            size_t end = (m < MEMO_SIZE && i >= memo[m]) ? 0 : code_span_end(s, i, e, n);
            if (!end) {
                if (m < MEMO_SIZE && memo[m] == SIZE_MAX)
                    memo[m] = i;
                emit(x, s + i, n, style, href);
                i += n;
                continue;
            }
            size_t ca = i + n, cb = end;
            int all_space = 1;
            for (size_t k = ca; k < cb; k++)
                if (s[k] != ' ' && s[k] != '\n')
                    all_space = 0;
            /* CommonMark 6.1: strip one space on each side when both are there. */
            if (!all_space && cb - ca >= 2 && is_ws(s[ca]) && is_ws(s[cb - 1])) {
                ca++;
                cb--;
            }
            for (size_t k = ca; k < cb; k++)
                emit(x, s[k] == '\n' ? " " : s + k, 1, style | MD_STYLE_CODE, href);
            i = end + n;
            continue;
        }
        if (c == '*' || c == '_' || c == '~') {
            size_t n = run_len(s, i, e, c);
            int left = i + n < e && !is_ws(s[i + n]);
            if (c == '_' && i > a && is_alnum_byte((unsigned char)s[i - 1]))
                left = 0;
            size_t use = c == '~' ? 2 : n;
            int ok = left && depth < MD_INLINE_DEPTH && use <= 3 && (c != '~' || n == 2);
            size_t m = c == '*' ? MEMO_STAR + use - 1 : c == '_' ? MEMO_UNDER + use - 1 : MEMO_TILDE;
            size_t close = 0;
            if (ok && i < memo[m]) {
                close = find_closer(s, i + use, e, c, use);
                if (!close)
                    memo[m] = i;
            }
            if (!close) {
                emit(x, s + i, n, style, href);
                i += n;
                continue;
            }
            unsigned add = c == '~' ? MD_STYLE_STRIKE
                           : use == 1 ? MD_STYLE_EMPH
                           : use == 2 ? MD_STYLE_STRONG
                                      : MD_STYLE_EMPH | MD_STYLE_STRONG;
            parse(x, s, i + use, close, style | add, href, depth + 1);
            i = close + use;
            continue;
        }
        if (c == '[' || (c == '!' && i + 1 < e && s[i + 1] == '[')) {
            size_t open = c == '!' ? i + 1 : i;
            size_t close = 0, after = 0, ha = 0, hb = 0;
            if (depth < MD_INLINE_DEPTH && open >= memo[MEMO_BRACKET])
                close = 0;
            else if (depth < MD_INLINE_DEPTH && !(close = find_bracket(s, open, e)))
                memo[MEMO_BRACKET] = open;
            if (close)
                after = link_dest(s, close + 1, e, &ha, &hb);
            if (!after) {
                emit(x, s + i, open + 1 - i, style, href);
                i = open + 1;
                continue;
            }
            char *target = unescape(s, ha, hb);
            if (!target) {
                x->oom = 1;
                return;
            }
            if (close == open + 1) /* empty link text: show the target */
                emit(x, target, strlen(target), style | MD_STYLE_LINK, target);
            else
                parse(x, s, open + 1, close, style | MD_STYLE_LINK, target, depth + 1);
            free(target);
            i = after;
            continue;
        }
        if (c == '<') {
            size_t j = i + 1;
            while (j < e && j - i < 33 &&
                   (is_alnum_byte((unsigned char)s[j]) || s[j] == '+' || s[j] == '.' || s[j] == '-'))
                j++;
            size_t k = j;
            int email = 0;
            if (j < e && s[j] == ':' && j - i >= 3) {
                while (k < e && s[k] != '>' && s[k] != '<' && !is_ws(s[k]))
                    k++;
            } else {
                k = i + 1;
                while (k < e && s[k] != '>' && s[k] != '<' && !is_ws(s[k]))
                    k++;
                email = k < e && s[k] == '>' && memchr(s + i + 1, '@', k - i - 1) != NULL;
                if (!email)
                    k = e;
            }
            if (k < e && s[k] == '>' && k > i + 1) {
                char *target = unescape(s, i + 1, k);
                if (!target) {
                    x->oom = 1;
                    return;
                }
                emit(x, target, strlen(target), style | MD_STYLE_LINK, target);
                free(target);
                i = k + 1;
                continue;
            }
            emit(x, "<", 1, style, href);
            i++;
            continue;
        }
        if (c == '&') {
            char out[4];
            size_t outn = 0, used = entity(s, i, e, out, &outn);
            if (used) {
                emit(x, out, outn, style, href);
                i += used;
            } else {
                emit(x, "&", 1, style, href);
                i++;
            }
            continue;
        }
        if (c == 'h' && !(style & MD_STYLE_LINK)) {
            size_t n = bare_url(s, a, i, e);
            if (n) {
                char *target = unescape(s, i, i + n);
                if (!target) {
                    x->oom = 1;
                    return;
                }
                emit(x, s + i, n, style | MD_STYLE_LINK, target);
                free(target);
                i += n;
                continue;
            }
        }
        /* Ordinary text up to the next special character. */
        size_t k = i + 1;
        while (k < e && !strchr("\\ \n`*_~[!<&h", s[k]))
            k++;
        emit(x, s + i, k - i, style, href);
        i = k;
    }
}

int md_inline_parse(const char *src, size_t len, MdBlock *b, size_t *budget)
{
    Inl x = { .b = b, .budget = budget };
    /* Leading spaces are never content. */
    size_t a = 0;
    while (a < len && (src[a] == ' ' || src[a] == '\n'))
        a++;
    parse(&x, src, a, len, 0, NULL, 0);
    flush(&x);
    free(x.href);
    mdbuf_free(&x.cur);
    return x.oom ? -1 : 0;
}
