/* Live figures and pane links of the notes, checked. */
#include "engine/figure/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "engine/figure/figure_priv.h"
#include "engine/evals/bench_cards.h"
#include "engine/evals/evals_params.h"
#include "engine/infer/infer.h"
#include "engine/notes.h"
#include "engine/scaling/laws.h"
#include "engine/text/markdown.h"
#include "engine/text/nocase.h"
#include "engine/vision/vision_params.h"

/* Headings at any depth of the tree. */
static bool find_heading(const MdBlock *b, const char *text, bool exact)
{
    if (b->kind == MD_HEADING) {
        char buf[512];
        md_block_text(b, buf, sizeof buf);
        if (exact ? strcasecmp(buf, text) == 0 : text_contains_nocase(buf, text))
            return true;
    }
    for (size_t i = 0; i < b->nchildren; i++)
        if (find_heading(&b->children[i], text, exact))
            return true;
    return false;
}

int check_note_heading(const char *notes_dir, const char *file, const char *heading, RError *err)
{
    char path[4096];
    if (strchr(file, '/') || snprintf(path, sizeof path, "%s/%s", notes_dir, file) >=
                                 (int)sizeof path)
        return rerror_set(err, "bad note name '%.80s'", file);
    char *src;
    size_t len;
    if (notes_read(path, &src, &len, err) != 0)
        return rerror_set(err, "no note '%.80s' in %.200s", file, notes_dir);
    MdDoc *doc;
    int rc = md_parse(src, len, &doc, err);
    free(src);
    if (rc != 0)
        return -1;
    bool ok = !heading || !*heading || find_heading(&doc->root, heading, true) ||
              find_heading(&doc->root, heading, false);
    md_free(doc);
    return ok ? 0 : rerror_set(err, "no heading '%.100s' in %.80s", heading, file);
}

typedef struct Ctx {
    const FigureCtx *fig;
    const CheckEnv *env;
    FigureIssues *issues;
    CheckCounts *counts;
} Ctx;

static bool known_pane(const CheckEnv *env, const char *name)
{
    for (size_t i = 0; i < env->npanes; i++)
        if (strcmp(env->panes[i], name) == 0)
            return true;
    return false;
}

/* True when `value` is one of the space-separated words of `list`. */
static bool word_in(const char *value, const char *list)
{
    size_t n = strlen(value);
    for (const char *w = list; *w;) {
        size_t k = strcspn(w, " ");
        if (k == n && strncmp(w, value, n) == 0)
            return true;
        w += k + (w[k] == ' ');
    }
    return false;
}

/* A pane's settings word by word through its table (so the column points at the word at
 * fault), after its own words: `views` are the values `view=` takes, and `own` says whether a
 * bare word is the pane's (NULL: none is). */
static int check_table_words(const FigureSpec *spec, const ParamTable *t, const ParamContext *pc,
                             void *settings, const char *views,
                             bool (*own)(const Ctx *c, const char *word), const Ctx *c,
                             size_t *bad, RError *err)
{
    for (size_t i = 1; i < spec->n; i++) {
        const FigureToken *tk = &spec->tok[i];
        *bad = tk->off;
        if (tk->key && strcmp(tk->key, "view") == 0) {
            if (!word_in(tk->value, views))
                return rerror_set(err, "view: expected one of %s", views);
            continue;
        }
        if (!tk->key && own && own(c, tk->value))
            continue;
        char word[FIGURE_SPEC_MAX + 2];
        snprintf(word, sizeof word, "%s%s%s", tk->key ? tk->key : "", tk->key ? "=" : "",
                 tk->value);
        if (param_parse_pairs(t, pc, word, settings, NULL, err) != 0)
            return -1;
    }
    return 0;
}

static bool infer_word(const Ctx *c, const char *w)
{
    (void)c;
    return strcmp(w, "defaults") == 0;
}

/* `run`, or a benchmark card's name (content/benchmarks.yaml). */
static bool evals_word(const Ctx *c, const char *w)
{
    if (strcmp(w, "run") == 0)
        return true;
    char path[4096];
    snprintf(path, sizeof path, "%s/benchmarks.yaml", c->env->content_dir);
    BenchCardList cards;
    RError e;
    if (bench_cards_load(path, &cards, &e) != 0)
        return false;
    bool found = bench_cards_find(&cards, w) != NULL;
    bench_cards_free(&cards);
    return found;
}

/* The pane-specific part; returns -1 with err and *bad (offset in args) on a problem. */
static int check_args(const Ctx *c, const char *pane, const char *args, size_t *bad, RError *err)
{
    *bad = 0;
    FigureSpec spec;
    char text[FIGURE_SPEC_MAX + 16];
    int pre = snprintf(text, sizeof text, "%s ", pane);
    if (strlen(args) > FIGURE_SPEC_MAX)
        return rerror_set(err, "link arguments longer than %d bytes", FIGURE_SPEC_MAX);
    snprintf(text + pre, sizeof text - (size_t)pre, "%s", args);
    if (figure_spec_parse(text, strlen(text), &spec, err) != 0)
        return -1;
    int rc = 0;
    if (strcmp(pane, "kv") == 0) {
        rc = figure_check_kv_args(c->fig, &spec, bad, err);
    } else if (strcmp(pane, "scaling") == 0) {
        rc = figure_check_scaling_args(c->fig, &spec, bad, err);
    } else if (strcmp(pane, "infer") == 0 && c->fig->infer_ok) {
        InferQuery q;
        infer_query_init(&q);
        rc = check_table_words(&spec, infer_params(), &c->fig->infer.ctx, &q,
                               "timeline blocks roofline load spec", infer_word, c, bad, err);
    } else if (strcmp(pane, "multimodal") == 0 && c->fig->infer_ok) {
        VisionSettings v;
        param_defaults(&vision_params, &v);
        rc = check_table_words(&spec, &vision_params, &c->fig->infer.ctx, &v, "tokens loss", NULL,
                               c, bad, err);
    } else if (strcmp(pane, "evals") == 0) {
        bool passk = false;
        for (size_t i = 1; i < spec.n; i++)
            passk |= spec.tok[i].key && strcmp(spec.tok[i].key, "view") == 0 &&
                     strcmp(spec.tok[i].value, "passk") == 0;
        EvalsSettings e;
        PasskSettings k;
        param_defaults(&evals_params, &e);
        param_defaults(&passk_params, &k);
        rc = check_table_words(&spec, passk ? &passk_params : &evals_params, NULL,
                               passk ? (void *)&k : (void *)&e, "ci passk cards live", evals_word,
                               c, bad, err);
    } else if (strcmp(pane, "notes") == 0 && spec.n > 1) {
        *bad = spec.tok[1].off;
        char file[256];
        const char *heading = NULL;
        snprintf(file, sizeof file, "%s", spec.tok[1].value);
        char *hash = strchr(file, '#');
        if (hash) {
            *hash = '\0';
            heading = strchr(args, '#') + 1; /* headings may contain spaces */
        }
        rc = check_note_heading(c->env->notes_dir, file, heading, err);
    } else if (strcmp(pane, "agents") == 0 && spec.n > 1) {
        *bad = spec.tok[1].off;
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/graphs/%s.yaml", c->env->content_dir, spec.tok[1].value);
        if (strchr(spec.tok[1].value, '/') || stat(path, &sb) != 0)
            rc = rerror_set(err, "no agent graph '%.60s' in content/graphs", spec.tok[1].value);
    } else if (strcmp(pane, "study") == 0 && spec.n > 1) {
        const char *w = spec.tok[1].value;
        *bad = spec.tok[1].off;
        if (strcmp(w, "quiz") == 0 && spec.n > 2) {
            *bad = spec.tok[2].off;
            rc = check_note_heading(c->env->notes_dir, spec.tok[2].value, NULL, err);
        } else if (strcmp(w, "review") != 0 && strcmp(w, "quiz") != 0 &&
                   !(strcmp(w, "card") == 0 && spec.n == 3)) {
            rc = rerror_set(err, "study links take review, quiz [NOTE] or card ID");
        }
    }
    if (rc != 0 && *bad >= (size_t)pre)
        *bad -= (size_t)pre;
    else if (rc != 0)
        *bad = 0;
    return rc;
}

static int col_at(const char *s, size_t bytes)
{
    int col = 0;
    for (size_t i = 0; i < bytes && s[i]; i++)
        col += ((unsigned char)s[i] & 0xC0) != 0x80;
    return col;
}

static void on_item(void *user, char kind, const char *text, size_t len, size_t off, int line,
                    int col)
{
    (void)off;
    Ctx *c = user;
    if (kind == 'f') {
        c->counts->figures++;
        if (len == (size_t)-1) {
            figure_issue_add(c->issues, line, col, "a live figure '{{' has no closing '}}' on its "
                             "line");
            return;
        }
        char spec[FIGURE_SPEC_MAX + 1], value[128];
        if (len > FIGURE_SPEC_MAX) {
            figure_issue_add(c->issues, line, col, "a live figure is longer than %d bytes",
                             FIGURE_SPEC_MAX);
            return;
        }
        memcpy(spec, text, len);
        spec[len] = '\0';
        RError err;
        size_t bad = 0;
        if (figure_eval(c->fig, spec, value, sizeof value, &bad, &err) != 0)
            figure_issue_add(c->issues, line, col + 2 + col_at(spec, bad), "%s", err.msg);
        return;
    }
    c->counts->links++;
    char target[FIGURE_SPEC_MAX + 1];
    if (len > FIGURE_SPEC_MAX) {
        figure_issue_add(c->issues, line, col, "a pane link longer than %d bytes",
                         FIGURE_SPEC_MAX);
        return;
    }
    memcpy(target, text, len);
    target[len] = '\0';
    char pane[64];
    size_t plen = strcspn(target, " ");
    snprintf(pane, sizeof pane, "%.*s", (int)(plen < 63 ? plen : 63), target);
    if (!known_pane(c->env, pane)) {
        figure_issue_add(c->issues, line, col + 5, "unknown pane '%s'", pane);
        return;
    }
    const char *args = target + plen + (target[plen] == ' ');
    RError err;
    size_t bad;
    if (*args && check_args(c, pane, args, &bad, &err) != 0)
        figure_issue_add(c->issues, line, col + 5 + col_at(target, (size_t)(args - target)) +
                         col_at(args, bad), "%s", err.msg);
}

void check_note(const FigureCtx *ctx, const CheckEnv *env, const char *src, size_t len,
                FigureIssues *issues, CheckCounts *counts)
{
    Ctx c = {ctx, env, issues, counts};
    figure_scan(src, len, on_item, &c);
}

void check_cards(const FigureCtx *ctx, const CardDeck *deck, const char *notes_dir,
                 FigureIssues *issues)
{
    for (size_t i = 0; i < deck->count; i++) {
        const Card *card = &deck->items[i];
        char file[256];
        const char *heading;
        RError err;
        if (cards_note_split(card->note, file, sizeof file, &heading) == 0 &&
            check_note_heading(notes_dir, file, heading, &err) != 0)
            figure_issue_add(issues, card->line, card->col, "card %s: %s", card->id, err.msg);
        const char *texts[2] = {card->q, card->a};
        for (int k = 0; k < 2; k++) {
            FigureIssues found = {0};
            char *out;
            if (strstr(texts[k], "{{") &&
                figure_expand(ctx, texts[k], strlen(texts[k]), &out, NULL, &found, &err) == 0)
                free(out);
            for (size_t j = 0; j < found.count; j++)
                figure_issue_add(issues, card->line, card->col, "card %s, %s: %s", card->id,
                                 k ? "a" : "q", found.items[j].msg);
            figure_issues_free(&found);
        }
    }
}

int figure_expand_cards(const FigureCtx *ctx, CardDeck *deck, RError *err)
{
    for (size_t i = 0; i < deck->count; i++) {
        char **texts[2] = {&deck->items[i].q, &deck->items[i].a};
        for (int k = 0; k < 2; k++) {
            char *out;
            if (!strstr(*texts[k], "{{"))
                continue;
            if (figure_expand(ctx, *texts[k], strlen(*texts[k]), &out, NULL, NULL, err) != 0)
                return -1;
            free(*texts[k]);
            *texts[k] = out;
        }
    }
    return 0;
}
