/* FSRS-6 against the reference implementation: tests/data/fsrs_golden.json holds review
 * sequences scheduled by ts-fsrs (tests/tools/fsrs_golden.mjs made it; default parameters,
 * retention 0.9, no fuzz, no same-day steps). Intervals and button intervals must be equal;
 * stability and difficulty equal to 1e-6 relative (the reference rounds to 8 decimals). */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "engine/study/fsrs.h"

static cJSON *load_golden(void)
{
    FILE *fp = fopen("tests/data/fsrs_golden.json", "rb");
    cr_assert_not_null(fp, "tests/data/fsrs_golden.json missing");
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    cJSON *root = cJSON_Parse(buf);
    cr_assert_not_null(root, "golden file is not JSON");
    return root;
}

static int ints(const cJSON *arr, int *out, int max)
{
    int n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        cr_assert_lt(n, max);
        out[n++] = it->valueint;
    }
    return n;
}

static void assert_close(double got, double want, const char *what, int seq, int i)
{
    cr_expect(fabs(got - want) <= 1e-6 * fmax(1.0, fabs(want)),
              "sequence %d review %d: %s %.8f, reference %.8f", seq, i + 1, what, got, want);
}

Test(fsrs, parameters_match_reference)
{
    cJSON *root = load_golden();
    const cJSON *w = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "settings"), "w");
    FsrsParams p;
    fsrs_params_default(&p);
    cr_assert_eq(cJSON_GetArraySize(w), FSRS_NPARAMS);
    for (int i = 0; i < FSRS_NPARAMS; i++)
        cr_expect_float_eq(p.w[i], cJSON_GetArrayItem(w, i)->valuedouble, 1e-12, "w%d", i);
    cJSON_Delete(root);
}

/* Replays every sequence of arr and compares; returns the reviews checked. */
static int check_sequences(const cJSON *seqs)
{
    int k = 0, checked = 0;
    const cJSON *seq;
    cJSON_ArrayForEach(seq, seqs) {
        FsrsParams p;
        fsrs_params_default(&p);
        const cJSON *ret = cJSON_GetObjectItem(seq, "retention");
        if (cJSON_IsNumber(ret))
            p.retention = ret->valuedouble;
        int grades[64], days[64];
        int n = ints(cJSON_GetObjectItem(seq, "grades"), grades, 64);
        cr_assert_eq(ints(cJSON_GetObjectItem(seq, "days"), days, 64), n);
        FsrsOutcome out[64];
        RError err;
        cr_assert_eq(fsrs_simulate(&p, grades, days, (size_t)n, out, &err), 0, "%s", err.msg);
        /* The buttons of review i: the preview from the memory before it. */
        FsrsMemory before = {0, 0};
        for (int i = 0; i < n; i++) {
            const cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItem(seq, "reviews"), i);
            cr_expect_eq(out[i].interval, cJSON_GetObjectItem(r, "interval")->valueint,
                         "sequence %d review %d: interval %d, reference %d", k, i + 1,
                         out[i].interval, cJSON_GetObjectItem(r, "interval")->valueint);
            assert_close(out[i].memory.stability,
                         cJSON_GetObjectItem(r, "stability")->valuedouble, "stability", k, i);
            assert_close(out[i].memory.difficulty,
                         cJSON_GetObjectItem(r, "difficulty")->valuedouble, "difficulty", k, i);
            FsrsOutcome buttons[4];
            fsrs_preview(&p, &before, i == 0 ? 0 : days[i] - days[i - 1], buttons);
            int want[4];
            ints(cJSON_GetObjectItem(r, "buttons"), want, 4);
            for (int g = 0; g < 4; g++)
                cr_expect_eq(buttons[g].interval, want[g], "sequence %d review %d: %s button %d, "
                             "reference %d", k, i + 1, fsrs_grade_name(g + 1),
                             buttons[g].interval, want[g]);
            before = out[i].memory;
            checked++;
        }
        k++;
    }
    return checked;
}

Test(fsrs, golden_sequences_match_reference)
{
    cJSON *root = load_golden();
    const cJSON *seqs = cJSON_GetObjectItem(root, "sequences");
    cr_assert_gt(cJSON_GetArraySize(seqs), 50);
    cr_assert_gt(check_sequences(seqs), 400);
    cJSON_Delete(root);
}

/* The desired-retention setting (0.8 and 0.95) against the reference too. */
Test(fsrs, other_retentions_match_reference)
{
    cJSON *root = load_golden();
    const cJSON *seqs = cJSON_GetObjectItem(root, "retention_sequences");
    cr_assert_eq(cJSON_GetArraySize(seqs), 10);
    cr_assert_gt(check_sequences(seqs), 30);
    cJSON_Delete(root);
}

/* The issue's example, spelled out: good on day 0, hard on day 2, again on day 9, easy on 10. */
Test(fsrs, issue_example)
{
    FsrsParams p;
    fsrs_params_default(&p);
    int grades[] = {3, 2, 1, 4}, days[] = {0, 2, 9, 10};
    FsrsOutcome out[4];
    RError err;
    cr_assert_eq(fsrs_simulate(&p, grades, days, 4, out, &err), 0);
    int want[] = {3, 8, 1, 4};
    for (int i = 0; i < 4; i++)
        cr_expect_eq(out[i].interval, want[i], "review %d", i + 1);
    cr_expect_float_eq(out[0].memory.stability, 2.3065, 1e-9); /* w2: first grade good */
}

Test(fsrs, retrievability_is_ninety_percent_at_stability)
{
    FsrsParams p;
    fsrs_params_default(&p);
    cr_expect_float_eq(fsrs_retrievability(&p, 10, 10), 0.9, 1e-12);
    cr_expect_float_eq(fsrs_retrievability(&p, 0, 10), 1.0, 1e-12);
    cr_expect_lt(fsrs_retrievability(&p, 20, 10), 0.9);
}

Test(fsrs, bad_input_is_an_error)
{
    FsrsParams p;
    fsrs_params_default(&p);
    FsrsOutcome o;
    RError err;
    cr_expect_eq(fsrs_review(&p, NULL, 0, 0, &o, &err), -1);
    cr_expect_eq(fsrs_review(&p, NULL, 0, 5, &o, &err), -1);
    cr_expect_eq(fsrs_review(&p, NULL, -1, 3, &o, &err), -1);
    FsrsMemory bad = {NAN, 5};
    cr_expect_eq(fsrs_review(&p, &bad, 1, 3, &o, &err), -1);
    FsrsMemory bad_d = {3, 11};
    cr_expect_eq(fsrs_review(&p, &bad_d, 1, 3, &o, &err), -1);
    int grades[] = {3, 3}, days[] = {5, 2};
    FsrsOutcome out[2];
    cr_expect_eq(fsrs_simulate(&p, grades, days, 2, out, &err), -1);
    cr_expect(strstr(err.msg, "review 2") != NULL, "%s", err.msg);
}

Test(fsrs, huge_gaps_stay_within_the_cap)
{
    FsrsParams p;
    fsrs_params_default(&p);
    FsrsMemory m = {0, 0};
    FsrsOutcome o;
    for (int i = 0; i < 40; i++) {
        cr_assert_eq(fsrs_review(&p, &m, i == 0 ? 0 : 1000000, FSRS_EASY, &o, NULL), 0);
        m = o.memory;
    }
    cr_expect_leq(o.interval, FSRS_MAX_INTERVAL + 2); /* easy = good + 1 = hard + 2 at the cap */
    cr_expect(isfinite(o.memory.stability) && o.memory.difficulty >= 1);
}

Test(fsrs, names_and_labels)
{
    cr_expect_eq(fsrs_grade_parse("Good"), 3);
    cr_expect_eq(fsrs_grade_parse("1"), 1);
    cr_expect_eq(fsrs_grade_parse("11"), 0);
    cr_expect_eq(fsrs_grade_parse("meh"), 0);
    char b[16];
    fsrs_interval_label(3, b, sizeof b);
    cr_expect_str_eq(b, "3d");
    fsrs_interval_label(45, b, sizeof b);
    cr_expect_str_eq(b, "1.5mo");
    fsrs_interval_label(730, b, sizeof b);
    cr_expect_str_eq(b, "2.0y");
}
