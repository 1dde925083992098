/* The serving simulator's scheduler and clock (see sim.h). */
#include "engine/infer/sim_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- queues ---- */
static void wq_push_back(Sim *s, int i)
{
    s->wq[(s->wq_head + s->wq_len++) % s->wq_cap] = i;
    s->seq[i].state = SEQ_WAITING;
}
static void wq_push_front(Sim *s, int i)
{
    s->wq_head = (s->wq_head + s->wq_cap - 1) % s->wq_cap;
    s->wq[s->wq_head] = i;
    s->wq_len++;
    s->seq[i].state = SEQ_WAITING;
}
static int wq_peek(const Sim *s)
{
    return s->wq[s->wq_head];
}
static void wq_pop(Sim *s)
{
    s->wq_head = (s->wq_head + 1) % s->wq_cap;
    s->wq_len--;
}

static int slot_take(Sim *s)
{
    for (int k = 0; k < INFER_TL_SLOTS; k++)
        if (!(s->slot_used & (1ULL << k))) {
            s->slot_used |= 1ULL << k;
            return k;
        }
    return -1;
}
static void slot_give(Sim *s, int k)
{
    if (k >= 0)
        s->slot_used &= ~(1ULL << k);
}

static void run_add(Sim *s, int i)
{
    s->run[s->nrun++] = i;
    s->seq[i].state = SEQ_RUNNING;
    s->seq[i].slot = slot_take(s);
}

static void run_remove(Sim *s, int k)
{
    int i = s->run[k];
    slot_give(s, s->seq[i].slot);
    s->seq[i].slot = -1;
    memmove(&s->run[k], &s->run[k + 1], (size_t)(s->nrun - k - 1) * sizeof *s->run);
    s->nrun--;
}

/* ---- metrics gathered while running ---- */
typedef struct Acc {
    double peak, unbacked;
    int max_running;
    double busy, states, held, res, intl, ext, pad, pool;
    double batch_time;
    long long steps;
    double first_arrival;
    InferTimeline *tl;
    InferSnapshot *snap;
    double snap_at, snap_by;  /* snapshot: from snap_at, once half the pool is held or at snap_by */
    double held_now;
} Acc;

static void account(Sim *s, Acc *a, double dt)
{
    SimMem m;
    sim_mem_measure(s, &m);
    a->held_now = m.held;
    if (m.held > a->peak)
        a->peak = m.held;
    if (m.unbacked > a->unbacked)
        a->unbacked = m.unbacked;
    if (s->nrun > a->max_running)
        a->max_running = s->nrun;
    if (m.held + m.external > 0) {
        a->busy += dt;
        double w = dt / (m.held + m.external);
        a->states += w * m.states;
        a->res += w * m.reservation;
        a->intl += w * m.internal;
        a->ext += w * m.external;
        a->pad += w * m.padding;
        a->pool += dt * m.held * s->inv_pool;
    }
    a->batch_time += dt * s->nrun;
    a->steps++;
}

static void record(Sim *s, Acc *a, const int *phase_of)
{
    InferTimeline *tl = a->tl;
    /* from the middle of the run, where the batch has filled up */
    if (!tl || tl->steps >= INFER_TL_STEPS || s->t < a->snap_at)
        return;
    int st = tl->steps++;
    tl->t[st] = s->t;
    for (int k = 0; k < INFER_TL_SLOTS; k++) {
        tl->req[st][k] = -1;
        tl->phase[st][k] = INFER_PH_IDLE;
    }
    for (int k = 0; k < s->nrun; k++) {
        int i = s->run[k], sl = s->seq[i].slot;
        if (sl < 0)
            continue;
        tl->req[st][sl] = i;
        tl->phase[st][sl] = (uint8_t)phase_of[k];
        if (sl + 1 > tl->slots)
            tl->slots = sl + 1;
    }
}

static void maybe_snapshot(Sim *s, Acc *a)
{
    /* a busy moment shows more than an idle one: half the pool in use, or the deadline */
    if (a->snap && !a->snap->taken && s->t >= a->snap_at && s->nrun > 0 &&
        (a->held_now >= 0.5 * (double)s->pool_tokens || s->t >= a->snap_by))
        sim_mem_snapshot(s, a->snap);
}

/* Emits one token of seq i at the end of the step (time s->t). */
static void emit(Sim *s, int i)
{
    Seq *q = &s->seq[i];
    if (q->gen == 0)
        q->first = s->t;
    q->gen++;
}

static void finish(Sim *s, int k)
{
    int i = s->run[k];
    s->seq[i].finish = s->t;
    s->seq[i].state = SEQ_DONE;
    sim_mem_release(s, i);
    run_remove(s, k);
}

/* Paged memory is full: evict the most recently admitted sequence (vLLM's policy). */
static void preempt_last(Sim *s, InferSimReport *r)
{
    int k = s->nrun - 1, i = s->run[k];
    Seq *q = &s->seq[i];
    r->preemptions++;
    if (s->q->preempt == INFER_PREEMPT_SWAP && sim_mem_swap_out(s, i)) {
        r->swaps++;
        run_remove(s, k);
        q->state = SEQ_SWAPPED;
        s->swapq[(s->swap_head + s->swap_len++) % s->n] = i;
        return;
    }
    sim_mem_release(s, i);
    run_remove(s, k);
    /* recomputation: the prompt and the tokens generated so far are prefilled again */
    r->recomputed_tokens += q->stored;
    q->target = s->req[i].prompt + q->gen;
    q->done = 0;
    q->stored = 0;
    wq_push_front(s, i);
}

/* One iteration of continuous batching. */
static void step_continuous(Sim *s, InferSimReport *r, Acc *a, int *phase, int *chunk)
{
    const InferQuery *qq = s->q;
    long long budget = qq->chunk > 0 ? qq->chunk : (long long)1 << 40;
    /* whole prompts: at most max(max_len, 2048) prompt tokens join one step, never a prompt
     * split (vLLM's scheduler default for max_num_batched_tokens without chunked prefill) */
    long long prompt_cap = qq->chunk > 0 ? budget : (s->hw->max_len > 2048 ? s->hw->max_len : 2048);
    long long prompt_used = 0;
    s->extra_time = 0;
    s->blocked_by_holes = false;

    /* 1. every decoding sequence needs a slot for the token it feeds */
    for (int k = 0; k < s->nrun; k++) {
        int i = s->run[k];
        Seq *q = &s->seq[i];
        if (q->done < q->target)
            continue;
        while (!sim_mem_grow(s, i, 1)) {
            bool self = s->run[s->nrun - 1] == i;
            preempt_last(s, r);
            if (self)
                break;
        }
    }
    /* 2. swapped-out sequences come back before new ones are admitted */
    while (s->swap_len > 0 && s->nrun < qq->max_batch) {
        int i = s->swapq[s->swap_head];
        if (!sim_mem_swap_in(s, i))
            break;
        s->swap_head = (s->swap_head + 1) % s->n;
        s->swap_len--;
        run_add(s, i);
    }
    InferStepLoad load = {0};
    int nrun0 = s->nrun;
    for (int k = 0; k < nrun0; k++) {
        Seq *q = &s->seq[s->run[k]];
        chunk[k] = 0;
        if (q->done >= q->target) {
            phase[k] = INFER_PH_DECODE;
            load.tokens += 1;
            load.pairs += q->stored + 1;
            load.kv_read += q->stored;
            load.kv_read_w += fmin(q->stored, s->hw->window);
            budget--;
        } else {
            phase[k] = INFER_PH_PREFILL;
        }
        load.seqs += 1;
    }
    /* 3. prefills already under way (chunked), then new admissions, within the budget */
    for (int k = 0; k < nrun0 && budget > 0; k++) {
        Seq *q = &s->seq[s->run[k]];
        if (phase[k] != INFER_PH_PREFILL)
            continue;
        long long c = q->target - q->done;
        chunk[k] = (int)(c < budget ? c : budget);
        budget -= chunk[k];
    }
    while (budget > 0 && s->wq_len > 0 && s->nrun < qq->max_batch) {
        int i = wq_peek(s);
        long long want = s->seq[i].target - s->seq[i].done;
        if (qq->chunk == 0 && prompt_used > 0 && prompt_used + want > prompt_cap)
            break;
        if (!sim_mem_admit(s, i))
            break; /* first come, first served: no one overtakes the head of the queue */
        wq_pop(s);
        run_add(s, i);
        Seq *q = &s->seq[i];
        int k = s->nrun - 1;
        phase[k] = INFER_PH_PREFILL;
        long long c = q->target - q->done;
        chunk[k] = (int)(c < budget ? c : budget);
        budget -= chunk[k];
        prompt_used += chunk[k];
        load.seqs += 1;
    }
    for (int k = 0; k < s->nrun; k++) {
        if (phase[k] != INFER_PH_PREFILL || chunk[k] == 0)
            continue;
        Seq *q = &s->seq[s->run[k]];
        InferStepLoad p = infer_prefill_load(s->hw, q->done, q->done + chunk[k]);
        load.tokens += p.tokens;
        load.pairs += p.pairs;
        load.kv_read += p.kv_read;
        load.kv_read_w += p.kv_read_w;
    }
    if (s->nrun == 0) { /* nothing fits or runs: wait for the next arrival */
        s->t += 1e-3;
        return;
    }
    InferStepCost cost;
    infer_step_cost(s->hw, &load, &cost);
    double dt = cost.time + s->extra_time;
    record(s, a, phase);
    maybe_snapshot(s, a);
    account(s, a, dt);
    s->t += dt;

    /* 4. apply: prefills advance, finished prefills and decodes emit a token */
    for (int k = 0; k < s->nrun; k++) {
        int i = s->run[k];
        Seq *q = &s->seq[i];
        if (phase[k] == INFER_PH_DECODE) {
            q->stored++;
            emit(s, i);
        } else if (chunk[k] > 0) {
            q->done += chunk[k];
            q->stored = q->done > q->stored ? q->done : q->stored;
            if (q->done >= q->target)
                emit(s, i);
        }
    }
    for (int k = s->nrun - 1; k >= 0; k--)
        if (s->seq[s->run[k]].gen >= s->req[s->run[k]].output)
            finish(s, k);
}

/* Static batching: take up to static_batch waiting requests, pad prompts and outputs to the
 * batch's longest, run the batch to its end, return every result together. */
static void run_static(Sim *s, InferSimReport *r, Acc *a, int *phase, bool more_coming)
{
    const InferQuery *qq = s->q;
    if (s->wq_len < qq->static_batch && more_coming)
        return;
    int limit = s->wq_len < qq->static_batch ? s->wq_len : qq->static_batch;
    int maxp = 0, maxo = 0, take = 0;
    /* the batch's padded length (longest prompt + longest output) must fit the model's
     * context: a request that would push it past max_len waits for the next batch */
    for (; take < limit; take++) {
        int i = s->wq[(s->wq_head + take) % s->wq_cap];
        int p = s->req[i].prompt > maxp ? s->req[i].prompt : maxp;
        int o = s->req[i].output > maxo ? s->req[i].output : maxo;
        if (take > 0 && p + o > s->hw->max_len)
            break;
        maxp = p;
        maxo = o;
    }
    for (int k = 0; k < take; k++) {
        int i = wq_peek(s);
        Seq *q = &s->seq[i];
        q->target = maxp;
        q->final_len = maxp + maxo;
        if (!sim_mem_admit(s, i))
            break;
        wq_pop(s);
        run_add(s, i);
    }
    if (s->nrun == 0) {
        s->t += 1e-3;
        return;
    }
    (void)r;
    double nb = s->nrun;
    for (int step = 0; step < maxo; step++) {
        InferStepLoad load;
        if (step == 0)
            load = infer_prefill_load(s->hw, 0, maxp);
        else
            load = infer_decode_load(s->hw, 1, maxp + step - 1);
        load.tokens *= nb;
        load.pairs *= nb;
        load.kv_read *= nb;
        load.kv_read_w *= nb;
        load.seqs = nb;
        for (int k = 0; k < s->nrun; k++) {
            if (step > 0 && !sim_mem_grow(s, s->run[k], 1))
                continue; /* admitted with room for the padded length: cannot happen */
            int i = s->run[k];
            phase[k] = step == 0 ? INFER_PH_PREFILL
                       : s->seq[i].gen < s->req[i].output ? INFER_PH_DECODE
                                                            : INFER_PH_PAD;
        }
        InferStepCost cost;
        infer_step_cost(s->hw, &load, &cost);
        record(s, a, phase);
        maybe_snapshot(s, a);
        account(s, a, cost.time);
        s->t += cost.time;
        for (int k = 0; k < s->nrun; k++) {
            int i = s->run[k];
            Seq *q = &s->seq[i];
            q->stored = step == 0 ? maxp : q->stored + 1;
            q->done = maxp;
            if (q->gen < s->req[i].output)
                emit(s, i);
        }
    }
    while (s->nrun > 0)
        finish(s, s->nrun - 1);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static InferLatency latency(double *v, int n)
{
    InferLatency l = {0};
    if (n == 0)
        return l;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    l.mean = sum / n;
    l.p50 = v[(int)floor(0.50 * (n - 1))];
    l.p99 = v[(int)floor(0.99 * (n - 1))];
    return l;
}

static int summarize(Sim *s, Acc *a, InferSimReport *r, RError *err)
{
    int n = s->n;
    double *v = malloc((size_t)n * 4 * sizeof *v);
    if (!v)
        return rerror_set(err, "simulator: out of memory");
    double *ttft = v, *tpot = v + n, *e2e = v + 2 * n, *norm = v + 3 * n;
    int ntpot = 0, good = 0;
    double last = 0;
    for (int i = 0; i < n; i++) {
        const Seq *q = &s->seq[i];
        const InferRequest *rq = &s->req[i];
        r->tokens_out += q->gen > rq->output ? rq->output : q->gen;
        r->duplicate_tokens += q->gen > rq->output ? q->gen - rq->output : 0;
        r->tokens_expected += rq->output;
        r->finished += q->state == SEQ_DONE;
        ttft[i] = q->first - rq->arrival;
        e2e[i] = q->finish - rq->arrival;
        norm[i] = e2e[i] / rq->output;
        double tp = rq->output > 1 ? (q->finish - q->first) / (rq->output - 1) : 0;
        if (rq->output > 1)
            tpot[ntpot++] = tp;
        if (ttft[i] <= s->q->ttft_target && tp <= s->q->tpot_target)
            good++;
        if (q->finish > last)
            last = q->finish;
    }
    r->duration = last - a->first_arrival;
    double span = r->duration > 0 ? r->duration : 1e-9;
    r->req_per_s = r->finished / span;
    r->tokens_per_s = r->tokens_out / span;
    r->goodput = good / span;
    r->goodput_share = (double)good / n;
    r->ttft = latency(ttft, n);
    r->tpot = latency(tpot, ntpot);
    r->e2e = latency(e2e, n);
    r->norm = latency(norm, n);
    free(v);
    double busy = a->busy > 0 ? a->busy : 1;
    r->kv_utilization = a->states / busy;
    r->waste_reservation = a->res / busy;
    r->waste_internal = a->intl / busy;
    r->waste_external = a->ext / busy;
    r->waste_padding = a->pad / busy;
    r->pool_use = a->pool / busy;
    r->steps = a->steps;
    r->peak_held = (long long)a->peak;
    r->max_running = a->max_running;
    r->unbacked_slots = (long long)a->unbacked;
    double total_time = s->t - a->first_arrival;
    r->mean_batch = total_time > 0 ? a->batch_time / total_time : 0;
    return 0;
}

int infer_simulate_workload(const InferHw *hw, const InferQuery *q, const InferWorkload *w,
                            const InferSimOptions *opt, InferSimReport *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (infer_query_validate(q, err))
        return -1;
    if (w->count == 0)
        return rerror_set(err, "simulator: no requests");
    Sim s = {0};
    s.hw = hw;
    s.q = q;
    s.req = w->items;
    s.n = (int)w->count;
    s.wq_cap = s.n + 1;
    s.seq = calloc((size_t)s.n, sizeof *s.seq);
    s.wq = malloc((size_t)s.wq_cap * sizeof *s.wq);
    s.run = malloc((size_t)(q->max_batch + 1) * sizeof *s.run);
    s.swapq = malloc((size_t)s.n * sizeof *s.swapq);
    int *phase = malloc((size_t)(q->max_batch + q->static_batch + 1) * sizeof *phase);
    int *chunk = malloc((size_t)(q->max_batch + 1) * sizeof *chunk);
    Acc a = {0};
    int rc = -1;
    if (!s.seq || !s.wq || !s.run || !s.swapq || !phase || !chunk) {
        rerror_set(err, "simulator: out of memory for %d requests", s.n);
        goto done;
    }
    if (q->sched == INFER_SCHED_STATIC && q->static_batch > q->max_batch) {
        rerror_set(err, "static-batch (%d) must not exceed max-batch (%d)", q->static_batch,
                   q->max_batch);
        goto done;
    }
    if (sim_mem_init(&s, err))
        goto done;
    s.inv_pool = 1.0 / (double)s.pool_tokens;
    for (int i = 0; i < s.n; i++) {
        Seq *sq = &s.seq[i];
        sq->target = w->items[i].prompt;
        sq->final_len = w->items[i].prompt + w->items[i].output;
        sq->slot = -1;
        infer_table_init(&sq->table);
        if (w->items[i].prompt + w->items[i].output > hw->max_len) {
            rerror_set(err, "request %d: %d tokens exceed the longest sequence (%d)", i,
                       w->items[i].prompt + w->items[i].output, hw->max_len);
            goto done;
        }
    }
    if (opt && opt->timeline && !(out->timeline = calloc(1, sizeof *out->timeline)))
        goto oom;
    if (opt && opt->snapshot && !(out->snap = calloc(1, sizeof *out->snap)))
        goto oom;
    a.tl = out->timeline;
    a.snap = out->snap;
    a.first_arrival = w->items[0].arrival;
    a.snap_at = w->items[s.n / 2].arrival;
    a.snap_by = w->items[s.n / 2 + (s.n - 1 - s.n / 2) / 5].arrival;
    int next = 0;
    long long max_steps = 50000000LL; /* a bound: a stuck schedule ends with an error */
    s.t = a.first_arrival;
    while (a.steps < max_steps) {
        while (next < s.n && s.req[next].arrival <= s.t)
            wq_push_back(&s, next++);
        if (s.nrun == 0 && s.wq_len == 0 && s.swap_len == 0) {
            if (next >= s.n)
                break;
            s.t = s.req[next].arrival;
            continue;
        }
        if (q->sched == INFER_SCHED_STATIC) {
            bool more = next < s.n;
            if (s.wq_len < q->static_batch && more) {
                s.t = s.req[next].arrival;
                continue;
            }
            run_static(&s, out, &a, phase, more);
        } else {
            step_continuous(&s, out, &a, phase, chunk);
        }
    }
    if (a.steps >= max_steps) {
        rerror_set(err, "simulator: stopped after %lld steps", max_steps);
        goto done;
    }
    out->requests = s.n;
    out->clipped = w->clipped;
    out->pool_tokens = s.pool_tokens;
    out->max_len = hw->max_len;
    rc = summarize(&s, &a, out, err);
    goto done;
oom:
    rerror_set(err, "simulator: out of memory");
done:
    if (s.seq)
        for (int i = 0; i < s.n; i++)
            infer_table_free(&s.seq[i].table);
    sim_mem_free(&s);
    free(s.seq);
    free(s.wq);
    free(s.run);
    free(s.swapq);
    free(phase);
    free(chunk);
    if (rc)
        infer_sim_report_free(out);
    return rc;
}

int infer_simulate(const InferHw *hw, const InferQuery *q, const InferSimOptions *opt,
                   InferSimReport *out, RError *err)
{
    InferWorkload w;
    int rc = q->trace[0] ? infer_trace_load(q->trace, hw->max_len, &w, err)
                         : infer_workload_generate(q, hw->max_len, &w, err);
    if (rc) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    rc = infer_simulate_workload(hw, q, &w, opt, out, err);
    infer_workload_free(&w);
    return rc;
}

void infer_sim_report_free(InferSimReport *r)
{
    if (!r)
        return;
    free(r->snap);
    free(r->timeline);
    r->snap = NULL;
    r->timeline = NULL;
}
