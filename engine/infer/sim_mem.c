/* The simulator's KV memory: contiguous reservations (first fit over one address space of
 * token slots, which is where external fragmentation comes from) or PagedAttention blocks,
 * and the accounting of where the memory goes (the categories of the vLLM paper's Fig. 2). */
#include "engine/infer/sim_priv.h"

#include <stdlib.h>
#include <string.h>

/* vLLM keeps 1% of the blocks free at admission so running sequences can grow
 * (the scheduler's watermark, default 0.01). */
#define PAGED_WATERMARK 0.01

static bool paged(const Sim *s)
{
    return s->q->alloc == INFER_ALLOC_PAGED;
}

int sim_mem_init(Sim *s, RError *err)
{
    s->pool_tokens = s->hw->pool_tokens;
    if (paged(s)) {
        long long nb = s->pool_tokens / s->q->block_size;
        if (nb > (1 << 24))
            nb = 1 << 24;
        if (nb < 1)
            return rerror_set(err, "the KV pool holds no block of %d tokens", s->q->block_size);
        s->pool_tokens = nb * s->q->block_size;
        if ((s->hw->max_len + s->q->block_size - 1) / s->q->block_size > nb)
            return rerror_set(err, "the KV pool (%lld blocks) cannot hold one sequence of %d tokens",
                              nb, s->hw->max_len);
        if (infer_pool_init(&s->pool, (int)nb, s->q->block_size, err))
            return -1;
        double block_bytes = s->hw->kv_token_bytes * s->q->block_size;
        double cpu = block_bytes > 0 ? s->q->swap_gb * 1e9 / block_bytes : 0;
        s->cpu_blocks = cpu > 1e9 ? 1000000000 : (int)cpu;
        infer_table_init(&s->prefix);
    } else {
        s->reg = malloc((size_t)(s->n + 1) * sizeof *s->reg);
        if (!s->reg)
            return rerror_set(err, "simulator: out of memory");
    }
    return 0;
}

void sim_mem_free(Sim *s)
{
    infer_table_free(&s->prefix);
    infer_pool_free(&s->pool);
    free(s->reg);
    s->reg = NULL;
}

long long sim_reservation(const Sim *s, int final_len)
{
    long long max = s->hw->max_len;
    switch (s->q->alloc) {
    case INFER_ALLOC_MAX:
        return max;
    case INFER_ALLOC_POW2: {
        long long p = 1;
        while (p < final_len)
            p <<= 1;
        return p < max ? p : max;
    }
    default:
        return final_len;
    }
}

static bool region_admit(Sim *s, int i)
{
    Seq *q = &s->seq[i];
    long long need = sim_reservation(s, q->final_len);
    long long at = 0;
    int k = 0;
    for (; k < s->nreg; k++) { /* first fit: the first hole large enough */
        if (s->reg[k].start - at >= need)
            break;
        at = s->reg[k].start + s->reg[k].len;
    }
    if (k == s->nreg && s->pool_tokens - at < need) {
        s->blocked_by_holes = s->pool_tokens - s->reg_used >= need;
        return false;
    }
    memmove(&s->reg[k + 1], &s->reg[k], (size_t)(s->nreg - k) * sizeof *s->reg);
    s->reg[k] = (Region){(int)at, (int)need, i};
    s->nreg++;
    s->reg_used += need;
    q->reg_start = (int)at;
    q->reg_len = (int)need;
    return true;
}

static int prefix_blocks(const Sim *s, int i)
{
    if (!s->q->prefix_cache || s->q->prefix_tokens <= 0 || s->req[i].prefix <= 0 ||
        s->seq[i].gen > 0)
        return 0;
    return s->req[i].prefix / s->q->block_size;
}

bool sim_mem_admit(Sim *s, int i)
{
    Seq *q = &s->seq[i];
    if (!paged(s))
        return region_admit(s, i);
    int bs = s->q->block_size;
    int full = prefix_blocks(s, i);
    bool resident = full > 0 && s->prefix_users > 0;
    /* static batches keep their padded length's blocks from the start: nothing is preempted */
    int want = s->q->sched == INFER_SCHED_STATIC ? q->final_len : q->target;
    int rest = want - full * bs;
    int need = (full > 0 && !resident ? full : 0) + (rest + bs - 1) / bs;
    int keep = (int)(PAGED_WATERMARK * s->pool.nblocks);
    if (s->pool.nfree - need < keep && !(s->nrun == 0 && need <= s->pool.nfree))
        return false;
    if (full > 0) {
        if (!resident && infer_table_append(&s->pool, &s->prefix, full * bs))
            return false;
        infer_table_share(&s->pool, &s->prefix, full, &q->table);
        s->prefix_users++;
        q->cached = true;
        if (resident) { /* its K and V are already there: skip that prefill */
            q->done = full * bs;
            q->stored = full * bs;
        }
    }
    if (infer_table_append(&s->pool, &q->table, rest) != 0) {
        sim_mem_release(s, i);
        return false;
    }
    return true;
}

bool sim_mem_grow(Sim *s, int i, int k)
{
    if (!paged(s))
        return true; /* reserved up front */
    Seq *q = &s->seq[i];
    int extra = q->stored + k - q->table.tokens;
    if (extra <= 0)
        return true;
    return infer_table_append(&s->pool, &q->table, extra) == 0;
}

void sim_mem_release(Sim *s, int i)
{
    Seq *q = &s->seq[i];
    if (paged(s)) {
        infer_table_release(&s->pool, &q->table);
        if (q->cached && --s->prefix_users == 0)
            infer_table_release(&s->pool, &s->prefix);
        q->cached = false;
        return;
    }
    for (int k = 0; k < s->nreg; k++)
        if (s->reg[k].owner == i) {
            s->reg_used -= s->reg[k].len;
            memmove(&s->reg[k], &s->reg[k + 1], (size_t)(s->nreg - k - 1) * sizeof *s->reg);
            s->nreg--;
            break;
        }
    q->reg_len = 0;
}

static double transfer_time(const Sim *s, int blocks)
{
    return blocks * s->q->block_size * s->hw->kv_token_bytes / (s->q->pcie_gbs * 1e9);
}

bool sim_mem_swap_out(Sim *s, int i)
{
    Seq *q = &s->seq[i];
    int nb = q->table.n;
    if (s->cpu_used + nb > s->cpu_blocks)
        return false;
    s->cpu_used += nb;
    s->extra_time += transfer_time(s, nb);
    q->reg_len = nb; /* remembered: the blocks it holds on the CPU */
    sim_mem_release(s, i);
    return true;
}

bool sim_mem_swap_in(Sim *s, int i)
{
    Seq *q = &s->seq[i];
    /* its written slots, or the whole prompt when it left in the middle of a chunked prefill */
    int slots = q->stored > q->target ? q->stored : q->target;
    int need = (slots + s->q->block_size - 1) / s->q->block_size;
    int keep = (int)(PAGED_WATERMARK * s->pool.nblocks);
    if (s->pool.nfree - need < keep && s->nrun > 0)
        return false;
    if (infer_table_append(&s->pool, &q->table, slots) != 0)
        return false;
    s->cpu_used -= q->reg_len;
    s->extra_time += transfer_time(s, q->reg_len);
    q->reg_len = 0;
    return true;
}

/* Real (unpadded) token states a sequence has written. */
static double real_states(const Sim *s, int i)
{
    const Seq *q = &s->seq[i];
    const InferRequest *r = &s->req[i];
    if (s->q->sched != INFER_SCHED_STATIC)
        return q->stored;
    /* static: the prompt is padded to the batch's longest; outputs past their end are pads */
    double prompt_real = q->stored < q->target ? (q->stored < r->prompt ? q->stored : r->prompt)
                                               : r->prompt;
    double dec = q->stored > q->target ? q->stored - q->target : 0;
    if (dec > r->output - 1)
        dec = r->output - 1;
    return prompt_real + dec;
}

void sim_mem_measure(const Sim *s, SimMem *m)
{
    memset(m, 0, sizeof *m);
    for (int k = 0; k < s->nrun; k++) {
        int i = s->run[k];
        const Seq *q = &s->seq[i];
        double real = real_states(s, i);
        m->states += real;
        m->padding += q->stored - real;
        if (paged(s)) {
            m->reservation += q->table.tokens - q->stored;
            if (q->stored > q->table.tokens)
                m->unbacked += q->stored - q->table.tokens;
        } else {
            if (q->stored > q->reg_len)
                m->unbacked += q->stored - q->reg_len;
            m->held += q->reg_len;
            m->reservation += q->final_len - q->stored;
            m->internal += q->reg_len - q->final_len;
        }
    }
    if (paged(s)) {
        /* shared prefix blocks hold their tokens once */
        if (s->prefix_users > 1)
            m->states -= (double)(s->prefix_users - 1) * s->prefix.tokens;
        m->held = (double)infer_pool_used(&s->pool) * s->q->block_size;
        m->internal = m->held - m->states - m->padding - m->reservation;
        if (m->internal < 0)
            m->internal = 0;
    } else if (s->blocked_by_holes) {
        m->external = (double)(s->pool_tokens - s->reg_used);
    }
}

static void put(InferSnapshot *sn, long long cell, int owner, int state)
{
    if (cell < 0 || cell >= sn->ncells)
        return;
    /* a shared or token cell wins over weaker states when several blocks fall in one cell */
    if (sn->owner[cell] < 0 || state == INFER_CELL_SHARED || state == INFER_CELL_TOKENS) {
        sn->owner[cell] = owner;
        sn->state[cell] = (uint8_t)state;
    }
}

void sim_mem_snapshot(const Sim *s, InferSnapshot *sn)
{
    int bs = s->q->block_size;
    long long units = paged(s) ? s->pool.nblocks : (s->pool_tokens + bs - 1) / bs;
    long long scale = (units + INFER_SNAP_CELLS - 1) / INFER_SNAP_CELLS;
    if (scale < 1)
        scale = 1;
    sn->taken = true;
    sn->time = s->t;
    sn->ncells = (int)((units + scale - 1) / scale);
    sn->slots_per_cell = (int)(scale * bs);
    sn->running = s->nrun;
    for (int c = 0; c < sn->ncells; c++) {
        sn->owner[c] = -1;
        sn->state[c] = INFER_CELL_FREE;
    }
    sn->ntables = 0;
    if (paged(s)) {
        for (int k = 0; k < s->prefix.n; k++)
            put(sn, s->prefix.blocks[k] / scale, -2, INFER_CELL_SHARED);
        for (int k = 0; k < s->nrun; k++) {
            int i = s->run[k];
            const Seq *q = &s->seq[i];
            for (int b = 0; b < q->table.n; b++) {
                int phys = q->table.blocks[b];
                int st;
                if (s->pool.ref[phys] > 1)
                    st = INFER_CELL_SHARED;
                else if ((b + 1) * bs <= q->stored)
                    st = INFER_CELL_TOKENS;
                else if (b * bs < q->stored)
                    st = INFER_CELL_PARTIAL;
                else
                    st = INFER_CELL_RESERVED;
                put(sn, phys / scale, i, st);
            }
            if (sn->ntables < INFER_SNAP_TABLES) {
                int t = sn->ntables++;
                sn->table_req[t] = i;
                sn->table_len[t] = q->table.n;
                sn->table_tokens[t] = q->stored;
                for (int b = 0; b < q->table.n && b < INFER_SNAP_TABLE_BLOCKS; b++) {
                    sn->table[t][b] = q->table.blocks[b];
                    sn->table_ref[t][b] = s->pool.ref[q->table.blocks[b]];
                }
            }
        }
        return;
    }
    long long per = scale * bs;
    for (int k = 0; k < s->nreg; k++) {
        const Region *r = &s->reg[k];
        const Seq *q = &s->seq[r->owner];
        double real = real_states(s, r->owner);
        for (long long c = r->start / per; c * per < (long long)r->start + r->len; c++) {
            long long mid = c * per + per / 2 - r->start; /* the cell's middle slot */
            if (mid < 0)
                mid = 0;
            int st = mid < real          ? INFER_CELL_TOKENS
                     : mid < q->stored   ? INFER_CELL_PADDING
                     : mid < q->final_len ? INFER_CELL_RESERVED
                                          : INFER_CELL_UNUSED;
            put(sn, c, r->owner, st);
        }
    }
}
