/* Text analysis for indexing and queries: tokenize, fold, drop stopwords, stem. */
#include "engine/text/analyze.h"

#include <string.h>

#include "engine/text/porter.h"

AnalyzerOptions analyzer_default(void)
{
    AnalyzerOptions o = {.stop = STOP_ENGLISH, .stem = true, .split_joiners = true,
                         .possessive = true, .min_len = 1};
    return o;
}

typedef struct AnCtx {
    const AnalyzerOptions *opt;
    TermFn fn;
    void *ctx;
} AnCtx;

/* Emits one piece of a token: bytes surface[0..n) at input offset start. */
static int emit(AnCtx *a, const char *s, size_t n, size_t start)
{
    const AnalyzerOptions *o = a->opt;
    if (n == 0 || n < o->min_len)
        return 0;
    if (o->stop != STOP_NONE && stopword_is(o->stop, s, n))
        return 0;
    Term t;
    memcpy(t.surface, s, n);
    t.surface[n] = '\0';
    memcpy(t.text, s, n);
    t.text[n] = '\0';
    t.len = o->stem ? porter_stem(t.text, n) : n;
    t.start = start;
    t.end = start + n;
    return a->fn(&t, a->ctx);
}

static int on_token(const Token *tok, void *ctx)
{
    AnCtx *a = ctx;
    const char *s = tok->text;
    size_t n = strlen(s);
    if (a->opt->possessive && n > 2 && s[n - 1] == 's' && s[n - 2] == '\'')
        n -= 2;
    if (!a->opt->split_joiners)
        return emit(a, s, n, tok->start);
    /* Offsets of pieces are approximate when the token held U+2019 (3 bytes in the input,
     * 1 in the folded text); they only place highlights. */
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '.' && s[j] != '\'')
            j++;
        int rc = emit(a, s + i, j - i, tok->start + i);
        if (rc)
            return rc;
        i = j + 1;
    }
    return 0;
}

int analyze_token(const Token *tok, const AnalyzerOptions *opt, TermFn fn, void *ctx)
{
    AnCtx a = {opt, fn, ctx};
    return on_token(tok, &a);
}

int analyze(const char *text, size_t len, const AnalyzerOptions *opt, TermFn fn, void *ctx)
{
    AnCtx a = {opt, fn, ctx};
    return tokenize(text, len, on_token, &a);
}

typedef struct FirstCtx {
    char *out;
    int found;
} FirstCtx;

static int first_term(const Term *t, void *ctx)
{
    FirstCtx *f = ctx;
    memcpy(f->out, t->text, t->len + 1);
    f->found = 1;
    return 1;
}

int analyze_word(const char *word, const AnalyzerOptions *opt, char *out)
{
    FirstCtx f = {out, 0};
    analyze(word, strlen(word), opt, first_term, &f);
    return f.found ? 0 : -1;
}
