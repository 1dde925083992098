/* Internals shared by sim.c (scheduling) and sim_mem.c (KV allocators and accounting). */
#ifndef RAMPUP_ENGINE_INFER_SIM_PRIV_H
#define RAMPUP_ENGINE_INFER_SIM_PRIV_H

#include "engine/infer/blocks.h"
#include "engine/infer/sim.h"

typedef enum SeqState { SEQ_PENDING, SEQ_WAITING, SEQ_RUNNING, SEQ_SWAPPED, SEQ_DONE } SeqState;

typedef struct Seq {
    int state;
    int target;      /* tokens the current prefill must reach (prompt, or prompt + output so far) */
    int done;        /* tokens of the target computed */
    int gen;         /* output tokens emitted */
    int stored;      /* KV token slots written */
    int final_len;   /* slots the request needs in the end (prompt + output; padded in static) */
    int slot;        /* timeline slot, -1 none */
    double first, finish;
    InferBlockTable table; /* paged */
    int reg_start, reg_len; /* reservation: the contiguous region */
    bool cached;     /* shares the cached prefix blocks */
} Seq;

typedef struct Region {
    int start, len, owner;
} Region;

typedef struct Sim {
    const InferHw *hw;
    const InferQuery *q;
    const InferRequest *req;
    int n;
    Seq *seq;
    /* waiting queue (ring) and running list */
    int *wq;
    int wq_head, wq_len, wq_cap;
    int *run;
    int nrun;
    int *swapq;
    int swap_head, swap_len;
    /* memory */
    long long pool_tokens;
    double inv_pool;           /* 1 / pool_tokens */
    InferBlockPool pool;       /* paged */
    int cpu_blocks, cpu_used;  /* swap space in blocks */
    Region *reg;               /* reservation: sorted by start */
    int nreg;
    long long reg_used;
    InferBlockTable prefix;    /* the cached system prompt's full blocks */
    int prefix_users;
    bool blocked_by_holes;     /* the head of the queue did not fit although enough was free */
    /* slots for the timeline */
    uint64_t slot_used;
    double t;
    double extra_time;         /* swap transfers this step */
} Sim;

long long sim_reservation(const Sim *s, int final_len);
/* Grants the memory for seq i at admission (its first target tokens); false when it cannot. */
bool sim_mem_admit(Sim *s, int i);
/* Makes room for k more slots of a running paged sequence; false when the pool is full. */
bool sim_mem_grow(Sim *s, int i, int k);
void sim_mem_release(Sim *s, int i);
/* Paged swap: moves seq i's blocks to CPU memory (false when the swap space is full). */
bool sim_mem_swap_out(Sim *s, int i);
bool sim_mem_swap_in(Sim *s, int i);
/* Token states, memory held and waste, in slots, right now. */
typedef struct SimMem {
    double states, held, reservation, internal, external, padding;
    double unbacked; /* slots written without a block behind them: always 0 */
} SimMem;
void sim_mem_measure(const Sim *s, SimMem *m);
void sim_mem_snapshot(const Sim *s, InferSnapshot *snap);
int sim_mem_init(Sim *s, RError *err);
void sim_mem_free(Sim *s);

#endif
