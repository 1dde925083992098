/* glove_pack: converts GloVe float32 vectors (the shared glove-6B-100d-top50k layout: vocab.txt
 * + vectors.f32, n × dim little-endian float32, no header) into rampup's shipped int8 table
 * content/glove/{vectors.i8,vocab.txt} (format in engine/rag/glove.h), and reports the
 * quantization error.
 *
 *   build-x/bench/glove_pack SRC_DIR DIM OUT_DIR
 *   e.g. build/bench/glove_pack ../shared/data/embeddings/glove-6B-100d-top50k 100 content/glove
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/glove.h"

static char **read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char **v = NULL, *line = NULL;
    size_t cap = 0, lcap = 0;
    ssize_t len;
    *n = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (*n == cap) {
            cap = cap ? cap * 2 : 4096;
            v = realloc(v, cap * sizeof *v);
        }
        v[(*n)++] = strdup(line);
    }
    free(line);
    fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: glove_pack SRC_DIR DIM OUT_DIR\n");
        return 2;
    }
    size_t dim = (size_t)atol(argv[2]), n = 0;
    char path[1024];
    snprintf(path, sizeof path, "%s/vocab.txt", argv[1]);
    char **words = read_lines(path, &n);
    if (!words || n == 0) {
        fprintf(stderr, "glove_pack: %s: cannot read\n", path);
        return 1;
    }
    float *vecs = malloc(n * dim * sizeof *vecs);
    snprintf(path, sizeof path, "%s/vectors.f32", argv[1]);
    FILE *f = fopen(path, "rb");
    if (!f || fread(vecs, sizeof *vecs, n * dim, f) != n * dim) {
        fprintf(stderr, "glove_pack: %s: expected %zu x %zu float32\n", path, n, dim);
        return 1;
    }
    fclose(f);
    RError err;
    GloveTable *g = glove_from_floats((const char *const *)words, vecs, n, dim, &err);
    if (!g) {
        fprintf(stderr, "glove_pack: %s\n", err.msg);
        return 1;
    }
    /* quantization error: worst absolute component error, and the cosine between each
     * original vector and its dequantized copy */
    double worst = 0.0, mincos = 1.0, sumcos = 0.0;
    float *y = malloc(dim * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        const float *x = vecs + i * dim;
        glove_vector(g, i, y);
        double xy = 0, xx = 0, yy = 0;
        for (size_t j = 0; j < dim; j++) {
            double e = fabs((double)x[j] - y[j]);
            if (e > worst) worst = e;
            xy += (double)x[j] * y[j];
            xx += (double)x[j] * x[j];
            yy += (double)y[j] * y[j];
        }
        double c = xy / sqrt(xx * yy);
        if (c < mincos) mincos = c;
        sumcos += c;
    }
    snprintf(path, sizeof path, "%s/%s", argv[3], GLOVE_VECTORS_FILE);
    if (glove_write_vectors(g, path, &err) != 0) {
        fprintf(stderr, "glove_pack: %s: %s\n", err.file, err.msg);
        return 1;
    }
    snprintf(path, sizeof path, "%s/%s", argv[3], GLOVE_VOCAB_FILE);
    f = fopen(path, "w");
    for (size_t i = 0; f && i < n; i++) fprintf(f, "%s\n", words[i]);
    if (!f || fclose(f) != 0) {
        fprintf(stderr, "glove_pack: %s: cannot write\n", path);
        return 1;
    }
    printf("glove_pack: %zu words x %zu dims -> %s (%zu bytes of vectors)\n", n, dim, argv[3],
           16 + n * sizeof(float) + n * dim);
    printf("quantization: worst component error %.5f, cosine(original, int8) min %.6f mean %.6f\n",
           worst, mincos, sumcos / (double)n);
    for (size_t i = 0; i < n; i++) free(words[i]);
    free(words);
    free(vecs);
    free(y);
    glove_free(g);
    return 0;
}
