/* The KV pane: sliders and pickers edit a KvQuery and a working KvModel; every change calls
 * kv_estimate once and keeps the report for drawing (kv_panel_draw.c). All figures come from
 * engine/kv; this file arranges them. */
#include "panels/kv_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "panels/registry.h"
#include "tui/overlay.h"
#include "tui/xalloc.h"

enum {
    ACT_UP = 1,
    ACT_DOWN,
    ACT_SLIDER,
    ACT_PICK,
    ACT_SIDE,
    ACT_WHY,
    ACT_RESET,
};

static const KeyBinding kv_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    {KEY_LEFT, true, ACT_SLIDER, "← → h l", "change it (H L: ten steps, Home End)"},
    {'m', false, ACT_PICK, "m, Enter", "pick a model preset (type to filter)", "model"},
    {'r', false, ACT_RESET, "r", "reset the dimensions to the preset", "reset"},
    {'t', false, ACT_SIDE, "t", "small screens: plot / kinds / blocks", "view"},
    {'w', false, ACT_WHY, "w", "why: each formula with your numbers", "why"},
};

static const char *const CTL_LABEL[KC_COUNT] = {
    "model", "batch", "seq len", "layers", "heads", "KV heads", "head dim",
    "TP",    "block", "KV dtype", "weights", "GPU",  "GPUs",    "mem util"};

const Slider *kv_panel_slider(const KvPanel *p, KvCtl c)
{
    switch (c) {
    case KC_MODEL:
    case KC_KV_DTYPE:
    case KC_W_DTYPE:
    case KC_GPU:
        return NULL;
    default:
        return &p->sl[c];
    }
}

const GpuPreset *kv_panel_gpu(const KvPanel *p)
{
    return p->gpus.count ? &p->gpus.items[p->gpu] : NULL;
}

void kv_panel_model_label(const KvPanel *p, char *buf, size_t size)
{
    const char *base = p->preset >= 0 ? p->presets.items[p->preset].label : "config";
    if (p->custom)
        snprintf(buf, size, "custom (from %s)", base);
    else
        snprintf(buf, size, "%s", base);
}

/* ---- the query ------------------------------------------------------------------------- */

/* Copies the model's dimensions into the sliders. */
static void sync_sliders(KvPanel *p)
{
    slider_set(&p->sl[KC_LAYERS], p->model.layers);
    slider_set(&p->sl[KC_HEADS], p->model.heads);
    slider_set(&p->sl[KC_KV_HEADS], p->model.kv_heads);
    slider_set(&p->sl[KC_HEAD_DIM], p->model.head_dim);
}

static void load_preset(KvPanel *p, int index)
{
    if (index < 0 || (size_t)index >= p->presets.count)
        return;
    p->preset = index;
    p->model = p->presets.items[index].model;
    p->custom = false;
    sync_sliders(p);
}

/* The "why" overlay: every formula with the current numbers. */
static void open_why(KvPanel *p)
{
    TextLines why;
    lines_init(&why);
    if (!p->ok) {
        lines_new(&why, 0, 0);
        lines_append(&why, p->error, strlen(p->error), STYLE(TH_BAD));
        app_push_text(p->app, "why: the KV formulas with your numbers", &why, 'w');
        return;
    }
    size_t need = kv_explain(&p->model, &p->q, &p->r, NULL, 0) + 1;
    char *buf = xmalloc(need);
    kv_explain(&p->model, &p->q, &p->r, buf, need);
    for (char *s = buf; *s;) {
        char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        lines_new(&why, 0, 0);
        bool head = len > 0 && s[0] != ' ';
        lines_append(&why, s, len, STYLE(head ? TH_HEADING : TH_NORMAL));
        s += len + (nl ? 1 : 0);
    }
    free(buf);
    app_push_text(p->app, "why: the KV formulas with your numbers", &why, 'w');
}

/* The one engine call per change: report, curves and the why text. */
static void recompute(KvPanel *p)
{
    KvQuery *q = &p->q;
    kv_query_init(q);
    q->batch = (uint64_t)p->sl[KC_BATCH].value;
    q->seq = (uint64_t)p->sl[KC_SEQ].value;
    q->kv_dtype = (KvDtype)p->kv_dtype;
    q->weight_dtype = (KvDtype)p->w_dtype;
    q->tp = (int)p->sl[KC_TP].value;
    q->block_size = (int)p->sl[KC_BLOCK].value;
    q->gpus = (int)p->sl[KC_GPUS].value;
    q->gpu_util = p->sl[KC_UTIL].value;
    const GpuPreset *g = kv_panel_gpu(p);
    q->gpu_mem_bytes = g ? g->mem_bytes : 80e9;
    RError err;
    rerror_clear(&err);
    p->ok = kv_estimate(&p->model, q, &p->r, &err) == 0;
    if (!p->ok) {
        rerror_format(&err, p->error, sizeof p->error);
        app_status(p->app, STATUS_ERROR, "kv: %s", p->error);
    } else {
        /* KV vs length: 16 tokens .. the slider's end, log-spaced. */
        uint64_t xs[KV_CURVE_PTS];
        double lo = log(16.0), hi = log(p->sl[KC_SEQ].max);
        for (int i = 0; i < KV_CURVE_PTS; i++) {
            xs[i] = (uint64_t)llround(exp(lo + (hi - lo) * i / (KV_CURVE_PTS - 1)));
            p->cx[i] = (double)xs[i];
            p->cn[i] = (double)kv_naive_bytes(&p->model, q->kv_dtype, q->batch, xs[i]);
        }
        kv_curve(&p->model, q, xs, KV_CURVE_PTS, p->cy);
    }
}

/* Keeps GPUs a multiple of TP (the engine's rule) after either changed. */
static void fix_gpus(KvPanel *p, bool tp_changed)
{
    int tp = (int)p->sl[KC_TP].value, n = (int)p->sl[KC_GPUS].value;
    if (n < tp || tp_changed)
        n = n < tp ? tp : (n + tp - 1) / tp * tp;
    else
        n = n / tp * tp;
    slider_set(&p->sl[KC_GPUS], n);
}

/* ---- the picker ------------------------------------------------------------------------ */

static void picked(void *owner, size_t index)
{
    KvPanel *p = owner;
    load_preset(p, (int)index);
    recompute(p);
}

static void open_picker(KvPanel *p)
{
    if (!p->presets.count) {
        app_status(p->app, STATUS_WARN, "kv: no model presets loaded");
        return;
    }
    char **rows = xcalloc(p->presets.count, sizeof *rows);
    for (size_t i = 0; i < p->presets.count; i++) {
        const KvPreset *k = &p->presets.items[i];
        char buf[160];
        snprintf(buf, sizeof buf, "%-22s %-14s %3d layers", k->label, k->model.family,
                 k->model.layers);
        rows[i] = xstrdup(buf);
    }
    app_push_overlay(p->app, &picker_overlay_class,
                     picker_overlay_new("model preset", (const char *const *)rows,
                                        p->presets.count, (size_t)(p->preset < 0 ? 0 : p->preset),
                                        picked, p));
    for (size_t i = 0; i < p->presets.count; i++)
        free(rows[i]);
    free(rows);
}

/* ---- create / destroy / save / open ---------------------------------------------------- */

static void set_from_state(KvPanel *p, const cJSON *s)
{
    const cJSON *it;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "model")) && cJSON_IsString(it)) {
        const KvPreset *k = kv_presets_find(&p->presets, it->valuestring);
        if (k)
            load_preset(p, (int)(k - p->presets.items));
    }
    static const struct {
        const char *key;
        KvCtl c;
    } nums[] = {{"batch", KC_BATCH}, {"seq", KC_SEQ},   {"tp", KC_TP},
                {"block", KC_BLOCK}, {"gpus", KC_GPUS}, {"util", KC_UTIL}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if ((it = cJSON_GetObjectItemCaseSensitive(s, nums[i].key)) && cJSON_IsNumber(it))
            slider_set(&p->sl[nums[i].c], it->valuedouble);
    KvDtype t;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "kv_dtype")) && cJSON_IsString(it) &&
        kv_dtype_parse(it->valuestring, &t) == 0)
        p->kv_dtype = t;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "weight_dtype")) && cJSON_IsString(it) &&
        kv_dtype_parse(it->valuestring, &t) == 0)
        p->w_dtype = t;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "gpu")) && cJSON_IsString(it)) {
        const GpuPreset *g = gpu_find(&p->gpus, it->valuestring);
        if (g)
            p->gpu = (size_t)(g - p->gpus.items);
    }
    fix_gpus(p, false);
}

static void *kv_create(App *app, const cJSON *saved)
{
    KvPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    p->preset = -1;
    char path[4200], msg[700];
    RError err;
    snprintf(path, sizeof path, "%s/models.yaml", app_content_dir(app));
    if (kv_presets_load(path, &p->presets, &err) != 0) {
        rerror_format(&err, msg, sizeof msg);
        app_status(app, STATUS_WARN, "kv: no model presets (%s)", msg);
    }
    snprintf(path, sizeof path, "%s/gpus.yaml", app_content_dir(app));
    if (gpu_list_load(path, &p->gpus, &err) != 0) {
        rerror_format(&err, msg, sizeof msg);
        app_status(app, STATUS_WARN, "kv: no GPU presets (%s)", msg);
    }
    Slider *s = p->sl;
    for (int i = 0; i < KC_COUNT; i++)
        s[i].label = CTL_LABEL[i];
    /* Ranges: batch to 1M sequences, length 16 tokens .. 4M (log, doubling per step). */
    s[KC_BATCH] = (Slider){.label = "batch", .unit = "seq", .min = 1, .max = 1048576, .value = 1,
                           .step = 2, .log = true, .integer = true, .format = SLIDER_INT};
    s[KC_SEQ] = (Slider){.label = "seq len", .unit = "tok", .min = 16, .max = 4194304,
                         .value = 4096, .step = 2, .log = true, .integer = true,
                         .format = SLIDER_INT};
    s[KC_LAYERS] = (Slider){.label = "layers", .min = 1, .max = KV_MAX_LAYERS, .value = 32,
                            .step = 1, .integer = true, .format = SLIDER_INT};
    s[KC_HEADS] = (Slider){.label = "heads", .min = 1, .max = 256, .value = 32, .step = 1,
                           .integer = true, .format = SLIDER_INT};
    s[KC_KV_HEADS] = (Slider){.label = "KV heads", .min = 1, .max = 256, .value = 8, .step = 1,
                              .integer = true, .format = SLIDER_INT};
    s[KC_HEAD_DIM] = (Slider){.label = "head dim", .min = 8, .max = 512, .value = 128, .step = 8,
                              .integer = true, .format = SLIDER_INT};
    s[KC_TP] = (Slider){.label = "TP", .min = 1, .max = 64, .value = 1, .step = 2,
                        .log = true, .integer = true, .format = SLIDER_INT};
    s[KC_BLOCK] = (Slider){.label = "block", .unit = "tok", .min = 1, .max = 1024, .value = 16,
                           .step = 2, .log = true, .integer = true, .format = SLIDER_INT};
    s[KC_GPUS] = (Slider){.label = "GPUs", .min = 1, .max = 4096, .value = 1, .step = 2,
                          .log = true, .integer = true, .format = SLIDER_INT};
    s[KC_UTIL] = (Slider){.label = "mem util", .min = 0.1, .max = 1.0, .value = 0.9, .step = 0.01,
                          .format = SLIDER_PERCENT};
    p->kv_dtype = p->w_dtype = KV_DTYPE_BF16;
    kv_model_init(&p->model);
    kv_model_set_layers(&p->model, 32);
    p->model.hidden = 4096;
    p->model.heads = 32;
    p->model.kv_heads = 8;
    p->model.head_dim = 128;
    p->model.intermediate = 14336;
    p->model.vocab = 32000;
    const KvPreset *def = kv_presets_find(&p->presets, "llama-3.1-8b");
    load_preset(p, def ? (int)(def - p->presets.items) : (p->presets.count ? 0 : -1));
    const GpuPreset *h = gpu_find(&p->gpus, "h100-sxm");
    if (h)
        p->gpu = (size_t)(h - p->gpus.items);
    set_from_state(p, saved);
    sync_sliders(p);
    recompute(p);
    return p;
}

static void kv_destroy(void *st)
{
    KvPanel *p = st;
    if (!p)
        return;
    kv_presets_free(&p->presets);
    gpu_list_free(&p->gpus);
    free(p);
}

static void kv_save(const void *st, cJSON *state)
{
    const KvPanel *p = st;
    static const char *const keys[] = {"model", "batch", "seq", "tp", "block", "gpus",
                                       "util", "kv_dtype", "weight_dtype", "gpu"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cJSON_DeleteItemFromObject(state, keys[i]);
    if (p->preset >= 0)
        cJSON_AddStringToObject(state, "model", p->presets.items[p->preset].model.name);
    cJSON_AddNumberToObject(state, "batch", p->sl[KC_BATCH].value);
    cJSON_AddNumberToObject(state, "seq", p->sl[KC_SEQ].value);
    cJSON_AddNumberToObject(state, "tp", p->sl[KC_TP].value);
    cJSON_AddNumberToObject(state, "block", p->sl[KC_BLOCK].value);
    cJSON_AddNumberToObject(state, "gpus", p->sl[KC_GPUS].value);
    cJSON_AddNumberToObject(state, "util", p->sl[KC_UTIL].value);
    cJSON_AddStringToObject(state, "kv_dtype", kv_dtype_name((KvDtype)p->kv_dtype));
    cJSON_AddStringToObject(state, "weight_dtype", kv_dtype_name((KvDtype)p->w_dtype));
    if (kv_panel_gpu(p))
        cJSON_AddStringToObject(state, "gpu", kv_panel_gpu(p)->name);
}

/* `:pane kv llama-3.1-70b batch=8 seq=32768 gpu=h200-sxm`: a preset and optional settings. */
/* A whole number within the slider's range, or false. */
static bool parse_setting(const Slider *s, const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= s->min && x <= s->max) || x != floor(x))
        return false;
    *out = x;
    return true;
}

/* `:pane kv llama-3.1-70b seq=32768 batch=8 tp=4 gpus=8 gpu=h200-sxm kv=fp8`, or a note's link.
 * Everything is checked before anything changes: one bad word and the pane stays as it was. */
static bool kv_open(void *st, const char *arg)
{
    KvPanel *p = st;
    if (!arg || !*arg)
        return true;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", arg);
    long preset = -1;
    double val[KC_COUNT];
    bool set[KC_COUNT] = {false};
    long gpu = -1;
    int kv = -1;
    const char *bad = NULL;
    for (char *save = NULL, *tok = strtok_r(buf, " ,&?", &save); tok && !bad;
         tok = strtok_r(NULL, " ,&?", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            const KvPreset *k = kv_presets_find(&p->presets, tok);
            if (k)
                preset = (long)(k - p->presets.items);
            else
                bad = tok;
            continue;
        }
        *eq = '\0';
        const char *v = eq + 1;
        static const struct { const char *key; KvCtl ctl; } sliders[] = {
            {"batch", KC_BATCH}, {"seq", KC_SEQ}, {"tp", KC_TP}, {"gpus", KC_GPUS}};
        bool known = false;
        for (size_t i = 0; i < sizeof sliders / sizeof sliders[0]; i++)
            if (strcmp(tok, sliders[i].key) == 0) {
                known = true;
                KvCtl c = sliders[i].ctl;
                if (parse_setting(&p->sl[c], v, &val[c]))
                    set[c] = true;
                else
                    bad = tok;
            }
        if (known)
            continue;
        KvDtype t;
        if (strcmp(tok, "gpu") == 0 && gpu_find(&p->gpus, v))
            gpu = (long)(gpu_find(&p->gpus, v) - p->gpus.items);
        else if ((strcmp(tok, "kv") == 0 || strcmp(tok, "kv_dtype") == 0) &&
                 kv_dtype_parse(v, &t) == 0)
            kv = (int)t;
        else
            bad = tok;
    }
    double tp = set[KC_TP] ? val[KC_TP] : p->sl[KC_TP].value;
    double gpus = set[KC_GPUS] ? val[KC_GPUS] : p->sl[KC_GPUS].value;
    if (!bad && (set[KC_TP] || set[KC_GPUS]) && fmod(gpus, tp) != 0) {
        app_status(p->app, STATUS_WARN, "kv: gpus (%.0f) must be a multiple of tp (%.0f); nothing changed",
                   gpus, tp);
        return false;
    }
    if (bad) {
        app_status(p->app, STATUS_WARN, "kv: did not understand '%s' in '%s'; nothing changed", bad, arg);
        return false;
    }
    if (preset >= 0)
        load_preset(p, (int)preset);
    for (int c = 0; c < KC_COUNT; c++)
        if (set[c])
            slider_set(&p->sl[c], val[c]);
    if (gpu >= 0)
        p->gpu = (size_t)gpu;
    if (kv >= 0)
        p->kv_dtype = kv;
    fix_gpus(p, false);
    recompute(p);
    return true;
}

static void kv_resize(void *st, Rect area)
{
    KvPanel *p = st;
    p->area = area;
    Rect r = rect_inset(area, 0, 1);
    Rect top = rect_take_top(&r, KC_COUNT);
    rect_split_h(top, 46, 34, 2, &p->controls, &p->results);
    if (area.w < 90 && p->controls.w > 30) { /* narrow: short tracks, room for the figures */
        p->results.x -= p->controls.w - 30;
        p->results.w += p->controls.w - 30;
        p->controls.w = 30;
    }
    if (p->controls.w > 60) {
        p->results.x -= p->controls.w - 60;
        p->results.w += p->controls.w - 60;
        p->controls.w = 60;
    }
    if (r.h >= 16) { /* tall: the memory bar spans the width below the controls */
        rect_take_top(&r, 1);
        p->membar = rect_take_top(&r, 3);
    } else { /* short: it goes under the figures, and the plot keeps the bottom rows */
        p->membar = rect_take_bottom(&p->results, p->results.w < 70 ? 4 : 3);
    }
    p->small = r.h < 12 || r.w < 100;
    if (p->small) {
        p->plot = r;
        p->side = r;
    } else if (area.w >= 160 && p->results.w >= 48 + 2 + 56) {
        /* very wide: the per-kind and block breakdown sits beside the figures (the top rows
         * were half empty) and the plot takes the full width below */
        p->side = rect_make(p->results.y, p->results.x + 50, p->results.h, p->results.w - 50);
        if (p->side.w > 90)
            p->side.w = 90;
        p->results.w = 48;
        p->plot = r;
    } else {
        rect_split_h(r, 55, 40, 2, &p->plot, &p->side);
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

/* A dimension slider moved: copy it into the model, which becomes custom. */
static void edit_dimension(KvPanel *p, KvCtl c)
{
    KvModel *m = &p->model;
    int v = (int)p->sl[c].value;
    switch (c) {
    case KC_LAYERS: kv_model_set_layers(m, v); break;
    case KC_HEADS:
        m->heads = v;
        if (m->kv_heads > v)
            m->kv_heads = v;
        break;
    case KC_KV_HEADS:
        if (v > m->heads)
            v = m->heads;
        m->kv_heads = v;
        break;
    case KC_HEAD_DIM: m->head_dim = v; break;
    default: return;
    }
    p->custom = true;
    snprintf(m->name, sizeof m->name, "custom");
    sync_sliders(p);
}

static PaneResult kv_key(void *st, const KeyEvent *ev)
{
    KvPanel *p = st;
    int act = key_is_enter(ev) ? ACT_PICK
                               : keymap_action(kv_keys, sizeof kv_keys / sizeof kv_keys[0], ev);
    switch (act) {
    case ACT_UP: p->focus = (p->focus + KC_COUNT - 1) % KC_COUNT; return PANE_HANDLED;
    case ACT_DOWN: p->focus = (p->focus + 1) % KC_COUNT; return PANE_HANDLED;
    case ACT_PICK: open_picker(p); return PANE_HANDLED;
    case ACT_SIDE: p->view = (p->view + 1) % 3; return PANE_HANDLED;
    case ACT_WHY: open_why(p); return PANE_HANDLED;
    case ACT_RESET:
        load_preset(p, p->preset);
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
    int dir = right ? 1 : -1;
    KvCtl c = (KvCtl)p->focus;
    switch (c) {
    case KC_MODEL: {
        int i = p->preset < 0 ? 0 : p->preset;
        if (!cycle(&i, (int)p->presets.count, dir))
            return PANE_HANDLED;
        load_preset(p, i);
        break;
    }
    case KC_KV_DTYPE: cycle(&p->kv_dtype, KV_DTYPE_COUNT, dir); break;
    case KC_W_DTYPE: cycle(&p->w_dtype, KV_DTYPE_COUNT, dir); break;
    case KC_GPU: {
        int g = (int)p->gpu;
        if (!cycle(&g, (int)p->gpus.count, dir))
            return PANE_HANDLED;
        p->gpu = (size_t)g;
        break;
    }
    default:
        if (!slider_key(&p->sl[c], ev))
            return PANE_HANDLED; /* at an end: used, nothing changed */
        if (c == KC_TP || c == KC_GPUS)
            fix_gpus(p, c == KC_TP);
        edit_dimension(p, c);
        break;
    }
    recompute(p);
    return PANE_HANDLED | PANE_CHANGED;
}

static void kv_draw(const void *st, WINDOW *w, Rect area)
{
    (void)area;
    kv_panel_draw_all(st, w);
}

const PanelClass kv_panel = {
    .name = "kv",
    .title = "KV cache",
    .summary = "KV-cache and serving memory: does it fit, how many sequences, how long",
    .keys = kv_keys,
    .nkeys = sizeof kv_keys / sizeof kv_keys[0],
    .create = kv_create,
    .destroy = kv_destroy,
    .resize = kv_resize,
    .draw = kv_draw,
    .key = kv_key,
    .open = kv_open,
    .headline = kv_panel_headline,
    .export = kv_panel_export,
    .save = kv_save,
};
