/* The Inference pane's five views: the batch timeline, the KV block grid with block tables,
 * the roofline with this run's batch marked, latency against load per policy (the sweep), and
 * speculative decoding. Each reads the pane's reports; nothing is computed here. */
#include "panels/infer_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/plot.h"
#include "tui/text.h"

static ThemeRole owner_role(int owner)
{
    static const ThemeRole roles[] = {TH_SERIES1, TH_SERIES2, TH_SERIES3, TH_SERIES4, TH_SERIES5};
    return owner < 0 ? TH_DIM : roles[owner % 5];
}

static Rect title(WINDOW *w, Rect *r, const char *fmt, const char *arg)
{
    Rect t = rect_take_top(r, 1);
    text_drawf(w, t.y, t.x, t.w, theme_attr(TH_HEADING), fmt, arg);
    return t;
}

static void note(WINDOW *w, Rect *r, ThemeRole role, const char *s)
{
    if (r->h <= 0)
        return;
    Rect t = rect_take_top(r, 1);
    text_draw(w, t.y, t.x, t.w, theme_attr(role), s, (size_t)-1);
}

/* ---- batch timeline -------------------------------------------------------------------- */

static void draw_timeline(const InferPanel *p, WINDOW *w, Rect r)
{
    title(w, &r, "Batch timeline: requests in slots, per iteration%s", "");
    const InferTimeline *tl = p->sim.timeline;
    const Glyphs *gl = glyphs();
    const char *pre = gl->unicode ? "▓" : "P", *dec0 = gl->unicode ? "█" : "#",
               *dec1 = gl->unicode ? "▒" : "+", *pad = gl->unicode ? "·" : ".";
    char legend[160];
    snprintf(legend, sizeof legend, "%s prefill %s%s decode %s padding  (%s batching)", pre, dec0,
             dec1, pad, infer_sched_name(p->q.sched));
    note(w, &r, TH_DIM, legend);
    if (!tl || tl->steps == 0 || r.h < 2) {
        note(w, &r, TH_DIM, "(no iterations recorded)");
        return;
    }
    int label = 4, cols = r.w - label;
    int steps = tl->steps < cols ? tl->steps : cols;
    int rows = tl->slots < r.h - 1 ? tl->slots : r.h - 1;
    for (int s = 0; s < rows; s++) {
        int y = r.y + s;
        text_drawf(w, y, r.x, label, theme_attr(TH_DIM), "s%-2d", s);
        for (int t = 0; t < steps; t++) {
            int req = tl->req[t][s];
            int ph = tl->phase[t][s];
            if (req < 0 || ph == INFER_PH_IDLE)
                continue;
            const char *g = ph == INFER_PH_PREFILL ? pre : ph == INFER_PH_PAD ? pad
                            : (req & 1) ? dec1 : dec0;
            text_draw(w, y, r.x + label + t, 1, theme_attr(owner_role(req)), g, (size_t)-1);
        }
    }
    char axis[160];
    snprintf(axis, sizeof axis, "%d iterations, t = %.2f..%.2f s; %d of %d slots", steps,
             tl->t[0], tl->t[steps - 1], rows, tl->slots);
    text_draw(w, r.y + rows, r.x + label, r.w - label, theme_attr(TH_DIM), axis, (size_t)-1);
}

/* ---- block grid ------------------------------------------------------------------------ */

static int cell_rank(int st)
{
    /* when several cells share a character, the one that says most wins */
    static const int rank[INFER_CELL_COUNT] = {
        [INFER_CELL_FREE] = 0,    [INFER_CELL_PADDING] = 1, [INFER_CELL_UNUSED] = 2,
        [INFER_CELL_RESERVED] = 3, [INFER_CELL_PARTIAL] = 4, [INFER_CELL_TOKENS] = 5,
        [INFER_CELL_SHARED] = 6};
    return rank[st];
}

static const char *cell_glyph(int st)
{
    bool u = glyphs()->unicode;
    switch (st) {
    case INFER_CELL_TOKENS: return u ? "█" : "#";
    case INFER_CELL_PARTIAL: return u ? "▌" : "p";
    case INFER_CELL_RESERVED: return u ? "░" : "r";
    case INFER_CELL_UNUSED: return u ? "×" : "x";
    case INFER_CELL_SHARED: return u ? "▓" : "S";
    case INFER_CELL_PADDING: return u ? "┄" : ":";
    default: return u ? "·" : ".";
    }
}

static void draw_blocks(const InferPanel *p, WINDOW *w, Rect r)
{
    const InferSnapshot *sn = p->sim.snap;
    bool paged = p->q.alloc == INFER_ALLOC_PAGED;
    title(w, &r, paged ? "KV blocks: the paged pool by sequence%s"
                       : "KV memory: contiguous reservations%s", "");
    char legend[200];
    snprintf(legend, sizeof legend, "%s tokens %s partial %s reserved %s unused %s shared %s free", cell_glyph(INFER_CELL_TOKENS), cell_glyph(INFER_CELL_PARTIAL),
             cell_glyph(INFER_CELL_RESERVED), cell_glyph(INFER_CELL_UNUSED),
             cell_glyph(INFER_CELL_SHARED), cell_glyph(INFER_CELL_FREE));
    note(w, &r, TH_DIM, legend);
    if (!sn || !sn->taken || r.h < 2) {
        note(w, &r, TH_DIM, "(no snapshot)");
        return;
    }
    int tables = paged ? (sn->ntables < 4 ? sn->ntables : 4) : 0;
    int grid_h = r.h - 1 - (tables && r.h >= 10 ? tables + 1 : 0);
    int cols = r.w;
    long long avail = (long long)grid_h * cols;
    int per = (int)((sn->ncells + avail - 1) / (avail > 0 ? avail : 1));
    if (per < 1)
        per = 1;
    int chars = (sn->ncells + per - 1) / per;
    for (int c = 0; c < chars; c++) {
        int best = 0, owner = -1;
        for (int k = c * per; k < (c + 1) * per && k < sn->ncells; k++)
            if (cell_rank(sn->state[k]) >= cell_rank(best)) {
                best = sn->state[k];
                owner = sn->owner[k];
            }
        ThemeRole role = best == INFER_CELL_FREE ? TH_DIM
                         : best == INFER_CELL_SHARED && owner == -2 ? TH_ACCENT
                                                                    : owner_role(owner);
        text_draw(w, r.y + c / cols, r.x + c % cols, 1, theme_attr(role), cell_glyph(best),
                  (size_t)-1);
    }
    int y = r.y + (chars + cols - 1) / cols;
    char info[200];
    snprintf(info, sizeof info, "t=%.0f s, %d running; char = %d slots%s", sn->time, sn->running,
             per * sn->slots_per_cell, paged ? " (blocks of the pool)" : " (one address space)");
    text_draw(w, y++, r.x, r.w, theme_attr(TH_DIM), info, (size_t)-1);
    for (int t = 0; t < tables && y < r.y + r.h; t++, y++) {
        char row[400];
        int n = snprintf(row, sizeof row, "req %-5d %3d tok:", sn->table_req[t], sn->table_tokens[t]);
        for (int b = 0; b < sn->table_len[t] && b < INFER_SNAP_TABLE_BLOCKS && n < (int)sizeof row - 12;
             b++)
            n += snprintf(row + n, sizeof row - (size_t)n, " %d%s", sn->table[t][b],
                          sn->table_ref[t][b] > 1 ? "*" : "");
        if (sn->table_len[t] > INFER_SNAP_TABLE_BLOCKS)
            snprintf(row + n, sizeof row - (size_t)n, " ...");
        text_draw(w, y, r.x, r.w, theme_attr(owner_role(sn->table_req[t])), row, (size_t)-1);
    }
}

/* ---- roofline -------------------------------------------------------------------------- */

static int tick_flops(char *buf, size_t size, double v)
{
    return snprintf(buf, size, "%.3gT", v / 1e12);
}

static void draw_roofline(const InferPanel *p, WINDOW *w, Rect r)
{
    char head[160];
    snprintf(head, sizeof head, "Roofline: FLOP/s vs FLOP/byte, ridge %.0f", p->hw.ridge);
    title(w, &r, "%s", head);
    char sub[200];
    snprintf(sub, sizeof sub, "decode, batch 1..8192 at %d tokens; run's mean batch %.1f; "
             "prefill %d", p->q.context, p->cur_batch, p->q.prompt);
    note(w, &r, TH_DIM, sub);
    PlotSeries s[2] = {
        {p->roof_x, p->roof_y, 2 * RF_PTS, TH_DIM, "roof"},
        {p->rf_x, p->rf_y, RF_PTS, TH_SERIES1, "decode"},
    };
    char now[48];
    snprintf(now, sizeof now, "batch %.0f", p->cur_batch);
    PlotMark marks[2] = {{p->cur_x, p->cur_y, now, TH_WARN}, {p->pre_x, p->pre_y, "prefill", TH_SERIES2}};
    PlotAxes ax;
    plot_axes_init(&ax);
    ax.xlog = ax.ylog = true;
    ax.xlabel = "FLOP/byte";
    ax.yfmt = tick_flops;
    plot_draw(w, r, &ax, s, 2, marks, 2);
}

/* ---- latency against load -------------------------------------------------------------- */

static void draw_load(const InferPanel *p, WINDOW *w, Rect r)
{
    title(w, &r, "Latency vs load: s/token per KV policy%s", "");
    const InferSweep *sw = p->sweep;
    char msg[200];
    if (!sw) {
        note(w, &r, TH_NORMAL, "S runs the sweep: every policy at rising request rates");
        snprintf(msg, sizeof msg, "(%d rates x %d policies x %d requests); Esc cancels.",
                 p->q.points, INFER_ALLOC_COUNT, p->q.requests);
        note(w, &r, TH_DIM, msg);
        snprintf(msg, sizeof msg, "This run: %.3g req/s -> %.4f s/token (%s)", p->q.rate,
                 p->sim.norm.mean, infer_alloc_name(p->q.alloc));
        note(w, &r, TH_VALUE, msg);
        return;
    }
    if (p->sweeping)
        snprintf(msg, sizeof msg, "running: %d of %d simulations (Esc cancels)", sw->done, sw->total);
    else if (p->sweep_stale)
        snprintf(msg, sizeof msg, "settings changed since this sweep: S runs it again");
    else if (sw->done < sw->total)
        snprintf(msg, sizeof msg, "cancelled at %d of %d: S starts again", sw->done, sw->total);
    else {
        int n = snprintf(msg, sizeof msg, "max rate under %.2g s/tok:", p->q.latency_target);
        for (int a = 0; a < INFER_ALLOC_COUNT && n < (int)sizeof msg; a++)
            n += snprintf(msg + n, sizeof msg - (size_t)n, " %s %.2f%s", infer_alloc_name((InferAlloc)a),
                          sw->max_rate[a], sw->beyond[a] ? "+" : "");
    }
    note(w, &r, p->sweeping ? TH_WARN : TH_VALUE, msg);
    static const ThemeRole roles[INFER_ALLOC_COUNT] = {TH_SERIES2, TH_SERIES3, TH_SERIES4,
                                                       TH_SERIES1};
    PlotSeries s[INFER_ALLOC_COUNT];
    for (int a = 0; a < INFER_ALLOC_COUNT; a++)
        s[a] = (PlotSeries){p->sw_x[a], p->sw_y[a], (size_t)sw->npoints, roles[a],
                            infer_alloc_name((InferAlloc)a)};
    PlotMark marks[INFER_ALLOC_COUNT];
    size_t nm = 0;
    if (!p->sweeping && sw->done == sw->total)
        for (int a = 0; a < INFER_ALLOC_COUNT; a++)
            if (sw->max_rate[a] > 0 && !sw->beyond[a])
                marks[nm++] = (PlotMark){sw->max_rate[a], p->q.latency_target, NULL, roles[a]};
    PlotAxes ax;
    plot_axes_init(&ax);
    ax.ylog = true;
    ax.xmin = 0;
    ax.xlabel = "requests/s";
    plot_draw(w, r, &ax, s, INFER_ALLOC_COUNT, marks, nm);
}

/* ---- speculative decoding -------------------------------------------------------------- */

static void draw_spec(const InferPanel *p, WINDOW *w, Rect r)
{
    char head[200];
    snprintf(head, sizeof head, "Speculative decoding: alpha %.2f, c %.4f%s", p->q.alpha, p->c,
             p->q.c < 0 ? " (roofline)" : "");
    title(w, &r, "%s", head);
    char sub[200];
    snprintf(sub, sizeof sub, "gamma %d: %.3f tok/step (MC %.3f), %.2fx; best %d (%.2fx)", p->q.gamma, p->spec.expected_tokens, p->spec.mc_tokens, p->spec.speedup,
             p->spec.best_gamma, p->spec.best_speedup);
    note(w, &r, TH_VALUE, sub);
    PlotSeries s[2] = {
        {p->sp_x, p->sp_y, SP_PTS, TH_SERIES1, "speedup"},
        {p->sp_x, p->sp_e, SP_PTS, TH_SERIES2, "tokens/step"},
    };
    PlotMark marks[2] = {{p->q.gamma, p->spec.mc_tokens, "MC", TH_WARN},
                         {p->spec.best_gamma, p->spec.best_speedup, "best", TH_GOOD}};
    PlotAxes ax;
    plot_axes_init(&ax);
    ax.xmin = 1;
    ax.xmax = SP_PTS;
    ax.ymin = 0;
    ax.xlabel = "gamma (draft tokens per step)";
    plot_draw(w, r, &ax, s, 2, marks, p->spec.best_gamma <= SP_PTS ? 2 : 1);
}

void infer_view_draw(const InferPanel *p, WINDOW *w, Rect r, InferView v)
{
    if (rect_empty(r))
        return;
    if (!p->ok) { /* the whole message, wrapped at the view's width */
        const char *e = p->error;
        for (int y = r.y; *e && y < r.y + r.h; y++) {
            int used;
            size_t n = text_fit(e, r.w, &used);
            if (n == 0)
                break;
            text_draw(w, y, r.x, r.w, theme_attr(TH_BAD), e, n);
            e += n;
            while (*e == ' ')
                e++;
        }
        return;
    }
    switch (v) {
    case IV_TIMELINE: draw_timeline(p, w, r); break;
    case IV_BLOCKS: draw_blocks(p, w, r); break;
    case IV_ROOFLINE: draw_roofline(p, w, r); break;
    case IV_LOAD: draw_load(p, w, r); break;
    case IV_SPEC: draw_spec(p, w, r); break;
    default: break;
    }
}
