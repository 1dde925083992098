/* PagedAttention's KV block manager (Kwon et al., SOSP 2023, §4.1-4.4): a pool of physical
 * blocks of block_size token slots, one block table per sequence (logical block i -> physical
 * block), reference counts so sequences can share blocks (a common prefix, parallel samples,
 * beam candidates), and copy-on-write when a sequence appends into a shared block (§4.4). */
#ifndef RAMPUP_ENGINE_INFER_BLOCKS_H
#define RAMPUP_ENGINE_INFER_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"

typedef struct InferBlockPool {
    int nblocks, block_size;
    int *ref;      /* owned: references per physical block (0 = free) */
    int *free;     /* owned: stack of free block ids */
    int nfree;
    long long cow_copies; /* blocks copied by copy-on-write */
} InferBlockPool;

typedef struct InferBlockTable {
    int *blocks;   /* owned: physical ids of logical blocks 0..n-1 */
    int n, cap;
    int tokens;    /* token slots filled */
} InferBlockTable;

int infer_pool_init(InferBlockPool *p, int nblocks, int block_size, RError *err);
void infer_pool_free(InferBlockPool *p);
static inline int infer_pool_used(const InferBlockPool *p) { return p->nblocks - p->nfree; }

void infer_table_init(InferBlockTable *t);
/* Blocks `append(t, k)` would take from the pool (new blocks + a copy-on-write copy). */
int infer_table_append_need(const InferBlockPool *p, const InferBlockTable *t, int k);
/* Appends k token slots: fills the last block (copying it first when shared), then takes new
 * blocks. Returns -1 and changes nothing when the pool has too few free blocks. */
int infer_table_append(InferBlockPool *p, InferBlockTable *t, int k);
/* dst (empty) shares every block of src: parallel sampling's fork. */
int infer_table_fork(InferBlockPool *p, const InferBlockTable *src, InferBlockTable *dst);
/* dst (empty) shares src's first `nblocks` blocks (full blocks of a cached prefix). */
int infer_table_share(InferBlockPool *p, const InferBlockTable *src, int nblocks,
                      InferBlockTable *dst);
/* Drops one reference to every block (freeing those that reach 0) and empties t. */
void infer_table_release(InferBlockPool *p, InferBlockTable *t);
void infer_table_free(InferBlockTable *t);

/* Parallel sampling through the pool: one prompt, `samples` continuations of `output` tokens.
 * Memory with shared prompt blocks vs every sample holding its own copy. */
typedef struct InferSharingReport {
    int blocks_shared;      /* pool blocks in use at the end, sharing the prompt */
    int blocks_unshared;    /* samples x ceil((prompt + output) / block_size) */
    int cow_copies;
    int shared_blocks;      /* physical blocks with ref > 1 at the end */
    double saving;          /* 1 - shared / unshared */
} InferSharingReport;
int infer_sharing_demo(int prompt, int output, int samples, int block_size,
                       InferSharingReport *out, InferBlockPool *pool_out,
                       InferBlockTable *tables_out, RError *err);

/* The same over many requests (prompt[i], output[i]): blocks held with and without sharing,
 * summed, when every request asks for `samples` continuations. */
int infer_sharing_total(const int *prompt, const int *output, size_t n, int samples,
                        int block_size, InferSharingReport *out, RError *err);

#endif
