/* engine/kv: KV bytes, parameters and serving limits against published figures. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/kv/kv.h"
#include "engine/gpu.h"
#include "engine/kv/kv_load.h"

#define GIB 1073741824ULL
#define KIB 1024ULL

static KvPresetList presets;

static void load_presets(void)
{
    RError err;
    rerror_clear(&err);
    int rc = kv_presets_load("content/models.yaml", &presets, &err);
    cr_assert_eq(rc, 0, "content/models.yaml: %s", err.msg);
}

static void free_presets(void)
{
    kv_presets_free(&presets);
}

static const KvModel *preset(const char *name)
{
    const KvPreset *p = kv_presets_find(&presets, name);
    cr_assert_not_null(p, "preset %s missing", name);
    return &p->model;
}

static KvReport estimate(const KvModel *m, const KvQuery *q)
{
    KvReport r;
    RError err;
    rerror_clear(&err);
    int rc = kv_estimate(m, q, &r, &err);
    cr_assert_eq(rc, 0, "%s: %s", m->name, err.msg);
    return r;
}

static KvQuery query(uint64_t batch, uint64_t seq)
{
    KvQuery q;
    kv_query_init(&q);
    q.batch = batch;
    q.seq = seq;
    return q;
}

TestSuite(kv, .init = load_presets, .fini = free_presets);

/* vLLM paper (Kwon et al., SOSP'23) §3: OPT-13B "KV cache of a single token demands 800 KB",
 * = 2 x 5120 x 40 x 2 B; "up to 2048 tokens ... 1.6 GB" for one request (= 1.5625 GiB). */
Test(kv, opt13b_vllm_section3)
{
    KvQuery q = query(1, 2048);
    q.kv_dtype = KV_DTYPE_FP16;
    KvReport r = estimate(preset("opt-13b"), &q);
    cr_assert_eq(r.kv_bytes_per_token, 800 * KIB);
    cr_assert_eq(r.kv_bytes_per_seq, 2048 * 800 * KIB);
    cr_assert_float_eq((double)r.kv_bytes / GIB, 1.5625, 1e-12);
}

/* Llama-2-70B 327,680 B/token = 320 KiB (GQA, 8 KV heads; derived from meta-llama/Llama-2-70b-hf
 * config.json via litgpt config.py @26857050); the seed formula (2 x hidden per layer) is 8x too
 * large for it and exact for MHA Llama-2-7B. */
Test(kv, llama2_70b_320_kib_and_seed_factor)
{
    KvQuery q = query(1, 4096);
    KvReport r = estimate(preset("llama-2-70b"), &q);
    cr_assert_eq(r.kv_bytes_per_token, 320 * KIB);
    cr_assert_float_eq(r.naive_factor, 8.0, 1e-12);
    KvReport r7 = estimate(preset("llama-2-7b"), &q);
    cr_assert_eq(r7.kv_bytes_per_token, 524288);
    cr_assert_float_eq(r7.naive_factor, 1.0, 1e-12);
}

/* DeepSeek-V2 (arXiv:2405.04434) Table 1: MLA caches (d_c + d_h^R) l = (512 + 64) elements per
 * layer per token, "equal to GQA with only 2.25 groups" (576 = 2 x 2.25 x 128). */
Test(kv, deepseek_v2_mla_576_elements)
{
    const KvModel *m = preset("deepseek-v2");
    KvReport r = estimate(m, &(KvQuery){.batch = 1, .seq = 1, .kv_dtype = KV_DTYPE_BF16,
                                         .weight_dtype = KV_DTYPE_BF16, .tp = 1, .block_size = 16,
                                         .gpu_mem_bytes = 80e9, .gpus = 1, .gpu_util = 0.9,
                                         .prefill_chunk = 2048});
    cr_assert_eq(r.kinds[KV_LAYER_MLA].layers, 60);
    cr_assert_eq(kv_layer_bytes_per_token(m, KV_LAYER_MLA, KV_DTYPE_BF16) / 2, 576);
    cr_assert_eq(r.kv_bytes_per_token, 60 * 576 * 2); /* 69,120, derived from DeepSeek-V2 config */
    cr_assert_float_eq(576.0 / (2.0 * 128.0), 2.25, 1e-12);
    /* DeepSeek-V3: 61 x 576 x 2 = 70,272 (derived from deepseek-ai/DeepSeek-V3 @9b4e9788
     * inference/configs/config_671B.json). */
    KvReport r3 = estimate(preset("deepseek-v3"), &(KvQuery){.batch = 1, .seq = 1,
                           .kv_dtype = KV_DTYPE_BF16, .weight_dtype = KV_DTYPE_BF16, .tp = 1,
                           .block_size = 16, .gpu_mem_bytes = 80e9, .gpus = 1, .gpu_util = 0.9,
                           .prefill_chunk = 2048});
    cr_assert_eq(r3.kv_bytes_per_token, 70272);
}

/* Derived from DeepSeek-V2 (arXiv:2405.04434) Table 1 and deepseek-ai/deepseek-llm-67b-base
 * config.json: vs DeepSeek-67B at equal precision MLA saves 1 - 69120/389120 = 82.2%; with the
 * paper's ~6-bit cache the README's 93.3% reduction reconstructs to 0.9334. */
Test(kv, deepseek_v2_vs_67b_reduction)
{
    uint64_t v2 = kv_seq_bytes(preset("deepseek-v2"), KV_DTYPE_BF16, 1);
    uint64_t d67 = kv_seq_bytes(preset("deepseek-llm-67b"), KV_DTYPE_BF16, 1);
    cr_assert_eq(d67, 389120);
    cr_assert_float_eq(1.0 - (double)v2 / (double)d67, 0.8224, 1e-4);
    cr_assert_float_eq(1.0 - (double)v2 / 2 * 6 / ((double)d67 / 2 * 16), 0.9334, 1e-4);
}

/* Jamba-1.5 paper (arXiv:2408.12570) Table 1, "KV cache (256K context, 16bit)", in GiB:
 * Mistral 32 (window ignored), Mixtral 32, LLaMA-3.1 8B 32, LLaMA-3.1 70B 80, Jamba-1.5-Mini 4
 * (same architecture as Jamba-v0.1). Its LLaMA-3.1 405B row says 252 GB but the architecture
 * (126 layers x 8 KV heads x 128) gives 126 GiB (derived from
 * meta-llama/Llama-3.1-405B config.json via litgpt config.py @26857050). */
Test(kv, jamba15_table1_256k)
{
    const uint64_t ctx = 262144;
    struct {
        const char *name;
        uint64_t gib;
    } rows[] = {{"mistral-7b-v0.3", 32}, {"mixtral-8x7b", 32}, {"llama-3.1-8b", 32},
                {"llama-3.1-70b", 80},   {"jamba-v0.1", 4},    {"llama-3.1-405b", 126}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        KvReport r = estimate(preset(rows[i].name), &(KvQuery){.batch = 1, .seq = ctx,
                              .kv_dtype = KV_DTYPE_BF16, .weight_dtype = KV_DTYPE_BF16, .tp = 1,
                              .block_size = 16, .gpu_mem_bytes = 80e9, .gpus = 1,
                              .gpu_util = 0.9, .prefill_chunk = 2048});
        cr_expect_eq(r.kv_bytes, rows[i].gib * GIB, "%s: %llu B", rows[i].name,
                     (unsigned long long)r.kv_bytes);
    }
    KvReport r405 = estimate(preset("llama-3.1-405b"), &(KvQuery){.batch = 1, .seq = ctx,
                             .kv_dtype = KV_DTYPE_BF16, .weight_dtype = KV_DTYPE_BF16, .tp = 1,
                             .block_size = 16, .gpu_mem_bytes = 80e9, .gpus = 1,
                             .gpu_util = 0.9, .prefill_chunk = 2048});
    cr_assert_neq(r405.kv_bytes, 252 * GIB, "the paper's 405B row is wrong; don't reproduce it");
    /* Mistral-7B-v0.1 with its 4096 window: 256K tokens cost 4096 x 128 KiB = 0.5 GiB. */
    KvQuery q = query(1, ctx);
    KvReport rm = estimate(preset("mistral-7b-v0.1"), &q);
    cr_assert_eq(rm.kv_bytes_per_token * ctx, 32 * GIB);
    cr_assert_eq(rm.kv_bytes, GIB / 2);
    cr_assert(rm.max_seq_memory_unbounded, "every layer slides: any length fits in memory");
    /* ... but the model has 32,768 positions (config max_position_embeddings), and 256K is
     * beyond them: the usable maximum is the context window. */
    cr_assert_not(rm.max_seq_unbounded);
    cr_assert_eq(rm.context_limit, 32768);
    cr_assert(rm.beyond_context);
    cr_assert_eq(rm.max_seq, 32768);
}

/* Jamba-v0.1: 4 attention layers of 32 hold KV (config: attn period 8 offset 4); the 28 Mamba
 * layers keep expand*H x (d_conv + d_state) = 8192 x 20 values each, 16-bit. */
Test(kv, jamba_state)
{
    KvQuery q = query(2, 1000);
    KvReport r = estimate(preset("jamba-v0.1"), &q);
    cr_assert_eq(r.kinds[KV_LAYER_FULL].layers, 4);
    cr_assert_eq(r.kinds[KV_LAYER_NONE].layers, 28);
    cr_assert_eq(r.kv_bytes_per_token, 16 * KIB);
    cr_assert_eq(r.state_bytes_per_seq, 28ULL * 8192 * 20 * 2);
    cr_assert_eq(r.state_bytes, 2 * r.state_bytes_per_seq);
}

/* Sliding-window examples, derived from the google/gemma-2-9b and google/gemma-3-27b-it configs
 * (mlc-llm @79d603f0, litgpt @26857050): Gemma-2-9B at 8,192 tokens = 21 global x 8192
 * + 21 local x 4096 -> 2,113,929,216 B; Gemma-3-27B at 131,072 tokens = 10 global x 131072 +
 * 52 local x 1024 -> 11,173,625,856 B vs 62 GiB if every layer were global. */
Test(kv, gemma_sliding_patterns)
{
    KvQuery q = query(1, 8192);
    KvReport r = estimate(preset("gemma-2-9b"), &q);
    cr_assert_eq(r.kinds[KV_LAYER_FULL].layers, 21);
    cr_assert_eq(r.kinds[KV_LAYER_SLIDING].layers, 21);
    cr_assert_eq(r.kv_bytes, 2113929216ULL);
    q.seq = 131072;
    const KvModel *g3 = preset("gemma-3-27b");
    KvReport r3 = estimate(g3, &q);
    cr_assert_eq(r3.kinds[KV_LAYER_FULL].layers, 10);
    cr_assert_eq(r3.kinds[KV_LAYER_SLIDING].layers, 52);
    cr_assert_eq(g3->kind[5], KV_LAYER_FULL); /* (5 + 1) % 6 == 0 */
    cr_assert_eq(g3->kind[0], KV_LAYER_SLIDING);
    cr_assert_eq(r3.kv_bytes, 11173625856ULL);
    cr_assert_eq(r3.kv_bytes_per_token * q.seq, 62 * GIB);
}

/* Parameter counts within 0.5% of the counts derived from each model's config.json
 * (model-configs.json derived_params), and of the model cards named beside each. */
Test(kv, params_within_half_percent)
{
    struct {
        const char *name;
        double total, active;
    } rows[] = {
        {"llama-2-7b", 6738415616.0, 0},      /* exact HF count (derived from config.json) */
        {"llama-2-13b", 13015864320.0, 0},
        {"llama-2-70b", 68976648192.0, 0},
        {"llama-3-8b", 8030261248.0, 0},
        {"llama-3.1-70b", 70553706496.0, 0},
        {"llama-3.1-405b", 405853388800.0, 0},
        {"mistral-7b-v0.1", 7241732096.0, 0},
        {"mixtral-8x7b", 46.7e9, 12.9e9},     /* Jamba-1.5 Table 1 */
        {"qwen2.5-0.5b", 494032768.0, 0},     /* card 0.49B */
        {"qwen2.5-7b", 7.61e9, 0},            /* card */
        {"qwen2.5-72b", 72706203648.0, 0},
        {"qwen3-8b", 8190735360.0, 0},
        {"gemma-2-9b", 9241705984.0, 0},
        {"gemma-2-27b", 27227128320.0, 0},
        {"gemma-3-27b", 27009002240.0, 0},    /* text tower */
        {"phi-3-mini-4k", 3.821e9, 0},        /* report: 3.8B */
        {"deepseek-v2", 235741434880.0, 21375800320.0}, /* README 236B / 21B */
        {"deepseek-v3", 671e9, 37552282624.0},          /* README 671B */
        {"deepseek-llm-67b", 67425001472.0, 0},
        {"gpt-3-175b", 175.0e9, 0},           /* GPT-3 Table 2.1 */
        {"gpt2", 124439808.0, 0},             /* HF gpt2 model card */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint64_t t, a;
        kv_model_params(preset(rows[i].name), &t, &a);
        cr_expect_lt(fabs((double)t / rows[i].total - 1.0), 0.005, "%s total %llu vs %.4g",
                     rows[i].name, (unsigned long long)t, rows[i].total);
        if (rows[i].active > 0)
            cr_expect_lt(fabs((double)a / rows[i].active - 1.0), 0.005, "%s active %llu vs %.4g",
                         rows[i].name, (unsigned long long)a, rows[i].active);
    }
    /* Jamba: "52B total / 12B active" (Jamba-1.5 Table 1) are rounded to the billion. */
    uint64_t t, a;
    kv_model_params(preset("jamba-v0.1"), &t, &a);
    cr_assert_lt(fabs((double)t - 52e9), 0.5e9, "jamba total %llu", (unsigned long long)t);
    cr_assert_lt(fabs((double)a - 12e9), 0.5e9, "jamba active %llu", (unsigned long long)a);
}

/* Quantized formats: each head vector of 128 elements costs 128 (int8) or 64 (int4) bytes plus
 * an fp16 scale and zero point (LMDeploy layout): 132 and 68 B. fp8 adds only 8 B per layer. */
Test(kv, quantized_layouts)
{
    const KvModel *m = preset("llama-2-7b");
    cr_assert_eq(kv_dtype_vector_bytes(KV_DTYPE_INT8, 128), 132);
    cr_assert_eq(kv_dtype_vector_bytes(KV_DTYPE_INT4, 128), 68);
    cr_assert_eq(kv_dtype_vector_bytes(KV_DTYPE_INT4, 3), 6); /* ceil(3/2) + 4 */
    cr_assert_eq(kv_dtype_vector_bytes(KV_DTYPE_FP32, 128), 512);
    KvQuery q = query(1, 1000);
    q.kv_dtype = KV_DTYPE_INT4;
    KvReport r = estimate(m, &q);
    cr_assert_eq(r.kv_bytes_per_token, 2ULL * 32 * 68 * 32);
    cr_assert_float_eq(r.naive_factor, 0.25 * 524288 / (2.0 * 32 * 68 * 32), 1e-12,
                       "the seed formula ignores scales");
    q.kv_dtype = KV_DTYPE_FP8;
    r = estimate(m, &q);
    cr_assert_eq(r.kv_bytes_per_token, 262144);
    cr_assert_eq(r.kv_scale_bytes, 32 * 8);
    KvDtype t;
    cr_assert_eq(kv_dtype_parse("BFloat16", &t), 0);
    cr_assert_eq(t, KV_DTYPE_BF16);
    cr_assert_eq(kv_dtype_parse("int3", &t), -1);
}

/* Tensor parallelism: KV heads split over TP ranks and replicate once TP exceeds them (vLLM's
 * num_kv_heads per rank = max(1, kv_heads / tp)); MLA's latent is kept whole on each rank. */
Test(kv, tensor_parallel_replication)
{
    KvQuery q = query(1, 4096);
    q.tp = 4;
    q.gpus = 4;
    KvReport f = estimate(preset("falcon-7b"), &q);
    cr_assert_eq(f.kv_heads_per_gpu, 1);
    cr_assert_eq(f.gpu_kv_bytes, f.kv_bytes, "MQA: each rank holds the one KV head");
    q.tp = q.gpus = 16;
    KvReport l = estimate(preset("llama-2-70b"), &q);
    cr_assert_eq(l.kv_heads_per_gpu, 1);
    cr_assert_eq(l.gpu_kv_bytes, l.kv_bytes / 8, "8 heads over 16 ranks: 1 head each");
    q.tp = q.gpus = 8;
    KvReport d = estimate(preset("deepseek-v3"), &q);
    cr_assert_eq(d.gpu_kv_bytes, d.kv_bytes);
    cr_assert_eq(d.gpu_weight_bytes * 8, d.weight_bytes);
    /* Two replicas of tp 4 split the batch. */
    q = query(10, 4096);
    q.tp = 4;
    q.gpus = 8;
    KvReport l2 = estimate(preset("llama-2-70b"), &q);
    cr_assert_eq(l2.replicas, 2);
    cr_assert_eq(l2.batch_per_replica, 5);
}

/* Serving limits (derived with this module's stated assumptions): Llama-3-8B, bf16, one H100
 * (80e9 B x 0.9): weights 16,060,522,496 B, reserve 2048 x (2 x (4x4096 + 2x14336) + 4 x 128256)
 * = 1,235,222,528 B, 512 MiB per 4096-token sequence -> 101 sequences. */
Test(kv, max_batch_and_max_seq)
{
    const KvModel *m = preset("llama-3-8b");
    KvQuery q = query(1, 4096);
    q.gpu_mem_bytes = 80e9;
    KvReport r = estimate(m, &q);
    cr_assert_eq(r.weight_bytes, 16060522496ULL);
    cr_assert_eq(r.gpu_reserve_bytes, 1235222528ULL);
    cr_assert_eq(r.max_batch, 101);
    cr_assert(r.fits);
    q.batch = r.max_batch;
    cr_assert(estimate(m, &q).fits);
    q.batch = r.max_batch + 1;
    KvReport over = estimate(m, &q);
    cr_assert_not(over.fits);
    cr_assert_eq(over.gpu_free_bytes, 0);
    /* max_seq: fits at max_seq tokens, not one more. */
    q.batch = 8;
    KvReport s = estimate(m, &q);
    cr_assert_not(s.max_seq_memory_unbounded);
    q.seq = s.max_seq_memory;
    cr_assert(estimate(m, &q).fits);
    q.seq = s.max_seq_memory + 1;
    cr_assert_not(estimate(m, &q).fits);
    /* Weights alone too big: Llama-3.1-405B in bf16 on one GPU. */
    KvReport big = estimate(preset("llama-3.1-405b"), &(KvQuery){.batch = 1, .seq = 1,
                            .kv_dtype = KV_DTYPE_BF16, .weight_dtype = KV_DTYPE_BF16, .tp = 1,
                            .block_size = 16, .gpu_mem_bytes = 80e9, .gpus = 1, .gpu_util = 0.9,
                            .prefill_chunk = 2048});
    cr_assert_not(big.fits);
    cr_assert_eq(big.max_batch, 0);
    cr_assert_eq(big.max_seq, 0);
    cr_assert_eq(big.max_seq_memory, 0);
}

/* Paged attention: 4097 tokens in blocks of 16 -> 257 blocks, the last holding 1 token (15/16
 * of it empty); vLLM launch blog: waste is confined to the last block. */
Test(kv, paged_blocks)
{
    const KvModel *m = preset("llama-2-7b");
    KvQuery q = query(3, 4097);
    KvReport r = estimate(m, &q);
    cr_assert_eq(r.blocks_per_seq, 257);
    cr_assert_eq(r.last_block_tokens, 1);
    cr_assert_float_eq(r.last_block_waste, 15.0 / 16.0, 1e-12);
    cr_assert_eq(r.block_bytes, 16 * 524288);
    cr_assert_eq(r.waste_bytes, 3ULL * 15 * 524288);
    cr_assert_eq(r.pool_blocks, (r.gpu_usable_bytes - r.gpu_weight_bytes - r.gpu_reserve_bytes) /
                                    r.block_bytes);
    q.seq = 4096;
    r = estimate(m, &q);
    cr_assert_eq(r.blocks_per_seq, 256);
    cr_assert_float_eq(r.last_block_waste, 0.0, 1e-12);
    /* Sliding-only model: blocks cover the window. */
    q.seq = 100000;
    KvReport s = estimate(preset("mistral-7b-v0.1"), &q);
    cr_assert_eq(s.blocks_per_seq, 4096 / 16);
}

/* Absurd inputs: batch 10^12 saturates (labelled), never wraps; zero heads is an error. */
Test(kv, absurd_inputs)
{
    const KvModel *m = preset("llama-3.1-405b");
    KvQuery q = query(1000000000000ULL, 1000000000ULL);
    KvReport r = estimate(m, &q);
    cr_assert(r.saturated);
    cr_assert_eq(r.kv_bytes, UINT64_MAX);
    cr_assert_eq(r.naive_kv_bytes, UINT64_MAX);
    cr_assert_not(r.fits);
    /* The seed formula's error stays the per-token ratio, 128/8 = 16 for the 405B (GQA), even
     * when both totals saturate (it once read 1.0x: saturated / saturated). */
    cr_assert_float_eq(r.naive_factor, 16.0, 1e-9);
    KvQuery q70 = query(1048576, 4194304);
    cr_assert_float_eq(estimate(preset("llama-3.1-70b"), &q70).naive_factor, 8.0, 1e-9);
    cr_assert(kv_sat_mul(1ULL << 40, 1ULL << 40, NULL) == UINT64_MAX);
    bool sat = false;
    cr_assert_eq(kv_sat_add(UINT64_MAX - 1, 2, &sat), UINT64_MAX);
    cr_assert(sat);
    /* Large but representable: 10^12 x 1 token of Llama-2-7B = 5.24e17 B, not saturated. */
    q = query(1000000000000ULL, 1);
    KvReport ok = estimate(preset("llama-2-7b"), &q);
    cr_assert_not(ok.saturated);
    cr_assert_eq(ok.kv_bytes, 524288ULL * 1000000000000ULL);

    KvModel z = *preset("llama-2-7b");
    z.heads = 0;
    RError err;
    rerror_clear(&err);
    KvReport zr;
    cr_assert_eq(kv_estimate(&z, &q, &zr, &err), -1);
    cr_assert(strstr(err.msg, "num_attention_heads"), "%s", err.msg);
    z = *preset("llama-2-7b");
    z.kv_heads = 0;
    cr_assert_eq(kv_estimate(&z, &q, &zr, &err), -1);
    cr_assert(strstr(err.msg, "num_key_value_heads"), "%s", err.msg);
    q.tp = 3;
    q.gpus = 4;
    cr_assert_eq(kv_estimate(preset("llama-2-7b"), &q, &zr, &err), -1);
    cr_assert(strstr(err.msg, "multiple"), "%s", err.msg);
}

/* Growing the layer count keeps the pattern (Gemma-3's 5:1), shrinking drops layers. */
Test(kv, set_layers_keeps_pattern)
{
    KvModel m = *preset("gemma-3-27b");
    kv_model_set_layers(&m, 12);
    int c[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(&m, c);
    cr_assert_eq(c[KV_LAYER_FULL], 2);
    kv_model_set_layers(&m, 24);
    kv_model_count_kinds(&m, c);
    cr_assert_eq(c[KV_LAYER_FULL], 4);
    cr_assert_eq(c[KV_LAYER_SLIDING], 20);
}

/* The plot series equals the report at the query's length and never decreases. */
Test(kv, curve_matches_report)
{
    const KvModel *m = preset("gemma-2-9b");
    KvQuery q = query(4, 8192);
    KvReport r = estimate(m, &q);
    uint64_t seqs[] = {1, 1024, 4096, 8192, 65536, 1 << 20};
    double out[6];
    kv_curve(m, &q, seqs, 6, out);
    cr_assert_float_eq(out[3], (double)r.kv_bytes, 1.0);
    for (int i = 1; i < 6; i++)
        cr_assert_geq(out[i], out[i - 1]);
}

/* The why text substitutes the numbers. */
Test(kv, explain_substitutes)
{
    const KvModel *m = preset("llama-2-70b");
    KvQuery q = query(2, 4096);
    KvReport r = estimate(m, &q);
    char buf[8192];
    size_t n = kv_explain(m, &q, &r, buf, sizeof buf);
    cr_assert_lt(n, sizeof buf);
    cr_assert(strstr(buf, "2 (K,V) x 8 kv_heads"), "%s", buf);
    cr_assert(strstr(buf, "327,680 B per token"), "%s", buf);
    cr_assert(strstr(buf, "8x the right value"), "%s", buf);
    char tiny[16];
    size_t need = kv_explain(m, &q, &r, tiny, sizeof tiny);
    cr_assert_eq(need, n);
    cr_assert_eq(strlen(tiny), sizeof tiny - 1);
}

/* The two bounds on a sequence: memory and the model's positions. Llama-3.1-8B's config has
 * max_position_embeddings 131072 (meta-llama/Llama-3.1-8B config.json); on one 80 GB GPU at
 * batch 1 memory alone would allow far more. Llama-2-7B has 4096 positions
 * (meta-llama/Llama-2-7b-hf config.json), so 32,768 tokens fit in memory but are beyond it. */
Test(kv, context_window_bounds_max_seq)
{
    KvQuery q = query(1, 4096);
    KvReport r = estimate(preset("llama-3.1-8b"), &q);
    cr_assert_eq(r.context_limit, 131072);
    cr_assert_gt(r.max_seq_memory, 400000, "memory bound %llu", (unsigned long long)r.max_seq_memory);
    cr_assert_eq(r.max_seq, 131072);
    cr_assert_not(r.beyond_context);
    cr_assert_not(r.max_seq_unbounded);

    q.seq = 32768;
    KvReport l2 = estimate(preset("llama-2-7b"), &q);
    cr_assert_eq(l2.context_limit, 4096);
    cr_assert(l2.fits, "memory is not the problem here");
    cr_assert(l2.beyond_context);
    cr_assert_eq(l2.max_seq, 4096);
    q.seq = 4096;
    cr_assert_not(estimate(preset("llama-2-7b"), &q).beyond_context);

    /* Unknown window (0): memory alone bounds it, and nothing is flagged. */
    KvModel m = *preset("llama-2-7b");
    m.max_pos = 0;
    q.seq = 1 << 20;
    KvReport u = estimate(&m, &q);
    cr_assert_eq(u.context_limit, 0);
    cr_assert_not(u.beyond_context);
    cr_assert_eq(u.max_seq, u.max_seq_memory);
}

/* Grouped-query attention needs heads to be a multiple of KV heads (Ainslie et al. 2023). */
Test(kv, impossible_head_shapes)
{
    KvModel m = *preset("llama-3-8b"); /* 32 heads, 8 KV heads */
    KvQuery q = query(1, 4096);
    KvReport r;
    RError err;
    m.heads = 33;
    cr_assert_neq(kv_estimate(&m, &q, &r, &err), 0);
    cr_assert(strstr(err.msg, "num_attention_heads") && strstr(err.msg, "num_key_value_heads"),
              "%s", err.msg);
    m.heads = 32;
    m.kv_heads = 9;
    cr_assert_neq(kv_estimate(&m, &q, &r, &err), 0);
    m.kv_heads = 4;
    cr_assert_eq(kv_estimate(&m, &q, &r, &err), 0, "%s", err.msg);
}

/* The case, with memory as nvidia-smi reports it (H200: 143,771 MiB): Mixtral-8x7B
 * (bf16, 93,405,585,408 B of weights) at 8192 tokens has
 * floor((143771 MiB x 0.9 - weights - reserve 564,133,888 B) / 1 GiB per sequence) = 38,
 * where 141e9 decimal bytes gave 30. */
Test(kv, mixtral_h200_max_batch)
{
    GpuList gl;
    RError err;
    cr_assert_eq(gpu_list_load("content/gpus.yaml", &gl, &err), 0, "%s", err.msg);
    KvQuery q = query(1, 8192);
    q.gpu_mem_bytes = gpu_find(&gl, "h200-sxm")->mem_bytes;
    KvReport r = estimate(preset("mixtral-8x7b"), &q);
    cr_assert_eq(r.gpu_usable_bytes, 135679338086ULL);
    cr_assert_eq(r.max_batch, 38);
    q.gpu_mem_bytes = 141e9;
    cr_assert_eq(estimate(preset("mixtral-8x7b"), &q).max_batch, 30);
    gpu_list_free(&gl);
}
