/* The infer "why" text (see explain.h). */
#include "engine/infer/explain.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct Out {
    char *buf;
    size_t size, len;
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
                      o->len < o->size ? o->size - o->len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

size_t infer_explain(const InferHw *hw, const InferQuery *q, const InferRoofline *r,
                     const InferSimReport *sim, const InferSpecReport *spec, double c, char *buf,
                     size_t size)
{
    Out o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    put(&o, "Roofline (LLM-Viewer, Yuan et al. 2024)\n");
    put(&o, "  ridge = peak FLOP/s / bandwidth = %.4g / %.4g = %.1f FLOP/byte\n", hw->flops_peak,
        hw->bw_peak, hw->ridge);
    put(&o, "  decode FLOPs = 2 x %.4g active params x %d tokens + 4 x %.0f x %.0f pairs = %.4g\n",
        hw->active_params, q->batch, hw->attn_width, (double)q->batch * (q->context + 1),
        r->decode.flops);
    put(&o, "  decode bytes = weights %.4g + KV %.0f B/token x %d x %d tokens = %.4g\n",
        hw->dense_bytes, hw->kv_token_bytes, q->batch, q->context, r->decode.bytes);
    put(&o, "  intensity = %.4g / %.4g = %.2f FLOP/byte (%s the ridge: %s-bound)\n",
        r->decode.flops, r->decode.bytes, r->decode.intensity,
        r->decode.memory_bound ? "below" : "above", r->decode.memory_bound ? "memory" : "compute");
    put(&o, "  step time = max(FLOPs / (%.0f%% of peak), bytes / (%.0f%% of bandwidth))\n",
        100 * q->compute_eff, 100 * q->memory_eff);
    put(&o, "            = max(%.3f ms, %.3f ms) = %.3f ms per output token\n",
        1e3 * r->decode.t_compute, 1e3 * r->decode.t_memory, 1e3 * r->decode.time);
    if (r->crossover_batch)
        put(&o, "  decode turns compute-bound from batch %d at %d cached tokens\n",
            r->crossover_batch, q->context);
    else
        put(&o, "  at %d cached tokens no batch is compute-bound: KV reads grow with the batch\n"
                "  as fast as the FLOPs do\n", q->context);
    put(&o, "  time to first token (prefill of %d tokens, no queueing) = %.1f ms\n", q->prompt,
        1e3 * r->ttft);
    put(&o, "  assumptions: weights read once per step; every cached K and V read once per\n"
            "  sequence; MoE reads only the experts its tokens pick (uniform routing);\n"
            "  activations stay on chip; no kernel launch or communication time\n");
    put(&o, "\nKV pool\n");
    put(&o, "  pool = GPU memory x %.2f - weights - activation reserve = %.2f GB\n", q->gpu_util,
        hw->pool_bytes / 1e9);
    put(&o, "       = %lld token slots of %.0f B (vLLM §3: OPT-13B needs 800 KB a token)\n",
        hw->pool_tokens, hw->kv_token_bytes);
    if (sim) {
        put(&o, "\nServing simulation (%s batching, %s allocation, seed %llu)\n",
            infer_sched_name(q->sched), infer_alloc_name(q->alloc), (unsigned long long)q->seed);
        put(&o, "  KV utilization = token states / (memory held + unusable holes), averaged over\n"
                "  time = %.1f%%; the vLLM paper (§1, Fig. 2) measured 20.4%%-38.2%% for\n"
                "  reservation systems; its blog puts paging's waste under 4%%\n", 100 * sim->kv_utilization);
        put(&o, "  reservation %.1f%%: reserved for tokens not generated yet\n",
            100 * sim->waste_reservation);
        put(&o, "  internal fragmentation %.1f%%: reserved past the final length, or the empty\n"
                "  end of a sequence's last block\n", 100 * sim->waste_internal);
        put(&o, "  external fragmentation %.1f%%: free memory in holes too small for the next\n"
                "  request\n", 100 * sim->waste_external);
        if (sim->waste_padding > 0)
            put(&o, "  padding %.1f%%: static batching pads prompts and outputs to the longest\n",
                100 * sim->waste_padding);
        put(&o, "  normalized latency = end-to-end latency / output tokens = %.4f s/token\n",
            sim->norm.mean);
        put(&o, "  (vLLM §6.1; a system sustains a rate while this stays low)\n");
        put(&o, "  Max reserves the longest sequence (%d tokens), Pow2 the next power of two,\n"
                "  Exact the final length (an oracle): the paper's Orca (Max/Pow2/Oracle)\n",
            hw->max_len);
    }
    if (spec) {
        put(&o, "\nSpeculative decoding (Leviathan et al. 2023)\n");
        put(&o, "  E[tokens per target step] = (1 - a^(g+1)) / (1 - a)   (eq. 1)\n");
        put(&o, "                            = (1 - %.2f^%d) / (1 - %.2f) = %.4f\n", q->alpha,
            q->gamma + 1, q->alpha, spec->expected_tokens);
        put(&o, "  speedup = E / (g c + 1) = %.4f / (%d x %.4f + 1) = %.3fx   (Theorem 3.8)\n",
            spec->expected_tokens, q->gamma, c, spec->speedup);
        put(&o, "  c = draft step / target step%s\n",
            q->c < 0 ? " from the roofline (the two presets' decode steps)" : ", as given");
        put(&o, "  best gamma %d gives %.3fx; Monte-Carlo over %lld steps: %.4f tokens\n",
            spec->best_gamma, spec->best_speedup, spec->mc_runs, spec->mc_tokens);
    }
    return o.len;
}
