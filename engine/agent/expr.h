/* Router expressions over agent state: `len(insights) >= 3 && coverage >= 0.5`, parsed once,
 * type-checked against the state schema, evaluated against a cJSON state. */
#ifndef RAMPUP_ENGINE_AGENT_EXPR_H
#define RAMPUP_ENGINE_AGENT_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "engine/error.h"

/* Value types shared by the state schema and expressions. AT_ANY matches everything. */
typedef enum AgentType {
    AT_ANY,
    AT_NULL,
    AT_BOOL,
    AT_NUMBER,
    AT_STRING,
    AT_LIST,
    AT_OBJECT
} AgentType;

const char *agent_type_name(AgentType t);
/* "string", "number", "bool", "list", "object", "any"; -1 when unknown. */
int agent_type_parse(const char *s, AgentType *out);
/* The type of a JSON value (NULL counts as null). */
AgentType agent_type_of(const cJSON *v);
/* True when a value of type `have` may be stored where `want` is declared (null fits all). */
bool agent_type_fits(AgentType want, AgentType have);

typedef struct Expr Expr;

/* A value produced by evaluation. `str` and `json` are borrowed from the expression or the
 * state and live as long as both do. */
typedef struct ExprValue {
    AgentType type;
    bool b;
    double num;
    const char *str;   /* AT_STRING */
    const cJSON *json; /* AT_LIST / AT_OBJECT */
} ExprValue;

/* Bounds that keep parsing, checking and evaluation (all recursive) within a small stack. */
#define EXPR_MAX_BYTES 1024 /* a router expression longer than this is refused */
#define EXPR_MAX_DEPTH 64   /* parentheses, calls and prefix operators nested deeper are refused */

/* Grammar: or-expressions of `||`/`or`, `&&`/`and`, `!`/`not`, comparisons (== != < <= > >=),
 * + - * /, unary minus, numbers, 'strings' or "strings", true/false/null, state paths
 * (`critique.verdict`), and the functions len(x), min(a,b), max(a,b), contains(x, y).
 * On a syntax error fills err and *err_off with the byte offset of the fault. */
int expr_parse(const char *src, Expr **out, size_t *err_off, RError *err);
void expr_free(Expr *e);
const char *expr_source(const Expr *e);

/* Resolves a state path to its declared type; returns -1 for an unknown path. */
typedef int (*ExprTypeFn)(const char *path, void *ctx, AgentType *out);

/* Static check: unknown names, unknown functions, operand types. Fills *out_type with the
 * result type (AT_ANY when it depends on data). */
int expr_check(const Expr *e, ExprTypeFn lookup, void *ctx, AgentType *out_type,
               size_t *err_off, RError *err);

/* Evaluates against state (a JSON object). A missing path is null. */
int expr_eval(const Expr *e, const cJSON *state, ExprValue *out, RError *err);

/* The branch label of a value: "true"/"false", a string itself, a number printed with %g,
 * "null" otherwise. */
void expr_value_label(const ExprValue *v, char *buf, size_t size);
/* The value as new JSON (owned by the caller). */
cJSON *expr_value_json(const ExprValue *v);

/* The state paths the expression reads, in first-use order, without duplicates. Fills up to
 * cap and returns the total. Strings are borrowed from e. */
size_t expr_paths(const Expr *e, const char **out, size_t cap);

/* Looks a dotted path up in a state object; NULL when absent. */
const cJSON *agent_state_path(const cJSON *state, const char *path);

#endif
