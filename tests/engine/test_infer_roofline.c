/* The roofline against its definitions and the vLLM paper's OPT-13B figures. */
#include <math.h>

#include "tests/engine/test_infer_fixture.h"
#include "engine/infer/explain.h"
#include "engine/infer/sim.h"

TestSuite(infer_roofline, .init = fx_setup, .fini = fx_teardown);

Test(infer_roofline, opt13b_kv_bytes_per_token)
{
    /* vLLM paper §3: 2 (K and V) x 5120 x 40 layers x 2 bytes = 800 KB per token */
    InferQuery q;
    infer_query_init(&q);
    InferHw hw;
    fx_hw("opt-13b", "a100-sxm-40gb", &q, &hw);
    cr_assert_float_eq(hw.kv_token_bytes, 819200.0, 0.5);
    /* and about 12 GB of the 40 GB are left for KV (the paper's Fig. 1: ~30% of memory) */
    cr_assert(hw.pool_bytes > 0.25 * 40e9 && hw.pool_bytes < 0.40 * 40e9, "%g", hw.pool_bytes);
}

Test(infer_roofline, ridge_is_peak_over_bandwidth)
{
    InferQuery q;
    infer_query_init(&q);
    InferHw hw;
    fx_hw("opt-13b", "a100-sxm-40gb", &q, &hw);
    /* LLM-Viewer's turning point, max OPS / bandwidth, with its own A100-40G entry
     * (hahnyuan/LLM-Viewer hardwares/hardware_params.py: 1555e9 B/s, 312e12 FP16 OPS) */
    cr_assert_float_eq(hw.ridge, 312e12 / 1.555e12, 1e-6);
}

Test(infer_roofline, decode_at_batch_one_is_one_flop_per_byte)
{
    /* LLM-Viewer (Yuan et al. 2024): decode falls below the ridge, memory-bound; at batch 1
     * it does ~2 FLOPs per 2-byte weight, an arithmetic intensity near 1 (derived) */
    InferQuery q;
    infer_query_init(&q);
    q.batch = 1;
    q.context = 128;
    InferHw hw;
    fx_hw("llama-2-7b", "a100-sxm-80gb", &q, &hw);
    InferRoofline r;
    infer_roofline(&hw, &q, &r);
    cr_assert(r.decode.intensity > 0.9 && r.decode.intensity < 1.1, "%g", r.decode.intensity);
    cr_assert(r.decode.memory_bound);
    /* time = bytes / effective bandwidth */
    cr_assert_float_eq(r.tpot, r.decode.bytes / (2.039e12 * q.memory_eff), 1e-12);
}

Test(infer_roofline, crossover_at_zero_context_is_the_effective_ridge)
{
    /* With no KV to read, compute = 2P B / F and memory = 2P / BW (fp16): they meet at
     * B = F / BW, the ridge at the stated efficiencies */
    InferQuery q;
    infer_query_init(&q);
    InferHw hw;
    fx_hw("opt-13b", "a100-sxm-40gb", &q, &hw);
    double ridge_eff = hw.flops_eff / hw.bw_eff;
    int b = infer_crossover_batch(&hw, 0);
    cr_assert(fabs(b - ridge_eff) <= 2.0, "crossover %d, effective ridge %.1f", b, ridge_eff);
    /* more context means more KV bytes per FLOP: the crossover moves to larger batches */
    int b2 = infer_crossover_batch(&hw, 1024);
    cr_assert(b2 == 0 || b2 > b, "%d vs %d", b2, b);
}

Test(infer_roofline, long_context_decode_never_becomes_compute_bound)
{
    /* MHA attention reads 4 bytes of K+V per (head-dim x 4) FLOPs: intensity ~1 whatever the
     * batch, so at long context no batch reaches the ridge */
    InferQuery q;
    infer_query_init(&q);
    InferHw hw;
    fx_hw("opt-13b", "a100-sxm-80gb", &q, &hw);
    cr_assert_eq(infer_crossover_batch(&hw, 32768), 0);
}

Test(infer_roofline, prefill_is_compute_bound)
{
    InferQuery q;
    infer_query_init(&q);
    q.prompt = 1024;
    InferHw hw;
    fx_hw("opt-13b", "a100-sxm-40gb", &q, &hw);
    InferRoofline r;
    infer_roofline(&hw, &q, &r);
    cr_assert(!r.prefill.memory_bound);
    cr_assert(r.prefill.intensity > hw.ridge);
    /* FLOPs: 2 x params x tokens plus causal attention 4 x width x L(L+1)/2 */
    double expect = 2 * hw.active_params * 1024 + 4 * hw.attn_width * 1024 * 1025 / 2.0;
    cr_assert_float_eq(r.prefill.flops, expect, expect * 1e-12);
}

Test(infer_roofline, moe_reads_only_routed_experts)
{
    InferQuery q;
    infer_query_init(&q);
    q.dtype = KV_DTYPE_BF16;
    InferHw hw;
    q.dtype = KV_DTYPE_FP8; /* 47 GB of weights: fits one H100 */
    fx_hw("mixtral-8x7b", "h100-sxm", &q, &hw);
    InferStepLoad one = infer_decode_load(&hw, 1, 0), many = infer_decode_load(&hw, 4096, 0);
    InferStepCost c1, cm;
    infer_step_cost(&hw, &one, &c1);
    infer_step_cost(&hw, &many, &cm);
    /* batch 1: the dense part plus 2 of 8 experts; a large batch touches all 8 */
    cr_assert_float_eq(c1.bytes - hw.kv_token_bytes, hw.dense_bytes + 2 * hw.expert_bytes,
                       1e3);
    double all = hw.weight_bytes + 4096 * hw.kv_token_bytes;
    cr_assert(fabs(cm.bytes - all) < 1e-3 * all, "%g vs %g", cm.bytes, all);
    /* FLOPs count the active parameters only (Mixtral ~12.9B of 46.7B) */
    cr_assert(hw.active_params < 0.3 * hw.params);
}

Test(infer_roofline, too_big_for_the_gpu_is_an_error)
{
    InferQuery q;
    infer_query_init(&q);
    const KvPreset *m = kv_presets_find(&fx_models, "llama-3.1-405b");
    const GpuPreset *g = gpu_find(&fx_gpus, "a100-sxm-40gb");
    cr_assert(m && g);
    InferHw hw;
    RError err;
    cr_assert_neq(infer_hw_init(&m->model, g, &q, &hw, &err), 0);
    cr_assert(strstr(err.msg, "does not fit"), "%s", err.msg);
}

Test(infer_roofline, why_text_substitutes_the_numbers)
{
    InferQuery q;
    infer_query_init(&q);
    InferHw hw;
    fx_hw("opt-13b", "a100-sxm-40gb", &q, &hw);
    InferRoofline r;
    infer_roofline(&hw, &q, &r);
    InferSpecReport sp;
    RError err;
    cr_assert_eq(infer_spec(0.8, 4, 0.05, 1000, 1, &sp, &err), 0);
    InferSimReport sim;
    q.requests = 50;
    q.sched = INFER_SCHED_STATIC; /* every paragraph, padding included */
    cr_assert_eq(infer_simulate(&hw, &q, NULL, &sim, &err), 0, "%s", err.msg);
    char buf[8192];
    size_t need = infer_explain(&hw, &q, &r, &sim, &sp, 0.05, buf, sizeof buf);
    cr_assert(strstr(buf, "padding"), "%s", buf);
    cr_assert(need < sizeof buf);
    cr_assert(strstr(buf, "= 200.6 FLOP/byte"), "%s", buf);
    cr_assert(strstr(buf, "819200 B/token"), "%s", buf);
    cr_assert(strstr(buf, "= 3.3616"), "%s", buf);
    /* truncation is safe and reports the length it needed */
    char small[16];
    cr_assert_eq(infer_explain(&hw, &q, &r, &sim, &sp, 0.05, small, sizeof small), need);
    cr_assert_eq(strlen(small), sizeof small - 1);
    /* every line fits an 80-column overlay */
    for (char *l = buf, *nl; *l; l = nl + 1) {
        nl = strchr(l, '\n');
        cr_assert(nl, "lines end in newlines");
        cr_assert(nl - l <= 74, "too wide: %.*s", (int)(nl - l), l);
    }
}

Test(infer_roofline, batch_one_floor_is_weights_over_bandwidth)
{
    /* time per token >= weight bytes / bandwidth: Llama-2-7B in bf16 is 6,738,415,616 x 2 B;
     * on an H100 (3.35 TB/s) at full bandwidth that is 4.02 ms, 249 tokens/s (derived) */
    InferQuery q;
    infer_query_init(&q);
    q.dtype = KV_DTYPE_BF16;
    q.memory_eff = 1.0;
    q.context = 0;
    InferHw hw;
    fx_hw("llama-2-7b", "h100-sxm", &q, &hw);
    cr_assert_float_eq(hw.weight_bytes, 6738415616.0 * 2, 1.0);
    InferRoofline r;
    infer_roofline(&hw, &q, &r);
    double floor_s = 6738415616.0 * 2 / 3.35e12;
    /* the one new token's K and V are written too: a few hundred KB more */
    cr_assert(r.tpot >= floor_s && r.tpot < floor_s * 1.001, "%g vs %g", r.tpot, floor_s);
    cr_assert(fabs(r.tokens_per_s - 249) < 1, "%g", r.tokens_per_s);
}
