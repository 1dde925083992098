/* The Multimodal pane's state, shared by multimodal_panel.c (keys, recompute, layout) and
 * multimodal_panel_draw.c (drawing only). */
#ifndef RAMPUP_PANELS_MULTIMODAL_PANEL_H
#define RAMPUP_PANELS_MULTIMODAL_PANEL_H

#include <stdbool.h>

#include "engine/infer/presets.h"
#include "engine/kv/kv_load.h"
#include "engine/vision/contrast.h"
#include "engine/vision/vision.h"
#include "engine/vision/vision_params.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/slider.h"

typedef enum MmCtl {
    MC_MODEL,
    MC_WIDTH,
    MC_HEIGHT,
    MC_IMAGES,
    MC_TEXT,
    MC_GPU,
    MC_BOUNDS,
    MC_UNPAD,
    MC_BATCH,
    MC_NOISE,
    MC_TEMP,
    MC_COUNT
} MmCtl;

enum { MM_VIEW_TOKENS, MM_VIEW_LOSS, MM_VIEW_COUNT };

typedef struct MmPanel {
    App *app;               /* borrowed */
    Rect area, controls, figures, picture;
    VisionSettings set;     /* the settings (vision_params) */
    Slider sl[MC_COUNT];    /* the numeric controls, bound to their specs (others unused) */
    int focus, view;
    InferPresets presets;   /* owned: the LLM shapes and the GPUs (and their name lists) */
    bool have_presets;
    /* The report: rebuilt by recompute() on every change. */
    VisionQuery q;
    VisionReport r;
    long long llm_ctx;      /* the LLM's context length (0: unknown or no LLM) */
    char prefill_error[300];
    bool ok;
    char error[300];
    ContrastQuery cq;
    ContrastReport cr;      /* owned (cr.sim) */
    char loss_error[300];
    bool cok;
    double cx[CONTRAST_CURVE_MAX], cclip[CONTRAST_CURVE_MAX], csig[CONTRAST_CURVE_MAX],
        cchance[CONTRAST_CURVE_MAX];
} MmPanel;

const Slider *mm_panel_slider(const MmPanel *p, MmCtl c); /* NULL for the choices */
void mm_panel_draw(const void *st, WINDOW *w, Rect area);

/* Booth mode (multimodal_panel_booth.c): the pane's headline figures. */
bool mm_panel_headline(const void *st, const char *which, char *value, size_t vsize, char *label,
                       size_t lsize);

#endif
