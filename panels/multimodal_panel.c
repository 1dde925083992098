/* The Multimodal pane: an image's visual tokens (model, resolution, tiling), what N images
 * cost the LLM's context and KV cache, and the CLIP / SigLIP losses of a seeded batch. The
 * settings are vision_params'; every change makes one vision_report and one contrast_run
 * call; multimodal_panel_draw.c draws. */
#include "panels/multimodal_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/registry.h"
#include "panels/pane_common.h"
#include "tui/xalloc.h"

enum { ACT_UP = 1, ACT_DOWN, ACT_SLIDER, ACT_VIEW, ACT_WHY, ACT_SEED };

static const KeyBinding mm_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    {KEY_LEFT, true, ACT_SLIDER, "← → h l", "change it (H L: ten steps, Home End)"},
    {'v', false, ACT_VIEW, "v", "view: tokens and tiling / contrastive losses"},
    {'s', false, ACT_SEED, "s", "a new seeded batch of embeddings"},
    {'w', false, ACT_WHY, "w", "why: each formula with your numbers"},
};

/* Each control's setting in vision_params, in MmCtl order. */
static const char *const CTL_SPEC[MC_COUNT] = {"model", "width", "height", "images",
                                               "text",  "gpu",   "bounds", "unpad",
                                               "batch", "noise", "temperature"};
static const char *const VIEW_NAME[MM_VIEW_COUNT] = {"tokens", "loss"};

static const ParamSpec *spec(MmCtl c)
{
    return param_find(&vision_params, CTL_SPEC[c]);
}

const Slider *mm_panel_slider(const MmPanel *p, MmCtl c)
{
    return c == MC_MODEL || c == MC_GPU || c == MC_BOUNDS || c == MC_UNPAD ? NULL : &p->sl[c];
}

/* The sliders show the settings. */
static void sync_sliders(MmPanel *p)
{
    for (int c = 0; c < MC_COUNT; c++)
        if (mm_panel_slider(p, (MmCtl)c))
            slider_set(&p->sl[c], param_get(spec((MmCtl)c), &p->set));
}

/* The why text: the token formulas, then the losses. */
static void why_text(const MmPanel *p, char *buf, size_t size)
{
    size_t n = 0;
    if (p->ok)
        n = vision_explain(&p->q, &p->r, buf, size);
    else
        n = (size_t)snprintf(buf, size, "%s\n", p->error);
    if (p->cok && n < size)
        snprintf(buf + n, size - n,
                 "\nContrastive losses on a batch of %d pairs (seed %llu):\n"
                 "CLIP: logits = cos / tau, tau = %.3f; loss = (CE rows + CE columns) / 2 = %.4f\n"
                 "  chance level when all logits tie: ln B = %.4f\n"
                 "SigLIP: logits = t cos + b, t = %.1f, b = %.1f;\n"
                 "  loss = -sum_ij log sigmoid(z_ij logits_ij) / B = %.4f (z = +1 on the diagonal)\n"
                 "CLIP's softmax couples every pair in a row; SigLIP scores each pair alone,\n"
                 "so its loss needs no batch-wide normalization (Zhai et al. 2023).\n",
                 p->cq.batch, (unsigned long long)p->cq.seed, p->cq.temperature, p->cr.clip_loss,
                 log((double)p->cq.batch), p->cq.sig_scale, p->cq.sig_bias, p->cr.siglip_loss);
}

static void open_why(MmPanel *p)
{
    char buf[4096];
    why_text(p, buf, sizeof buf);
    why_text_push(p->app, "why: the formulas with your numbers", buf);
}

static char *mm_export(const void *st)
{
    const MmPanel *p = st;
    char buf[4096];
    why_text(p, buf, sizeof buf);
    return p->ok ? handout_from_why("Multimodal: visual tokens, their KV cost, contrastive losses", buf)
                 : NULL;
}

/* The engine calls per change: the token report, and the losses only when their settings
 * moved (the batch curve to 512 is the costly part, ~10 ms). */
static void recompute_tokens(MmPanel *p)
{
    vision_settings_query(&p->set, &p->q);
    size_t n;
    const VisionModelSpec *m = &vision_models(&n)[p->set.model];
    const KvPreset *llm =
        p->have_presets && m->llm ? kv_presets_find(&p->presets.models, m->llm) : NULL;
    const GpuPreset *gpu = p->have_presets ? gpu_find(&p->presets.gpus, p->set.gpu) : NULL;
    RError err;
    rerror_clear(&err);
    p->ok = vision_report(&p->q, llm ? &llm->model : NULL, NULL, &p->r, &err) == 0;
    p->llm_ctx = llm ? (long long)llm->model.max_pos : 0;
    if (!p->ok)
        rerror_format(&err, p->error, sizeof p->error);
    p->prefill_error[0] = '\0';
    if (p->ok && llm && gpu && vision_report_prefill(&p->r, &llm->model, gpu, &err) != 0)
        rerror_format(&err, p->prefill_error, sizeof p->prefill_error);
}

static void recompute_loss(MmPanel *p)
{
    RError err;
    rerror_clear(&err);
    contrast_report_free(&p->cr);
    vision_settings_contrast(&p->set, &p->cq);
    p->cq.curve_max = 256; /* 2 .. 256 keeps a keypress under ~10 ms; the CLI goes to 512 */
    p->cok = contrast_run(&p->cq, &p->cr, &err) == 0;
    if (!p->cok)
        rerror_format(&err, p->loss_error, sizeof p->loss_error);
    for (size_t i = 0; p->cok && i < p->cr.ncurve; i++) {
        p->cx[i] = p->cr.curve_batch[i];
        p->cclip[i] = p->cr.curve_clip[i];
        p->csig[i] = p->cr.curve_siglip[i];
        p->cchance[i] = p->cr.curve_clip_chance[i];
    }
}

static void recompute(MmPanel *p)
{
    recompute_tokens(p);
    recompute_loss(p);
}

/* A slider bound to its setting's spec (range narrowed to [lo, hi] for the track). */
static void bind(Slider *s, MmCtl c, double lo, double hi, double step, bool log_scale,
                 SliderFormat fmt, int decimals)
{
    const ParamSpec *sp = spec(c);
    *s = (Slider){.label = c == MC_TEMP ? "tau" : sp->name, .unit = sp->unit, .step = step,
                  .log = log_scale, .format = fmt, .decimals = decimals};
    slider_bind(s, sp, lo, hi);
}

static void init_sliders(MmPanel *p)
{
    bind(&p->sl[MC_WIDTH], MC_WIDTH, 28, 8192, 28, false, SLIDER_INT, 0);
    bind(&p->sl[MC_HEIGHT], MC_HEIGHT, 28, 8192, 28, false, SLIDER_INT, 0);
    bind(&p->sl[MC_IMAGES], MC_IMAGES, 1, 64, 1, false, SLIDER_INT, 0);
    bind(&p->sl[MC_TEXT], MC_TEXT, 0, 32768, 50, false, SLIDER_INT, 0);
    bind(&p->sl[MC_BATCH], MC_BATCH, 2, 256, 2, true, SLIDER_INT, 0);
    bind(&p->sl[MC_NOISE], MC_NOISE, 0, 5, 0.1, false, SLIDER_FLOAT, 1);
    bind(&p->sl[MC_TEMP], MC_TEMP, 0.01, 1, 1.25, true, SLIDER_FLOAT, 3);
    p->sl[MC_TEXT].unit = "tok";
}

/* Takes `view=tokens|loss` out of a pairs string (the rest is vision_params'); -1 when
 * absent, -2 when the value is not a view. */
static int take_view(char *text)
{
    int view = -1;
    for (char *w = strstr(text, "view="); w; w = strstr(w + 1, "view=")) {
        if (w != text && !strchr(" ,&?", w[-1]))
            continue;
        char *v = w + 5, *end = v + strcspn(v, " ,&?");
        view = -2;
        for (int k = 0; k < MM_VIEW_COUNT; k++)
            if ((size_t)(end - v) == strlen(VIEW_NAME[k]) && strncmp(v, VIEW_NAME[k], end - v) == 0)
                view = k;
        memset(w, ' ', (size_t)(end - w));
    }
    return view;
}

/* `:pane multimodal qwen2-vl-7b width=4000 height=3000 bounds=bare view=loss`, or a note's
 * link. All or nothing (param_parse_pairs). */
static bool mm_open(void *st, const char *arg)
{
    MmPanel *p = st;
    if (!arg || !*arg)
        return true;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", arg);
    int view = take_view(buf);
    VisionSettings next = p->set;
    RError err;
    rerror_clear(&err);
    const ParamContext *ctx = p->have_presets ? &p->presets.ctx : NULL;
    if (view == -2 || param_parse_pairs(&vision_params, ctx, buf, &next, NULL, &err) != 0) {
        app_status(p->app, STATUS_WARN, "multimodal: %s; nothing changed",
                   view == -2 ? "view: expected tokens or loss" : err.msg);
        return false;
    }
    char msg[200];
    for (int c = 0; c < MC_COUNT; c++)
        if (mm_panel_slider(p, (MmCtl)c) &&
            slider_refuses(&p->sl[c], spec((MmCtl)c), &next, "vision", msg, sizeof msg)) {
            app_status(p->app, STATUS_WARN, "multimodal: %s; nothing changed", msg);
            return false;
        }
    p->set = next;
    if (view >= 0)
        p->view = view;
    sync_sliders(p);
    recompute(p);
    return true;
}

static void mm_save(const void *st, cJSON *state)
{
    const MmPanel *p = st;
    param_to_json(&vision_params, &p->set, state);
    cJSON_DeleteItemFromObject(state, "view");
    cJSON_AddStringToObject(state, "view", VIEW_NAME[p->view]);
}

static void *mm_create(App *app, const cJSON *saved)
{
    MmPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    char msg[700];
    RError err;
    p->have_presets = infer_presets_load(app_content_dir(app), &p->presets, &err) == 0;
    if (!p->have_presets) {
        rerror_format(&err, msg, sizeof msg);
        app_status(app, STATUS_WARN, "multimodal: no LLM or GPU presets, no KV figures (%s)", msg);
    }
    param_defaults(&vision_params, &p->set);
    param_from_json(&vision_params, p->have_presets ? &p->presets.ctx : NULL, saved, &p->set,
                    false, NULL, &err);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(saved, "view");
    for (int k = 0; k < MM_VIEW_COUNT; k++)
        if (cJSON_IsString(v) && strcmp(v->valuestring, VIEW_NAME[k]) == 0)
            p->view = k;
    init_sliders(p);
    sync_sliders(p);
    recompute(p);
    return p;
}

static void mm_destroy(void *st)
{
    MmPanel *p = st;
    if (!p)
        return;
    contrast_report_free(&p->cr);
    if (p->have_presets)
        infer_presets_free(&p->presets);
    free(p);
}

static void mm_resize(void *st, Rect area)
{
    MmPanel *p = st;
    p->area = area;
    Rect r = rect_inset(area, 0, 1);
    r.h -= 1; /* the footer */
    int cw = r.w >= 120 ? 44 : r.w >= 100 ? 40 : 31;
    p->controls = rect_take_left(&r, cw);
    p->controls.h = p->controls.h < MC_COUNT ? p->controls.h : MC_COUNT;
    rect_take_left(&r, 2);
    /* figures on top of the right column, the picture (grid / heat map) below */
    p->figures = rect_take_top(&r, r.h >= 30 ? 9 : 7);
    p->picture = r;
}

static PaneResult mm_key(void *st, const KeyEvent *ev)
{
    MmPanel *p = st;
    switch (keymap_action(mm_keys, sizeof mm_keys / sizeof mm_keys[0], ev)) {
    case ACT_UP: p->focus = (p->focus + MC_COUNT - 1) % MC_COUNT; return PANE_HANDLED;
    case ACT_DOWN: p->focus = (p->focus + 1) % MC_COUNT; return PANE_HANDLED;
    case ACT_VIEW: p->view = (p->view + 1) % MM_VIEW_COUNT; return PANE_HANDLED;
    case ACT_WHY: open_why(p); return PANE_HANDLED;
    case ACT_SEED:
        p->set.seed++;
        recompute_loss(p);
        return PANE_HANDLED | PANE_CHANGED;
    default: break;
    }
    int dir = pane_change_dir(ev);
    if (!dir)
        return PANE_IGNORED;
    MmCtl c = (MmCtl)p->focus;
    const ParamSpec *sp = spec(c);
    switch (c) {
    case MC_MODEL:
    case MC_BOUNDS: { /* enums cycle */
        int n = (int)sp->choices->count, v = (int)param_get(sp, &p->set);
        param_set(sp, &p->set, (v + dir + n) % n);
        break;
    }
    case MC_UNPAD: p->set.unpad = !p->set.unpad; break;
    case MC_GPU: { /* cycles the GPU presets */
        const GpuList *g = p->have_presets ? &p->presets.gpus : NULL;
        if (!g || !g->count)
            return PANE_HANDLED;
        const GpuPreset *cur = gpu_find(g, p->set.gpu);
        long i = cur ? (long)(cur - g->items) : 0;
        i = (i + dir + (long)g->count) % (long)g->count;
        snprintf(p->set.gpu, sizeof p->set.gpu, "%s", g->items[i].name);
        break;
    }
    default:
        if (!slider_key(&p->sl[c], ev))
            return PANE_HANDLED; /* at an end: used, nothing changed */
        param_set(sp, &p->set, p->sl[c].value);
        p->view = c >= MC_BATCH ? MM_VIEW_LOSS : MM_VIEW_TOKENS; /* show what it changes */
        break;
    }
    if (c <= MC_UNPAD)
        p->view = MM_VIEW_TOKENS;
    if (c >= MC_BATCH)
        recompute_loss(p);
    else
        recompute_tokens(p);
    return PANE_HANDLED | PANE_CHANGED;
}

const PanelClass multimodal_panel = {
    .name = "multimodal",
    .title = "Multimodal",
    .summary = "Images as tokens: resolution, tiling, KV cost; CLIP vs SigLIP losses",
    .keys = mm_keys,
    .nkeys = sizeof mm_keys / sizeof mm_keys[0],
    .create = mm_create,
    .destroy = mm_destroy,
    .resize = mm_resize,
    .draw = mm_panel_draw,
    .key = mm_key,
    .open = mm_open,
    .headline = mm_panel_headline,
    .export = mm_export,
    .save = mm_save,
};
