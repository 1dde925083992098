/* One YAML reader for all content files: libyaml -> cJSON, keeping each node's line and
 * column so that typed decoders can say `file:line:col: what was expected`. JSON is YAML,
 * so the same reader loads Hugging Face config.json files with positions. */
#ifndef RAMPUP_ENGINE_CONTENT_YAML_H
#define RAMPUP_ENGINE_CONTENT_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "engine/error.h"

/* Largest YAML or JSON file read (content packs, config.json, eval files): bigger ones are
 * refused with "file is larger than 16 MiB". A real config.json is a few KiB. */
#define YAML_MAX_FILE_BYTES (16u << 20)

typedef struct YamlDoc YamlDoc;

/* Loads and converts one document. Plain scalars resolve by the YAML 1.2 core schema: numbers
 * (42, -3, 0x1F, 0o17, 2.5, 1e-3, .inf, -.inf, .nan; integers past 2^53 become the nearest
 * double), booleans (true/True/TRUE, false/...), null (null, ~, empty); everything else,
 * including YAML 1.1's yes/no/on/off and 1_000, stays a string, as do all quoted and block
 * scalars and `!!str`. Anchors/aliases are copied (the copy keeps the anchor's positions) and
 * `<<` merge keys work. Errors, all with file:line:col: syntax errors (a tab in the
 * indentation is named as such), duplicate keys (with the first one's position), non-scalar
 * keys, unknown aliases and tags, a second document, nesting deeper than 256, more than 1e6
 * nodes from aliases, files over YAML_MAX_FILE_BYTES. An empty file gives a null root. */
int yaml_load_file(const char *path, YamlDoc **out, RError *err);
int yaml_load_string(const char *name, const char *text, size_t len, YamlDoc **out, RError *err);
/* Frees doc; accepts NULL. Named yaml_doc_free because libyaml itself exports a `yaml_free`
 * (its allocator); the macro keeps the short name working for callers. */
void yaml_doc_free(YamlDoc *doc);
#define yaml_free yaml_doc_free

const cJSON *yaml_root(const YamlDoc *doc);    /* borrowed; lives as long as doc */
const char *yaml_name(const YamlDoc *doc);     /* the file name given at load */

/* Position of a node of this doc (1-based); false if unknown (e.g. not from this doc). */
bool yaml_pos(const YamlDoc *doc, const cJSON *node, int *line, int *col);

/* Sets err to "<file>:<line>:<col>: <message>" at node's position. Returns -1. */
int yaml_error(const YamlDoc *doc, const cJSON *node, RError *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Typed field decoders on an object node. A missing key: when `required`, an error naming the
 * key at the object's position; otherwise *out is left unchanged and 0 is returned. A value
 * of the wrong type (or out of range / not integral for ints) is an error at the value. */
int yaml_get_int(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                 long long min, long long max, long long *out, RError *err);
int yaml_get_double(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                    double *out, RError *err);
int yaml_get_bool(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                  bool *out, RError *err);
/* *out is borrowed from the doc. */
int yaml_get_string(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                    const char **out, RError *err);
/* Loads path and finds its top-level `key:` list of 1 to max entries: *doc (free it with
 * yaml_free, also on failure when set) and *list (borrowed from it). A missing, empty or
 * too-long list is an error at its position. */
int yaml_load_list(const char *path, const char *key, int max, YamlDoc **doc,
                   const cJSON **list, RError *err);
/* The same, copied into dst[size]; a longer string is an error at the value. */
int yaml_get_string_buf(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                        char *dst, size_t size, RError *err);

#endif
