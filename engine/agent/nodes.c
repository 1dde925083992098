/* The built-in node table and the small utility nodes (set, count, fail, flaky, noop). */
#include "engine/agent/nodes.h"

#include <stdbool.h>
#include <string.h>

/* params: {values: {key: value, ...}} — writes each value. */
static int node_set(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *vals = c->params ? cJSON_GetObjectItemCaseSensitive(c->params, "values") : NULL;
    if (!cJSON_IsObject(vals))
        return rerror_set(err, "set: params.values must be an object");
    const cJSON *it;
    cJSON_ArrayForEach(it, vals) cJSON_AddItemToObject(w, it->string, cJSON_Duplicate(it, true));
    return 0;
}

/* params: {key: name, by: n} — writes n (default 1) to key; with an `add` reducer it counts. */
static int node_count(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *key = c->params ? cJSON_GetObjectItemCaseSensitive(c->params, "key") : NULL;
    const cJSON *by = c->params ? cJSON_GetObjectItemCaseSensitive(c->params, "by") : NULL;
    if (!cJSON_IsString(key))
        return rerror_set(err, "count: params.key must be a string");
    cJSON_AddNumberToObject(w, key->valuestring, cJSON_IsNumber(by) ? by->valuedouble : 1);
    return 0;
}

/* Always fails: shows retries and error edges. params: {message: text}. */
static int node_fail(const NodeCall *c, cJSON *w, RError *err)
{
    (void)w;
    const cJSON *msg = c->params ? cJSON_GetObjectItemCaseSensitive(c->params, "message") : NULL;
    return rerror_set(err, "%s", cJSON_IsString(msg) ? msg->valuestring : "node failed");
}

/* Fails on the first `fail_times` attempts, then succeeds like `set`. */
static int node_flaky(const NodeCall *c, cJSON *w, RError *err)
{
    const cJSON *n = c->params ? cJSON_GetObjectItemCaseSensitive(c->params, "fail_times") : NULL;
    int times = cJSON_IsNumber(n) ? n->valueint : 1;
    if (c->attempt <= times)
        return rerror_set(err, "flaky: attempt %d failed", c->attempt);
    const cJSON *vals = c->params ? cJSON_GetObjectItemCaseSensitive(c->params, "values") : NULL;
    return cJSON_IsObject(vals) ? node_set(c, w, err) : 0;
}

static int node_noop(const NodeCall *c, cJSON *w, RError *err)
{
    (void)c;
    (void)w;
    (void)err;
    return 0;
}

static const NodeDef builtins[] = {
    {"load", node_load, "read the input file; keep its prose as text"},
    {"summarize", node_summarize, "TextRank over sentence similarity; top sentences in order"},
    {"extract_insights", node_extract_insights, "quantitative/comparative sentences + keyphrases"},
    {"critique", node_critique, "count insights and keyphrase coverage for the router"},
    {"retrieve", node_retrieve, "BM25 search of the notes for more context"},
    {"generate_questions", node_generate_questions, "study and cloze questions from insights"},
    {"report", node_report, "assemble the Markdown report"},
    {"parse_question", node_parse_question, "pick a tool and parse its arguments"},
    {"kv_tool", node_kv_tool, "KV-cache calculator"},
    {"scaling_tool", node_scaling_tool, "Chinchilla compute-optimal calculator"},
    {"answer", node_answer, "phrase the tool's result as an answer"},
    {"set", node_set, "write params.values"},
    {"count", node_count, "write params.by to params.key"},
    {"fail", node_fail, "always fail (for retries and error edges)"},
    {"flaky", node_flaky, "fail the first params.fail_times attempts"},
    {"noop", node_noop, "do nothing"},
};

const NodeDef *node_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (name && strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}
