/* The Scaling topic's settings, declared once: the table behind `rampup scaling`, the
 * Scaling pane's sliders, its `:pane scaling …` / note-link pairs and its saved state. */
#ifndef RAMPUP_ENGINE_SCALING_SCALING_PARAMS_H
#define RAMPUP_ENGINE_SCALING_SCALING_PARAMS_H

#include "engine/param.h"
#include "engine/scaling/laws.h"

/* law == SCALING_LAW_ALL: every law side by side (the CLI's default; the pane shows one). */
enum { SCALING_LAW_ALL = LAW_COUNT };

typedef struct ScalingSettings {
    int law;                 /* ScalingLawId or SCALING_LAW_ALL */
    double compute;          /* training budget C, FLOP */
    double params, tokens;   /* a given model: N parameters trained on D tokens */
    char gpu[PARAM_NAME_MAX]; /* for the training time */
    int gpus;
    double mfu;
    double inference_tokens; /* lifetime inference tokens; 0: no inference-aware optimum */
} ScalingSettings;

extern const ParamTable scaling_params;
extern const ParamNames scaling_law_names; /* the laws in ScalingLawId order, then "all" */

#endif
