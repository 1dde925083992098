/* The KV pane: sliders and pickers edit a KvQuery and a working KvModel; every change calls
 * kv_estimate once and keeps the report for drawing (kv_panel_draw.c). All figures come from
 * engine/kv; this file arranges them. */
#include "panels/kv_panel.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/kv/kv_params.h"
#include "panels/registry.h"
#include "tui/overlay.h"
#include "tui/prompt.h"
#include "tui/xalloc.h"

enum {
    ACT_UP = 1,
    ACT_DOWN,
    ACT_SLIDER,
    ACT_EDIT,
    ACT_PICK,
    ACT_SIDE,
    ACT_WHY,
    ACT_RESET,
};

static const KeyBinding kv_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control", NULL, "↑↓ select"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    {KEY_LEFT, true, ACT_SLIDER, "← → h l",
     "change it (H L: ten steps, Home End; a click on a track sets it)", NULL, "←→ change"},
    {'=', false, ACT_EDIT, "=", "type the slider's value (100, 100000, 32k)", "set",
     "= type value"},
    {'m', false, ACT_PICK, "m, Enter", "pick a model preset (type to filter)", "model", "m model"},
    {'w', false, ACT_WHY, "w", "why: each formula with your numbers", "why", "w why"},
    {'t', false, ACT_SIDE, "t", "small screens: plot / kinds / blocks", "view", "t view"},
    {'r', false, ACT_RESET, "r", "reset the dimensions to the preset", "reset", "r reset"},
};

static const char *const CTL_LABEL[KC_COUNT] = {
    "model", "batch", "seq len", "layers", "heads", "KV heads", "head dim",
    "TP",    "block", "KV dtype", "weights", "GPU",  "GPUs",    "mem util"};

/* The sliders that edit a setting of kv_params, with the range this pane shows (narrower than
 * the table's: the CLI computes to 1e15 tokens, a slider stops where a person would). */
static const struct {
    KvCtl ctl;
    const char *param;
    double lo, hi;
} BIND[] = {
    {KC_BATCH, "batch", 1, 1048576},   {KC_SEQ, "seq", 16, 4194304}, {KC_TP, "tp", 1, 64},
    {KC_BLOCK, "block_size", 1, 1024}, {KC_GPUS, "gpus", 1, 4096},   {KC_UTIL, "gpu_util", 0.1, 1},
};
enum { NBIND = sizeof BIND / sizeof BIND[0] };

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
    if (p->config[0]) {
        const char *slash = strrchr(p->config, '/');
        snprintf(buf, size, "%s%s", slash ? slash + 1 : p->config, p->custom ? " (edited)" : "");
        return;
    }
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
    p->config[0] = '\0';
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

/* The controls as settings (the model is the preset a custom model started from). */
static void settings_from_controls(const KvPanel *p, KvSettings *set)
{
    *set = p->set;
    for (int i = 0; i < NBIND; i++)
        param_set(param_find(&kv_params, BIND[i].param), set, p->sl[BIND[i].ctl].value);
    set->kv_dtype = p->kv_dtype;
    set->weight_dtype = p->w_dtype;
    if (p->preset >= 0)
        snprintf(set->model, sizeof set->model, "%s", p->presets.items[p->preset].model.name);
    if (kv_panel_gpu(p))
        snprintf(set->gpu, sizeof set->gpu, "%s", kv_panel_gpu(p)->name);
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

/* Shows settings in the controls; a model that is not the current preset loads it. */
static void controls_from_settings(KvPanel *p, const KvSettings *set)
{
    p->set = *set;
    for (int i = 0; i < NBIND; i++)
        slider_set(&p->sl[BIND[i].ctl], param_get(param_find(&kv_params, BIND[i].param), set));
    p->kv_dtype = set->kv_dtype;
    p->w_dtype = set->weight_dtype;
    const KvPreset *k = kv_presets_find(&p->presets, set->model);
    if (k && (p->preset != (int)(k - p->presets.items) || p->custom))
        load_preset(p, (int)(k - p->presets.items));
    const GpuPreset *g = gpu_find(&p->gpus, set->gpu);
    if (g)
        p->gpu = (size_t)(g - p->gpus.items);
    fix_gpus(p, false);
}

/* Values the table accepts but this pane's sliders do not reach; NULL when all fit. */
static const char *outside_sliders(const KvPanel *p, const KvSettings *set, char *msg, size_t size)
{
    for (int i = 0; i < NBIND; i++)
        if (slider_refuses(&p->sl[BIND[i].ctl], param_find(&kv_params, BIND[i].param), set, "kv",
                           msg, size))
            return msg;
    return NULL;
}

/* The one engine call per change: report and curves. */
static void recompute(KvPanel *p)
{
    KvQuery *q = &p->q;
    settings_from_controls(p, &p->set);
    const GpuPreset *g = kv_panel_gpu(p);
    kv_settings_query(&p->set, g ? g->mem_bytes : 80e9, q);
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
        /* What is left for the KV cache on all GPUs together: where the curve crosses it is
         * the longest sequence that fits (the memory-bound max seq). */
        uint64_t fixed = p->r.gpu_weight_bytes + p->r.gpu_reserve_bytes + p->r.kv_scale_bytes;
        p->kv_room = p->r.gpu_usable_bytes > fixed
                         ? (double)(p->r.gpu_usable_bytes - fixed) * p->r.replicas : 0;
        for (int i = 0; i < 2; i++) {
            p->room_x[i] = p->cx[i ? KV_CURVE_PTS - 1 : 0];
            p->room_y[i] = p->kv_room;
        }
        /* A y-axis that stays put while batch and length move: from a batch-1 sequence of 16
         * tokens to four times the larger of the GPUs' memory and the naive formula at the
         * longest length for one sequence. It changes only with the model, dtype or GPUs. */
        KvQuery one = *q;
        one.batch = 1;
        uint64_t x0 = 16, x1 = (uint64_t)p->sl[KC_SEQ].max;
        double y0[1], y1 = (double)kv_naive_bytes(&p->model, q->kv_dtype, 1, x1);
        kv_curve(&p->model, &one, &x0, 1, y0);
        double mem = (double)p->r.gpu_usable_bytes * q->gpus;
        p->ymin = y0[0] > 0 ? y0[0] / 2 : 1;
        p->ymax = 4 * (mem > y1 ? mem : y1);
        /* The figures shown instead of a plot too short to read. */
        static const uint64_t at[KV_FIGS] = {4096, 32768, 131072, 1048576};
        for (int i = 0; i < KV_FIGS; i++) {
            KvQuery f = *q;
            f.seq = at[i];
            KvReport fr;
            RError e2;
            p->fig_seq[i] = at[i];
            p->fig_ok[i] = kv_estimate(&p->model, &f, &fr, &e2) == 0;
            p->fig_kv[i] = fr.kv_bytes + fr.state_bytes;
            p->fig_fits[i] = p->fig_ok[i] && fr.fits;
            p->fig_beyond[i] = fr.beyond_context;
        }
    }
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
    /* Settings sliders: look here, range and default from kv_params (BIND narrows them). */
    s[KC_BATCH] = (Slider){.label = "batch", .unit = "seq", .step = 2, .log = true,
                           .format = SLIDER_INT};
    s[KC_SEQ] = (Slider){.label = "seq len", .unit = "tok", .step = 2, .log = true,
                         .format = SLIDER_INT};
    s[KC_TP] = (Slider){.label = "TP", .step = 2, .log = true, .format = SLIDER_INT};
    s[KC_BLOCK] = (Slider){.label = "block", .unit = "tok", .step = 2, .log = true,
                           .format = SLIDER_INT};
    s[KC_GPUS] = (Slider){.label = "GPUs", .step = 2, .log = true, .format = SLIDER_INT};
    s[KC_UTIL] = (Slider){.label = "mem util", .step = 0.01, .format = SLIDER_PERCENT};
    for (int i = 0; i < NBIND; i++)
        slider_bind(&s[BIND[i].ctl], param_find(&kv_params, BIND[i].param), BIND[i].lo,
                    BIND[i].hi);
    /* Model dimensions (edited by hand, not settings). */
    s[KC_LAYERS] = (Slider){.label = "layers", .min = 1, .max = KV_MAX_LAYERS, .value = 32,
                            .step = 1, .integer = true, .format = SLIDER_INT};
    s[KC_HEADS] = (Slider){.label = "heads", .min = 1, .max = 256, .value = 32, .step = 1,
                           .integer = true, .format = SLIDER_INT};
    s[KC_KV_HEADS] = (Slider){.label = "KV heads", .min = 1, .max = 256, .value = 8, .step = 1,
                              .integer = true, .format = SLIDER_INT};
    s[KC_HEAD_DIM] = (Slider){.label = "head dim", .min = 8, .max = 512, .value = 128, .step = 8,
                              .integer = true, .format = SLIDER_INT};
    kv_model_init(&p->model);
    kv_model_set_layers(&p->model, 32);
    p->model.hidden = 4096;
    p->model.heads = 32;
    p->model.kv_heads = 8;
    p->model.head_dim = 128;
    p->model.intermediate = 14336;
    p->model.vocab = 32000;
    kv_param_context_init(&p->pc, &p->presets, &p->gpus);
    if (p->presets.count)
        load_preset(p, 0); /* unless the default or the saved model is found below */
    KvSettings set;
    param_defaults(&kv_params, &set);
    if (param_from_json(&kv_params, &p->pc.ctx, saved, &set, false, NULL, &err) != 0)
        app_status(app, STATUS_WARN, "kv: saved setting skipped: %s", err.msg);
    controls_from_settings(p, &set);
    sync_sliders(p);
    recompute(p);
    return p;
}

static void kv_destroy(void *st)
{
    KvPanel *p = st;
    if (!p)
        return;
    kv_param_context_free(&p->pc);
    kv_presets_free(&p->presets);
    gpu_list_free(&p->gpus);
    free(p);
}

static void kv_save(const void *st, cJSON *state)
{
    const KvPanel *p = st;
    KvSettings set;
    settings_from_controls(p, &set);
    param_to_json(&kv_params, &set, state);
}

/* `:config PATH` (config=PATH): a Hugging Face config.json becomes the working model. */
static bool load_config(KvPanel *p, const char *path)
{
    KvModel m;
    RError err;
    rerror_clear(&err);
    if (kv_model_load_config(path, &m, &err) != 0) {
        char msg[700];
        rerror_format(&err, msg, sizeof msg);
        app_status(p->app, STATUS_ERROR, "kv: %s", msg);
        return false;
    }
    p->model = m;
    p->custom = false;
    snprintf(p->config, sizeof p->config, "%s", path);
    sync_sliders(p);
    recompute(p);
    app_status(p->app, STATUS_INFO, "kv: loaded %s (%d layers)", path, m.layers);
    return true;
}

/* `:config` without a path: a picker over the .json files of the current folder. */
static void picked_config(void *owner, size_t index)
{
    KvPanel *p = owner;
    if (index < p->ncfg_files)
        load_config(p, p->cfg_files[index]);
}

static int cmp_name(const void *a, const void *b) { return strcmp(a, b); }

static bool pick_config(KvPanel *p)
{
    DIR *d = opendir(".");
    p->ncfg_files = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && p->ncfg_files < KV_CFG_FILES) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] != '.' && n > 5 && n < sizeof p->cfg_files[0] &&
            strcmp(e->d_name + n - 5, ".json") == 0)
            memcpy(p->cfg_files[p->ncfg_files++], e->d_name, n + 1);
    }
    if (d)
        closedir(d);
    if (!p->ncfg_files) {
        app_status(p->app, STATUS_WARN, "kv: no .json files here; give a path: :config PATH");
        return false;
    }
    qsort(p->cfg_files, p->ncfg_files, sizeof p->cfg_files[0], cmp_name);
    const char *rows[KV_CFG_FILES];
    for (size_t i = 0; i < p->ncfg_files; i++)
        rows[i] = p->cfg_files[i];
    app_push_overlay(p->app, &picker_overlay_class,
                     picker_overlay_new("config.json (this folder)", rows, p->ncfg_files, 0,
                                        picked_config, p));
    return true;
}

/* `:pane kv llama-3.1-70b seq=32k batch=8 tp=4 gpus=8 gpu=h200 kv_dtype=fp8`, or a note's
 * link: the kv_params pairs. Everything is checked before anything changes: one bad word and
 * the pane stays as it was. */
static bool kv_open(void *st, const char *arg)
{
    KvPanel *p = st;
    if (!arg || !*arg)
        return true;
    if (strncmp(arg, "config=", 7) == 0)
        return arg[7] ? load_config(p, arg + 7) : pick_config(p);
    KvSettings set;
    settings_from_controls(p, &set);
    RError err;
    char msg[300];
    ParamMask given = 0;
    if (param_parse_pairs(&kv_params, &p->pc.ctx, arg, &set, &given, &err) != 0) {
        app_status(p->app, STATUS_WARN, "kv: %s; nothing changed", err.msg);
        return false;
    }
    /* Like the TP slider: a tensor-parallel degree raises the GPU count to a multiple of it,
     * unless the link gives both and they disagree. */
    bool gpus_given = given & ((ParamMask)1 << param_index(&kv_params, param_find(&kv_params, "gpus")));
    if (set.gpus % set.tp != 0 && !gpus_given)
        set.gpus = (set.gpus + set.tp - 1) / set.tp * set.tp;
    if (outside_sliders(p, &set, msg, sizeof msg)) {
        app_status(p->app, STATUS_WARN, "kv: %s; nothing changed", msg);
        return false;
    }
    if (set.gpus % set.tp != 0) {
        app_status(p->app, STATUS_WARN,
                   "kv: gpus (%d) must be a multiple of tp (%d); nothing changed", set.gpus, set.tp);
        return false;
    }
    controls_from_settings(p, &set);
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

static int gcd(int a, int b)
{
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The next divisor of heads after kv (dir +1) or before it (-1): query heads come in whole
 * groups per KV head (grouped-query attention), so only divisors are possible. */
static int next_divisor(int heads, int kv, int dir)
{
    for (int v = kv + dir; v >= 1 && v <= heads; v += dir)
        if (heads % v == 0)
            return v;
    return kv;
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
        m->kv_heads = gcd(v, m->kv_heads); /* the largest group size that still divides */
        break;
    case KC_KV_HEADS:
        if (v > m->heads)
            v = m->heads;
        if (m->heads % v != 0) /* not a divisor: the nearest one below */
            v = next_divisor(m->heads, v + 1, -1);
        m->kv_heads = v;
        break;
    case KC_HEAD_DIM: m->head_dim = v; break;
    default: return;
    }
    p->custom = true;
    snprintf(m->name, sizeof m->name, "custom");
    sync_sliders(p);
}

/* A slider changed (by key, click or typed value): keep GPUs and dimensions consistent. */
static void slider_moved(KvPanel *p, KvCtl c)
{
    if (c == KC_TP || c == KC_GPUS)
        fix_gpus(p, c == KC_TP);
    edit_dimension(p, c);
}

/* `=`: the value typed for the focused slider, read by the parameter table when the slider
 * is a setting (so 32k, 1M and 100000 mean what they mean on the command line). */
static bool submit_edit(void *owner, const char *text, char *why, size_t size)
{
    KvPanel *p = owner;
    KvCtl c = (KvCtl)p->focus;
    Slider *sl = &p->sl[c];
    for (int i = 0; i < NBIND; i++) {
        if (BIND[i].ctl != c)
            continue;
        const ParamSpec *spec = param_find(&kv_params, BIND[i].param);
        KvSettings set;
        settings_from_controls(p, &set);
        RError err;
        rerror_clear(&err);
        if (param_parse_value(spec, &p->pc.ctx, text, spec->name, &set, &err) != 0) {
            snprintf(why, size, "%s", err.msg);
            return false;
        }
        char msg[300];
        if (outside_sliders(p, &set, msg, sizeof msg)) {
            snprintf(why, size, "%s", msg);
            return false;
        }
        slider_set(sl, param_get(spec, &set));
        slider_moved(p, c);
        recompute(p);
        return true;
    }
    char *end;
    long v = strtol(text, &end, 10);
    while (*end == ' ')
        end++;
    if (end == text || *end || v < sl->min || v > sl->max) {
        snprintf(why, size, "%s: expected a whole number in %.0f..%.0f", sl->label, sl->min, sl->max);
        return false;
    }
    if (c == KC_KV_HEADS && p->model.heads % v != 0) {
        snprintf(why, size, "KV heads must divide the %d query heads (grouped-query attention)",
                 p->model.heads);
        return false;
    }
    slider_set(sl, (double)v);
    slider_moved(p, c);
    recompute(p);
    return true;
}

static void open_edit(KvPanel *p)
{
    Slider *sl = kv_panel_slider(p, (KvCtl)p->focus) ? &p->sl[p->focus] : NULL;
    if (!sl) {
        app_status(p->app, STATUS_INFO, "= types a slider's value; this row is a choice (← →)");
        return;
    }
    char now[48], title[96], hint[128];
    slider_format(sl, now, sizeof now);
    snprintf(title, sizeof title, "%s", sl->label);
    snprintf(hint, sizeof hint, "now %s%s", now,
             p->focus == KC_BATCH || p->focus == KC_SEQ ? "; e.g. 100, 100000, 32k, 1M" : "");
    app_push_overlay(p->app, &prompt_overlay_class,
                     prompt_overlay_new(title, "", hint, submit_edit, p));
}

static PaneResult kv_key(void *st, const KeyEvent *ev)
{
    KvPanel *p = st;
    if (key_is_click(ev) && rect_contains(p->controls, ev->mouse_y, ev->mouse_x)) {
        int i = ev->mouse_y - p->controls.y;
        if (i < 0 || i >= KC_COUNT)
            return PANE_IGNORED;
        p->focus = i;
        Rect row = rect_make(p->controls.y + i, p->controls.x, 1, p->controls.w);
        if (kv_panel_slider(p, (KvCtl)i) && slider_click(&p->sl[i], ev, row, KV_LABEL_W)) {
            if (i == KC_KV_HEADS && p->model.heads % (int)p->sl[i].value != 0)
                slider_set(&p->sl[i], next_divisor(p->model.heads, (int)p->sl[i].value + 1, -1));
            slider_moved(p, (KvCtl)i);
            recompute(p);
            return PANE_HANDLED | PANE_CHANGED;
        }
        return PANE_HANDLED;
    }
    int act = key_is_enter(ev) ? ACT_PICK
                               : keymap_action(kv_keys, sizeof kv_keys / sizeof kv_keys[0], ev);
    switch (act) {
    case ACT_UP: p->focus = (p->focus + KC_COUNT - 1) % KC_COUNT; return PANE_HANDLED;
    case ACT_DOWN: p->focus = (p->focus + 1) % KC_COUNT; return PANE_HANDLED;
    case ACT_PICK: open_picker(p); return PANE_HANDLED;
    case ACT_SIDE: p->view = (p->view + 1) % 3; return PANE_HANDLED;
    case ACT_WHY: open_why(p); return PANE_HANDLED;
    case ACT_EDIT: open_edit(p); return PANE_HANDLED;
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
    case KC_KV_HEADS: { /* through the divisors of the query heads */
        int h = p->model.heads, kv = p->model.kv_heads;
        int v = key_is_fn(ev, KEY_HOME) ? 1 : key_is_fn(ev, KEY_END) ? h : next_divisor(h, kv, dir);
        if (v == kv)
            return PANE_HANDLED;
        slider_set(&p->sl[c], v);
        edit_dimension(p, c);
        break;
    }
    default:
        if (!slider_key(&p->sl[c], ev))
            return PANE_HANDLED; /* at an end: used, nothing changed */
        slider_moved(p, c);
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
