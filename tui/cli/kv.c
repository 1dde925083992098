/* `rampup kv`: KV-cache and serving memory for a preset or a raw config.json. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"

static const char usage_text[] =
    "usage: rampup kv (--model NAME | --config PATH) [options]\n"
    "       rampup kv --list\n"
    "\n"
    "KV-cache and serving memory: bytes per token, KV for the workload, weights, whether it\n"
    "fits, the largest batch and longest context, paged blocks, and the seed formula's error.\n"
    "\n"
    "  --model NAME        a preset from content/models.yaml (see --list)\n"
    "  --config PATH       a Hugging Face config.json\n"
    "  --batch N           concurrent sequences (default 1)\n"
    "  --seq N             tokens per sequence, prompt + output (default 4096)\n"
    "  --kv-dtype T        fp32, bf16, fp16, fp8, int8, int4 (default bf16)\n"
    "  --weight-dtype T    same choices (default bf16)\n"
    "  --tp N              tensor-parallel degree (default 1)\n"
    "  --block-size N      paged-attention block size in tokens (default 16)\n"
    "  --gpu NAME          a preset from content/gpus.yaml (default h100-sxm)\n"
    "  --gpus N            GPUs in all, a multiple of --tp (default: --tp)\n"
    "  --gpu-util F        fraction of GPU memory the server may use (default 0.9)\n"
    "  --chunk N           tokens per prefill chunk, sizes the activation reserve (default 2048)\n"
    "  --why               print every formula with its numbers\n"
    "  --json              one JSON object (bytes and counts are integers)\n"
    "  --markdown          a handout: the figures as a table and every formula, as Markdown\n"
    "\n"
    "Quantized KV formats: fp8 keeps one fp32 k/v scale per layer; int8 and int4 keep an fp16\n"
    "scale and an fp16 zero point per head vector per token (LMDeploy's layout).\n";

typedef struct KvArgs {
    const char *model, *config, *gpu;
    bool list, why, json, markdown, gpus_set;
    KvQuery q;
} KvArgs;

static int parse_args(int argc, char **argv, KvArgs *a)
{
    kv_query_init(&a->q);
    a->gpu = "h100-sxm";
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
            fputs(usage_text, stdout);
            return 1;
        }
        if (strcmp(o, "--list") == 0) {
            a->list = true;
            continue;
        }
        if (strcmp(o, "--why") == 0) {
            a->why = true;
            continue;
        }
        if (strcmp(o, "--json") == 0) {
            a->json = true;
            continue;
        }
        if (strcmp(o, "--markdown") == 0) {
            a->markdown = true;
            continue;
        }
        if (i + 1 >= argc)
            return cli_usage("kv", "option %s needs a value", o);
        const char *v = argv[++i];
        long long n;
        if (strcmp(o, "--model") == 0) {
            a->model = v;
        } else if (strcmp(o, "--config") == 0) {
            a->config = v;
        } else if (strcmp(o, "--gpu") == 0) {
            a->gpu = v;
        } else if (strcmp(o, "--batch") == 0) {
            /* Up to 10^15: absurd values still compute, saturated and labelled. */
            if (!cli_parse_ll(v, 1, 1000000000000000LL, &n))
                return cli_usage("kv", "--batch: expected an integer in 1..1e15, got '%s'", v);
            a->q.batch = (uint64_t)n;
        } else if (strcmp(o, "--seq") == 0) {
            if (!cli_parse_ll(v, 1, 1000000000000000LL, &n))
                return cli_usage("kv", "--seq: expected an integer in 1..1e15, got '%s'", v);
            a->q.seq = (uint64_t)n;
        } else if (strcmp(o, "--kv-dtype") == 0 || strcmp(o, "--weight-dtype") == 0) {
            KvDtype t;
            if (kv_dtype_parse(v, &t) != 0)
                return cli_usage("kv", "%s: expected fp32, bf16, fp16, fp8, int8 or int4, got '%s'",
                                 o, v);
            if (o[2] == 'k')
                a->q.kv_dtype = t;
            else
                a->q.weight_dtype = t;
        } else if (strcmp(o, "--tp") == 0) {
            if (!cli_parse_ll(v, 1, 4096, &n))
                return cli_usage("kv", "--tp: expected an integer in 1..4096, got '%s'", v);
            a->q.tp = (int)n;
        } else if (strcmp(o, "--block-size") == 0) {
            if (!cli_parse_ll(v, 1, 1 << 20, &n))
                return cli_usage("kv", "--block-size: expected an integer in 1..1048576, got '%s'", v);
            a->q.block_size = (int)n;
        } else if (strcmp(o, "--gpus") == 0) {
            if (!cli_parse_ll(v, 1, 1000000, &n))
                return cli_usage("kv", "--gpus: expected an integer in 1..1000000, got '%s'", v);
            a->q.gpus = (int)n;
            a->gpus_set = true;
        } else if (strcmp(o, "--gpu-util") == 0) {
            if (!cli_parse_double(v, 1e-6, 1.0, &a->q.gpu_util))
                return cli_usage("kv", "--gpu-util: expected a number in (0, 1], got '%s'", v);
        } else if (strcmp(o, "--chunk") == 0) {
            if (!cli_parse_ll(v, 1, 1LL << 32, &n))
                return cli_usage("kv", "--chunk: expected an integer in 1..2^32, got '%s'", v);
            a->q.prefill_chunk = (uint64_t)n;
        } else {
            return cli_usage("kv", "unknown option '%s'", o);
        }
    }
    if (!a->gpus_set)
        a->q.gpus = a->q.tp;
    if (a->q.gpus % a->q.tp != 0)
        return cli_usage("kv", "--gpus (%d) must be a multiple of --tp (%d)", a->q.gpus, a->q.tp);
    if (!a->list && !a->model == !a->config)
        return cli_usage("kv", "give exactly one of --model NAME or --config PATH (or --list)");
    return 0;
}

static int list_presets(const KvPresetList *pl, bool json)
{
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    if (!json)
        printf("%-18s %-26s %6s %14s %8s\n", "name", "label", "layers", "params", "KV B/tok");
    for (size_t i = 0; i < pl->count; i++) {
        const KvPreset *p = &pl->items[i];
        uint64_t total, active;
        kv_model_params(&p->model, &total, &active);
        uint64_t bpt = kv_seq_bytes(&p->model, KV_DTYPE_BF16, 1);
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", p->model.name);
            cJSON_AddStringToObject(o, "label", p->label);
            cJSON_AddStringToObject(o, "family", p->model.family);
            cJSON_AddNumberToObject(o, "layers", p->model.layers);
            cli_json_add_u64(o, "params", total);
            cli_json_add_u64(o, "active_params", active);
            cli_json_add_u64(o, "kv_bytes_per_token", bpt);
            cJSON_AddStringToObject(o, "source", p->model.source);
            cJSON_AddItemToArray(arr, o);
        } else {
            printf("%-18s %-26s %6d %13.3fB %8llu\n", p->model.name, p->label, p->model.layers,
                   (double)total / 1e9, (unsigned long long)bpt);
        }
    }
    int rc = CLI_OK;
    if (json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddItemToObject(root, "models", arr);
        rc = cli_json_print(root);
        cJSON_Delete(root);
    }
    return rc;
}

static void add_u64(cJSON *o, const char *k, uint64_t v)
{
    cli_json_add_u64(o, k, (unsigned long long)v);
}

static int print_json(const KvModel *m, const char *gpu, const KvQuery *q, const KvReport *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "model", m->name);
    cJSON_AddStringToObject(o, "family", m->family);
    cJSON_AddStringToObject(o, "gpu", gpu);
    cJSON_AddNumberToObject(o, "gpus", q->gpus);
    cJSON_AddNumberToObject(o, "tp", q->tp);
    add_u64(o, "batch", q->batch);
    add_u64(o, "seq", q->seq);
    cJSON_AddStringToObject(o, "kv_dtype", kv_dtype_name(q->kv_dtype));
    cJSON_AddStringToObject(o, "weight_dtype", kv_dtype_name(q->weight_dtype));
    add_u64(o, "kv_bytes_per_token", r->kv_bytes_per_token);
    add_u64(o, "kv_bytes_per_seq", r->kv_bytes_per_seq);
    add_u64(o, "kv_bytes", r->kv_bytes);
    add_u64(o, "state_bytes_per_seq", r->state_bytes_per_seq);
    add_u64(o, "state_bytes", r->state_bytes);
    cJSON *kinds = cJSON_AddObjectToObject(o, "layer_kinds");
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++) {
        if (r->kinds[k].layers == 0)
            continue;
        cJSON *ko = cJSON_AddObjectToObject(kinds, kv_layer_kind_name(k));
        cJSON_AddNumberToObject(ko, "layers", r->kinds[k].layers);
        add_u64(ko, "bytes_per_token", r->kinds[k].bytes_per_token);
        add_u64(ko, "bytes_per_seq", r->kinds[k].bytes_per_seq);
    }
    add_u64(o, "params", r->params);
    add_u64(o, "active_params", r->active_params);
    add_u64(o, "weight_bytes", r->weight_bytes);
    add_u64(o, "reserve_bytes_per_gpu", r->gpu_reserve_bytes);
    add_u64(o, "used_bytes_per_gpu", r->gpu_used_bytes);
    add_u64(o, "usable_bytes_per_gpu", r->gpu_usable_bytes);
    add_u64(o, "total_bytes", r->total_bytes);
    add_u64(o, "gpu_bytes", r->gpu_bytes);
    cJSON_AddBoolToObject(o, "fits", r->fits);
    add_u64(o, "max_batch", r->max_batch);
    add_u64(o, "max_seq", r->max_seq);
    cJSON_AddBoolToObject(o, "max_seq_unbounded", r->max_seq_unbounded);
    cJSON_AddNumberToObject(o, "kv_heads_per_gpu", r->kv_heads_per_gpu);
    cJSON_AddNumberToObject(o, "block_size", q->block_size);
    add_u64(o, "blocks_per_seq", r->blocks_per_seq);
    add_u64(o, "block_bytes", r->block_bytes);
    add_u64(o, "pool_blocks", r->pool_blocks);
    add_u64(o, "pool_seqs", r->pool_seqs);
    add_u64(o, "last_block_tokens", r->last_block_tokens);
    cJSON_AddNumberToObject(o, "last_block_waste", r->last_block_waste);
    add_u64(o, "waste_bytes", r->waste_bytes);
    add_u64(o, "naive_kv_bytes", r->naive_kv_bytes);
    cJSON_AddNumberToObject(o, "naive_factor", r->naive_factor);
    cJSON_AddBoolToObject(o, "saturated", r->saturated);
    int rc = cli_json_print(o);
    cJSON_Delete(o);
    return rc;
}

/* "12.34 GiB (13,249,974,272 B)" style, with the saturation label. */
static void show(const char *label, uint64_t v)
{
    if (v == UINT64_MAX) {
        printf("  %-26s >= 2^64 B (saturated)\n", label);
        return;
    }
    printf("  %-26s %12.3f GiB  (%llu B)\n", label, (double)v / 1073741824.0, (unsigned long long)v);
}

static void print_text(const KvModel *m, const GpuPreset *g, const KvQuery *q, const KvReport *r)
{
    printf("%s: %d layers, hidden %lld, %d heads, %d KV heads, head_dim %d\n", m->name, m->layers,
           (long long)m->hidden, m->heads, m->kv_heads, m->head_dim);
    printf("workload: batch %llu x %llu tokens, KV %s, weights %s, tp %d, %d x %s at %.2f\n",
           (unsigned long long)q->batch, (unsigned long long)q->seq, kv_dtype_name(q->kv_dtype),
           kv_dtype_name(q->weight_dtype), q->tp, q->gpus, g->label, q->gpu_util);
    printf("  %-26s %llu B\n", "KV per token", (unsigned long long)r->kv_bytes_per_token);
    for (int k = 0; k < KV_LAYER_KIND_COUNT; k++)
        if (r->kinds[k].layers > 0)
            printf("    %-24s %d layers, %llu B/token\n", kv_layer_kind_name(k), r->kinds[k].layers,
                   (unsigned long long)r->kinds[k].bytes_per_token);
    show("KV per sequence", r->kv_bytes_per_seq);
    show("KV total", r->kv_bytes);
    if (r->state_bytes_per_seq)
        show("recurrent state total", r->state_bytes);
    printf("  %-26s %.3fB total, %.3fB active\n", "parameters", (double)r->params / 1e9,
           (double)r->active_params / 1e9);
    show("weights", r->weight_bytes);
    show("per GPU: weights", r->gpu_weight_bytes);
    show("per GPU: KV + state", r->gpu_kv_bytes);
    show("per GPU: reserve", r->gpu_reserve_bytes);
    show("per GPU: used", r->gpu_used_bytes);
    show("per GPU: usable", r->gpu_usable_bytes);
    printf("  %-26s %s\n", "fits", r->fits ? "yes" : "NO");
    printf("  %-26s %llu\n", "max batch at this length", (unsigned long long)r->max_batch);
    if (r->max_seq_unbounded)
        printf("  %-26s unbounded (every layer's cache is capped)\n", "max length at this batch");
    else
        printf("  %-26s %llu tokens\n", "max length at this batch", (unsigned long long)r->max_seq);
    printf("  %-26s %llu of %d tokens (last block %.1f%% empty), pool %llu blocks\n",
           "blocks per sequence", (unsigned long long)r->blocks_per_seq, q->block_size,
           100.0 * r->last_block_waste, (unsigned long long)r->pool_blocks);
    show("seed formula", r->naive_kv_bytes);
    printf("  %-26s %.3fx the right value\n", "seed formula error", r->naive_factor);
    if (r->saturated)
        printf("note: some figures reached 2^64 - 1 and are saturated lower bounds\n");
}

int cli_kv(const CliEnv *env, int argc, char **argv)
{
    KvArgs a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &a);
    if (rc == 1)
        return CLI_OK;
    if (rc != 0)
        return rc;

    char path[4096];
    RError err;
    rerror_clear(&err);
    KvPresetList presets = {0};
    if (a.list || a.model) {
        snprintf(path, sizeof path, "%s/models.yaml", env->content_dir);
        if (kv_presets_load(path, &presets, &err) != 0)
            return cli_fail_err(&err);
    }
    if (a.list) {
        rc = list_presets(&presets, a.json);
        kv_presets_free(&presets);
        return rc;
    }
    KvModel model;
    if (a.model) {
        const KvPreset *p = kv_presets_find(&presets, a.model);
        if (!p) {
            kv_presets_free(&presets);
            return cli_fail("kv: no model preset '%s' (try 'rampup kv --list')", a.model);
        }
        model = p->model;
        kv_presets_free(&presets);
    } else if (kv_model_load_config(a.config, &model, &err) != 0) {
        return cli_fail_err(&err);
    }

    GpuList gpus = {0};
    snprintf(path, sizeof path, "%s/gpus.yaml", env->content_dir);
    if (gpu_list_load(path, &gpus, &err) != 0)
        return cli_fail_err(&err);
    const GpuPreset *g = gpu_find(&gpus, a.gpu);
    if (!g) {
        gpu_list_free(&gpus);
        return cli_fail("kv: no GPU preset '%s' (see %s)", a.gpu, path);
    }
    a.q.gpu_mem_bytes = g->mem_bytes;

    KvReport r;
    if (kv_estimate(&model, &a.q, &r, &err) != 0) {
        gpu_list_free(&gpus);
        return cli_fail_err(&err);
    }
    if (a.markdown) { /* the same handout as `e` in the KV pane */
        size_t need = kv_markdown(&model, &a.q, &r, g->label, NULL, 0) + 1;
        char *md = malloc(need);
        rc = md ? CLI_OK : cli_fail("out of memory");
        if (md) {
            kv_markdown(&model, &a.q, &r, g->label, md, need);
            fputs(md, stdout);
            free(md);
        }
    } else if (a.json) {
        rc = print_json(&model, g->name, &a.q, &r);
    } else {
        print_text(&model, g, &a.q, &r);
        if (a.why) {
            size_t need = kv_explain(&model, &a.q, &r, NULL, 0) + 1;
            char *buf = malloc(need);
            if (buf) {
                kv_explain(&model, &a.q, &r, buf, need);
                printf("\n%s", buf);
                free(buf);
            }
        }
        rc = CLI_OK;
    }
    gpu_list_free(&gpus);
    return rc;
}
