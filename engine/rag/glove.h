/* GloveTable: static word vectors (GloVe 6B 100d, top 50k words) stored as int8 with one
 * float scale per word, loaded from content/glove/. */
#ifndef RAMPUP_ENGINE_RAG_GLOVE_H
#define RAMPUP_ENGINE_RAG_GLOVE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/rag/strmap.h"

/* File layout of content/glove/vectors.i8 (all little-endian):
 *   8 bytes  magic "RGLOVEI8"
 *   uint32   n (words), uint32 dim
 *   float32  scale[n]            (row i's value j is scale[i] * q[i][j])
 *   int8     q[n][dim]           (row-major; row i is line i of vocab.txt)
 * vocab.txt: one word a line, LF, in GloVe's frequency order (row 0 = most frequent). */
#define GLOVE_MAGIC "RGLOVEI8"
#define GLOVE_VECTORS_FILE "vectors.i8"
#define GLOVE_VOCAB_FILE "vocab.txt"

typedef struct GloveTable {
    size_t n;     /* words */
    size_t dim;   /* components per word */
    int8_t *q;    /* owned: n × dim quantized components */
    float *scale; /* owned: n per-row scales */
    StrMap vocab; /* owned: word -> row (entry index = row) */
} GloveTable;

/* Loads dir/vectors.i8 and dir/vocab.txt. Errors name the file (and line for vocab.txt). */
GloveTable *glove_load(const char *dir, RError *err);

/* Builds a table from float vectors (n × dim, row-major) and n words, quantizing each row as
 * glove_quantize does. Used by tests and the converter. */
GloveTable *glove_from_floats(const char *const *words, const float *vecs, size_t n, size_t dim,
                              RError *err);
void glove_free(GloveTable *g);

/* Row of word (already case-folded), or -1. */
long glove_find(const GloveTable *g, const char *word, size_t len);
const char *glove_word(const GloveTable *g, size_t row);

/* Dequantizes row into out (dim floats). */
void glove_vector(const GloveTable *g, size_t row, float *out);

/* Symmetric int8 quantization of one vector: scale = max|x| / 127, q = round(x / scale)
 * (scale 0 and q all 0 for a zero vector). The worst-case error per component is scale / 2. */
void glove_quantize(const float *x, size_t dim, int8_t *q, float *scale);

/* Writes the vectors file for a table (the converter's output). */
int glove_write_vectors(const GloveTable *g, const char *path, RError *err);

#endif
