/* The BEIR readers: corpus.jsonl, queries.jsonl and a qrels TSV, given as three parts of the
 * input split at "\n====\n", written to files (the readers take paths) and loaded in order. */
#include "tests/fuzz/fuzz.h"

#include "engine/rag/beir.h"

FUZZ_TARGET
{
    const char *dir = fuzz_tmpdir();
    static const char *const names[3] = {"corpus.jsonl", "queries.jsonl", "qrels.tsv"};
    char paths[3][128];
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        size_t next, end = fuzz_part(data + at, size - at, &next);
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
        if (fuzz_write(paths[i], data + at, end) != 0)
            return 0;
        at += next;
    }
    Beir *b = beir_new();
    RError err;
    if (b && beir_load_corpus(b, paths[0], &err) == 0 && beir_load_queries(b, paths[1], &err) == 0)
        beir_load_qrels(b, paths[2], &err);
    beir_free(b);
    return 0;
}
