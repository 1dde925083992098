/* The router expression language: parse, evaluate unchecked (the evaluator must guard itself),
 * then type-check against a fixed schema and evaluate what the checker accepted. The state is
 * fixed; the first line of the input may replace it with JSON. */
#include "tests/fuzz/fuzz.h"

#include "engine/agent/expr.h"

static int expr_fuzz_lookup(const char *path, void *ctx, AgentType *out)
{
    (void)ctx;
    static const struct {
        const char *name;
        AgentType t;
    } keys[] = {{"n", AT_NUMBER}, {"s", AT_STRING}, {"xs", AT_LIST}, {"o", AT_OBJECT},
                {"b", AT_BOOL},   {"any", AT_ANY},  {"o.k", AT_NUMBER}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(path, keys[i].name) == 0) {
            *out = keys[i].t;
            return 0;
        }
    return -1;
}

FUZZ_TARGET
{
    char *src = fuzz_dup(data, size);
    if (!src)
        return 0;
    cJSON *state = NULL;
    char *nl = strchr(src, '\n');
    if (nl) {
        *nl = '\0';
        state = cJSON_Parse(src);
    }
    if (!state)
        state = cJSON_Parse("{\"n\":3,\"s\":\"abc\",\"xs\":[1,\"a\",null,[2]],\"o\":{\"k\":1},"
                            "\"b\":true,\"any\":null}");
    const char *text = nl ? nl + 1 : src;
    Expr *e = NULL;
    RError err;
    size_t off;
    if (expr_parse(text, &e, &off, &err) == 0) {
        ExprValue v;
        char label[64];
        if (expr_eval(e, state, &v, &err) == 0) {
            expr_value_label(&v, label, sizeof label);
            cJSON_Delete(expr_value_json(&v));
        }
        AgentType t;
        if (expr_check(e, expr_fuzz_lookup, NULL, &t, &off, &err) == 0 &&
            expr_eval(e, state, &v, &err) == 0)
            expr_value_label(&v, label, sizeof label);
        const char *paths[8];
        expr_paths(e, paths, 8);
        expr_free(e);
    }
    cJSON_Delete(state);
    free(src);
    return 0;
}
