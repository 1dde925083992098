/* Keys: one event type for keyboard and mouse, binding tables that drive both dispatch and
 * the help overlay, and the global actions. */
#ifndef RAMPUP_TUI_KEYMAP_H
#define RAMPUP_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

typedef struct KeyEvent {
    int key;     /* a Unicode code point (fn == false) or a curses KEY_* code (fn == true) */
    bool fn;     /* true for function keys, arrows, KEY_RESIZE, KEY_MOUSE … */
    int mouse_y; /* KEY_MOUSE: screen row and column of a button-1 click or a wheel turn */
    int mouse_x;
    int wheel;   /* KEY_MOUSE: -1 wheel up, +1 wheel down, 0 a click */
} KeyEvent;

/* One key -> action row: the one table a pane (or the app) declares for key dispatch, the
 * help overlay and the `:` commands. A row with a NULL `label` is an alias: it dispatches but
 * the help overlay does not list it (the row it aliases names both keys in its label). */
typedef struct KeyBinding {
    int key;
    bool fn;
    int action;        /* > 0; the table owner's own enum */
    const char *label; /* "n, Space" — NULL for aliases */
    const char *help;  /* "step one node" */
    const char *command; /* ":step" runs this row's action too (NULL: no command) */
    const char *footer;  /* "n step": shown in the pane's one-line footer, in table order
                          * (NULL: help only). ↑↓ ←→ are written as such; ASCII terminals
                          * get letters (keymap_footer_text). */
} KeyBinding;

/* The action bound to ev in table[0..n), or 0. */
int keymap_action(const KeyBinding *table, size_t n, const KeyEvent *ev);

/* Helpers for hand-written key handling. */
bool key_is(const KeyEvent *ev, int ch);    /* a plain character */
bool key_is_fn(const KeyEvent *ev, int code); /* a KEY_* code */
bool key_is_enter(const KeyEvent *ev);
bool key_is_escape(const KeyEvent *ev);
bool key_is_backspace(const KeyEvent *ev);
bool key_is_up(const KeyEvent *ev);    /* ↑ or k */
bool key_is_down(const KeyEvent *ev);  /* ↓ or j */
bool key_is_left(const KeyEvent *ev);  /* ← or h */
bool key_is_right(const KeyEvent *ev); /* → or l */
bool key_is_click(const KeyEvent *ev); /* KEY_MOUSE with a position, not a wheel turn */
bool key_is_wheel(const KeyEvent *ev); /* KEY_MOUSE from the wheel: ev->wheel is -1 or +1 */

/* Lines a wheel notch moves a list or a text view. */
#define WHEEL_LINES 3

/* The footer of a table: its rows' `footer` texts, two spaces apart, as many as fit in
 * width columns (whole items only). ascii: arrows as letters ("Up/Dn"). Returns the columns
 * used. */
int keymap_footer(const KeyBinding *table, size_t n, bool ascii, int width, char *out,
                  size_t size);

/* Global actions; their keys and help text are the rows of global_keys (keymap.c). */
typedef enum GlobalAction {
    GA_NONE,
    GA_NEXT_PANE,
    GA_PREV_PANE,
    GA_GOTO_PANE,
    GA_HELP,
    GA_SEARCH,
    GA_COMMAND,
    GA_QUIT,
    GA_TOUR,   /* booth: start / stop the tour */
    GA_BIG,    /* booth: the pane's headline in big digits */
    GA_EXPORT, /* booth: the pane's figures and formulas as a Markdown handout */
    GA_CHROME  /* booth: hide / show the tab bar and status bar */
} GlobalAction;

extern const KeyBinding global_keys[];
extern const size_t global_key_count;

#endif
