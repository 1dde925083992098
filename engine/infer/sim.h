/* A seeded discrete-event serving simulator. Each iteration the scheduler forms a batch
 * (static: wait for a batch and pad it, as FasterTransformer serves; continuous: admit and
 * retire sequences every iteration, Orca's iteration-level scheduling, Yu et al. OSDI 2022),
 * optionally with chunked prefill under a token budget (Sarathi-Serve, Agrawal et al. OSDI
 * 2024), the KV allocator grants memory (reservation policies or paged blocks), and the step
 * lasts as long as the roofline says. Same query and seed -> the same run. */
#ifndef RAMPUP_ENGINE_INFER_SIM_H
#define RAMPUP_ENGINE_INFER_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/infer/infer.h"
#include "engine/infer/roofline.h"
#include "engine/infer/workload.h"

typedef struct InferLatency {
    double mean, p50, p99;
} InferLatency;

/* One cell of the memory map: a block (paged) or block_size slots (reservation policies). */
typedef enum InferCellState {
    INFER_CELL_FREE,
    INFER_CELL_TOKENS,   /* holds token states */
    INFER_CELL_PARTIAL,  /* a block only partly filled (internal fragmentation) */
    INFER_CELL_RESERVED, /* reserved for tokens still to come */
    INFER_CELL_UNUSED,   /* reserved past the request's final length: never used */
    INFER_CELL_SHARED,   /* a block more than one sequence references */
    INFER_CELL_PADDING,  /* static batching: slots of padding tokens */
    INFER_CELL_COUNT
} InferCellState;

#define INFER_SNAP_CELLS 4096
#define INFER_SNAP_TABLES 8
#define INFER_SNAP_TABLE_BLOCKS 24
#define INFER_TL_STEPS 256
#define INFER_TL_SLOTS 64

typedef struct InferSnapshot {
    bool taken;
    double time;
    int ncells;
    int slots_per_cell;                 /* token slots one cell stands for */
    int owner[INFER_SNAP_CELLS];        /* request id, -1 free */
    uint8_t state[INFER_SNAP_CELLS];    /* InferCellState */
    int ntables;                        /* paged: the first running sequences' block tables */
    int table_req[INFER_SNAP_TABLES];
    int table_len[INFER_SNAP_TABLES];   /* logical blocks */
    int table_tokens[INFER_SNAP_TABLES];
    int table[INFER_SNAP_TABLES][INFER_SNAP_TABLE_BLOCKS];
    int table_ref[INFER_SNAP_TABLES][INFER_SNAP_TABLE_BLOCKS];
    int running;
} InferSnapshot;

typedef enum InferPhase { INFER_PH_IDLE, INFER_PH_PREFILL, INFER_PH_DECODE, INFER_PH_PAD } InferPhase;

/* The first INFER_TL_STEPS iterations: which request each slot holds, and in which phase. */
typedef struct InferTimeline {
    int steps, slots;                   /* recorded steps; highest slot used + 1 */
    double t[INFER_TL_STEPS];           /* step start */
    int req[INFER_TL_STEPS][INFER_TL_SLOTS];
    uint8_t phase[INFER_TL_STEPS][INFER_TL_SLOTS];
} InferTimeline;

typedef struct InferSimReport {
    int requests, finished, clipped;
    long long steps;
    double duration;                 /* first arrival to last finish, s */
    double req_per_s, tokens_per_s;  /* output tokens/s */
    InferLatency ttft, tpot, e2e, norm; /* norm: e2e / output tokens (vLLM §6.1) */
    double goodput;                  /* req/s with ttft and tpot under the targets */
    double goodput_share;
    /* memory, averaged over time while something is held */
    double kv_utilization;           /* token states / (memory held + external fragments) */
    double waste_reservation, waste_internal, waste_external, waste_padding;
    double pool_use;                 /* memory held / pool */
    long long pool_tokens, peak_held; /* token slots */
    double mean_batch;
    int max_running;
    int preemptions, swaps;
    long long recomputed_tokens;
    long long tokens_out, tokens_expected; /* emitted vs asked: equal when none is lost */
    long long duplicate_tokens;            /* tokens emitted past a request's output: 0 */
    long long unbacked_slots;              /* most KV slots ever written past a sequence's
                                            * blocks or region: 0, or memory was overcommitted */
    int max_len;
    InferSnapshot *snap;             /* owned (NULL unless asked) */
    InferTimeline *timeline;         /* owned (NULL unless asked) */
} InferSimReport;

typedef struct InferSimOptions {
    bool snapshot, timeline;
} InferSimOptions;

/* Runs the workload (generated from q, or q->trace) to the end. */
int infer_simulate(const InferHw *hw, const InferQuery *q, const InferSimOptions *opt,
                   InferSimReport *out, RError *err);
/* The same on a given workload (borrowed). */
int infer_simulate_workload(const InferHw *hw, const InferQuery *q, const InferWorkload *w,
                            const InferSimOptions *opt, InferSimReport *out, RError *err);
void infer_sim_report_free(InferSimReport *r);

#endif
