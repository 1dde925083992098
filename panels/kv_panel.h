/* The KV pane's state, shared by its two files: kv_panel.c (query, keys, engine calls) and
 * kv_panel_draw.c (drawing only). Not used by other panes. */
#ifndef RAMPUP_PANELS_KV_PANEL_H
#define RAMPUP_PANELS_KV_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"
#include "engine/kv/kv_params.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/list.h"
#include "tui/slider.h"
#include "tui/textbox.h"

/* The controls, top to bottom. */
typedef enum KvCtl {
    KC_MODEL,
    KC_BATCH,
    KC_SEQ,
    KC_LAYERS,
    KC_HEADS,
    KC_KV_HEADS,
    KC_HEAD_DIM,
    KC_TP,
    KC_BLOCK,
    KC_KV_DTYPE,
    KC_W_DTYPE,
    KC_GPU,
    KC_GPUS,
    KC_UTIL,
    KC_COUNT
} KvCtl;

enum { KV_CURVE_PTS = 96, KV_FIGS = 4, KV_LABEL_W = 9, KV_CFG_FILES = 32 };

typedef struct KvPanel {
    App *app;              /* borrowed */
    KvPresetList presets;  /* owned */
    GpuList gpus;          /* owned */
    Rect area, controls, results, membar, plot, side;
    bool small;            /* plot, breakdown and blocks share the bottom: 't' cycles */
    int view;              /* small screens: 0 plot, 1 per-kind breakdown, 2 paged blocks */

    KvParamContext pc;     /* model and GPU names for kv_params */

    /* The query: `set` holds the settings (kv_params); the controls below show them. */
    KvSettings set;
    int preset;            /* index into presets (-1: none loaded) */
    bool custom;           /* a dimension was edited by hand */
    KvModel model;         /* the working copy */
    Slider sl[KC_COUNT];   /* the slider controls (unused slots for choices) */
    int kv_dtype, w_dtype; /* KvDtype */
    size_t gpu;
    int focus;

    /* The report: rebuilt by kv_panel_recompute() on every change of the query. */
    KvQuery q;
    bool ok;
    char error[600];
    KvReport r;
    double cx[KV_CURVE_PTS], cy[KV_CURVE_PTS], cn[KV_CURVE_PTS];
    double usable_total;   /* per-GPU bytes for the bar */
    double kv_room;        /* bytes left for KV on all GPUs: the plot's horizontal line */
    double room_x[2], room_y[2];
    double ymin, ymax;     /* the plot's y-axis, stable while batch and length move */
    uint64_t fig_seq[KV_FIGS], fig_kv[KV_FIGS]; /* figures for screens too short to plot */
    bool fig_ok[KV_FIGS], fig_fits[KV_FIGS], fig_beyond[KV_FIGS];
    char config[256];      /* the config.json loaded with :config ("" for a preset) */
    char cfg_files[KV_CFG_FILES][256]; /* :config's picker: the folder's .json files */
    size_t ncfg_files;
} KvPanel;

/* The slider control bound to c, or NULL for the choice rows. */
const Slider *kv_panel_slider(const KvPanel *p, KvCtl c);
/* Label of the current model ("Llama-2-70B" or "custom (from Llama-2-70B)"). */
void kv_panel_model_label(const KvPanel *p, char *buf, size_t size);
const GpuPreset *kv_panel_gpu(const KvPanel *p);

void kv_panel_draw_all(const KvPanel *p, WINDOW *w);

/* Booth mode (kv_panel_booth.c): figures kv, seed, per_token, max_batch, pool, gpu. */
bool kv_panel_headline(const void *st, const char *which, char *value, size_t vsize, char *label,
                       size_t lsize);
char *kv_panel_export(const void *st);

#endif
