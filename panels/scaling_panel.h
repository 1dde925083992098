/* The Scaling pane's state, shared by scaling_panel.c (keys, recompute, layout) and
 * scaling_panel_draw.c (drawing only). */
#ifndef RAMPUP_PANELS_SCALING_PANEL_H
#define RAMPUP_PANELS_SCALING_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/gpu.h"
#include "engine/scaling/laws.h"
#include "engine/scaling/optimum.h"
#include "engine/scaling/report.h"
#include "engine/scaling/scaling_params.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/slider.h"

typedef enum Ctl {
    CTL_COMPUTE,
    CTL_PARAMS,
    CTL_TOKENS,
    CTL_LAW,
    CTL_GPU,
    CTL_GPUS,
    CTL_MFU,
    CTL_INFER,
    CTL_COUNT
} Ctl;

enum { ISO_CURVES = 5, CURVE_PTS = 160, TABLE_ROWS = 9, TABLE_COLS = 3 + LAW_COUNT };


typedef struct ScalingPanel {
    App *app;        /* borrowed */
    GpuList gpus;    /* owned */
    ParamName *gpu_items;  /* owned: the GPU names for scaling_params */
    ParamNames gpu_names;
    const ParamNames *gpu_list;
    ParamContext ctx;
    Rect area, controls, results, plots, table;
    bool small;      /* plots and table share the bottom: 't' switches */

    /* The query. */
    Slider s_c, s_n, s_d, s_gpus, s_mfu, s_inf;
    int law;
    size_t gpu;
    int focus;
    bool follow;     /* N and D track the law's optimum for C */
    int hist[2];     /* the last two of C/N/D edited (0, 1, 2); the third is derived */
    bool show_table;

    ScalingSettings set; /* the settings the controls show (scaling_params) */

    /* The report: rebuilt by recompute() when the query changes. */
    ScalingReport rep;
    ScalingPoint opt[LAW_COUNT]; /* every law's optimum for C */
    ScalingPoint mine;           /* the user's (N, D) under the selected law */
    double mine_opt_loss;        /* the law's best loss for the user's compute 6ND */
    double xf_opt, xf_mine;      /* how far the optimum / your model lie outside the law's
                                  * fitted runs (1 inside; scaling_extrapolation_factor) */
    TrainTime tt;
    bool has_tt;
    InferenceOptimum io;
    int io_law;                  /* the law used for io, -1 when none */
    double iso_c[ISO_CURVES];
    ScalingPoint iso_opt[ISO_CURVES];
    double iso_n[ISO_CURVES][CURVE_PTS], iso_l[ISO_CURVES][CURVE_PTS];
    char iso_label[ISO_CURVES][16];
    double fr_c[CURVE_PTS], fr_n[LAW_COUNT][CURVE_PTS];
    char cells[TABLE_ROWS * TABLE_COLS][16];
    long table_sel;
} ScalingPanel;

const ScalingLaw *scaling_panel_law(const ScalingPanel *p);
const GpuPreset *scaling_panel_gpu(const ScalingPanel *p); /* NULL when there are no presets */
void scaling_panel_draw(const void *st, WINDOW *w, Rect area);

/* Booth mode (scaling_panel_booth.c): figures ratio, params, tokens, loss, days. */
bool scaling_panel_headline(const void *st, const char *which, char *value, size_t vsize,
                            char *label, size_t lsize);
char *scaling_panel_export(const void *st);

#endif
