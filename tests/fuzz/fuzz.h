/* Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c). Each target defines FUZZ_ENTRY, which
 * is LLVMFuzzerTestOneInput in a fuzz build; the regression test (tests/engine/
 * test_fuzz_regress.c) includes every target under its own name and replays the inputs in
 * tests/fuzz/regress/ through the same code, so a crash found once stays fixed without clang. */
#ifndef RAMPUP_TESTS_FUZZ_FUZZ_H
#define RAMPUP_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

/* Declares and defines a target's entry point: `FUZZ_TARGET { ... }`. */
#define FUZZ_TARGET                                                                              \
    int FUZZ_ENTRY(const uint8_t *data, size_t size);                                            \
    int FUZZ_ENTRY(const uint8_t *data, size_t size)

/* A private NUL-terminated copy of the input (libFuzzer's buffer has no terminator). */
static inline char *fuzz_dup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Writes bytes to path (for readers that only take files); 0 on success. */
static inline int fuzz_write(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static char fuzz_dir[64];

static void fuzz_tmpdir_remove(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", fuzz_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
}

/* A per-process scratch folder under /tmp (made once, removed at exit). */
static inline const char *fuzz_tmpdir(void)
{
    char *dir = fuzz_dir;
    if (!dir[0]) {
        snprintf(dir, sizeof fuzz_dir, "/tmp/rampup-fuzz-%ld", (long)getpid());
        char cmd[128];
        snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
        if (system(cmd) != 0)
            abort();
        atexit(fuzz_tmpdir_remove);
    }
    return dir;
}

/* Finds the next part of a multi-file input, split at "\n====\n". */
static inline size_t fuzz_part(const uint8_t *data, size_t size, size_t *next)
{
    static const char sep[] = "\n====\n";
    for (size_t i = 0; i + sizeof sep - 1 <= size; i++)
        if (memcmp(data + i, sep, sizeof sep - 1) == 0) {
            *next = i + sizeof sep - 1;
            return i;
        }
    *next = size;
    return size;
}

#endif
