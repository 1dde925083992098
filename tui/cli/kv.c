/* `rampup kv`: KV-cache and serving memory for a preset or a raw config.json. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"
#include "engine/kv/kv_params.h"
#include "engine/format.h"

static const char usage_head[] =
    "usage: rampup kv [--model NAME | --config PATH] [options]\n"
    "       rampup kv --list | --list-gpus\n"
    "\n"
    "KV-cache and serving memory: bytes per token, KV for the workload, weights, whether it\n"
    "fits, the largest batch and longest context, paged blocks, and the naive formula's error\n"
    "(batch*seq*layers*2*hidden*bytes). The longest context is the smaller of what memory\n"
    "allows and the model's context window (max_position_embeddings); a --seq beyond the\n"
    "window is flagged. GPU memory is the vendor tool's MiB (nvidia-smi, rocm-smi).\n"
    "\n";
static const char usage_own[] =
    "  --config PATH          a Hugging Face config.json instead of a preset\n"
    "  --list                 the model presets (content/models.yaml)\n"
    "  --list-gpus            the GPU presets (content/gpus.yaml)\n"
    "  --why                  print every formula with its numbers\n"
    "  --json                 one JSON object (bytes and counts are integers)\n"
    "  --markdown             a handout: the figures as a table and every formula, as Markdown\n"
    "\n";
static const char usage_tail[] =
    "Presets match by name, label, alias or a unique prefix, ignoring case, '-', '_' and\n"
    "spaces: --gpu H100, --model meta-llama/Llama-3.1-8B.\n"
    "Quantized KV formats: fp8 keeps one fp32 k/v scale per layer; int8 and int4 keep an fp16\n"
    "scale and an fp16 zero point per head vector per token (LMDeploy's layout).\n";

typedef struct KvArgs {
    const char *config;
    bool list, list_gpus, why, json, markdown, help;
    KvSettings set;
} KvArgs;

static void print_usage(const GpuList *gpus)
{
    char opts[4096];
    param_usage(&kv_params, opts, sizeof opts);
    fputs(usage_head, stdout);
    fputs(usage_own, stdout);
    fputs(opts, stdout);
    cli_print_gpu_names(gpus);
    fputs(usage_tail, stdout);
}

/* Returns 0, 1 for --help (printed), or CLI_USAGE (reported). */
static int parse_args(int argc, char **argv, const ParamContext *ctx, KvArgs *a)
{
    param_defaults(&kv_params, &a->set);
    ParamMask given = 0;
    RError err;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int r = param_argv(&kv_params, ctx, argc, argv, &i, &a->set, &given, &err);
        if (r < 0)
            return cli_usage("kv", "%s", err.msg);
        if (r > 0)
            continue;
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0)
            a->help = true;
        else if (strcmp(o, "--list") == 0)
            a->list = true;
        else if (strcmp(o, "--list-gpus") == 0)
            a->list_gpus = true;
        else if (strcmp(o, "--why") == 0)
            a->why = true;
        else if (strcmp(o, "--json") == 0)
            a->json = true;
        else if (strcmp(o, "--markdown") == 0)
            a->markdown = true;
        else if (strcmp(o, "--config") == 0 || strncmp(o, "--config=", 9) == 0) {
            if (o[8] == '=')
                a->config = o + 9;
            else if (i + 1 < argc)
                a->config = argv[++i];
            else
                return cli_usage("kv", "--config needs a value (a config.json path)");
        } else
            return cli_unknown_option("kv", o);
    }
    const ParamSpec *gpus = param_find(&kv_params, "gpus"), *model = param_find(&kv_params, "model");
    if (!(given & ((ParamMask)1 << param_index(&kv_params, gpus))))
        a->set.gpus = a->set.tp;
    if (a->set.gpus % a->set.tp != 0)
        return cli_usage("kv", "--gpus (%d) must be a multiple of --tp (%d)", a->set.gpus,
                         a->set.tp);
    if (a->config && (given & ((ParamMask)1 << param_index(&kv_params, model))))
        return cli_usage("kv", "give one of --model NAME or --config PATH, not both");
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
            char params[32];
            fmt_count(params, sizeof params, (double)total);
            printf("%-18s %-26s %6d %14s %8llu\n", p->model.name, p->label, p->model.layers,
                   params, (unsigned long long)bpt);
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
    add_u64(o, "max_seq_memory", r->max_seq_memory);
    cJSON_AddBoolToObject(o, "max_seq_memory_unbounded", r->max_seq_memory_unbounded);
    add_u64(o, "context_limit", r->context_limit);
    cJSON_AddBoolToObject(o, "beyond_context", r->beyond_context);
    cJSON_AddNumberToObject(o, "kv_heads_per_gpu", r->kv_heads_per_gpu);
    cJSON_AddNumberToObject(o, "block_size", q->block_size);
    cJSON_AddNumberToObject(o, "gpu_util", q->gpu_util);
    add_u64(o, "chunk", q->prefill_chunk);
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

/* "12.3 GiB  (13249974272 B)", with the saturation label. */
static void show(const char *label, uint64_t v)
{
    if (v == UINT64_MAX) {
        printf("  %-26s >= 2^64 B (saturated)\n", label);
        return;
    }
    char b[32];
    fmt_bytes(b, sizeof b, (double)v);
    printf("  %-26s %12s  (%llu B)\n", label, b, (unsigned long long)v);
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
    char tot[32], act[32];
    fmt_count(tot, sizeof tot, (double)r->params);
    fmt_count(act, sizeof act, (double)r->active_params);
    printf("  %-26s %s total, %s active\n", "parameters", tot, act);
    show("weights", r->weight_bytes);
    show("per GPU: weights", r->gpu_weight_bytes);
    show("per GPU: KV + state", r->gpu_kv_bytes);
    show("per GPU: reserve", r->gpu_reserve_bytes);
    show("per GPU: used", r->gpu_used_bytes);
    show("per GPU: usable", r->gpu_usable_bytes);
    printf("  %-26s %s%s\n", "fits", r->fits ? "yes" : "NO",
           r->beyond_context ? " in memory, but the length is BEYOND the context window" : "");
    printf("  %-26s %llu\n", "max batch at this length", (unsigned long long)r->max_batch);
    if (r->max_seq_unbounded)
        printf("  %-26s unbounded (every layer's cache is capped)\n", "max length at this batch");
    else
        printf("  %-26s %llu tokens\n", "max length at this batch", (unsigned long long)r->max_seq);
    if (r->context_limit)
        printf("  %-26s %llu tokens (max_position_embeddings)%s\n", "context window",
               (unsigned long long)r->context_limit, r->beyond_context ? ": seq is BEYOND it" : "");
    else
        printf("  %-26s unknown (the config gives no max_position_embeddings)\n", "context window");
    if (r->max_seq_memory_unbounded)
        printf("  %-26s unbounded (every layer's cache is capped)\n", "memory allows");
    else
        printf("  %-26s %llu tokens at this batch\n", "memory allows",
               (unsigned long long)r->max_seq_memory);
    printf("  %-26s %llu of %d tokens (last block %.1f%% empty), pool %llu blocks\n",
           "blocks per sequence", (unsigned long long)r->blocks_per_seq, q->block_size,
           100.0 * r->last_block_waste, (unsigned long long)r->pool_blocks);
    show("naive formula", r->naive_kv_bytes);
    printf("  %-26s %.3fx this model's value (batch*seq*layers*2*hidden*bytes)\n",
           "naive formula error", r->naive_factor);
    if (r->saturated)
        printf("note: some figures reached 2^64 - 1 and are saturated lower bounds\n");
}

static int list_gpus(const GpuList *gl, bool json)
{
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    if (!json)
        printf("%-16s %-26s %10s %6s %9s  %s\n", "name", "label", "memory", "TB/s", "BF16 TF/s",
               "aliases");
    for (size_t i = 0; i < gl->count; i++) {
        const GpuPreset *g = &gl->items[i];
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", g->name);
            cJSON_AddStringToObject(o, "label", g->label);
            cJSON_AddNumberToObject(o, "mem_bytes", g->mem_bytes);
            cJSON_AddNumberToObject(o, "bandwidth", g->bandwidth);
            cJSON_AddNumberToObject(o, "bf16_flops", g->bf16_flops);
            cJSON_AddStringToObject(o, "aliases", g->aliases);
            cJSON_AddItemToArray(arr, o);
        } else {
            char mem[32];
            fmt_bytes(mem, sizeof mem, g->mem_bytes);
            printf("%-16s %-26s %10s %6.2f %9.0f  %s\n", g->name, g->label, mem,
                   g->bandwidth / 1e12, g->bf16_flops / 1e12, g->aliases);
        }
    }
    int rc = CLI_OK;
    if (json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddItemToObject(root, "gpus", arr);
        rc = cli_json_print(root);
        cJSON_Delete(root);
    }
    return rc;
}

int cli_kv(const CliEnv *env, int argc, char **argv)
{
    char mpath[4096], gpath[4096];
    RError merr, gerr;
    snprintf(mpath, sizeof mpath, "%s/models.yaml", env->content_dir);
    snprintf(gpath, sizeof gpath, "%s/gpus.yaml", env->content_dir);
    KvPresetList presets = {0};
    GpuList gpus = {0};
    bool have_models = kv_presets_load(mpath, &presets, &merr) == 0;
    bool have_gpus = gpu_list_load(gpath, &gpus, &gerr) == 0;
    KvParamContext pc;
    kv_param_context_init(&pc, have_models ? &presets : NULL, have_gpus ? &gpus : NULL);

    KvArgs a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &pc.ctx, &a);
    KvModel model;
    const GpuPreset *g = NULL;
    KvQuery q;
    KvReport r;
    RError err;
    rerror_clear(&err);
    if (rc != 0) {
        /* reported */
    } else if (a.help) {
        print_usage(have_gpus ? &gpus : NULL);
    } else if (a.list || a.list_gpus) {
        if (a.list && !have_models)
            rc = cli_fail_err(&merr);
        else if (a.list_gpus && !have_gpus)
            rc = cli_fail_err(&gerr);
        else
            rc = a.list ? list_presets(&presets, a.json) : list_gpus(&gpus, a.json);
    } else if (!a.config && !have_models) {
        rc = cli_fail_err(&merr);
    } else if (!have_gpus) {
        rc = cli_fail_err(&gerr);
    } else if (a.config && kv_model_load_config(a.config, &model, &err) != 0) {
        rc = cli_fail_err(&err);
    } else {
        const KvPreset *k = a.config ? NULL : kv_presets_find(&presets, a.set.model);
        if (k)
            model = k->model;
        g = gpu_find(&gpus, a.set.gpu);
        if (!g || (!a.config && !k)) /* a default missing from a user's content folder */
            rc = cli_fail("kv: no %s preset '%s' in %s", g ? "model" : "GPU",
                          g ? a.set.model : a.set.gpu, g ? mpath : gpath);
        else
            kv_settings_query(&a.set, g->mem_bytes, &q);
        if (rc != 0) {
            /* reported */
        } else if (kv_estimate(&model, &q, &r, &err) != 0) {
            rc = cli_fail_err(&err);
        } else if (a.markdown) { /* the same handout as `e` in the KV pane */
            size_t need = kv_markdown(&model, &q, &r, g->label, NULL, 0) + 1;
            char *md = malloc(need);
            rc = md ? CLI_OK : cli_fail("out of memory");
            if (md) {
                kv_markdown(&model, &q, &r, g->label, md, need);
                fputs(md, stdout);
                free(md);
            }
        } else if (a.json) {
            rc = print_json(&model, g->name, &q, &r);
        } else {
            print_text(&model, g, &q, &r);
            if (a.why) {
                size_t need = kv_explain(&model, &q, &r, NULL, 0) + 1;
                char *buf = malloc(need);
                if (buf) {
                    kv_explain(&model, &q, &r, buf, need);
                    printf("\n%s", buf);
                    free(buf);
                }
            }
        }
    }
    kv_param_context_free(&pc);
    kv_presets_free(&presets);
    gpu_list_free(&gpus);
    return rc;
}
