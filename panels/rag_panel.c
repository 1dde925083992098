/* The RAG pane: a search box over the notes that re-ranks as you type, with the ranking
 * explained (BM25 idf × tf parts, dense cosine, fused rank movement), the query pipeline
 * (tokens, stems, posting sizes, stage timings), the chunks of a note, and the measured
 * SciFact table. The index is built once, when the pane is first shown. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/retriever.h"
#include "panels/registry.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/scrollview.h"
#include "tui/text.h"
#include "tui/textbox.h"
#include "tui/xalloc.h"

enum {
    ACT_OPEN = 1,
    ACT_FOCUS_BOX,
    ACT_FOCUS_RESULTS,
    ACT_METHOD,
    ACT_VIEW,
    ACT_K1_DOWN,
    ACT_K1_UP,
    ACT_B_DOWN,
    ACT_B_UP,
    ACT_TOPK_DOWN,
    ACT_TOPK_UP,
    ACT_W_DOWN,
    ACT_W_UP,
    ACT_FUSION,
    ACT_DENSE,
    ACT_SIDE_DOWN,
    ACT_SIDE_UP,
};

/* Keys that act while the results have the focus (Esc from the search box). While typing,
 * only ↑ ↓ PgUp PgDn Enter and Esc are taken from the box. */
static const KeyBinding rag_keys[] = {
    {'\n', false, ACT_OPEN, "Enter", "open the chunk in the Notes pane at its heading"},
    {'\r', false, ACT_OPEN, NULL, NULL},
    {KEY_ENTER, true, ACT_OPEN, NULL, NULL},
    {KEY_ESC, false, ACT_FOCUS_RESULTS, "Esc", "leave the search box (keys below act)"},
    {'i', false, ACT_FOCUS_BOX, "i, /", "back to the search box"},
    {'/', false, ACT_FOCUS_BOX, NULL, NULL},
    {'m', false, ACT_METHOD, "m", "method: bm25 → lsa → glove → hybrid"},
    {'v', false, ACT_VIEW, "v", "side view: explain → pipeline → chunks → SciFact table"},
    {'[', false, ACT_K1_DOWN, "[ ]", "BM25 k1 − / + 0.1"},
    {']', false, ACT_K1_UP, NULL, NULL},
    {'{', false, ACT_B_DOWN, "{ }", "BM25 b − / + 0.05"},
    {'}', false, ACT_B_UP, NULL, NULL},
    {'-', false, ACT_TOPK_DOWN, "- +", "top-k − / +"},
    {'+', false, ACT_TOPK_UP, NULL, NULL},
    {'=', false, ACT_TOPK_UP, NULL, NULL},
    {'<', false, ACT_W_DOWN, "< >", "fusion weight of the dense list − / + 0.05"},
    {'>', false, ACT_W_UP, NULL, NULL},
    {'f', false, ACT_FUSION, "f", "fusion: reciprocal rank (k = 60) ↔ min-max score blend"},
    {'d', false, ACT_DENSE, "d", "dense half of the hybrid: lsa ↔ glove"},
    {'J', false, ACT_SIDE_DOWN, "J K", "scroll the side view"},
    {'K', false, ACT_SIDE_UP, NULL, NULL},
};

typedef enum SideView { VIEW_EXPLAIN, VIEW_PIPELINE, VIEW_CHUNKS, VIEW_TABLE, VIEW_COUNT } SideView;
static const char *const view_names[VIEW_COUNT] = {"explain", "pipeline", "chunks", "SciFact"};

#define RAG_MAX_K 50

typedef struct RagPanel {
    App *app;            /* borrowed */
    RagCorpus *corpus;   /* owned */
    RagEngine *eng;      /* owned */
    bool tried;          /* index build attempted (once) */
    char error[600];     /* why there is no index */
    RagSettings set;
    TextBox box;
    bool box_focus;
    SideView view;
    RagResult res[RAG_MAX_K];
    size_t nres;
    int sel;
    RagPipeline pipe;
    double t_total;      /* seconds for the last search */
    char last_error[600];
    TextLines results;   /* owned: rebuilt on search and resize */
    ScrollView rsv;
    size_t res_line[RAG_MAX_K]; /* first rendered line of each result */
    TextLines side;      /* owned */
    ScrollView ssv;
    Rect area, box_area, head_area, res_area, side_area;
} RagPanel;

/* ---- measured table (SciFact train, 809 queries; `rampup rag-eval --split train`) ---- */

typedef struct Measured {
    const char *what;
    double ndcg, recall, mrr;
} Measured;

/* Measured on this machine with `rampup rag-eval --beir ../shared/data/scifact --split train
 * [--method …]` (README "RAG" section lists the commands). */
static const Measured measured[] = {
    {"BM25 (porter, english stop, k1 .9 b .4)", 0.6962, 0.9270, 0.6657},
    {"BM25 no stemming, no stopwords", 0.6650, 0.9037, 0.6323},
    {"Xapian 1.4 BM25 defaults (reference)", 0.6857, NAN, NAN},
    {"LSA rank 512", 0.5766, NAN, NAN},
    {"GloVe SIF", 0.2254, 0.5458, 0.2044},
    {"hybrid BM25+LSA RRF w .5", 0.6078, 0.9365, 0.5663},
    {"hybrid BM25+LSA RRF w .1", 0.6913, NAN, NAN},
    {"hybrid BM25+LSA blend w .1", 0.7015, NAN, NAN},
};

/* ---- building the index (once) ---- */

static void ensure_index(RagPanel *p)
{
    if (p->tried)
        return;
    p->tried = true;
    RError err;
    rerror_clear(&err);
    const char *dir = app_notes_dir(p->app);
    if (!dir || corpus_load_dir(dir, NULL, &p->corpus, &err) != 0) {
        if (dir)
            rerror_format(&err, p->error, sizeof p->error);
        else
            snprintf(p->error, sizeof p->error, "no notes folder");
        return;
    }
    char glove[2048];
    snprintf(glove, sizeof glove, "%s/glove", app_content_dir(p->app));
    if (rag_engine_new(p->corpus, NULL, glove, &p->eng, &err) != 0) {
        rerror_format(&err, p->error, sizeof p->error);
        return;
    }
    if (p->corpus->nwarnings)
        app_status(p->app, STATUS_WARN, "rag: %s (and %zu more)", p->corpus->warnings[0],
                   p->corpus->nwarnings - 1);
}

/* ---- text building ---- */

static const char *innermost(const char *heading)
{
    const char *last = heading;
    for (const char *s = heading; (s = strstr(s, " > ")) != NULL; s += 3)
        last = s + 3;
    return last;
}

/* Adds text[from..to) to the wrapper with the highlight spans inside it marked. White space
 * becomes plain spaces (byte for byte, so the span offsets stay valid). */
static void add_highlighted(Wrapper *wr, const char *text, size_t from, size_t to,
                            const RagSpan *sp, size_t nsp)
{
    char *buf = xmalloc(to - from + 1);
    for (size_t i = from; i < to; i++)
        buf[i - from] = (text[i] == '\n' || text[i] == '\t' || text[i] == '\r') ? ' ' : text[i];
    size_t at = from;
    for (size_t i = 0; i < nsp && at < to; i++) {
        if (sp[i].end <= at || sp[i].start >= to)
            continue;
        size_t s = sp[i].start < at ? at : sp[i].start;
        size_t e = sp[i].end > to ? to : sp[i].end;
        if (s > at)
            wrap_add(wr, buf + (at - from), s - at, STYLE(TH_NORMAL));
        wrap_add(wr, buf + (s - from), e - s, STYLE(TH_MATCH));
        at = e;
    }
    if (at < to)
        wrap_add(wr, buf + (at - from), to - at, STYLE(TH_NORMAL));
    free(buf);
}

/* Backs off to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static void build_results(RagPanel *p)
{
    TextLines *t = &p->results;
    lines_clear(t);
    int width = p->res_area.w - 2;
    if (width < 10)
        return;
    if (!p->eng) {
        lines_new(t, 1, -1);
        const char *msg = p->error[0] ? p->error : "building the index…";
        lines_append(t, msg, strlen(msg), STYLE(TH_WARN));
        return;
    }
    if (p->last_error[0]) {
        lines_new(t, 1, -1);
        lines_append(t, p->last_error, strlen(p->last_error), STYLE(TH_BAD));
        return;
    }
    if (p->nres == 0) {
        lines_new(t, 1, -1);
        const char *msg = p->box.len ? "no chunk matches" : "type to search the notes";
        lines_append(t, msg, strlen(msg), STYLE(TH_DIM));
        lines_new(t, 1, -1);
        lines_new(t, 1, -1);
        lines_appendf(t, STYLE(TH_DIM), "%zu chunks from %zu notes are indexed.", p->corpus->n,
                      p->corpus->nfiles);
        lines_new(t, 1, -1);
        lines_append(t, "'word must match as typed, !word must not appear.", 51,
                     STYLE(TH_DIM));
        return;
    }
    RagSpan spans[64];
    for (size_t i = 0; i < p->nres; i++) {
        const RagResult *r = &p->res[i];
        const RagDoc *d = &p->corpus->docs[r->doc];
        p->res_line[i] = t->count;
        lines_new(t, 2, (int)i);
        lines_appendf(t, STYLE(TH_KEY), "%2d ", r->rank);
        lines_appendf(t, STYLE(TH_ACCENT), "%s", d->source);
        lines_appendf(t, STYLE(TH_DIM), ":%d ", d->line_start);
        lines_appendf(t, STYLE(TH_VALUE), "%.3f", r->score);
        lines_new(t, 5, (int)i);
        const char *h = d->heading[0] ? d->heading : "(no heading)";
        if ((int)strlen(h) > width - 5 && innermost(h) != h)
            lines_appendf(t, STYLE(TH_HEADING), "%s %s", glyphs()->ellipsis, innermost(h));
        else
            lines_appendf(t, STYLE(TH_HEADING), "%s", h);
        /* snippet: about two lines around the first match */
        size_t len = strlen(d->text);
        size_t nsp = rag_query_highlight(&p->pipe, &p->eng->bm25->analyzer, d->text, len, spans,
                                         64);
        if (nsp > 64)
            nsp = 64;
        size_t budget = (size_t)(width - 5) * 5 / 2;
        size_t from = 0;
        if (nsp && spans[0].start > budget / 3) {
            from = spans[0].start - budget / 3;
            while (from < spans[0].start && d->text[from] != ' ' && d->text[from] != '\n')
                from++; /* start on a word */
        }
        size_t to = from + budget < len ? char_start(d->text, from + budget) : len;
        Wrapper wr;
        wrap_begin(&wr, t, width, 5, 5, (int)i);
        if (from > 0)
            wrap_add(&wr, "… ", strlen("… "), STYLE(TH_DIM));
        add_highlighted(&wr, d->text, from, to, spans, nsp);
        if (to < len)
            wrap_add(&wr, " …", strlen(" …"), STYLE(TH_DIM));
        wrap_end(&wr);
    }
}

static void row_kv(TextLines *t, const char *k, Style vs, const char *fmt, double v)
{
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-12s", k);
    lines_appendf(t, vs, fmt, v);
}

static void build_explain(RagPanel *p, TextLines *t)
{
    if (p->nres == 0) {
        lines_new(t, 1, 0);
        lines_append(t, "no result selected", 18, STYLE(TH_DIM));
        return;
    }
    const RagResult *r = &p->res[p->sel];
    const RagDoc *d = &p->corpus->docs[r->doc];
    const Bm25Index *idx = p->eng->bm25;
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_TITLE), "#%d ", r->rank);
    lines_appendf(t, STYLE(TH_ACCENT), "%s:%d-%d", d->source, d->line_start, d->line_end);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_HEADING), "%s", d->heading);
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "BM25 (Lucene)  ");
    lines_appendf(t, STYLE(TH_DIM), "k1 %.2f  b %.2f  dl %u  avgdl %.1f", idx->k1, idx->b,
                  idx->doclen[r->doc], idx->avgdl);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-8s %4s %5s %3s %5s %6s", "term", "df", "idf", "tf",
                  "tf pt", "score");
    double sum = 0.0;
    for (size_t i = 0; i < p->pipe.nterms; i++) {
        const RagQueryTerm *q = &p->pipe.terms[i];
        if (q->kind == RAG_TERM_NOT || q->stopword || q->id < 0)
            continue;
        uint32_t tf = bm25_tf(idx, q->id, r->doc);
        double part = bm25_tf_part(idx, tf, idx->doclen[r->doc]);
        double s = q->idf * part;
        sum += s;
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(tf ? TH_NORMAL : TH_DIM), "%-8.8s %4zu %5.2f %3u %5.3f ",
                      q->term, q->df, q->idf, tf, part);
        lines_appendf(t, STYLE(tf ? TH_VALUE : TH_DIM), "%6.3f", s);
    }
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-29s ", "score = Σ idf × tf part");
    lines_appendf(t, STYLE(TH_VALUE), "%6.3f", sum);
    lines_new(t, 1, 0);
    lines_append(t, "idf = ln(1 + (N − df + ½)/(df + ½));", strlen("idf = ln(1 + (N − df + ½)/(df + ½));"),
                 STYLE(TH_DIM));
    lines_new(t, 1, 0);
    lines_append(t, "tf part = tf/(tf + k1(1 − b + b·dl/avgdl))",
                 strlen("tf part = tf/(tf + k1(1 − b + b·dl/avgdl))"), STYLE(TH_DIM));
    lines_new(t, 0, 0);
    if (r->rank_bm25)
        row_kv(t, "BM25 rank", STYLE(TH_VALUE), "%.0f", r->rank_bm25);
    else
        row_kv(t, "BM25 rank", STYLE(TH_DIM), "%.0f (not in the BM25 list)", 0);
    if (!isnan(r->cos_dense)) {
        RagMethod dm = p->set.method == RAG_HYBRID ? p->set.dense : p->set.method;
        char label[32];
        snprintf(label, sizeof label, "%s cosine", rag_method_name(dm));
        row_kv(t, label, STYLE(TH_VALUE), "%.3f", r->cos_dense);
        row_kv(t, "dense rank", STYLE(TH_VALUE), "%.0f", r->rank_dense);
    }
    if (p->set.method == RAG_HYBRID) {
        lines_new(t, 0, 0);
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_STRONG), "fused (%s, dense weight %.2f): #%d",
                      p->set.fusion == RAG_FUSE_RRF ? "RRF k=60" : "min-max blend",
                      p->set.weight, r->rank);
        int moves[2] = {r->rank_bm25, r->rank_dense};
        const char *names[2] = {"from BM25", "from dense"};
        for (int k = 0; k < 2; k++) {
            lines_new(t, 1, 0);
            lines_appendf(t, STYLE(TH_DIM), "%-12s", names[k]);
            if (!moves[k]) {
                lines_append(t, "not in that list", 16, STYLE(TH_DIM));
                continue;
            }
            int delta = moves[k] - r->rank;
            lines_appendf(t, STYLE(delta > 0 ? TH_GOOD : delta < 0 ? TH_BAD : TH_NORMAL),
                          "#%d → #%d (%s%d)", moves[k], r->rank, delta > 0 ? "up " :
                          delta < 0 ? "down " : "", abs(delta));
        }
    }
}

static void build_pipeline(RagPanel *p, TextLines *t)
{
    const RagPipeline *pp = &p->pipe;
    const Bm25Index *idx = p->eng->bm25;
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "query → tokens → stems → postings");
    lines_new(t, 1, 0);
    lines_append(t, "df = posting-list size", 22, STYLE(TH_DIM));
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-9s %-5s %-8s %5s %5s", "token", "kind", "stem", "df",
                  "idf");
    static const char *const kinds[] = {"score", "exact", "NOT"};
    for (size_t i = 0; i < pp->nterms; i++) {
        const RagQueryTerm *q = &pp->terms[i];
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_NORMAL), "%-9.9s ", q->surface);
        lines_appendf(t, STYLE(q->kind == RAG_TERM_NOT ? TH_BAD : q->kind == RAG_TERM_EXACT
                                   ? TH_WARN : TH_DIM), "%-5s ", q->stopword ? "stop" :
                      kinds[q->kind]);
        if (q->stopword) {
            lines_append(t, "(dropped)", 9, STYLE(TH_DIM));
            continue;
        }
        lines_appendf(t, STYLE(TH_ACCENT), "%-8.8s ", q->term);
        if (q->id < 0)
            lines_append(t, "not in index", 12, STYLE(TH_DIM));
        else
            lines_appendf(t, STYLE(TH_VALUE), "%5zu %5.2f", q->df, q->idf);
    }
    if (pp->nterms == 0) {
        lines_new(t, 1, 0);
        lines_append(t, "(no terms yet)", 14, STYLE(TH_DIM));
    }
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "candidates ");
    lines_appendf(t, STYLE(TH_VALUE), "%zu", pp->candidates);
    lines_appendf(t, STYLE(TH_DIM), "  filtered by ' and ! ");
    lines_appendf(t, STYLE(TH_VALUE), "%zu", pp->filtered);
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "stage timings (µs)");
    const char *names[] = {"parse+analyze", "score postings", "' ! filters", "top-k heap",
                           "dense", "fusion"};
    double v[] = {pp->t_parse, pp->t_score, pp->t_filter, pp->t_topk, pp->t_dense, pp->t_fuse};
    for (int i = 0; i < 6; i++) {
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_DIM), "%-16s", names[i]);
        lines_appendf(t, STYLE(TH_VALUE), "%9.1f", v[i] * 1e6);
    }
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-16s", "total");
    lines_appendf(t, STYLE(TH_VALUE), "%9.1f", p->t_total * 1e6);
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "index");
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%zu chunks, %zu terms, %zu postings, %zu tokens",
                  idx->ndocs, idx->nterms, idx->npostings, idx->ntokens);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "built in %.1f ms (BM25)", p->eng->bm25_seconds * 1e3);
    if (p->eng->lsa)
        lines_appendf(t, STYLE(TH_DIM), ", %.1f ms (LSA rank %zu)", p->eng->lsa_seconds * 1e3,
                      p->eng->lsa->rank);
    if (p->eng->sif)
        lines_appendf(t, STYLE(TH_DIM), ", %.1f ms (GloVe SIF)", p->eng->sif_seconds * 1e3);
}

static void build_chunks(RagPanel *p, TextLines *t, int width)
{
    if (p->nres == 0) {
        lines_new(t, 1, 0);
        lines_append(t, "no result selected", 18, STYLE(TH_DIM));
        return;
    }
    const RagDoc *sel = &p->corpus->docs[p->res[p->sel].doc];
    size_t n = 0;
    for (size_t i = 0; i < p->corpus->n; i++)
        n += strcmp(p->corpus->docs[i].source, sel->source) == 0;
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "%s", sel->source);
    lines_appendf(t, STYLE(TH_DIM), ": %zu chunks (cut at headings; windows of %d tokens, "
                  "overlap %d)", n, CHUNK_DEFAULT_WINDOW, CHUNK_DEFAULT_OVERLAP);
    size_t prev_end = 0;
    int selected_line = -1;
    for (size_t i = 0; i < p->corpus->n; i++) {
        const RagDoc *d = &p->corpus->docs[i];
        if (strcmp(d->source, sel->source) != 0)
            continue;
        bool me = d == sel;
        bool overlap = d->byte_start < prev_end;
        prev_end = d->byte_end;
        lines_new(t, 1, 0);
        if (me)
            selected_line = (int)t->count - 1;
        lines_appendf(t, STYLE(me ? TH_ACCENT : TH_DIM), "%s L%-4d-%4d ",
                      me ? glyphs()->arrow_right : " ", d->line_start, d->line_end);
        lines_appendf(t, STYLE(overlap ? TH_WARN : TH_DIM), "%s", overlap ? "overlap " : "");
        lines_appendf(t, STYLE(me ? TH_STRONG : TH_NORMAL), "%s", innermost(d->heading));
    }
    (void)selected_line;
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "chunk text (lines %d-%d)", sel->line_start, sel->line_end);
    Wrapper wr;
    wrap_begin(&wr, t, width - 2, 1, 1, 0);
    wrap_add(&wr, sel->text, strlen(sel->text), STYLE(TH_NORMAL));
    wrap_end(&wr);
}

static void build_table(TextLines *t)
{
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "SciFact train (809 queries), measured");
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-40s %7s %7s %7s", "method", "nDCG10", "R@100", "MRR10");
    for (size_t i = 0; i < sizeof measured / sizeof measured[0]; i++) {
        const Measured *m = &measured[i];
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_NORMAL), "%-40s ", m->what);
        lines_appendf(t, STYLE(TH_VALUE), "%7.4f", m->ndcg);
        if (isnan(m->recall))
            lines_appendf(t, STYLE(TH_DIM), " %7s %7s", "-", "-");
        else
            lines_appendf(t, STYLE(TH_NORMAL), " %7.4f %7.4f", m->recall, m->mrr);
    }
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    Wrapper wr;
    wrap_begin(&wr, t, 60, 1, 1, 0);
    const char *lesson =
        "Fusing a strong lexical ranker with a weaker dense one by reciprocal rank fusion at "
        "equal weights lowers quality (0.696 -> 0.608 here); a small dense weight in a score "
        "blend helps a little. Test split references: BM25 0.665 (BEIR), 0.679 (Anserini), "
        "0.687 (Xapian).";
    wrap_add(&wr, lesson, strlen(lesson), STYLE(TH_DIM));
    wrap_end(&wr);
}

static void build_side(RagPanel *p)
{
    TextLines *t = &p->side;
    lines_clear(t);
    if (!p->eng)
        return;
    int width = p->side_area.w - 1;
    switch (p->view) {
    case VIEW_EXPLAIN:
        build_explain(p, t);
        break;
    case VIEW_PIPELINE:
        build_pipeline(p, t);
        break;
    case VIEW_CHUNKS:
        build_chunks(p, t, width);
        break;
    default:
        build_table(t);
        break;
    }
}

static void rebuild(RagPanel *p)
{
    build_results(p);
    build_side(p);
    scroll_place(&p->rsv, p->res_area.h);
    scroll_place(&p->ssv, p->side_area.h - 1);
    if (p->nres)
        scroll_show(&p->rsv, p->res_line[p->sel]);
}

/* ---- searching ---- */

static void run_search(RagPanel *p)
{
    p->nres = 0;
    p->sel = 0;
    p->last_error[0] = '\0';
    if (!p->eng)
        return;
    RError err;
    rerror_clear(&err);
    double t0 = rag_now();
    if (p->box.len == 0) {
        rag_query_parse("", false, &p->eng->bm25->analyzer, p->eng->bm25, &p->pipe);
    } else if (rag_engine_search(p->eng, &p->set, p->box.text, p->res, &p->nres, &p->pipe,
                                 &err) != 0) {
        rerror_format(&err, p->last_error, sizeof p->last_error);
        p->nres = 0;
    }
    p->t_total = rag_now() - t0;
    p->ssv.top = 0;
    scroll_to(&p->rsv, 0);
}

static void rerun(RagPanel *p)
{
    run_search(p);
    rebuild(p);
}

/* ---- the pane ---- */

static void *rag_create(App *app)
{
    RagPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    p->set = rag_settings_default();
    p->set.k = 10;
    p->set.lsa_rank = LSA_MAX_RANK; /* clamped to the corpus size */
    textbox_init(&p->box, "");
    p->box_focus = true;
    lines_init(&p->results);
    lines_init(&p->side);
    scroll_init(&p->rsv, &p->results);
    scroll_init(&p->ssv, &p->side);
    const cJSON *st = app_pane_state(app, "rag");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(st, "query");
    if (cJSON_IsString(q))
        textbox_set(&p->box, q->valuestring);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(st, "method");
    if (cJSON_IsString(m) && rag_method_parse(m->valuestring) >= 0)
        p->set.method = (RagMethod)rag_method_parse(m->valuestring);
    return p;
}

static void rag_destroy(void *st)
{
    RagPanel *p = st;
    if (!p)
        return;
    rag_engine_free(p->eng);
    corpus_free(p->corpus);
    lines_free(&p->results);
    lines_free(&p->side);
    free(p);
}

static void rag_resize(void *st, Rect area)
{
    RagPanel *p = st;
    p->area = area;
    Rect r = area;
    p->box_area = rect_take_top(&r, 1);
    p->head_area = rect_take_top(&r, 1);
    rect_take_top(&r, 1);
    int pct = area.w >= 120 ? 55 : 50;
    rect_split_h(r, pct, 30, 1, &p->res_area, &p->side_area);
    rebuild(p);
}

static void rag_show(void *st)
{
    RagPanel *p = st;
    if (!p->tried) {
        ensure_index(p);
        rerun(p);
    }
}

static void draw_header(const RagPanel *p, WINDOW *w)
{
    Rect h = p->head_area;
    int x = h.x;
    const char *sep = glyphs()->unicode ? " │ " : " | ";
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), "method ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%s",
                    rag_method_name(p->set.method));
    if (p->set.method == RAG_HYBRID)
        x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), " (bm25+%s %s w %.2f)",
                        rag_method_name(p->set.dense),
                        p->set.fusion == RAG_FUSE_RRF ? "rrf" : "blend", p->set.weight);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_BORDER), "%s", sep);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), "k1 ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%.2f", p->set.k1);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), " b ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%.2f", p->set.b);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), " top-k ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%zu", p->set.k);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_BORDER), "%s", sep);
    if (p->eng)
        text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), "%zu result%s, %.0f µs",
                   p->nres, p->nres == 1 ? "" : "s", p->t_total * 1e6);
}

static void rag_draw(const void *st, WINDOW *w, Rect area)
{
    const RagPanel *p = st;
    (void)area;
    textbox_draw(&p->box, w, p->box_area, "search: ", p->box_focus);
    draw_header(p, w);
    scroll_draw(&p->rsv, w, p->res_area, NULL, 0, -1);
    /* the selected result: a marker on each of its lines */
    if (p->nres) {
        size_t first = p->res_line[p->sel];
        size_t last = (size_t)p->sel + 1 < p->nres ? p->res_line[p->sel + 1] : p->results.count;
        for (size_t l = first; l < last; l++)
            if (l >= p->rsv.top && l < p->rsv.top + (size_t)p->res_area.h)
                text_draw(w, p->res_area.y + (int)(l - p->rsv.top), p->res_area.x, 1,
                          theme_attr(p->box_focus ? TH_ACCENT : TH_KEY),
                          l == first ? glyphs()->arrow_right : glyphs()->vline, (size_t)-1);
    }
    Rect s = p->side_area;
    if (s.w > 0 && s.h > 0) {
        draw_vline(w, s.y, s.x - 1 >= 0 ? s.x - 1 : s.x, s.h, theme_attr(TH_BORDER));
        int x = s.x + 1;
        for (int v = 0; v < VIEW_COUNT; v++) {
            x += text_drawf(w, s.y, x, s.w - (x - s.x), theme_attr(v == (int)p->view
                            ? TH_TAB_ACTIVE : TH_DIM), " %s ", view_names[v]);
        }
        text_draw_right(w, s.y, s.x, s.w, theme_attr(TH_DIM), "v ");
        Rect body = rect_make(s.y + 1, s.x + 1, s.h - 1, s.w - 1);
        scroll_draw(&p->ssv, w, body, NULL, 0, -1);
    }
}

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void select_result(RagPanel *p, int i)
{
    if (p->nres == 0)
        return;
    if (i < 0)
        i = 0;
    if (i >= (int)p->nres)
        i = (int)p->nres - 1;
    p->sel = i;
    p->ssv.top = 0;
    build_side(p);
    scroll_place(&p->ssv, p->side_area.h - 1);
    scroll_show(&p->rsv, p->res_line[i]);
    if (p->res_line[i] + 3 > p->rsv.top + (size_t)p->res_area.h)
        scroll_show(&p->rsv, p->res_line[i] + 3);
}

static void open_result(RagPanel *p)
{
    if (p->nres == 0)
        return;
    const RagDoc *d = &p->corpus->docs[p->res[p->sel].doc];
    char arg[1200];
    snprintf(arg, sizeof arg, "%s#%s", d->source, innermost(d->heading));
    if (!app_open_pane(p->app, "notes", arg))
        app_status(p->app, STATUS_WARN, "could not open %s", arg);
}

static bool rag_key(void *st, const KeyEvent *ev)
{
    RagPanel *p = st;
    if (key_is_fn(ev, KEY_UP) || key_is_fn(ev, KEY_DOWN)) {
        select_result(p, p->sel + (key_is_fn(ev, KEY_UP) ? -1 : 1));
        return true;
    }
    if (key_is_fn(ev, KEY_PPAGE) || key_is_fn(ev, KEY_NPAGE)) {
        select_result(p, p->sel + (key_is_fn(ev, KEY_PPAGE) ? -5 : 5));
        return true;
    }
    int act = keymap_action(rag_keys, sizeof rag_keys / sizeof rag_keys[0], ev);
    if (act == ACT_OPEN) {
        open_result(p);
        return true;
    }
    if (p->box_focus) {
        if (key_is_escape(ev)) {
            p->box_focus = false;
            return true;
        }
        char before[TEXTBOX_MAX + 1];
        memcpy(before, p->box.text, p->box.len + 1);
        bool used = textbox_key(&p->box, ev);
        if (used && strcmp(before, p->box.text) != 0)
            rerun(p);
        /* printable keys stay in the box even when refused (a full box) */
        return used || (!ev->fn && ev->key >= 32);
    }
    bool research = false;
    switch (act) {
    case ACT_FOCUS_BOX:
        p->box_focus = true;
        return true;
    case ACT_FOCUS_RESULTS:
        return true;
    case ACT_METHOD:
        p->set.method = (RagMethod)((p->set.method + 1) % RAG_METHOD_COUNT);
        if (p->set.method != RAG_BM25)
            app_status(p->app, STATUS_INFO, "building %s on first use…",
                       rag_method_name(p->set.method == RAG_HYBRID ? p->set.dense : p->set.method));
        research = true;
        break;
    case ACT_VIEW:
        p->view = (SideView)((p->view + 1) % VIEW_COUNT);
        p->ssv.top = 0;
        build_side(p);
        scroll_place(&p->ssv, p->side_area.h - 1);
        return true;
    case ACT_K1_DOWN:
    case ACT_K1_UP:
        p->set.k1 = clampd(p->set.k1 + (act == ACT_K1_UP ? 0.1 : -0.1), 0.0, 3.0);
        research = true;
        break;
    case ACT_B_DOWN:
    case ACT_B_UP:
        p->set.b = clampd(p->set.b + (act == ACT_B_UP ? 0.05 : -0.05), 0.0, 1.0);
        research = true;
        break;
    case ACT_TOPK_DOWN:
    case ACT_TOPK_UP:
        if (act == ACT_TOPK_UP && p->set.k < RAG_MAX_K)
            p->set.k++;
        else if (act == ACT_TOPK_DOWN && p->set.k > 1)
            p->set.k--;
        research = true;
        break;
    case ACT_W_DOWN:
    case ACT_W_UP:
        p->set.weight = clampd(p->set.weight + (act == ACT_W_UP ? 0.05 : -0.05), 0.0, 1.0);
        research = true;
        break;
    case ACT_FUSION:
        p->set.fusion = p->set.fusion == RAG_FUSE_RRF ? RAG_FUSE_BLEND : RAG_FUSE_RRF;
        research = true;
        break;
    case ACT_DENSE:
        p->set.dense = p->set.dense == RAG_LSA ? RAG_GLOVE : RAG_LSA;
        research = true;
        break;
    case ACT_SIDE_DOWN:
    case ACT_SIDE_UP: {
        size_t top = p->ssv.top;
        if (act == ACT_SIDE_UP)
            scroll_to(&p->ssv, top > 3 ? top - 3 : 0);
        else
            scroll_to(&p->ssv, top + 3);
        return true;
    }
    default:
        break;
    }
    if (research) {
        int keep = p->sel;
        rerun(p);
        select_result(p, keep);
        return true;
    }
    if (key_is_fn(ev, KEY_HOME) || key_is(ev, 'g')) {
        select_result(p, 0);
        return true;
    }
    if (key_is_fn(ev, KEY_END) || key_is(ev, 'G')) {
        select_result(p, (int)p->nres - 1);
        return true;
    }
    if (key_is(ev, 'j') || key_is(ev, 'k')) {
        select_result(p, p->sel + (key_is(ev, 'k') ? -1 : 1));
        return true;
    }
    return false;
}

static bool rag_open(void *st, const char *arg)
{
    RagPanel *p = st;
    ensure_index(p);
    textbox_set(&p->box, arg ? arg : "");
    p->box_focus = true;
    rerun(p);
    return true;
}

static void rag_save(const void *st, cJSON *state)
{
    const RagPanel *p = st;
    cJSON_DeleteItemFromObjectCaseSensitive(state, "query");
    cJSON_AddStringToObject(state, "query", p->box.text);
    cJSON_DeleteItemFromObjectCaseSensitive(state, "method");
    cJSON_AddStringToObject(state, "method", rag_method_name(p->set.method));
}

const PanelClass rag_panel = {
    .name = "rag",
    .title = "RAG",
    .summary = "search the notes as you type: BM25, LSA, GloVe and fusion, explained",
    .keys = rag_keys,
    .nkeys = sizeof rag_keys / sizeof rag_keys[0],
    .create = rag_create,
    .destroy = rag_destroy,
    .resize = rag_resize,
    .draw = rag_draw,
    .key = rag_key,
    .show = rag_show,
    .open = rag_open,
    .save = rag_save,
};
