/* The Evals pane's drawing: the interval calculator with its bars and the half-width curve,
 * pass@k and its curve over k, the benchmark cards, the live evals with progress and the
 * questions that fail. Reads the reports; computes nothing. */
#include "panels/evals_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/format.h"
#include "tui/overlay.h"
#include "tui/plot.h"
#include "tui/table.h"
#include "tui/text.h"

static const char *const VIEW_NAME[EV_VIEW_COUNT] = {"interval", "pass@k", "cards", "live"};

/* An interval as a bar on a percent scale [lo, hi]: ├───●───┤. */
static void ci_bar(WINDOW *w, int y, int x, int width, double lo, double hi, EvalsInterval ci,
                   ThemeRole role)
{
    if (width < 8 || !(hi > lo))
        return;
    const Glyphs *g = glyphs();
    int a = x + (int)lround((ci.low * 100 - lo) / (hi - lo) * (width - 1));
    int b = x + (int)lround((ci.high * 100 - lo) / (hi - lo) * (width - 1));
    int c = x + (int)lround((ci.point * 100 - lo) / (hi - lo) * (width - 1));
    attr_t at = theme_attr(role);
    for (int i = a; i <= b; i++) {
        const char *ch = i == c ? g->knob : i == a ? "[" : i == b ? "]" : g->hline;
        text_draw(w, y, i, 1, at, ch, strlen(ch));
    }
}

static void draw_sliders(const Slider *s, int n, int focus, WINDOW *w, Rect r)
{
    for (int i = 0; i < n && i < r.h; i++)
        slider_draw(&s[i], w, rect_make(r.y + i, r.x, 1, r.w), 10, focus == i);
}

static void draw_ci(const EvPanel *p, WINDOW *w)
{
    draw_sliders(p->sl, EC_COUNT, p->focus, w, p->controls);
    Rect r = p->figures;
    attr_t h = theme_attr(TH_HEADING), v = theme_attr(TH_VALUE), nm = theme_attr(TH_NORMAL),
           dim = theme_attr(TH_DIM);
    int y = r.y, W = r.w;
    if (!p->ok) {
        text_drawf(w, y, r.x, W, theme_attr(TH_BAD), "%s", p->error);
        return;
    }
    double conf = p->set.confidence;
    text_drawf(w, y++, r.x, W, h, "Accuracy A on %.0f items, %.0f %% interval", (double)p->set.n,
               100 * conf);
    int x = r.x + text_drawf(w, y, r.x, W, nm, "Wilson ");
    x += text_drawf(w, y, x, W - (x - r.x), v, "[%.1f, %.1f] %%", 100 * p->wilson.low,
                    100 * p->wilson.high);
    text_drawf(w, y++, x, W - (x - r.x), nm, "  +-%.1f points",
               50 * (p->wilson.high - p->wilson.low));
    text_drawf(w, y++, r.x, W, dim, "Wald   [%.1f, %.1f] %%", 100 * p->wald.low,
               100 * p->wald.high);
    x = r.x + text_drawf(w, y, r.x, W, nm, "+-%.1f points needs ", 100 * p->set.margin);
    text_drawf(w, y++, x, W - (x - r.x), v, "%lld items", p->need);
    bool sig = p->two.p < 1 - conf;
    text_drawf(w, y++, r.x, W, nm, "A-B %+.1f [%+.1f, %+.1f] z %.2f p %.3f", 100 * p->two.diff,
               100 * p->two.ci.low, 100 * p->two.ci.high, p->two.z, p->two.p);
    text_drawf(w, y++, r.x, W, theme_attr(sig ? TH_GOOD : TH_WARN), "%s",
               sig ? "significant (unpaired z test)"
                   : "not significant (unpaired z test)");
    if (y < r.y + r.h && W < 60)
        text_drawf(w, y++, r.x, W, nm, "paired b %d c %d: McNemar p %.3f", p->set.only_a,
                   p->set.only_b, p->mc.p_exact);
    else if (y < r.y + r.h)
        text_drawf(w, y++, r.x, W, nm, "paired b %d c %d (%+.1f pts): McNemar p %.3f (chi2 %.3f)",
                   p->set.only_a, p->set.only_b,
                   100.0 * (p->set.only_a - p->set.only_b) / p->set.n, p->mc.p_exact,
                   p->mc.p_chi2);
    /* below: both intervals as bars, then the half-width curve */
    Rect b = p->bottom;
    if (b.h < 3)
        return;
    EvalsInterval ib = p->wilson_b;
    double lo = 100 * fmin(p->wilson.low, ib.low), hi = 100 * fmax(p->wilson.high, ib.high);
    double pad = (hi - lo) * 0.15 + 0.5;
    lo = fmax(0, lo - pad);
    hi = fmin(100, hi + pad);
    int bw = b.w - 12;
    text_drawf(w, b.y, b.x, 10, nm, "A %5.1f%%", 100 * p->wilson.point);
    ci_bar(w, b.y, b.x + 11, bw, lo, hi, p->wilson, TH_SERIES1);
    text_drawf(w, b.y + 1, b.x, 10, nm, "B %5.1f%%", 100 * ib.point);
    ci_bar(w, b.y + 1, b.x + 11, bw, lo, hi, ib, TH_SERIES2);
    text_drawf(w, b.y + 2, b.x + 11, 12, dim, "%.1f", lo);
    text_draw_right(w, b.y + 2, b.x + 11, bw, dim, "");
    char t[16];
    snprintf(t, sizeof t, "%.1f %%", hi);
    text_draw_right(w, b.y + 2, b.x + 11, bw, dim, t);
    Rect pr = rect_make(b.y + 4, b.x, b.h - 4, b.w);
    if (pr.h >= 6) {
        PlotAxes ax;
        plot_axes_init(&ax);
        ax.xlog = true;
        ax.ylog = true;
        ax.xlabel = "items n";
        ax.ylabel = "+- points (Wilson, at A)";
        PlotSeries s = {p->hx, p->hy, 60, TH_SERIES1, NULL};
        PlotMark mk = {(double)p->set.n, 50 * (p->wilson.high - p->wilson.low), "you",
                       TH_VALUE};
        plot_draw(w, pr, &ax, &s, 1, &mk, 1);
    }
}

static void draw_passk(const EvPanel *p, WINDOW *w)
{
    draw_sliders(p->pk, EP_COUNT, p->focus, w, p->controls);
    Rect r = p->figures;
    attr_t h = theme_attr(TH_HEADING), v = theme_attr(TH_VALUE), nm = theme_attr(TH_NORMAL),
           dim = theme_attr(TH_DIM);
    int y = r.y;
    text_drawf(w, y++, r.x, r.w, h, "Unbiased pass@k (Chen et al. 2021)");
    int x = r.x + text_drawf(w, y, r.x, r.w, nm, "pass@%.0f = ", (double)p->pks.k);
    text_drawf(w, y++, x, r.w - (x - r.x), v, "%.4f", p->passk);
    text_drawf(w, y++, r.x, r.w, dim, "1 - C(n-c, k) / C(n, k); 1 when n - c < k");
    text_drawf(w, y++, r.x, r.w, dim, "pass@1 = c / n = %.4f",
               (double)p->pks.n > 0 ? (double)p->pks.c / (double)p->pks.n : 0);
    text_drawf(w, y++, r.x, r.w, dim, "naive 1-(1-c/n)^k = %.4f (biased)",
               p->passk_naive);
    Rect b = p->bottom;
    if (b.h >= 6 && p->nk > 1) {
        PlotAxes ax;
        plot_axes_init(&ax);
        ax.xlog = (double)p->pks.n > 20;
        ax.ymin = 0;
        ax.ymax = 1;
        ax.xlabel = "k";
        ax.ylabel = "pass@k";
        PlotSeries s = {p->kx, p->ky, p->nk, TH_SERIES1, NULL};
        PlotMark mk = {(double)p->pks.k, p->passk, "k", TH_VALUE};
        plot_draw(w, b, &ax, &s, 1, &mk, 1);
    }
}

/* Draws s word-wrapped to width W from row *y (continuation lines indented by `indent`),
 * stopping before row ymax. No allocation: it measures and draws in place. */
static void draw_wrapped(WINDOW *w, int *y, int x, int W, int ymax, attr_t at, const char *s,
                         int indent)
{
    int first = 1;
    while (*s && *y < ymax) {
        int width = first ? W : W - indent, used;
        size_t n = text_fit(s, width, &used);
        if (n < strlen(s)) { /* break at the last space that fits */
            size_t k = n;
            while (k > 0 && s[k] != ' ')
                k--;
            if (k > 0)
                n = k;
        }
        text_draw(w, *y, first ? x : x + indent, width, at, s, n);
        (*y)++;
        s += n;
        while (*s == ' ')
            s++;
        first = 0;
    }
}

static void draw_cards(const EvPanel *p, WINDOW *w)
{
    Rect r = rect_make(p->controls.y, p->controls.x, p->area.h - 3, p->area.w - 2);
    if (!p->cards.n) {
        text_drawf(w, r.y, r.x, r.w, theme_attr(TH_WARN), "no benchmark cards loaded");
        return;
    }
    Rect list = rect_take_left(&r, 27);
    rect_take_left(&r, 2);
    static const TableColumn cols[] = {{"benchmark", 10, false}, {"n", 6, true}, {"+-pts", 6, true}};
    const char *cells[BENCH_CARDS_MAX * 3];
    char num[BENCH_CARDS_MAX][2][16];
    size_t nr = p->cards.n < BENCH_CARDS_MAX ? p->cards.n : BENCH_CARDS_MAX;
    for (size_t i = 0; i < nr; i++) {
        const BenchCardSize *z = &p->cards.items[i].sizes[0];
        snprintf(num[i][0], 16, "%lld", z->n);
        snprintf(num[i][1], 16, "%.1f", 50 * (z->ci.high - z->ci.low));
        cells[i * 3] = p->cards.items[i].name;
        cells[i * 3 + 1] = num[i][0];
        cells[i * 3 + 2] = num[i][1];
    }
    table_draw(w, list, cols, 3, cells, nr, 0, p->card, NULL);
    const BenchCard *c = &p->cards.items[p->card];
    attr_t h = theme_attr(TH_HEADING), v = theme_attr(TH_VALUE), nm = theme_attr(TH_NORMAL),
           dim = theme_attr(TH_DIM);
    int y = r.y, W = r.w, ymax = r.y + r.h;
    char line[400];
    snprintf(line, sizeof line, "%s: %s", c->name, c->title);
    draw_wrapped(w, &y, r.x, W, ymax, h, line, 2);
    draw_wrapped(w, &y, r.x, W, ymax, dim, c->paper, 2);
    snprintf(line, sizeof line, "format: %s; metric: %s (chance %.0f %%)", c->format, c->metric,
             100 * c->chance);
    draw_wrapped(w, &y, r.x, W, ymax, nm, line, 2);
    if (y < ymax)
        text_drawf(w, y++, r.x, W, h, "n and the 95 %% interval at %.0f %%", 100 * c->example_score);
    int sw = W >= 60 ? 26 : 14;
    for (size_t k = 0; k < c->nsizes && y < ymax; k++) {
        const BenchCardSize *z = &c->sizes[k];
        int x = r.x + text_drawf(w, y, r.x, W, nm, "%-*.*s %6lld ", sw, sw, z->split, z->n);
        x += text_drawf(w, y, x, W - (x - r.x), v, "[%.1f, %.1f]", 100 * z->ci.low,
                        100 * z->ci.high);
        text_drawf(w, y++, x, W - (x - r.x), dim, " +-%.1f at 50 %%", 100 * z->half_worst);
        draw_wrapped(w, &y, r.x + 2, W - 2, ymax, dim, z->source, 2);
    }
    if (y < ymax)
        text_drawf(w, y++, r.x, W, h, "pitfalls");
    for (size_t k = 0; k < c->npitfalls && y < ymax; k++) {
        snprintf(line, sizeof line, "%s %s", glyphs()->bullet, c->pitfalls[k]);
        draw_wrapped(w, &y, r.x, W, ymax, nm, line, 2);
    }
}

static void draw_live(const EvPanel *p, WINDOW *w)
{
    Rect r = rect_make(p->controls.y, p->controls.x, p->area.h - 3, p->area.w - 2);
    attr_t h = theme_attr(TH_HEADING), v = theme_attr(TH_VALUE), nm = theme_attr(TH_NORMAL),
           dim = theme_attr(TH_DIM);
    int y = r.y;
    if (!p->live) {
        text_drawf(w, y++, r.x, r.w, h, "Live evals of rampup itself");
        text_drawf(w, y++, r.x, r.w, nm, "Press r to score the RAG pane's four methods on the");
        text_drawf(w, y++, r.x, r.w, nm, "judged questions of content/evals/notes_qrels.yaml,");
        text_drawf(w, y++, r.x, r.w, nm, "and the calculator agent's tool calls.");
        return;
    }
    const LiveEval *e = p->live;
    double prog = live_eval_progress(e);
    text_drawf(w, y, r.x, r.w, h, "Retrieval on the notes: %zu questions, %zu chunks",
               e->qrels.n, e->corpus->n);
    text_drawf(w, y++, r.x + r.w - 16, 16, e->done ? theme_attr(TH_GOOD) : theme_attr(TH_WARN),
               e->done ? "done" : "running %3.0f %%", 100 * prog);
    int bw = r.w - 2; /* the progress bar */
    int fill = (int)lround(prog * bw);
    for (int i = 0; i < bw; i++) {
        const char *ch = i < fill ? glyphs()->block_full : glyphs()->block_light;
        text_draw(w, y, r.x + i, 1, i < fill ? theme_attr(TH_ACCENT) : dim, ch, strlen(ch));
    }
    y += 2;
    bool wide = r.w >= 110; /* narrow: recall and MRR give way to the paired difference */
    if (wide)
        text_drawf(w, y++, r.x, r.w, h, "  %-8s %-8s %-16s %-9s %-7s %-7s %s", "method",
                   "nDCG@10", "95% interval", "recall@10", "MRR@10", "missed",
                   "- bm25, paired (p)");
    else
        text_drawf(w, y++, r.x, r.w, h, "  %-8s %-8s %-16s %-7s %s", "method", "nDCG@10",
                   "95% interval", "missed", "- bm25, paired");
    for (int m = 0; m < RAG_METHOD_COUNT; m++) {
        const LiveMethod *lm = &e->methods[m];
        bool sel = m == p->live_sel;
        attr_t at = sel ? theme_attr(TH_SELECTED) : nm;
        if (!lm->available) {
            text_drawf(w, y++, r.x, r.w, dim, "%s %-8s unavailable: %s", sel ? ">" : " ",
                       rag_method_name(lm->method), lm->why);
            continue;
        }
        if (lm->done < e->qrels.n) {
            text_drawf(w, y++, r.x, r.w, at, "%s %-8s %zu / %zu", sel ? ">" : " ",
                       rag_method_name(lm->method), lm->done, e->qrels.n);
            continue;
        }
        size_t miss = 0;
        for (size_t q = 0; q < e->qrels.n; q++)
            miss += lm->ndcg[q] == 0;
        char vs[64] = "";
        if (m != RAG_BM25 && lm->vs_bm25.iters)
            snprintf(vs, sizeof vs, wide ? "%+.3f [%+.3f, %+.3f] (%.2f)" : "%+.3f [%+.3f, %+.3f]",
                     lm->vs_bm25.diff, lm->vs_bm25.ci.low, lm->vs_bm25.ci.high, lm->vs_bm25.p);
        if (wide)
            text_drawf(w, y++, r.x, r.w, at,
                       "%s %-8s %-8.3f [%.3f, %.3f]   %-9.3f %-7.3f %-7zu %s", sel ? ">" : " ",
                       rag_method_name(lm->method), lm->mean_ndcg, lm->ci_ndcg.low,
                       lm->ci_ndcg.high, lm->mean_recall, lm->mean_rr, miss, vs);
        else
            text_drawf(w, y++, r.x, r.w, at, "%s %-8s %-8.3f [%.3f, %.3f]   %-7zu %s",
                       sel ? ">" : " ", rag_method_name(lm->method), lm->mean_ndcg,
                       lm->ci_ndcg.low, lm->ci_ndcg.high, miss, vs);
    }
    y++;
    if (p->have_tools) {
        int x = r.x + text_drawf(w, y, r.x, r.w, nm, "Calculator agent tool calls: ");
        x += text_drawf(w, y, x, r.w - (x - r.x), v, "%zu / %zu = %.1f %%", p->tools.report.both_ok,
                        p->tools.report.n, 100 * p->tools.ci.point);
        text_drawf(w, y++, x, r.w - (x - r.x), dim, "  Wilson 95 %% [%.1f, %.1f]",
                   100 * p->tools.ci.low, 100 * p->tools.ci.high);
    }
    y++;
    const LiveMethod *lm = &e->methods[p->live_sel];
    if (!lm->available || lm->done < e->qrels.n || y >= r.y + r.h)
        return;
    /* the selected method's weakest questions, worst first */
    text_drawf(w, y++, r.x, r.w, h, "%s: the weakest questions (nDCG@10; 0 = nothing relevant "
               "in the top 10)", rag_method_name(lm->method));
    for (size_t i = 0; i < e->qrels.n && i < 20 && y < r.y + r.h; i++) {
        size_t q = lm->order[i];
        if (lm->ndcg[q] >= 0.999)
            break;
        text_drawf(w, y++, r.x, r.w, lm->ndcg[q] == 0 ? theme_attr(TH_BAD) : nm, "  %.3f  %s",
                   lm->ndcg[q], e->qrels.items[q].q);
    }
}

void evals_panel_draw(const void *st, WINDOW *w, Rect area)
{
    const EvPanel *p = st;
    (void)area;
    switch (p->view) {
    case EV_VIEW_CI: draw_ci(p, w); break;
    case EV_VIEW_PASSK: draw_passk(p, w); break;
    case EV_VIEW_CARDS: draw_cards(p, w); break;
    default: draw_live(p, w); break;
    }
    int fy = p->area.y + p->area.h - 1;
    text_drawf(w, fy, p->area.x + 1, p->area.w - 2, theme_attr(TH_DIM),
               "[%s]  v next view  ↑↓ select  ←→ change  r run live evals  w why  ? keys",
               VIEW_NAME[p->view]);
}
