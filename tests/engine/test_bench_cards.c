/* Benchmark cards: the shipped file loads, sizes are the cited ones, intervals are computed,
 * and a broken file is named with file:line:col. */
#include <criterion/criterion.h>

#include <string.h>
#include <unistd.h>

#include "engine/evals/bench_cards.h"

Test(cards, shipped_file)
{
    BenchCardList l;
    RError err;
    cr_assert_eq(bench_cards_load("content/benchmarks.yaml", &l, &err), 0, "%s", err.msg);
    const char *names[] = {"MMLU", "GSM8K", "HumanEval", "HELM", "MMBench", "MMMU", "GPQA",
                           "SWE-bench"};
    for (size_t i = 0; i < 8; i++)
        cr_assert(bench_cards_find(&l, names[i]), "missing %s", names[i]);
    const BenchCard *h = bench_cards_find(&l, "humaneval");
    cr_assert_eq(h->sizes[0].n, 164);
    /* 82 of 164 at 50 %: Wilson 95 % 0.4244-0.5756 (hand-computed), about +-7.6 points. */
    cr_assert_float_eq(h->sizes[0].ci.low, 0.424357, 1e-5, "%f", h->sizes[0].ci.low);
    cr_assert_float_eq(h->sizes[0].ci.high, 0.575643, 1e-5);
    const BenchCard *g = bench_cards_find(&l, "GSM8K");
    cr_assert_eq(g->nsizes, 2);
    cr_assert_eq(g->sizes[1].n, 1319);
    const BenchCard *m = bench_cards_find(&l, "MMLU");
    cr_assert_eq(m->sizes[1].n, 14042);
    cr_assert(m->sizes[1].half_worst < 0.01);
    cr_assert(bench_cards_find(&l, "GPQA")->sizes[0].half_worst > 0.06);
    for (size_t i = 0; i < l.n; i++)
        cr_assert(l.items[i].npitfalls >= 2, "%s", l.items[i].name);
    bench_cards_free(&l);
}

static int load_text(const char *text, BenchCardList *l, RError *err)
{
    char path[] = "/tmp/rampup_cardsXXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    int rc = bench_cards_load(path, l, err);
    unlink(path);
    return rc;
}

Test(cards, errors_have_positions)
{
    BenchCardList l;
    RError err;
    const char *bad_n = "benchmarks:\n  - name: X\n    title: t\n    paper: p\n    format: f\n"
                        "    metric: m\n    chance: 0\n    example_score: 0.5\n"
                        "    sizes:\n      - {split: s, n: 0, source: x}\n"
                        "    pitfalls: [a]\n";
    cr_assert_eq(load_text(bad_n, &l, &err), -1);
    cr_assert_eq(err.line, 10, "line %d: %s", err.line, err.msg);
    const char *bad_score = "benchmarks:\n  - name: X\n    title: t\n    paper: p\n    format: f\n"
                            "    metric: m\n    chance: 0\n    example_score: 1.5\n";
    cr_assert_eq(load_text(bad_score, &l, &err), -1);
    cr_assert(strstr(err.msg, "between 0 and 1"), "%s", err.msg);
    cr_assert_eq(err.line, 8);
    const char *long_name = "benchmarks:\n  - name: ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ\n";
    cr_assert_eq(load_text(long_name, &l, &err), -1);
    cr_assert(strstr(err.msg, "longer than 31"), "%s", err.msg);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(load_text("benchmarks: []\n", &l, &err), -1);
    cr_assert_eq(load_text("benchmarks:\n  - name: [\n", &l, &err), -1);
    cr_assert(err.line >= 1);
    cr_assert_eq(bench_cards_load("/nonexistent/benchmarks.yaml", &l, &err), -1);
}
