/* Internal to the YAML reader (yaml.c, yaml_doc.c, yaml_scalar.c): the document object, its
 * position side table and core-schema scalar resolution. Not for other modules. */
#ifndef RAMPUP_ENGINE_CONTENT_YAML_PRIV_H
#define RAMPUP_ENGINE_CONTENT_YAML_PRIV_H

#include <cJSON.h>

#include "engine/content/yaml.h"

/* Position side table: open addressing keyed by node pointer. */
typedef struct PosEntry {
    const cJSON *node; /* borrowed; NULL = empty slot */
    int line, col;   /* the node */
    int kline, kcol; /* its key, when it is a mapping value; else 0 */
    int merged; /* 1 when the item came from a `<<` merge key (may be overridden) */
} PosEntry;

typedef struct PosTable {
    PosEntry *slots; /* owned */
    size_t cap;      /* power of two */
    size_t count;
} PosTable;

struct YamlDoc {
    char *name;   /* owned */
    cJSON *root;  /* owned */
    cJSON *spare; /* owned; nodes consumed by merges, kept so anchors and positions stay valid */
    PosTable pos;
};

/* Entry for node, or NULL. */
PosEntry *yaml_pos_find(const PosTable *t, const cJSON *node);
/* Inserts or updates node's position; -1 when memory runs out. */
int yaml_pos_put(PosTable *t, const cJSON *node, int line, int col, int kline, int kcol,
                 int merged);

enum { SC_NULL, SC_BOOL, SC_NUM, SC_STR };
/* Resolves a plain scalar by the YAML 1.2 core schema (spec 1.2.2, 10.3.2): returns SC_* and
 * fills *num or *bv. 0x1F and 0o17 are integers; yes/no/on/off stay strings. */
int yaml_resolve_plain(const char *s, double *num, int *bv);

#endif
