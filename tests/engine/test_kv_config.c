/* engine/kv loaders: raw Hugging Face config.json per family, malformed configs, the model and
 * GPU presets. Fixtures: tests/fixtures/kv/. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"

#define FIX "tests/fixtures/kv/"

static KvModel load(const char *file)
{
    KvModel m;
    RError err;
    rerror_clear(&err);
    char path[256];
    snprintf(path, sizeof path, FIX "%s", file);
    int rc = kv_model_load_config(path, &m, &err);
    cr_assert_eq(rc, 0, "%s: %s:%d:%d: %s", file, err.file, err.line, err.col, err.msg);
    return m;
}

static void counts(const KvModel *m, int *full, int *sliding, int *mla, int *none)
{
    int c[KV_LAYER_KIND_COUNT];
    kv_model_count_kinds(m, c);
    *full = c[KV_LAYER_FULL];
    *sliding = c[KV_LAYER_SLIDING];
    *mla = c[KV_LAYER_MLA];
    *none = c[KV_LAYER_NONE];
}

static uint64_t bpt(const KvModel *m)
{
    return kv_seq_bytes(m, KV_DTYPE_BF16, 1);
}

/* Llama-2-70B config: GQA, 8 KV heads -> 320 KiB/token (derived from meta-llama/Llama-2-70b-hf
 * config.json via litgpt config.py @26857050: 80 layers, 8 KV heads, head_dim 128). */
Test(kv_config, llama)
{
    KvModel m = load("llama.json");
    cr_assert_str_eq(m.family, "llama");
    cr_assert_str_eq(m.name, "meta-llama/Llama-2-70b-hf");
    cr_assert_eq(m.kv_heads, 8);
    cr_assert_eq(m.head_dim, 128);
    cr_assert_eq(bpt(&m), 327680);
}

/* Mistral-7B-v0.1: sliding_window 4096 on every layer. */
Test(kv_config, mistral)
{
    KvModel m = load("mistral.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(s, 32);
    cr_assert_eq(m.window, 4096);
    cr_assert_eq(kv_seq_bytes(&m, KV_DTYPE_BF16, 32768), 4096ULL * 131072);
}

/* Mixtral: sliding_window null -> full attention; 8 experts top-2 -> 46.70B / 12.88B. */
Test(kv_config, mixtral)
{
    KvModel m = load("mixtral.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(f, 32);
    cr_assert_eq(m.experts, 8);
    cr_assert_eq(m.experts_active, 2);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_eq(t, 46702792704ULL);   /* model-configs.json derived_params */
    cr_assert_eq(act, 12879925248ULL); /* derived_active_params */
}

/* Qwen2.5-7B: sliding_window 131072 is present but use_sliding_window is false. */
Test(kv_config, qwen2_window_disabled)
{
    KvModel m = load("qwen2.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(f, 28);
    cr_assert_eq(s, 0);
    cr_assert(m.qkv_bias);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_eq(t, 7615616512ULL); /* derived from Qwen/Qwen2.5-7B config.json (model card 7.61B) */
}

/* Qwen2 with use_sliding_window: layers >= max_window_layers slide (Qwen2Config). */
Test(kv_config, qwen2_window_enabled)
{
    KvModel m = load("qwen2_swa.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(f, 20);
    cr_assert_eq(s, 8);
    cr_assert_eq(m.kind[19], KV_LAYER_FULL);
    cr_assert_eq(m.kind[20], KV_LAYER_SLIDING);
}

/* Qwen1.5-MoE-A2.7B: 60 experts top-4 plus a gated shared expert; model card: 14.3B total,
 * 2.7B activated. */
Test(kv_config, qwen2_moe)
{
    KvModel m = load("qwen2_moe.json");
    cr_assert_eq(m.experts, 60);
    cr_assert(m.shared_gate);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_lt(fabs((double)t / 14.3e9 - 1.0), 0.005, "%llu", (unsigned long long)t);
    cr_assert_lt(fabs((double)act / 2.7e9 - 1.0), 0.005, "%llu", (unsigned long long)act);
}

/* Qwen3-8B: explicit head_dim and q/k norms -> 8,190,735,360 (derived from
 * Qwen/Qwen3-8B config.json). */
Test(kv_config, qwen3)
{
    KvModel m = load("qwen3.json");
    cr_assert(m.qk_norm);
    cr_assert_eq(bpt(&m), 147456);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_eq(t, 8190735360ULL);
}

/* Gemma-2B: multi-query (1 KV head), head_dim 256 != hidden/heads, tied; model card 2.51B. */
Test(kv_config, gemma_mqa)
{
    KvModel m = load("gemma.json");
    cr_assert_eq(m.kv_heads, 1);
    cr_assert_eq(m.head_dim, 256);
    cr_assert(m.tied_embeddings);
    cr_assert_eq(bpt(&m), 2ULL * 18 * 1 * 256 * 2);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_lt(fabs((double)t / 2.506e9 - 1.0), 0.005, "%llu", (unsigned long long)t);
}

/* Gemma-2-9B: even layers local (4096), odd global; 2,113,929,216 B at 8192 (derived
 * from google/gemma-2-9b config.json via mlc-llm model_preset.py @79d603f0: 42 layers, 8 KV heads,
 * head_dim 256, sliding_window 4096). */
Test(kv_config, gemma2)
{
    KvModel m = load("gemma2.json");
    cr_assert_eq(m.kind[0], KV_LAYER_SLIDING);
    cr_assert_eq(m.kind[1], KV_LAYER_FULL);
    cr_assert_eq(kv_seq_bytes(&m, KV_DTYPE_BF16, 8192), 2113929216ULL);
}

/* Gemma-3-27B: the multimodal wrapper keeps the LM in text_config; 5 local : 1 global. */
Test(kv_config, gemma3_text_config)
{
    KvModel m = load("gemma3.json");
    cr_assert_str_eq(m.family, "gemma3_text");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(f, 10);
    cr_assert_eq(s, 52);
    cr_assert_eq(kv_seq_bytes(&m, KV_DTYPE_BF16, 131072), 11173625856ULL);
}

/* An explicit layer_types list wins over family rules. */
Test(kv_config, layer_types)
{
    KvModel m = load("layer_types.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(f, 2);
    cr_assert_eq(s, 10);
    cr_assert_eq(m.period, 6);
}

/* Phi-3-mini-4k: sliding_window 2047 on every layer (config.json; litgpt uses 2048). */
Test(kv_config, phi3)
{
    KvModel m = load("phi3.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(s, 32);
    cr_assert_eq(m.window, 2047);
    cr_assert_eq(bpt(&m), 393216);
}

/* DeepSeek-V2: MLA on all 60 layers, first layer dense; 235.7B / 21.4B (derived from
 * deepseek-ai/DeepSeek-V2-Chat config.json; DeepSeek-V2 README: 236B / 21B). */
Test(kv_config, deepseek_v2)
{
    KvModel m = load("deepseek_v2.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(a, 60);
    cr_assert_eq(m.moe[0], 0);
    cr_assert_eq(m.moe[1], 1);
    cr_assert_eq(bpt(&m), 69120);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_eq(t, 235741434880ULL);
    cr_assert_eq(act, 21375800320ULL);
}

/* DeepSeek-V2-Lite: q_lora_rank null means a plain q projection; card: 15.7B total. */
Test(kv_config, deepseek_v2_lite_null_q_lora)
{
    KvModel m = load("deepseek_v2_lite.json");
    cr_assert_eq(m.q_lora_rank, 0);
    cr_assert_eq(bpt(&m), 27ULL * 576 * 2);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_lt(fabs((double)t / 15.7e9 - 1.0), 0.005, "%llu", (unsigned long long)t);
}

/* DeepSeek-V3: 3 dense layers, 256 experts top-8; README 671B total (MTP excluded). */
Test(kv_config, deepseek_v3)
{
    KvModel m = load("deepseek_v3.json");
    cr_assert_eq(m.moe[2], 0);
    cr_assert_eq(m.moe[3], 1);
    cr_assert(m.router_bias);
    cr_assert_eq(bpt(&m), 70272);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_lt(fabs((double)t / 671.026e9 - 1.0), 0.005);
}

/* Falcon-7B: multi_query -> 1 KV head of 64 -> 8 KiB/token (derived from tiiuae/falcon-7b
 * config.json via litgpt config.py @26857050: 32 layers, 1 KV head, 4544/71 = 64); both the
 * current and the old RefinedWebModel key names. HF lists 6.92B parameters. */
Test(kv_config, falcon_mqa)
{
    KvModel m = load("falcon.json");
    KvModel old = load("falcon_refinedweb.json");
    cr_assert_eq(m.kv_heads, 1);
    cr_assert_eq(bpt(&m), 8192);
    cr_assert_eq(bpt(&old), 8192);
    uint64_t t, act, t2;
    kv_model_params(&m, &t, &act);
    kv_model_params(&old, &t2, &act);
    cr_assert_eq(t, t2);
    cr_assert_lt(fabs((double)t / 6.92e9 - 1.0), 0.005, "%llu", (unsigned long long)t);
}

/* OPT-13B: 800 KiB/token (vLLM §3), learned positions with offset 2, biases, tied. */
Test(kv_config, opt)
{
    KvModel m = load("opt.json");
    cr_assert_eq(bpt(&m), 819200);
    cr_assert_eq(m.learned_pos, 2050);
    cr_assert(m.tied_embeddings);
}

/* GPT-2: n_layer/n_embd/n_head names, FFN 4x, 124,439,808 parameters (HF gpt2 card: 124M). */
Test(kv_config, gpt2)
{
    KvModel m = load("gpt2.json");
    cr_assert_eq(m.intermediate, 3072);
    uint64_t t, act;
    kv_model_params(&m, &t, &act);
    cr_assert_eq(t, 124439808ULL);
}

/* Jamba-v0.1: attention at layers 4, 12, 20, 28; MoE on odd layers (official config). */
Test(kv_config, jamba_hybrid)
{
    KvModel m = load("jamba.json");
    int f, s, a, n;
    counts(&m, &f, &s, &a, &n);
    cr_assert_eq(f, 4);
    cr_assert_eq(n, 28);
    cr_assert_eq(m.kind[4], KV_LAYER_FULL);
    cr_assert_eq(m.kind[12], KV_LAYER_FULL);
    cr_assert_eq(m.moe[1], 1);
    cr_assert_eq(m.moe[4], 0);
    cr_assert_eq(bpt(&m), 16384);
}

/* An unknown model_type with the standard fields reads as llama-shaped. */
Test(kv_config, unknown_type)
{
    KvModel m = load("unknown_type.json");
    cr_assert_str_eq(m.family, "novel_arch_2030");
    cr_assert_eq(bpt(&m), 131072);
}

static void expect_error(const char *file, const char *needle, int line)
{
    KvModel m;
    RError err;
    rerror_clear(&err);
    char path[256];
    snprintf(path, sizeof path, FIX "%s", file);
    cr_assert_eq(kv_model_load_config(path, &m, &err), -1, "%s loaded", file);
    cr_expect(strstr(err.msg, needle), "%s: '%s' lacks '%s'", file, err.msg, needle);
    cr_expect(strstr(err.file, file), "%s: error file '%s'", file, err.file);
    if (line > 0)
        cr_expect_eq(err.line, line, "%s: line %d", file, err.line);
}

Test(kv_config, malformed)
{
    expect_error("bad_syntax.json", "expected", 5);
    expect_error("bad_missing_hidden.json", "missing field \"hidden_size\"", 1);
    expect_error("bad_zero_heads.json", "num_attention_heads", 5);
    expect_error("bad_string_layers.json", "num_hidden_layers", 4);
    expect_error("bad_kv_heads.json", "num_key_value_heads", 6);
    expect_error("bad_gqa_groups.json", "must divide \"num_attention_heads\"", 6);
    expect_error("bad_head_dim.json", "head_dim", 0);
    expect_error("bad_layer_types.json", "layer_types", 11);
    expect_error("bad_mla.json", "qk_rope_head_dim", 0);
    expect_error("bad_root.json", "JSON object", 0);
    expect_error("bad_huge_layers.json", "num_hidden_layers", 0);
    KvModel m;
    RError err;
    cr_assert_eq(kv_model_load_config(FIX "does_not_exist.json", &m, &err), -1);
}

/* Configs parsed from memory behave like files. */
Test(kv_config, parse_from_string)
{
    const char *txt = "{\"model_type\": \"llama\", \"hidden_size\": 4096, \"num_hidden_layers\": 32,"
                      " \"num_attention_heads\": 32, \"num_key_value_heads\": 8,"
                      " \"intermediate_size\": 14336, \"vocab_size\": 128256}";
    KvModel m;
    RError err;
    cr_assert_eq(kv_model_parse_config("inline", txt, strlen(txt), &m, &err), 0, "%s", err.msg);
    cr_assert_eq(bpt(&m), 131072);
    cr_assert_str_eq(m.name, "inline");
}

/* content/models.yaml: at least 25 presets, each with a source; every family decodes. */
Test(kv_config, presets)
{
    KvPresetList pl;
    RError err;
    cr_assert_eq(kv_presets_load("content/models.yaml", &pl, &err), 0, "%s", err.msg);
    cr_assert_geq(pl.count, 25);
    for (size_t i = 0; i < pl.count; i++) {
        cr_expect_gt(strlen(pl.items[i].model.source), 10, "%s has no source",
                     pl.items[i].model.name);
        cr_expect_gt(strlen(pl.items[i].official_params), 1, "%s", pl.items[i].model.name);
    }
    cr_assert_not_null(kv_presets_find(&pl, "LLAMA-2-7B"));
    cr_assert_not_null(kv_presets_find(&pl, "Gemma-3-27B (text)"));
    cr_assert_null(kv_presets_find(&pl, "llama-9"));
    kv_presets_free(&pl);
    kv_presets_free(NULL);
}

Test(kv_config, presets_errors)
{
    const char *bad = "models:\n  - name: x\n    label: X\n    source: s\n"
                      "    config: {model_type: llama, hidden_size: 64}\n";
    char path[] = "/tmp/rampup_kv_presetXXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    KvPresetList pl;
    RError err;
    cr_assert_eq(kv_presets_load(path, &pl, &err), -1);
    cr_assert(strstr(err.msg, "num_hidden_layers"), "%s", err.msg);
    cr_assert_eq(err.line, 5, "line %d", err.line);
    unlink(path);
}

/* content/gpus.yaml against the NVIDIA/AMD datasheet figures, as quoted by the secondary pages
 * named in each preset's source; memory as nvidia-smi reports it where known
 * (modal-labs/modal-client PR #2797: H100 81559 MiB, A100 80GB 81920 MiB, L4 23034 MiB). */
Test(kv_config, gpus)
{
    GpuList gl;
    RError err;
    cr_assert_eq(gpu_list_load("content/gpus.yaml", &gl, &err), 0, "%s", err.msg);
    cr_assert_geq(gl.count, 8);
    const GpuPreset *h = gpu_find(&gl, "h100-sxm");
    cr_assert_not_null(h);
    cr_assert_float_eq(h->mem_bytes, 81559.0 * 1048576, 1); /* 85.5e9 B, not the label's 80e9 */
    cr_assert_float_eq(h->bandwidth, 3.35e12, 1e3);
    cr_assert_float_eq(h->bf16_flops, 989e12, 1e6);
    /* rocm-smi: 192 GiB */
    cr_assert_float_eq(gpu_find(&gl, "MI300X")->mem_bytes, 192.0 * 1073741824, 1);
    cr_assert_float_eq(gpu_find(&gl, "h200-sxm")->bandwidth, 4.8e12, 1e3);
    cr_assert_float_eq(gpu_find(&gl, "a100-sxm-80gb")->bandwidth, 2.039e12, 1e3);
    cr_assert_float_eq(gpu_find(&gl, "l4")->mem_bytes, 23034.0 * 1048576, 1);
    cr_assert_float_eq(gpu_find(&gl, "a100-sxm-80gb")->mem_bytes, 80.0 * 1073741824, 1);
    cr_assert_float_eq(gpu_find(&gl, "h200-sxm")->mem_bytes, 143771.0 * 1048576, 1);
    cr_assert_float_eq(gpu_find(&gl, "rtx-4090")->mem_bytes, 24564.0 * 1048576, 1);
    /* Every preset carries the vendor tool's MiB, never the decimal label. */
    for (size_t i = 0; i < gl.count; i++)
        cr_expect_eq(fmod(gl.items[i].mem_bytes, 1048576.0), 0.0, "%s has no memory_mib",
                     gl.items[i].name);
    cr_assert_not_null(gpu_find(&gl, "H100 SXM 80GB"));
    cr_assert_null(gpu_find(&gl, "b200"));
    for (size_t i = 0; i < gl.count; i++)
        cr_expect_gt(strlen(gl.items[i].source), 10);
    gpu_list_free(&gl);
    gpu_list_free(NULL);
}

Test(kv_config, gpus_errors)
{
    const char *bad = "gpus:\n  - name: x\n    label: X\n    memory_gb: -1\n    bandwidth_tbs: 1\n"
                      "    bf16_tflops: 1\n    watts: 1\n    source: s\n";
    char path[] = "/tmp/rampup_gpuXXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    GpuList gl;
    RError err;
    cr_assert_eq(gpu_list_load(path, &gl, &err), -1);
    cr_assert(strstr(err.msg, "memory_gb"), "%s", err.msg);
    cr_assert_eq(err.line, 4);
    unlink(path);
}
