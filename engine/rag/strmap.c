/* StrMap: an open-addressing hash map from strings (copied into an arena) to 32-bit values. */
#include "engine/rag/strmap.h"

#include <stdlib.h>
#include <string.h>

#define STRMAP_BLOCK 65536

/* FNV-1a, 64-bit (Fowler, Noll, Vo; offset basis and prime from the published definition). */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

void strmap_init(StrMap *m)
{
    memset(m, 0, sizeof *m);
}

void strmap_clear(StrMap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nblocks; i++)
        free(m->blocks[i]);
    free(m->blocks);
    free(m->slots);
    free(m->keys);
    free(m->values);
    strmap_init(m);
}

long strmap_find(const StrMap *m, const char *key, size_t len)
{
    if (m->nslots == 0)
        return -1;
    size_t mask = m->nslots - 1;
    size_t i = (size_t)hash_bytes(key, len) & mask;
    for (;;) {
        uint32_t s = m->slots[i];
        if (s == 0)
            return -1;
        const char *k = m->keys[s - 1];
        if (strncmp(k, key, len) == 0 && k[len] == '\0')
            return (long)(s - 1);
        i = (i + 1) & mask;
    }
}

static int grow_slots(StrMap *m)
{
    size_t ns = m->nslots ? m->nslots * 2 : 1024;
    uint32_t *slots = calloc(ns, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t e = 0; e < m->n; e++) {
        size_t i = (size_t)hash_bytes(m->keys[e], strlen(m->keys[e])) & (ns - 1);
        while (slots[i])
            i = (i + 1) & (ns - 1);
        slots[i] = (uint32_t)e + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = ns;
    return 0;
}

static char *arena_copy(StrMap *m, const char *key, size_t len)
{
    size_t need = len + 1;
    if (m->nblocks == 0 || m->block_used + need > STRMAP_BLOCK) {
        size_t size = need > STRMAP_BLOCK ? need : STRMAP_BLOCK;
        char **nb = realloc(m->blocks, (m->nblocks + 1) * sizeof *nb);
        if (!nb)
            return NULL;
        m->blocks = nb;
        char *b = malloc(size);
        if (!b)
            return NULL;
        m->blocks[m->nblocks++] = b;
        m->block_used = 0;
    }
    char *dst = m->blocks[m->nblocks - 1] + m->block_used;
    memcpy(dst, key, len);
    dst[len] = '\0';
    m->block_used += need;
    return dst;
}

long strmap_put(StrMap *m, const char *key, size_t len, int32_t v, int *added)
{
    if (added)
        *added = 0;
    long f = strmap_find(m, key, len);
    if (f >= 0)
        return f;
    if ((m->n + 1) * 2 > m->nslots && grow_slots(m) != 0)
        return -1;
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 256;
        char **nk = realloc(m->keys, nc * sizeof *nk);
        if (!nk)
            return -1;
        m->keys = nk;
        int32_t *nv = realloc(m->values, nc * sizeof *nv);
        if (!nv)
            return -1;
        m->values = nv;
        m->cap = nc;
    }
    char *k = arena_copy(m, key, len);
    if (!k)
        return -1;
    size_t mask = m->nslots - 1;
    size_t i = (size_t)hash_bytes(key, len) & mask;
    while (m->slots[i])
        i = (i + 1) & mask;
    m->slots[i] = (uint32_t)m->n + 1;
    m->keys[m->n] = k;
    m->values[m->n] = v;
    if (added)
        *added = 1;
    return (long)m->n++;
}
