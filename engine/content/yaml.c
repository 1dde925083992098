/* YAML/JSON reader: libyaml parser events -> cJSON tree, with a side table of node positions
 * so that decoders can report file:line:col. Scalars resolve by the YAML 1.2 core schema. */
#include "engine/content/yaml.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#undef yaml_free /* our alias for yaml_doc_free; libyaml declares its own */
#include <yaml.h>

#include "engine/content/yaml_priv.h"
#include "engine/fileio.h"

/* Limits that keep hostile or broken input from exhausting the stack or memory. */
#define YAML_MAX_DEPTH 256                 /* nested mappings/sequences */
#define YAML_MAX_ALIAS_NODES 1000000u      /* nodes created by expanding aliases ("billion laughs") */
#define YAML_SMALL_MAP 16                  /* mappings up to this size check duplicates linearly */

/* ---- per-mapping key index for large mappings ---- */

typedef struct KeyIndex {
    cJSON **slots; /* owned array of borrowed items */
    size_t cap;
    size_t count;
} KeyIndex;

static size_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

static cJSON *keyidx_find(const KeyIndex *k, const char *key)
{
    if (!k->cap)
        return NULL;
    size_t mask = k->cap - 1;
    for (size_t i = str_hash(key) & mask; k->slots[i]; i = (i + 1) & mask)
        if (strcmp(k->slots[i]->string, key) == 0)
            return k->slots[i];
    return NULL;
}

static int keyidx_put(KeyIndex *k, cJSON *item)
{
    if ((k->count + 1) * 2 > k->cap) {
        size_t ncap = k->cap ? k->cap * 2 : 64;
        cJSON **ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < k->cap; i++) {
            if (!k->slots[i])
                continue;
            size_t j = str_hash(k->slots[i]->string) & (ncap - 1);
            while (ns[j])
                j = (j + 1) & (ncap - 1);
            ns[j] = k->slots[i];
        }
        free(k->slots);
        k->slots = ns;
        k->cap = ncap;
    }
    size_t mask = k->cap - 1;
    size_t i = str_hash(item->string) & mask;
    while (k->slots[i] && strcmp(k->slots[i]->string, item->string) != 0)
        i = (i + 1) & mask;
    if (!k->slots[i])
        k->count++;
    k->slots[i] = item;
    return 0;
}

/* ---- builder ---- */

typedef struct Frame {
    cJSON *node;     /* borrowed (owned by the tree or by `pending`) */
    int is_map;
    char *key;       /* owned; pending key of a mapping, NULL when the next scalar is a key */
    int key_line, key_col;
    int key_is_merge;
    int line, col;   /* where the container starts */
    size_t nitems;
    KeyIndex index;  /* built once a mapping grows past YAML_SMALL_MAP */
} Frame;

typedef struct Anchor {
    char *name;  /* owned */
    cJSON *node; /* borrowed from the tree */
} Anchor;

typedef struct Builder {
    YamlDoc *doc;
    const char *name;
    const char *text;
    size_t len;
    Frame stack[YAML_MAX_DEPTH + 1];
    int depth;
    Anchor *anchors; /* owned */
    size_t nanchors, anchors_cap;
    size_t alias_nodes;
    int ndocs;
    RError *err;
} Builder;

static int oom(Builder *b)
{
    return rerror_set(b->err, "out of memory while reading %s", b->name);
}

static int err_at(Builder *b, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int err_at(Builder *b, int line, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rerror_at(b->err, b->name, line, col, "%s", msg);
}

static const char *mark_hint(const Builder *b, const yaml_mark_t *m)
{
    /* Finds the character at the mark (line/column count code points) to explain tabs. */
    size_t i = 0, line = 0;
    while (i < b->len && line < m->line) {
        if (b->text[i] == '\n')
            line++;
        i++;
    }
    size_t col = 0;
    while (i < b->len && col < m->column && b->text[i] != '\n') {
        i++;
        while (i < b->len && ((unsigned char)b->text[i] & 0xC0) == 0x80)
            i++;
        col++;
    }
    if (i < b->len && b->text[i] == '\t')
        return " (a tab; YAML indentation must use spaces)";
    return "";
}

static int parser_error(Builder *b, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "syntax error";
    if (p->error == YAML_MEMORY_ERROR)
        return oom(b);
    if (p->error == YAML_READER_ERROR)
        return rerror_at(b->err, b->name, 0, 0, "%s at byte %zu", problem, p->problem_offset);
    const yaml_mark_t *m = &p->problem_mark;
    const char *hint = mark_hint(b, m);
    if (p->context && (p->context_mark.line != m->line || p->context_mark.column != m->column))
        return err_at(b, (int)m->line + 1, (int)m->column + 1, "%s%s %s that started at %d:%d", problem,
                      hint, p->context, (int)p->context_mark.line + 1,
                      (int)p->context_mark.column + 1);
    if (p->context)
        return err_at(b, (int)m->line + 1, (int)m->column + 1, "%s%s %s", problem, hint,
                      p->context);
    return err_at(b, (int)m->line + 1, (int)m->column + 1, "%s%s", problem, hint);
}

static cJSON *copy_node(Builder *b, const cJSON *src, int *rc)
{
    if (++b->alias_nodes > YAML_MAX_ALIAS_NODES) {
        *rc = -2;
        return NULL;
    }
    cJSON *dst;
    if (cJSON_IsObject(src))
        dst = cJSON_CreateObject();
    else if (cJSON_IsArray(src))
        dst = cJSON_CreateArray();
    else
        dst = cJSON_Duplicate(src, 0);
    if (!dst) {
        *rc = -1;
        return NULL;
    }
    PosEntry *pe = yaml_pos_find(&b->doc->pos, src);
    if (pe && yaml_pos_put(&b->doc->pos, dst, pe->line, pe->col, pe->kline, pe->kcol, 0) < 0) {
        cJSON_Delete(dst);
        *rc = -1;
        return NULL;
    }
    if (cJSON_IsObject(src) || cJSON_IsArray(src)) {
        for (const cJSON *c = src->child; c; c = c->next) {
            cJSON *cc = copy_node(b, c, rc);
            if (!cc) {
                cJSON_Delete(dst);
                return NULL;
            }
            if (cJSON_IsObject(src)) {
                cJSON_AddItemToObject(dst, c->string, cc);
                if (!cc->string) {
                    cJSON_Delete(dst);
                    *rc = -1;
                    return NULL;
                }
            } else {
                cJSON_AddItemToArray(dst, cc);
            }
        }
    }
    return dst;
}

static cJSON *map_lookup(Frame *f, const char *key)
{
    if (f->index.cap)
        return keyidx_find(&f->index, key);
    return cJSON_GetObjectItemCaseSensitive(f->node, key);
}

static int map_index(Frame *f, cJSON *item)
{
    if (!f->index.cap && f->nitems < YAML_SMALL_MAP)
        return 0;
    if (!f->index.cap) {
        for (cJSON *c = f->node->child; c; c = c->next)
            if (keyidx_put(&f->index, c) < 0)
                return -1;
        return 0; /* item is already among the children */
    }
    return keyidx_put(&f->index, item);
}

/* Adds `key: val` to the mapping in f. `merged` items lose to explicit keys. Takes val. */
static int map_add(Builder *b, Frame *f, const char *key, cJSON *val, int line, int col,
                   int merged)
{
    cJSON *old = map_lookup(f, key);
    if (old) {
        PosEntry *pe = yaml_pos_find(&b->doc->pos, old);
        int old_merged = pe && pe->merged;
        if (merged || !old_merged) {
            if (merged) { /* the first merged or an explicit key wins */
                cJSON_AddItemToArray(b->doc->spare, val);
                return 0;
            }
            cJSON_Delete(val);
            int ol = pe ? pe->kline : 0, oc = pe ? pe->kcol : 0;
            return err_at(b, f->key_line, f->key_col,
                          "duplicate key \"%s\" (first defined at %d:%d)", key, ol, oc);
        }
        /* An explicit key overrides a merged one, in the merged one's place. */
        int idx = 0;
        for (cJSON *c = f->node->child; c && c != old; c = c->next)
            idx++;
        cJSON_DetachItemViaPointer(f->node, old);
        cJSON_AddItemToArray(b->doc->spare, old);
        val->string = strdup(key);
        if (!val->string) {
            cJSON_Delete(val);
            return oom(b);
        }
        if (!cJSON_InsertItemInArray(f->node, idx, val)) {
            cJSON_Delete(val);
            return oom(b);
        }
        if (f->index.cap && keyidx_put(&f->index, val) < 0)
            return oom(b);
        if (yaml_pos_put(&b->doc->pos, val, line, col, f->key_line, f->key_col, 0) < 0)
            return oom(b);
        return 0;
    }
    cJSON_AddItemToObject(f->node, key, val);
    if (!val->string)
        return oom(b);
    f->nitems++;
    if (map_index(f, val) < 0)
        return oom(b);
    if (merged) {
        PosEntry *pe = yaml_pos_find(&b->doc->pos, val);
        if (pe)
            pe->merged = 1;
        else if (yaml_pos_put(&b->doc->pos, val, line, col, 0, 0, 1) < 0)
            return oom(b);
    } else if (yaml_pos_put(&b->doc->pos, val, line, col, f->key_line, f->key_col, 0) < 0) {
        return oom(b);
    }
    return 0;
}

static int merge_one(Builder *b, Frame *f, const cJSON *src)
{
    for (const cJSON *c = src->child; c; c = c->next) {
        int rc = 0;
        cJSON *cc = copy_node(b, c, &rc);
        if (!cc)
            return rc == -2 ? err_at(b, f->key_line, f->key_col, "too many nodes from aliases (limit %u)",
                                     YAML_MAX_ALIAS_NODES)
                            : oom(b);
        PosEntry *pe = yaml_pos_find(&b->doc->pos, c);
        if (map_add(b, f, c->string, cc, pe ? pe->line : 0, pe ? pe->col : 0, 1) < 0)
            return -1;
    }
    return 0;
}

/* Handles `<<: value`: a mapping, or a sequence of mappings, whose keys are merged in. */
static int do_merge(Builder *b, Frame *f, cJSON *val, int line, int col)
{
    int rc = 0;
    if (cJSON_IsObject(val)) {
        rc = merge_one(b, f, val);
    } else if (cJSON_IsArray(val)) {
        for (const cJSON *c = val->child; c && rc == 0; c = c->next) {
            if (!cJSON_IsObject(c)) {
                PosEntry *pe = yaml_pos_find(&b->doc->pos, c);
                rc = err_at(b, pe ? pe->line : line, pe ? pe->col : col,
                            "merge key \"<<\" expects mappings");
            } else {
                rc = merge_one(b, f, c);
            }
        }
    } else {
        rc = err_at(b, line, col, "merge key \"<<\" expects a mapping or a list of mappings");
    }
    cJSON_AddItemToArray(b->doc->spare, val); /* anchors may point into it */
    return rc;
}

/* Attaches a finished value to the current container (or makes it the root). Takes val. */
static int attach(Builder *b, cJSON *val, int line, int col)
{
    if (b->depth == 0) {
        b->doc->root = val;
        return yaml_pos_put(&b->doc->pos, val, line, col, 0, 0, 0) < 0 ? oom(b) : 0;
    }
    Frame *f = &b->stack[b->depth - 1];
    if (!f->is_map) {
        cJSON_AddItemToArray(f->node, val);
        f->nitems++;
        return yaml_pos_put(&b->doc->pos, val, line, col, 0, 0, 0) < 0 ? oom(b) : 0;
    }
    char *key = f->key;
    f->key = NULL;
    int rc = f->key_is_merge ? do_merge(b, f, val, line, col)
                             : map_add(b, f, key, val, line, col, 0);
    free(key);
    return rc;
}

static void scalar_text_of(const cJSON *n, char *buf, size_t size)
{
    if (cJSON_IsString(n))
        snprintf(buf, size, "%s", n->valuestring);
    else if (cJSON_IsNumber(n))
        snprintf(buf, size, "%.17g", n->valuedouble);
    else if (cJSON_IsBool(n))
        snprintf(buf, size, "%s", cJSON_IsTrue(n) ? "true" : "false");
    else
        snprintf(buf, size, "null");
}

/* Sets the pending key of the mapping in f. */
static int set_key(Builder *b, Frame *f, const char *key, int is_merge, int line, int col)
{
    f->key = strdup(key);
    if (!f->key)
        return oom(b);
    f->key_is_merge = is_merge;
    f->key_line = line;
    f->key_col = col;
    return 0;
}

static int add_anchor(Builder *b, const char *name, cJSON *node)
{
    /* A later anchor with the same name shadows the earlier one (YAML spec 3.2.2.2). */
    if (b->nanchors == b->anchors_cap) {
        size_t ncap = b->anchors_cap ? b->anchors_cap * 2 : 16;
        Anchor *na = realloc(b->anchors, ncap * sizeof *na);
        if (!na)
            return oom(b);
        b->anchors = na;
        b->anchors_cap = ncap;
    }
    char *n = strdup(name);
    if (!n)
        return oom(b);
    b->anchors[b->nanchors++] = (Anchor){ .name = n, .node = node };
    return 0;
}

static cJSON *find_anchor(const Builder *b, const char *name)
{
    for (size_t i = b->nanchors; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return b->anchors[i].node;
    return NULL;
}

static int make_scalar(Builder *b, const yaml_event_t *ev, cJSON **out)
{
    const char *val = (const char *)ev->data.scalar.value;
    const char *tag = (const char *)ev->data.scalar.tag;
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    double num = 0;
    int bv = 0;
    int kind;
    if (tag && strcmp(tag, "!") != 0) {
        const char *core = "tag:yaml.org,2002:";
        size_t cl = strlen(core);
        if (strncmp(tag, core, cl) != 0)
            return err_at(b, line, col, "unsupported tag \"%s\"", tag);
        const char *t = tag + cl;
        kind = yaml_resolve_plain(val, &num, &bv);
        if (strcmp(t, "str") == 0) {
            kind = SC_STR;
        } else if (strcmp(t, "null") == 0 && kind == SC_NULL) {
        } else if (strcmp(t, "bool") == 0 && kind == SC_BOOL) {
        } else if ((strcmp(t, "int") == 0 || strcmp(t, "float") == 0) && kind == SC_NUM) {
            if (strcmp(t, "int") == 0 && (!isfinite(num) || num != floor(num)))
                return err_at(b, line, col, "\"%s\" is not an integer", val);
        } else if (strcmp(t, "str") && strcmp(t, "null") && strcmp(t, "bool") &&
                   strcmp(t, "int") && strcmp(t, "float")) {
            return err_at(b, line, col, "unsupported tag \"!!%s\"", t);
        } else {
            return err_at(b, line, col, "\"%s\" is not a valid !!%s", val, t);
        }
    } else if (plain && !tag) {
        kind = yaml_resolve_plain(val, &num, &bv);
    } else {
        kind = SC_STR; /* quoted, block scalars and the non-specific tag "!" */
    }
    cJSON *n;
    switch (kind) {
    case SC_NULL: n = cJSON_CreateNull(); break;
    case SC_BOOL: n = cJSON_CreateBool(bv); break;
    case SC_NUM: n = cJSON_CreateNumber(num); break;
    default: n = cJSON_CreateString(val); break;
    }
    if (!n)
        return oom(b);
    *out = n;
    return 0;
}

static int on_scalar(Builder *b, const yaml_event_t *ev)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    Frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (f && f->is_map && !f->key) {
        const char *k = (const char *)ev->data.scalar.value;
        if (ev->data.scalar.length != strlen(k))
            return err_at(b, line, col, "key contains a NUL character");
        int is_merge = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(k, "<<") == 0;
        if (ev->data.scalar.anchor)
            return err_at(b, line, col, "anchors on mapping keys are not supported");
        return set_key(b, f, k, is_merge, line, col);
    }
    cJSON *n = NULL;
    if (make_scalar(b, ev, &n) < 0)
        return -1;
    if (ev->data.scalar.anchor && add_anchor(b, (const char *)ev->data.scalar.anchor, n) < 0) {
        cJSON_Delete(n);
        return -1;
    }
    return attach(b, n, line, col);
}

static int on_alias(Builder *b, const yaml_event_t *ev)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    const char *name = (const char *)ev->data.alias.anchor;
    cJSON *target = find_anchor(b, name);
    if (!target)
        return err_at(b, line, col, "unknown alias \"*%s\"", name);
    for (int i = 0; i < b->depth; i++)
        if (b->stack[i].node == target)
            return err_at(b, line, col, "alias \"*%s\" refers to a node that contains it", name);
    Frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (f && f->is_map && !f->key) {
        if (cJSON_IsObject(target) || cJSON_IsArray(target))
            return err_at(b, line, col, "alias \"*%s\" used as a key must refer to a scalar", name);
        char buf[64];
        const char *k = buf;
        if (cJSON_IsString(target))
            k = target->valuestring;
        else
            scalar_text_of(target, buf, sizeof buf);
        return set_key(b, f, k, 0, line, col);
    }
    if (f && f->is_map && f->key_is_merge) {
        /* Merge straight from the anchored node without an intermediate copy. */
        char *key = f->key;
        f->key = NULL;
        free(key);
        int rc = 0;
        if (cJSON_IsObject(target))
            rc = merge_one(b, f, target);
        else if (cJSON_IsArray(target)) {
            for (const cJSON *c = target->child; c && rc == 0; c = c->next)
                rc = cJSON_IsObject(c) ? merge_one(b, f, c)
                                       : err_at(b, line, col, "merge key \"<<\" expects mappings");
        } else
            rc = err_at(b, line, col, "merge key \"<<\" expects a mapping or a list of mappings");
        return rc;
    }
    int rc = 0;
    cJSON *copy = copy_node(b, target, &rc);
    if (!copy)
        return rc == -2 ? err_at(b, line, col, "too many nodes from aliases (limit %u)",
                                 YAML_MAX_ALIAS_NODES)
                        : oom(b);
    /* The copy keeps the anchored node's positions; the top node gets the alias position. */
    return attach(b, copy, line, col);
}

static int on_start(Builder *b, const yaml_event_t *ev, int is_map)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    Frame *parent = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (parent && parent->is_map && !parent->key)
        return err_at(b, line, col, "a %s cannot be a mapping key (keys must be scalars)",
                      is_map ? "mapping" : "sequence");
    if (b->depth >= YAML_MAX_DEPTH)
        return err_at(b, line, col, "nesting deeper than %d levels", YAML_MAX_DEPTH);
    const char *tag = is_map ? (const char *)ev->data.mapping_start.tag
                             : (const char *)ev->data.sequence_start.tag;
    if (tag && strcmp(tag, "!") != 0 &&
        strcmp(tag, is_map ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq") != 0)
        return err_at(b, line, col, "unsupported tag \"%s\"", tag);
    cJSON *n = is_map ? cJSON_CreateObject() : cJSON_CreateArray();
    if (!n)
        return oom(b);
    const char *anchor = is_map ? (const char *)ev->data.mapping_start.anchor
                                : (const char *)ev->data.sequence_start.anchor;
    if (anchor && add_anchor(b, anchor, n) < 0) {
        cJSON_Delete(n);
        return -1;
    }
    Frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = n;
    f->is_map = is_map;
    f->key_line = line;
    f->key_col = col;
    f->line = line;
    f->col = col;
    return 0;
}

static int on_end(Builder *b)
{
    Frame *f = &b->stack[--b->depth];
    cJSON *n = f->node;
    free(f->key);
    free(f->index.slots);
    int line = f->line, col = f->col;
    memset(f, 0, sizeof *f);
    return attach(b, n, line, col);
}

static void builder_cleanup(Builder *b)
{
    /* Open containers are not yet attached to the tree: delete them from the outermost in. */
    for (int i = b->depth; i-- > 0;) {
        free(b->stack[i].key);
        free(b->stack[i].index.slots);
    }
    for (int i = 0; i < b->depth; i++)
        cJSON_Delete(b->stack[i].node);
    b->depth = 0;
    for (size_t i = 0; i < b->nanchors; i++)
        free(b->anchors[i].name);
    free(b->anchors);
    b->anchors = NULL;
    b->nanchors = 0;
}

static int run_parser(Builder *b)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return oom(b);
    yaml_parser_set_input_string(&p, (const unsigned char *)b->text, b->len);
    int rc = 0, done = 0;
    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(b, &p);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++b->ndocs > 1)
                rc = err_at(b, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                            "expected a single document, found a second one");
            break;
        case YAML_SCALAR_EVENT: rc = on_scalar(b, &ev); break;
        case YAML_ALIAS_EVENT: rc = on_alias(b, &ev); break;
        case YAML_SEQUENCE_START_EVENT: rc = on_start(b, &ev, 0); break;
        case YAML_MAPPING_START_EVENT: rc = on_start(b, &ev, 1); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: rc = on_end(b); break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

int yaml_load_string(const char *name, const char *text, size_t len, YamlDoc **out, RError *err)
{
    *out = NULL;
    if (!name)
        name = "<string>";
    YamlDoc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->name = strdup(name)) || !(doc->spare = cJSON_CreateArray())) {
        if (doc)
            free(doc->name);
        free(doc);
        return rerror_set(err, "out of memory while reading %s", name);
    }
    Builder *b = calloc(1, sizeof *b); /* the frame stack is large: keep it off the C stack */
    if (!b) {
        yaml_doc_free(doc);
        return rerror_set(err, "out of memory while reading %s", name);
    }
    b->doc = doc;
    b->name = name;
    b->text = text ? text : "";
    b->len = text ? len : 0;
    b->err = err;
    int rc = run_parser(b);
    builder_cleanup(b);
    free(b);
    if (rc == 0 && !doc->root) {
        /* An empty stream is an empty document: null. */
        doc->root = cJSON_CreateNull();
        if (!doc->root || yaml_pos_put(&doc->pos, doc->root, 1, 1, 0, 0, 0) < 0)
            rc = rerror_set(err, "out of memory while reading %s", name);
    }
    if (rc < 0) {
        yaml_doc_free(doc);
        return -1;
    }
    *out = doc;
    return 0;
}

int yaml_load_file(const char *path, YamlDoc **out, RError *err)
{
    *out = NULL;
    char *buf;
    size_t len;
    if (fileio_read(path, YAML_MAX_FILE_BYTES, &buf, &len, err) != 0)
        return -1;
    int rc = yaml_load_string(path, buf, len, out, err);
    free(buf);
    return rc;
}
