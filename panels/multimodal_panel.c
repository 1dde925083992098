/* The Multimodal pane: an image's visual tokens (model, resolution, tiling), what N images
 * cost the LLM's context and KV cache, and the CLIP / SigLIP losses of a seeded batch. Every
 * change makes one vision_report and one contrast_run call; multimodal_panel_draw.c draws. */
#include "panels/multimodal_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "panels/registry.h"
#include "tui/xalloc.h"

enum { ACT_UP = 1, ACT_DOWN, ACT_SLIDER, ACT_VIEW, ACT_WHY, ACT_SEED, ACT_CLOSE };

static const KeyBinding mm_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    {KEY_LEFT, true, ACT_SLIDER, "← → h l", "change it (H L: ten steps, Home End)"},
    {'v', false, ACT_VIEW, "v", "view: tokens and tiling / contrastive losses"},
    {'s', false, ACT_SEED, "s", "a new seeded batch of embeddings"},
    {'w', false, ACT_WHY, "w", "why: each formula with your numbers"},
    {KEY_ESC, false, ACT_CLOSE, "Esc", "close the overlay"},
};

const Slider *mm_panel_slider(const MmPanel *p, MmCtl c)
{
    return c == MC_MODEL || c == MC_BOUNDS || c == MC_UNPAD ? NULL : &p->sl[c];
}

static void build_why(MmPanel *p)
{
    lines_clear(&p->why_lines);
    char buf[4096];
    if (p->ok)
        vision_explain(&p->q, &p->r, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "%s\n", p->error);
    size_t n = strlen(buf);
    if (p->cok)
        snprintf(buf + n, sizeof buf - n,
                 "\nContrastive losses on a batch of %d pairs (seed %llu):\n"
                 "CLIP: logits = cos / tau, tau = %.3f; loss = (CE rows + CE columns) / 2 = %.4f\n"
                 "  chance level when all logits tie: ln B = %.4f\n"
                 "SigLIP: logits = t cos + b, t = %.1f, b = %.1f;\n"
                 "  loss = -sum_ij log sigmoid(z_ij logits_ij) / B = %.4f (z = +1 on the diagonal)\n"
                 "CLIP's softmax couples every pair in a row; SigLIP scores each pair alone,\n"
                 "so its loss needs no batch-wide normalization (Zhai et al. 2023).\n",
                 p->cq.batch, (unsigned long long)p->cq.seed, p->cq.temperature, p->cr.clip_loss,
                 log((double)p->cq.batch), p->cq.sig_scale, p->cq.sig_bias, p->cr.siglip_loss);
    for (char *s = buf; *s;) {
        char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        lines_new(&p->why_lines, 0, 0);
        lines_append(&p->why_lines, s, len, STYLE(len && s[0] != ' ' ? TH_NORMAL : TH_DIM));
        s += len + (nl ? 1 : 0);
    }
}

/* The one engine call per change (two reports: tokens and losses). */
static void recompute(MmPanel *p)
{
    vision_query_init(&p->q);
    p->q.model = p->model;
    p->q.width = (int)p->sl[MC_WIDTH].value;
    p->q.height = (int)p->sl[MC_HEIGHT].value;
    p->q.images = (int)p->sl[MC_IMAGES].value;
    p->q.text_tokens = (int)p->sl[MC_TEXT].value;
    p->q.bounds = (VisionBounds)p->bounds;
    p->q.unpad = p->unpad;
    size_t n;
    const VisionModelSpec *m = &vision_models(&n)[p->model];
    const KvPreset *llm = m->llm ? kv_presets_find(&p->presets, m->llm) : NULL;
    RError err;
    rerror_clear(&err);
    p->ok = vision_report(&p->q, llm ? &llm->model : NULL, NULL, &p->r, &err) == 0;
    if (!p->ok)
        rerror_format(&err, p->error, sizeof p->error);

    contrast_report_free(&p->cr);
    contrast_query_init(&p->cq);
    p->cq.batch = (int)p->sl[MC_BATCH].value;
    p->cq.noise = p->sl[MC_NOISE].value;
    p->cq.temperature = p->sl[MC_TEMP].value;
    p->cq.seed = p->seed;
    p->cq.curve_max = 256;
    p->cok = contrast_run(&p->cq, &p->cr, &err) == 0;
    if (!p->cok)
        rerror_format(&err, p->error, sizeof p->error);
    for (size_t i = 0; p->cok && i < p->cr.ncurve; i++) {
        p->cx[i] = p->cr.curve_batch[i];
        p->cclip[i] = p->cr.curve_clip[i];
        p->csig[i] = p->cr.curve_siglip[i];
        p->cchance[i] = p->cr.curve_clip_chance[i];
    }
    build_why(p);
}

/* ---- settings: one place for names and ranges (CLI-style keys for :pane and links) ---- */

static const struct {
    const char *key;
    MmCtl ctl;
} NUMS[] = {{"width", MC_WIDTH},   {"height", MC_HEIGHT}, {"images", MC_IMAGES},
            {"text", MC_TEXT},     {"batch", MC_BATCH},   {"noise", MC_NOISE},
            {"temperature", MC_TEMP}};

static void init_sliders(MmPanel *p)
{
    Slider *s = p->sl;
    s[MC_WIDTH] = (Slider){.label = "width", .unit = "px", .min = 28, .max = 8192, .value = 672,
                           .step = 28, .integer = true, .format = SLIDER_INT};
    s[MC_HEIGHT] = s[MC_WIDTH];
    s[MC_HEIGHT].label = "height";
    s[MC_IMAGES] = (Slider){.label = "images", .min = 1, .max = VISION_MAX_IMAGES, .value = 1,
                            .step = 1, .integer = true, .format = SLIDER_INT};
    s[MC_TEXT] = (Slider){.label = "text", .unit = "tok", .min = 0, .max = 32768, .value = 100,
                          .step = 50, .integer = true, .format = SLIDER_INT};
    s[MC_BATCH] = (Slider){.label = "batch", .min = 2, .max = 256, .value = 8, .step = 2,
                           .log = true, .integer = true, .format = SLIDER_INT};
    s[MC_NOISE] = (Slider){.label = "noise", .min = 0, .max = 5, .value = 1.5, .step = 0.1,
                           .format = SLIDER_FLOAT, .decimals = 1};
    s[MC_TEMP] = (Slider){.label = "tau", .min = 0.01, .max = 1, .value = 0.07, .step = 1.25,
                          .log = true, .format = SLIDER_FLOAT, .decimals = 3};
    p->model = 0;
    p->bounds = VISION_BOUNDS_RELEASED;
    p->unpad = true;
    p->seed = 1;
}

/* A number within the slider's range, or false. */
static bool parse_num(const Slider *s, const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= s->min && x <= s->max) || (s->integer && x != floor(x)))
        return false;
    *out = x;
    return true;
}

/* A model by name, or by a unique prefix ("llava-1.5" -> llava-1.5-7b). */
static int find_model(const char *name)
{
    int i = vision_model_find(name);
    if (i >= 0)
        return i;
    size_t n, len = strlen(name);
    const VisionModelSpec *m = vision_models(&n);
    for (size_t k = 0; k < n; k++)
        if (strncasecmp(m[k].name, name, len) == 0)
            return (int)k;
    return -1;
}

/* `:pane multimodal model=qwen2-vl-7b width=4000 height=3000 bounds=bare view=loss`, or a
 * note's link. Everything is checked before anything changes. */
static bool mm_open(void *st, const char *arg)
{
    MmPanel *p = st;
    if (!arg || !*arg)
        return true;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", arg);
    double val[MC_COUNT];
    bool set[MC_COUNT] = {false};
    int model = -1, bounds = -1, unpad = -1, view = -1;
    const char *bad = NULL;
    for (char *save = NULL, *tok = strtok_r(buf, " ,&?", &save); tok && !bad;
         tok = strtok_r(NULL, " ,&?", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            if ((model = find_model(tok)) < 0)
                bad = tok;
            continue;
        }
        *eq = '\0';
        const char *v = eq + 1;
        bool known = false;
        for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++)
            if (strcmp(tok, NUMS[i].key) == 0) {
                known = true;
                if (parse_num(&p->sl[NUMS[i].ctl], v, &val[NUMS[i].ctl]))
                    set[NUMS[i].ctl] = true;
                else
                    bad = tok;
            }
        if (known)
            continue;
        if (strcmp(tok, "model") == 0 && (model = find_model(v)) >= 0)
            continue;
        if (strcmp(tok, "bounds") == 0 && (strcmp(v, "released") == 0 || strcmp(v, "bare") == 0))
            bounds = strcmp(v, "bare") == 0 ? VISION_BOUNDS_BARE : VISION_BOUNDS_RELEASED;
        else if (strcmp(tok, "unpad") == 0 && (strcmp(v, "on") == 0 || strcmp(v, "off") == 0))
            unpad = strcmp(v, "on") == 0;
        else if (strcmp(tok, "view") == 0 && (strcmp(v, "tokens") == 0 || strcmp(v, "loss") == 0))
            view = strcmp(v, "loss") == 0 ? MM_VIEW_LOSS : MM_VIEW_TOKENS;
        else
            bad = tok;
    }
    if (bad) {
        app_status(p->app, STATUS_WARN, "multimodal: did not understand '%s' in '%s'; nothing changed",
                   bad, arg);
        return false;
    }
    if (model >= 0)
        p->model = model;
    for (int c = 0; c < MC_COUNT; c++)
        if (set[c])
            slider_set(&p->sl[c], val[c]);
    if (bounds >= 0)
        p->bounds = bounds;
    if (unpad >= 0)
        p->unpad = unpad;
    if (view >= 0)
        p->view = view;
    recompute(p);
    return true;
}

static void set_from_state(MmPanel *p, const cJSON *s)
{
    const cJSON *it;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "model")) && cJSON_IsString(it) &&
        vision_model_find(it->valuestring) >= 0)
        p->model = vision_model_find(it->valuestring);
    for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++)
        if ((it = cJSON_GetObjectItemCaseSensitive(s, NUMS[i].key)) && cJSON_IsNumber(it))
            slider_set(&p->sl[NUMS[i].ctl], it->valuedouble);
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "bounds")) && cJSON_IsString(it))
        p->bounds = strcmp(it->valuestring, "bare") == 0 ? VISION_BOUNDS_BARE
                                                         : VISION_BOUNDS_RELEASED;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "unpad")) && cJSON_IsBool(it))
        p->unpad = cJSON_IsTrue(it);
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "view")) && cJSON_IsNumber(it) &&
        it->valueint >= 0 && it->valueint < MM_VIEW_COUNT)
        p->view = it->valueint;
}

static void mm_save(const void *st, cJSON *state)
{
    const MmPanel *p = st;
    size_t n;
    cJSON_DeleteItemFromObject(state, "model");
    cJSON_AddStringToObject(state, "model", vision_models(&n)[p->model].name);
    for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++) {
        cJSON_DeleteItemFromObject(state, NUMS[i].key);
        cJSON_AddNumberToObject(state, NUMS[i].key, p->sl[NUMS[i].ctl].value);
    }
    static const char *const rest[] = {"bounds", "unpad", "view"};
    for (size_t i = 0; i < 3; i++)
        cJSON_DeleteItemFromObject(state, rest[i]);
    cJSON_AddStringToObject(state, "bounds", vision_bounds_name((VisionBounds)p->bounds));
    cJSON_AddBoolToObject(state, "unpad", p->unpad);
    cJSON_AddNumberToObject(state, "view", p->view);
}

static void *mm_create(App *app)
{
    MmPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    lines_init(&p->why_lines);
    char path[4200], msg[700];
    RError err;
    snprintf(path, sizeof path, "%s/models.yaml", app_content_dir(app));
    if (kv_presets_load(path, &p->presets, &err) != 0) {
        rerror_format(&err, msg, sizeof msg);
        app_status(app, STATUS_WARN, "multimodal: no LLM presets, no KV figures (%s)", msg);
    }
    init_sliders(p);
    set_from_state(p, app_pane_state(app, "multimodal"));
    recompute(p);
    return p;
}

static void mm_destroy(void *st)
{
    MmPanel *p = st;
    if (!p)
        return;
    contrast_report_free(&p->cr);
    kv_presets_free(&p->presets);
    lines_free(&p->why_lines);
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
    int fh = r.h >= 30 ? 9 : 7;
    p->figures = rect_take_top(&r, fh);
    p->picture = r;
}

static bool why_key(MmPanel *p, const KeyEvent *ev)
{
    if (key_is_escape(ev) || key_is(ev, 'w')) {
        p->why = false;
        return true;
    }
    if (key_is_down(ev) || key_is_fn(ev, KEY_NPAGE) || key_is(ev, ' ')) {
        size_t n = key_is_down(ev) ? 1 : 10;
        if (p->why_top + n < p->why_lines.count)
            p->why_top += n;
        return true;
    }
    if (key_is_up(ev) || key_is_fn(ev, KEY_PPAGE)) {
        size_t n = key_is_up(ev) ? 1 : 10;
        p->why_top = p->why_top > n ? p->why_top - n : 0;
        return true;
    }
    return true; /* the overlay is modal */
}

static bool mm_key(void *st, const KeyEvent *ev)
{
    MmPanel *p = st;
    if (p->why)
        return why_key(p, ev);
    int act = keymap_action(mm_keys, sizeof mm_keys / sizeof mm_keys[0], ev);
    switch (act) {
    case ACT_UP: p->focus = (p->focus + MC_COUNT - 1) % MC_COUNT; return true;
    case ACT_DOWN: p->focus = (p->focus + 1) % MC_COUNT; return true;
    case ACT_VIEW: p->view = (p->view + 1) % MM_VIEW_COUNT; return true;
    case ACT_WHY:
        p->why = true;
        p->why_top = 0;
        return true;
    case ACT_SEED:
        p->seed++;
        recompute(p);
        return true;
    case ACT_CLOSE: return false;
    default: break;
    }
    bool left = key_is_left(ev) || key_is(ev, 'H') || key_is_fn(ev, KEY_SLEFT) ||
                key_is_fn(ev, KEY_HOME);
    bool right = key_is_right(ev) || key_is(ev, 'L') || key_is_fn(ev, KEY_SRIGHT) ||
                 key_is_fn(ev, KEY_END);
    if (!left && !right)
        return false;
    int dir = right ? 1 : -1;
    size_t n;
    vision_models(&n);
    switch ((MmCtl)p->focus) {
    case MC_MODEL: p->model = (p->model + dir + (int)n) % (int)n; break;
    case MC_BOUNDS: p->bounds = (p->bounds + 1) % VISION_BOUNDS_COUNT; break;
    case MC_UNPAD: p->unpad = !p->unpad; break;
    default:
        if (!slider_key(&p->sl[p->focus], ev))
            return true; /* at an end: used, nothing changed */
        if (p->focus >= MC_BATCH)
            p->view = MM_VIEW_LOSS; /* show what the control changes */
        else if (p->focus <= MC_UNPAD)
            p->view = MM_VIEW_TOKENS;
        break;
    }
    recompute(p);
    return true;
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
    .save = mm_save,
};
