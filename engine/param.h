/* Parameter tables: every setting of a topic declared once. One `ParamTable` per topic (in that
 * topic's engine folder) describes the fields of its settings struct; the CLI options, the
 * `:pane` / note-link pairs, the saved state, the JSON and the slider ranges all come from it,
 * in the manner of tig's OPTION_INFO and redis's command argument tables.
 *
 * One name per setting: `block_size` is the JSON, saved-state and link key and `--block-size`
 * the CLI flag (`--block_size` is accepted too).
 *
 * Numbers take suffixes, by the spec's `suffix` class:
 *   PARAM_SFX_BINARY   token counts (contexts, blocks): 32k = 32768, 1M = 1048576, 1G = 2^30
 *   PARAM_SFX_DECIMAL  parameters, training tokens, FLOPs, GPUs, requests: 70B = 7e10,
 *                      15T = 1.5e13, 2k = 2000 (k K M B G T P); also 1.5e13
 * Every number also accepts plain and scientific notation; reals accept "90%". What
 * param_format prints is accepted back.
 *
 * Names (presets, enums) match case-insensitively, ignoring '-', '_', '.', and spaces, by exact
 * name, label or alias first and then by unique prefix; a miss lists the nearest names. */
#ifndef RAMPUP_ENGINE_PARAM_H
#define RAMPUP_ENGINE_PARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "engine/error.h"

#define PARAM_NAME_MAX 64 /* storage of a PARAM_NAME field: char[PARAM_NAME_MAX] */
#define PARAM_MAX 64      /* specs per table (a ParamMask has one bit each) */

typedef enum ParamKind {
    PARAM_INT,  /* int */
    PARAM_U64,  /* uint64_t */
    PARAM_REAL, /* double */
    PARAM_ENUM, /* int: index into `choices` */
    PARAM_BOOL, /* bool: true/false, yes/no, on/off, 1/0 */
    PARAM_NAME  /* char[PARAM_NAME_MAX]: a preset's canonical name, resolved through the
                 * ParamContext list called `list` (models, GPUs loaded from YAML) */
} ParamKind;

typedef enum ParamSuffix { PARAM_SFX_NONE, PARAM_SFX_BINARY, PARAM_SFX_DECIMAL } ParamSuffix;

/* A set of names: an enum's choices (static) or a preset list (built from YAML). */
typedef struct ParamName {
    const char *name;           /* canonical: "h100-sxm" */
    const char *label;          /* also matched; may be NULL: "H100 SXM 80GB" */
    const char *const *aliases; /* may be NULL: {"h100", "H100 80GB"} */
    size_t naliases;
} ParamName;

typedef struct ParamNames {
    const char *list;    /* "gpu": what PARAM_NAME specs refer to */
    const char *what;    /* "GPU": for messages ("no GPU 'H10': …") */
    const char *listing; /* how to see them all: "rampup kv --list-gpus" (may be NULL) */
    const ParamName *items;
    size_t count;
} ParamNames;

/* The name lists the PARAM_NAME specs of a table resolve against (NULL: none loaded; a NAME
 * value is then taken as written). Borrowed. */
typedef struct ParamContext {
    const ParamNames *const *lists;
    size_t nlists;
} ParamContext;

typedef struct ParamSpec {
    const char *name;   /* "block_size" */
    ParamKind kind;
    size_t offset;      /* offsetof(settings struct, field) */
    double min, max;    /* INT, U64, REAL: accepted range (inclusive) */
    double def;         /* INT, U64, REAL, BOOL, ENUM (index): the default */
    const char *def_name; /* NAME: the default ("h100-sxm"), may be NULL for "" */
    const char *unit;   /* "tokens": in the usage text, may be NULL */
    ParamSuffix suffix;
    const char *help;   /* one line: "paged-attention block size" */
    const ParamNames *choices; /* ENUM */
    const char *list;   /* NAME: the ParamNames.list it resolves through */
    const char *alias;  /* an older key still accepted in pairs and JSON ("util"), or NULL */
} ParamSpec;

typedef struct ParamTable {
    const char *topic;  /* "kv": the command in messages ("try 'rampup kv --help'") */
    const ParamSpec *specs;
    size_t count;       /* <= PARAM_MAX */
    size_t size;        /* sizeof the settings struct */
    const char *positional; /* the spec a bare word in pairs sets ("model"), or NULL */
} ParamTable;

/* Bit i set: specs[i] was given. */
typedef uint64_t ParamMask;

/* ---- lookup ---- */
/* The spec called `name` ("block_size", "block-size" or its alias), or NULL. */
const ParamSpec *param_find(const ParamTable *t, const char *name);
/* Index of the spec in t, or -1. */
int param_index(const ParamTable *t, const ParamSpec *s);
/* Resolves `input` in names: exact name/label/alias (normalized), then a unique prefix.
 * Returns the item index, or -1 with err = "no GPU 'H10': did you mean h100-sxm, h200-sxm?"
 * followed by "(rampup kv --list-gpus lists them)" when names->listing is set. */
long param_match(const ParamNames *names, const char *input, RError *err);

/* ---- values ---- */
/* Writes every default into settings (which must be t->size bytes). */
void param_defaults(const ParamTable *t, void *settings);
/* Parses text as s's value into settings. `shown` names the setting in messages ("--tp" or
 * "tp"). Range and syntax errors say what was expected: "tp: expected an integer in 1..4096,
 * got '0'". */
int param_parse_value(const ParamSpec *s, const ParamContext *ctx, const char *text,
                      const char *shown, void *settings, RError *err);
/* A numeric spec's value as a double (NAME: 0). */
double param_get(const ParamSpec *s, const void *settings);
/* Sets a numeric / enum / bool field from a double, clamped to the range (INT, U64 rounded). */
void param_set(const ParamSpec *s, void *settings, double v);
/* The value as text that param_parse_value accepts back exactly ("32k", "70B", "0.9",
 * "bf16", "h100-sxm"). snprintf-style. */
int param_format(const ParamSpec *s, const void *settings, char *buf, size_t size);

/* ---- argv: `--batch 8`, `--batch=8` ---- */
/* Looks at argv[*i]. Returns 1 when it is one of t's options, parsed and stored, with *i left
 * on its last word; 0 when it is not t's (the command handles it or rejects it as unknown); -1
 * on a bad or missing value (err says which). Bits of `given` (may be NULL) are set. */
int param_argv(const ParamTable *t, const ParamContext *ctx, int argc, char **argv, int *i,
               void *settings, ParamMask *given, RError *err);

/* ---- pairs: `llama-3.1-8b batch=8 seq=32k` (links, :pane) ---- */
/* Words separated by spaces, ',', '&' or '?'. All or nothing: on any bad word settings is
 * unchanged and err names the word. A bare word sets t->positional. */
int param_parse_pairs(const ParamTable *t, const ParamContext *ctx, const char *text,
                      void *settings, ParamMask *given, RError *err);
/* "batch=8 seq=32k …" for every spec (only those differing from the default when
 * `changed_only`). snprintf-style. */
int param_to_pairs(const ParamTable *t, const void *settings, bool changed_only, char *buf,
                   size_t size);

/* ---- JSON (saved state, --json, agent tool arguments) ---- */
/* Sets (replacing) one member per spec in obj: numbers as numbers, enums and names as
 * strings, bools as booleans. Returns 0, or -1 when out of memory. */
int param_to_json(const ParamTable *t, const void *settings, cJSON *obj);
/* Reads the members present in obj (unknown members are ignored). strict: all or nothing,
 * like pairs. Not strict (saved state): good members apply, bad ones are skipped, and the
 * first is reported in err with -1. */
int param_from_json(const ParamTable *t, const ParamContext *ctx, const cJSON *obj,
                    void *settings, bool strict, ParamMask *given, RError *err);

/* ---- text for --help ---- */
/* One line per spec: "  --block-size N     paged-attention block size in tokens: 1..1024,
 * default 16 (k = 1024)", then a line stating the suffix rules used. snprintf-style. */
int param_usage(const ParamTable *t, char *buf, size_t size);
/* "1..4096" / "0.1..1" / "fp32, bf16, fp16" for s. snprintf-style. */
int param_range_text(const ParamSpec *s, char *buf, size_t size);

#endif
