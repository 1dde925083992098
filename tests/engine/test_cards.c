/* Cards loader (strict, file:line:col), the schedule (file round trip, a kill between saves,
 * queue and forecast) and the quiz built from a note. */
#include <criterion/criterion.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/study/cards.h"
#include "engine/study/quiz.h"
#include "engine/study/schedule.h"
#include "engine/study/study_params.h"

#define FIXTURE "tests/fixtures/cards/cards.yaml"

static int load_text(const char *text, CardDeck *d, RError *err)
{
    return cards_load_string("t.yaml", text, strlen(text), d, err);
}

Test(cards, fixture_loads)
{
    CardDeck d;
    RError err;
    cr_assert_eq(cards_load(FIXTURE, &d, &err), 0, "%s", err.msg);
    cr_expect_eq(d.count, 5);
    cr_expect_str_eq(d.items[0].id, "kv-001");
    cr_expect_eq(d.items[0].line, 3);
    cr_expect_eq(cards_find(&d, "rag-002"), 3);
    cr_expect_eq(cards_find(&d, "nope"), -1);
    char file[64];
    const char *h;
    cr_assert_eq(cards_note_split(d.items[2].note, file, sizeof file, &h), 0);
    cr_expect_str_eq(file, "rag.md");
    cr_expect_str_eq(h, "BM25");
    cards_free(&d);
}

/* Each bad file names the line and column at fault. */
Test(cards, errors_have_positions)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"cards:\n  - id: a\n    topic: kv\n    note: x.md#H\n    q: Q\n    a: A\n"
         "  - id: a\n    topic: kv\n    note: x.md#H\n    q: Q\n    a: A\n",
         "t.yaml:7:9: duplicate id 'a' (first at line 2)"},
        {"cards:\n  - id: a\n    topic: cooking\n    note: x.md#H\n    q: Q\n    a: A\n",
         "t.yaml:3:12: unknown topic 'cooking'"},
        {"cards:\n  - id: a\n    topic: kv\n    note: x.md\n    q: Q\n    a: A\n",
         "t.yaml:4:11: note 'x.md' must be 'file.md#Heading'"},
        {"cards:\n  - id: a\n    topic: kv\n    note: x.md#H\n    q: Q\n", "t.yaml:2:5: "},
        {"cards:\n  - id: A B\n    topic: kv\n    note: x.md#H\n    q: Q\n    a: A\n",
         "t.yaml:2:9: id 'A B' must be"},
        {"cards:\n  - id: a\n    topic: kv\n    note: x.md#H\n    q: \"\"\n    a: A\n",
         "t.yaml:5:8: 'q' is empty"},
        {"cards:\n  - id: a\n    topic: kv\n    note: x.md#H\n    q: Q\n    a: A\n    hint: h\n",
         "unknown key 'hint'"},
        {"cards: 3\n", "t.yaml:1:8: expected a top-level 'cards:' list"},
        {"cards:\n  - [1, 2]\n", "t.yaml:2:5: expected a mapping"},
        {"cards:\n  - id: a\n\ttopic: kv\n", "t.yaml:3:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CardDeck d;
        RError err;
        cr_expect_eq(load_text(cases[i].text, &d, &err), -1, "case %zu loaded", i);
        char msg[700];
        rerror_format(&err, msg, sizeof msg);
        cr_expect(strstr(msg, cases[i].want) != NULL, "case %zu: got '%s', want '%s'", i, msg,
                  cases[i].want);
        cr_expect_eq(d.count, 0);
    }
}

Test(cards, long_text_refused)
{
    char *text = malloc(CARD_TEXT_MAX + 200);
    int n = sprintf(text, "cards:\n  - id: a\n    topic: kv\n    note: x.md#H\n    q: ");
    memset(text + n, 'x', CARD_TEXT_MAX + 1);
    strcpy(text + n + CARD_TEXT_MAX + 1, "\n    a: A\n");
    CardDeck d;
    RError err;
    cr_expect_eq(load_text(text, &d, &err), -1);
    cr_expect(strstr(err.msg, "longer than") != NULL, "%s", err.msg);
    free(text);
}

Test(cards, control_characters_scrubbed)
{
    CardDeck d;
    RError err;
    cr_assert_eq(load_text("cards:\n  - id: a\n    topic: kv\n    note: x.md#H\n"
                           "    q: \"\\e[2Jclear\\x9b\"\n    a: \"line 1\\nline 2\"\n", &d, &err),
                 0, "%s", err.msg);
    cr_expect_str_eq(d.items[0].q, "?[2Jclear??");
    cr_expect_str_eq(d.items[0].a, "line 1\nline 2");
    cards_free(&d);
}

Test(cards, missing_file_is_an_error)
{
    CardDeck d;
    RError err;
    cr_expect_eq(cards_load("/nonexistent/cards.yaml", &d, &err), -1);
    cr_expect(strstr(err.msg, "/nonexistent/cards.yaml") || strstr(err.file, "/nonexistent"),
              "%s", err.msg);
}

static char tmpdir[256];

static void mk_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rampup_study_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void rm_tmp(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

Test(schedule, review_save_load_round_trip, .init = mk_tmp, .fini = rm_tmp)
{
    FsrsParams p;
    fsrs_params_default(&p);
    Schedule s = {0};
    RError err;
    FsrsOutcome o;
    cr_assert_eq(schedule_review(&s, &p, "kv-001", FSRS_GOOD, 20000, &o, &err), 0);
    cr_expect_eq(o.interval, 3); /* w2 = 2.3065 days, rounded */
    cr_assert_eq(schedule_review(&s, &p, "kv-001", FSRS_AGAIN, 20003, &o, &err), 0);
    cr_assert_eq(schedule_save(tmpdir, &s, &err), 0, "%s", err.msg);
    Schedule back;
    char warning[512] = "";
    cr_assert_eq(schedule_load(tmpdir, &back, warning, sizeof warning, &err), 0, "%s", err.msg);
    cr_expect_str_eq(warning, "");
    const CardState *c = schedule_find(&back, "kv-001");
    cr_assert_not_null(c);
    cr_expect_eq(c->reps, 2);
    cr_expect_eq(c->lapses, 1);
    cr_expect_eq(c->first_day, 20000);
    cr_expect_eq(c->last_day, 20003);
    cr_expect_eq(c->due_day, 20003 + o.interval);
    cr_expect_float_eq(c->memory.stability, o.memory.stability, 1e-12);
    /* A review dated before the last one is refused, not recorded. */
    cr_expect_eq(schedule_review(&back, &p, "kv-001", FSRS_GOOD, 19999, &o, &err), -1);
    schedule_free(&s);
    schedule_free(&back);
}

Test(schedule, invalid_entries_skipped)
{
    cJSON *doc = cJSON_Parse("{\"cards\": {\"a\": {\"s\": 2, \"d\": 5, \"first\": 1, \"last\": 1,"
                             " \"due\": 3, \"reps\": 1, \"lapses\": 0},"
                             " \"b\": {\"s\": -1, \"d\": 5}, \"c\": 7,"
                             " \"d\": {\"s\": 2, \"d\": 50, \"first\": 1, \"last\": 1,"
                             " \"due\": 3, \"reps\": 1, \"lapses\": 0}}}");
    Schedule s;
    size_t skipped;
    cr_assert_eq(schedule_from_json(doc, &s, &skipped, NULL), 0);
    cr_expect_eq(s.count, 1);
    cr_expect_eq(skipped, 3);
    cJSON_Delete(doc);
    schedule_free(&s);
}

/* A child process reviews and saves in a loop and is killed with SIGKILL at a random moment:
 * the file is always a whole schedule (some prefix of the reviews), never a torn one. */
Test(schedule, survives_a_kill_mid_review, .init = mk_tmp, .fini = rm_tmp)
{
    for (int round = 0; round < 5; round++) {
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            FsrsParams p;
            fsrs_params_default(&p);
            Schedule s = {0};
            for (int day = 0;; day++) {
                char id[16];
                snprintf(id, sizeof id, "c%d", day % 50);
                schedule_review(&s, &p, id, 1 + day % 4, 20000 + day, NULL, NULL);
                schedule_save(tmpdir, &s, NULL);
            }
        }
        usleep(20000 + 15000 * round);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        Schedule back;
        char warning[512] = "";
        RError err;
        cr_assert_eq(schedule_load(tmpdir, &back, warning, sizeof warning, &err), 0);
        cr_expect_str_eq(warning, "", "round %d: %s", round, warning);
        cr_expect_gt(back.count, 0, "round %d: nothing saved", round);
        schedule_free(&back);
    }
}

Test(schedule, queue_and_forecast)
{
    CardDeck d;
    RError err;
    cr_assert_eq(cards_load(FIXTURE, &d, &err), 0);
    FsrsParams p;
    fsrs_params_default(&p);
    Schedule s = {0};
    size_t q[8], nrev, nnew;
    int today = 20000;
    cr_expect_eq(study_queue(&d, &s, today, 2, q, 8, &nrev, &nnew), 2);
    cr_expect_eq(nnew, 2);
    cr_expect_eq(q[0], 0);
    schedule_review(&s, &p, "kv-001", FSRS_GOOD, today, NULL, NULL);  /* due in 3 days */
    schedule_review(&s, &p, "rag-001", FSRS_AGAIN, today, NULL, NULL); /* due tomorrow */
    /* Two new cards a day, both used today: nothing left. */
    cr_expect_eq(study_queue(&d, &s, today, 2, q, 8, &nrev, &nnew), 0);
    int f[5];
    study_forecast(&d, &s, today, 5, f);
    cr_expect_eq(f[0], 0);
    cr_expect_eq(f[1], 1);
    cr_expect_eq(f[3], 1);
    /* Four days later both are due, the older due date first, then 2 new cards. */
    cr_expect_eq(study_queue(&d, &s, today + 4, 2, q, 8, &nrev, &nnew), 4);
    cr_expect_eq(nrev, 2);
    cr_expect_str_eq(d.items[q[0]].id, "rag-001");
    cr_expect_str_eq(d.items[q[1]].id, "kv-001");
    study_forecast(&d, &s, today + 4, 5, f);
    cr_expect_eq(f[0], 2); /* overdue counts today */
    schedule_free(&s);
    cards_free(&d);
}

Test(schedule, days)
{
    cr_expect_eq(study_day_parse("1970-01-02"), 1);
    cr_expect_eq(study_day_parse("2026-02-30"), -1);
    cr_expect_eq(study_day_parse("2026-12-01x"), -1);
    char b[16];
    study_day_format(study_day_parse("2026-12-01"), b, sizeof b);
    cr_expect_str_eq(b, "2026-12-01");
}

Test(quiz, note_questions_and_cards)
{
    CardDeck d;
    RError err;
    cr_assert_eq(cards_load(FIXTURE, &d, &err), 0);
    Quiz q;
    cr_assert_eq(quiz_build("notes", "content", "rag.md", &d, &q, &err), 0, "%s", err.msg);
    size_t cloze = 0, cards = 0;
    for (size_t i = 0; i < q.count; i++) {
        cloze += strcmp(q.items[i].kind, "cloze") == 0;
        cards += strcmp(q.items[i].kind, "card") == 0;
        cr_expect(q.items[i].question[0] && q.items[i].answer[0]);
    }
    cr_expect_geq(cloze, 3, "only %zu cloze questions", cloze);
    cr_expect_eq(cards, 2); /* rag-001, rag-002 */
    /* A cloze answer is the number blanked out of its sentence. */
    for (size_t i = 0; i < q.count; i++)
        if (strcmp(q.items[i].kind, "cloze") == 0) {
            cr_expect(strstr(q.items[i].question, "____") != NULL);
            cr_expect_neq(q.items[i].line, 0);
            cr_expect_neq(q.items[i].section[0], '\0');
        }
    char target[256];
    quiz_item_target(&q, q.count - 1, target, sizeof target);
    cr_expect_str_eq(target, "rag.md#Reciprocal rank fusion");
    q.items[0].verdict = 1;
    q.items[1].verdict = -1;
    size_t right, answered;
    quiz_score(&q, &right, &answered);
    cr_expect_eq(right, 1);
    cr_expect_eq(answered, 2);
    quiz_free(&q);
    cards_free(&d);
    cr_expect_eq(quiz_build("notes", "content", "missing.md", NULL, &q, &err), -1);
    cr_expect_eq(quiz_build("notes", "content", "../etc/passwd", NULL, &q, &err), -1);
}

Test(study_params, pairs_ranges_and_fsrs)
{
    StudySettings s;
    param_defaults(&study_params, &s);
    cr_expect_eq(s.new_per_day, STUDY_NEW_PER_DAY);
    cr_expect_float_eq(s.retention, 0.9, 1e-12);
    RError err;
    cr_assert_eq(param_parse_pairs(&study_params, NULL, "retention=0.8 new_per_day=5", &s, NULL,
                                   &err), 0, "%s", err.msg);
    cr_expect_eq(s.new_per_day, 5);
    cr_expect_eq(param_parse_pairs(&study_params, NULL, "retention=2", &s, NULL, &err), -1);
    cr_expect_float_eq(s.retention, 0.8, 1e-12, "all or nothing");
    FsrsParams p;
    study_fsrs_params(&s, &p);
    FsrsOutcome o;
    cr_assert_eq(fsrs_review(&p, NULL, 0, FSRS_GOOD, &o, &err), 0);
    cr_expect_eq(o.interval, 8); /* ts-fsrs at 0.8: tests/data/fsrs_golden.json */
}
