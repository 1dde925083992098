/* The pane interface. A pane is a PanelClass (a const table of functions, designated
 * initializers) plus the state its `create` returns. Panes live in panels/ and are listed in
 * panels/registry.c; the app only sees this table.
 *
 * Lifecycle, in this order (the app makes every call, on the main thread):
 *
 *   create(app, saved)   once, the first time the pane is shown. `saved` is the pane's own
 *                        object from state.json (never NULL; {} on a first run), borrowed for
 *                        the call: copy what you need. Read settings through the topic's
 *                        ParamTable (param_from_json, not strict). NULL on failure, after
 *                        app_status with the reason; the app then never calls the pane again.
 *   resize(st, area)     before the first draw and whenever the pane's area changes: wrap
 *                        text and place widgets here, not in draw.
 *   show(st)             the pane became the visible tab (optional): load lazily here.
 *   { key | open | search }*   in any order, any number of times (see below).
 *   draw(st, w, area)    whenever the app redraws; only reads (no engine calls, no
 *                        allocation that a key did not invalidate).
 *   save(st, state)      before the app writes state.json (on quit, signal, and when `key`
 *                        returns PANE_SAVE): write the settings into `state` (the pane's own
 *                        object, owned by the app) with param_to_json.
 *   destroy(st)          once, at exit; accepts NULL.
 *
 * Ownership: the pane owns its state and everything in it; the App, the saved JSON and the
 * area are the app's. Modal overlays (help, why, pickers, editors) are one stack owned by the
 * app (app_push_overlay / app_push_text in tui/app.h): while one is open the pane gets no keys;
 * a pane never draws its own modal box. */
#ifndef RAMPUP_TUI_PANEL_H
#define RAMPUP_TUI_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "tui/curses.h"
#include "tui/keymap.h"
#include "tui/rect.h"

typedef struct App App;

/* What a key did: flags, in the manner of htop's HandlerResult. 0 (PANE_IGNORED) lets the key
 * fall through to the global map. */
typedef enum PaneResultFlag {
    PANE_IGNORED = 0,
    PANE_HANDLED = 1 << 0, /* the key was used: redraw */
    PANE_CHANGED = 1 << 1, /* the settings changed (the pane has recomputed): redraw */
    PANE_SAVE = 1 << 2,    /* persist now: the app calls save, then writes state.json */
} PaneResultFlag;
typedef int PaneResult; /* PaneResultFlag bits */

typedef struct PanelClass {
    const char *name;    /* "kv": for --pane, :pane, links and the state.json key */
    const char *title;   /* "KV cache": the tab label */
    const char *summary; /* one line for the Home pane */
    const KeyBinding *keys; /* the pane's action table: key dispatch, help and `:` commands */
    size_t nkeys;

    void *(*create)(App *app, const cJSON *saved);
    void (*destroy)(void *st);
    void (*resize)(void *st, Rect area);
    void (*draw)(const void *st, WINDOW *w, Rect area);
    PaneResult (*key)(void *st, const KeyEvent *ev);

    /* Optional (NULL when absent). */
    void (*show)(void *st);
    /* Background work in small steps: called about every 200 ms while the pane is shown and
     * no key arrives. Returns true when the pane should be redrawn. */
    bool (*tick)(void *st);
    /* `/` search: called as the query is typed (dir 0) and for n / N (dir +1 / -1). Returns
     * false when nothing matches. */
    bool (*search)(void *st, const char *query, int dir);
    /* Opens the pane on an argument: `:pane kv llama-3.1-70b batch=8`, a link from a note, or
     * a result in another pane ("rag.md#BM25"). Settings go through param_parse_pairs (all or
     * nothing). Returns false, after app_status, when nothing changed. */
    bool (*open)(void *st, const char *arg);
    void (*save)(const void *st, cJSON *state);
    /* Booth mode. `headline`: a figure worth reading from across the room, as short text
     * ("42.7 GiB", "8.00×": digits and a unit) and a label ("KV cache, whole batch"); `which`
     * names one of the pane's figures (a tour scene's `headline:`), NULL or "" its default.
     * False for an unknown name or when there is no figure right now. `export`: the figures on
     * screen and the formulas behind them as a Markdown handout (malloc'd; the app frees it),
     * NULL on failure. */
    bool (*headline)(const void *st, const char *which, char *value, size_t vsize, char *label,
                     size_t lsize);
    char *(*export)(const void *st);
} PanelClass;

#endif
