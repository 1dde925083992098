/* The Evals pane's state, shared by evals_panel.c (keys, recompute, live runs, layout) and
 * evals_panel_draw.c (drawing only). */
#ifndef RAMPUP_PANELS_EVALS_PANEL_H
#define RAMPUP_PANELS_EVALS_PANEL_H

#include <stdbool.h>

#include "engine/evals/bench_cards.h"
#include "engine/evals/evals.h"
#include "engine/evals/evals_params.h"
#include "engine/evals/live.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/slider.h"

enum { EV_VIEW_CI, EV_VIEW_PASSK, EV_VIEW_CARDS, EV_VIEW_LIVE, EV_VIEW_COUNT };

/* Controls of the interval view and of the pass@k view. */
typedef enum EvCtl { EC_N, EC_ACC, EC_ACC2, EC_ONLY_A, EC_ONLY_B, EC_MARGIN, EC_CONF, EC_COUNT } EvCtl;
typedef enum EvPk { EP_N, EP_C, EP_K, EP_COUNT } EvPk;

#define EV_PASSK_PTS 200

typedef struct EvPanel {
    App *app;            /* borrowed */
    Rect area, controls, figures, bottom;
    int view, focus;
    EvalsSettings set;   /* the interval settings (evals_params) */
    PasskSettings pks;   /* the pass@k settings (passk_params) */
    Slider sl[EC_COUNT]; /* bound to evals_params */
    Slider pk[EP_COUNT]; /* bound to passk_params */
    /* The interval report. */
    EvalsInterval wilson, wald, wilson_b; /* A's two intervals, B's Wilson */
    long long need;      /* items for the margin at the first accuracy */
    EvalsTwoProp two;
    EvalsMcnemar mc;     /* paired: the items only A / only B got right */
    bool ok;
    char error[300];
    double hx[60], hy[60]; /* Wilson half-width at accuracy A against n */
    /* pass@k */
    double passk, passk_naive; /* unbiased, and 1 - (1 - c/n)^k */
    double kx[EV_PASSK_PTS], ky[EV_PASSK_PTS];
    size_t nk;
    /* cards */
    BenchCardList cards;      /* owned */
    int card;
    /* live evals */
    LiveEval *live;      /* owned; NULL until run */
    LiveTools tools;     /* owned when have_tools */
    bool have_tools, running;
    int live_sel;        /* selected method in the table */
} EvPanel;

void evals_panel_draw(const void *st, WINDOW *w, Rect area);

/* Booth mode (evals_panel_booth.c): the pane's headline figures. */
bool evals_panel_headline(const void *st, const char *which, char *value, size_t vsize, char *label,
                          size_t lsize);

#endif
