/* Modal overlays drawn over a pane, and the status bar. The app keeps one stack of overlays
 * (app_push_overlay in tui/app.h); this file has the class they share and the two every pane
 * uses: a boxed text window on a ScrollView (help, "why" explanations) and a filtered picker
 * (model and GPU presets). */
#ifndef RAMPUP_TUI_OVERLAY_H
#define RAMPUP_TUI_OVERLAY_H

#include <stddef.h>

#include "tui/keymap.h"
#include "tui/lines.h"
#include "tui/list.h"
#include "tui/panel.h"
#include "tui/scrollview.h"
#include "tui/textbox.h"

/* One overlay: the app calls place on push and on every resize, key while it is on top
 * (OVERLAY_CLOSE in the result pops it; PANE_IGNORED passes the key to the global map, never
 * to the pane), draw after the pane, destroy on pop. */
enum { OVERLAY_CLOSE = 1 << 8 };
typedef struct OverlayClass {
    PaneResult (*key)(void *ctx, const KeyEvent *ev);
    void (*place)(void *ctx, Rect body);
    void (*draw)(const void *ctx, WINDOW *w);
    void (*destroy)(void *ctx); /* frees ctx */
} OverlayClass;

/* The text overlay: `lines` is moved in (the caller's TextLines is left empty). Esc, q, Enter
 * and `close_key` (0: none) close it; the ScrollView keys scroll; other keys are ignored. */
typedef struct TextOverlay {
    char title[96];
    TextLines lines;
    ScrollView sv;
    int close_key;
    Rect box;
} TextOverlay;
extern const OverlayClass text_overlay_class;
TextOverlay *text_overlay_new(const char *title, TextLines *lines, int close_key);

/* The picker: a filter box over a list of rows; Enter calls pick(owner, index into rows),
 * Esc closes. Rows are copied. */
typedef void (*PickFn)(void *owner, size_t index);
typedef struct PickerOverlay {
    char title[64];
    char **rows;    /* owned */
    size_t nrows;
    int *match;     /* owned; indices of rows containing the filter */
    int nmatch;
    TextBox filter;
    List list;
    Rect box;
    PickFn pick;
    void *owner;    /* borrowed: the pane */
} PickerOverlay;
extern const OverlayClass picker_overlay_class;
PickerOverlay *picker_overlay_new(const char *title, const char *const *rows, size_t nrows,
                                  size_t selected, PickFn pick, void *owner);

/* The box an overlay of `lines` would take inside `screen` (at most 100 columns wide, 2 rows
 * of margin). */
Rect overlay_rect(Rect screen, const TextLines *lines);
/* Draws a titled box with lines from `top`, and a footer hint ("Esc closes"). */
void overlay_draw(WINDOW *w, Rect box, const char *title, const TextLines *lines, size_t top,
                  const char *hint);

/* Builds the help text, at most `width` columns wide: the pane's keys, then the global keys
 * (rows with a label only), each description wrapped under its own column. */
void help_build(TextLines *out, int width, const char *pane_title, const KeyBinding *pane_keys,
                size_t npane, const KeyBinding *global, size_t nglobal);

/* The bottom bar: a message on the left (in role), hints right-aligned. */
void statusbar_draw(WINDOW *w, Rect r, const char *msg, ThemeRole role, const char *hints);

#endif
