/* The infer settings as data: one row per InferQuery field with its name, kind, range, unit
 * and help. The CLI options, `:pane infer k=v` pairs, saved state and slider ranges all read
 * this table, so one name and one range hold everywhere. */
#ifndef RAMPUP_ENGINE_INFER_QUERY_H
#define RAMPUP_ENGINE_INFER_QUERY_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/infer/infer.h"

typedef enum InferFieldKind {
    INFER_F_INT,    /* int */
    INFER_F_U64,    /* uint64_t */
    INFER_F_DOUBLE, /* double */
    INFER_F_ENUM,   /* int-sized enum, value names in `choices` */
    INFER_F_STRING  /* char[size] */
} InferFieldKind;

typedef struct InferField {
    const char *name;     /* CLI --name, pane key */
    InferFieldKind kind;
    size_t offset;        /* offsetof(InferQuery, …) */
    size_t size;          /* for strings: buffer size */
    double min, max;      /* numeric range (inclusive) */
    const char *unit;
    const char *help;
    const char *const *choices; /* enums: NULL-terminated names */
} InferField;

/* The table and its length. */
const InferField *infer_fields(size_t *count);
const InferField *infer_field_find(const char *name);
/* Parses `value` into the field (strict numbers in range, enum names, bounded strings). */
int infer_query_set(InferQuery *q, const char *name, const char *value, RError *err);
/* Writes the field's value as text (for saved state and links). */
void infer_query_get(const InferQuery *q, const InferField *f, char *buf, size_t size);
/* The numeric value of a numeric or enum field. */
double infer_field_value(const InferQuery *q, const InferField *f);
/* Sets a numeric/enum field, clamped to its range. */
void infer_field_assign(InferQuery *q, const InferField *f, double v);

#endif
