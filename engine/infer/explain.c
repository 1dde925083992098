/* The infer "why" text (see explain.h). */
#include "engine/infer/explain.h"

#include "engine/text/outbuf.h"

#include <stdio.h>

size_t infer_explain(const InferHw *hw, const InferQuery *q, const InferRoofline *r,
                     const InferSimReport *sim, const InferSpecReport *spec, double c, char *buf,
                     size_t size)
{
    OutBuf o = outbuf_make(buf, size);
    outbuf_printf(&o, "Roofline (LLM-Viewer, Yuan et al. 2024)\n");
    outbuf_printf(&o, "  ridge = peak / bandwidth = %.4g / %.4g = %.1f FLOP/byte\n", hw->flops_peak,
        hw->bw_peak, hw->ridge);
    outbuf_printf(&o, "  decode, batch %d at %d cached tokens:\n", q->batch, q->context);
    outbuf_printf(&o, "  FLOPs = 2 x %.4g params x %d tokens\n", hw->active_params, q->batch);
    outbuf_printf(&o, "        + 4 x %.0f heads x dim x %.0f attended pairs = %.4g\n",
        hw->attn_width, (double)q->batch * (q->context + 1), r->decode.flops);
    outbuf_printf(&o, "  bytes = weights %.4g + KV %.0f B/token x %d x %d = %.4g\n", hw->dense_bytes,
        hw->kv_token_bytes, q->batch, q->context, r->decode.bytes);
    outbuf_printf(&o, "  intensity = FLOPs / bytes = %.2f: %s the ridge, %s-bound\n",
        r->decode.intensity, r->decode.memory_bound ? "below" : "above",
        r->decode.memory_bound ? "memory" : "compute");
    outbuf_printf(&o, "  step = max(FLOPs / %.0f%% of peak, bytes / %.0f%% of bandwidth)\n",
        100 * q->compute_eff, 100 * q->memory_eff);
    outbuf_printf(&o, "       = max(%.3f ms, %.3f ms) = %.3f ms per output token\n",
        1e3 * r->decode.t_compute, 1e3 * r->decode.t_memory, 1e3 * r->decode.time);
    if (r->crossover_batch)
        outbuf_printf(&o, "  decode turns compute-bound from batch %d at %d cached tokens\n",
            r->crossover_batch, q->context);
    else
        outbuf_printf(&o, "  at %d cached tokens no batch is compute-bound: KV reads grow\n"
                "  with the batch as fast as the FLOPs do\n", q->context);
    outbuf_printf(&o, "  time to first token (prefill of %d, no queueing) = %.1f ms\n", q->prompt,
        1e3 * r->ttft);
    outbuf_printf(&o, "  assumed: weights read once a step; each cached K and V read once a\n"
            "  sequence; MoE reads the experts its tokens pick (uniform routing);\n"
            "  activations stay on chip; no launch or communication time\n");
    outbuf_printf(&o, "\nKV pool\n");
    outbuf_printf(&o, "  pool = GPU memory x %.2f - weights - activations = %.2f GB\n", q->gpu_util,
        hw->pool_bytes / 1e9);
    outbuf_printf(&o, "       = %lld token slots of %.0f B\n", hw->pool_tokens, hw->kv_token_bytes);
    outbuf_printf(&o, "  (vLLM §3: OPT-13B keeps 800 KB per token)\n");
    if (sim) {
        outbuf_printf(&o, "\nServing simulation (%s batching, %s KV, seed %llu)\n",
            infer_sched_name(q->sched), infer_alloc_name(q->alloc), (unsigned long long)q->seed);
        outbuf_printf(&o, "  KV utilization = token states / (memory held + unusable holes),\n"
                "  averaged over time = %.1f%%. The vLLM paper (§1, Fig. 2) measured\n"
                "  20.4%%-38.2%% for reservation systems; its blog puts paging's\n"
                "  waste under 4%%\n", 100 * sim->kv_utilization);
        outbuf_printf(&o, "  reservation %.1f%%: reserved for tokens not generated yet\n",
            100 * sim->waste_reservation);
        outbuf_printf(&o, "  internal fragmentation %.1f%%: reserved past the final length,\n"
                "  or the empty end of a sequence's last block\n", 100 * sim->waste_internal);
        outbuf_printf(&o, "  external fragmentation %.1f%%: free memory in holes too small\n"
                "  for the next request\n", 100 * sim->waste_external);
        if (sim->waste_padding > 0)
            outbuf_printf(&o, "  padding %.1f%%: static batches pad to their longest request\n",
                100 * sim->waste_padding);
        outbuf_printf(&o, "  normalized latency = latency / output tokens = %.4f s/token\n",
            sim->norm.mean);
        outbuf_printf(&o, "  (vLLM §6.1: a system sustains a rate while this stays low)\n");
        outbuf_printf(&o, "  max reserves the longest sequence (%d tokens), pow2 the next\n"
                "  power of two, exact the final length (an oracle): the paper's\n"
                "  Orca (Max), (Pow2) and (Oracle)\n", hw->max_len);
    }
    if (spec) {
        outbuf_printf(&o, "\nSpeculative decoding (Leviathan et al. 2023)\n");
        outbuf_printf(&o, "  E[tokens per target step] = (1 - a^(g+1)) / (1 - a)   (eq. 1)\n");
        outbuf_printf(&o, "    = (1 - %.2f^%d) / (1 - %.2f) = %.4f\n", q->alpha, q->gamma + 1, q->alpha,
            spec->expected_tokens);
        outbuf_printf(&o, "  speedup = E / (g c + 1)   (Theorem 3.8)\n");
        outbuf_printf(&o, "    = %.4f / (%d x %.4f + 1) = %.3fx\n",
            spec->expected_tokens, q->gamma, c, spec->speedup);
        outbuf_printf(&o, "  c = draft step / target step%s\n",
            q->c < 0 ? " (the two presets' roofline decode steps)" : ", as given");
        outbuf_printf(&o, "  best gamma %d: %.3fx; Monte-Carlo, %lld steps: %.4f tokens\n",
            spec->best_gamma, spec->best_speedup, spec->mc_runs, spec->mc_tokens);
    }
    return o.len;
}
