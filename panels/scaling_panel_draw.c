/* The Scaling pane's drawing: controls, figures, the isoFLOP and frontier plots, the
 * Chinchilla Table 3 projections and the why overlay. Reads the state; computes nothing. */
#include "panels/scaling_panel.h"

#include <math.h>
#include <stdio.h>

#include "tui/choice.h"
#include "tui/format.h"
#include "tui/overlay.h"
#include "tui/plot.h"
#include "tui/table.h"
#include "tui/text.h"

/* Short names for legends and table headings, in ScalingLawId order. */
static const char *const LAW_SHORT[LAW_COUNT] = {"ch1", "ch2", "ch3", "ch3r", "epoch", "kaplan"};
static const ThemeRole LAW_ROLE[LAW_COUNT] = {TH_SERIES1, TH_DIM,     TH_SERIES2,
                                              TH_SERIES3, TH_SERIES4, TH_SERIES5};

static void draw_controls(const ScalingPanel *p, WINDOW *w)
{
    Rect r = p->controls;
    const int lw = 10;
    for (int i = 0; i < CTL_COUNT && i < r.h; i++) {
        Rect row = rect_make(r.y + i, r.x, 1, r.w);
        bool f = p->focus == i;
        switch ((Ctl)i) {
        case CTL_COMPUTE: slider_draw(&p->s_c, w, row, lw, f); break;
        case CTL_PARAMS: slider_draw(&p->s_n, w, row, lw, f); break;
        case CTL_TOKENS: slider_draw(&p->s_d, w, row, lw, f); break;
        case CTL_LAW: { /* the full label when it fits, else the short name */
            const char *l = scaling_panel_law(p)->label;
            if (text_width(l, (size_t)-1) + 4 > row.w - lw - 1)
                l = scaling_panel_law(p)->name;
            choice_draw(w, row, lw, "law", l, f);
            break;
        }
        case CTL_GPU:
            choice_draw(w, row, lw, "GPU", scaling_panel_gpu(p) ? scaling_panel_gpu(p)->label : "(no presets)", f);
            break;
        case CTL_GPUS: slider_draw(&p->s_gpus, w, row, lw, f); break;
        case CTL_MFU: slider_draw(&p->s_mfu, w, row, lw, f); break;
        case CTL_INFER: slider_draw(&p->s_inf, w, row, lw, f); break;
        default: break;
        }
    }
}

/* "×", or "x" when the locale cannot show it */
#define TIMES (glyphs()->unicode ? "×" : "x")

static void draw_results(const ScalingPanel *p, WINDOW *w)
{
    Rect r = p->results;
    if (rect_empty(r))
        return;
    const ScalingPoint *o = &p->opt[p->law];
    char a[32], b[32], c[32];
    int y = r.y, W = r.w;
    attr_t h = theme_attr(TH_HEADING), v = theme_attr(TH_VALUE), n = theme_attr(TH_NORMAL),
           dim = theme_attr(TH_DIM);
    fmt_count(a, sizeof a, o->params);
    fmt_count(b, sizeof b, o->tokens);
    if (W < 40) { /* narrow: one figure a line, the optimum first */
        text_drawf(w, y++, r.x, W, h, "optimum (%s)", scaling_panel_law(p)->name);
        text_drawf(w, y++, r.x, W, v, "N %s  D %s", a, b);
        text_drawf(w, y++, r.x, W, v, "loss %.4f", o->loss);
        text_drawf(w, y++, r.x, W, n, "D/N %.3g", o->tokens_per_param);
        fmt_count(a, sizeof a, p->mine.params);
        fmt_count(b, sizeof b, p->mine.tokens);
        text_drawf(w, y++, r.x, W, h, "yours%s", p->follow ? " (= optimum)" : "");
        text_drawf(w, y++, r.x, W, n, "N %s  D %s", a, b);
        text_drawf(w, y++, r.x, W, n, "loss %.4f (%+.4f)", p->mine.loss,
                   p->mine.loss - p->mine_opt_loss);
        if (p->has_tt) {
            fmt_duration(a, sizeof a, p->tt.seconds);
            text_drawf(w, y++, r.x, W, v, "train %s", a);
        }
        return;
    }
    text_drawf(w, y++, r.x, W, h, "optimum (%s)", scaling_panel_law(p)->name);
    text_drawf(w, y++, r.x, W, v, "%s params %s %s tokens", a, TIMES, b);
    text_drawf(w, y++, r.x, W, n, "D/N %.3g   loss %.4f", o->tokens_per_param, o->loss);
    fmt_count(a, sizeof a, p->mine.params);
    fmt_count(b, sizeof b, p->mine.tokens);
    fmt_sci(c, sizeof c, p->mine.compute);
    text_drawf(w, y++, r.x, W, h, "your model%s", p->follow ? " (= optimum)" : "");
    text_drawf(w, y++, r.x, W, n, "%s %s %s = %s FLOP", a, TIMES, b, c);
    double gap = p->mine.loss - p->mine_opt_loss;
    if (fabs(gap) < 5e-5)
        text_drawf(w, y++, r.x, W, n, "loss %.4f (the optimum)", p->mine.loss);
    else
        text_drawf(w, y++, r.x, W, n, "loss %.4f (%+.4f vs optimum)", p->mine.loss, gap);
    if (p->has_tt) {
        fmt_duration(a, sizeof a, p->tt.seconds);
        fmt_count(b, sizeof b, p->tt.gpu_hours);
        text_drawf(w, y++, r.x, W, v, "train %s (%s GPU-h)", a, b);
    } else {
        text_drawf(w, y++, r.x, W, dim, "train time: no GPU presets");
    }
    if (p->io_law >= 0) {
        fmt_count(a, sizeof a, p->io.params);
        fmt_count(b, sizeof b, p->io.tokens);
        text_drawf(w, y++, r.x, W, n, "serve%s: %s %s %s, -%.1f%%",
                   p->io_law != p->law ? " (ch3)" : "", a, TIMES, b, 100 * p->io.saving);
    }
    (void)y;
}

static void draw_plots(const ScalingPanel *p, WINDOW *w, Rect r)
{
    if (r.h < 8) { /* no room for a readable plot: say how to get one */
        text_draw(w, r.y + (r.h > 1), r.x, r.w, theme_attr(TH_DIM),
                  "plots need 24+ rows;  t: the Chinchilla table;  w: why", (size_t)-1);
        return;
    }
    Rect left, right;
    rect_split_h(r, 50, 20, 2, &left, &right);
    Rect lt = rect_take_top(&left, 1), rt = rect_take_top(&right, 1);
    text_drawf(w, lt.y, lt.x, lt.w, theme_attr(TH_HEADING), "isoFLOP: loss vs N (%s)",
               scaling_panel_law(p)->name);
    text_draw(w, rt.y, rt.x, rt.w, theme_attr(TH_HEADING), "frontier: N_opt(C) per law",
              (size_t)-1);

    PlotSeries iso[ISO_CURVES];
    PlotMark marks[ISO_CURVES + 1];
    static const ThemeRole roles[ISO_CURVES] = {TH_SERIES1, TH_SERIES2, TH_SERIES3, TH_SERIES4,
                                                TH_SERIES5};
    double ymin = INFINITY, ymax = -INFINITY;
    for (int k = 0; k < ISO_CURVES; k++) {
        iso[k] = (PlotSeries){p->iso_n[k], p->iso_l[k], CURVE_PTS, roles[k], p->iso_label[k]};
        marks[k] = (PlotMark){p->iso_opt[k].params, p->iso_opt[k].loss, NULL, TH_VALUE};
        ymin = fmin(ymin, p->iso_opt[k].loss);
        ymax = fmax(ymax, p->iso_opt[k].loss);
    }
    marks[ISO_CURVES] = (PlotMark){p->mine.params, p->mine.loss, "you", TH_WARN};
    PlotAxes ax;
    plot_axes_init(&ax);
    ax.xlog = true;
    ax.xlabel = "N (parameters)";
    /* Clip the y range to the interesting band around the optima. */
    double span = fmax(ymax - ymin, 0.05);
    ax.ymin = ymin - 0.15 * span;
    ax.ymax = ymax + 0.6 * span;
    plot_draw(w, left, &ax, iso, ISO_CURVES, marks, ISO_CURVES + 1);

    PlotSeries fr[LAW_COUNT];
    for (int i = 0; i < LAW_COUNT; i++)
        fr[i] = (PlotSeries){p->fr_c, p->fr_n[i], CURVE_PTS, LAW_ROLE[i], LAW_SHORT[i]};
    PlotMark here = {p->s_c.value, p->opt[p->law].params, NULL, TH_VALUE};
    PlotAxes fx;
    plot_axes_init(&fx);
    fx.xlog = fx.ylog = true;
    fx.xlabel = "C (FLOP)";
    plot_draw(w, right, &fx, fr, LAW_COUNT, &here, 1);
}

static void draw_table(const ScalingPanel *p, WINDOW *w, Rect r)
{
    Rect title = rect_take_top(&r, 1);
    text_draw(w, title.y, title.x, title.w, theme_attr(TH_HEADING), title.w >= 72
              ? "Chinchilla Table 3 (approach 1) vs N_opt of each law at the same FLOPs"
              : "Chinchilla Table 3 vs each law's N_opt", (size_t)-1);
    TableColumn cols[TABLE_COLS] = {{"FLOPs", 8, true}, {"T3 N", 6, true}, {"T3 D", 6, true}};
    for (int i = 0; i < LAW_COUNT; i++)
        cols[3 + i] = (TableColumn){LAW_SHORT[i], 6, true};
    const char *cells[TABLE_ROWS * TABLE_COLS];
    for (int i = 0; i < TABLE_ROWS * TABLE_COLS; i++)
        cells[i] = p->cells[i];
    table_draw(w, r, cols, TABLE_COLS, cells, TABLE_ROWS, 0, p->table_sel, NULL);
}

void scaling_panel_draw(const void *st, WINDOW *w, Rect area)
{
    const ScalingPanel *p = st;
    (void)area;
    draw_controls(p, w);
    draw_results(p, w);
    if (p->small) {
        if (p->show_table)
            draw_table(p, w, p->table);
        else
            draw_plots(p, w, p->plots);
    } else {
        draw_plots(p, w, p->plots);
        draw_table(p, w, p->table);
    }
}

