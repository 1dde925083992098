/* Booth tours: scenes that open a pane on given settings, animate one of them, and show a
 * caption and a headline. Loaded from content/tour.yaml (or built from a note's pane links);
 * animation values are pure functions of the time into the scene, so players and tests agree.
 *
 * File format (every key but `pane` and `caption` optional):
 *   tour:
 *     - pane: kv                          # a pane name
 *       open: llama-2-70b                 # the pane's positional argument (preset, graph, note)
 *       settings: {seq: 4096, batch: 1}   # or a list of "name=value" strings
 *       animate: {sweep: seq, from: 1024, to: 131072, over: 8, path: log}
 *       caption: "one or two lines"       # or a list of one or two strings
 *       headline: seed                    # which of the pane's figures to show big
 *       duration: 10                      # seconds (default 10)
 * Animations: {sweep: NAME, from, to, over, path: linear|log} moves a setting; {step: SECONDS}
 * steps the agent graph; {type: "TEXT", every: SECONDS} types a query a letter at a time;
 * {ramp: NAME, from, to, over} raises a rate linearly (the serving simulator's request rate). */
#ifndef RAMPUP_ENGINE_TOUR_TOUR_H
#define RAMPUP_ENGINE_TOUR_TOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"

/* Bounds on what a tour file may hold; more is an error at the offending node. */
#define TOUR_MAX_SCENES 64
#define TOUR_MAX_SETTINGS 16
#define TOUR_NAME_MAX 32     /* pane and setting names, including the NUL */
#define TOUR_VALUE_MAX 96    /* one setting's value, the `open` argument */
#define TOUR_TEXT_MAX 160    /* one caption line, the headline label, a typed query */
#define TOUR_CAPTION_COLS 76 /* characters per caption line: the banner's width at 80x24 */
#define TOUR_MIN_SECONDS 1.0
#define TOUR_MAX_SECONDS 600.0
#define TOUR_DEFAULT_SECONDS 10.0

typedef enum TourAnimKind {
    TOUR_ANIM_NONE,
    TOUR_ANIM_SWEEP, /* a setting from `from` to `to` over `seconds`, linear or log */
    TOUR_ANIM_STEP,  /* one graph step every `seconds` */
    TOUR_ANIM_TYPE,  /* `text` typed one character every `seconds` */
    TOUR_ANIM_RAMP   /* a rate from `from` to `to` over `seconds`, linear */
} TourAnimKind;

typedef struct TourAnim {
    TourAnimKind kind;
    char setting[TOUR_NAME_MAX]; /* sweep, ramp */
    double from, to;             /* sweep, ramp */
    double seconds;              /* sweep, ramp: length; step, type: interval */
    bool log;                    /* sweep: geometric path (from and to > 0) */
    bool integer;                /* sweep, ramp: both ends whole, so values are rounded */
    char text[TOUR_TEXT_MAX];    /* type */
} TourAnim;

typedef struct TourSetting {
    char name[TOUR_NAME_MAX];
    char value[TOUR_VALUE_MAX];
} TourSetting;

typedef struct TourScene {
    char pane[TOUR_NAME_MAX];
    char open[TOUR_VALUE_MAX]; /* "" when none */
    TourSetting settings[TOUR_MAX_SETTINGS];
    size_t nsettings;
    TourAnim anim;
    char caption[2][TOUR_TEXT_MAX]; /* caption[1] "" for a one-line caption */
    char headline[TOUR_NAME_MAX];   /* a figure the pane offers (its `headline` hook); "" = its
                                     * default. The number is the pane's, never the file's. */
    double duration;                /* seconds */
    int line;                       /* where the scene starts in its file (0 if built) */
} TourScene;

typedef struct Tour {
    TourScene *scenes; /* owned */
    size_t count;
    char file[256];    /* the file it came from, for messages */
} Tour;

/* Loads and validates a tour file. Errors carry file:line:col: a missing `tour:` list, an
 * unknown key (so a typo is not silently ignored), a value of the wrong type, out of bounds
 * or too long, an unknown animation, arguments an animation does not take or lacks, a log
 * sweep through zero, an animation longer than its scene. */
int tour_load(const char *path, Tour *out, RError *err);
int tour_load_string(const char *name, const char *text, size_t len, Tour *out, RError *err);
void tour_free(Tour *t); /* accepts NULL and a zeroed Tour */

/* Builds a tour from the `[text](<pane:NAME ARGS>)` links of a Markdown note, in order,
 * outside code: one scene per link, its text as the caption, ARGS split into the `open`
 * argument (a first word without '=') and name=value settings. A note without pane links is
 * an error naming the file. */
int tour_from_note(const char *name, const char *text, size_t len, Tour *out, RError *err);
/* Reads the note at path (engine/notes.h limits) and builds its tour. */
int tour_load_note(const char *path, Tour *out, RError *err);
/* tour_load_note for a path ending in ".md", else tour_load. */
int tour_open(const char *path, Tour *out, RError *err);

/* The value of a sweep or ramp `t` seconds into the scene: `from` at t <= 0, `to` from
 * t >= seconds, in between linear, or geometric for a log sweep; rounded when `integer`. */
double tour_anim_value(const TourAnim *a, double t);
/* Graph steps taken by time t (step): floor(t / seconds), 0 before the start. */
long tour_anim_steps(const TourAnim *a, double t);
/* Bytes of `text` typed by time t (type): whole UTF-8 characters, one per `seconds`
 * starting with the first at t = 0, never more than the text. */
size_t tour_anim_typed(const TourAnim *a, double t);

/* Writes the pane argument for the scene at time t: `open`, then each setting as name=value,
 * with an animated setting's current value replacing (or added to) the fixed ones, so the
 * pane receives one consistent set. snprintf-style: returns the length needed. */
size_t tour_scene_arg(const TourScene *s, double t, char *buf, size_t size);

/* Index of the scene playing `t` seconds into a pass through the tour, or count when t is
 * past the end; *into receives the time into that scene. */
size_t tour_scene_at(const Tour *t, double seconds, double *into);
double tour_length(const Tour *t); /* the sum of the durations */

/* A presenter's duration: "15m", "90s", "1h", "1h30m", "45" (seconds), up to 24 h. Returns 0
 * and the seconds, or -1 for anything else (a unit other than h, m, s, a zero, garbage). */
int tour_parse_duration(const char *s, double *seconds);
/* The countdown as the status bar shows it: "14:59", "1:02:03", or "-0:12" once past zero
 * (an overrun counts up). snprintf-style. */
size_t tour_format_countdown(double seconds_left, char *buf, size_t size);

#endif
