/* Internal to engine/agent/expr*.c: the expression AST. */
#ifndef RAMPUP_ENGINE_AGENT_EXPR_PRIV_H
#define RAMPUP_ENGINE_AGENT_EXPR_PRIV_H

#include <stdbool.h>
#include <stddef.h>

typedef enum NodeKind {
    N_NUM,
    N_STR,
    N_BOOL,
    N_NULL,
    N_PATH,
    N_CALL,
    N_NOT,
    N_NEG,
    N_BIN
} NodeKind;

typedef enum BinOp { OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_ADD, OP_SUB, OP_MUL, OP_DIV } BinOp;

typedef struct ENode {
    NodeKind kind;
    BinOp op;
    double num;
    bool b;
    char *text; /* owned: string literal, path or function name */
    size_t off; /* byte offset in the source */
    struct ENode *kids[3];
    int nkids;
} ENode;

struct Expr {
    char *src; /* owned */
    ENode *root; /* owned */
};

#endif
