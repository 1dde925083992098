/* Tests for the topic tables (kv, scaling, rag, agent): round trips argv -> settings ->
 * pairs -> JSON -> settings for each; the tables' defaults and names agree with the engine's;
 * the aliases declared in content/gpus.yaml and models.yaml resolve; every pane link in the notes parses. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/agent/agent_params.h"
#include "engine/content/yaml.h"
#include "engine/gpu.h"
#include "engine/kv/kv_params.h"
#include "engine/notes.h"
#include "engine/rag/rag_params.h"
#include "engine/scaling/scaling_params.h"

/* Equal as settings: every spec's value (not padding or the bytes after a name's NUL). */
static bool same(const ParamTable *t, const void *x, const void *y)
{
    for (size_t i = 0; i < t->count; i++) {
        const ParamSpec *s = &t->specs[i];
        char a[PARAM_NAME_MAX + 8], b[PARAM_NAME_MAX + 8];
        param_format(s, x, a, sizeof a);
        param_format(s, y, b, sizeof b);
        if (strcmp(a, b) != 0 || (s->kind != PARAM_NAME && param_get(s, x) != param_get(s, y)))
            return false;
    }
    return true;
}

/* settings -> pairs -> argv (--name=value and --name value alternately) -> settings -> JSON ->
 * settings: each step gives back the same bytes. */
static void round_trip(const ParamTable *t, const ParamContext *ctx, const void *start)
{
    char pairs[2048];
    param_to_pairs(t, start, false, pairs, sizeof pairs);
    void *a = calloc(1, t->size), *b = calloc(1, t->size), *c = calloc(1, t->size);
    param_defaults(t, a);
    param_defaults(t, b);
    param_defaults(t, c);
    RError err;
    cr_assert_eq(param_parse_pairs(t, ctx, pairs, a, NULL, &err), 0, "%s: %s", pairs, err.msg);
    cr_assert(same(t, a, start), "%s: pairs %s", t->topic, pairs);

    char *argv[2 * PARAM_MAX + 1], words[2 * PARAM_MAX][256];
    int argc = 0;
    argv[argc++] = (char *)t->topic;
    char copy[2048];
    snprintf(copy, sizeof copy, "%s", pairs);
    int k = 0;
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), k++) {
        char *eq = strchr(w, '=');
        *eq = '\0';
        if (k % 2) {
            snprintf(words[argc], sizeof words[argc], "--%s=%s", w, eq + 1);
            argv[argc] = words[argc];
            argc++;
        } else {
            snprintf(words[argc], sizeof words[argc], "--%s", w);
            argv[argc] = words[argc];
            argc++;
            snprintf(words[argc], sizeof words[argc], "%s", eq + 1);
            argv[argc] = words[argc];
            argc++;
        }
    }
    for (int i = 1; i < argc; i++) {
        const ParamSpec *s = param_find(t, argv[i] + 2);
        if (s && s->kind == PARAM_BOOL && !strchr(argv[i], '=')) { /* a bare flag: join it */
            snprintf(words[i], sizeof words[i], "%s=%s", argv[i], argv[i + 1]);
            argv[i] = words[i];
            memmove(&argv[i + 1], &argv[i + 2], (size_t)(argc - i - 2) * sizeof *argv);
            argc--;
        }
        cr_assert_eq(param_argv(t, ctx, argc, argv, &i, b, NULL, &err), 1, "%s: %s", argv[i],
                     err.msg);
    }
    cr_assert(same(t, b, start), "%s: argv", t->topic);

    cJSON *o = cJSON_CreateObject();
    cr_assert_eq(param_to_json(t, b, o), 0);
    char *text = cJSON_PrintUnformatted(o);
    cJSON *back = cJSON_Parse(text);
    cr_assert_eq(param_from_json(t, ctx, back, c, true, NULL, &err), 0, "%s", err.msg);
    cr_assert(same(t, c, start), "%s: JSON %s", t->topic, text);
    cJSON_free(text);
    cJSON_Delete(back);
    cJSON_Delete(o);
    free(a);
    free(b);
    free(c);
}

typedef struct Content {
    KvPresetList models;
    GpuList gpus;
    KvParamContext pc;
} Content;

static void load(Content *c)
{
    RError err;
    memset(c, 0, sizeof *c);
    cr_assert_eq(kv_presets_load("content/models.yaml", &c->models, &err), 0, "%s", err.msg);
    cr_assert_eq(gpu_list_load("content/gpus.yaml", &c->gpus, &err), 0, "%s", err.msg);
    kv_param_context_init(&c->pc, &c->models, &c->gpus);
}

static void unload(Content *c)
{
    kv_param_context_free(&c->pc);
    kv_presets_free(&c->models);
    gpu_list_free(&c->gpus);
}

Test(topic_params, kv_round_trip_and_defaults_match_the_engine)
{
    Content c;
    load(&c);
    KvSettings s;
    param_defaults(&kv_params, &s);
    KvQuery want, got;
    kv_query_init(&want);
    kv_settings_query(&s, want.gpu_mem_bytes, &got);
    cr_assert_eq(memcmp(&want, &got, sizeof want), 0, "the table's defaults are kv_query_init's");
    round_trip(&kv_params, &c.pc.ctx, &s);
    snprintf(s.model, sizeof s.model, "deepseek-v3");
    snprintf(s.gpu, sizeof s.gpu, "mi300x");
    s.batch = 70000;
    s.seq = 131072;
    s.kv_dtype = KV_DTYPE_FP8;
    s.tp = 8;
    s.gpus = 64;
    s.block_size = 32;
    s.gpu_util = 0.85;
    round_trip(&kv_params, &c.pc.ctx, &s);
    for (int t = 0; t < KV_DTYPE_COUNT; t++)
        cr_assert_str_eq(kv_dtype_names.items[t].name, kv_dtype_name((KvDtype)t));
    unload(&c);
}

Test(topic_params, yaml_aliases_resolve)
{
    Content c;
    load(&c);
    static const struct { const char *list, *in, *want; } cases[] = {
        {"gpu", "H100", "h100-sxm"},       {"gpu", "a100", "a100-sxm-80gb"},
        {"gpu", "4090", "rtx-4090"},       {"gpu", "H100 SXM 80GB", "h100-sxm"},
        {"gpu", "mi300", "mi300x"},        {"model", "llama3.1-8b", "llama-3.1-8b"},
        {"model", "meta-llama/Llama-3.1-70B", "llama-3.1-70b"},
        {"model", "Qwen/Qwen3-8B", "qwen3-8b"}, {"model", "MIXTRAL", "mixtral-8x7b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ParamNames *n = strcmp(cases[i].list, "gpu") == 0 ? &c.pc.gpus : &c.pc.models;
        RError err;
        long k = param_match(n, cases[i].in, &err);
        cr_assert_geq(k, 0, "%s: %s", cases[i].in, err.msg);
        cr_assert_str_eq(n->items[k].name, cases[i].want, "%s", cases[i].in);
    }
    RError err;
    cr_assert_lt(param_match(&c.pc.gpus, "H20O", &err), 0);
    cr_assert(strstr(err.msg, "did you mean h200-sxm") && strstr(err.msg, "--list-gpus"), "%s",
              err.msg);
    unload(&c);
}

/* Every name, label and alias of every preset finds that preset (none is ambiguous or
 * shadowed by another preset's). */
static void each_alias_finds_its_preset(const ParamNames *n)
{
    for (size_t i = 0; i < n->count; i++) {
        char texts[512];
        snprintf(texts, sizeof texts, "%s|%s%s%s", n->items[i].name,
                 n->items[i].label ? n->items[i].label : n->items[i].name,
                 n->items[i].aliases && *n->items[i].aliases ? "|" : "",
                 n->items[i].aliases ? n->items[i].aliases : "");
        for (char *save = NULL, *t = strtok_r(texts, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
            RError err;
            long k = param_match(n, t, &err);
            cr_assert_eq(k, (long)i, "%s '%s' finds %s (%s)", n->what, t,
                         k >= 0 ? n->items[k].name : "nothing", k >= 0 ? "" : err.msg);
        }
    }
}

Test(topic_params, every_yaml_alias_resolves)
{
    Content c;
    load(&c);
    each_alias_finds_its_preset(&c.pc.gpus);
    each_alias_finds_its_preset(&c.pc.models);
    each_alias_finds_its_preset(&kv_dtype_names);
    each_alias_finds_its_preset(&scaling_law_names);
    each_alias_finds_its_preset(&rag_method_names);
    unload(&c);
}

Test(topic_params, scaling_round_trip_and_law_names)
{
    RError err;
    GpuList gpus;
    cr_assert_eq(gpu_list_load("content/gpus.yaml", &gpus, &err), 0);
    ParamName *items = calloc(gpus.count, sizeof *items);
    ParamNames names = gpu_param_names(&gpus, items);
    const ParamNames *lists[] = {&names};
    ParamContext ctx = {lists, 1};
    ScalingSettings s;
    param_defaults(&scaling_params, &s);
    round_trip(&scaling_params, &ctx, &s);
    s.law = LAW_EPOCH;
    s.compute = 1e24;
    s.params = 7e10;
    s.tokens = 1.4e12;
    s.gpus = 2000;
    s.inference_tokens = 1e13;
    snprintf(s.gpu, sizeof s.gpu, "a100-sxm-80gb");
    round_trip(&scaling_params, &ctx, &s);
    for (int i = 0; i < LAW_COUNT; i++)
        cr_assert_str_eq(scaling_law_names.items[i].name, scaling_law((ScalingLawId)i)->name);
    free(items);
    gpu_list_free(&gpus);
}

Test(topic_params, rag_and_agent_round_trip)
{
    RagSettings r, def = rag_settings_default();
    param_defaults(&rag_params, &r);
    cr_assert(same(&rag_params, &r, &def), "the table's defaults are rag_settings_default's");
    r.method = RAG_BM25;
    r.k1 = 1.2;
    r.k = 20;
    r.fusion = RAG_FUSE_RRF;
    round_trip(&rag_params, NULL, &r);
    for (int m = 0; m < RAG_METHOD_COUNT; m++)
        cr_assert_str_eq(rag_method_names.items[m].name, rag_method_name((RagMethod)m));
    RError err;
    r.dense = RAG_BM25;
    cr_assert_neq(rag_settings_check(&r, &err), 0);
    AgentSettings a;
    param_defaults(&agent_params, &a);
    a.max_steps = 50;
    round_trip(&agent_params, NULL, &a);
}

/* Every "(<pane:kv …>)" and "(<pane:scaling …>)" link in the notes opens: the tables take it. */
Test(topic_params, every_note_link_parses)
{
    Content c;
    load(&c);
    const ParamNames *lists[] = {&c.pc.gpus};
    ParamContext sctx = {lists, 1};
    NoteList notes;
    RError err;
    cr_assert_eq(notes_list("notes", &notes, &err), 0, "%s", err.msg);
    int links = 0;
    for (size_t i = 0; i < notes.count; i++) {
        char *text;
        size_t len;
        cr_assert_eq(notes_read(notes.items[i].path, &text, &len, &err), 0);
        for (char *at = strstr(text, "(<pane:"); at; at = strstr(at + 1, "(<pane:")) {
            char *end = strchr(at, '>');
            char link[512];
            snprintf(link, sizeof link, "%.*s", end ? (int)(end - at - 7) : 0, at + 7);
            char *arg = strchr(link, ' ');
            if (!arg)
                continue;
            *arg++ = '\0';
            const ParamTable *t = strcmp(link, "kv") == 0 ? &kv_params
                                : strcmp(link, "scaling") == 0 ? &scaling_params : NULL;
            if (!t)
                continue;
            KvSettings ks;
            ScalingSettings ss;
            void *set = t == &kv_params ? (void *)&ks : (void *)&ss;
            param_defaults(t, set);
            cr_assert_eq(param_parse_pairs(t, t == &kv_params ? &c.pc.ctx : &sctx, arg, set, NULL,
                                           &err),
                         0, "%s: pane:%s %s: %s", notes.items[i].name, link, arg, err.msg);
            links++;
        }
        free(text);
    }
    cr_assert_geq(links, 10, "the notes link the KV and Scaling panes (%d links)", links);
    notes_list_free(&notes);
    unload(&c);
}

/* The calculator agent's tool arguments use the tables' names: every expected call in
 * content/evals/tool_calls.yaml reads strictly as kv_params or scaling_params settings. */
Test(topic_params, tool_call_arguments_are_table_settings)
{
    Content c;
    load(&c);
    const ParamNames *lists[] = {&c.pc.gpus};
    ParamContext sctx = {lists, 1};
    YamlDoc *doc;
    RError err;
    cr_assert_eq(yaml_load_file("content/evals/tool_calls.yaml", &doc, &err), 0, "%s", err.msg);
    const cJSON *it;
    int checked = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(yaml_root(doc), "items"))
    {
        const cJSON *tool = cJSON_GetObjectItemCaseSensitive(it, "tool");
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(it, "args");
        if (!cJSON_IsString(tool) || !args)
            continue;
        KvSettings ks;
        ScalingSettings ss;
        if (strcmp(tool->valuestring, "kv") == 0) {
            param_defaults(&kv_params, &ks);
            cr_expect_eq(param_from_json(&kv_params, &c.pc.ctx, args, &ks, true, NULL, &err), 0,
                         "kv args: %s", err.msg);
        } else if (strcmp(tool->valuestring, "scaling") == 0) {
            param_defaults(&scaling_params, &ss);
            cr_expect_eq(param_from_json(&scaling_params, &sctx, args, &ss, true, NULL, &err), 0,
                         "scaling args: %s", err.msg);
        } else {
            continue;
        }
        for (const cJSON *a = args->child; a; a = a->next) /* no key outside the tables */
            cr_expect_not_null(param_find(strcmp(tool->valuestring, "kv") == 0 ? &kv_params
                                                                                 : &scaling_params,
                                          a->string),
                               "%s: unknown argument '%s'", tool->valuestring, a->string);
        checked++;
    }
    cr_expect_geq(checked, 10, "%d tool calls checked", checked);
    yaml_free(doc);
    unload(&c);
}
