/* The calculator agent's nodes: parse_question, kv_tool, scaling_tool, answer. */
#include "engine/agent/nodes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/agent/tools.h"
#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"
#include "engine/scaling/laws.h"
#include "engine/scaling/optimum.h"

/* The law the scaling tool uses unless the question names one: Chinchilla approach 1
 * (Hoffmann et al. 2022, Table 3), the source of the "about 20 tokens per parameter" rule. */
#define TOOL_DEFAULT_LAW "chinchilla1"

static const cJSON *get(const cJSON *o, const char *k)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

int node_parse_question(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *q = get(c->state, "question");
    if (!cJSON_IsString(q) || !q->valuestring[0])
        return rerror_set(err, "parse_question: the state has no 'question'");
    ToolModels models;
    if (tool_models_load(c->env ? c->env->content_dir : NULL, &models, err))
        return -1;
    char tool[16];
    cJSON *args = NULL;
    int rc = tool_parse(q->valuestring, &models, tool, sizeof tool, &args);
    tool_models_free(&models);
    if (rc)
        return rerror_set(err, "out of memory");
    cJSON_AddStringToObject(w, "tool", tool);
    cJSON_AddItemToObject(w, "args", args);
    return 0;
}

static double num_arg(const cJSON *args, const char *key, double def)
{
    const cJSON *v = get(args, key);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* The GPU preset args.gpu names (default: the CLI's, h100-sxm), copied into *out. */
static int gpu_arg(const NodeCall *c, const cJSON *args, const char *tool, GpuPreset *out,
                   RError *err)
{
    const cJSON *g = get(args, "gpu");
    const char *name = cJSON_IsString(g) ? g->valuestring : "h100-sxm";
    char path[4096];
    snprintf(path, sizeof path, "%s/gpus.yaml", c->env->content_dir);
    GpuList gl;
    if (gpu_list_load(path, &gl, err))
        return -1;
    const GpuPreset *p = gpu_find(&gl, name);
    if (p)
        *out = *p;
    gpu_list_free(&gl);
    return p ? 0 : rerror_set(err, "%s: no GPU preset named '%s'", tool, name);
}

int node_kv_tool(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *args = get(c->state, "args");
    const cJSON *model = get(args, "model");
    if (!cJSON_IsString(model))
        return rerror_set(err, "kv_tool: which model? (name one of the presets, e.g. Llama-3.1-70B)");
    if (!c->env || !c->env->content_dir)
        return rerror_set(err, "kv_tool: no content folder for the model presets");
    char path[4096];
    snprintf(path, sizeof path, "%s/models.yaml", c->env->content_dir);
    KvPresetList list = {0};
    if (kv_presets_load(path, &list, err))
        return -1;
    const KvPreset *p = kv_presets_find(&list, model->valuestring);
    if (!p) {
        kv_presets_free(&list);
        return rerror_set(err, "kv_tool: no preset named '%s'", model->valuestring);
    }
    /* The CLI's options: --batch --seq --kv-dtype --tp --gpu --gpus. GPUs named without a
     * tensor-parallel degree hold one copy of the model split over all of them ("fits on 2
     * H100s"); a GPU count is raised to a multiple of tp, as the KV pane's slider does. */
    KvQuery q;
    kv_query_init(&q);
    q.seq = (uint64_t)num_arg(args, "seq", (double)q.seq);
    q.batch = (uint64_t)num_arg(args, "batch", (double)q.batch);
    double gpus = num_arg(args, "gpus", 0);
    q.tp = (int)num_arg(args, "tp", gpus >= 1 && gpus <= 64 ? gpus : 1);
    q.gpus = gpus >= 1 && gpus <= 1e6 ? (int)gpus : q.tp;
    if (q.tp >= 1 && q.gpus % q.tp != 0)
        q.gpus += q.tp - q.gpus % q.tp;
    GpuPreset gpu;
    if (gpu_arg(c, args, "kv_tool", &gpu, err)) {
        kv_presets_free(&list);
        return -1;
    }
    q.gpu_mem_bytes = gpu.mem_bytes;
    KvReport r;
    if (kv_estimate(&p->model, &q, &r, err)) {
        kv_presets_free(&list);
        return -1;
    }
    cJSON *res = cJSON_AddObjectToObject(w, "result");
    cJSON_AddStringToObject(res, "model", p->label[0] ? p->label : p->model.name);
    cJSON_AddNumberToObject(res, "seq", (double)q.seq);
    cJSON_AddNumberToObject(res, "batch", (double)q.batch);
    cJSON_AddStringToObject(res, "kv_dtype", kv_dtype_name(q.kv_dtype));
    cJSON_AddNumberToObject(res, "tp", q.tp);
    cJSON_AddStringToObject(res, "gpu", gpu.label);
    cJSON_AddNumberToObject(res, "gpus", q.gpus);
    cJSON_AddNumberToObject(res, "kv_bytes_per_token", (double)r.kv_bytes_per_token);
    cJSON_AddNumberToObject(res, "kv_bytes", (double)r.kv_bytes);
    cJSON_AddNumberToObject(res, "kv_gib", round((double)r.kv_bytes / (1024.0 * 1024 * 1024) * 100) / 100);
    cJSON_AddNumberToObject(res, "weight_gib", round((double)r.weight_bytes / (1024.0 * 1024 * 1024) * 100) / 100);
    cJSON_AddBoolToObject(res, "fits", r.fits);
    cJSON_AddNumberToObject(res, "max_batch", (double)r.max_batch);
    cJSON_AddNumberToObject(res, "context_limit", (double)r.context_limit);
    cJSON_AddBoolToObject(res, "beyond_context", r.beyond_context);
    kv_presets_free(&list);
    return 0;
}

int node_scaling_tool(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *args = get(c->state, "args");
    const cJSON *lawname = get(args, "law");
    const char *name = cJSON_IsString(lawname) ? lawname->valuestring : TOOL_DEFAULT_LAW;
    int id = scaling_law_find(name);
    if (id < 0)
        return rerror_set(err, "scaling_tool: unknown law '%s'", name);
    const ScalingLaw *law = scaling_law((ScalingLawId)id);
    /* The CLI's options: --compute, --params, --tokens (two of them fix the third by
     * C = 6ND; one alone gives the law's optimum), --gpu --gpus --mfu (training time). */
    double compute = num_arg(args, "compute", 0), params = num_arg(args, "params", 0);
    double tokens = num_arg(args, "tokens", 0);
    ScalingPoint pt;
    if ((compute > 0) + (params > 0) + (tokens > 0) >= 2) {
        if (params > 0 && tokens > 0)
            compute = 0;
        scaling_solve_cnd(&compute, &params, &tokens,
                          compute <= 0 ? SCALING_SOLVE_C : params <= 0 ? SCALING_SOLVE_N : SCALING_SOLVE_D);
        pt = scaling_evaluate(law, params, tokens);
    } else {
        if (compute <= 0 && params > 0)
            compute = scaling_compute_for_params(law, params);
        if (!(compute > 0))
            return rerror_set(err, "scaling_tool: give a compute budget (e.g. 1e24 FLOPs) or a model size");
        pt = scaling_optimum(law, compute);
    }
    if (!(pt.params > 0) || !isfinite(pt.tokens))
        return rerror_set(err, "scaling_tool: no optimum for C = %g", compute);
    cJSON *res = cJSON_AddObjectToObject(w, "result");
    cJSON_AddStringToObject(res, "law", law->name);
    cJSON_AddStringToObject(res, "source", law->source);
    cJSON_AddNumberToObject(res, "compute", pt.compute);
    cJSON_AddNumberToObject(res, "params", pt.params);
    cJSON_AddNumberToObject(res, "tokens", pt.tokens);
    cJSON_AddNumberToObject(res, "tokens_per_param", round(pt.tokens_per_param * 100) / 100);
    if (isfinite(pt.loss) && pt.loss > 0)
        cJSON_AddNumberToObject(res, "loss", round(pt.loss * 1000) / 1000);
    cJSON_AddBoolToObject(res, "extrapolating", scaling_extrapolating(law, pt.params, pt.tokens));
    if (get(args, "gpu") || get(args, "gpus") || get(args, "mfu")) {
        GpuPreset gpu;
        if (gpu_arg(c, args, "scaling_tool", &gpu, err))
            return -1;
        double n = num_arg(args, "gpus", 1), mfu = num_arg(args, "mfu", 0.4); /* CLI defaults */
        TrainTime t = scaling_train_time(pt.compute, gpu.bf16_flops, (int)n, mfu);
        cJSON *tt = cJSON_AddObjectToObject(res, "train_time");
        cJSON_AddStringToObject(tt, "gpu", gpu.label);
        cJSON_AddNumberToObject(tt, "gpus", n);
        cJSON_AddNumberToObject(tt, "mfu", mfu);
        cJSON_AddNumberToObject(tt, "days", round(t.days * 100) / 100);
        cJSON_AddNumberToObject(tt, "gpu_hours", round(t.gpu_hours));
    }
    return 0;
}

static void human(double v, char *buf, size_t n)
{
    const char *suf[] = {"", "K", "M", "B", "T", "Q"};
    int i = 0;
    while (fabs(v) >= 1000 && i < 5) {
        v /= 1000;
        i++;
    }
    snprintf(buf, n, "%.3g%s", v, suf[i]);
}

int node_answer(const NodeCall *c, cJSON *w, RError *err)
{
    (void)err;
    const cJSON *e = get(c->state, "error");
    const cJSON *tool = get(c->state, "tool");
    const cJSON *r = get(c->state, "result");
    const char *t = cJSON_IsString(tool) ? tool->valuestring : "none";
    char buf[1024];
    if (cJSON_IsObject(e)) {
        const cJSON *m = get(e, "message");
        snprintf(buf, sizeof buf, "The %s tool could not answer: %s", t, cJSON_IsString(m) ? m->valuestring : "error");
    } else if (strcmp(t, "kv") == 0 && cJSON_IsObject(r)) {
        char bpt[32], where[160], ctx[160] = "";
        human(num_arg(r, "kv_bytes_per_token", 0) / 1024, bpt, sizeof bpt);
        double ng = num_arg(r, "gpus", 1), tp = num_arg(r, "tp", 1);
        if (ng > 1)
            snprintf(where, sizeof where, "%g x %s (tp %g)", ng, cJSON_GetStringValue(get(r, "gpu")), tp);
        else
            snprintf(where, sizeof where, "one %s", cJSON_GetStringValue(get(r, "gpu")));
        if (cJSON_IsTrue(get(r, "beyond_context")))
            snprintf(ctx, sizeof ctx, " But %.0f tokens is beyond the model's context window of %.0f.",
                     num_arg(r, "seq", 0), num_arg(r, "context_limit", 0));
        snprintf(buf, sizeof buf,
                 "%s needs %.2f GiB of KV cache for %g sequence(s) of %.0f tokens (%s KiB per token, %s KV); "
                 "with %.2f GiB of weights it %s %s (at most %g sequences).%s",
                 cJSON_GetStringValue(get(r, "model")), num_arg(r, "kv_gib", 0), num_arg(r, "batch", 1),
                 num_arg(r, "seq", 0), bpt, cJSON_GetStringValue(get(r, "kv_dtype")),
                 num_arg(r, "weight_gib", 0), cJSON_IsTrue(get(r, "fits")) ? "fits" : "does not fit",
                 where, num_arg(r, "max_batch", 0), ctx);
    } else if (strcmp(t, "scaling") == 0 && cJSON_IsObject(r)) {
        char n[32], d[32], time[200] = "";
        human(num_arg(r, "params", 0), n, sizeof n);
        human(num_arg(r, "tokens", 0), d, sizeof d);
        const cJSON *tt = get(r, "train_time");
        if (cJSON_IsObject(tt))
            snprintf(time, sizeof time, " On %g x %s at %.0f%% MFU that takes %.1f days (%.3g GPU-hours).",
                     num_arg(tt, "gpus", 1), cJSON_GetStringValue(get(tt, "gpu")), num_arg(tt, "mfu", 0) * 100,
                     num_arg(tt, "days", 0), num_arg(tt, "gpu_hours", 0));
        snprintf(buf, sizeof buf,
                 "For C = %.3g FLOP, %s gives N = %s parameters trained on D = %s tokens (%.1f tokens per "
                 "parameter).%s%s",
                 num_arg(r, "compute", 0), cJSON_GetStringValue(get(r, "law")), n, d,
                 num_arg(r, "tokens_per_param", 0), time,
                 cJSON_IsTrue(get(r, "extrapolating")) ? " (Outside the range the law was fitted on.)" : "");
    } else {
        snprintf(buf, sizeof buf, "No tool fits this question. I can answer KV-cache questions (a model, a context "
                                  "length, a batch) and compute-optimal scaling questions (a FLOP budget or a model size).");
    }
    cJSON_AddStringToObject(w, "answer", buf);
    return 0;
}
