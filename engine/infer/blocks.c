/* The paged KV block manager (see blocks.h). */
#include "engine/infer/blocks.h"

#include <stdlib.h>
#include <string.h>

int infer_pool_init(InferBlockPool *p, int nblocks, int block_size, RError *err)
{
    memset(p, 0, sizeof *p);
    if (nblocks < 1 || block_size < 1)
        return rerror_set(err, "block pool: needs at least one block of one token");
    p->ref = calloc((size_t)nblocks, sizeof *p->ref);
    p->free = malloc((size_t)nblocks * sizeof *p->free);
    if (!p->ref || !p->free) {
        infer_pool_free(p);
        return rerror_set(err, "block pool: out of memory for %d blocks", nblocks);
    }
    p->nblocks = nblocks;
    p->block_size = block_size;
    /* block 0 on top, so a fresh pool hands out 0, 1, 2, ... */
    for (int i = 0; i < nblocks; i++)
        p->free[i] = nblocks - 1 - i;
    p->nfree = nblocks;
    return 0;
}

void infer_pool_free(InferBlockPool *p)
{
    if (!p)
        return;
    free(p->ref);
    free(p->free);
    memset(p, 0, sizeof *p);
}

void infer_table_init(InferBlockTable *t)
{
    memset(t, 0, sizeof *t);
}

void infer_table_free(InferBlockTable *t)
{
    if (!t)
        return;
    free(t->blocks);
    memset(t, 0, sizeof *t);
}

static int reserve(InferBlockTable *t, int n)
{
    if (n <= t->cap)
        return 0;
    int cap = t->cap ? t->cap : 4;
    while (cap < n)
        cap *= 2;
    int *b = realloc(t->blocks, (size_t)cap * sizeof *b);
    if (!b)
        return -1;
    t->blocks = b;
    t->cap = cap;
    return 0;
}

static int take(InferBlockPool *p)
{
    int b = p->free[--p->nfree];
    p->ref[b] = 1;
    return b;
}

static void drop(InferBlockPool *p, int b)
{
    if (--p->ref[b] == 0)
        p->free[p->nfree++] = b;
}

int infer_table_append_need(const InferBlockPool *p, const InferBlockTable *t, int k)
{
    int bs = p->block_size;
    int room = t->n * bs - t->tokens; /* free slots in the last block */
    int need = 0;
    if (room > 0 && k > 0 && p->ref[t->blocks[t->n - 1]] > 1)
        need = 1; /* copy-on-write of the shared last block */
    int rest = k - room;
    if (rest > 0)
        need += (rest + bs - 1) / bs;
    return need;
}

int infer_table_append(InferBlockPool *p, InferBlockTable *t, int k)
{
    if (k <= 0)
        return 0;
    int need = infer_table_append_need(p, t, k);
    if (need > p->nfree)
        return -1;
    int bs = p->block_size;
    int nb = (t->tokens + k + bs - 1) / bs;
    if (reserve(t, nb))
        return -1;
    int room = t->n * bs - t->tokens;
    if (room > 0 && p->ref[t->blocks[t->n - 1]] > 1) {
        /* the slots we are about to write are shared: copy the block first (§4.4) */
        int old = t->blocks[t->n - 1];
        t->blocks[t->n - 1] = take(p);
        drop(p, old);
        p->cow_copies++;
    }
    while (t->n < nb)
        t->blocks[t->n++] = take(p);
    t->tokens += k;
    return 0;
}

int infer_table_share(InferBlockPool *p, const InferBlockTable *src, int nblocks,
                      InferBlockTable *dst)
{
    if (nblocks > src->n)
        nblocks = src->n;
    if (reserve(dst, nblocks))
        return -1;
    for (int i = 0; i < nblocks; i++) {
        dst->blocks[i] = src->blocks[i];
        p->ref[src->blocks[i]]++;
    }
    dst->n = nblocks;
    int full = nblocks * p->block_size;
    dst->tokens = src->tokens < full ? src->tokens : full;
    return 0;
}

int infer_table_fork(InferBlockPool *p, const InferBlockTable *src, InferBlockTable *dst)
{
    return infer_table_share(p, src, src->n, dst);
}

void infer_table_release(InferBlockPool *p, InferBlockTable *t)
{
    for (int i = 0; i < t->n; i++)
        drop(p, t->blocks[i]);
    t->n = 0;
    t->tokens = 0;
}

int infer_sharing_demo(int prompt, int output, int samples, int block_size,
                       InferSharingReport *out, InferBlockPool *pool_out,
                       InferBlockTable *tables_out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (prompt < 1 || output < 0 || samples < 1 || samples > 64 || block_size < 1 ||
        prompt > (1 << 20) || output > (1 << 20))
        return rerror_set(err, "blocks: prompt 1..2^20, output 0..2^20, samples 1..64");
    int per_seq = (prompt + output + block_size - 1) / block_size;
    int cap = samples * per_seq + 1;
    InferBlockPool pool;
    if (infer_pool_init(&pool, cap, block_size, err))
        return -1;
    InferBlockTable *t = calloc((size_t)samples, sizeof *t);
    if (!t) {
        infer_pool_free(&pool);
        return rerror_set(err, "blocks: out of memory");
    }
    int rc = infer_table_append(&pool, &t[0], prompt);
    for (int s = 1; rc == 0 && s < samples; s++)
        rc = infer_table_fork(&pool, &t[0], &t[s]);
    /* the samples decode in lockstep, one token each per step */
    for (int k = 0; rc == 0 && k < output; k++)
        for (int s = 0; rc == 0 && s < samples; s++)
            rc = infer_table_append(&pool, &t[s], 1);
    if (rc) {
        for (int s = 0; s < samples; s++)
            infer_table_free(&t[s]);
        free(t);
        infer_pool_free(&pool);
        return rerror_set(err, "blocks: out of memory");
    }
    out->blocks_shared = infer_pool_used(&pool);
    out->blocks_unshared = samples * per_seq;
    out->cow_copies = (int)pool.cow_copies;
    for (int b = 0; b < pool.nblocks; b++)
        out->shared_blocks += pool.ref[b] > 1;
    out->saving = 1.0 - (double)out->blocks_shared / out->blocks_unshared;
    if (pool_out && tables_out) {
        *pool_out = pool;
        memcpy(tables_out, t, (size_t)samples * sizeof *t);
    } else {
        for (int s = 0; s < samples; s++)
            infer_table_free(&t[s]);
        infer_pool_free(&pool);
    }
    free(t);
    return 0;
}

int infer_sharing_total(const int *prompt, const int *output, size_t n, int samples,
                        int block_size, InferSharingReport *out, RError *err)
{
    memset(out, 0, sizeof *out);
    long long shared = 0, unshared = 0;
    for (size_t i = 0; i < n; i++) {
        InferSharingReport one;
        if (infer_sharing_demo(prompt[i], output[i], samples, block_size, &one, NULL, NULL, err))
            return -1;
        shared += one.blocks_shared;
        unshared += one.blocks_unshared;
        out->cow_copies += one.cow_copies;
        out->shared_blocks += one.shared_blocks;
    }
    out->blocks_shared = shared > 2147483647 ? 2147483647 : (int)shared;
    out->blocks_unshared = unshared > 2147483647 ? 2147483647 : (int)unshared;
    out->saving = unshared > 0 ? 1.0 - (double)shared / (double)unshared : 0;
    return 0;
}
