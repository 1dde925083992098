/* Router expressions: the type checker over the declared state types and the evaluator
 * over cJSON. */
#include "engine/agent/expr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/agent/expr_priv.h"

static const char *op_name(BinOp op)
{
    static const char *const names[] = {"||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"};
    return names[op];
}

/* ---------------------------------------------------------------- checker */

typedef struct Checker {
    ExprTypeFn lookup;
    void *ctx;
    size_t err_off;
    RError *err;
} Checker;

static int check_fail(Checker *c, const ENode *n, const char *fmt, const char *a, const char *b)
{
    c->err_off = n->off;
    return rerror_set(c->err, fmt, a, b);
}

static bool is(AgentType t, AgentType want)
{
    return t == AT_ANY || t == want;
}

static int check(Checker *c, const ENode *n, AgentType *t)
{
    AgentType a = AT_ANY, b = AT_ANY;
    switch (n->kind) {
    case N_NUM: *t = AT_NUMBER; return 0;
    case N_STR: *t = AT_STRING; return 0;
    case N_BOOL: *t = AT_BOOL; return 0;
    case N_NULL: *t = AT_NULL; return 0;
    case N_PATH:
        if (c->lookup(n->text, c->ctx, t) != 0)
            return check_fail(c, n, "unknown state key '%s'%s", n->text, "");
        return 0;
    case N_NOT:
        if (check(c, n->kids[0], &a))
            return -1;
        if (!is(a, AT_BOOL))
            return check_fail(c, n, "'!' needs a bool, not a %s%s", agent_type_name(a), "");
        *t = AT_BOOL;
        return 0;
    case N_NEG:
        if (check(c, n->kids[0], &a))
            return -1;
        if (!is(a, AT_NUMBER))
            return check_fail(c, n, "unary '-' needs a number, not a %s%s", agent_type_name(a), "");
        *t = AT_NUMBER;
        return 0;
    case N_CALL: {
        AgentType k[3] = {AT_ANY, AT_ANY, AT_ANY};
        for (int i = 0; i < n->nkids; i++)
            if (check(c, n->kids[i], &k[i]))
                return -1;
        if (strcmp(n->text, "len") == 0) {
            if (n->nkids != 1)
                return check_fail(c, n, "%s() takes %s argument", "len", "one");
            if (!(is(k[0], AT_LIST) || is(k[0], AT_STRING) || is(k[0], AT_OBJECT) || k[0] == AT_NULL))
                return check_fail(c, n->kids[0], "len() needs a list, string or object, not a %s%s",
                                  agent_type_name(k[0]), "");
            *t = AT_NUMBER;
            return 0;
        }
        if (strcmp(n->text, "min") == 0 || strcmp(n->text, "max") == 0) {
            if (n->nkids != 2)
                return check_fail(c, n, "%s() takes %s arguments", n->text, "two");
            for (int i = 0; i < 2; i++)
                if (!is(k[i], AT_NUMBER))
                    return check_fail(c, n->kids[i], "%s() needs numbers, not a %s", n->text,
                                      agent_type_name(k[i]));
            *t = AT_NUMBER;
            return 0;
        }
        if (strcmp(n->text, "contains") == 0) {
            if (n->nkids != 2)
                return check_fail(c, n, "%s() takes %s arguments", "contains", "two");
            if (!(is(k[0], AT_LIST) || is(k[0], AT_STRING) || is(k[0], AT_OBJECT)))
                return check_fail(c, n->kids[0], "contains() needs a list, string or object, not a %s%s",
                                  agent_type_name(k[0]), "");
            *t = AT_BOOL;
            return 0;
        }
        return check_fail(c, n, "unknown function '%s()'%s", n->text, "");
    }
    case N_BIN:
        if (check(c, n->kids[0], &a) || check(c, n->kids[1], &b))
            return -1;
        switch (n->op) {
        case OP_OR:
        case OP_AND:
            if (!is(a, AT_BOOL) || !is(b, AT_BOOL))
                return check_fail(c, n, "'%s' needs bools, not a %s", op_name(n->op),
                                  agent_type_name(is(a, AT_BOOL) ? b : a));
            *t = AT_BOOL;
            return 0;
        case OP_EQ:
        case OP_NE:
            if (a != AT_ANY && b != AT_ANY && a != AT_NULL && b != AT_NULL && a != b)
                return check_fail(c, n, "cannot compare a %s with a %s", agent_type_name(a), agent_type_name(b));
            *t = AT_BOOL;
            return 0;
        case OP_LT:
        case OP_LE:
        case OP_GT:
        case OP_GE:
            if (!((is(a, AT_NUMBER) && is(b, AT_NUMBER)) || (is(a, AT_STRING) && is(b, AT_STRING))))
                return check_fail(c, n, "cannot order a %s against a %s", agent_type_name(a), agent_type_name(b));
            *t = AT_BOOL;
            return 0;
        default:
            if (!is(a, AT_NUMBER) || !is(b, AT_NUMBER))
                return check_fail(c, n, "arithmetic needs numbers, not a %s and a %s", agent_type_name(a),
                                  agent_type_name(b));
            *t = AT_NUMBER;
            return 0;
        }
    }
    return -1;
}

int expr_check(const Expr *e, ExprTypeFn lookup, void *ctx, AgentType *out_type, size_t *err_off,
               RError *err)
{
    Checker c = {.lookup = lookup, .ctx = ctx, .err = err};
    AgentType t = AT_ANY;
    int rc = check(&c, e->root, &t);
    if (rc && err_off)
        *err_off = c.err_off;
    if (out_type)
        *out_type = t;
    return rc;
}

/* ---------------------------------------------------------------- evaluator */

const cJSON *agent_state_path(const cJSON *state, const char *path)
{
    const cJSON *cur = state;
    const char *p = path;
    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        char key[128];
        if (n >= sizeof key)
            return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        cur = cJSON_IsObject(cur) ? cJSON_GetObjectItemCaseSensitive(cur, key) : NULL;
        p += n + (dot ? 1 : 0);
    }
    return cur;
}

static ExprValue from_json(const cJSON *j)
{
    ExprValue v = {.type = agent_type_of(j)};
    switch (v.type) {
    case AT_BOOL: v.b = cJSON_IsTrue(j); break;
    case AT_NUMBER: v.num = j->valuedouble; break;
    case AT_STRING: v.str = j->valuestring; break;
    case AT_LIST:
    case AT_OBJECT: v.json = j; break;
    default: break;
    }
    return v;
}

static bool truthy_bool(const ExprValue *v, bool *out)
{
    if (v->type == AT_BOOL) {
        *out = v->b;
        return true;
    }
    if (v->type == AT_NULL) {
        *out = false;
        return true;
    }
    return false;
}

static bool values_equal(const ExprValue *a, const ExprValue *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case AT_NULL: return true;
    case AT_BOOL: return a->b == b->b;
    case AT_NUMBER: return a->num == b->num;
    case AT_STRING: return a->str && b->str && strcmp(a->str, b->str) == 0;
    default: return cJSON_Compare(a->json, b->json, true);
    }
}

/* Arguments each function takes; -1 for a name that is not a function. */
static int call_arity(const char *name)
{
    static const struct {
        const char *name;
        int nargs;
    } fns[] = {{"len", 1}, {"min", 2}, {"max", 2}, {"contains", 2}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (strcmp(name, fns[i].name) == 0)
            return fns[i].nargs;
    return -1;
}

static int eval(const ENode *n, const cJSON *state, ExprValue *out, RError *err)
{
    ExprValue a = {0}, b = {0};
    memset(out, 0, sizeof *out);
    switch (n->kind) {
    case N_NUM: out->type = AT_NUMBER; out->num = n->num; return 0;
    case N_STR: out->type = AT_STRING; out->str = n->text; return 0;
    case N_BOOL: out->type = AT_BOOL; out->b = n->b; return 0;
    case N_NULL: out->type = AT_NULL; return 0;
    case N_PATH: *out = from_json(agent_state_path(state, n->text)); return 0;
    case N_NOT:
        if (eval(n->kids[0], state, &a, err))
            return -1;
        if (!truthy_bool(&a, &out->b))
            return rerror_set(err, "'!' applied to a %s", agent_type_name(a.type));
        out->type = AT_BOOL;
        out->b = !out->b;
        return 0;
    case N_NEG:
        if (eval(n->kids[0], state, &a, err))
            return -1;
        if (a.type != AT_NUMBER)
            return rerror_set(err, "unary '-' applied to a %s", agent_type_name(a.type));
        out->type = AT_NUMBER;
        out->num = -a.num;
        return 0;
    case N_CALL: {
        /* The evaluator checks names and argument counts itself: it may be handed an
         * expression expr_check never saw, and must never read an argument that is not there. */
        int want = call_arity(n->text);
        if (want < 0)
            return rerror_set(err, "unknown function '%s()'", n->text);
        if (n->nkids != want || want > 3)
            return rerror_set(err, "%s() takes %d argument%s, not %d", n->text, want,
                              want == 1 ? "" : "s", n->nkids);
        ExprValue k[3] = {{0}};
        for (int i = 0; i < n->nkids; i++)
            if (eval(n->kids[i], state, &k[i], err))
                return -1;
        if (strcmp(n->text, "len") == 0) {
            out->type = AT_NUMBER;
            if (k[0].type == AT_STRING)
                out->num = (double)strlen(k[0].str);
            else if (k[0].type == AT_LIST || k[0].type == AT_OBJECT)
                out->num = cJSON_GetArraySize(k[0].json);
            else if (k[0].type == AT_NULL)
                out->num = 0;
            else
                return rerror_set(err, "len() of a %s", agent_type_name(k[0].type));
            return 0;
        }
        if (strcmp(n->text, "min") == 0 || strcmp(n->text, "max") == 0) {
            if (k[0].type != AT_NUMBER || k[1].type != AT_NUMBER)
                return rerror_set(err, "%s() of non-numbers", n->text);
            out->type = AT_NUMBER;
            out->num = (n->text[1] == 'i') == (k[0].num < k[1].num) ? k[0].num : k[1].num;
            return 0;
        }
        /* contains */
        out->type = AT_BOOL;
        if (k[0].type == AT_STRING) {
            if (k[1].type != AT_STRING)
                return rerror_set(err, "contains(string, %s)", agent_type_name(k[1].type));
            out->b = strstr(k[0].str, k[1].str) != NULL;
        } else if (k[0].type == AT_OBJECT) {
            out->b = k[1].type == AT_STRING && cJSON_GetObjectItemCaseSensitive(k[0].json, k[1].str);
        } else if (k[0].type == AT_LIST) {
            const cJSON *it;
            cJSON_ArrayForEach(it, k[0].json) {
                ExprValue v = from_json(it);
                if (values_equal(&v, &k[1])) {
                    out->b = true;
                    break;
                }
            }
        } else if (k[0].type != AT_NULL) {
            return rerror_set(err, "contains() on a %s", agent_type_name(k[0].type));
        }
        return 0;
    }
    case N_BIN:
        if (eval(n->kids[0], state, &a, err))
            return -1;
        if (n->op == OP_OR || n->op == OP_AND) {
            bool x, y;
            if (!truthy_bool(&a, &x))
                return rerror_set(err, "'%s' applied to a %s", op_name(n->op), agent_type_name(a.type));
            out->type = AT_BOOL;
            if ((n->op == OP_OR && x) || (n->op == OP_AND && !x)) {
                out->b = x;
                return 0;
            }
            if (eval(n->kids[1], state, &b, err))
                return -1;
            if (!truthy_bool(&b, &y))
                return rerror_set(err, "'%s' applied to a %s", op_name(n->op), agent_type_name(b.type));
            out->b = y;
            return 0;
        }
        if (eval(n->kids[1], state, &b, err))
            return -1;
        out->type = AT_BOOL;
        switch (n->op) {
        case OP_EQ: out->b = values_equal(&a, &b); return 0;
        case OP_NE: out->b = !values_equal(&a, &b); return 0;
        case OP_LT:
        case OP_LE:
        case OP_GT:
        case OP_GE: {
            double d;
            if (a.type == AT_NUMBER && b.type == AT_NUMBER)
                d = a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
            else if (a.type == AT_STRING && b.type == AT_STRING)
                d = strcmp(a.str, b.str);
            else if (a.type == AT_NULL || b.type == AT_NULL) {
                out->b = false; /* comparisons with a missing value are false */
                return 0;
            } else
                return rerror_set(err, "cannot order a %s against a %s", agent_type_name(a.type),
                                  agent_type_name(b.type));
            out->b = n->op == OP_LT ? d < 0 : n->op == OP_LE ? d <= 0 : n->op == OP_GT ? d > 0 : d >= 0;
            return 0;
        }
        default:
            if (a.type != AT_NUMBER || b.type != AT_NUMBER)
                return rerror_set(err, "'%s' needs numbers, got a %s and a %s", op_name(n->op),
                                  agent_type_name(a.type), agent_type_name(b.type));
            out->type = AT_NUMBER;
            out->num = n->op == OP_ADD ? a.num + b.num : n->op == OP_SUB ? a.num - b.num
                     : n->op == OP_MUL ? a.num * b.num : a.num / b.num;
            if (!isfinite(out->num))
                return rerror_set(err, "arithmetic gave a non-finite number");
            return 0;
        }
    }
    return rerror_set(err, "bad expression node");
}

int expr_eval(const Expr *e, const cJSON *state, ExprValue *out, RError *err)
{
    return eval(e->root, state, out, err);
}

void expr_value_label(const ExprValue *v, char *buf, size_t size)
{
    switch (v->type) {
    case AT_BOOL: snprintf(buf, size, "%s", v->b ? "true" : "false"); break;
    case AT_STRING: snprintf(buf, size, "%s", v->str); break;
    case AT_NUMBER: snprintf(buf, size, "%g", v->num); break;
    case AT_LIST: snprintf(buf, size, "list"); break;
    case AT_OBJECT: snprintf(buf, size, "object"); break;
    default: snprintf(buf, size, "null"); break;
    }
}

cJSON *expr_value_json(const ExprValue *v)
{
    switch (v->type) {
    case AT_BOOL: return cJSON_CreateBool(v->b);
    case AT_STRING: return cJSON_CreateString(v->str);
    case AT_NUMBER: return cJSON_CreateNumber(v->num);
    case AT_LIST:
    case AT_OBJECT: return cJSON_Duplicate(v->json, true);
    default: return cJSON_CreateNull();
    }
}

static void collect(const ENode *n, const char **out, size_t cap, size_t *count)
{
    if (n->kind == N_PATH) {
        for (size_t i = 0; i < *count && i < cap; i++)
            if (strcmp(out[i], n->text) == 0)
                return;
        if (*count < cap)
            out[*count] = n->text;
        (*count)++;
    }
    for (int i = 0; i < n->nkids; i++)
        collect(n->kids[i], out, cap, count);
}

size_t expr_paths(const Expr *e, const char **out, size_t cap)
{
    size_t count = 0;
    collect(e->root, out, cap, &count);
    return count;
}
