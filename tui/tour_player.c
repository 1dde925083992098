/* Tour playback: a small state machine over engine/tour's pure timing functions. */
#include "tui/tour_player.h"

#include <stdio.h>
#include <string.h>

#include "tui/bigdigits.h"
#include "tui/text.h"
#include "tui/theme.h"

void tour_player_init(TourPlayer *p, Tour *tour, bool loop, double idle)
{
    memset(p, 0, sizeof *p);
    p->tour = *tour;
    memset(tour, 0, sizeof *tour);
    p->loop = loop;
    p->idle = idle;
}

void tour_player_free(TourPlayer *p)
{
    if (p)
        tour_free(&p->tour);
}

static void enter_scene(TourPlayer *p, size_t i, double now)
{
    p->scene = i;
    p->start = now;
    p->paused = false;
    p->steps_sent = 0;
    p->cue_open = true;
    p->sent[0] = '\0';
}

void tour_player_start(TourPlayer *p, double now)
{
    if (p->tour.count == 0)
        return;
    p->playing = true;
    p->visitor = false;
    enter_scene(p, 0, now);
}

void tour_player_stop(TourPlayer *p, double now)
{
    p->playing = false;
    p->paused = false;
    p->last_key = now;
}

double tour_player_scene_time(const TourPlayer *p, double now)
{
    return p->paused ? p->paused_at : now - p->start;
}

const TourScene *tour_player_current(const TourPlayer *p)
{
    return p->playing && p->scene < p->tour.count ? &p->tour.scenes[p->scene] : NULL;
}

bool tour_player_key(TourPlayer *p, const KeyEvent *ev, double now)
{
    if (!p->playing)
        return false;
    size_t n = p->tour.count;
    if (key_is_fn(ev, KEY_RIGHT) || key_is_fn(ev, KEY_LEFT)) {
        bool next = key_is_fn(ev, KEY_RIGHT);
        enter_scene(p, next ? (p->scene + 1) % n : (p->scene + n - 1) % n, now);
        return true;
    }
    if (key_is(ev, ' ')) {
        if (p->paused) {
            p->start = now - p->paused_at;
            p->paused = false;
        } else {
            p->paused_at = now - p->start;
            p->paused = true;
        }
        return true;
    }
    if (key_is(ev, 'P')) {
        tour_player_stop(p, now);
        return true;
    }
    if (p->loop) { /* a visitor: the app is theirs until they leave it alone; this key only
                    * wakes it */
        tour_player_stop(p, now);
        p->visitor = true;
        return true;
    }
    return false;
}

void tour_player_touch(TourPlayer *p, double now) { p->last_key = now; }

bool tour_player_tick(TourPlayer *p, double now, TourCue *cue)
{
    memset(cue, 0, sizeof *cue);
    if (!p->playing) {
        if (!(p->loop && p->visitor && now - p->last_key >= p->idle))
            return false;
        tour_player_start(p, now); /* the visitor left: clean up and resume */
        cue->reset = true;
    }
    if (p->paused)
        return cue->reset;
    double t = now - p->start;
    const TourScene *s = &p->tour.scenes[p->scene];
    if (t >= s->duration) {
        if (p->scene + 1 >= p->tour.count && !p->loop) {
            p->playing = false; /* played once: the last scene stays for the presenter */
            return cue->reset;
        }
        bool wrap = p->scene + 1 >= p->tour.count;
        enter_scene(p, wrap ? 0 : p->scene + 1, now);
        cue->reset |= wrap; /* every pass starts from the defaults */
        s = &p->tour.scenes[p->scene];
        t = 0;
    }
    char arg[TOUR_ARG_MAX];
    tour_scene_arg(s, t, arg, sizeof arg);
    if (p->cue_open || strcmp(arg, p->sent) != 0) {
        cue->pane = s->pane;
        snprintf(cue->arg, sizeof cue->arg, "%s", arg);
        snprintf(p->sent, sizeof p->sent, "%s", arg);
        p->cue_open = false;
    }
    if (s->anim.kind == TOUR_ANIM_STEP) {
        long due = tour_anim_steps(&s->anim, t);
        if (due > p->steps_sent) {
            cue->steps = (int)(due - p->steps_sent > 100 ? 100 : due - p->steps_sent);
            p->steps_sent = due;
        }
    }
    return cue->reset || cue->pane || cue->steps;
}

int tour_player_banner_rows(const TourPlayer *p, int body_h)
{
    const TourScene *s = tour_player_current(p);
    if (!s)
        return 0;
    /* border + two caption lines + a blank; + big digits and their label when the scene has a
     * headline and the body is tall */
    if (s->headline[0] && body_h >= 30) /* double-size digits on a tall screen */
        return 5 + (body_h >= 50 ? 2 : 1) * BIGDIGITS_ROWS + 1;
    return body_h >= 12 ? 5 : 0;
}

void tour_player_draw(const TourPlayer *p, WINDOW *w, Rect banner, const char *headline_value,
                      const char *headline_label, double now)
{
    const TourScene *s = tour_player_current(p);
    if (!s || rect_empty(banner) || banner.h < 3)
        return;
    fill_rect(w, banner, theme_attr(TH_NORMAL));
    char title[64];
    snprintf(title, sizeof title, " tour %zu/%zu%s ", p->scene + 1, p->tour.count,
             p->paused ? " (paused)" : "");
    draw_box(w, banner, theme_attr(TH_BORDER), title, theme_attr(TH_TITLE));
    Rect in = rect_inset(banner, 1, 2);
    bool big = headline_value && in.h >= BIGDIGITS_ROWS + 3;
    if (big) {
        Rect digits = rect_take_top(&in, in.h - 3); /* below: the label and two caption lines */
        if (!bigdigits_draw(w, digits, theme_attr(TH_VALUE), theme_attr(TH_HEADING), headline_value))
            big = false;
        else
            text_draw_center(w, rect_take_top(&in, 1), theme_attr(TH_HEADING), headline_label);
    }
    for (int i = 0; i < 2 && in.h >= 1; i++) {
        Rect row = rect_take_top(&in, 1);
        if (i == 0 && !big && headline_value && s->headline[0]) {
            /* small screens: the headline as one bold line above the caption */
            char line[TOUR_TEXT_MAX * 2];
            snprintf(line, sizeof line, "%s  %s", headline_value, headline_label);
            text_draw_center(w, row, theme_attr(TH_VALUE), line);
            row = rect_take_top(&in, 1);
            if (rect_empty(row))
                break;
        }
        text_draw_center(w, row, theme_attr(TH_STRONG), s->caption[i]);
    }
    char keys[96];
    double left = s->duration - tour_player_scene_time(p, now);
    snprintf(keys, sizeof keys, "%s ←/→ scenes  Space %s  P stops  %.0fs",
             p->loop ? "any key: try it yourself " : "", p->paused ? "resumes" : "pauses",
             left > 0 ? left : 0);
    Rect last = rect_make(banner.y + banner.h - 1, banner.x + 2, 1, banner.w - 4);
    text_draw_right(w, last.y, last.x, last.w, theme_attr(TH_DIM), keys);
}
