/* The Evals topic's settings, declared once: the tables behind `rampup evals`, the Evals
 * pane's sliders, its `:pane evals …` / note-link pairs and its saved state. Two tables, as
 * pass@k's n, c and k mean samples, not items: evals_params (intervals, sample size,
 * comparisons) and passk_params. */
#ifndef RAMPUP_ENGINE_EVALS_EVALS_PARAMS_H
#define RAMPUP_ENGINE_EVALS_EVALS_PARAMS_H

#include "engine/param.h"

typedef struct EvalsSettings {
    int n;              /* items scored */
    double accuracy;    /* model A */
    double accuracy2;   /* model B */
    int n2;             /* B's items when they differ (0: the same n) */
    int only_a, only_b; /* paired: items only A / only B got right (McNemar's b and c) */
    double margin;      /* wanted half-width of the interval */
    double confidence;
} EvalsSettings;

typedef struct PasskSettings {
    int n; /* samples per problem */
    int c; /* correct samples */
    int k;
} PasskSettings;

extern const ParamTable evals_params;
extern const ParamTable passk_params;

#endif
