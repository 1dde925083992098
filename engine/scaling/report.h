/* One call for everything a scaling query shows: each law's optimum for the budget, the loss
 * of a given (N, D), the inference-aware optimum and the training time. The Scaling pane and
 * `rampup scaling` both print this report; neither computes figures of its own. */
#ifndef RAMPUP_ENGINE_SCALING_REPORT_H
#define RAMPUP_ENGINE_SCALING_REPORT_H

#include <stdbool.h>

#include "engine/error.h"
#include "engine/gpu.h"
#include "engine/scaling/laws.h"
#include "engine/scaling/optimum.h"
#include "engine/scaling/scaling_params.h"

typedef struct ScalingReport {
    double compute;                  /* C: the budget */
    bool given;                      /* N and D were given (else they are each law's optimum) */
    ScalingPoint opt[LAW_COUNT];     /* each law's compute-optimal point for C */
    ScalingPoint at[LAW_COUNT];      /* the given (N, D) under each law (= opt when not given) */
    double at_opt_loss[LAW_COUNT];   /* the best loss each law reaches with at[i].compute */
    bool has_io[LAW_COUNT];          /* parametric laws, when inference_tokens > 0 */
    InferenceOptimum io[LAW_COUNT];
    char io_error[LAW_COUNT][160];   /* why has_io is false, when it was asked for */
    bool has_tt;                     /* a GPU was given */
    TrainTime tt;                    /* for C, or for 6ND when given */
} ScalingReport;

/* The optima, the inference-aware optimum and (gpu not NULL) the training time are for the
 * budget s->compute. `given`: at[] is s->params, s->tokens under each law and the training
 * time is for their 6ND (a caller asking about one model sets compute = 6ND too). Fails on a
 * non-positive or non-finite input. */
int scaling_report(const ScalingSettings *s, bool given, const GpuPreset *gpu, ScalingReport *out,
                   RError *err);

#endif
