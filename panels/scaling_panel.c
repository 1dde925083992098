/* The Scaling pane: for a compute budget, how big a model and how many tokens (per law), what
 * loss to expect, how long training takes on real GPUs, what changes when the model must also
 * serve traffic (Sardana et al. 2023); isoFLOP and frontier plots and the Chinchilla Table 3
 * projections beside every law. All figures come from engine/scaling; this file arranges them.
 * Drawing: scaling_panel_draw.c. */
#include "panels/scaling_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gpu.h"
#include "engine/scaling/explain.h"
#include "engine/scaling/laws.h"
#include "engine/scaling/optimum.h"
#include "engine/scaling/report.h"
#include "engine/scaling/scaling_params.h"
#include "panels/registry.h"
#include "tui/app.h"
#include "tui/format.h"
#include "tui/lines.h"
#include "tui/overlay.h"
#include "tui/plot.h"
#include "tui/slider.h"
#include "tui/table.h"
#include "tui/text.h"
#include "tui/xalloc.h"

enum {
    ACT_UP = 1,
    ACT_DOWN,
    ACT_SLIDER,
    ACT_LAW_PREV,
    ACT_LAW_NEXT,
    ACT_OPTIMUM,
    ACT_TABLE,
    ACT_WHY,
};

static const KeyBinding scaling_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control", NULL, "↑↓ select"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    /* ← → h l, H L, Home End: handed to the selected control */
    {KEY_LEFT, true, ACT_SLIDER, "← → h l", "change it (H L: ten steps)", NULL, "←→ change"},
    {'[', false, ACT_LAW_PREV, "[ ]", "previous / next scaling law", NULL, "[ ] law"},
    {']', false, ACT_LAW_NEXT, NULL, NULL},
    {'w', false, ACT_WHY, "w", "why: the formulas with your numbers", "why", "w why"},
    {'o', false, ACT_OPTIMUM, "o", "N, D back to the law's optimum for C", "optimum", "o optimum"},
    {'t', false, ACT_TABLE, "t", "plots / table (when both do not fit)", "table", "t table"},
};

/* ---- the query ------------------------------------------------------------------------- */

const ScalingLaw *scaling_panel_law(const ScalingPanel *p)
{
    return scaling_law((ScalingLawId)p->law);
}

const GpuPreset *scaling_panel_gpu(const ScalingPanel *p)
{
    return p->gpus.count ? &p->gpus.items[p->gpu] : NULL;
}

static void snap_to_optimum(ScalingPanel *p)
{
    ScalingPoint o = scaling_optimum(scaling_panel_law(p), p->s_c.value);
    slider_set(&p->s_n, o.params);
    slider_set(&p->s_d, o.tokens);
}

static void push_edit(ScalingPanel *p, int which)
{
    if (p->hist[0] != which) {
        p->hist[1] = p->hist[0];
        p->hist[0] = which;
    }
}

static ScalingUnknown unknown_of(int which)
{
    return which == 0 ? SCALING_SOLVE_C : which == 1 ? SCALING_SOLVE_N : SCALING_SOLVE_D;
}

/* Solves `which` of C, N, D from the other two sliders and sets its slider (clamped). */
static void solve_slider(ScalingPanel *p, int which)
{
    double c = p->s_c.value, n = p->s_n.value, d = p->s_d.value;
    scaling_solve_cnd(&c, &n, &d, unknown_of(which));
    slider_set(&p->s_c, c);
    slider_set(&p->s_n, n);
    slider_set(&p->s_d, d);
}

/* After C (0), N (1) or D (2) was edited: derive the one not among the last two edits. When
 * that one hits its slider's limit, the edit gives way, so that C = 6ND always holds. */
static void derive_third(ScalingPanel *p, int edited)
{
    push_edit(p, edited);
    int third = 3 - p->hist[0] - p->hist[1];
    solve_slider(p, third);
    double c = p->s_c.value, six_nd = SCALING_FLOPS_PER_PARAM_TOKEN * p->s_n.value * p->s_d.value;
    if (fabs(six_nd - c) > 1e-9 * c) {
        solve_slider(p, edited);
        static const char *const names[] = {"compute", "params N", "tokens D"};
        app_status(p->app, STATUS_INFO, "%s is at its limit, so %s stops there (C = 6ND)",
                   names[third], names[edited]);
    }
}

/* The sliders that edit a setting of scaling_params, with the range this pane shows. */
typedef struct Bind {
    size_t slider; /* offsetof(ScalingPanel, s_…) */
    const char *param;
    double lo, hi;
} Bind;
static const Bind BIND[] = {
    {offsetof(ScalingPanel, s_c), "compute", 1e18, 1e28},
    {offsetof(ScalingPanel, s_n), "params", 1e6, 1e16},
    {offsetof(ScalingPanel, s_d), "tokens", 1e6, 1e18},
    {offsetof(ScalingPanel, s_gpus), "gpus", 1, 1048576},
    {offsetof(ScalingPanel, s_mfu), "mfu", 0.05, 0.9},
    {offsetof(ScalingPanel, s_inf), "inference_tokens", 1e9, 1e17},
};
enum { NBIND = sizeof BIND / sizeof BIND[0] };

static Slider *bound(ScalingPanel *p, int i) { return (Slider *)((char *)p + BIND[i].slider); }
static const Slider *cbound(const ScalingPanel *p, int i)
{
    return (const Slider *)((const char *)p + BIND[i].slider);
}

static void settings_from_controls(const ScalingPanel *p, ScalingSettings *set)
{
    *set = p->set;
    for (int i = 0; i < NBIND; i++)
        param_set(param_find(&scaling_params, BIND[i].param), set, cbound(p, i)->value);
    set->law = p->law;
    if (scaling_panel_gpu(p))
        snprintf(set->gpu, sizeof set->gpu, "%s", scaling_panel_gpu(p)->name);
}

static void controls_from_settings(ScalingPanel *p, const ScalingSettings *set)
{
    p->set = *set;
    for (int i = 0; i < NBIND; i++)
        slider_set(bound(p, i), param_get(param_find(&scaling_params, BIND[i].param), set));
    if (set->inference_tokens == 0) /* "none" in the CLI; the pane always shows a traffic */
        slider_set(&p->s_inf, 1e13);
    p->law = set->law == SCALING_LAW_ALL ? LAW_CHINCHILLA3 : set->law;
    const GpuPreset *g = gpu_find(&p->gpus, set->gpu);
    if (g)
        p->gpu = (size_t)(g - p->gpus.items);
}

/* A value the table accepts but this pane does not show; NULL when all fit. */
static const char *outside_pane(const ScalingPanel *p, const ScalingSettings *set, char *msg,
                                size_t size)
{
    if (set->law == SCALING_LAW_ALL)
        return snprintf(msg, size, "law: the pane shows one law at a time ([ ] switch)"), msg;
    for (int i = 0; i < NBIND; i++)
        if (slider_refuses(cbound(p, i), param_find(&scaling_params, BIND[i].param), set,
                           "scaling", msg, size))
            return msg;
    return NULL;
}

/* Calls the engine for the current query and keeps everything draw needs. */
static void recompute(ScalingPanel *p)
{
    const ScalingLaw *law = scaling_panel_law(p);
    double c = p->s_c.value;
    settings_from_controls(p, &p->set);
    RError err;
    if (scaling_report(&p->set, true, scaling_panel_gpu(p), &p->rep, &err) != 0) {
        app_status(p->app, STATUS_ERROR, "scaling: %s", err.msg);
        return;
    }
    for (int i = 0; i < LAW_COUNT; i++)
        p->opt[i] = p->rep.opt[i];
    p->mine = p->rep.at[p->law];
    p->mine_opt_loss = p->rep.at_opt_loss[p->law];
    p->xf_opt = scaling_extrapolation_factor(law, p->opt[p->law].params, p->opt[p->law].tokens);
    p->xf_mine = scaling_extrapolation_factor(law, p->mine.params, p->mine.tokens);
    p->has_tt = p->rep.has_tt;
    p->tt = p->rep.tt;
    p->io_law = law->kind == LAW_KIND_PARAMETRIC ? p->law : LAW_CHINCHILLA3;
    if (p->rep.has_io[p->io_law])
        p->io = p->rep.io[p->io_law];
    else
        p->io_law = -1;

    /* isoFLOP curves: budgets C/100 .. 100C (kept inside the slider's range), each over the
     * same span of N so that the optima line up along the frontier. */
    double lo_c = fmax(c / 100, p->s_c.min), hi_c = fmin(c * 100, p->s_c.max);
    if (hi_c / lo_c < 1e4) { /* at an edge: keep four decades */
        if (lo_c == p->s_c.min)
            hi_c = lo_c * 1e4;
        else
            lo_c = hi_c / 1e4;
    }
    double n_lo = scaling_optimum(law, lo_c).params / 20;
    double n_hi = scaling_optimum(law, hi_c).params * 20;
    for (int k = 0; k < ISO_CURVES; k++) {
        double ck = lo_c * pow(hi_c / lo_c, (double)k / (ISO_CURVES - 1));
        p->iso_c[k] = ck;
        p->iso_opt[k] = scaling_optimum(law, ck);
        scaling_isoflop(law, ck, n_lo, n_hi, CURVE_PTS, p->iso_n[k], p->iso_l[k]);
        fmt_sci(p->iso_label[k], sizeof p->iso_label[k], ck);
    }
    for (int i = 0; i < LAW_COUNT; i++)
        scaling_frontier(scaling_law((ScalingLawId)i), p->s_c.min, p->s_c.max, CURVE_PTS,
                         p->fr_c, p->fr_n[i]);

    /* Table 3 rows beside every law's N_opt at the row's FLOPs. */
    size_t nrows;
    const ChinchillaRow *t3 = chinchilla_table3(&nrows);
    double best = INFINITY;
    p->table_sel = -1;
    for (size_t r = 0; r < nrows && r < TABLE_ROWS; r++) {
        char(*row)[16] = &p->cells[r * TABLE_COLS];
        fmt_sci(row[0], sizeof row[0], t3[r].flops);
        fmt_count(row[1], sizeof row[1], t3[r].params);
        fmt_count(row[2], sizeof row[2], t3[r].tokens);
        for (int i = 0; i < LAW_COUNT; i++)
            fmt_count(row[3 + i], sizeof row[3 + i],
                            scaling_optimum(scaling_law((ScalingLawId)i), t3[r].flops).params);
        double dist = fabs(log(t3[r].flops / c));
        if (dist < best) {
            best = dist;
            p->table_sel = (long)r;
        }
    }
}

/* ---- the why overlay ------------------------------------------------------------------- */

static void open_why(ScalingPanel *p)
{
    TextLines why;
    lines_init(&why);
    ScalingQuery q = {.law = (ScalingLawId)p->law, .compute = p->s_c.value,
                      .params = p->s_n.value, .tokens = p->s_d.value, .gpu = scaling_panel_gpu(p),
                      .gpus = (int)p->s_gpus.value, .mfu = p->s_mfu.value,
                      .inference_tokens = p->s_inf.value};
    ScalingExplain ex = {NULL, 0, 0};
    RError err;
    if (scaling_explain(&q, &ex, &err) != 0) {
        lines_new(&why, 0, 0);
        lines_append(&why, err.msg, strlen(err.msg), STYLE(TH_BAD));
        app_push_text(p->app, "why: the formulas with your numbers", &why, 'w');
        return;
    }
    static const ThemeRole role[] = {[EXPLAIN_HEADING] = TH_HEADING, [EXPLAIN_TEXT] = TH_NORMAL,
                                     [EXPLAIN_NOTE] = TH_DIM, [EXPLAIN_BLANK] = TH_NORMAL};
    for (size_t i = 0; i < ex.count; i++) {
        lines_new(&why, 0, 0);
        lines_append(&why, ex.lines[i].text, strlen(ex.lines[i].text),
                     STYLE(role[ex.lines[i].style]));
    }
    scaling_explain_free(&ex);
    app_push_text(p->app, "why: the formulas with your numbers", &why, 'w');
}

/* ---- widget setup ---------------------------------------------------------------------- */

static void *scaling_create(App *app, const cJSON *saved)
{
    ScalingPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    char path[4200];
    RError err;
    snprintf(path, sizeof path, "%s/gpus.yaml", app_content_dir(app));
    if (gpu_list_load(path, &p->gpus, &err) != 0) {
        char buf[700];
        rerror_format(&err, buf, sizeof buf);
        app_status(app, STATUS_WARN, "scaling: no GPU presets (%s)", buf);
        p->gpus.items = NULL;
        p->gpus.count = 0;
    }
    /* Look here; ranges and defaults from scaling_params, narrowed by BIND. */
    const double dec10 = 1.2589254117941673; /* one press = 10^0.1 */
    p->s_c = (Slider){.label = "compute", .unit = "FLOP", .step = dec10, .log = true,
                      .format = SLIDER_SCI};
    p->s_n = (Slider){.label = "params N", .step = dec10, .log = true, .format = SLIDER_COUNT};
    p->s_d = (Slider){.label = "tokens D", .step = dec10, .log = true, .format = SLIDER_COUNT};
    p->s_gpus = (Slider){.label = "GPUs", .step = 2, .log = true, .format = SLIDER_COUNT};
    p->s_mfu = (Slider){.label = "MFU", .step = 0.01, .format = SLIDER_PERCENT};
    p->s_inf = (Slider){.label = "inference", .unit = "tok", .step = dec10, .log = true,
                        .format = SLIDER_COUNT};
    for (int i = 0; i < NBIND; i++)
        slider_bind(bound(p, i), param_find(&scaling_params, BIND[i].param), BIND[i].lo,
                    BIND[i].hi);
    p->follow = true;
    p->hist[0] = 0;
    p->hist[1] = 1;
    p->gpu_items = xcalloc(p->gpus.count + 1, sizeof *p->gpu_items);
    p->gpu_names = gpu_param_names(&p->gpus, p->gpu_items);
    p->gpu_list = &p->gpu_names;
    p->ctx = (ParamContext){&p->gpu_list, p->gpus.count ? 1 : 0};
    /* Restore the last query: N and D too when they were off the optimum. */
    ScalingSettings set;
    param_defaults(&scaling_params, &set);
    if (param_from_json(&scaling_params, &p->ctx, saved, &set, false, NULL, &err) != 0)
        app_status(app, STATUS_WARN, "scaling: saved setting skipped: %s", err.msg);
    controls_from_settings(p, &set);
    const cJSON *follow = cJSON_GetObjectItemCaseSensitive(saved, "follow");
    p->follow = !cJSON_IsFalse(follow);
    if (p->follow)
        snap_to_optimum(p);
    recompute(p);
    return p;
}

/* `:pane scaling compute=5.76e23 law=epoch gpu=h100 gpus=1024 mfu=0.4 inference_tokens=1e13`,
 * or a note's "Try it" link: the scaling_params pairs, a bare word is a law. Everything is
 * checked before anything changes. Given params and tokens set the model (C = 6ND); else N
 * and D go to the law's optimum for C. */
static bool scaling_open(void *st, const char *arg)
{
    ScalingPanel *p = st;
    if (!arg || !*arg)
        return true;
    ScalingSettings set;
    settings_from_controls(p, &set);
    ParamMask given = 0;
    RError err;
    char msg[300];
    if (param_parse_pairs(&scaling_params, &p->ctx, arg, &set, &given, &err) != 0) {
        app_status(p->app, STATUS_WARN, "scaling: %s; nothing changed", err.msg);
        return false;
    }
    int in = param_index(&scaling_params, param_find(&scaling_params, "params")),
        id = param_index(&scaling_params, param_find(&scaling_params, "tokens"));
    bool model = (given >> in & 1) || (given >> id & 1);
    if (model)
        set.compute = SCALING_FLOPS_PER_PARAM_TOKEN * set.params * set.tokens;
    if (outside_pane(p, &set, msg, sizeof msg)) {
        app_status(p->app, STATUS_WARN, "scaling: %s; nothing changed", msg);
        return false;
    }
    controls_from_settings(p, &set);
    p->follow = !model;
    if (p->follow)
        snap_to_optimum(p);
    recompute(p);
    return true;
}

static void scaling_destroy(void *st)
{
    ScalingPanel *p = st;
    if (!p)
        return;
    gpu_list_free(&p->gpus);
    free(p->gpu_items);
    free(p);
}

static void scaling_save(const void *st, cJSON *state)
{
    const ScalingPanel *p = st;
    ScalingSettings set;
    settings_from_controls(p, &set);
    param_to_json(&scaling_params, &set, state);
    cJSON_DeleteItemFromObjectCaseSensitive(state, "follow");
    cJSON_AddBoolToObject(state, "follow", p->follow);
}

static void scaling_resize(void *st, Rect area)
{
    ScalingPanel *p = st;
    p->area = area;
    Rect r = rect_inset(area, 0, 1);
    Rect top = rect_take_top(&r, CTL_COUNT + 1);
    rect_split_h(top, 52, 40, 2, &p->controls, &p->results);
    if (area.w < 90 && p->controls.w > 32) { /* narrow: short tracks, room for the figures */
        p->results.x -= p->controls.w - 32;
        p->results.w += p->controls.w - 32;
        p->controls.w = 32;
    }
    if (p->controls.w > 72) { /* wide screens: give the figures the room, not the tracks */
        p->results.x -= p->controls.w - 72;
        p->results.w += p->controls.w - 72;
        p->controls.w = 72;
    }
    p->controls.h = CTL_COUNT;
    p->small = r.h < 30;
    if (!p->small && area.w >= 160 && p->results.w >= 50 + 72) {
        /* very wide: the table goes beside the figures (the top right was empty) and the
         * plots take every row below */
        Rect tall = rect_take_top(&r, TABLE_ROWS + 2 - (CTL_COUNT + 1) + 1);
        (void)tall;
        p->table = rect_make(p->results.y, p->results.x + 50, TABLE_ROWS + 2, p->results.w - 50);
        p->results.w = 48;
        p->plots = r;
        return;
    }
    if (p->small) {
        p->plots = r;
        p->table = r;
    } else {
        rect_split_v(r, 100 - 100 * (TABLE_ROWS + 2) / r.h, 12, 1, &p->plots, &p->table);
    }
}

/* ---- keys ------------------------------------------------------------------------------ */

static bool cycle(int *v, int n, int dir)
{
    if (n <= 0)
        return false;
    *v = (*v + dir + n) % n;
    return true;
}

/* The slider of a control row, or NULL for the choices. */
static Slider *row_slider(ScalingPanel *p, Ctl c)
{
    switch (c) {
    case CTL_COMPUTE: return &p->s_c;
    case CTL_PARAMS: return &p->s_n;
    case CTL_TOKENS: return &p->s_d;
    case CTL_GPUS: return &p->s_gpus;
    case CTL_MFU: return &p->s_mfu;
    case CTL_INFER: return &p->s_inf;
    default: return NULL;
    }
}

/* A click on a slider's track sets it, as ← → would have: C = 6ND keeps the other two. */
static PaneResult click_control(ScalingPanel *p, const KeyEvent *ev)
{
    int i = ev->mouse_y - p->controls.y;
    if (i < 0 || i >= CTL_COUNT)
        return PANE_IGNORED;
    p->focus = i;
    Slider *sl = row_slider(p, (Ctl)i);
    Rect row = rect_make(p->controls.y + i, p->controls.x, 1, p->controls.w);
    if (!sl || !slider_click(sl, ev, row, 10))
        return PANE_HANDLED;
    if (i == CTL_COMPUTE) {
        if (p->follow)
            snap_to_optimum(p);
        else
            derive_third(p, 0);
    } else if (i == CTL_PARAMS || i == CTL_TOKENS) {
        p->follow = false;
        derive_third(p, i == CTL_PARAMS ? 1 : 2);
    }
    recompute(p);
    return PANE_HANDLED | PANE_CHANGED;
}

static PaneResult scaling_key(void *st, const KeyEvent *ev)
{
    ScalingPanel *p = st;
    if (key_is_click(ev) && rect_contains(p->controls, ev->mouse_y, ev->mouse_x))
        return click_control(p, ev);
    int act = keymap_action(scaling_keys, sizeof scaling_keys / sizeof scaling_keys[0], ev);
    switch (act) {
    case ACT_UP:
        p->focus = (p->focus + CTL_COUNT - 1) % CTL_COUNT;
        return PANE_HANDLED;
    case ACT_DOWN:
        p->focus = (p->focus + 1) % CTL_COUNT;
        return PANE_HANDLED;
    case ACT_LAW_PREV:
    case ACT_LAW_NEXT:
        cycle(&p->law, LAW_COUNT, act == ACT_LAW_NEXT ? 1 : -1);
        if (p->follow)
            snap_to_optimum(p);
        recompute(p);
        return PANE_HANDLED | PANE_CHANGED;
    case ACT_OPTIMUM:
        p->follow = true;
        snap_to_optimum(p);
        recompute(p);
        return PANE_HANDLED | PANE_CHANGED;
    case ACT_TABLE:
        p->show_table = !p->show_table;
        return PANE_HANDLED;
    case ACT_WHY:
        open_why(p);
        return PANE_HANDLED;
    default:
        break;
    }
    bool left = key_is_left(ev) || key_is(ev, 'H') || key_is_fn(ev, KEY_SLEFT) ||
                key_is_fn(ev, KEY_HOME);
    bool right = key_is_right(ev) || key_is(ev, 'L') || key_is_fn(ev, KEY_SRIGHT) ||
                 key_is_fn(ev, KEY_END);
    switch ((Ctl)p->focus) {
    case CTL_COMPUTE:
        if (!slider_key(&p->s_c, ev))
            return left || right ? PANE_HANDLED : PANE_IGNORED; /* at an end: used, nothing to recompute */
        if (p->follow)
            snap_to_optimum(p);
        else
            derive_third(p, 0);
        break;
    case CTL_PARAMS:
        if (!slider_key(&p->s_n, ev))
            return left || right ? PANE_HANDLED : PANE_IGNORED;
        p->follow = false;
        derive_third(p, 1);
        break;
    case CTL_TOKENS:
        if (!slider_key(&p->s_d, ev))
            return left || right ? PANE_HANDLED : PANE_IGNORED;
        p->follow = false;
        derive_third(p, 2);
        break;
    case CTL_LAW:
        if (!left && !right)
            return PANE_IGNORED;
        cycle(&p->law, LAW_COUNT, right ? 1 : -1);
        if (p->follow)
            snap_to_optimum(p);
        break;
    case CTL_GPU: {
        if (!left && !right)
            return PANE_IGNORED;
        int g = (int)p->gpu;
        if (!cycle(&g, (int)p->gpus.count, right ? 1 : -1))
            return PANE_HANDLED;
        p->gpu = (size_t)g;
        break;
    }
    case CTL_GPUS:
        if (!slider_key(&p->s_gpus, ev))
            return left || right ? PANE_HANDLED : PANE_IGNORED;
        break;
    case CTL_MFU:
        if (!slider_key(&p->s_mfu, ev))
            return left || right ? PANE_HANDLED : PANE_IGNORED;
        break;
    case CTL_INFER:
        if (!slider_key(&p->s_inf, ev))
            return left || right ? PANE_HANDLED : PANE_IGNORED;
        break;
    default:
        return PANE_IGNORED;
    }
    recompute(p);
    return PANE_HANDLED | PANE_CHANGED;
}

const PanelClass scaling_panel = {
    .open = scaling_open,
    .headline = scaling_panel_headline,
    .export = scaling_panel_export,
    .name = "scaling",
    .title = "Scaling",
    .summary = "compute-optimal N and D per law, loss, training time, serving-aware optimum",
    .keys = scaling_keys,
    .nkeys = sizeof scaling_keys / sizeof scaling_keys[0],
    .create = scaling_create,
    .destroy = scaling_destroy,
    .resize = scaling_resize,
    .draw = scaling_panel_draw,
    .key = scaling_key,
    .save = scaling_save,
};
