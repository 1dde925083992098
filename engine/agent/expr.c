/* Router expressions: types, and a recursive-descent parser to a small AST. */
#include "engine/agent/expr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/agent/expr_priv.h"

const char *agent_type_name(AgentType t)
{
    static const char *const names[] = {"any", "null", "bool", "number", "string", "list", "object"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

int agent_type_parse(const char *s, AgentType *out)
{
    static const struct { const char *name; AgentType t; } tab[] = {
        {"any", AT_ANY}, {"null", AT_NULL}, {"bool", AT_BOOL}, {"boolean", AT_BOOL},
        {"number", AT_NUMBER}, {"int", AT_NUMBER}, {"string", AT_STRING}, {"list", AT_LIST},
        {"array", AT_LIST}, {"object", AT_OBJECT}, {"map", AT_OBJECT},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (s && strcmp(s, tab[i].name) == 0) {
            *out = tab[i].t;
            return 0;
        }
    return -1;
}

AgentType agent_type_of(const cJSON *v)
{
    if (!v || cJSON_IsNull(v))
        return AT_NULL;
    if (cJSON_IsBool(v))
        return AT_BOOL;
    if (cJSON_IsNumber(v))
        return AT_NUMBER;
    if (cJSON_IsString(v))
        return AT_STRING;
    if (cJSON_IsArray(v))
        return AT_LIST;
    return AT_OBJECT;
}

bool agent_type_fits(AgentType want, AgentType have)
{
    return want == AT_ANY || have == AT_ANY || have == AT_NULL || want == have;
}

/* ---------------------------------------------------------------- parser */

typedef struct Parser {
    const char *s;
    size_t pos;
    size_t err_off;
    RError *err;
    bool failed;
    int depth; /* nesting of parentheses, calls and prefix operators */
} Parser;

static ENode *node_new(NodeKind kind, size_t off)
{
    ENode *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->off = off;
    }
    return n;
}

static void node_free(ENode *n)
{
    if (!n)
        return;
    for (int i = 0; i < n->nkids; i++)
        node_free(n->kids[i]);
    free(n->text);
    free(n);
}

static ENode *fail(Parser *p, size_t off, const char *msg)
{
    if (!p->failed) {
        p->failed = true;
        p->err_off = off;
        rerror_set(p->err, "%s", msg);
    }
    return NULL;
}

static void skip_ws(Parser *p)
{
    while (p->s[p->pos] && isspace((unsigned char)p->s[p->pos]))
        p->pos++;
}

/* Matches a punctuation operator or a keyword (keywords must end at a non-identifier char). */
static bool accept(Parser *p, const char *tok)
{
    skip_ws(p);
    size_t n = strlen(tok);
    if (strncmp(p->s + p->pos, tok, n) != 0)
        return false;
    if (isalpha((unsigned char)tok[0])) {
        char c = p->s[p->pos + n];
        if (isalnum((unsigned char)c) || c == '_')
            return false;
    }
    /* "<" must not match "<=", "=" alone is not an operator, "!" must not match "!=" */
    if ((strcmp(tok, "<") == 0 || strcmp(tok, ">") == 0 || strcmp(tok, "!") == 0) && p->s[p->pos + 1] == '=')
        return false;
    p->pos += n;
    return true;
}

static ENode *parse_or(Parser *p);

static ENode *bin(Parser *p, BinOp op, ENode *a, ENode *b, size_t off)
{
    if (!a || !b) {
        node_free(a);
        node_free(b);
        return NULL;
    }
    ENode *n = node_new(N_BIN, off);
    if (!n) {
        node_free(a);
        node_free(b);
        return fail(p, off, "out of memory");
    }
    n->op = op;
    n->kids[0] = a;
    n->kids[1] = b;
    n->nkids = 2;
    return n;
}

static ENode *parse_primary(Parser *p)
{
    skip_ws(p);
    size_t off = p->pos;
    char c = p->s[p->pos];
    if (c == '(') {
        p->pos++;
        ENode *e = parse_or(p);
        if (!e)
            return NULL;
        if (!accept(p, ")")) {
            node_free(e);
            return fail(p, p->pos, "expected ')'");
        }
        return e;
    }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p->s[p->pos + 1]))) {
        char *end;
        double v = strtod(p->s + p->pos, &end);
        p->pos = (size_t)(end - p->s);
        ENode *n = node_new(N_NUM, off);
        if (!n)
            return fail(p, off, "out of memory");
        n->num = v;
        return n;
    }
    if (c == '\'' || c == '"') {
        size_t start = ++p->pos;
        while (p->s[p->pos] && p->s[p->pos] != c)
            p->pos++;
        if (!p->s[p->pos])
            return fail(p, off, "unterminated string");
        ENode *n = node_new(N_STR, off);
        if (!n)
            return fail(p, off, "out of memory");
        n->text = strndup(p->s + start, p->pos - start);
        p->pos++;
        return n;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        size_t start = p->pos;
        while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_' || p->s[p->pos] == '.')
            p->pos++;
        size_t len = p->pos - start;
        char *word = strndup(p->s + start, len);
        if (!word)
            return fail(p, off, "out of memory");
        if (strcmp(word, "true") == 0 || strcmp(word, "false") == 0) {
            ENode *n = node_new(N_BOOL, off);
            if (n)
                n->b = word[0] == 't';
            free(word);
            return n ? n : fail(p, off, "out of memory");
        }
        if (strcmp(word, "null") == 0) {
            free(word);
            ENode *n = node_new(N_NULL, off);
            return n ? n : fail(p, off, "out of memory");
        }
        if (word[len - 1] == '.' || strstr(word, "..")) {
            free(word);
            return fail(p, off, "malformed name");
        }
        skip_ws(p);
        if (p->s[p->pos] == '(') {
            p->pos++;
            ENode *n = node_new(N_CALL, off);
            if (!n) {
                free(word);
                return fail(p, off, "out of memory");
            }
            n->text = word;
            skip_ws(p);
            if (p->s[p->pos] == ')') {
                p->pos++;
                return n;
            }
            for (;;) {
                if (n->nkids == 3) {
                    node_free(n);
                    return fail(p, p->pos, "too many arguments");
                }
                ENode *a = parse_or(p);
                if (!a) {
                    node_free(n);
                    return NULL;
                }
                n->kids[n->nkids++] = a;
                if (accept(p, ","))
                    continue;
                if (accept(p, ")"))
                    return n;
                node_free(n);
                return fail(p, p->pos, "expected ',' or ')'");
            }
        }
        ENode *n = node_new(N_PATH, off);
        if (!n) {
            free(word);
            return fail(p, off, "out of memory");
        }
        n->text = word;
        return n;
    }
    if (!c)
        return fail(p, off, "unexpected end of expression");
    return fail(p, off, "unexpected character");
}

static ENode *parse_unary(Parser *p)
{
    skip_ws(p);
    size_t off = p->pos;
    if (accept(p, "-")) {
        if (++p->depth > EXPR_MAX_DEPTH)
            return fail(p, off, "expression nested too deeply");
        ENode *a = parse_unary(p);
        p->depth--;
        if (!a)
            return NULL;
        ENode *n = node_new(N_NEG, off);
        if (!n) {
            node_free(a);
            return fail(p, off, "out of memory");
        }
        n->kids[0] = a;
        n->nkids = 1;
        return n;
    }
    return parse_primary(p);
}

static ENode *parse_mul(Parser *p)
{
    ENode *a = parse_unary(p);
    while (a) {
        skip_ws(p);
        size_t off = p->pos;
        if (accept(p, "*"))
            a = bin(p, OP_MUL, a, parse_unary(p), off);
        else if (accept(p, "/"))
            a = bin(p, OP_DIV, a, parse_unary(p), off);
        else
            break;
    }
    return a;
}

static ENode *parse_add(Parser *p)
{
    ENode *a = parse_mul(p);
    while (a) {
        skip_ws(p);
        size_t off = p->pos;
        if (accept(p, "+"))
            a = bin(p, OP_ADD, a, parse_mul(p), off);
        else if (accept(p, "-"))
            a = bin(p, OP_SUB, a, parse_mul(p), off);
        else
            break;
    }
    return a;
}

static ENode *parse_cmp(Parser *p)
{
    ENode *a = parse_add(p);
    if (!a)
        return NULL;
    static const struct { const char *tok; BinOp op; } ops[] = {
        {"==", OP_EQ}, {"!=", OP_NE}, {"<=", OP_LE}, {">=", OP_GE}, {"<", OP_LT}, {">", OP_GT},
    };
    skip_ws(p);
    size_t off = p->pos;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (accept(p, ops[i].tok))
            return bin(p, ops[i].op, a, parse_add(p), off);
    return a;
}

static ENode *parse_not(Parser *p)
{
    skip_ws(p);
    size_t off = p->pos;
    if (accept(p, "!") || accept(p, "not")) {
        if (++p->depth > EXPR_MAX_DEPTH)
            return fail(p, off, "expression nested too deeply");
        ENode *a = parse_not(p);
        p->depth--;
        if (!a)
            return NULL;
        ENode *n = node_new(N_NOT, off);
        if (!n) {
            node_free(a);
            return fail(p, off, "out of memory");
        }
        n->kids[0] = a;
        n->nkids = 1;
        return n;
    }
    return parse_cmp(p);
}

static ENode *parse_and(Parser *p)
{
    ENode *a = parse_not(p);
    while (a) {
        skip_ws(p);
        size_t off = p->pos;
        if (accept(p, "&&") || accept(p, "and"))
            a = bin(p, OP_AND, a, parse_not(p), off);
        else
            break;
    }
    return a;
}

static ENode *parse_or(Parser *p)
{
    if (++p->depth > EXPR_MAX_DEPTH) {
        p->depth--;
        return fail(p, p->pos, "expression nested too deeply");
    }
    ENode *a = parse_and(p);
    while (a) {
        skip_ws(p);
        size_t off = p->pos;
        if (accept(p, "||") || accept(p, "or"))
            a = bin(p, OP_OR, a, parse_and(p), off);
        else
            break;
    }
    p->depth--;
    return a;
}

int expr_parse(const char *src, Expr **out, size_t *err_off, RError *err)
{
    *out = NULL;
    Parser p = {.s = src ? src : "", .err = err};
    if (strlen(p.s) > EXPR_MAX_BYTES) {
        if (err_off)
            *err_off = 0;
        return rerror_set(err, "expression longer than %d bytes", EXPR_MAX_BYTES);
    }
    ENode *root = parse_or(&p);
    if (root) {
        skip_ws(&p);
        if (p.s[p.pos]) {
            node_free(root);
            root = fail(&p, p.pos, "unexpected text after expression");
        }
    }
    if (!root) {
        if (!p.failed)
            fail(&p, p.pos, "empty expression");
        if (err_off)
            *err_off = p.err_off;
        return -1;
    }
    Expr *e = calloc(1, sizeof *e);
    if (!e || !(e->src = strdup(p.s))) {
        free(e);
        node_free(root);
        return rerror_set(err, "out of memory");
    }
    e->root = root;
    *out = e;
    return 0;
}

void expr_free(Expr *e)
{
    if (!e)
        return;
    node_free(e->root);
    free(e->src);
    free(e);
}

const char *expr_source(const Expr *e)
{
    return e ? e->src : "";
}

