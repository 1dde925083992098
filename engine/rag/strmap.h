/* StrMap: an open-addressing hash map from strings (copied into an arena) to 32-bit values. */
#ifndef RAMPUP_ENGINE_RAG_STRMAP_H
#define RAMPUP_ENGINE_RAG_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct StrMap {
    uint32_t *slots;   /* owned: 0 = empty, else entry index + 1 */
    size_t nslots;     /* power of two */
    char **keys;       /* owned array; each key points into an arena block */
    int32_t *values;   /* owned */
    size_t n;          /* entries */
    size_t cap;
    char **blocks;     /* owned arena blocks */
    size_t nblocks;
    size_t block_used; /* bytes used in the last block */
} StrMap;

/* Initializes an empty map (no allocation until the first put). */
void strmap_init(StrMap *m);
void strmap_clear(StrMap *m); /* frees everything; the map is empty and usable again */

/* Index of key[0..len) (0..n-1), or -1 when absent. */
long strmap_find(const StrMap *m, const char *key, size_t len);

/* Index of key[0..len), inserting it with value v when absent. Returns -1 when memory runs
 * out. *added (may be NULL) says whether it was inserted. */
long strmap_put(StrMap *m, const char *key, size_t len, int32_t v, int *added);

#endif
