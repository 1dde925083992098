/* The YAML document object: position side table, accessors and located errors. */
#include "engine/content/yaml.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/content/yaml_priv.h"

static size_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

PosEntry *yaml_pos_find(const PosTable *t, const cJSON *node)
{
    if (!t->cap || !node)
        return NULL;
    size_t mask = t->cap - 1;
    for (size_t i = ptr_hash(node) & mask;; i = (i + 1) & mask) {
        if (t->slots[i].node == node)
            return &t->slots[i];
        if (!t->slots[i].node)
            return NULL;
    }
}

int yaml_pos_put(PosTable *t, const cJSON *node, int line, int col, int kline, int kcol,
                 int merged)
{
    if (!node)
        return 0;
    if ((t->count + 1) * 4 > t->cap * 3) {
        size_t ncap = t->cap ? t->cap * 2 : 256;
        PosEntry *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].node)
                continue;
            size_t j = ptr_hash(t->slots[i].node) & (ncap - 1);
            while (ns[j].node)
                j = (j + 1) & (ncap - 1);
            ns[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = ns;
        t->cap = ncap;
    }
    size_t mask = t->cap - 1;
    size_t i = ptr_hash(node) & mask;
    while (t->slots[i].node && t->slots[i].node != node)
        i = (i + 1) & mask;
    if (!t->slots[i].node)
        t->count++;
    t->slots[i] = (PosEntry){
        .node = node, .line = line, .col = col, .kline = kline, .kcol = kcol, .merged = merged
    };
    return 0;
}

void yaml_doc_free(YamlDoc *doc)
{
    if (!doc)
        return;
    cJSON_Delete(doc->root);
    cJSON_Delete(doc->spare);
    free(doc->pos.slots);
    free(doc->name);
    free(doc);
}

const cJSON *yaml_root(const YamlDoc *doc)
{
    return doc ? doc->root : NULL;
}

const char *yaml_name(const YamlDoc *doc)
{
    return doc ? doc->name : "";
}

bool yaml_pos(const YamlDoc *doc, const cJSON *node, int *line, int *col)
{
    const PosEntry *pe = doc ? yaml_pos_find(&doc->pos, node) : NULL;
    if (!pe)
        return false;
    if (line)
        *line = pe->line;
    if (col)
        *col = pe->col;
    return true;
}

int yaml_error(const YamlDoc *doc, const cJSON *node, RError *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = 0, col = 0;
    yaml_pos(doc, node, &line, &col);
    return rerror_at(err, yaml_name(doc), line, col, "%s", msg);
}
