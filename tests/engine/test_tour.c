/* Tour files and playback: decoding, exact file:line:col errors, animation paths, the pane
 * argument at a time, scenes from a note's links, and the shipped content/tour.yaml. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/tour/tour.h"

static Tour load_ok(const char *text)
{
    Tour t;
    RError err = {0};
    int rc = tour_load_string("t.yaml", text, strlen(text), &t, &err);
    cr_assert_eq(rc, 0, "unexpected error: %s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    return t;
}

static void load_fail(const char *text, const char *want)
{
    Tour t;
    RError err = {0};
    cr_assert_eq(tour_load_string("t.yaml", text, strlen(text), &t, &err), -1, "accepted: %s", text);
    char buf[700];
    rerror_format(&err, buf, sizeof buf);
    cr_assert(strstr(buf, want), "got '%s', want '%s'", buf, want);
    cr_assert_null(t.scenes);
}

Test(tour, decodes_a_scene_with_map_settings_and_a_log_sweep)
{
    Tour t = load_ok("tour:\n"
                     "  - pane: kv\n"
                     "    open: llama-2-70b\n"
                     "    settings: {batch: 1, kv: bf16}\n"
                     "    animate: {sweep: seq, from: 1024, to: 131072, over: 8, path: log}\n"
                     "    caption: [\"line one\", \"line two\"]\n"
                     "    headline: seed\n"
                     "    duration: 9\n");
    cr_assert_eq(t.count, 1);
    const TourScene *s = &t.scenes[0];
    cr_assert_str_eq(s->pane, "kv");
    cr_assert_str_eq(s->open, "llama-2-70b");
    cr_assert_eq(s->nsettings, 2);
    cr_assert_str_eq(s->settings[0].name, "batch");
    cr_assert_str_eq(s->settings[0].value, "1");
    cr_assert_str_eq(s->settings[1].value, "bf16");
    cr_assert_eq(s->anim.kind, TOUR_ANIM_SWEEP);
    cr_assert(s->anim.log && s->anim.integer);
    cr_assert_str_eq(s->caption[1], "line two");
    cr_assert_float_eq(s->duration, 9.0, 1e-12);
    cr_assert_eq(s->line, 2);
    tour_free(&t);
}

Test(tour, list_settings_and_defaults)
{
    Tour t = load_ok("tour:\n  - pane: scaling\n    settings: [\"compute=5.88e23\", \"mfu=0.4\"]\n"
                     "    caption: one line\n");
    cr_assert_eq(t.scenes[0].nsettings, 2);
    cr_assert_str_eq(t.scenes[0].settings[0].value, "5.88e23");
    cr_assert_float_eq(t.scenes[0].duration, TOUR_DEFAULT_SECONDS, 1e-12);
    cr_assert_eq(t.scenes[0].anim.kind, TOUR_ANIM_NONE);
    cr_assert_str_eq(t.scenes[0].caption[1], "");
    tour_free(&t);
}

Test(tour, errors_point_at_the_node)
{
    load_fail("scenes: []\n", "t.yaml:1:9: tour file: unknown key 'scenes'");
    load_fail("tour: []\n", "t.yaml:1:7: the 'tour:' list is empty");
    load_fail("tour:\n  - pane: kv\n", "t.yaml:2:5: missing required key \"caption\"");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    captoin: y\n",
              "t.yaml:4:14: scene: unknown key 'captoin'");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    duration: 0.1\n",
              "t.yaml:4:15: 'duration' must be between 1 and 600 seconds");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    animate: {spin: 3}\n",
              "t.yaml:4:14: animate: expected a key sweep, step, type or ramp");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    animate: {sweep: seq, from: 0, to: 9, over: 2, path: log}\n",
              "t.yaml:4:14: a log sweep needs from and to above zero");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    animate: {sweep: seq, from: 1, to: 9, over: 2, path: cubic}\n",
              "path: expected linear or log, found 'cubic'");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    animate: {sweep: seq, from: 1, to: 9}\n",
              "t.yaml:4:14: missing required key \"over\"");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    duration: 5\n    animate: {sweep: seq, from: 1, to: 9, over: 8}\n",
              "t.yaml:5:14: the animation (8 s) is longer than the scene (5 s)");
    load_fail("tour:\n  - pane: agents\n    caption: x\n    animate: {step: 1, every: 2}\n",
              "t.yaml:4:31: animate: unknown key 'every'");
    load_fail("tour:\n  - pane: rag\n    caption: x\n    animate: {ramp: rate, from: 8, to: 2, over: 2}\n",
              "a ramp rises");
    load_fail("tour:\n  - pane: kv\n    caption: [a, b, c]\n", "t.yaml:3:14: caption: expected a string or a list");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    settings: [\"seq\"]\n",
              "t.yaml:4:16: settings: expected \"name=value\"");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    settings: {seq: 1, seq: 2}\n", "duplicate");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    settings: {gpu: \"h100 sxm\"}\n",
              "t.yaml:4:21: setting 'gpu': a value holds no spaces");
    load_fail("tour:\n  - pane: kv\n    caption: \"a\\x1b[2Jb\"\n", "t.yaml:3:14: caption holds a control character");
    load_fail("tour:\n  - pane: \"k v\"\n    caption: x\n", "'k v' is not a pane name");
    load_fail("tour:\n  - pane: kv\n    caption: x\n    headline: KV cache\n",
              "t.yaml:4:15: headline: expected a figure name");
    load_fail("tour:\n  - pane: rag\n    open: q\n    caption: x\n    animate: {type: bm25}\n",
              "t.yaml:3:11: a typing scene types its own query");
}

Test(tour, too_many_scenes_and_long_text_are_refused)
{
    char buf[20000] = "tour:\n";
    for (int i = 0; i <= TOUR_MAX_SCENES; i++)
        strcat(buf, "  - {pane: kv, caption: x}\n");
    load_fail(buf, "t.yaml:66:5: more than 64 scenes");
    char lng[400] = "tour:\n  - pane: kv\n    caption: ";
    memset(lng + strlen(lng), 'a', 200);
    strcat(lng, "\n");
    load_fail(lng, "t.yaml:3:14: caption is longer than 159 bytes");
    char wide[400] = "tour:\n  - pane: kv\n    caption: ";
    memset(wide + strlen(wide), 'a', 77);
    strcat(wide, "\n");
    load_fail(wide, "t.yaml:3:14: caption line of 77 characters: at most 76 fit");
}

Test(tour, sweep_paths)
{
    TourAnim lin = {.kind = TOUR_ANIM_SWEEP, .from = 10, .to = 20, .seconds = 4};
    cr_assert_float_eq(tour_anim_value(&lin, -1), 10, 1e-12);
    cr_assert_float_eq(tour_anim_value(&lin, 1), 12.5, 1e-12);
    cr_assert_float_eq(tour_anim_value(&lin, 4), 20, 1e-12);
    cr_assert_float_eq(tour_anim_value(&lin, 99), 20, 1e-12);
    /* A log sweep from 1024 to 131072 (2^10 .. 2^17) over 7 s doubles every second. */
    TourAnim lg = {.kind = TOUR_ANIM_SWEEP, .from = 1024, .to = 131072, .seconds = 7, .log = true,
                   .integer = true};
    cr_assert_float_eq(tour_anim_value(&lg, 1), 2048, 1e-9);
    cr_assert_float_eq(tour_anim_value(&lg, 3.5), floor(1024 * pow(2, 3.5) + 0.5), 1e-9);
    cr_assert_float_eq(tour_anim_value(&lg, 7), 131072, 1e-9);
    TourAnim down = {.kind = TOUR_ANIM_SWEEP, .from = 100, .to = 1, .seconds = 2, .log = true};
    cr_assert_float_eq(tour_anim_value(&down, 1), 10, 1e-9);
    /* a ramp is linear: the serving simulator's request rate 1 -> 33 req/s over 8 s */
    TourAnim ramp = {.kind = TOUR_ANIM_RAMP, .from = 1, .to = 33, .seconds = 8, .integer = true};
    cr_assert_float_eq(tour_anim_value(&ramp, 2), 9, 1e-12);
    cr_assert_float_eq(tour_anim_value(&ramp, 8), 33, 1e-12);
}

Test(tour, steps_and_typing)
{
    TourAnim st = {.kind = TOUR_ANIM_STEP, .seconds = 1.5};
    cr_assert_eq(tour_anim_steps(&st, 0), 0);
    cr_assert_eq(tour_anim_steps(&st, 1.49), 0);
    cr_assert_eq(tour_anim_steps(&st, 1.5), 1);
    cr_assert_eq(tour_anim_steps(&st, 10), 6);
    TourAnim ty = {.kind = TOUR_ANIM_TYPE, .seconds = 0.5};
    strcpy(ty.text, "héllo");
    cr_assert_eq(tour_anim_typed(&ty, -1), 0);
    cr_assert_eq(tour_anim_typed(&ty, 0), 1);         /* "h" */
    cr_assert_eq(tour_anim_typed(&ty, 0.5), 3);       /* "hé": é is two bytes, never split */
    cr_assert_eq(tour_anim_typed(&ty, 100), strlen("héllo"));
}

Test(tour, pane_argument_at_a_time)
{
    Tour t = load_ok("tour:\n  - pane: kv\n    open: llama-2-70b\n    settings: {seq: 4096, batch: 1}\n"
                     "    animate: {sweep: seq, from: 1024, to: 4096, over: 2, path: log}\n"
                     "    caption: x\n"
                     "  - pane: rag\n    animate: {type: bm25 k1, every: 0.25}\n    caption: y\n"
                     "    duration: 4\n");
    char buf[256];
    tour_scene_arg(&t.scenes[0], 0, buf, sizeof buf);
    cr_assert_str_eq(buf, "llama-2-70b batch=1 seq=1024");
    tour_scene_arg(&t.scenes[0], 1, buf, sizeof buf);
    cr_assert_str_eq(buf, "llama-2-70b batch=1 seq=2048");
    tour_scene_arg(&t.scenes[1], 0.6, buf, sizeof buf);
    cr_assert_str_eq(buf, "bm2");
    char tiny[8];
    size_t need = tour_scene_arg(&t.scenes[0], 2, tiny, sizeof tiny);
    cr_assert_eq(need, strlen("llama-2-70b batch=1 seq=4096"));
    cr_assert_eq(strlen(tiny), 7);
    double into;
    cr_assert_eq(tour_scene_at(&t, 0, &into), 0);
    cr_assert_eq(tour_scene_at(&t, 11, &into), 1);
    cr_assert_float_eq(into, 1, 1e-12);
    cr_assert_eq(tour_scene_at(&t, 14, &into), 2);
    cr_assert_float_eq(tour_length(&t), 14, 1e-12);
    tour_free(&t);
}

Test(tour, scenes_from_a_note)
{
    const char *md = "# Note\n"
                     "See [the KV result](<pane:kv llama-3.1-70b seq=32768 batch=1>) and\n"
                     "```\n[not this](<pane:kv x>)\n```\n"
                     "`[nor this](<pane:kv y>)` but [**RAG** demo](<pane:rag bm25 saturation>)\n"
                     "and [a web link](https://example.org).\n";
    Tour t;
    RError err;
    cr_assert_eq(tour_from_note("n.md", md, strlen(md), &t, &err), 0);
    cr_assert_eq(t.count, 2);
    cr_assert_str_eq(t.scenes[0].pane, "kv");
    cr_assert_str_eq(t.scenes[0].open, "llama-3.1-70b");
    cr_assert_eq(t.scenes[0].nsettings, 2);
    cr_assert_str_eq(t.scenes[0].settings[0].name, "seq");
    cr_assert_str_eq(t.scenes[0].caption[0], "the KV result");
    cr_assert_str_eq(t.scenes[0].caption[1], "from n.md");
    cr_assert_eq(t.scenes[0].line, 2);
    cr_assert_str_eq(t.scenes[1].open, "bm25 saturation");
    cr_assert_str_eq(t.scenes[1].caption[0], "RAG demo");
    tour_free(&t);
    cr_assert_eq(tour_from_note("e.md", "no links", 8, &t, &err), -1);
    cr_assert(strstr(err.msg, "no pane links"));
}

Test(tour, presenter_durations_and_countdown)
{
    double s = 0;
    cr_assert_eq(tour_parse_duration("15m", &s), 0);
    cr_assert_float_eq(s, 900, 1e-12);
    cr_assert_eq(tour_parse_duration("1h30m", &s), 0);
    cr_assert_float_eq(s, 5400, 1e-12);
    cr_assert_eq(tour_parse_duration("45", &s), 0);
    cr_assert_float_eq(s, 45, 1e-12);
    cr_assert_eq(tour_parse_duration("2m5", &s), 0);
    cr_assert_float_eq(s, 125, 1e-12);
    const char *bad[] = {"", "m", "0", "0m", "15x", "5s3m", "1m1m", "-5m", "25h", "99999999s", "1.5m"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(tour_parse_duration(bad[i], &s), -1, "accepted '%s'", bad[i]);
    char buf[32];
    tour_format_countdown(900, buf, sizeof buf);
    cr_assert_str_eq(buf, "15:00");
    tour_format_countdown(59.2, buf, sizeof buf);
    cr_assert_str_eq(buf, "1:00");
    tour_format_countdown(0, buf, sizeof buf);
    cr_assert_str_eq(buf, "0:00");
    tour_format_countdown(-12.5, buf, sizeof buf);
    cr_assert_str_eq(buf, "-0:12");
    tour_format_countdown(3723, buf, sizeof buf);
    cr_assert_str_eq(buf, "1:02:03");
}

Test(tour, a_fifo_is_refused_not_read)
{
    char path[] = "/tmp/rampup-tour-fifoXXXXXX";
    cr_assert_not_null(mkdtemp(path));
    char fifo[64], note[64];
    snprintf(fifo, sizeof fifo, "%s/t.yaml", path);
    snprintf(note, sizeof note, "%s/n.md", path);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    cr_assert_eq(mkfifo(note, 0600), 0);
    Tour t;
    RError err;
    cr_assert_eq(tour_open(fifo, &t, &err), -1);
    cr_assert(strstr(err.msg, "not a regular file"));
    cr_assert_eq(tour_open(note, &t, &err), -1);
    cr_assert(strstr(err.msg, "not a regular file"));
    unlink(fifo);
    unlink(note);
    rmdir(path);
}

Test(tour, the_shipped_tour_validates)
{
    Tour t;
    RError err = {0};
    int rc = tour_load("content/tour.yaml", &t, &err);
    cr_assert_eq(rc, 0, "%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    cr_assert_geq(t.count, 6);
    tour_free(&t);
}
