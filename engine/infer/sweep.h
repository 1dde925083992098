/* Request rate against normalized latency for every allocation policy, and the highest rate
 * each sustains under a latency target (the vLLM paper's Fig. 12 / 13 experiment). Runs one
 * simulation per step so the pane can show progress and cancel between steps. */
#ifndef RAMPUP_ENGINE_INFER_SWEEP_H
#define RAMPUP_ENGINE_INFER_SWEEP_H

#include <stdbool.h>

#include "engine/error.h"
#include "engine/infer/infer.h"
#include "engine/infer/roofline.h"

#define INFER_SWEEP_MAX_POINTS 32

typedef struct InferSweepPoint {
    double rate;
    double norm_latency;  /* mean e2e / output tokens, s per token */
    double norm_p99;
    double throughput;    /* finished requests / s */
    double kv_utilization;
} InferSweepPoint;

typedef struct InferSweep {
    InferQuery q;                 /* the base query (copied); alloc is set per run */
    const InferHw *hw;            /* borrowed */
    int npoints;
    double capacity;              /* paged throughput when every request arrives at once */
    InferSweepPoint pts[INFER_ALLOC_COUNT][INFER_SWEEP_MAX_POINTS];
    double max_rate[INFER_ALLOC_COUNT]; /* 0 = not even the lowest rate */
    bool beyond[INFER_ALLOC_COUNT];     /* sustained the highest rate tried: max_rate is a floor */
    int done, total;
} InferSweep;

/* Sets the rate grid: npoints rates, geometric from 1/16 to 2 x the saturated paged
 * throughput. */
int infer_sweep_init(InferSweep *sw, const InferHw *hw, const InferQuery *q, int npoints,
                     RError *err);
/* Runs the next simulation. Returns 1 while runs remain, 0 when the sweep is complete. */
int infer_sweep_step(InferSweep *sw, RError *err);
/* Runs every remaining step. */
int infer_sweep_run(InferSweep *sw, RError *err);

#endif
