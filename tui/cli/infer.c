/* `rampup infer roofline|simulate|sweep|spec|blocks`: the inference topic, headless. Every
 * option comes from the infer settings table (infer_params() in engine/infer/query.c). */
#include "tui/cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/handout.h"
#include "engine/infer/blocks.h"
#include "engine/infer/explain.h"
#include "engine/infer/presets.h"
#include "engine/infer/sim.h"
#include "engine/infer/spec.h"
#include "engine/infer/sweep.h"
#include "engine/infer/workload.h"

/* Messages can quote what was typed or read from a file: control bytes (an escape sequence
 * would drive the terminal) are shown as '?'. */
static void clean(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

static int fail_err(RError *err)
{
    clean(err->msg);
    clean(err->file);
    return cli_fail_err(err);
}

static int usage_err(RError *err)
{
    clean(err->msg);
    return cli_usage("infer", "%s", err->msg);
}

static int unknown(const char *sub, const char *what, const char *arg)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", arg);
    clean(buf);
    return cli_usage("infer", "%s%s%s '%s'", sub ? sub : "", sub ? ": " : "", what, buf);
}

typedef struct Sub {
    const char *name;
    const char *summary;
    const char *const *fields; /* NULL-terminated: the settings this subcommand reads */
} Sub;

static const char *const f_roofline[] = {"model", "gpu", "dtype", "gpu_util", "compute_eff",
                                         "memory_eff", "batch", "context", "prompt", NULL};
static const char *const f_simulate[] = {
    "model", "gpu", "dtype", "gpu_util", "compute_eff", "memory_eff", "rate", "requests", "seed",
    "lengths", "prompt_mean", "output_mean", "spread", "max_len", "sched", "static_batch",
    "max_batch", "chunk", "alloc", "block_size", "preempt", "swap_gb", "pcie_gbs",
    "prefix_share", "prefix_tokens", "prefix_cache", "ttft_target", "tpot_target", NULL};
static const char *const f_sweep[] = {
    "model", "gpu", "dtype", "gpu_util", "compute_eff", "memory_eff", "requests", "seed",
    "lengths", "prompt_mean", "output_mean", "spread", "max_len", "sched", "static_batch",
    "max_batch", "chunk", "block_size", "preempt", "swap_gb", "pcie_gbs", "prefix_share",
    "prefix_tokens", "prefix_cache", "latency_target", "points", NULL};
static const char *const f_spec[] = {"alpha", "gamma", "c", "runs", "seed", "model", "draft",
                                     "gpu", "dtype", "batch", "context", NULL};
static const char *const f_blocks[] = {"prompt", "output", "samples", "block_size", "lengths",
                                       "requests", "seed", "max_len", NULL};

static const Sub subs[] = {
    {"roofline", "FLOPs, bytes and time of a decode step and a prefill; where decode turns "
                 "compute-bound", f_roofline},
    {"simulate", "a seeded serving simulation: throughput, latency, KV utilization, waste",
     f_simulate},
    {"sweep", "request rate vs normalized latency for every KV allocation policy", f_sweep},
    {"spec", "speculative decoding: expected tokens, speedup, best gamma, Monte-Carlo", f_spec},
    {"blocks", "PagedAttention block tables for parallel sampling: sharing and copy-on-write",
     f_blocks},
};
enum { NSUB = sizeof subs / sizeof subs[0] };

/* The subcommand's slice of the infer table: its options and its usage text. */
typedef struct SubTable {
    ParamSpec specs[PARAM_MAX];
    ParamTable t;
} SubTable;

static void sub_table(const Sub *s, SubTable *out)
{
    const ParamTable *all = infer_params();
    size_t n = 0;
    for (int i = 0; s->fields[i] && n < PARAM_MAX; i++) {
        const ParamSpec *p = param_find(all, s->fields[i]);
        if (p)
            out->specs[n++] = *p;
    }
    out->t = (ParamTable){"infer", out->specs, n, all->size, all->positional};
}

static void usage(const Sub *only)
{
    printf("usage: rampup infer %s [options] [--json]\n\n",
           only ? only->name : "roofline|simulate|sweep|spec|blocks");
    for (int k = 0; k < NSUB; k++)
        if (!only || only == &subs[k])
            printf("%-9s %s\n", subs[k].name, subs[k].summary);
    if (!only) {
        printf("\n'rampup infer <subcommand> --help' lists its options.\n");
        return;
    }
    SubTable st;
    sub_table(only, &st);
    char buf[8192];
    param_usage(&st.t, buf, sizeof buf);
    printf("\n%s", buf);
    if (strcmp(only->name, "simulate") == 0)
        printf("  --trace PATH         a CSV trace arrival_s,prompt,output instead of generated "
               "requests\n  --why                every formula with its numbers\n"
               "  --markdown           those formulas as the pane's `e` handout (Markdown)\n");
    printf("  --json               one JSON object\n");
}

/* Parses argv[2..] into q. Returns 0, 1 (help printed) or CLI_USAGE. */
static int parse(const Sub *s, const ParamContext *ctx, int argc, char **argv, InferQuery *q,
                 bool *json, bool *why, bool *markdown)
{
    SubTable st;
    sub_table(s, &st);
    /* a trace fixes the arrivals, so only simulate takes one (a sweep varies the rate) */
    bool trace_ok = strcmp(s->name, "simulate") == 0;
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
            usage(s);
            return 1;
        }
        if (strcmp(o, "--json") == 0) {
            *json = true;
            continue;
        }
        if (trace_ok && strcmp(o, "--why") == 0) {
            *why = true;
            continue;
        }
        if (trace_ok && strcmp(o, "--markdown") == 0) {
            *markdown = true;
            continue;
        }
        if (trace_ok && strcmp(o, "--trace") == 0) {
            if (i + 1 >= argc)
                return cli_usage("infer", "--trace needs a path");
            if (strlen(argv[i + 1]) >= sizeof q->trace)
                return cli_usage("infer", "--trace: path longer than %zu bytes",
                                 sizeof q->trace - 1);
            snprintf(q->trace, sizeof q->trace, "%s", argv[++i]);
            continue;
        }
        RError err;
        int rc = param_argv(&st.t, ctx, argc, argv, &i, q, NULL, &err);
        if (rc < 0)
            return usage_err(&err);
        if (rc == 0)
            return unknown(s->name, "unknown option", o);
    }
    return 0;
}

static cJSON *cost_json(const InferStepCost *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "flops", c->flops);
    cJSON_AddNumberToObject(o, "bytes", c->bytes);
    cJSON_AddNumberToObject(o, "intensity", c->intensity);
    cJSON_AddNumberToObject(o, "t_compute_s", c->t_compute);
    cJSON_AddNumberToObject(o, "t_memory_s", c->t_memory);
    cJSON_AddNumberToObject(o, "time_s", c->time);
    cJSON_AddStringToObject(o, "bound", c->memory_bound ? "memory" : "compute");
    return o;
}

static int do_roofline(const InferHw *hw, const InferQuery *q, bool json)
{
    InferRoofline r;
    infer_roofline(hw, q, &r);
    static const int batches[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "model", q->model);
        cJSON_AddStringToObject(o, "gpu", q->gpu);
        cJSON_AddNumberToObject(o, "batch", q->batch);
        cJSON_AddNumberToObject(o, "context", q->context);
        cJSON_AddNumberToObject(o, "prompt", q->prompt);
        cJSON_AddNumberToObject(o, "ridge", r.ridge);
        cJSON_AddItemToObject(o, "decode", cost_json(&r.decode));
        cJSON_AddNumberToObject(o, "tokens_per_s", r.tokens_per_s);
        cJSON_AddNumberToObject(o, "tpot_s", r.tpot);
        cJSON_AddNumberToObject(o, "crossover_batch", r.crossover_batch);
        cJSON_AddNumberToObject(o, "max_batch_fit", r.max_batch_fit);
        cJSON_AddItemToObject(o, "prefill", cost_json(&r.prefill));
        cJSON_AddNumberToObject(o, "ttft_s", r.ttft);
        cJSON *curve = cJSON_AddArrayToObject(o, "curve");
        for (size_t i = 0; i < sizeof batches / sizeof batches[0]; i++) {
            InferStepLoad l = infer_decode_load(hw, batches[i], q->context);
            InferStepCost c;
            infer_step_cost(hw, &l, &c);
            cJSON *pt = cJSON_CreateObject();
            cJSON_AddNumberToObject(pt, "batch", batches[i]);
            cJSON_AddNumberToObject(pt, "intensity", c.intensity);
            cJSON_AddNumberToObject(pt, "tokens_per_s", batches[i] / c.time);
            cJSON_AddNumberToObject(pt, "tpot_s", c.time);
            cJSON_AddItemToArray(curve, pt);
        }
        int rc = cli_json_print(o);
        cJSON_Delete(o);
        return rc;
    }
    printf("%s on %s (%s, compute at %.0f%% of %.0f TFLOP/s, memory at %.0f%% of %.3g TB/s)\n",
           q->model, q->gpu, kv_dtype_name(q->dtype), 100 * q->compute_eff, hw->flops_peak / 1e12,
           100 * q->memory_eff, hw->bw_peak / 1e12);
    printf("  ridge point               %.1f FLOP/byte\n", r.ridge);
    printf("  decode, batch %d at %d tokens:\n", q->batch, q->context);
    printf("    FLOPs / bytes           %.3g / %.3g  (intensity %.2f FLOP/byte)\n", r.decode.flops,
           r.decode.bytes, r.decode.intensity);
    printf("    compute / memory time   %.3f / %.3f ms  -> %s-bound\n", 1e3 * r.decode.t_compute,
           1e3 * r.decode.t_memory, r.decode.memory_bound ? "memory" : "compute");
    printf("    time per output token   %.3f ms, %.0f tokens/s\n", 1e3 * r.tpot, r.tokens_per_s);
    if (r.crossover_batch)
        printf("  compute-bound from batch  %d\n", r.crossover_batch);
    else
        printf("  compute-bound from batch  never at this context (KV reads grow as fast as FLOPs)\n");
    printf("  batch the KV pool holds   %d\n", r.max_batch_fit);
    printf("  prefill of %d tokens:      %.3g FLOPs, %s-bound, time to first token %.1f ms\n",
           q->prompt, r.prefill.flops, r.prefill.memory_bound ? "memory" : "compute",
           1e3 * r.ttft);
    printf("\n  %6s %10s %12s %10s\n", "batch", "intensity", "tokens/s", "TPOT ms");
    for (size_t i = 0; i < sizeof batches / sizeof batches[0]; i++) {
        InferStepLoad l = infer_decode_load(hw, batches[i], q->context);
        InferStepCost c;
        infer_step_cost(hw, &l, &c);
        printf("  %6d %10.2f %12.0f %10.3f\n", batches[i], c.intensity, batches[i] / c.time,
               1e3 * c.time);
    }
    return CLI_OK;
}

static cJSON *lat_json(const InferLatency *l)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "mean", l->mean);
    cJSON_AddNumberToObject(o, "p50", l->p50);
    cJSON_AddNumberToObject(o, "p99", l->p99);
    return o;
}

/* The why text of a run: the roofline at the run's mean batch, then the run's figures. A new
 * string, or NULL when memory runs out. */
static char *simulate_why(const InferHw *hw, const InferQuery *q, const InferSimReport *r)
{
    InferQuery rq = *q;
    rq.batch = r->mean_batch > 1 ? (int)lround(r->mean_batch) : 1;
    InferRoofline roof;
    infer_roofline(hw, &rq, &roof);
    size_t need = infer_explain(hw, &rq, &roof, r, NULL, 0, NULL, 0) + 1;
    char *buf = malloc(need);
    if (buf)
        infer_explain(hw, &rq, &roof, r, NULL, 0, buf, need);
    return buf;
}

static int do_simulate(const InferHw *hw, const InferQuery *q, bool json, bool why,
                       bool markdown)
{
    RError err;
    InferSimReport r;
    if (infer_simulate(hw, q, NULL, &r, &err))
        return fail_err(&err);
    if (markdown) { /* the same handout as `e` in the Inference pane */
        char *text = simulate_why(hw, q, &r);
        char *md = text ? handout_from_why("Inference: serving simulation", text) : NULL;
        if (md)
            fputs(md, stdout);
        free(text);
        free(md);
        infer_sim_report_free(&r);
        return md ? CLI_OK : cli_fail("out of memory");
    }
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "model", q->model);
        cJSON_AddStringToObject(o, "gpu", q->gpu);
        cJSON_AddStringToObject(o, "alloc", infer_alloc_name(q->alloc));
        cJSON_AddStringToObject(o, "sched", infer_sched_name(q->sched));
        cJSON_AddNumberToObject(o, "rate", q->rate);
        cJSON_AddNumberToObject(o, "requests", r.requests);
        cJSON_AddNumberToObject(o, "finished", r.finished);
        cli_json_add_u64(o, "seed", q->seed);
        cJSON *t = cJSON_AddObjectToObject(o, "throughput");
        cJSON_AddNumberToObject(t, "requests_per_s", r.req_per_s);
        cJSON_AddNumberToObject(t, "tokens_per_s", r.tokens_per_s);
        cJSON_AddNumberToObject(o, "kv_utilization", r.kv_utilization);
        cJSON *w = cJSON_AddObjectToObject(o, "waste");
        cJSON_AddNumberToObject(w, "reservation", r.waste_reservation);
        cJSON_AddNumberToObject(w, "internal_fragmentation", r.waste_internal);
        cJSON_AddNumberToObject(w, "external_fragmentation", r.waste_external);
        cJSON_AddNumberToObject(w, "padding", r.waste_padding);
        cJSON_AddItemToObject(o, "ttft", lat_json(&r.ttft));
        cJSON_AddItemToObject(o, "tpot", lat_json(&r.tpot));
        cJSON_AddItemToObject(o, "e2e", lat_json(&r.e2e));
        cJSON_AddItemToObject(o, "normalized_latency", lat_json(&r.norm));
        cJSON_AddNumberToObject(o, "goodput", r.goodput);
        cJSON_AddNumberToObject(o, "goodput_share", r.goodput_share);
        cJSON_AddNumberToObject(o, "preemptions", r.preemptions);
        cJSON_AddNumberToObject(o, "swaps", r.swaps);
        cJSON_AddNumberToObject(o, "recomputed_tokens", (double)r.recomputed_tokens);
        cJSON_AddNumberToObject(o, "mean_batch", r.mean_batch);
        cJSON_AddNumberToObject(o, "max_running", r.max_running);
        cJSON_AddNumberToObject(o, "pool_tokens", (double)r.pool_tokens);
        cJSON_AddNumberToObject(o, "peak_held_tokens", (double)r.peak_held);
        cJSON_AddNumberToObject(o, "unbacked_slots", (double)r.unbacked_slots);
        cJSON_AddNumberToObject(o, "pool_use", r.pool_use);
        cJSON_AddNumberToObject(o, "steps", (double)r.steps);
        cJSON_AddNumberToObject(o, "duration_s", r.duration);
        cJSON_AddNumberToObject(o, "max_len", r.max_len);
        cJSON_AddNumberToObject(o, "clipped", r.clipped);
        cJSON_AddNumberToObject(o, "tokens_out", (double)r.tokens_out);
        int rc = cli_json_print(o);
        cJSON_Delete(o);
        infer_sim_report_free(&r);
        return rc;
    }
    if (q->trace[0]) {
        char path[sizeof q->trace];
        snprintf(path, sizeof path, "%s", q->trace);
        clean(path);
        printf("%s on %s: %d requests from %s, %s batching, %s KV allocation\n", q->model, q->gpu,
               r.requests, path, infer_sched_name(q->sched), infer_alloc_name(q->alloc));
    } else {
        printf("%s on %s: %d requests at %.3g req/s, %s lengths, %s batching, %s KV allocation\n",
               q->model, q->gpu, r.requests, q->rate, infer_lengths_name(q->lengths),
               infer_sched_name(q->sched), infer_alloc_name(q->alloc));
    }
    printf("  KV pool                   %lld token slots (max length %d)\n", r.pool_tokens,
           r.max_len);
    printf("  throughput                %.3f req/s, %.0f output tokens/s\n", r.req_per_s,
           r.tokens_per_s);
    printf("  KV utilization            %.1f%% of the memory held stores token states\n",
           100 * r.kv_utilization);
    printf("  waste                     reservation %.1f%%, internal %.1f%%, external %.1f%%, "
           "padding %.1f%%\n",
           100 * r.waste_reservation, 100 * r.waste_internal, 100 * r.waste_external,
           100 * r.waste_padding);
    printf("  %-25s %9s %9s %9s\n", "latency (s)", "mean", "p50", "p99");
    printf("  %-25s %9.3f %9.3f %9.3f\n", "time to first token", r.ttft.mean, r.ttft.p50, r.ttft.p99);
    printf("  %-25s %9.4f %9.4f %9.4f\n", "time per output token", r.tpot.mean, r.tpot.p50,
           r.tpot.p99);
    printf("  %-25s %9.3f %9.3f %9.3f\n", "end to end", r.e2e.mean, r.e2e.p50, r.e2e.p99);
    printf("  %-25s %9.4f %9.4f %9.4f\n", "normalized (s/token)", r.norm.mean, r.norm.p50,
           r.norm.p99);
    printf("  goodput                   %.3f req/s (%.0f%% within TTFT %.3g s, TPOT %.3g s)\n",
           r.goodput, 100 * r.goodput_share, q->ttft_target, q->tpot_target);
    printf("  batch                     mean %.1f, max %d sequences; %lld steps\n", r.mean_batch,
           r.max_running, r.steps);
    printf("  preemptions               %d (%d swapped, %lld tokens recomputed)\n", r.preemptions,
           r.swaps, r.recomputed_tokens);
    if (r.clipped)
        printf("  note: %d requests were cut to %d tokens\n", r.clipped, r.max_len);
    if (why) {
        char *buf = simulate_why(hw, q, &r);
        if (buf)
            printf("\n%s", buf);
        free(buf);
    }
    infer_sim_report_free(&r);
    return CLI_OK;
}

static int do_sweep(const InferHw *hw, const InferQuery *q, bool json)
{
    RError err;
    InferSweep *sw = malloc(sizeof *sw);
    if (!sw)
        return cli_fail("infer sweep: out of memory");
    if (infer_sweep_init(sw, hw, q, q->points, &err) || infer_sweep_run(sw, &err)) {
        free(sw);
        return fail_err(&err);
    }
    int rc = CLI_OK;
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "model", q->model);
        cJSON_AddStringToObject(o, "gpu", q->gpu);
        cJSON_AddNumberToObject(o, "latency_target", q->latency_target);
        cJSON_AddNumberToObject(o, "capacity", sw->capacity);
        cJSON *pol = cJSON_AddArrayToObject(o, "policies");
        for (int a = 0; a < INFER_ALLOC_COUNT; a++) {
            cJSON *po = cJSON_CreateObject();
            cJSON_AddStringToObject(po, "alloc", infer_alloc_name((InferAlloc)a));
            cJSON_AddNumberToObject(po, "max_rate", sw->max_rate[a]);
            cJSON_AddBoolToObject(po, "beyond_grid", sw->beyond[a]);
            cJSON *cu = cJSON_AddArrayToObject(po, "curve");
            for (int k = 0; k < sw->npoints; k++) {
                const InferSweepPoint *pt = &sw->pts[a][k];
                cJSON *c = cJSON_CreateObject();
                cJSON_AddNumberToObject(c, "rate", pt->rate);
                cJSON_AddNumberToObject(c, "normalized_latency", pt->norm_latency);
                cJSON_AddNumberToObject(c, "normalized_latency_p99", pt->norm_p99);
                cJSON_AddNumberToObject(c, "throughput", pt->throughput);
                cJSON_AddNumberToObject(c, "kv_utilization", pt->kv_utilization);
                cJSON_AddItemToArray(cu, c);
            }
            cJSON_AddItemToArray(pol, po);
        }
        rc = cli_json_print(o);
        cJSON_Delete(o);
    } else {
        printf("%s on %s: mean normalized latency (s/token) against request rate, %d requests "
               "per point\n", q->model, q->gpu, q->requests);
        printf("  %8s", "req/s");
        for (int a = 0; a < INFER_ALLOC_COUNT; a++)
            printf(" %9s", infer_alloc_name((InferAlloc)a));
        printf("\n");
        for (int k = 0; k < sw->npoints; k++) {
            printf("  %8.3f", sw->pts[0][k].rate);
            for (int a = 0; a < INFER_ALLOC_COUNT; a++)
                printf(" %9.4f", sw->pts[a][k].norm_latency);
            printf("\n");
        }
        printf("highest rate under %.3g s/token:\n", q->latency_target);
        for (int a = 0; a < INFER_ALLOC_COUNT; a++)
            printf("  %-6s %8.3f req/s%s\n", infer_alloc_name((InferAlloc)a), sw->max_rate[a],
                   sw->beyond[a] ? " (or more: never crossed)" : "");
        if (sw->max_rate[INFER_ALLOC_MAX] > 0 && !sw->beyond[INFER_ALLOC_MAX])
            printf("  paged / max %s %.2fx\n", sw->beyond[INFER_ALLOC_PAGED] ? ">=" : "=",
                   sw->max_rate[INFER_ALLOC_PAGED] / sw->max_rate[INFER_ALLOC_MAX]);
    }
    free(sw);
    return rc;
}

static int do_spec(const InferPresets *p, const InferQuery *q, bool json)
{
    double c = q->c;
    bool derived = c < 0;
    RError err;
    if (derived) {
        InferHw draft, target;
        if (infer_presets_hw(p, q, q->draft, &draft, &err) ||
            infer_presets_hw(p, q, NULL, &target, &err))
            return fail_err(&err);
        c = infer_spec_cost_ratio(&draft, &target, q->batch, q->context);
    }
    InferSpecReport r;
    if (infer_spec(q->alpha, q->gamma, c, q->runs, q->seed, &r, &err))
        return fail_err(&err);
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "alpha", q->alpha);
        cJSON_AddNumberToObject(o, "gamma", q->gamma);
        cJSON_AddNumberToObject(o, "c", c);
        cJSON_AddStringToObject(o, "c_source", derived ? "roofline" : "given");
        cJSON_AddNumberToObject(o, "expected_tokens", r.expected_tokens);
        cJSON_AddNumberToObject(o, "speedup", r.speedup);
        cJSON_AddNumberToObject(o, "best_gamma", r.best_gamma);
        cJSON_AddNumberToObject(o, "best_speedup", r.best_speedup);
        cJSON_AddNumberToObject(o, "ops_factor", r.ops_factor);
        cJSON *mc = cJSON_AddObjectToObject(o, "monte_carlo");
        cJSON_AddNumberToObject(mc, "tokens", r.mc_tokens);
        cJSON_AddNumberToObject(mc, "stderr", r.mc_stderr);
        cJSON_AddNumberToObject(mc, "runs", (double)r.mc_runs);
        int rc = cli_json_print(o);
        cJSON_Delete(o);
        return rc;
    }
    printf("speculative decoding: alpha %.3g, gamma %d, c %.4g%s\n", q->alpha, q->gamma, c,
           derived ? " (draft/target decode step from the roofline)" : "");
    if (derived)
        printf("  draft %s, target %s on %s, batch %d at %d tokens\n", q->draft, q->model, q->gpu,
               q->batch, q->context);
    printf("  expected tokens per target step  %.4f   (1 - a^(g+1)) / (1 - a)\n",
           r.expected_tokens);
    printf("  walltime improvement             %.3fx  / (g c + 1)\n", r.speedup);
    printf("  best gamma                       %d (%.3fx)\n", r.best_gamma, r.best_speedup);
    printf("  arithmetic operations            %.3fx plain decoding\n", r.ops_factor);
    if (r.mc_runs > 0)
        printf("  Monte-Carlo, %lld steps         %.4f +- %.4f tokens (%+.2f%% vs formula)\n",
               r.mc_runs, r.mc_tokens, r.mc_stderr,
               100 * (r.mc_tokens / r.expected_tokens - 1));
    return CLI_OK;
}

static int do_blocks(const InferQuery *q, bool json)
{
    InferSharingReport r;
    InferBlockPool pool;
    InferBlockTable tables[64];
    RError err;
    if (infer_sharing_demo(q->prompt, q->output, q->samples, q->block_size, &r, &pool, tables,
                           &err))
        return fail_err(&err);
    /* the same over a workload: every request of the length distribution sampled n times */
    InferQuery wq = *q;
    wq.prefix_share = 0;
    int max_len = q->max_len > 0 ? q->max_len : 2048;
    InferWorkload w;
    InferSharingReport tot;
    int *pr = NULL, *ou = NULL;
    int wrc = infer_workload_generate(&wq, max_len, &w, &err);
    if (wrc == 0) {
        pr = malloc(w.count * sizeof *pr);
        ou = malloc(w.count * sizeof *ou);
        wrc = pr && ou ? 0 : -1;
        for (size_t i = 0; wrc == 0 && i < w.count; i++) {
            pr[i] = w.items[i].prompt;
            ou[i] = w.items[i].output;
        }
        if (wrc == 0)
            wrc = infer_sharing_total(pr, ou, w.count, q->samples, q->block_size, &tot, &err);
        infer_workload_free(&w);
    }
    free(pr);
    free(ou);
    int rc = CLI_OK;
    if (json) {
        cJSON *o = cJSON_CreateObject();
        if (wrc == 0) {
            cJSON *wo = cJSON_AddObjectToObject(o, "workload");
            cJSON_AddStringToObject(wo, "lengths", infer_lengths_name(q->lengths));
            cJSON_AddNumberToObject(wo, "requests", q->requests);
            cJSON_AddNumberToObject(wo, "blocks_shared", tot.blocks_shared);
            cJSON_AddNumberToObject(wo, "blocks_unshared", tot.blocks_unshared);
            cJSON_AddNumberToObject(wo, "saving", tot.saving);
        }
        cJSON_AddNumberToObject(o, "prompt", q->prompt);
        cJSON_AddNumberToObject(o, "output", q->output);
        cJSON_AddNumberToObject(o, "samples", q->samples);
        cJSON_AddNumberToObject(o, "block_size", q->block_size);
        cJSON_AddNumberToObject(o, "blocks_shared", r.blocks_shared);
        cJSON_AddNumberToObject(o, "blocks_unshared", r.blocks_unshared);
        cJSON_AddNumberToObject(o, "saving", r.saving);
        cJSON_AddNumberToObject(o, "cow_copies", r.cow_copies);
        cJSON_AddNumberToObject(o, "shared_blocks", r.shared_blocks);
        cJSON *ts = cJSON_AddArrayToObject(o, "tables");
        for (int s = 0; s < q->samples; s++) {
            cJSON *t = cJSON_CreateObject();
            cJSON_AddNumberToObject(t, "tokens", tables[s].tokens);
            cJSON *b = cJSON_AddArrayToObject(t, "blocks");
            cJSON *rf = cJSON_AddArrayToObject(t, "refs");
            for (int k = 0; k < tables[s].n; k++) {
                cJSON_AddItemToArray(b, cJSON_CreateNumber(tables[s].blocks[k]));
                cJSON_AddItemToArray(rf, cJSON_CreateNumber(pool.ref[tables[s].blocks[k]]));
            }
            cJSON_AddItemToArray(ts, t);
        }
        rc = cli_json_print(o);
        cJSON_Delete(o);
    } else {
        printf("parallel sampling: 1 prompt of %d tokens, %d samples of %d tokens, blocks of %d\n",
               q->prompt, q->samples, q->output, q->block_size);
        printf("  blocks held, prompt shared   %d\n", r.blocks_shared);
        printf("  blocks if every sample copied %d\n", r.blocks_unshared);
        printf("  memory saved                 %.1f%%\n", 100 * r.saving);
        printf("  shared blocks (ref > 1)      %d; copy-on-write copies %d\n", r.shared_blocks,
               r.cow_copies);
        if (wrc == 0)
            printf("  over %d %s requests (cut at %d tokens): %.1f%% saved (%d of %d blocks)\n",
                   q->requests, infer_lengths_name(q->lengths), max_len, 100 * tot.saving,
                   tot.blocks_shared, tot.blocks_unshared);
        printf("block tables (physical block, * = shared):\n");
        for (int s = 0; s < q->samples; s++) {
            printf("  sample %-2d", s);
            for (int k = 0; k < tables[s].n && k < 16; k++)
                printf(" %d%s", tables[s].blocks[k], pool.ref[tables[s].blocks[k]] > 1 ? "*" : "");
            if (tables[s].n > 16)
                printf(" ... (%d blocks)", tables[s].n);
            printf("\n");
        }
    }
    for (int s = 0; s < q->samples; s++)
        infer_table_free(&tables[s]);
    infer_pool_free(&pool);
    return rc;
}

int cli_infer(const CliEnv *env, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(NULL);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const Sub *s = NULL;
    for (int k = 0; k < NSUB; k++)
        if (strcmp(argv[1], subs[k].name) == 0)
            s = &subs[k];
    if (!s)
        return unknown(NULL, "unknown subcommand", argv[1]);
    InferPresets p;
    RError err;
    if (infer_presets_load(env->content_dir, &p, &err))
        return fail_err(&err);
    InferQuery q;
    infer_query_init(&q);
    bool json = false, why = false, markdown = false;
    int rc = parse(s, &p.ctx, argc, argv, &q, &json, &why, &markdown);
    if (rc == 1)
        rc = CLI_OK;
    else if (rc == 0 && infer_query_validate(&q, &err))
        rc = usage_err(&err);
    else if (rc == 0 && strcmp(s->name, "blocks") == 0)
        rc = do_blocks(&q, json);
    else if (rc == 0 && strcmp(s->name, "spec") == 0)
        rc = do_spec(&p, &q, json);
    else if (rc == 0) { /* roofline, simulate and sweep run on the model and GPU */
        InferHw hw;
        if (infer_presets_hw(&p, &q, NULL, &hw, &err))
            rc = fail_err(&err);
        else if (strcmp(s->name, "roofline") == 0)
            rc = do_roofline(&hw, &q, json);
        else if (strcmp(s->name, "simulate") == 0)
            rc = do_simulate(&hw, &q, json, why, markdown);
        else
            rc = do_sweep(&hw, &q, json);
    }
    infer_presets_free(&p);
    return rc;
}
