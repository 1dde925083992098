/* The KV pane's drawing: controls, figures, the GPU memory bar, KV vs length, the per-kind
 * breakdown, the paged-block view and the overlays. Reads the report; computes nothing. */
#include "panels/kv_panel.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/choice.h"
#include "tui/barchart.h"
#include "tui/format.h"
#include "tui/overlay.h"
#include "tui/plot.h"
#include "tui/text.h"

/* Bytes as text; a saturated figure says so. */
static void btxt(char *b, size_t n, uint64_t v)
{
    if (v == UINT64_MAX)
        snprintf(b, n, ">=16 EiB (saturated)");
    else
        fmt_bytes(b, n, (double)v);
}

static void ctxt(char *b, size_t n, uint64_t v)
{
    if (v == UINT64_MAX)
        snprintf(b, n, "saturated");
    else
        fmt_count(b, n, (double)v);
}

static void draw_controls(const KvPanel *p, WINDOW *w)
{
    Rect r = p->controls;
    const int lw = KV_LABEL_W;
    char buf[96];
    for (int i = 0; i < KC_COUNT && i < r.h; i++) {
        Rect row = rect_make(r.y + i, r.x, 1, r.w);
        bool f = p->focus == i;
        const Slider *s = kv_panel_slider(p, (KvCtl)i);
        if (s) {
            slider_draw(s, w, row, lw, f);
            continue;
        }
        switch ((KvCtl)i) {
        case KC_MODEL:
            kv_panel_model_label(p, buf, sizeof buf);
            choice_draw(w, row, lw, "model", buf, f);
            break;
        case KC_KV_DTYPE:
            choice_draw(w, row, lw, "KV dtype", kv_dtype_name((KvDtype)p->kv_dtype), f);
            break;
        case KC_W_DTYPE:
            choice_draw(w, row, lw, "weights", kv_dtype_name((KvDtype)p->w_dtype), f);
            break;
        case KC_GPU:
            choice_draw(w, row, lw, "GPU", kv_panel_gpu(p) ? kv_panel_gpu(p)->label : "(none)", f);
            break;
        default: break;
        }
    }
}

/* The two bounds on a length: the model's context window and memory; a length past the
 * window is flagged (the model was not trained for it, whatever memory says). */
/* Token lengths: binary k and M when exact (4k, 128k, 1M), else the compact count. */
static void tok_txt(char *b, size_t n, uint64_t v)
{
    if (v >= 1048576 && v % 1048576 == 0)
        snprintf(b, n, "%lluM", (unsigned long long)(v / 1048576));
    else if (v >= 1024 && v % 1024 == 0)
        snprintf(b, n, "%lluk", (unsigned long long)(v / 1024));
    else
        ctxt(b, n, v);
}

static void draw_context(const KvPanel *p, Pen *pen, bool narrow)
{
    const KvReport *r = &p->r;
    char a[32], b[32];
    tok_txt(a, sizeof a, r->context_limit);
    if (r->max_seq_memory_unbounded)
        snprintf(b, sizeof b, "any");
    else
        tok_txt(b, sizeof b, r->max_seq_memory);
    if (r->context_limit == 0)
        pen_line(pen, TH_DIM, narrow ? "context ? (memory %s)" : "context window unknown; memory allows %s tok", b);
    else
        pen_line(pen, TH_NORMAL, narrow ? "context %s, memory %s" : "context window %s tok; memory allows %s",
             a, b);
    if (r->beyond_context) {
        tok_txt(b, sizeof b, p->q.seq);
        pen_line(pen, TH_BAD, narrow ? "seq %s > context!" : "seq %s is BEYOND the %s-token context window", b, a);
    }
}

static void draw_results(const KvPanel *p, WINDOW *w)
{
    Pen pen = {w, p->results, p->results.y};
    char a[48], b[48], c[48];
    const KvModel *m = &p->model;
    kv_panel_model_label(p, a, sizeof a);
    pen_line(&pen, TH_HEADING, "%s", a);
    if (!p->ok) {
        pen_line(&pen, TH_BAD, "%s", p->error);
        return;
    }
    const KvReport *r = &p->r;
    if (pen.r.w < 40) { /* narrow: one figure a line, the verdict first */
        btxt(a, sizeof a, r->gpu_used_bytes);
        btxt(b, sizeof b, r->gpu_usable_bytes);
        pen_line(&pen, r->fits ? TH_GOOD : TH_BAD, "%s %s/%s", r->fits ? "fits" : "NO FIT", a, b);
        btxt(a, sizeof a, r->kv_bytes + (r->state_bytes < UINT64_MAX - r->kv_bytes ? r->state_bytes : 0));
        pen_line(&pen, TH_VALUE, "KV %s", a);
        btxt(b, sizeof b, r->naive_kv_bytes);
        pen_line(&pen, TH_NORMAL, "naive %s (%.2fx)", b, r->naive_factor);
        btxt(a, sizeof a, r->kv_bytes_per_token);
        pen_line(&pen, TH_NORMAL, "KV/token %s", a);
        btxt(a, sizeof a, r->kv_bytes_per_seq);
        pen_line(&pen, TH_NORMAL, "per seq %s", a);
        btxt(c, sizeof c, r->weight_bytes);
        pen_line(&pen, TH_NORMAL, "weights %s", c);
        ctxt(a, sizeof a, r->max_batch);
        pen_line(&pen, TH_NORMAL, "max batch %s", a);
        if (r->max_seq_unbounded)
            pen_line(&pen, TH_NORMAL, "max seq unbounded (windows)");
        else {
            ctxt(b, sizeof b, r->max_seq);
            pen_line(&pen, TH_NORMAL, "max seq %s tok", b);
        }
        draw_context(p, &pen, true);
        if (r->saturated)
            pen_line(&pen, TH_WARN, "saturated at 2^64-1");
        return;
    }
    pen_line(&pen, TH_DIM, "%s: %d layers, %d/%d heads, d %lld", m->family, m->layers, m->heads,
         m->kv_heads, (long long)m->hidden);
    btxt(a, sizeof a, r->kv_bytes_per_token);
    btxt(b, sizeof b, r->kv_bytes_per_seq);
    pen_line(&pen, TH_NORMAL, "KV/token %s   per seq %s", a, b);
    btxt(a, sizeof a, r->kv_bytes + (r->state_bytes < UINT64_MAX - r->kv_bytes ? r->state_bytes : 0));
    btxt(b, sizeof b, r->naive_kv_bytes);
    pen_line(&pen, TH_VALUE, "this model %s  naive %s (%.2fx)", a, b, r->naive_factor);
    if (r->state_bytes_per_seq) {
        btxt(a, sizeof a, r->state_bytes_per_seq);
        pen_line(&pen, TH_NORMAL, "recurrent state %s per seq", a);
    }
    ctxt(a, sizeof a, r->params);
    ctxt(b, sizeof b, r->active_params);
    btxt(c, sizeof c, r->weight_bytes);
    if (r->active_params != r->params)
        pen_line(&pen, TH_NORMAL, "params %s, %s active; weights %s", a, b, c);
    else
        pen_line(&pen, TH_NORMAL, "params %s   weights %s", a, c);
    btxt(a, sizeof a, r->gpu_used_bytes);
    btxt(b, sizeof b, r->gpu_usable_bytes);
    pen_line(&pen, r->fits ? TH_GOOD : TH_BAD, "GPU %s / %s: %s", a, b,
         r->fits ? "fits" : "DOES NOT FIT");
    ctxt(a, sizeof a, r->max_batch);
    if (r->max_seq_unbounded)
        pen_line(&pen, TH_NORMAL, "max batch %s   max seq unbounded (windows)", a);
    else {
        tok_txt(b, sizeof b, r->max_seq);
        pen_line(&pen, TH_NORMAL, "max batch %s   max seq %s tok", a, b);
    }
    draw_context(p, &pen, false);
    if (r->kinds[KV_LAYER_FULL].layers + r->kinds[KV_LAYER_SLIDING].layers > 0)
        pen_line(&pen, TH_DIM, "tp %d x %d replica%s, %d KV head%s/GPU", p->q.tp, r->replicas,
             r->replicas == 1 ? "" : "s", r->kv_heads_per_gpu,
             r->kv_heads_per_gpu == 1 ? "" : "s");
    else
        pen_line(&pen, TH_DIM, "tp %d x %d replica%s, latent on every GPU", p->q.tp, r->replicas,
             r->replicas == 1 ? "" : "s");
    if (r->saturated)
        pen_line(&pen, TH_WARN, "some figures saturated at 2^64-1");
    bool u = glyphs()->unicode, roomy = pen.r.w >= 48;
    pen_line(&pen, TH_DIM, "%s", roomy ? (u ? "naive formula (batch·seq·layers·2·hidden·bytes)"
                                         : "naive formula (batch*seq*layers*2*hidden*bytes)")
                                   : (u ? "naive: batch·seq·layers·2·hidden·bytes"
                                        : "naive: batch*seq*layers*2*hidden*bytes"));
}

static void draw_membar(const KvPanel *p, WINDOW *w)
{
    Rect r = p->membar;
    if (rect_empty(r) || !p->ok)
        return;
    const KvReport *q = &p->r;
    Rect title = rect_take_top(&r, 1);
    char t[48], tw[32], tk[32], tr[32], tf[32];
    btxt(t, sizeof t, q->gpu_usable_bytes);
    if (title.w < 70)
        text_drawf(w, title.y, title.x, title.w, theme_attr(q->fits ? TH_HEADING : TH_BAD),
                   "one GPU: %s usable%s", t, q->fits ? "" : ", DOES NOT FIT");
    else
        text_drawf(w, title.y, title.x, title.w, theme_attr(q->fits ? TH_HEADING : TH_BAD),
                   "GPU memory, one GPU (usable %s = %.0f%% of %s)%s", t, 100 * p->q.gpu_util,
                   kv_panel_gpu(p) ? kv_panel_gpu(p)->label : "GPU",
                   q->fits ? "" : ": DOES NOT FIT");
    btxt(tw, sizeof tw, q->gpu_weight_bytes);
    btxt(tk, sizeof tk, q->gpu_kv_bytes);
    btxt(tr, sizeof tr, q->gpu_reserve_bytes);
    btxt(tf, sizeof tf, q->gpu_free_bytes);
    Bar segs[4] = {
        {"weights", (double)q->gpu_weight_bytes, tw, q->fits ? TH_SERIES1 : TH_BAD},
        {"KV", (double)q->gpu_kv_bytes, tk, q->fits ? TH_SERIES2 : TH_BAD},
        {"reserve", (double)q->gpu_reserve_bytes, tr, q->fits ? TH_SERIES3 : TH_BAD},
        {"free", (double)q->gpu_free_bytes, tf, TH_DIM},
    };
    stackbar_draw(w, r, segs, 4, (double)q->gpu_usable_bytes);
}

/* Axis ticks fall on round values (powers of two, of ten): print them without trailing
 * zeros — "128 MiB", "10k" — unlike the 3-digit figures elsewhere. */
static int tick_unit(char *buf, size_t size, double v, double base, const char *const *units,
                     int nunits)
{
    int u = 0;
    while (v >= base && u < nunits - 1) {
        v /= base;
        u++;
    }
    return snprintf(buf, size, "%g%s", v, units[u]);
}

static int tick_bytes(char *buf, size_t size, double v)
{
    static const char *const units[] = {" B", " KiB", " MiB", " GiB", " TiB", " PiB"};
    return tick_unit(buf, size, v, 1024, units, 6);
}

static int tick_count(char *buf, size_t size, double v)
{
    static const char *const units[] = {"", "k", "M", "B", "T"};
    return tick_unit(buf, size, v, 1000, units, 5);
}

/* Too short for a plot: KV bytes at a few lengths, and whether each fits. */
static void draw_figures(const KvPanel *p, WINDOW *w, Rect r)
{
    Pen pen = {w, r, r.y};
    char a[32], b[32];
    pen_line(&pen, TH_HEADING, "KV bytes at (batch %llu)", (unsigned long long)p->q.batch);
    int x = r.x;
    int y = pen.y;
    for (int i = 0; i < KV_FIGS && y < r.y + r.h; i++) {
        uint64_t n = p->fig_seq[i]; /* token lengths are binary: 4k, 128k, 1M */
        if (n % 1048576 == 0)
            snprintf(a, sizeof a, "%lluM", (unsigned long long)(n / 1048576));
        else
            snprintf(a, sizeof a, "%lluk", (unsigned long long)(n / 1024));
        if (!p->fig_ok[i])
            snprintf(b, sizeof b, "-");
        else
            btxt(b, sizeof b, p->fig_kv[i]);
        char cell[80];
        snprintf(cell, sizeof cell, "%s tok: %s %s%s", a, b,
                 p->fig_ok[i] && p->fig_fits[i] ? "fits" : "no fit", p->fig_beyond[i] ? " (>ctx)" : "");
        int cw = text_width(cell, (size_t)-1) + 3;
        if (x + cw > r.x + r.w) {
            x = r.x;
            y++;
            if (y >= r.y + r.h)
                break;
        }
        text_draw(w, y, x, r.w - (x - r.x), theme_attr(p->fig_fits[i] ? TH_NORMAL : TH_WARN), cell,
                  (size_t)-1);
        x += cw;
    }
}

static void draw_plot(const KvPanel *p, WINDOW *w, Rect r)
{
    if (rect_empty(r) || !p->ok)
        return;
    if (r.h < 10) { /* a plot of 5 rows or fewer shows nothing a reader can use: figures */
        draw_figures(p, w, r);
        return;
    }
    Rect t = rect_take_top(&r, 1);
    text_drawf(w, t.y, t.x, t.w, theme_attr(TH_HEADING), "KV bytes vs sequence length (batch %llu)",
               (unsigned long long)p->q.batch);
    PlotSeries s[3] = {
        {p->cx, p->cy, KV_CURVE_PTS, TH_SERIES1, "this model"},
        {p->cx, p->cn, KV_CURVE_PTS, TH_SERIES2, "naive formula"},
        {p->room_x, p->room_y, 2, TH_WARN, "memory left for KV"},
    };
    PlotMark mark = {(double)p->q.seq,
                     (double)p->r.kv_bytes + (double)p->r.state_bytes, "now", TH_WARN};
    PlotAxes ax;
    plot_axes_init(&ax);
    ax.xlog = ax.ylog = true;
    ax.xlabel = "tokens per sequence";
    ax.xfmt = tick_count;
    ax.yfmt = tick_bytes;
    ax.ybinary = true;
    ax.ymin = p->ymin;
    ax.ymax = p->ymax;
    plot_draw(w, r, &ax, s, p->kv_room > 0 ? 3 : 2, &mark, 1);
}

static void draw_blocks(const KvPanel *p, WINDOW *w, Pen *pen)
{
    const KvReport *r = &p->r;
    char a[32], b[32], c[32];
    pen_line(pen, TH_HEADING, "Paged blocks (block = %d tokens)", p->q.block_size);
    btxt(a, sizeof a, r->block_bytes);
    ctxt(b, sizeof b, r->blocks_per_seq);
    pen_line(pen, TH_NORMAL, "%s blocks per sequence, %s per block per GPU", b, a);
    /* One cell per block; the last one filled in eighths. */
    if (pen->y < pen->r.y + pen->r.h && r->blocks_per_seq > 0) {
        const Glyphs *g = glyphs();
        int room = pen->r.w - 2, n = r->blocks_per_seq < (uint64_t)room ? (int)r->blocks_per_seq : room;
        int x = pen->r.x;
        for (int i = 0; i < n - 1; i++) {
            bool gap = n < (int)r->blocks_per_seq && i == n - 2;
            text_draw(w, pen->y, x++, 1, theme_attr(gap ? TH_DIM : TH_SERIES2),
                      gap ? g->ellipsis : g->block_full, (size_t)-1);
        }
        int eighth = (int)(8 * r->last_block_tokens / (uint64_t)p->q.block_size);
        if (eighth < 1)
            eighth = 1;
        text_draw(w, pen->y, x, 1, theme_attr(TH_WARN), g->eighths[eighth], (size_t)-1);
        pen->y++;
    }
    btxt(c, sizeof c, r->waste_bytes);
    pen_line(pen, r->last_block_waste > 0.5 ? TH_WARN : TH_NORMAL,
         "last block %llu/%d used: %.0f%% empty, %s wasted in all",
         (unsigned long long)r->last_block_tokens, p->q.block_size, 100 * r->last_block_waste, c);
    ctxt(a, sizeof a, r->pool_blocks);
    ctxt(b, sizeof b, r->pool_seqs);
    pen_line(pen, TH_NORMAL, "pool %s blocks per GPU = %s sequences", a, b);
}

static void draw_side(const KvPanel *p, WINDOW *w, Rect r, bool kinds, bool blocks)
{
    if (rect_empty(r) || !p->ok)
        return;
    Pen pen = {w, r, r.y};
    if (!kinds) {
        draw_blocks(p, w, &pen);
        return;
    }
    const KvReport *q = &p->r;
    char a[32], b[32];
    pen_line(&pen, TH_HEADING, "%-18s %6s %11s %11s", "Per layer kind", "layers", "per token", "per seq");
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        if (!q->kinds[k].layers)
            continue;
        btxt(a, sizeof a, q->kinds[k].bytes_per_token);
        btxt(b, sizeof b, k == KV_LAYER_NONE ? q->state_bytes_per_seq : q->kinds[k].bytes_per_seq);
        const char *note = k == KV_LAYER_SLIDING ? " (window)" : k == KV_LAYER_MLA ? " (latent)"
                           : k == KV_LAYER_NONE  ? " (state)" : "";
        char name[32];
        snprintf(name, sizeof name, "%s%s", kv_layer_kind_name((KvLayerKind)k), note);
        pen_line(&pen, TH_NORMAL, "%-18s %6d %11s %11s", name, q->kinds[k].layers, a, b);
    }
    if (p->model.window > 0 && q->kinds[KV_LAYER_SLIDING].layers)
        pen_line(&pen, TH_DIM, "window W = %lld tokens", (long long)p->model.window);
    btxt(a, sizeof a, q->kv_bytes);
    btxt(b, sizeof b, q->naive_kv_bytes);
    pen_line(&pen, TH_VALUE, "this model %s vs naive formula %s (%.2fx)", a, b, q->naive_factor);
    pen_line(&pen, TH_DIM, "KV dtype: %s", kv_dtype_layout((KvDtype)p->kv_dtype));
    if (blocks) {
        pen.y++;
        draw_blocks(p, w, &pen);
    }
}

void kv_panel_draw_all(const KvPanel *p, WINDOW *w)
{
    draw_controls(p, w);
    draw_results(p, w);
    draw_membar(p, w);
    if (p->small) {
        if (p->view == 0)
            draw_plot(p, w, p->plot);
        else
            draw_side(p, w, p->side, p->view == 1, p->view == 2);
    } else {
        draw_plot(p, w, p->plot);
        draw_side(p, w, p->side, true, true);
    }
}
