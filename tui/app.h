/* The app: screen, main loop, tab bar, status bar, the overlay stack, command line,
 * persistence. Panes talk to it through these calls only. */
#ifndef RAMPUP_TUI_APP_H
#define RAMPUP_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

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
} AppConfig;

/* Runs the TUI until the user quits or a signal asks to; restores the terminal on every path.
 * Returns the process exit code. */
int app_run(const AppConfig *cfg);

/* Benchmark hook (make bench): on a headless rows×cols screen, times start-up to the first
 * frame (state load, first pane created, drawn) and, for each pane, the median and worst time
 * to draw one frame over `frames` redraws. Prints one line per pane to stdout. */
int app_bench(const AppConfig *cfg, int rows, int cols, int frames);

typedef enum StatusLevel { STATUS_INFO, STATUS_WARN, STATUS_ERROR } StatusLevel;

/* A message in the status bar (kept until the next key, errors a little longer). */
void app_status(App *app, StatusLevel level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
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
size_t app_overlay_depth(const App *app);
/* The panes registered, for Home's topic list. */
size_t app_panel_count(const App *app);
const PanelClass *app_panel(const App *app, size_t i);

#endif
