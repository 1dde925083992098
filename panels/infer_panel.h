/* The Inference pane's state, shared by infer_panel.c (settings, keys, engine calls, the sweep)
 * and infer_panel_draw.c / infer_panel_views.c (drawing only). Not used by other panes. */
#ifndef RAMPUP_PANELS_INFER_PANEL_H
#define RAMPUP_PANELS_INFER_PANEL_H

#include <stdbool.h>

#include "engine/infer/infer.h"
#include "engine/infer/presets.h"
#include "engine/infer/roofline.h"
#include "engine/infer/sim.h"
#include "engine/infer/spec.h"
#include "engine/infer/sweep.h"
#include "tui/app.h"
#include "tui/overlay.h"
#include "tui/slider.h"

typedef enum InferCtl {
    IC_MODEL,
    IC_GPU,
    IC_RATE,
    IC_REQUESTS,
    IC_LENGTHS,
    IC_SCHED,
    IC_ALLOC,
    IC_BLOCK,
    IC_CHUNK,
    IC_PREFIX,
    IC_ALPHA,
    IC_GAMMA,
    IC_COUNT
} InferCtl;

typedef enum InferView {
    IV_TIMELINE,
    IV_BLOCKS,
    IV_ROOFLINE,
    IV_LOAD,
    IV_SPEC,
    IV_COUNT
} InferView;

enum { RF_PTS = 14, SP_PTS = 16 };

typedef struct InferPanel {
    App *app;                 /* borrowed */
    InferPresets presets;     /* owned */
    bool have_presets;
    InferQuery q;             /* the settings (infer_params() table) */
    Slider sl[IC_COUNT];      /* slider controls; choice rows leave theirs unused */
    int focus;
    int view;                 /* InferView shown in the main area */
    Rect area, controls, results, main, second, footer;
    bool two_views;           /* wide and tall: the next view below the main one */

    /* The report, rebuilt by recompute() on every change. */
    bool ok;
    char error[600];
    InferHw hw;
    InferRoofline roof;
    InferQuery roof_q;        /* the settings with batch = this run's mean batch */
    InferSimReport sim;       /* owns its snapshot and timeline */
    InferSpecReport spec;
    double c;                 /* the c used */
    double rf_x[RF_PTS], rf_y[RF_PTS], rf_b[RF_PTS]; /* decode: intensity, FLOP/s, batch */
    double roof_x[2 * RF_PTS], roof_y[2 * RF_PTS];
    double cur_x, cur_y, cur_batch;                  /* this run's mean batch */
    double pre_x, pre_y;                             /* one prefill */
    double sp_x[SP_PTS], sp_y[SP_PTS], sp_e[SP_PTS]; /* gamma, speedup, expected tokens */

    /* The rate sweep: one simulation per tick, cancellable. */
    InferSweep *sweep;        /* owned; NULL before the first */
    InferHw sweep_hw;         /* the hw it runs on (the sweep borrows it) */
    bool sweeping, sweep_stale;
    double last_tick;         /* when the last tick arrived (a lost tick is re-queued) */
    double sw_x[INFER_ALLOC_COUNT][INFER_SWEEP_MAX_POINTS];
    double sw_y[INFER_ALLOC_COUNT][INFER_SWEEP_MAX_POINTS];
} InferPanel;

/* A function key no terminal sends: the pane queues it to itself to advance a running sweep
 * (infer_panel_sweep.c). */
#define INFER_TICK_KEY KEY_F(60)

/* The sweep (infer_panel_sweep.c). */
void infer_sweep_start(InferPanel *p);
void infer_sweep_tick(InferPanel *p);
/* Stops a running sweep; `why` (may be NULL) goes to the status bar. */
void infer_sweep_cancel(InferPanel *p, const char *why);
/* Re-queues a tick that went elsewhere: at once when `now`, else after a quiet half second. */
void infer_sweep_resume(InferPanel *p, bool now);

/* Booth mode (infer_panel_booth.c): figures latency, throughput, batch, kv_util, speedup. */
bool infer_panel_headline(const void *st, const char *which, char *value, size_t vsize,
                          char *label, size_t lsize);
/* Pushes an app overlay wrapped so ticks still reach the sweep. */
void infer_push_overlay(InferPanel *p, const OverlayClass *inner, void *ctx);

/* Labels of the choice rows. */
const char *infer_panel_choice(const InferPanel *p, InferCtl c, char *buf, size_t size);
bool infer_panel_is_slider(InferCtl c);
extern const char *const infer_view_names[IV_COUNT];

void infer_panel_draw_all(const InferPanel *p, WINDOW *w);
void infer_view_draw(const InferPanel *p, WINDOW *w, Rect r, InferView v);

#endif
