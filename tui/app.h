/* The app: screen, main loop, tab bar, status bar, the overlay stack, command line,
 * persistence. Panes talk to it through these calls only. */
#ifndef RAMPUP_TUI_APP_H
#define RAMPUP_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#include "engine/tour/tour.h"
#include "tui/overlay.h"
#include "tui/panel.h"
#include "tui/theme.h"

typedef struct AppConfig {
    const PanelClass *const *panels; /* borrowed; tab order */
    size_t npanels;
    const char *first_pane;  /* name, or NULL for the last pane used (else the first) */
    const char *content_dir; /* borrowed */
    const char *notes_dir;   /* borrowed */
    const char *state_dir;   /* borrowed; NULL: do not persist */
    ThemeKind theme;
    /* Booth mode (tui/tour_player.c): a tour to play from the start, or NULL. The app takes
     * its scenes (the Tour is left empty). */
    Tour *tour;
    bool tour_loop;   /* attract mode */
    double tour_idle; /* loop: seconds without a key before the tour resumes */
    double timer;     /* > 0: a countdown of that many seconds in the status bar; < 0: a clock */
} AppConfig;

/* Runs the TUI until the user quits or a signal asks to; restores the terminal on every path.
 * Returns the process exit code. */
int app_run(const AppConfig *cfg);

/* Benchmark hook (make bench): on a headless rows×cols screen, times start-up to the first
 * frame (state load, first pane created, drawn) and, for each pane, the median and worst time
 * to draw one frame over `frames` redraws. Prints one line per pane to stdout. */
int app_bench(const AppConfig *cfg, int rows, int cols, int frames);

/* `rampup tour check`: on a headless screen, opens every scene's pane with its settings (at
 * the scene's start, middle and end) and asks for the headline it names, as the player will.
 * Prints "rampup: FILE:LINE: scene N (pane): why" to report for each refusal. Returns the
 * number of scenes refused, or -1 when no screen could be made. */
int app_check_tour(const AppConfig *cfg, const Tour *t, FILE *report);

typedef enum StatusLevel { STATUS_INFO, STATUS_WARN, STATUS_ERROR } StatusLevel;

/* A message in the status bar (kept until the next key, errors a little longer). */
void app_status(App *app, StatusLevel level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The pane's mode, shown in the status bar in place of its footer until cleared with NULL
 * ("typing — Esc to leave" while a search box has the keyboard). */
void app_note(App *app, const char *text);
/* Switches to the pane called `name` and passes it `arg` (may be NULL). */
bool app_open_pane(App *app, const char *name, const char *arg);
const char *app_content_dir(const App *app);
const char *app_notes_dir(const App *app);
/* The pane's own object inside state.json (created on demand; owned by the app). `create`
 * receives it and `save` writes it; call this only for state kept outside the settings
 * (reading positions as they change). */
cJSON *app_pane_state(App *app, const char *pane_name);
/* Shared, read-mostly state across panes: the object "progress" holds reading progress. */
cJSON *app_shared_state(App *app, const char *key);

/* Modal overlays: one stack owned by the app, drawn over the pane in push order; the top one
 * gets every key until it returns OVERLAY_CLOSE. Switching panes closes them all. */
/* Pushes an overlay; the app owns ctx from now on (oc->destroy frees it). */
void app_push_overlay(App *app, const OverlayClass *oc, void *ctx);
/* A titled, scrollable text box; `lines` is moved in (left empty). close_key (0: none) also
 * closes it, besides Esc, q and Enter: the key that opened it ('w' for "why"). */
void app_push_text(App *app, const char *title, TextLines *lines, int close_key);
void app_pop_overlay(App *app);
/* The panes registered, for Home's topic list. */
size_t app_panel_count(const App *app);
const PanelClass *app_panel(const App *app, size_t i);

#endif
