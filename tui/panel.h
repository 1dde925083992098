/* The pane interface. A pane is a PanelClass (a const table of functions, designated
 * initializers) plus the state its `create` returns. Panes live in panels/; the app only sees
 * this table. Contract:
 *   - `key` changes state and calls the engine when the query changed; it returns true when
 *     the pane used the key (the app then redraws). Unused keys fall through to the global map.
 *   - `draw` only reads: no engine calls, no allocation that a keypress did not invalidate.
 *   - `resize` runs before the first draw and whenever the pane's area changes; wrap text and
 *     place widgets there, not in draw. */
#ifndef RAMPUP_TUI_PANEL_H
#define RAMPUP_TUI_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "tui/curses.h"
#include "tui/keymap.h"
#include "tui/rect.h"

typedef struct App App;

typedef struct PanelClass {
    const char *name;    /* "kv": for --pane, :pane and links */
    const char *title;   /* "KV cache": the tab label */
    const char *summary; /* one line for the Home pane */
    const KeyBinding *keys; /* the pane's key table: dispatch (keymap_action) and help */
    size_t nkeys;

    void *(*create)(App *app);  /* NULL on failure (after app_status with the reason) */
    void (*destroy)(void *st);  /* accepts NULL */
    void (*resize)(void *st, Rect area);
    void (*draw)(const void *st, WINDOW *w, Rect area);
    bool (*key)(void *st, const KeyEvent *ev);

    /* Optional (NULL when absent). */
    void (*show)(void *st);    /* the pane became visible: load lazily here */
    /* `/` search: called as the query is typed (dir 0) and for n / N (dir +1 / -1). Returns
     * false when nothing matches. */
    bool (*search)(void *st, const char *query, int dir);
    /* Opens the pane on an argument: `:pane kv llama-3.1-70b`, a link from a note, or a
     * result in another pane ("rag.md#BM25"). */
    bool (*open)(void *st, const char *arg);
    /* Writes what should survive a restart into `state` (the pane's own JSON object). */
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
