/* Booth mode in the main loop: the tour player's cues, the --timer clock, the big headline
 * (B), the handout (e), :reset, and `rampup tour check` on headless panes. */
#include "tui/app_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/bigdigits.h"
#include "tui/text.h"
#include "tui/xalloc.h"

/* The --timer text: a countdown (red in the last minute and past zero) or the time of day. */
bool app_booth_timer(const App *app, char *buf, size_t size, ThemeRole *role)
{
    if (app->timer_end == 0)
        return false;
    *role = TH_ACCENT;
    if (app->timer_end < 0) {
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(buf, size, "%H:%M", &tm);
        return true;
    }
    double left = app->timer_end - app_now();
    tour_format_countdown(left, buf, size);
    if (left < 60)
        *role = TH_BAD;
    return true;
}

/* The current pane's headline (the playing scene's figure when the scene is on this pane);
 * false when it has none. */
bool app_pane_headline(const App *app, char *value, size_t vsize, char *label, size_t lsize)
{
    const PanelClass *c = app->cfg->panels[app->current];
    const void *st = app->states[app->current];
    label[0] = value[0] = '\0';
    const TourScene *sc = tour_player_current(&app->tour);
    const char *which = sc && strcmp(sc->pane, c->name) == 0 ? sc->headline : NULL;
    return st && c->headline && c->headline(st, which, value, vsize, label, lsize) && value[0];
}

/* ---- booth mode ---- */

/* :reset and the tour's idle reset: every pane back to its defaults. Panes are destroyed and
 * their saved objects dropped, so each is created afresh (the theme stays). */
void app_reset_panes(App *app)
{
    while (app->noverlays)
        app_pop_overlay(app);
    for (size_t i = 0; i < app->npanels; i++) {
        cls(app, i)->destroy(app->states[i]);
        app->states[i] = NULL;
        app->failed[i] = false;
    }
    cJSON *theme = cJSON_DetachItemFromObjectCaseSensitive(app->state, "theme");
    cJSON_Delete(app->state);
    if (!(app->state = cJSON_CreateObject()))
        die("out of memory");
    if (theme)
        cJSON_AddItemToObject(app->state, "theme", theme);
    app_switch_to(app, app->current);
}

/* Opens a scene's pane; a pane already showing only takes the new argument (a sweep sends
 * one every frame), so its overlays stay. */
static void scene_open(App *app, const char *name, const char *arg)
{
    long i = app_find_pane(app, name);
    if (i < 0) {
        app_status(app, STATUS_ERROR, "tour: no pane called '%s'", name);
        return;
    }
    if ((size_t)i != app->current || !app->states[i])
        app_switch_to(app, (size_t)i);
    void *st = app->states[i];
    if (st && arg && *arg && cls(app, (size_t)i)->open)
        cls(app, (size_t)i)->open(st, arg);
}

/* Carries out what the player asks for at this tick. */
void app_tour_run(App *app)
{
    TourCue cue;
    if (tour_player_tick(&app->tour, app_now(), &cue)) {
        if (cue.reset) { /* everything a visitor changed: panes, theme, hidden bars */
            app_reset_panes(app);
            if (theme_current() != app->start_theme)
                theme_init(app->start_theme);
            if (app->chrome_hidden) {
                app->chrome_hidden = false;
                app_layout(app);
            }
        }
        if (cue.pane)
            scene_open(app, cue.pane, cue.arg);
        KeyEvent step = {'n', false, -1, -1}; /* the Agents pane's "step one node" */
        for (int k = 0; k < cue.steps; k++)
            app_pane_key(app, &step);
    }
    if (tour_player_current(&app->tour))
        app->dirty = true; /* the countdown moves, animations move */
    /* a scene with a headline has a taller banner; none when the tour stops */
    if (tour_player_banner_rows(&app->tour, app->body.h + app->banner.h) != app->banner.h) {
        app_layout(app);
        app->dirty = true;
    }
}

/* P: stop a playing tour, or start one (content/tour.yaml when none was given). */
void app_tour_toggle(App *app)
{
    double now = app_now();
    if (tour_player_current(&app->tour)) {
        tour_player_stop(&app->tour, now);
        app_status(app, STATUS_INFO, "tour stopped (P plays it again)");
        return;
    }
    if (app->tour.tour.count == 0) {
        char path[4200];
        snprintf(path, sizeof path, "%s/tour.yaml", app->cfg->content_dir);
        Tour t;
        RError err;
        if (tour_load(path, &t, &err) != 0) {
            char buf[700];
            rerror_format(&err, buf, sizeof buf);
            app_status(app, STATUS_ERROR, "tour: %s", buf);
            return;
        }
        tour_player_init(&app->tour, &t, false, 60);
    }
    tour_player_start(&app->tour, now);
}

/* e: the pane's handout, written to a new file in the working directory (else /tmp). */
void app_export_pane(App *app)
{
    const PanelClass *c = cls(app, app->current);
    void *st = app->states[app->current];
    if (!st || !c->export) {
        app_status(app, STATUS_WARN, "the %s pane has nothing to export", c->title);
        return;
    }
    char *md = c->export(st);
    if (!md) {
        app_status(app, STATUS_ERROR, "export: nothing to write (see the pane's error)");
        return;
    }
    char stamp[32], path[512];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    FILE *f = NULL;
    static const char *const dirs[] = {".", "/tmp"};
    for (size_t d = 0; d < 2 && !f; d++)
        for (int k = 0; k < 10 && !f; k++) {
            if (k)
                snprintf(path, sizeof path, "%s/rampup-%s-%s-%d.md", dirs[d], c->name, stamp, k);
            else
                snprintf(path, sizeof path, "%s/rampup-%s-%s.md", dirs[d], c->name, stamp);
            f = fopen(path, "wx"); /* never overwrite */
        }
    if (!f) {
        app_status(app, STATUS_ERROR, "export: cannot create a file here or in /tmp");
        free(md);
        return;
    }
    bool ok = fputs(md, f) >= 0;
    ok = fclose(f) == 0 && ok;
    free(md);
    if (ok)
        app_status(app, STATUS_INFO, "handout written: %s", path);
    else
        app_status(app, STATUS_ERROR, "export: could not write %s", path);
}

/* B: the pane's headline over the whole body in the biggest digits that fit; live, so a
 * tour's sweep keeps counting. */
typedef struct BigOverlay {
    const App *app; /* borrowed */
    Rect body;
} BigOverlay;

static PaneResult big_key(void *ctx, const KeyEvent *ev)
{
    (void)ctx;
    if (key_is_escape(ev) || key_is(ev, 'B') || key_is(ev, 'q') || key_is_enter(ev))
        return OVERLAY_CLOSE | PANE_HANDLED;
    return PANE_IGNORED;
}

static void big_place(void *ctx, Rect body) { ((BigOverlay *)ctx)->body = body; }

static void big_draw(const void *ctx, WINDOW *w)
{
    const BigOverlay *b = ctx;
    char value[64], label[160];
    if (!app_pane_headline(b->app, value, sizeof value, label, sizeof label))
        snprintf(value, sizeof value, "-");
    Rect r = b->body;
    fill_rect(w, r, theme_attr(TH_NORMAL));
    Rect digits = rect_take_top(&r, r.h > 3 ? r.h - 3 : 0);
    if (!bigdigits_draw(w, digits, theme_attr(TH_VALUE), theme_attr(TH_HEADING), value))
        text_draw_center(w, rect_make(digits.y + digits.h / 2, r.x, 1, r.w), theme_attr(TH_VALUE),
                         value);
    text_draw_center(w, rect_take_top(&r, 1), theme_attr(TH_HEADING), label);
    rect_take_top(&r, 1);
    text_draw_center(w, rect_take_top(&r, 1), theme_attr(TH_DIM), "B or Esc closes");
}

static void big_destroy(void *ctx) { free(ctx); }

static const OverlayClass big_overlay_class = {big_key, big_place, big_draw, big_destroy};

void app_show_big(App *app)
{
    char value[64], label[160];
    if (!app_pane_headline(app, value, sizeof value, label, sizeof label)) {
        app_status(app, STATUS_WARN, "the %s pane has no headline figure", cls(app, app->current)->title);
        return;
    }
    BigOverlay *b = xcalloc(1, sizeof *b);
    b->app = app;
    app_push_overlay(app, &big_overlay_class, b);
}

/* ---- tour check ---- */

/* One scene on its pane: the argument at the start, middle and end of the scene must open,
 * and the headline it names must exist. Returns false with the reason in app->status_msg. */
static bool check_scene(App *app, const TourScene *sc)
{
    long i = app_find_pane(app, sc->pane);
    if (i < 0) {
        app_status(app, STATUS_ERROR, "no pane called '%s'", sc->pane);
        return false;
    }
    app_switch_to(app, (size_t)i);
    void *st = app->states[i];
    const PanelClass *c = cls(app, (size_t)i);
    if (!st)
        return false;
    for (int k = 0; k < 3; k++) {
        char arg[TOUR_ARG_MAX];
        tour_scene_arg(sc, sc->duration * k / 2, arg, sizeof arg);
        if (!arg[0])
            continue;
        app->status_msg[0] = '\0';
        if (!c->open) {
            app_status(app, STATUS_ERROR, "the %s pane takes no argument", c->title);
            return false;
        }
        if (!c->open(st, arg)) {
            if (!app->status_msg[0])
                app_status(app, STATUS_ERROR, "the %s pane refused '%s'", c->title, arg);
            return false;
        }
    }
    char value[64], label[160];
    if (sc->headline[0] &&
        (!c->headline || !c->headline(st, sc->headline, value, sizeof value, label, sizeof label))) {
        app_status(app, STATUS_ERROR, "the %s pane has no headline figure '%s'", c->title,
                   sc->headline);
        return false;
    }
    return true;
}

int app_check_tour(const AppConfig *cfg, const Tour *t, FILE *report)
{
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    if (!out || !in) {
        if (out)
            fclose(out);
        if (in)
            fclose(in);
        fprintf(report, "rampup: cannot open /dev/null\n");
        return -1;
    }
    setenv("LINES", "40", 1);
    setenv("COLUMNS", "120", 1);
    App *app = xcalloc(1, sizeof *app);
    app->cfg = cfg;
    app->npanels = cfg->npanels;
    if (!(app->state = cJSON_CreateObject())) /* defaults: the check never reads saved state */
        die("out of memory");
    SCREEN *scr = newterm("xterm-256color", out, in);
    int bad = 0;
    if (!scr) {
        fprintf(report, "rampup: no headless screen for the check\n");
        bad = -1;
    } else {
        glyphs_init();
        theme_init(THEME_MONO);
        app_layout(app);
        for (size_t k = 0; k < t->count; k++)
            if (!check_scene(app, &t->scenes[k])) {
                fprintf(report, "rampup: %s:%d: scene %zu (%s): %s\n", t->file, t->scenes[k].line,
                        k + 1, t->scenes[k].pane, app->status_msg);
                bad++;
            }
        endwin();
        delscreen(scr);
    }
    while (app->noverlays)
        app_pop_overlay(app);
    for (size_t i = 0; i < app->npanels; i++)
        cls(app, i)->destroy(app->states[i]);
    cJSON_Delete(app->state);
    free(app);
    fclose(out);
    fclose(in);
    return bad;
}
