/* The booth tour player: plays a Tour's scenes in time, as cues the app carries out (open a
 * pane with settings, step its graph, reset every pane), and draws the caption banner. The
 * clock comes in as an argument, so the player does no I/O and tests can drive it. */
#ifndef RAMPUP_TUI_TOUR_PLAYER_H
#define RAMPUP_TUI_TOUR_PLAYER_H

#include <stdbool.h>

#include "engine/tour/tour.h"
#include "tui/curses.h"
#include "tui/keymap.h"
#include "tui/rect.h"

#define TOUR_ARG_MAX 512

typedef struct TourPlayer {
    Tour tour;          /* owned; count 0 when there is none */
    bool loop;          /* attract mode: start again after the last scene; resume when idle */
    double idle;        /* loop: seconds without a key before the tour takes over again */
    bool playing;
    bool paused;
    bool visitor;       /* loop: a key handed the app to a visitor (cleared on resume) */
    size_t scene;
    double start;       /* clock time at which the current scene's t = 0 */
    double paused_at;   /* the scene time when paused */
    double last_key;    /* clock time of the visitor's last key */
    long steps_sent;    /* step animation: graph steps already cued in this scene */
    bool cue_open;      /* the scene's pane still has to be opened */
    char sent[TOUR_ARG_MAX]; /* the last argument cued, so a still frame cues nothing */
} TourPlayer;

/* What the app does after a tick, in this order. */
typedef struct TourCue {
    bool reset;              /* restore every pane's defaults (a fresh pass or a resume) */
    const char *pane;        /* non-NULL: open this pane (borrowed from the tour) … */
    char arg[TOUR_ARG_MAX];  /* … with this argument */
    int steps;               /* then send the pane this many "step" keys */
} TourCue;

/* Takes ownership of *tour (which is zeroed). idle in seconds (loop mode). */
void tour_player_init(TourPlayer *p, Tour *tour, bool loop, double idle);
void tour_player_free(TourPlayer *p);

void tour_player_start(TourPlayer *p, double now); /* from the first scene, with a reset */
void tour_player_stop(TourPlayer *p, double now);  /* the tour stops; the app stays as it is */
/* Presenter keys while playing: ← / → previous / next scene, Space pause, P stop. Any other
 * key in loop mode hands the app to the visitor (sets `visitor`) and is used up by that.
 * Returns true when the player used the key. */
bool tour_player_key(TourPlayer *p, const KeyEvent *ev, double now);
/* A key the app handled (the visitor is active): postpones the idle reset. */
void tour_player_touch(TourPlayer *p, double now);

/* Advances to `now`; fills cue and returns true when the app has something to do. */
bool tour_player_tick(TourPlayer *p, double now, TourCue *cue);
/* The time into the current scene. */
double tour_player_scene_time(const TourPlayer *p, double now);
const TourScene *tour_player_current(const TourPlayer *p); /* NULL when not playing */

/* The banner's height for a body of `body_h` rows (0 when not playing), and drawing it at the
 * bottom of body: the caption, the scene's headline (in big digits when there is room), the
 * scene count and keys. headline_value and _label may be NULL (the pane has none). */
int tour_player_banner_rows(const TourPlayer *p, int body_h);
void tour_player_draw(const TourPlayer *p, WINDOW *w, Rect banner, const char *headline_value,
                      const char *headline_label, double now);

#endif
