/* The calculator agent's nodes: parse_question, kv_tool, scaling_tool, answer. */
#include "engine/agent/nodes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/agent/tools.h"
#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"
#include "engine/kv/kv_params.h"
#include "engine/scaling/laws.h"
#include "engine/scaling/optimum.h"
#include "engine/scaling/report.h"
#include "engine/scaling/scaling_params.h"

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

/* The tools take the CLIs' arguments, read by the same parameter tables (kv_params,
 * scaling_params) and answered by the same report calls (kv_estimate, scaling_report). */

static int load_gpus(const NodeCall *c, GpuList *gl, RError *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/gpus.yaml", c->env->content_dir);
    return gpu_list_load(path, gl, err);
}

int node_kv_tool(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *args = get(c->state, "args");
    if (!cJSON_IsString(get(args, "model")))
        return rerror_set(err, "kv_tool: which model? (name one of the presets, e.g. Llama-3.1-70B)");
    if (!c->env || !c->env->content_dir)
        return rerror_set(err, "kv_tool: no content folder for the model presets");
    char path[4096];
    snprintf(path, sizeof path, "%s/models.yaml", c->env->content_dir);
    KvPresetList list = {0};
    GpuList gl = {0};
    if (kv_presets_load(path, &list, err) || load_gpus(c, &gl, err)) {
        kv_presets_free(&list);
        return -1;
    }
    KvParamContext pc;
    kv_param_context_init(&pc, &list, &gl);
    KvSettings set;
    param_defaults(&kv_params, &set);
    ParamMask given = 0;
    int rc = -1;
    RError e2;
    if (param_from_json(&kv_params, &pc.ctx, args, &set, true, &given, &e2) != 0) {
        rerror_set(err, "kv_tool: %s", e2.msg);
        goto done;
    }
    /* GPUs named without a tensor-parallel degree hold one copy of the model split over all
     * of them ("fits on 2 H100s"); a GPU count is raised to a multiple of tp, as the KV pane's
     * slider does. */
    bool has_tp = given & ((ParamMask)1 << param_index(&kv_params, param_find(&kv_params, "tp")));
    bool has_gpus = given & ((ParamMask)1 << param_index(&kv_params, param_find(&kv_params, "gpus")));
    if (!has_gpus)
        set.gpus = set.tp;
    else if (!has_tp && set.gpus <= 64)
        set.tp = set.gpus;
    if (set.gpus % set.tp != 0)
        set.gpus += set.tp - set.gpus % set.tp;
    const KvPreset *p = kv_presets_find(&list, set.model);
    const GpuPreset *gpu = gpu_find(&gl, set.gpu);
    if (!p || !gpu) {
        rerror_set(err, "kv_tool: no preset named '%s'", p ? set.gpu : set.model);
        goto done;
    }
    KvQuery q;
    kv_settings_query(&set, gpu->mem_bytes, &q);
    KvReport r;
    if (kv_estimate(&p->model, &q, &r, err))
        goto done;
    cJSON *res = cJSON_AddObjectToObject(w, "result");
    cJSON_AddStringToObject(res, "model", p->label[0] ? p->label : p->model.name);
    cJSON_AddNumberToObject(res, "seq", (double)q.seq);
    cJSON_AddNumberToObject(res, "batch", (double)q.batch);
    cJSON_AddStringToObject(res, "kv_dtype", kv_dtype_name(q.kv_dtype));
    cJSON_AddNumberToObject(res, "tp", q.tp);
    cJSON_AddStringToObject(res, "gpu", gpu->label);
    cJSON_AddNumberToObject(res, "gpus", q.gpus);
    cJSON_AddNumberToObject(res, "kv_bytes_per_token", (double)r.kv_bytes_per_token);
    cJSON_AddNumberToObject(res, "kv_bytes", (double)r.kv_bytes);
    cJSON_AddNumberToObject(res, "kv_gib", round((double)r.kv_bytes / (1024.0 * 1024 * 1024) * 100) / 100);
    cJSON_AddNumberToObject(res, "weight_gib", round((double)r.weight_bytes / (1024.0 * 1024 * 1024) * 100) / 100);
    cJSON_AddBoolToObject(res, "fits", r.fits);
    cJSON_AddNumberToObject(res, "max_batch", (double)r.max_batch);
    cJSON_AddNumberToObject(res, "context_limit", (double)r.context_limit);
    cJSON_AddBoolToObject(res, "beyond_context", r.beyond_context);
    rc = 0;
done:
    kv_param_context_free(&pc);
    kv_presets_free(&list);
    gpu_list_free(&gl);
    return rc;
}

int node_scaling_tool(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *args = get(c->state, "args");
    GpuList gl = {0};
    if (c->env && c->env->content_dir && load_gpus(c, &gl, err))
        return -1;
    KvParamContext pc; /* the GPU names, as rampup scaling resolves them */
    kv_param_context_init(&pc, NULL, gl.count ? &gl : NULL);
    ScalingSettings set;
    param_defaults(&scaling_params, &set);
    set.law = scaling_law_find(TOOL_DEFAULT_LAW);
    ParamMask given = 0;
    RError e2;
    int rc = -1;
    if (param_from_json(&scaling_params, &pc.ctx, args, &set, true, &given, &e2) != 0) {
        rerror_set(err, "scaling_tool: %s", e2.msg);
        goto done;
    }
#define GIVEN(name) (given & ((ParamMask)1 << param_index(&scaling_params, param_find(&scaling_params, name))))
    bool has_c = GIVEN("compute"), has_n = GIVEN("params"), has_d = GIVEN("tokens");
    bool timed = GIVEN("gpu") || GIVEN("gpus") || GIVEN("mfu");
    if (!GIVEN("gpus"))
        set.gpus = 1; /* "on an H100": one, not the table's cluster default */
#undef GIVEN
    if (set.law == SCALING_LAW_ALL)
        set.law = scaling_law_find(TOOL_DEFAULT_LAW);
    const ScalingLaw *law = scaling_law((ScalingLawId)set.law);
    /* Two of C, N, D fix the third (C = 6ND) and describe one model; one alone is a budget (a
     * model size stands for the budget that makes it optimal). */
    bool model = has_c + has_n + has_d >= 2;
    if (model) {
        scaling_solve_cnd(&set.compute, &set.params, &set.tokens,
                          !has_c || (has_n && has_d) ? SCALING_SOLVE_C : !has_n ? SCALING_SOLVE_N
                                                                          : SCALING_SOLVE_D);
    } else if (has_n) {
        set.compute = scaling_compute_for_params(law, set.params);
    } else if (!has_c) {
        rerror_set(err, "scaling_tool: give a compute budget (e.g. 1e24 FLOPs) or a model size");
        goto done;
    }
    const GpuPreset *gpu = timed ? gpu_find(&gl, set.gpu) : NULL;
    if (timed && !gpu) {
        rerror_set(err, "scaling_tool: no GPU preset named '%s'", set.gpu);
        goto done;
    }
    ScalingReport rep;
    if (scaling_report(&set, model, gpu, &rep, err) != 0)
        goto done;
    const ScalingPoint *pt = model ? &rep.at[law->id] : &rep.opt[law->id];
    if (!(pt->params > 0) || !isfinite(pt->tokens)) {
        rerror_set(err, "scaling_tool: no optimum for C = %g", set.compute);
        goto done;
    }
    cJSON *res = cJSON_AddObjectToObject(w, "result");
    cJSON_AddStringToObject(res, "law", law->name);
    cJSON_AddStringToObject(res, "source", law->source);
    cJSON_AddNumberToObject(res, "compute", pt->compute);
    cJSON_AddNumberToObject(res, "params", pt->params);
    cJSON_AddNumberToObject(res, "tokens", pt->tokens);
    cJSON_AddNumberToObject(res, "tokens_per_param", round(pt->tokens_per_param * 100) / 100);
    if (isfinite(pt->loss) && pt->loss > 0)
        cJSON_AddNumberToObject(res, "loss", round(pt->loss * 1000) / 1000);
    cJSON_AddBoolToObject(res, "extrapolating", scaling_extrapolating(law, pt->params, pt->tokens));
    if (rep.has_tt) {
        cJSON *tt = cJSON_AddObjectToObject(res, "train_time");
        cJSON_AddStringToObject(tt, "gpu", gpu->label);
        cJSON_AddNumberToObject(tt, "gpus", set.gpus);
        cJSON_AddNumberToObject(tt, "mfu", set.mfu);
        cJSON_AddNumberToObject(tt, "days", round(rep.tt.days * 100) / 100);
        cJSON_AddNumberToObject(tt, "gpu_hours", round(rep.tt.gpu_hours));
    }
    rc = 0;
done:
    kv_param_context_free(&pc);
    gpu_list_free(&gl);
    return rc;
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
