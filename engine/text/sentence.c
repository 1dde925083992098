/* Rule-based English sentence splitter: terminators, closing quotes, abbreviations,
 * initials, decimals, list items and blank lines. Locale-free, byte offsets out. */
#include "engine/text/sentence.h"

#include <stdint.h>
#include <string.h>

/* Words that end in '.' without ending a sentence (compared case-insensitively, without the
 * final dot). "etc." is left out on purpose: it usually does end a sentence when a capital
 * letter follows. */
static const char *const ABBREVIATIONS[] = {
    "e.g", "i.e", "cf", "vs", "viz", "al", "approx", "ca", "resp", "fig", "figs", "eq", "eqs",
    "sec", "secs", "ch", "tab", "no", "nos", "vol", "vols", "p", "pp", "ref", "refs", "dr", "mr",
    "mrs", "ms", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "dept", "univ", "ed",
    "eds", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "est", "gen", "gov", "lt", "col", "sgt", "capt", "rev", "hon", "op", "cit",
    "ibid", "appx", "thm", "lem", "def", "prop", "alg", NULL
};

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Decodes the code point at s[i] (lenient: invalid bytes give U+FFFD, length 1). */
static uint32_t decode(const char *s, size_t len, size_t i, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t avail = len - i;
    if (u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    int extra = (u[0] & 0xE0) == 0xC0 ? 1 : (u[0] & 0xF0) == 0xE0 ? 2 : (u[0] & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0 || (size_t)extra >= avail) {
        *n = 1;
        return 0xFFFD;
    }
    uint32_t cp = u[0] & (0x3F >> extra);
    for (int k = 1; k <= extra; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *n = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (u[k] & 0x3F);
    }
    *n = (size_t)extra + 1;
    return cp;
}

static int is_closing(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
           cp == 0x00BB || cp == 0x203A;
}

/* Could this code point begin a new sentence? Upper-case letters (ASCII, Latin-1, Greek,
 * Cyrillic), digits, opening quotes and brackets. */
static int starts_sentence(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
        return 1;
    if (cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 ||
        cp == 0x00AB || cp == 0x2039 || cp == '*' || cp == '_' || cp == '`')
        return 1;
    if (cp >= 0x00C0 && cp <= 0x00DE && cp != 0x00D7)
        return 1;
    if ((cp >= 0x0391 && cp <= 0x03A9) || (cp >= 0x0400 && cp <= 0x042F))
        return 1;
    return 0;
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Is the word that ends just before text[dot] (a '.') an abbreviation or an initial? */
static int is_abbreviation(const char *text, size_t sent_start, size_t dot)
{
    size_t b = dot;
    while (b > sent_start && (is_alpha((unsigned char)text[b - 1]) || text[b - 1] == '.'))
        b--;
    while (b < dot && text[b] == '.')
        b++;
    size_t n = dot - b;
    if (n == 0)
        return 0;
    if (n == 1 && is_alpha((unsigned char)text[b]) && text[b] >= 'A' && text[b] <= 'Z')
        return 1; /* an initial: "J. Smith" */
    int dotted = 0;
    for (size_t i = b; i < dot; i++)
        if (text[i] == '.')
            dotted = 1;
    if (dotted)
        return 1; /* "U.S.", "e.g.", "a.m." */
    for (const char *const *a = ABBREVIATIONS; *a; a++) {
        if (strlen(*a) != n)
            continue;
        size_t i = 0;
        while (i < n && lower((unsigned char)text[b + i]) == (*a)[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* If a list marker ("- ", "* ", "+ ", "12. ", "3) ") starts at text[i], returns the offset
 * just past it and its spaces; otherwise i. */
static size_t skip_list_marker(const char *text, size_t len, size_t i)
{
    size_t j = i;
    if (j < len && (text[j] == '-' || text[j] == '*' || text[j] == '+')) {
        j++;
    } else {
        size_t d = j;
        while (j < len && is_digit((unsigned char)text[j]) && j - d < 9)
            j++;
        if (j == d || j >= len || (text[j] != '.' && text[j] != ')'))
            return i;
        j++;
    }
    if (j < len && text[j] != ' ' && text[j] != '\t')
        return i;
    while (j < len && (text[j] == ' ' || text[j] == '\t'))
        j++;
    return j;
}

/* Is the line starting at text[i] empty or white space only? */
static int blank_line(const char *text, size_t len, size_t i)
{
    while (i < len && text[i] != '\n') {
        if (!is_space((unsigned char)text[i]))
            return 0;
        i++;
    }
    return 1;
}

/* Does the white space text[a..b) contain a line break followed by a blank line, or a line
 * break followed by a list marker at text[b]? */
static int paragraph_or_item_break(const char *text, size_t len, size_t a, size_t b)
{
    int newlines = 0;
    for (size_t i = a; i < b; i++)
        if (text[i] == '\n')
            newlines++;
    if (newlines >= 2)
        return 1;
    return newlines == 1 && skip_list_marker(text, len, b) != b;
}

typedef struct Out {
    const char *text;
    Span *spans; /* borrowed */
    size_t cap;
    size_t count;
} Out;

static void emit(Out *o, size_t a, size_t b)
{
    while (a < b && is_space((unsigned char)o->text[a]))
        a++;
    while (b > a && is_space((unsigned char)o->text[b - 1]))
        b--;
    if (a == b)
        return;
    if (o->count < o->cap)
        o->spans[o->count] = (Span){ .start = a, .end = b };
    o->count++;
}

size_t sentence_split(const char *text, size_t len, Span *out, size_t cap)
{
    Out o = { .text = text, .spans = out, .cap = out ? cap : 0, .count = 0 };
    if (!text)
        return 0;
    size_t i = 0;
    while (i < len) {
        /* Start of a sentence: skip white space and a list marker at the start of a line. */
        while (i < len && is_space((unsigned char)text[i]))
            i++;
        if (i >= len)
            break;
        size_t line_start = i;
        while (line_start > 0 && (text[line_start - 1] == ' ' || text[line_start - 1] == '\t'))
            line_start--;
        if (line_start == 0 || text[line_start - 1] == '\n')
            i = skip_list_marker(text, len, i);
        size_t start = i;
        size_t end = len;
        size_t next = len;
        while (i < len) {
            unsigned char c = (unsigned char)text[i];
            if (c == '\n') {
                size_t k = i + 1;
                while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
                    k++;
                if (k >= len || blank_line(text, len, k) ||
                    skip_list_marker(text, len, k) != k) {
                    end = i;
                    next = k;
                    break;
                }
                i++;
                continue;
            }
            if (c != '.' && c != '!' && c != '?') {
                i++;
                continue;
            }
            size_t j = i + 1;
            while (j < len && (text[j] == '.' || text[j] == '!' || text[j] == '?'))
                j++;
            int single_dot = c == '.' && j == i + 1;
            size_t n;
            while (j < len && is_closing(decode(text, len, j, &n)))
                j += n;
            if (j >= len) {
                end = j;
                next = j;
                i = j;
                break;
            }
            if (!is_space((unsigned char)text[j])) {
                i = j;
                continue;
            }
            size_t k = j;
            while (k < len && is_space((unsigned char)text[k]))
                k++;
            int boundary;
            if (k >= len || paragraph_or_item_break(text, len, j, k)) {
                boundary = 1;
            } else {
                boundary = starts_sentence(decode(text, len, k, &n));
                if (boundary && single_dot && is_abbreviation(text, start, i))
                    boundary = 0;
                /* "1. Intro" at the start of a sentence is a numbered item, not a sentence. */
                if (boundary && single_dot) {
                    size_t d = i;
                    while (d > start && is_digit((unsigned char)text[d - 1]))
                        d--;
                    if (d == start && d < i)
                        boundary = 0;
                }
            }
            if (boundary) {
                end = j;
                next = j;
                break;
            }
            i = j;
        }
        emit(&o, start, end);
        i = next > i ? next : i + 1;
    }
    return o.count;
}
