/* The Inference pane: the infer settings (engine/infer, one table) edited by sliders and
 * pickers; every change runs the roofline, a seeded serving simulation and the speculative
 * decoding report once, and the views draw those reports (infer_panel_draw.c). The rate sweep
 * (infer_panel_sweep.c) runs one simulation per tick so it shows progress and can be
 * cancelled. */
#include "panels/pane_common.h"
#include "panels/infer_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/infer/explain.h"
#include "panels/registry.h"
#include "tui/overlay.h"
#include "tui/xalloc.h"

enum {
    ACT_UP = 1,
    ACT_DOWN,
    ACT_CHANGE,
    ACT_VIEW,
    ACT_VIEW_BACK,
    ACT_SWEEP,
    ACT_CANCEL,
    ACT_WHY,
    ACT_MODEL,
    ACT_GPU,
    ACT_SEED,
    ACT_RESET,
};

static const KeyBinding infer_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    {KEY_LEFT, true, ACT_CHANGE, "← → h l", "change it (H L: ten steps)"},
    {'v', false, ACT_VIEW, "v V", "next / previous view: timeline, blocks, roofline, load, spec",
     "view"},
    {'V', false, ACT_VIEW_BACK, NULL, NULL},
    {'S', false, ACT_SWEEP, "S", "sweep: latency against load for every policy", "sweep"},
    {KEY_ESC, false, ACT_CANCEL, "Esc", "cancel the sweep"},
    {'w', false, ACT_WHY, "w", "why: each formula with your numbers", "why"},
    {'m', false, ACT_MODEL, "m", "pick a model preset"},
    {'g', false, ACT_GPU, "g", "pick a GPU preset"},
    {'n', false, ACT_SEED, "n", "next seed: another random run"},
    {'r', false, ACT_RESET, "r", "reset every setting to its default"},
};

const char *const infer_view_names[IV_COUNT] = {"timeline", "blocks", "roofline", "load",
                                                "spec"};

/* Prefill budgets the chunk control steps through (0 = whole prompts). */
static const int chunk_steps[] = {0, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
enum { NCHUNK = sizeof chunk_steps / sizeof chunk_steps[0] };

bool infer_panel_is_slider(InferCtl c)
{
    return c == IC_RATE || c == IC_REQUESTS || c == IC_BLOCK || c == IC_PREFIX ||
           c == IC_ALPHA || c == IC_GAMMA;
}

const char *infer_panel_choice(const InferPanel *p, InferCtl c, char *buf, size_t size)
{
    const InferQuery *q = &p->q;
    switch (c) {
    case IC_MODEL: {
        const KvPreset *k = kv_presets_find(&p->presets.models, q->model);
        snprintf(buf, size, "%s", k ? k->label : q->model);
        break;
    }
    case IC_GPU: {
        const GpuPreset *g = gpu_find(&p->presets.gpus, q->gpu);
        snprintf(buf, size, "%s", g ? g->label : q->gpu);
        break;
    }
    case IC_LENGTHS: snprintf(buf, size, "%s", infer_lengths_name(q->lengths)); break;
    case IC_SCHED: snprintf(buf, size, "%s", infer_sched_name(q->sched)); break;
    case IC_ALLOC: snprintf(buf, size, "%s", infer_alloc_name(q->alloc)); break;
    case IC_CHUNK:
        if (q->chunk > 0)
            snprintf(buf, size, "%d tokens", q->chunk);
        else
            snprintf(buf, size, "off");
        break;
    default: buf[0] = '\0'; break;
    }
    return buf;
}

/* ---- settings <-> sliders -------------------------------------------------------------- */

static const char *const slider_key_name[IC_COUNT] = {
    [IC_RATE] = "rate",   [IC_REQUESTS] = "requests",   [IC_BLOCK] = "block_size",
    [IC_PREFIX] = "prefix_share", [IC_ALPHA] = "alpha", [IC_GAMMA] = "gamma"};

/* A slider whose range is the table's (one declaration for the CLI, links and the pane). */
static void slider_from_table(Slider *s, InferCtl c, const char *label, double step, bool log,
                              SliderFormat fmt, int decimals)
{
    const ParamSpec *spec = param_find(infer_params(), slider_key_name[c]);
    *s = (Slider){.label = label, .unit = spec->unit, .min = spec->min, .max = spec->max,
                  .value = spec->def, .step = step, .log = log,
                  .integer = spec->kind != PARAM_REAL, .format = fmt, .decimals = decimals};
    if (log && s->min <= 0)
        s->min = 1;
}

static void sliders_from_query(InferPanel *p)
{
    for (int c = 0; c < IC_COUNT; c++)
        if (infer_panel_is_slider((InferCtl)c))
            slider_set(&p->sl[c], param_get(param_find(infer_params(), slider_key_name[c]), &p->q));
}

static void query_from_sliders(InferPanel *p)
{
    for (int c = 0; c < IC_COUNT; c++)
        if (infer_panel_is_slider((InferCtl)c))
            param_set(param_find(infer_params(), slider_key_name[c]), &p->q, p->sl[c].value);
}

/* ---- the one engine pass per change ---------------------------------------------------- */

static void plot_data(InferPanel *p)
{
    /* decode at batch 1..8192 (doubling): intensity against achieved FLOP/s */
    for (int i = 0; i < RF_PTS; i++) {
        double b = pow(2, i);
        InferStepLoad l = infer_decode_load(&p->hw, b, p->q.context);
        InferStepCost c;
        infer_step_cost(&p->hw, &l, &c);
        p->rf_b[i] = b;
        p->rf_x[i] = c.intensity;
        p->rf_y[i] = c.flops / c.time;
    }
    /* the roof: bandwidth x intensity up to the ridge, then the compute peak (at the stated
     * efficiencies, the ceiling the simulator's steps hit) */
    double lo = 0.1, hi = 1e5;
    for (int i = 0; i < 2 * RF_PTS; i++) {
        double x = lo * pow(hi / lo, i / (2.0 * RF_PTS - 1));
        p->roof_x[i] = x;
        p->roof_y[i] = fmin(p->hw.flops_eff, p->hw.bw_eff * x);
    }
    double mb = p->sim.mean_batch > 1 ? p->sim.mean_batch : 1;
    InferStepLoad l = infer_decode_load(&p->hw, mb, p->q.context);
    InferStepCost c;
    infer_step_cost(&p->hw, &l, &c);
    p->cur_batch = mb;
    p->cur_x = c.intensity;
    p->cur_y = c.flops / c.time;
    l = infer_prefill_load(&p->hw, 0, p->q.prompt);
    infer_step_cost(&p->hw, &l, &c);
    p->pre_x = c.intensity;
    p->pre_y = c.flops / c.time;
    for (int g = 1; g <= SP_PTS; g++) {
        p->sp_x[g - 1] = g;
        p->sp_y[g - 1] = infer_spec_speedup(p->q.alpha, g, p->c);
        p->sp_e[g - 1] = infer_spec_expected_tokens(p->q.alpha, g);
    }
}

static void recompute(InferPanel *p)
{
    query_from_sliders(p);
    infer_sim_report_free(&p->sim);
    memset(&p->sim, 0, sizeof p->sim);
    p->ok = false;
    RError err;
    rerror_clear(&err);
    if (!p->have_presets) {
        snprintf(p->error, sizeof p->error, "no presets loaded from %s", app_content_dir(p->app));
        return;
    }
    InferSimOptions opt = {.snapshot = true, .timeline = true};
    int rc = infer_presets_hw(&p->presets, &p->q, NULL, &p->hw, &err);
    if (rc == 0)
        rc = infer_simulate(&p->hw, &p->q, &opt, &p->sim, &err);
    if (rc == 0) {
        p->roof_q = p->q;
        p->roof_q.batch = p->sim.mean_batch > 1 ? (int)lround(p->sim.mean_batch) : 1;
        infer_roofline(&p->hw, &p->roof_q, &p->roof);
        p->c = 0.05;
        InferHw draft;
        if (p->q.c >= 0)
            p->c = p->q.c;
        else if (infer_presets_hw(&p->presets, &p->q, p->q.draft, &draft, &err) == 0)
            p->c = infer_spec_cost_ratio(&draft, &p->hw, 1, p->q.context);
        rc = infer_spec(p->q.alpha, p->q.gamma, p->c, p->q.runs, p->q.seed, &p->spec, &err);
    }
    if (rc) {
        rerror_format(&err, p->error, sizeof p->error);
        app_status(p->app, STATUS_ERROR, "infer: %s", p->error);
        return;
    }
    p->ok = true;
    plot_data(p);
    if (p->sweep) {
        infer_sweep_cancel(p, "stopped: the settings changed");
        p->sweep_stale = true;
    }
}

/* The why text (infer_explain with the pane's reports), a new string. */
static char *why_text(const InferPanel *p)
{
    size_t need = infer_explain(&p->hw, &p->roof_q, &p->roof, &p->sim, &p->spec, p->c, NULL, 0) + 1;
    char *buf = xmalloc(need);
    infer_explain(&p->hw, &p->roof_q, &p->roof, &p->sim, &p->spec, p->c, buf, need);
    return buf;
}

static char *infer_export(const void *st)
{
    const InferPanel *p = st;
    if (!p->ok)
        return NULL;
    char *why = why_text(p);
    char *md = handout_from_why("Inference: roofline, serving simulation, speculative decoding", why);
    free(why);
    return md;
}

static void open_why(InferPanel *p)
{
    TextLines why;
    lines_init(&why);
    if (!p->ok) {
        lines_new(&why, 0, 0);
        lines_append(&why, p->error, strlen(p->error), STYLE(TH_BAD));
    } else {
        char *buf = why_text(p);
        for (char *s = buf; *s;) {
            char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            lines_new(&why, 0, 0);
            lines_append(&why, s, len, STYLE(len > 0 && s[0] != ' ' ? TH_HEADING : TH_NORMAL));
            s += len + (nl ? 1 : 0);
        }
        free(buf);
    }
    infer_push_overlay(p, &text_overlay_class,
                 text_overlay_new("why: inference, with your numbers", &why, 'w'));
}

static void picked_model(void *owner, size_t i)
{
    InferPanel *p = owner;
    snprintf(p->q.model, sizeof p->q.model, "%s", p->presets.models.items[i].model.name);
    recompute(p);
}

static void picked_gpu(void *owner, size_t i)
{
    InferPanel *p = owner;
    snprintf(p->q.gpu, sizeof p->q.gpu, "%s", p->presets.gpus.items[i].name);
    recompute(p);
}

static void open_picker(InferPanel *p, bool gpu)
{
    size_t n = gpu ? p->presets.gpus.count : p->presets.models.count;
    if (n == 0) {
        app_status(p->app, STATUS_WARN, "infer: no presets loaded");
        return;
    }
    char **rows = xcalloc(n, sizeof *rows);
    size_t sel = 0;
    for (size_t i = 0; i < n; i++) {
        char buf[160];
        if (gpu) {
            const GpuPreset *g = &p->presets.gpus.items[i];
            snprintf(buf, sizeof buf, "%-18s %6.0f GB %6.2f TB/s %5.0f TFLOP/s", g->label,
                     g->mem_bytes / 1e9, g->bandwidth / 1e12, g->bf16_flops / 1e12);
            if (strcmp(g->name, p->q.gpu) == 0)
                sel = i;
        } else {
            const KvPreset *k = &p->presets.models.items[i];
            snprintf(buf, sizeof buf, "%-22s %-14s %3d layers", k->label, k->model.family,
                     k->model.layers);
            if (strcmp(k->model.name, p->q.model) == 0)
                sel = i;
        }
        rows[i] = xstrdup(buf);
    }
    infer_push_overlay(p, &picker_overlay_class,
                 picker_overlay_new(gpu ? "GPU preset" : "model preset", (const char *const *)rows,
                                    n, sel, gpu ? picked_gpu : picked_model, p));
    for (size_t i = 0; i < n; i++)
        free(rows[i]);
    free(rows);
}

/* ---- create / destroy / save / open ---------------------------------------------------- */

static void *infer_create(App *app, const cJSON *saved)
{
    InferPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    RError err;
    if (infer_presets_load(app_content_dir(app), &p->presets, &err) == 0) {
        p->have_presets = true;
    } else {
        char msg[700];
        rerror_format(&err, msg, sizeof msg);
        app_status(app, STATUS_WARN, "infer: no presets (%s)", msg);
    }
    infer_query_init(&p->q);
    if (saved && param_from_json(infer_params(), &p->presets.ctx, saved, &p->q, false, NULL,
                                 &err) != 0)
        app_status(app, STATUS_WARN, "infer: saved settings: %s", err.msg);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(saved, "view");
    for (int i = 0; i < IV_COUNT && cJSON_IsString(v); i++)
        if (strcmp(v->valuestring, infer_view_names[i]) == 0)
            p->view = i;
    slider_from_table(&p->sl[IC_RATE], IC_RATE, "rate", 1.25, true, SLIDER_FLOAT, 3);
    slider_from_table(&p->sl[IC_REQUESTS], IC_REQUESTS, "requests", 2, true, SLIDER_COUNT, 0);
    slider_from_table(&p->sl[IC_BLOCK], IC_BLOCK, "block", 2, true, SLIDER_INT, 0);
    slider_from_table(&p->sl[IC_PREFIX], IC_PREFIX, "prefix", 0.05, false, SLIDER_PERCENT, 0);
    slider_from_table(&p->sl[IC_ALPHA], IC_ALPHA, "alpha", 0.05, false, SLIDER_FLOAT, 2);
    slider_from_table(&p->sl[IC_GAMMA], IC_GAMMA, "gamma", 1, false, SLIDER_INT, 0);
    sliders_from_query(p);
    recompute(p);
    return p;
}

static void infer_destroy(void *st)
{
    InferPanel *p = st;
    if (!p)
        return;
    infer_sim_report_free(&p->sim);
    infer_presets_free(&p->presets);
    free(p->sweep);
    free(p);
}

static void infer_save(const void *st, cJSON *state)
{
    const InferPanel *p = st;
    param_to_json(infer_params(), &p->q, state);
    cJSON_DeleteItemFromObjectCaseSensitive(state, "view");
    cJSON_AddStringToObject(state, "view", infer_view_names[p->view]);
}

/* `:pane infer opt-13b gpu=a100-sxm-40gb alloc=max view=blocks`, or a note's link. A view=
 * word picks the view; `defaults` starts from the defaults (so a link shows the same thing
 * whatever was set before); the rest are settings (all or nothing). */
static bool infer_open(void *st, const char *arg)
{
    InferPanel *p = st;
    if (!arg || !*arg)
        return true;
    char buf[1024], rest[1024];
    snprintf(buf, sizeof buf, "%s", arg);
    rest[0] = '\0';
    int view = -1;
    bool defaults = false;
    size_t used = 0;
    for (char *save = NULL, *tok = strtok_r(buf, " ,&?", &save); tok;
         tok = strtok_r(NULL, " ,&?", &save)) {
        if (strcmp(tok, "defaults") == 0) {
            defaults = true;
            continue;
        }
        if (strncmp(tok, "view=", 5) == 0) {
            for (int i = 0; i < IV_COUNT; i++)
                if (strcmp(tok + 5, infer_view_names[i]) == 0)
                    view = i;
            if (view < 0) {
                app_status(p->app, STATUS_WARN,
                           "infer: no view '%s' (timeline, blocks, roofline, load, spec); nothing "
                           "changed", tok + 5);
                return false;
            }
            continue;
        }
        used += (size_t)snprintf(rest + used, used < sizeof rest ? sizeof rest - used : 0, "%s ",
                                 tok);
    }
    InferQuery q = p->q;
    if (defaults)
        infer_query_init(&q);
    RError err;
    if (param_parse_pairs(infer_params(), &p->presets.ctx, rest, &q, NULL, &err) != 0) {
        app_status(p->app, STATUS_WARN, "infer: %s; nothing changed", err.msg);
        return false;
    }
    p->q = q;
    if (view >= 0)
        p->view = view;
    sliders_from_query(p);
    recompute(p);
    return true;
}

/* ---- keys ------------------------------------------------------------------------------ */

static bool cycle(int *v, int n, int dir)
{
    if (n <= 0)
        return false;
    *v = (*v + dir + n) % n;
    return true;
}

static void cycle_preset(InferPanel *p, bool gpu, int dir)
{
    int n = (int)(gpu ? p->presets.gpus.count : p->presets.models.count), i = 0;
    for (int k = 0; k < n; k++) {
        const char *name = gpu ? p->presets.gpus.items[k].name : p->presets.models.items[k].model.name;
        if (strcmp(name, gpu ? p->q.gpu : p->q.model) == 0)
            i = k;
    }
    if (!cycle(&i, n, dir))
        return;
    if (gpu)
        snprintf(p->q.gpu, sizeof p->q.gpu, "%s", p->presets.gpus.items[i].name);
    else
        snprintf(p->q.model, sizeof p->q.model, "%s", p->presets.models.items[i].model.name);
}

static void change(InferPanel *p, InferCtl c, int dir)
{
    InferQuery *q = &p->q;
    int v;
    switch (c) {
    case IC_MODEL: cycle_preset(p, false, dir); break;
    case IC_GPU: cycle_preset(p, true, dir); break;
    case IC_LENGTHS: v = q->lengths; cycle(&v, INFER_LEN_COUNT, dir); q->lengths = (InferLengths)v; break;
    case IC_SCHED: v = q->sched; cycle(&v, INFER_SCHED_COUNT, dir); q->sched = (InferSched)v; break;
    case IC_ALLOC: v = q->alloc; cycle(&v, INFER_ALLOC_COUNT, dir); q->alloc = (InferAlloc)v; break;
    case IC_CHUNK: {
        int i = 0;
        for (int k = 0; k < NCHUNK; k++)
            if (chunk_steps[k] <= q->chunk)
                i = k;
        i = i + dir < 0 ? 0 : i + dir >= NCHUNK ? NCHUNK - 1 : i + dir;
        q->chunk = chunk_steps[i];
        break;
    }
    default: break;
    }
}

static PaneResult infer_key(void *st, const KeyEvent *ev)
{
    InferPanel *p = st;
    if (key_is_fn(ev, INFER_TICK_KEY)) {
        infer_sweep_tick(p);
        return PANE_HANDLED;
    }
    infer_sweep_resume(p, false);
    int act = keymap_action(infer_keys, sizeof infer_keys / sizeof infer_keys[0], ev);
    switch (act) {
    case ACT_UP: p->focus = (p->focus + IC_COUNT - 1) % IC_COUNT; return PANE_HANDLED;
    case ACT_DOWN: p->focus = (p->focus + 1) % IC_COUNT; return PANE_HANDLED;
    case ACT_VIEW: p->view = (p->view + 1) % IV_COUNT; return PANE_HANDLED;
    case ACT_VIEW_BACK: p->view = (p->view + IV_COUNT - 1) % IV_COUNT; return PANE_HANDLED;
    case ACT_SWEEP: infer_sweep_start(p); return PANE_HANDLED;
    case ACT_CANCEL:
        if (!p->sweeping)
            return PANE_IGNORED;
        infer_sweep_cancel(p, "cancelled");
        return PANE_HANDLED;
    case ACT_WHY: open_why(p); return PANE_HANDLED;
    case ACT_MODEL: open_picker(p, false); return PANE_HANDLED;
    case ACT_GPU: open_picker(p, true); return PANE_HANDLED;
    case ACT_SEED:
        p->q.seed++;
        recompute(p);
        return PANE_HANDLED | PANE_CHANGED;
    case ACT_RESET:
        infer_query_init(&p->q);
        sliders_from_query(p);
        recompute(p);
        return PANE_HANDLED | PANE_CHANGED;
    default: break;
    }
    bool left = key_is_left(ev) || key_is(ev, 'H') || key_is_fn(ev, KEY_SLEFT) ||
                key_is_fn(ev, KEY_HOME);
    bool right = key_is_right(ev) || key_is(ev, 'L') || key_is_fn(ev, KEY_SRIGHT) ||
                 key_is_fn(ev, KEY_END);
    if (!left && !right)
        return PANE_IGNORED;
    InferCtl c = (InferCtl)p->focus;
    if (infer_panel_is_slider(c)) {
        if (!slider_key(&p->sl[c], ev))
            return PANE_HANDLED; /* at an end: used, nothing changed */
    } else {
        change(p, c, right ? 1 : -1);
    }
    recompute(p);
    return PANE_HANDLED | PANE_CHANGED;
}

static void infer_resize(void *st, Rect area)
{
    InferPanel *p = st;
    p->area = area;
    Rect r = rect_inset(area, 0, 1);
    p->footer = rect_take_bottom(&r, 1);
    int cw = r.w >= 150 ? 46 : r.w >= 110 ? 40 : r.w >= 76 ? 34 : 28;
    Rect left = rect_take_left(&r, cw);
    rect_take_left(&r, 2);
    p->controls = rect_take_top(&left, IC_COUNT);
    rect_take_top(&left, 1);
    p->results = left;
    p->two_views = r.h >= 34 && r.w >= 70;
    if (p->two_views)
        rect_split_v(r, 50, 14, 1, &p->main, &p->second);
    else {
        p->main = r;
        p->second = rect_make(0, 0, 0, 0);
    }
}

static void infer_show(void *st)
{
    infer_sweep_resume(st, true);
}

static void infer_draw(const void *st, WINDOW *w, Rect area)
{
    (void)area;
    infer_panel_draw_all(st, w);
}

const PanelClass infer_panel = {
    .name = "infer",
    .title = "Inference",
    .summary = "Serving: the decode roofline, batching and PagedAttention simulated, speculative "
               "decoding",
    .keys = infer_keys,
    .nkeys = sizeof infer_keys / sizeof infer_keys[0],
    .create = infer_create,
    .destroy = infer_destroy,
    .resize = infer_resize,
    .draw = infer_draw,
    .key = infer_key,
    .show = infer_show,
    .open = infer_open,
    .headline = infer_panel_headline,
    .export = infer_export,
    .save = infer_save,
};
