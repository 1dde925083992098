#include "engine/rag/glove.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/fileio.h"

void glove_quantize(const float *x, size_t dim, int8_t *q, float *scale)
{
    float mx = 0.0f;
    for (size_t j = 0; j < dim; j++)
        if (fabsf(x[j]) > mx) mx = fabsf(x[j]);
    if (mx == 0.0f) {
        *scale = 0.0f;
        memset(q, 0, dim);
        return;
    }
    *scale = mx / 127.0f;
    for (size_t j = 0; j < dim; j++) {
        long v = lroundf(x[j] / *scale);
        if (v > 127) v = 127;
        if (v < -127) v = -127;
        q[j] = (int8_t)v;
    }
}

void glove_free(GloveTable *g)
{
    if (!g) return;
    free(g->q);
    free(g->scale);
    strmap_clear(&g->vocab);
    free(g);
}

static GloveTable *table_new(size_t n, size_t dim, RError *err)
{
    GloveTable *g = calloc(1, sizeof *g);
    if (g) {
        strmap_init(&g->vocab);
        g->n = n;
        g->dim = dim;
        g->q = malloc(n * dim + 1);
        g->scale = malloc((n ? n : 1) * sizeof *g->scale);
    }
    if (!g || !g->q || !g->scale) {
        glove_free(g);
        rerror_set(err, "glove: out of memory for %zu x %zu", n, dim);
        return NULL;
    }
    return g;
}

static int add_word(GloveTable *g, const char *w, size_t len, size_t row, const char *file,
                    RError *err)
{
    int added = 0;
    long id = strmap_put(&g->vocab, w, len, (int32_t)row, &added);
    if (id < 0) return rerror_set(err, "glove: out of memory");
    if (!added) return rerror_at(err, file, (int)row + 1, 1, "duplicate word '%.*s'", (int)len, w);
    return 0;
}

GloveTable *glove_from_floats(const char *const *words, const float *vecs, size_t n, size_t dim,
                              RError *err)
{
    GloveTable *g = table_new(n, dim, err);
    if (!g) return NULL;
    for (size_t i = 0; i < n; i++) {
        glove_quantize(vecs + i * dim, dim, g->q + i * dim, &g->scale[i]);
        if (add_word(g, words[i], strlen(words[i]), i, "", err) != 0) {
            glove_free(g);
            return NULL;
        }
    }
    return g;
}

static uint32_t le32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

GloveTable *glove_load(const char *dir, RError *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, GLOVE_VECTORS_FILE);
    FILE *f = fileio_fopen(path, err);
    if (!f)
        return NULL;
    unsigned char hdr[16];
    if (fread(hdr, 1, 16, f) != 16 || memcmp(hdr, GLOVE_MAGIC, 8) != 0) {
        fclose(f);
        rerror_at(err, path, 0, 0, "not a GloVe int8 table (bad magic)");
        return NULL;
    }
    size_t n = le32(hdr + 8), dim = le32(hdr + 12);
    if (n == 0 || dim == 0 || dim > 4096 || n > 10000000) {
        fclose(f);
        rerror_at(err, path, 0, 0, "implausible size %zu x %zu", n, dim);
        return NULL;
    }
    /* The header must match the file before anything is allocated for it. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (unsigned long long)st.st_size < 16 + n * (4 + dim)) {
        fclose(f);
        rerror_at(err, path, 0, 0, "truncated (expected %zu words x %zu)", n, dim);
        return NULL;
    }
    GloveTable *g = table_new(n, dim, err);
    if (!g) {
        fclose(f);
        return NULL;
    }
    /* the file is little-endian float32, as is every platform rampup builds on */
    if (fread(g->scale, sizeof *g->scale, n, f) != n || fread(g->q, 1, n * dim, f) != n * dim) {
        fclose(f);
        glove_free(g);
        rerror_at(err, path, 0, 0, "truncated (expected %zu words x %zu)", n, dim);
        return NULL;
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/%s", dir, GLOVE_VOCAB_FILE);
    f = fileio_fopen(path, err);
    if (!f) {
        glove_free(g);
        return NULL;
    }
    char *line = NULL;
    size_t cap = 0, row = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        if (row >= n || len == 0 || add_word(g, line, (size_t)len, row, path, err) != 0) {
            if (row >= n) rerror_at(err, path, (int)row + 1, 1, "more words than vectors (%zu)", n);
            if (len == 0) rerror_at(err, path, (int)row + 1, 1, "empty word");
            free(line);
            fclose(f);
            glove_free(g);
            return NULL;
        }
        row++;
    }
    free(line);
    fclose(f);
    if (row != n) {
        glove_free(g);
        rerror_at(err, path, (int)row + 1, 1, "%zu words for %zu vectors", row, n);
        return NULL;
    }
    return g;
}

long glove_find(const GloveTable *g, const char *word, size_t len)
{
    return strmap_find(&g->vocab, word, len);
}

const char *glove_word(const GloveTable *g, size_t row)
{
    return g->vocab.keys[row];
}

void glove_vector(const GloveTable *g, size_t row, float *out)
{
    const int8_t *q = g->q + row * g->dim;
    float s = g->scale[row];
    for (size_t j = 0; j < g->dim; j++) out[j] = s * (float)q[j];
}

static void put32(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)v;
    b[1] = (unsigned char)(v >> 8);
    b[2] = (unsigned char)(v >> 16);
    b[3] = (unsigned char)(v >> 24);
}

int glove_write_vectors(const GloveTable *g, const char *path, RError *err)
{
    FILE *f = fopen(path, "wb");
    if (!f) return rerror_at(err, path, 0, 0, "cannot create: %s", strerror(errno));
    unsigned char hdr[16];
    memcpy(hdr, GLOVE_MAGIC, 8);
    put32(hdr + 8, (uint32_t)g->n);
    put32(hdr + 12, (uint32_t)g->dim);
    int ok = fwrite(hdr, 1, 16, f) == 16 &&
             fwrite(g->scale, sizeof *g->scale, g->n, f) == g->n &&
             fwrite(g->q, 1, g->n * g->dim, f) == g->n * g->dim;
    if (fclose(f) != 0) ok = 0;
    return ok ? 0 : rerror_at(err, path, 0, 0, "write failed: %s", strerror(errno));
}
