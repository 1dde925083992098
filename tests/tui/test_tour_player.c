/* The tour player's state machine, driven by a fake clock: cues at scene starts and while an
 * animation moves, presenter keys, hand-over to a visitor, the idle reset, play-once. */
#include <criterion/criterion.h>

#include <string.h>

#include "tui/tour_player.h"

static const char *const TOUR_YAML =
    "tour:\n"
    "  - pane: kv\n    open: llama-2-7b\n"
    "    animate: {sweep: seq, from: 1024, to: 4096, over: 2, path: log}\n"
    "    caption: a\n    duration: 4\n"
    "  - pane: agents\n    open: research\n    animate: {step: 1}\n    caption: b\n    duration: 3\n";

static TourPlayer player(bool loop, double idle)
{
    Tour t;
    RError err;
    cr_assert_eq(tour_load_string("t.yaml", TOUR_YAML, strlen(TOUR_YAML), &t, &err), 0, "%s", err.msg);
    TourPlayer p;
    tour_player_init(&p, &t, loop, idle);
    cr_assert_null(t.scenes, "the player takes the scenes");
    return p;
}

Test(tour_player, cues_follow_the_clock)
{
    TourPlayer p = player(false, 60);
    TourCue c;
    cr_assert_not(tour_player_tick(&p, 100, &c), "nothing before start");
    tour_player_start(&p, 100);
    cr_assert(tour_player_tick(&p, 100, &c));
    cr_assert_str_eq(c.pane, "kv");
    cr_assert_str_eq(c.arg, "llama-2-7b seq=1024");
    cr_assert_not(c.reset);
    cr_assert_not(tour_player_tick(&p, 100, &c), "the same frame again cues nothing");
    cr_assert(tour_player_tick(&p, 101, &c));
    cr_assert_str_eq(c.arg, "llama-2-7b seq=2048");
    cr_assert(tour_player_tick(&p, 103, &c));
    cr_assert_str_eq(c.arg, "llama-2-7b seq=4096");
    cr_assert_not(tour_player_tick(&p, 103.5, &c), "the sweep ended");
    cr_assert(tour_player_tick(&p, 104.2, &c));
    cr_assert_str_eq(c.pane, "agents");
    cr_assert_eq(c.steps, 0);
    cr_assert(tour_player_tick(&p, 106.3, &c));
    cr_assert_eq(c.steps, 2, "one step per second, caught up after a slow frame");
    cr_assert_null(c.pane);
    cr_assert_not(tour_player_tick(&p, 107.5, &c), "played once: it ends");
    cr_assert_null(tour_player_current(&p));
    tour_player_free(&p);
}

Test(tour_player, presenter_keys)
{
    TourPlayer p = player(false, 60);
    TourCue c;
    tour_player_start(&p, 0);
    tour_player_tick(&p, 0, &c);
    KeyEvent right = {KEY_RIGHT, true, -1, -1}, left = {KEY_LEFT, true, -1, -1};
    KeyEvent space = {' ', false, -1, -1}, other = {'x', false, -1, -1};
    cr_assert(tour_player_key(&p, &right, 1));
    cr_assert_eq(p.scene, 1);
    cr_assert(tour_player_tick(&p, 1, &c));
    cr_assert_str_eq(c.pane, "agents");
    cr_assert(tour_player_key(&p, &left, 2));
    cr_assert_eq(p.scene, 0);
    cr_assert(tour_player_key(&p, &left, 2), "← wraps to the last scene");
    cr_assert_eq(p.scene, 1);
    cr_assert(tour_player_key(&p, &space, 2.5));
    cr_assert(p.paused);
    cr_assert_float_eq(tour_player_scene_time(&p, 50), 0.5, 1e-9, "time stops while paused");
    cr_assert(tour_player_key(&p, &space, 50));
    cr_assert_float_eq(tour_player_scene_time(&p, 51), 1.5, 1e-9);
    cr_assert_not(tour_player_key(&p, &other, 51), "play-once: other keys go to the app");
    cr_assert_not_null(tour_player_current(&p));
    tour_player_free(&p);
}

Test(tour_player, attract_loop_hands_over_and_resumes)
{
    TourPlayer p = player(true, 5);
    TourCue c;
    tour_player_start(&p, 0);
    tour_player_tick(&p, 0, &c);
    cr_assert(tour_player_tick(&p, 4.1, &c));
    cr_assert_str_eq(c.pane, "agents");
    cr_assert_not(c.reset);
    cr_assert(tour_player_tick(&p, 7.2, &c), "after the last scene it loops");
    cr_assert_str_eq(c.pane, "kv");
    cr_assert(c.reset, "every pass starts from the defaults");
    KeyEvent other = {'x', false, -1, -1};
    cr_assert(tour_player_key(&p, &other, 8), "the waking key is used up");
    cr_assert(p.visitor);
    cr_assert_null(tour_player_current(&p));
    tour_player_touch(&p, 11);
    cr_assert_not(tour_player_tick(&p, 15.9, &c), "5 s after the last key, not before");
    cr_assert(tour_player_tick(&p, 16.1, &c));
    cr_assert(c.reset);
    cr_assert_str_eq(c.pane, "kv");
    cr_assert_eq(p.scene, 0);
    cr_assert_not(p.visitor);
    tour_player_free(&p);
}
