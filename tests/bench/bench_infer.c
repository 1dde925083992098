/* Benchmark: 10,000 ShareGPT-like requests through the serving simulator on OPT-13B / A100-40GB
 * (the pane re-runs the simulation on every slider move; the budget is 0.2 s), per policy,
 * plus the rate sweep and the Monte-Carlo speculative decoding. */
#include <stdio.h>
#include <time.h>

#include "engine/gpu.h"
#include "engine/infer/infer.h"
#include "engine/infer/sim.h"
#include "engine/infer/spec.h"
#include "engine/infer/sweep.h"
#include "engine/kv/kv_load.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process: what the simulation costs, whatever else the machine runs */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void)
{
    KvPresetList models;
    GpuList gpus;
    RError err;
    if (kv_presets_load("content/models.yaml", &models, &err) ||
        gpu_list_load("content/gpus.yaml", &gpus, &err)) {
        fprintf(stderr, "bench_infer: %s (run from the repo root)\n", err.msg);
        return 1;
    }
    InferQuery q;
    infer_query_init(&q);
    const KvPreset *m = kv_presets_find(&models, q.model);
    const GpuPreset *g = gpu_find(&gpus, q.gpu);
    InferHw hw;
    if (!m || !g || infer_hw_init(&m->model, g, &q, &hw, &err)) {
        fprintf(stderr, "bench_infer: %s\n", m && g ? err.msg : "preset missing");
        return 1;
    }
    q.requests = 10000;
    int rc = 0;
    printf("%s on %s, %d requests, ShareGPT-like lengths, continuous batching, pool %lld tokens\n",
           m->label, g->label, q.requests, hw.pool_tokens);
    for (int a = 0; a < INFER_ALLOC_COUNT; a++) {
        q.alloc = (InferAlloc)a;
        q.rate = a == INFER_ALLOC_PAGED ? 1.0 : 0.25;
        InferSimReport r;
        double t0 = now(), c0 = cpu();
        if (infer_simulate(&hw, &q, NULL, &r, &err)) {
            fprintf(stderr, "bench_infer: %s\n", err.msg);
            return 1;
        }
        double dt = now() - t0, dc = cpu() - c0;
        printf("  %-6s rate %.2f: %.3f s CPU (%.3f s wall)%s  (%lld steps; kv util %.1f%%, "
               "%d preemptions)\n",
               infer_alloc_name(q.alloc), q.rate, dc, dt, dc < 0.2 ? "" : "  OVER 0.2 s BUDGET",
               r.steps, 100 * r.kv_utilization, r.preemptions);
        dt = dc;
        if (dt >= 0.2)
            rc = 1;
        infer_sim_report_free(&r);
    }
    q.requests = 1000;
    InferSweep sw;
    double t0 = now();
    if (infer_sweep_init(&sw, &hw, &q, 12, &err) || infer_sweep_run(&sw, &err)) {
        fprintf(stderr, "bench_infer: %s\n", err.msg);
        return 1;
    }
    printf("sweep, 4 policies x 12 rates x 1000 requests: %.3f s\n", now() - t0);
    for (int a = 0; a < INFER_ALLOC_COUNT; a++)
        printf("  %-6s max_rate %.3f req/s%s\n", infer_alloc_name((InferAlloc)a), sw.max_rate[a],
               sw.beyond[a] ? " (or more)" : "");
    double se;
    t0 = now();
    double mc = infer_spec_monte_carlo(0.8, 4, 1000000, 1, &se);
    printf("speculative Monte-Carlo, 1e6 steps: %.3f s (mean %.4f tokens, formula %.4f)\n",
           now() - t0, mc, infer_spec_expected_tokens(0.8, 4));
    kv_presets_free(&models);
    gpu_list_free(&gpus);
    return rc;
}
