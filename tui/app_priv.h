/* What the main loop's files share (tui/app.c, tui/app_booth.c): the App struct and the few
 * functions one calls in the other. Not for panes: they see tui/app.h only. */
#ifndef RAMPUP_TUI_APP_PRIV_H
#define RAMPUP_TUI_APP_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "tui/app.h"
#include "tui/overlay.h"
#include "tui/textbox.h"
#include "tui/theme.h"
#include "tui/tour_player.h"

#define MIN_W 60
#define MIN_H 16
#define MAX_PANES 16
#define POLL_MS 200
#define MAX_OVERLAYS 8
#define TOUR_POLL_MS 100 /* animation frames while a tour plays */

typedef enum Mode { MODE_NORMAL, MODE_COMMAND, MODE_SEARCH } Mode;

typedef struct Overlay {
    const OverlayClass *cls;
    void *ctx; /* owned: cls->destroy frees it */
} Overlay;

struct App {
    const AppConfig *cfg;
    void *states[MAX_PANES];  /* owned through their class's destroy; NULL until first shown */
    bool failed[MAX_PANES];
    size_t npanels;
    size_t current;
    Rect screen, tabs, body, status;
    Rect tab_hit[MAX_PANES];
    bool too_small;
    Mode mode;
    Overlay overlays[MAX_OVERLAYS]; /* the modal stack, bottom first */
    size_t noverlays;
    TextBox input;
    char status_msg[256];
    bool keep_state_file; /* state.json could not be read: never overwrite it */
    StatusLevel status_level;
    time_t status_until;
    char note[128];   /* the pane's mode, shown instead of its footer ("typing — Esc to leave") */
    char foot[512];   /* the current pane's footer at foot_w columns (made on a change only) */
    long foot_pane;
    int foot_w;
    cJSON *state; /* owned */
    bool dirty;
    bool quit;
    /* Booth mode (tui/tour_player.c). */
    TourPlayer tour;
    bool chrome_hidden;   /* C: no tab bar, no status bar */
    Rect banner;          /* the tour's caption banner, carved from the bottom of body */
    double timer_end;     /* countdown: monotonic time it reaches zero; 0 none; < 0 a clock */
    char timer_text[24];  /* the timer as last drawn */
    ThemeKind start_theme; /* the theme at start: a tour's reset undoes a visitor's :theme */
};


static inline const PanelClass *cls(const App *app, size_t i) { return app->cfg->panels[i]; }

/* tui/app.c */
double app_now(void); /* monotonic seconds */
void app_layout(App *app);
void app_switch_to(App *app, size_t i);
long app_find_pane(const App *app, const char *name);
bool app_pane_key(App *app, const KeyEvent *ev);

/* tui/app_booth.c: the tour, the --timer clock, B, e, :reset and `tour check` */
bool app_booth_timer(const App *app, char *buf, size_t size, ThemeRole *role);
/* The current pane's headline (the playing scene's when it is on this pane); false: none. */
bool app_pane_headline(const App *app, char *value, size_t vsize, char *label, size_t lsize);
void app_reset_panes(App *app);
void app_tour_run(App *app);
void app_tour_toggle(App *app);
void app_export_pane(App *app);
void app_show_big(App *app);

#endif
