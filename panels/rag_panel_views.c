/* The RAG pane's side views: the ranking explained, the query pipeline, the chunks of the
 * selected note, and the measured SciFact table. Built on a change, drawn by rag_panel.c. */
#include "panels/rag_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text.h"

/* ---- measured table (SciFact train, 809 queries; `rampup rag-eval --split train`) ---- */

typedef struct Measured {
    const char *what;
    const char *brief; /* at most 19 columns, for a narrow side view */
    double ndcg, recall, mrr;
} Measured;

/* Measured on this machine with `rampup rag-eval --beir ../shared/data/scifact --split train
 * --json [--method …]` (the README's RAG section lists each command). Xapian: Xapian 1.4.22,
 * BM25Weight defaults, English stemmer, same title + text. */
static const Measured measured[] = {
    {"BM25 Porter+stop k1 .9 b .4", "BM25 k1 .9 b .4", 0.6962, 0.9270, 0.6657},
    {"BM25 no stem, no stop", "BM25 no stem/stop", 0.6639, 0.9013, 0.6307},
    {"Xapian 1.4 BM25 (defaults)", "Xapian 1.4 BM25", 0.6857, NAN, NAN},
    {"LSA rank 512", "LSA rank 512", 0.5766, 0.9137, 0.5310},
    {"GloVe SIF", "GloVe SIF", 0.2254, 0.5458, 0.2044},
    {"BM25+LSA RRF w .5", "BM25+LSA RRF .5", 0.6399, 0.9390, 0.6006},
    {"BM25+LSA RRF w .1", "BM25+LSA RRF .1", 0.6913, 0.9301, 0.6593},
    {"BM25+LSA blend w .5", "BM25+LSA blend .5", 0.6767, 0.9359, 0.6457},
    {"BM25+LSA blend w .1 (default)", "BM25+LSA blend .1 *", 0.7015, 0.9326, 0.6716},
    {"BM25+GloVe RRF w .5", "BM25+GloVe RRF .5", 0.4239, 0.9097, 0.3790},
    {"BM25+GloVe blend w .1", "BM25+GloVe blend .1", 0.6983, 0.9248, 0.6670},
};

const char *rag_innermost(const char *heading)
{
    const char *last = heading;
    for (const char *s = heading; (s = strstr(s, " > ")) != NULL; s += 3)
        last = s + 3;
    return last;
}

static void row_kv(TextLines *t, const char *k, Style vs, const char *fmt, double v)
{
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-13s ", k);
    lines_appendf(t, vs, fmt, v);
}

static void build_explain(RagPanel *p, TextLines *t, int width)
{
    if (p->nres == 0) {
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_DIM), "%s", "no result selected");
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
    if (width < 48) /* narrow: the parameters on a line of their own */
        lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "k1 %.2f  b %.2f  dl %u  avgdl %.1f", idx->k1, idx->b,
                  idx->doclen[r->doc], idx->avgdl);
    bool narrow = width < 40; /* narrow: drop df and tf part, keep the score column */
    lines_new(t, 1, 0);
    if (narrow)
        lines_appendf(t, STYLE(TH_DIM), "%-7s %4s %2s %6s", "term", "idf", "tf", "score");
    else
        lines_appendf(t, STYLE(TH_DIM), "%-8s %4s %5s %3s %5s %6s", "term", "df", "idf", "tf",
                      "tf pt", "score");
    /* The scoring terms of the query; the engine explains the score, the pane formats it. */
    /* A term typed twice scores twice (the search adds its postings once per occurrence):
     * it is listed once, with its count as the weight, so the rows still sum to the score. */
    long ids[RAG_QUERY_MAX_TERMS];
    double wts[RAG_QUERY_MAX_TERMS];
    const RagQueryTerm *qt[RAG_QUERY_MAX_TERMS];
    size_t n = 0;
    for (size_t i = 0; i < p->pipe.nterms; i++) {
        const RagQueryTerm *q = &p->pipe.terms[i];
        if (q->kind == RAG_TERM_NOT || q->stopword || q->id < 0)
            continue;
        size_t j = 0;
        while (j < n && ids[j] != q->id)
            j++;
        if (j < n) {
            wts[j] += 1.0;
            continue;
        }
        qt[n] = q;
        wts[n] = 1.0;
        ids[n++] = q->id;
    }
    Bm25TermExplain ex[RAG_QUERY_MAX_TERMS];
    double sum = bm25_explain(idx, ids, wts, n, (uint32_t)r->doc, ex);
    for (size_t i = 0; i < n; i++) {
        const Bm25TermExplain *e = &ex[i];
        lines_new(t, 1, 0);
        if (narrow)
            lines_appendf(t, STYLE(e->tf ? TH_NORMAL : TH_DIM), "%-7.7s %4.2f %2u ",
                          qt[i]->term, e->idf, e->tf);
        else
            lines_appendf(t, STYLE(e->tf ? TH_NORMAL : TH_DIM), "%-8.8s %4zu %5.2f %3u %5.3f ",
                          qt[i]->term, e->df, e->idf, e->tf, e->tf_part);
        lines_appendf(t, STYLE(e->tf ? TH_VALUE : TH_DIM), "%6.3f", e->score);
        if (wts[i] > 1.0)
            lines_appendf(t, STYLE(TH_DIM), " (%s%.0f)", glyphs()->unicode ? "×" : "x", wts[i]);
    }
    lines_new(t, 1, 0);
    bool u = glyphs()->unicode;
    lines_appendf(t, STYLE(TH_DIM), "%-*s ", narrow ? 15 : 29, narrow ? (u ? "score = Σ" : "score = sum")
                  : u ? "score = Σ idf × tf part" : "score = sum idf * tf part");
    lines_appendf(t, STYLE(TH_VALUE), "%6.3f", sum);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%s", u ? "idf = ln(1 + (N − df + ½)/(df + ½))"
                                            : "idf = ln(1 + (N - df + 0.5)/(df + 0.5))");
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%s", u ? "tf part = tf/(tf + k1(1 − b + b·dl/avgdl))"
                                            : "tf part = tf/(tf + k1(1 - b + b*dl/avgdl))");
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
                lines_appendf(t, STYLE(TH_DIM), "%s", "not in that list");
                continue;
            }
            int delta = moves[k] - r->rank;
            lines_appendf(t, STYLE(delta > 0 ? TH_GOOD : delta < 0 ? TH_BAD : TH_NORMAL),
                          "#%d %s #%d (%s%d)", moves[k], u ? "→" : "->", r->rank, delta > 0 ? "up " :
                          delta < 0 ? "down " : "", abs(delta));
        }
    }
}

static void build_pipeline(RagPanel *p, TextLines *t, int width)
{
    const RagPipeline *pp = &p->pipe;
    const Bm25Index *idx = p->eng->bm25;
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "%s", glyphs()->unicode ? "query → tokens → stems → postings"
                                               : "query -> tokens -> stems -> postings");
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%s", "df = posting-list size");
    bool narrow = width < 38; /* narrow: shorter token and stem columns, the idf kept */
    int tw = 9, sw = narrow ? 7 : 8, nw = narrow ? 4 : 5;
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "%-*s %-5s %-*s %*s %*s", tw, "token", "kind", sw, "stem", nw,
                  "df", nw, "idf");
    static const char *const kinds[] = {"score", "exact", "NOT"};
    for (size_t i = 0; i < pp->nterms; i++) {
        const RagQueryTerm *q = &pp->terms[i];
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_NORMAL), "%-*.*s ", tw, tw, q->surface);
        lines_appendf(t, STYLE(q->kind == RAG_TERM_NOT ? TH_BAD : q->kind == RAG_TERM_EXACT
                                   ? TH_WARN : TH_DIM), "%-5s ", q->stopword ? "stop" :
                      kinds[q->kind]);
        if (q->stopword) {
            lines_appendf(t, STYLE(TH_DIM), "%s", "(dropped)");
            continue;
        }
        lines_appendf(t, STYLE(TH_ACCENT), "%-*.*s ", sw, sw, q->term);
        if (q->id < 0)
            lines_appendf(t, STYLE(TH_DIM), "%s", narrow ? "not indexed" : "not in index");
        else
            lines_appendf(t, STYLE(TH_VALUE), "%*zu %*.2f", nw, q->df, nw, q->idf);
    }
    if (pp->nterms == 0) {
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_DIM), "%s", "(no terms yet)");
    }
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), "candidates ");
    lines_appendf(t, STYLE(TH_VALUE), "%zu", pp->candidates);
    if (narrow)
        lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_DIM), narrow ? "filtered by ' and ! " : "  filtered by ' and ! ");
    lines_appendf(t, STYLE(TH_VALUE), "%zu", pp->filtered);
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "stage timings (%s)", glyphs()->unicode ? "µs" : "us");
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
        lines_appendf(t, STYLE(TH_DIM), "%s", "no result selected");
        return;
    }
    const RagDoc *sel = &p->corpus->docs[p->res[p->sel].doc];
    size_t n = 0;
    for (size_t i = 0; i < p->corpus->n; i++)
        n += strcmp(p->corpus->docs[i].source, sel->source) == 0;
    char about[160];
    snprintf(about, sizeof about, ": %zu chunks (cut at headings; windows of %d tokens, overlap %d)",
             n, CHUNK_DEFAULT_WINDOW, CHUNK_DEFAULT_OVERLAP);
    Wrapper hw; /* wrapped: the chunking rule matters more than one line */
    wrap_begin(&hw, t, width, 1, 1, 0);
    wrap_add(&hw, sel->source, strlen(sel->source), STYLE(TH_STRONG));
    wrap_add(&hw, about, strlen(about), STYLE(TH_DIM));
    wrap_end(&hw);
    size_t prev_end = 0;
    long selected_line = -1;
    for (size_t i = 0; i < p->corpus->n; i++) {
        const RagDoc *d = &p->corpus->docs[i];
        if (strcmp(d->source, sel->source) != 0)
            continue;
        bool me = d == sel;
        bool overlap = d->byte_start < prev_end;
        prev_end = d->byte_end;
        lines_new(t, 1, 0);
        if (me)
            selected_line = (long)t->count - 1;
        char span[32];
        snprintf(span, sizeof span, "L%d-%d", d->line_start, d->line_end);
        lines_appendf(t, STYLE(me ? TH_ACCENT : TH_DIM), "%s %-9s ",
                      me ? glyphs()->arrow_right : " ", span);
        lines_appendf(t, STYLE(overlap ? TH_WARN : TH_DIM), "%s", overlap ? "overlap " : "");
        lines_appendf(t, STYLE(me ? TH_STRONG : TH_NORMAL), "%s", rag_innermost(d->heading));
    }
    p->side_focus = selected_line; /* rag_build_side scrolls it into view */
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    lines_appendf(t, STYLE(TH_STRONG), "chunk text (lines %d-%d)", sel->line_start, sel->line_end);
    Wrapper wr;
    wrap_begin(&wr, t, width - 2, 1, 1, 0);
    wrap_add(&wr, sel->text, strlen(sel->text), STYLE(TH_NORMAL));
    wrap_end(&wr);
}

static void build_table(TextLines *t, int width)
{
    lines_new(t, 1, 0);
    /* full: 29-column names and three metrics; narrow: short names, nDCG (and R@100) */
    int cols = width >= 51 ? 3 : width >= 33 ? 2 : 1, nw = cols == 3 ? 29 : 19;
    lines_appendf(t, STYLE(TH_STRONG), "%s", width >= 38 ? "SciFact train (809 queries), measured"
                                             : width >= 27 ? "SciFact train, 809 queries"
                                                           : "SciFact, 809 queries");
    lines_new(t, 1, 0);
    if (cols == 1) /* very narrow: the figure first, the name cut at the edge if need be */
        lines_appendf(t, STYLE(TH_DIM), "%6s  %s", "nDCG10", "method");
    else
        lines_appendf(t, STYLE(TH_DIM), "%-*s %6s", nw, "method", "nDCG10");
    if (cols >= 2)
        lines_appendf(t, STYLE(TH_DIM), " %6s", "R@100");
    if (cols == 3)
        lines_appendf(t, STYLE(TH_DIM), " %6s", "MRR10");
    for (size_t i = 0; i < sizeof measured / sizeof measured[0]; i++) {
        const Measured *m = &measured[i];
        lines_new(t, 1, 0);
        if (cols == 1) {
            lines_appendf(t, STYLE(TH_VALUE), "%6.3f  ", m->ndcg);
            lines_appendf(t, STYLE(TH_NORMAL), "%s", m->brief);
            continue;
        }
        lines_appendf(t, STYLE(TH_NORMAL), "%-*.*s ", nw, nw, cols == 3 ? m->what : m->brief);
        lines_appendf(t, STYLE(TH_VALUE), "%6.3f", m->ndcg);
        double more[2] = {m->recall, m->mrr};
        for (int c = 0; c + 1 < cols; c++) {
            if (isnan(more[c]))
                lines_appendf(t, STYLE(TH_DIM), " %6s", "-");
            else
                lines_appendf(t, STYLE(TH_NORMAL), " %6.3f", more[c]);
        }
    }
    if (cols < 3) {
        lines_new(t, 1, 0);
        lines_appendf(t, STYLE(TH_DIM), "* the default; wider: MRR10");
    }
    lines_new(t, 0, 0);
    lines_new(t, 1, 0);
    Wrapper wr;
    wrap_begin(&wr, t, width, 1, 1, 0);
    const char *lesson =
        "Fusing a strong lexical ranker with a weaker dense one by reciprocal rank fusion at "
        "equal weights lowers quality (0.696 -> 0.640 here); a small dense weight in a score "
        "blend helps a little (+0.005, paired t = 2.9). Test split references: BM25 0.665 "
        "(BEIR paper), 0.679 (Anserini), 0.687 (Xapian).";
    wrap_add(&wr, lesson, strlen(lesson), STYLE(TH_DIM));
    wrap_end(&wr);
}

void rag_build_side(RagPanel *p)
{
    TextLines *t = &p->side;
    lines_clear(t);
    p->side_focus = -1;
    if (!p->eng)
        return;
    int width = p->side_area.w - 3; /* the divider, the indent and the scroll bar */
    switch (p->view) {
    case VIEW_EXPLAIN:
        build_explain(p, t, width);
        break;
    case VIEW_PIPELINE:
        build_pipeline(p, t, width);
        break;
    case VIEW_CHUNKS:
        build_chunks(p, t, width);
        break;
    default:
        build_table(t, width);
        break;
    }
    scroll_place(&p->ssv, p->side_area.h - 1);
    if (p->side_focus >= 0) /* the selected chunk, not the top of a long list */
        scroll_show(&p->ssv, (size_t)p->side_focus);
}
