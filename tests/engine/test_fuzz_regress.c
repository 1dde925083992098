/* Replays every input in tests/fuzz/regress/<target>/ through the fuzz targets' own code
 * (tests/fuzz/fuzz_*.c, included here under their own names), built like any unit test: so
 * each crash the fuzzers found stays fixed, under ASan + UBSan too (`make san`), without clang.
 * A target aborts on a broken invariant; Criterion reports that as a crash of the test. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ENTRY fuzz_yaml
#include "tests/fuzz/fuzz_yaml.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_markdown
#include "tests/fuzz/fuzz_markdown.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_kv_config
#include "tests/fuzz/fuzz_kv_config.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_graph
#include "tests/fuzz/fuzz_graph.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_expr
#include "tests/fuzz/fuzz_expr.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_beir
#include "tests/fuzz/fuzz_beir.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_csv
#include "tests/fuzz/fuzz_csv.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_state
#include "tests/fuzz/fuzz_state.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_sanitize
#include "tests/fuzz/fuzz_sanitize.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_infer_trace
#include "tests/fuzz/fuzz_infer_trace.c"
#undef FUZZ_ENTRY

typedef int (*FuzzFn)(const uint8_t *data, size_t size);

/* Runs fn on every file of tests/fuzz/regress/<name>/; returns how many. */
static int replay(const char *name, FuzzFn fn)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/regress/%s", name);
    DIR *d = opendir(dir);
    if (!d) /* git keeps no empty folders: a target with no regression input yet has none */
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "%s", path);
        static uint8_t buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        uint8_t *copy = malloc(len ? len : 1); /* exact size, so ASan sees overreads */
        memcpy(copy, buf, len);
        fn(copy, len);
        free(copy);
        n++;
    }
    closedir(d);
    return n;
}

/* Every target also runs on an empty and a one-byte input. */
static void edge_inputs(FuzzFn fn)
{
    uint8_t *one = malloc(1);
    one[0] = 0;
    fn(one, 0);
    fn(one, 1);
    free(one);
}

#define REGRESS(name)                                                                            \
    Test(fuzz_regress, name)                                                                     \
    {                                                                                            \
        edge_inputs(fuzz_##name);                                                                \
        replay(#name, fuzz_##name);                                                              \
    }

REGRESS(yaml)
REGRESS(markdown)
REGRESS(kv_config)
REGRESS(graph)
REGRESS(expr)
REGRESS(beir)
REGRESS(csv)
REGRESS(state)
REGRESS(sanitize)
REGRESS(infer_trace)

Test(fuzz_regress, the_known_crashes_are_there)
{
    /* The inputs behind the fixes of issue 15 must stay in the replay set. */
    cr_assert_geq(replay("expr", fuzz_expr), 4);
    cr_assert_geq(replay("markdown", fuzz_markdown), 4);
}
