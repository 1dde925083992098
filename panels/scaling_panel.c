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
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    /* ← → h l, H L, Home End: handed to the selected control */
    {KEY_LEFT, true, ACT_SLIDER, "← → h l", "change it (H L: ten steps)"},
    {'[', false, ACT_LAW_PREV, "[ ]", "previous / next scaling law"},
    {']', false, ACT_LAW_NEXT, NULL, NULL},
    {'o', false, ACT_OPTIMUM, "o", "N, D back to the law's optimum for C", "optimum"},
    {'t', false, ACT_TABLE, "t", "plots / table (when both do not fit)", "table"},
    {'w', false, ACT_WHY, "w", "why: the formulas with your numbers", "why"},
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

/* Calls the engine for the current query and keeps everything draw needs. */
static void recompute(ScalingPanel *p)
{
    const ScalingLaw *law = scaling_panel_law(p);
    double c = p->s_c.value;
    for (int i = 0; i < LAW_COUNT; i++)
        p->opt[i] = scaling_optimum(scaling_law((ScalingLawId)i), c);
    p->mine = scaling_evaluate(law, p->s_n.value, p->s_d.value);
    p->mine_opt_loss = scaling_optimum(law, p->mine.compute).loss;

    const GpuPreset *g = scaling_panel_gpu(p);
    p->has_tt = g != NULL;
    if (g)
        p->tt = scaling_train_time(p->mine.compute, g->bf16_flops, (int)p->s_gpus.value,
                                   p->s_mfu.value);

    RError err;
    p->io_law = law->kind == LAW_KIND_PARAMETRIC ? p->law : LAW_CHINCHILLA3;
    if (scaling_inference_optimum_for_budget(scaling_law((ScalingLawId)p->io_law), c,
                                             p->s_inf.value, &p->io, &err) != 0)
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
    /* Slider ranges: compute 1e18-1e28 FLOP (the range); one press = 10^0.1. */
    const double dec10 = 1.2589254117941673; /* 10^0.1 */
    p->s_c = (Slider){.label = "compute", .unit = "FLOP", .min = 1e18, .max = 1e28,
                      .value = SCALING_GOPHER_FLOPS, .step = dec10, .log = true,
                      .format = SLIDER_SCI};
    p->s_n = (Slider){.label = "params N", .min = 1e6, .max = 1e16, .value = 1e9, .step = dec10,
                      .log = true, .format = SLIDER_COUNT};
    p->s_d = (Slider){.label = "tokens D", .min = 1e6, .max = 1e18, .value = 1e10, .step = dec10,
                      .log = true, .format = SLIDER_COUNT};
    p->s_gpus = (Slider){.label = "GPUs", .min = 1, .max = 1048576, .value = 1024, .step = 2,
                         .log = true, .integer = true, .format = SLIDER_COUNT};
    p->s_mfu = (Slider){.label = "MFU", .min = 0.05, .max = 0.9, .value = 0.4, .step = 0.01,
                        .format = SLIDER_PERCENT};
    p->s_inf = (Slider){.label = "inference", .unit = "tok", .min = 1e9, .max = 1e17,
                        .value = 1e13, .step = dec10, .log = true, .format = SLIDER_COUNT};
    p->law = LAW_CHINCHILLA3;
    p->follow = true;
    p->hist[0] = 0;
    p->hist[1] = 1;
    /* Restore the last query. */
    const cJSON *s = saved;
    const cJSON *it;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "compute")) && cJSON_IsNumber(it))
        slider_set(&p->s_c, it->valuedouble);
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "law")) && cJSON_IsString(it) &&
        scaling_law_find(it->valuestring) >= 0)
        p->law = scaling_law_find(it->valuestring);
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "gpu")) && cJSON_IsString(it) && p->gpus.count) {
        const GpuPreset *g = gpu_find(&p->gpus, it->valuestring);
        if (g)
            p->gpu = (size_t)(g - p->gpus.items);
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "gpus")) && cJSON_IsNumber(it))
        slider_set(&p->s_gpus, it->valuedouble);
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "mfu")) && cJSON_IsNumber(it))
        slider_set(&p->s_mfu, it->valuedouble);
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "inference_tokens")) && cJSON_IsNumber(it))
        slider_set(&p->s_inf, it->valuedouble);
    snap_to_optimum(p);
    recompute(p);
    return p;
}

/* A number within the slider's range, or false. */
static bool parse_setting(const Slider *s, const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= s->min && x <= s->max))
        return false;
    *out = x;
    return true;
}

/* `:pane scaling compute=5.76e23 law=epoch gpu=h100-sxm gpus=1024 mfu=0.4 inference=1e13`, or a
 * note's "Try it" link; a bare word is a law name. Everything is checked before anything
 * changes; then N and D go back on the law's optimum. */
static bool scaling_open(void *st, const char *arg)
{
    ScalingPanel *p = st;
    if (!arg || !*arg)
        return true;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", arg);
    Slider *sliders[] = {&p->s_c, &p->s_gpus, &p->s_mfu, &p->s_inf};
    static const char *const keys[] = {"compute", "gpus", "mfu", "inference"};
    double val[4];
    bool set[4] = {false};
    int law = -1;
    long gpu = -1;
    const char *bad = NULL;
    for (char *save = NULL, *tok = strtok_r(buf, " ,&?", &save); tok && !bad;
         tok = strtok_r(NULL, " ,&?", &save)) {
        char *eq = strchr(tok, '=');
        const char *key = eq ? (*eq = '\0', tok) : "law";
        const char *v = eq ? eq + 1 : tok;
        bool known = false;
        for (int i = 0; i < 4; i++)
            if (strcmp(key, keys[i]) == 0) {
                known = true;
                if (parse_setting(sliders[i], v, &val[i]))
                    set[i] = true;
                else
                    bad = key;
            }
        if (known)
            continue;
        if (strcmp(key, "law") == 0 && scaling_law_find(v) >= 0)
            law = scaling_law_find(v);
        else if (strcmp(key, "gpu") == 0 && gpu_find(&p->gpus, v))
            gpu = (long)(gpu_find(&p->gpus, v) - p->gpus.items);
        else
            bad = key;
    }
    if (bad) {
        app_status(p->app, STATUS_WARN, "scaling: did not understand '%s' in '%s'; nothing changed",
                   bad, arg);
        return false;
    }
    for (int i = 0; i < 4; i++)
        if (set[i])
            slider_set(sliders[i], val[i]);
    if (law >= 0)
        p->law = law;
    if (gpu >= 0)
        p->gpu = (size_t)gpu;
    p->follow = true;
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
    free(p);
}

static void scaling_save(const void *st, cJSON *state)
{
    const ScalingPanel *p = st;
    cJSON_DeleteItemFromObject(state, "compute");
    cJSON_AddNumberToObject(state, "compute", p->s_c.value);
    cJSON_DeleteItemFromObject(state, "law");
    cJSON_AddStringToObject(state, "law", scaling_panel_law(p)->name);
    cJSON_DeleteItemFromObject(state, "gpu");
    if (scaling_panel_gpu(p))
        cJSON_AddStringToObject(state, "gpu", scaling_panel_gpu(p)->name);
    cJSON_DeleteItemFromObject(state, "gpus");
    cJSON_AddNumberToObject(state, "gpus", p->s_gpus.value);
    cJSON_DeleteItemFromObject(state, "mfu");
    cJSON_AddNumberToObject(state, "mfu", p->s_mfu.value);
    cJSON_DeleteItemFromObject(state, "inference_tokens");
    cJSON_AddNumberToObject(state, "inference_tokens", p->s_inf.value);
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

static PaneResult scaling_key(void *st, const KeyEvent *ev)
{
    ScalingPanel *p = st;
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
