/* The serving simulator: invariants, determinism, and the directions the papers report
 * (vLLM, Kwon et al. SOSP 2023; Orca; Sarathi-Serve). Figures are reported in README, not
 * asserted: only directions are tested. */
#include <math.h>

#include "tests/engine/test_infer_fixture.h"
#include "engine/infer/sim.h"
#include "engine/infer/sweep.h"
#include "engine/infer/workload.h"

TestSuite(infer_sim, .init = fx_setup, .fini = fx_teardown);

static InferQuery base(void)
{
    InferQuery q;
    infer_query_init(&q);
    q.requests = 600;
    return q;
}

static void run(const InferQuery *q, InferSimReport *r)
{
    InferHw hw;
    fx_hw(q->model, q->gpu, q, &hw);
    RError err;
    InferSimOptions opt = {.snapshot = true, .timeline = true};
    cr_assert_eq(infer_simulate(&hw, q, &opt, r, &err), 0, "%s", err.msg);
}

static void invariants(const InferQuery *q, const InferSimReport *r)
{
    cr_assert_eq(r->finished, r->requests, "%s/%s: every request finishes",
                 infer_alloc_name(q->alloc), infer_sched_name(q->sched));
    cr_assert_eq(r->tokens_out, r->tokens_expected, "no token lost");
    cr_assert_eq(r->duplicate_tokens, 0, "no token duplicated");
    cr_assert(r->peak_held <= r->pool_tokens, "memory %lld above the pool %lld", r->peak_held,
              r->pool_tokens);
    cr_assert_eq(r->unbacked_slots, 0, "every written KV slot has memory behind it");
    cr_assert(r->kv_utilization > 0 && r->kv_utilization <= 1.0 + 1e-9);
    double sum = r->kv_utilization + r->waste_reservation + r->waste_internal +
                 r->waste_external + r->waste_padding;
    cr_assert(fabs(sum - 1.0) < 1e-6, "memory categories add up: %g", sum);
    cr_assert(r->ttft.p50 > 0 && r->ttft.p99 >= r->ttft.p50);
}

Test(infer_sim, invariants_every_policy_and_schedule)
{
    for (int s = 0; s < INFER_SCHED_COUNT; s++)
        for (int a = 0; a < INFER_ALLOC_COUNT; a++) {
            InferQuery q = base();
            q.sched = (InferSched)s;
            q.alloc = (InferAlloc)a;
            q.rate = 2.0; /* above what the reservation policies sustain: queues form */
            InferSimReport r;
            run(&q, &r);
            invariants(&q, &r);
            infer_sim_report_free(&r);
        }
}

Test(infer_sim, preemption_keeps_every_token)
{
    for (int p = 0; p < 2 * INFER_PREEMPT_COUNT; p++) {
        InferQuery q = base();
        q.rate = 50; /* a burst: the paged pool fills and sequences must be evicted */
        q.preempt = (InferPreempt)(p % INFER_PREEMPT_COUNT);
        q.chunk = p >= INFER_PREEMPT_COUNT ? 128 : 0; /* evicted in the middle of a prefill too */
        InferSimReport r;
        run(&q, &r);
        invariants(&q, &r);
        cr_assert(r.preemptions > 0, "%s: the pool never filled", infer_preempt_name(q.preempt));
        if (q.preempt == INFER_PREEMPT_SWAP)
            cr_assert(r.swaps > 0);
        else
            cr_assert(r.recomputed_tokens > 0);
        infer_sim_report_free(&r);
    }
}

Test(infer_sim, chunked_prefill_and_prefix_cache_keep_the_invariants)
{
    InferQuery q = base();
    q.rate = 3;
    q.chunk = 256;
    q.prefix_share = 0.5;
    q.prefix_tokens = 200;
    InferSimReport r;
    run(&q, &r);
    invariants(&q, &r);
    cr_assert(r.snap && r.snap->taken);
    int shared = 0;
    for (int c = 0; c < r.snap->ncells; c++)
        shared += r.snap->state[c] == INFER_CELL_SHARED;
    cr_assert(shared > 0, "the cached system prompt shows as shared blocks");
    infer_sim_report_free(&r);
}

Test(infer_sim, prefix_cache_skips_the_shared_prefill)
{
    /* vLLM §4.4 / prefix caching: requests that share a system prompt share its blocks, so
     * they hold less memory and skip that part of the prefill */
    InferQuery q = base();
    q.requests = 400;
    q.rate = 1.5;
    q.prefix_share = 0.8;
    q.prefix_tokens = 512;
    InferSimReport on, off;
    run(&q, &on);
    q.prefix_cache = false;
    run(&q, &off);
    invariants(&q, &on);
    invariants(&q, &off);
    cr_assert(on.ttft.mean < off.ttft.mean, "%g vs %g", on.ttft.mean, off.ttft.mean);
    cr_assert(on.preemptions <= off.preemptions);
    infer_sim_report_free(&on);
    infer_sim_report_free(&off);
}

Test(infer_sim, same_seed_same_run)
{
    InferQuery q = base();
    q.rate = 1.5;
    InferSimReport a, b, c;
    run(&q, &a);
    run(&q, &b);
    q.seed = 2;
    run(&q, &c);
    cr_assert_eq(a.steps, b.steps);
    cr_assert_float_eq(a.e2e.mean, b.e2e.mean, 0);
    cr_assert_float_eq(a.kv_utilization, b.kv_utilization, 0);
    cr_assert_eq(memcmp(a.timeline, b.timeline, sizeof *a.timeline), 0);
    cr_assert(c.steps != a.steps || c.e2e.mean != a.e2e.mean, "another seed, another run");
    infer_sim_report_free(&a);
    infer_sim_report_free(&b);
    infer_sim_report_free(&c);
}

Test(infer_sim, reservation_wastes_what_paging_keeps)
{
    /* vLLM §1 / Fig. 2: under reservation only 20.4-38.2% of KV memory holds token states;
     * paging wastes under 4% (vLLM blog). Direction only: max well below paged. */
    double util[INFER_ALLOC_COUNT];
    for (int a = 0; a < INFER_ALLOC_COUNT; a++) {
        InferQuery q = base();
        q.alloc = (InferAlloc)a;
        q.rate = 0.5;
        InferSimReport r;
        run(&q, &r);
        util[a] = r.kv_utilization;
        if (a == INFER_ALLOC_PAGED)
            cr_assert(r.waste_internal < 0.10, "paged waste %g", r.waste_internal);
        if (a == INFER_ALLOC_MAX)
            cr_assert(r.waste_internal > r.kv_utilization, "unused reservation dominates");
        infer_sim_report_free(&r);
    }
    cr_assert(util[INFER_ALLOC_MAX] < 0.5 * util[INFER_ALLOC_PAGED], "%g vs %g",
              util[INFER_ALLOC_MAX], util[INFER_ALLOC_PAGED]);
    cr_assert(util[INFER_ALLOC_MAX] < util[INFER_ALLOC_POW2]);
    cr_assert(util[INFER_ALLOC_POW2] < util[INFER_ALLOC_EXACT]);
    cr_assert(util[INFER_ALLOC_EXACT] < util[INFER_ALLOC_PAGED]);
}

Test(infer_sim, paged_sustains_a_higher_rate)
{
    /* vLLM abstract: 2-4x the throughput at the same latency. Direction: paged > max. */
    InferQuery q = base();
    q.requests = 400;
    InferHw hw;
    fx_hw(q.model, q.gpu, &q, &hw);
    InferSweep sw;
    RError err;
    cr_assert_eq(infer_sweep_init(&sw, &hw, &q, 8, &err), 0, "%s", err.msg);
    int steps = 0, rc;
    while ((rc = infer_sweep_step(&sw, &err)) == 1)
        steps++;
    cr_assert_eq(rc, 0, "%s", err.msg);
    cr_assert_eq(steps + 1, sw.total, "one simulation per step");
    cr_assert(sw.max_rate[INFER_ALLOC_PAGED] > 1.5 * sw.max_rate[INFER_ALLOC_MAX], "%g vs %g",
              sw.max_rate[INFER_ALLOC_PAGED], sw.max_rate[INFER_ALLOC_MAX]);
    cr_assert(sw.max_rate[INFER_ALLOC_PAGED] > sw.max_rate[INFER_ALLOC_POW2]);
}

Test(infer_sim, continuous_beats_static_batching)
{
    /* Orca (Yu et al. OSDI 2022): iteration-level scheduling lowers latency at equal load */
    InferQuery q = base();
    q.rate = 1.0;
    q.alloc = INFER_ALLOC_EXACT;
    InferSimReport st, co;
    q.sched = INFER_SCHED_STATIC;
    run(&q, &st);
    q.sched = INFER_SCHED_CONTINUOUS;
    run(&q, &co);
    cr_assert(co.norm.mean < st.norm.mean, "%g vs %g", co.norm.mean, st.norm.mean);
    cr_assert(st.waste_padding > 0, "static batching pads");
    cr_assert(st.max_running > 0 && st.max_running <= q.static_batch, "%d", st.max_running);
    cr_assert_float_eq(co.waste_padding, 0, 1e-12);
    infer_sim_report_free(&st);
    infer_sim_report_free(&co);
}

Test(infer_sim, chunked_prefill_smooths_decode)
{
    /* Sarathi-Serve: a token budget per step keeps long prefills from stalling decodes, so
     * the slowest inter-token gaps shrink */
    InferQuery q = base();
    q.rate = 2.0;
    q.lengths = INFER_LEN_FIXED;
    q.prompt_mean = 1500;
    q.output_mean = 100;
    q.max_len = 2048;
    InferSimReport whole, chunked;
    run(&q, &whole);
    q.chunk = 256;
    run(&q, &chunked);
    invariants(&q, &chunked);
    cr_assert(chunked.tpot.p99 < whole.tpot.p99, "%g vs %g", chunked.tpot.p99, whole.tpot.p99);
    infer_sim_report_free(&whole);
    infer_sim_report_free(&chunked);
}

Test(infer_sim, sharegpt_shape_matches_the_paper_means)
{
    /* vLLM Fig. 11: ShareGPT mean prompt 161.31, output 337.99; Alpaca 19.31 / 58.45. Cutting
     * at 2048 tokens (OPT's context) trims the tail a little */
    InferQuery q = base();
    q.requests = 20000;
    const InferLengths shapes[] = {INFER_LEN_SHAREGPT, INFER_LEN_ALPACA};
    for (int k = 0; k < 2; k++) {
        q.lengths = shapes[k];
        InferWorkload w;
        RError err;
        cr_assert_eq(infer_workload_generate(&q, 2048, &w, &err), 0);
        double p = 0, o = 0;
        for (size_t i = 0; i < w.count; i++) {
            p += w.items[i].prompt;
            o += w.items[i].output;
            cr_assert(w.items[i].prompt + w.items[i].output <= 2048);
        }
        InferLengthShape s = infer_length_shape(q.lengths);
        p /= w.count;
        o /= w.count;
        cr_assert(fabs(p / s.prompt_mean - 1) < 0.05, "prompt mean %g vs %g", p, s.prompt_mean);
        cr_assert(fabs(o / s.output_mean - 1) < 0.06, "output mean %g vs %g", o, s.output_mean);
        infer_workload_free(&w);
    }
}

Test(infer_sim, trace_csv)
{
    const char *ok = "arrival_s,prompt,output\n# a comment\n0.5,10,20\n0.1, 30 ,5\n";
    InferWorkload w;
    RError err;
    cr_assert_eq(infer_trace_parse("t.csv", ok, strlen(ok), 2048, &w, &err), 0, "%s", err.msg);
    cr_assert_eq(w.count, 2);
    cr_assert_float_eq(w.items[0].arrival, 0.1, 1e-12, "sorted by arrival");
    cr_assert_eq(w.items[0].prompt, 30);
    infer_workload_free(&w);
    const char *commented = "# comment first\narrival,prompt,output\n0,5,5\n";
    cr_assert_eq(infer_trace_parse("t.csv", commented, strlen(commented), 2048, &w, &err), 0,
                 "%s", err.msg);
    cr_assert_eq(w.count, 1);
    infer_workload_free(&w);
    const char *bad = "0,10,20\n1,x,3\n";
    cr_assert_neq(infer_trace_parse("t.csv", bad, strlen(bad), 2048, &w, &err), 0);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.col, 3);
    const char *neg = "0,10,-3\n";
    cr_assert_neq(infer_trace_parse("t.csv", neg, strlen(neg), 2048, &w, &err), 0);
    const char *two = "0,10\n";
    cr_assert_neq(infer_trace_parse("t.csv", two, strlen(two), 2048, &w, &err), 0);
    cr_assert_neq(infer_trace_parse("t.csv", "", 0, 2048, &w, &err), 0);
    const char *longr = "0,3000,3000\n";
    cr_assert_eq(infer_trace_parse("t.csv", longr, strlen(longr), 2048, &w, &err), 0);
    cr_assert_eq(w.clipped, 1);
    cr_assert(w.items[0].prompt + w.items[0].output <= 2048);
    infer_workload_free(&w);
    cr_assert_neq(infer_trace_load("/dev/null", 2048, &w, &err), 0, "not a regular file");
}

Test(infer_sim, query_table_parses_and_bounds)
{
    const ParamTable *t = infer_params();
    InferQuery q;
    infer_query_init(&q);
    cr_assert_str_eq(q.model, "opt-13b");
    cr_assert_eq(q.alloc, INFER_ALLOC_PAGED);
    cr_assert_eq(q.block_size, 16);
    RError err;
    ParamContext none = {NULL, 0};
    cr_assert_eq(param_parse_pairs(t, &none, "llama-2-7b alloc=pow2 rate=2.5 block_size=32", &q,
                                   NULL, &err), 0, "%s", err.msg);
    cr_assert_eq(q.alloc, INFER_ALLOC_POW2);
    cr_assert_float_eq(q.rate, 2.5, 0);
    cr_assert_eq(q.block_size, 32);
    cr_assert_str_eq(q.model, "llama-2-7b");
    /* all or nothing */
    cr_assert_neq(param_parse_pairs(t, &none, "rate=3 alloc=best", &q, NULL, &err), 0);
    cr_assert_float_eq(q.rate, 2.5, 0);
    cr_assert_neq(param_parse_pairs(t, &none, "rate=-1", &q, NULL, &err), 0);
    cr_assert_neq(param_parse_pairs(t, &none, "requests=1.5", &q, NULL, &err), 0);
    cr_assert_eq(infer_query_validate(&q, &err), 0);
    q.gamma = 0;
    cr_assert_neq(infer_query_validate(&q, &err), 0);
    cr_assert(strstr(err.msg, "gamma"), "%s", err.msg);
}
