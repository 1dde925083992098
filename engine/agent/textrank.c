/* TextRank sentence ranking and RAKE keyphrases. */
#include "engine/agent/textrank.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/analyze.h"
#include "engine/text/stopwords.h"
#include "engine/text/tokenize.h"

typedef struct TermSet {
    char (*terms)[TOKEN_MAX_BYTES + 1]; /* owned, sorted, unique */
    size_t n, cap;
} TermSet;

static int collect_term(const Term *t, void *ctx)
{
    TermSet *s = ctx;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        void *np = realloc(s->terms, nc * sizeof *s->terms);
        if (!np)
            return -1;
        s->terms = np;
        s->cap = nc;
    }
    memcpy(s->terms[s->n++], t->text, TOKEN_MAX_BYTES + 1);
    return 0;
}

static int cmp_term(const void *a, const void *b)
{
    return strcmp(a, b);
}

static size_t overlap(const TermSet *a, const TermSet *b)
{
    size_t i = 0, j = 0, n = 0;
    while (i < a->n && j < b->n) {
        int c = strcmp(a->terms[i], b->terms[j]);
        if (c == 0) {
            n++;
            i++;
            j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    return n;
}

int textrank_scores(const char *const *sentences, size_t n, double *scores, int *iterations, RError *err)
{
    if (iterations)
        *iterations = 0;
    if (n == 0)
        return 0;
    AnalyzerOptions opt = analyzer_default();
    opt.stop = STOP_ENGLISH;
    opt.stem = true;
    TermSet *sets = calloc(n, sizeof *sets);
    double *w = calloc(n * n, sizeof *w);
    double *out = calloc(n, sizeof *out);
    double *next = calloc(n, sizeof *next);
    int rc = 0;
    if (!sets || !w || !out || !next) {
        rc = rerror_set(err, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (analyze(sentences[i], strlen(sentences[i]), &opt, collect_term, &sets[i])) {
            rc = rerror_set(err, "out of memory");
            goto done;
        }
        qsort(sets[i].terms, sets[i].n, sizeof *sets[i].terms, cmp_term);
        size_t u = 0;
        for (size_t k = 0; k < sets[i].n; k++)
            if (u == 0 || strcmp(sets[i].terms[u - 1], sets[i].terms[k]) != 0)
                memmove(sets[i].terms[u++], sets[i].terms[k], TOKEN_MAX_BYTES + 1);
        sets[i].n = u;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double denom = log((double)sets[i].n) + log((double)sets[j].n);
            if (sets[i].n == 0 || sets[j].n == 0 || denom <= 0)
                continue;
            double s = (double)overlap(&sets[i], &sets[j]) / denom;
            w[i * n + j] = w[j * n + i] = s;
            out[i] += s;
            out[j] += s;
        }
    for (size_t i = 0; i < n; i++)
        scores[i] = 1.0;
    int it;
    for (it = 1; it <= TEXTRANK_MAX_ITER; it++) {
        double delta = 0;
        for (size_t i = 0; i < n; i++) {
            double sum = 0;
            for (size_t j = 0; j < n; j++)
                if (w[j * n + i] > 0)
                    sum += w[j * n + i] / out[j] * scores[j];
            next[i] = (1 - TEXTRANK_DAMPING) + TEXTRANK_DAMPING * sum;
            delta = fmax(delta, fabs(next[i] - scores[i]));
        }
        memcpy(scores, next, n * sizeof *scores);
        if (delta < TEXTRANK_EPSILON)
            break;
    }
    if (iterations)
        *iterations = it > TEXTRANK_MAX_ITER ? TEXTRANK_MAX_ITER : it;
done:
    if (sets)
        for (size_t i = 0; i < n; i++)
            free(sets[i].terms);
    free(sets);
    free(w);
    free(out);
    free(next);
    return rc;
}

size_t textrank_top(const double *scores, size_t n, size_t k, size_t *out)
{
    if (k > n)
        k = n;
    bool *pick = calloc(n ? n : 1, sizeof *pick);
    if (!pick)
        return 0;
    for (size_t c = 0; c < k; c++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (!pick[i] && (best == n || scores[i] > scores[best]))
                best = i;
        pick[best] = true;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (pick[i])
            out[m++] = i;
    free(pick);
    return m;
}

/* ---------------------------------------------------------------- RAKE */

typedef struct Word {
    char text[TOKEN_MAX_BYTES + 1];
    int phrase_len;
} Word;

typedef struct Cand {
    char text[96];
    size_t first, nwords; /* into the word occurrence list */
} Cand;

typedef struct Rake {
    const char *s;
    size_t last_end;
    bool have_last;
    Word *words; /* every content-word occurrence */
    size_t nw, capw;
    Cand *cands;
    size_t nc, capc;
    bool open;
    int depth; /* inside (...) or [...]: citations and asides are not keyphrases */
} Rake;

/* Words that are not content in notes: citation parts and cross-reference words. */
static bool extra_stop(const char *w)
{
    static const char *const words[] = {"al", "et", "eg", "ie", "fig", "figure", "table", "section", "see",
                                        "also", "etc", "vs", "via", "like", "use", "used", "uses",
                                        "using", "one", "two", "three", "many", "much", "every", "each", "example",
                                        "examples", "worked", "derived"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

static void close_phrase(Rake *r)
{
    r->open = false;
}

static int rake_token(const Token *tok, void *ctx)
{
    Rake *r = ctx;
    /* punctuation between tokens ends the phrase */
    for (size_t i = r->have_last ? r->last_end : 0; i < tok->start; i++) {
        char ch = r->s[i];
        if (ch == '(' || ch == '[')
            r->depth++;
        else if ((ch == ')' || ch == ']') && r->depth > 0)
            r->depth--;
        if (ch != ' ')
            close_phrase(r);
    }
    r->have_last = true;
    r->last_end = tok->end;
    size_t len = strlen(tok->text);
    bool digit = strpbrk(tok->text, "0123456789") != NULL;
    if (r->depth > 0 || len < 2 || digit || stopword_is(STOP_ENGLISH, tok->text, len) || strchr(tok->text, '\'') ||
        extra_stop(tok->text)) {
        close_phrase(r);
        return 0;
    }
    if (r->open && r->cands[r->nc - 1].nwords == 3)
        close_phrase(r);
    if (r->nw == r->capw) {
        size_t nc = r->capw ? r->capw * 2 : 64;
        void *np = realloc(r->words, nc * sizeof *r->words);
        if (!np)
            return -1;
        r->words = np;
        r->capw = nc;
    }
    if (!r->open) {
        if (r->nc == r->capc) {
            size_t nc = r->capc ? r->capc * 2 : 32;
            void *np = realloc(r->cands, nc * sizeof *r->cands);
            if (!np)
                return -1;
            r->cands = np;
            r->capc = nc;
        }
        Cand *c = &r->cands[r->nc++];
        c->text[0] = '\0';
        c->first = r->nw;
        c->nwords = 0;
        r->open = true;
    }
    Cand *c = &r->cands[r->nc - 1];
    size_t cl = strlen(c->text);
    if (cl + len + 2 >= sizeof c->text) {
        close_phrase(r);
        return 0;
    }
    if (cl)
        c->text[cl++] = ' ';
    memcpy(c->text + cl, tok->text, len + 1);
    memcpy(r->words[r->nw].text, tok->text, TOKEN_MAX_BYTES + 1);
    r->nw++;
    c->nwords++;
    return 0;
}

typedef struct WordStat {
    char text[TOKEN_MAX_BYTES + 1];
    double freq, deg;
} WordStat;

static int cmp_word(const void *a, const void *b)
{
    return strcmp(((const Word *)a)->text, ((const Word *)b)->text);
}

static int cmp_cand(const void *a, const void *b)
{
    return strcmp(((const Cand *)a)->text, ((const Cand *)b)->text);
}

static int cmp_kp(const void *a, const void *b)
{
    const Keyphrase *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    if (x->count != y->count)
        return y->count - x->count;
    return strcmp(x->text, y->text);
}

size_t keyphrases_extract(const char *const *sentences, size_t n, Keyphrase *out, size_t cap)
{
    Rake r = {0};
    for (size_t i = 0; i < n; i++) {
        r.s = sentences[i];
        r.have_last = false;
        r.depth = 0;
        close_phrase(&r);
        if (tokenize(sentences[i], strlen(sentences[i]), rake_token, &r))
            break;
        close_phrase(&r);
    }
    for (size_t c = 0; c < r.nc; c++)
        for (size_t k = 0; k < r.cands[c].nwords; k++)
            r.words[r.cands[c].first + k].phrase_len = (int)r.cands[c].nwords;
    size_t got = 0;
    Word *sorted = malloc((r.nw ? r.nw : 1) * sizeof *sorted);
    WordStat *stats = malloc((r.nw ? r.nw : 1) * sizeof *stats);
    Keyphrase *all = malloc((r.nc ? r.nc : 1) * sizeof *all);
    if (!sorted || !stats || !all)
        goto done;
    memcpy(sorted, r.words, r.nw * sizeof *sorted);
    qsort(sorted, r.nw, sizeof *sorted, cmp_word);
    size_t ns = 0;
    for (size_t i = 0; i < r.nw; i++) {
        if (ns == 0 || strcmp(stats[ns - 1].text, sorted[i].text) != 0) {
            memcpy(stats[ns].text, sorted[i].text, TOKEN_MAX_BYTES + 1);
            stats[ns].freq = stats[ns].deg = 0;
            ns++;
        }
        stats[ns - 1].freq += 1;
        stats[ns - 1].deg += sorted[i].phrase_len;
    }
    for (size_t c = 0; c < r.nc; c++) {
        double s = 0;
        for (size_t k = 0; k < r.cands[c].nwords; k++) {
            Word key;
            memcpy(key.text, r.words[r.cands[c].first + k].text, sizeof key.text);
            WordStat *ws = bsearch(&key, stats, ns, sizeof *stats, cmp_word);
            if (ws)
                s += ws->deg / ws->freq;
        }
        r.cands[c].first = (size_t)(s * 1e6); /* reuse: fixed-point score */
    }
    qsort(r.cands, r.nc, sizeof *r.cands, cmp_cand);
    size_t na = 0;
    for (size_t c = 0; c < r.nc; c++) {
        if (na && strcmp(all[na - 1].text, r.cands[c].text) == 0) {
            all[na - 1].count++;
            continue;
        }
        memcpy(all[na].text, r.cands[c].text, sizeof all[na].text);
        all[na].score = (double)r.cands[c].first / 1e6;
        all[na].count = 1;
        na++;
    }
    for (size_t i = 0; i < na; i++)
        all[i].score *= log(1.0 + all[i].count) * (all[i].count >= 2 ? 1.0 : 0.5);
    qsort(all, na, sizeof *all, cmp_kp);
    for (size_t i = 0; i < na && got < cap; i++) {
        /* skip a phrase contained in one already chosen */
        bool dup = false;
        for (size_t j = 0; j < got; j++)
            if (phrase_in(out[j].text, all[i].text) || phrase_in(all[i].text, out[j].text))
                dup = true;
        if (!dup)
            out[got++] = all[i];
    }
done:
    free(sorted);
    free(stats);
    free(all);
    free(r.words);
    free(r.cands);
    return got;
}

typedef struct Match {
    char words[8][TOKEN_MAX_BYTES + 1];
    size_t nwords, matched;
    bool found;
} Match;

static int match_token(const Token *tok, void *ctx)
{
    Match *m = ctx;
    if (strcmp(tok->text, m->words[m->matched]) == 0) {
        if (++m->matched == m->nwords) {
            m->found = true;
            return 1;
        }
    } else {
        m->matched = strcmp(tok->text, m->words[0]) == 0 ? 1 : 0;
        if (m->matched == m->nwords) {
            m->found = true;
            return 1;
        }
    }
    return 0;
}

static int phrase_word(const Token *tok, void *ctx)
{
    Match *m = ctx;
    if (m->nwords == 8)
        return 1;
    memcpy(m->words[m->nwords++], tok->text, TOKEN_MAX_BYTES + 1);
    return 0;
}

int phrase_in(const char *sentence, const char *phrase)
{
    Match m = {0};
    tokenize(phrase, strlen(phrase), phrase_word, &m);
    if (m.nwords == 0)
        return 0;
    tokenize(sentence, strlen(sentence), match_token, &m);
    return m.found;
}
