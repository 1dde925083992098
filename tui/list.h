/* List: a selectable, scrolling list whose rows the owner formats through a callback. */
#ifndef RAMPUP_TUI_LIST_H
#define RAMPUP_TUI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/curses.h"
#include "tui/keymap.h"
#include "tui/rect.h"

/* Writes row `index`'s text into buf (snprintf-style). Optionally sets *role (default NORMAL). */
typedef void (*ListRowFn)(const void *ctx, int index, char *buf, size_t size, int *role);

typedef struct List {
    int count;  /* rows */
    int sel;    /* selected row, -1 when empty */
    int top;    /* first visible row */
    int height; /* visible rows, from the last list_place */
    Rect area;  /* where it was last placed (for clicks) */
} List;

void list_init(List *l, int count);
void list_set_count(List *l, int count);
/* Records the area the list occupies (call from the pane's resize). */
void list_place(List *l, Rect area);
/* ↑↓ jk PgUp PgDn Home End g G, and clicks on rows. Returns true when it used the key. */
bool list_key(List *l, const KeyEvent *ev);
void list_select(List *l, int index);
/* Draws rows in l->area (or `area` if given non-empty). `focused` shows the selection in
 * TH_SELECTED, otherwise in bold. */
void list_draw(const List *l, WINDOW *w, Rect area, ListRowFn row, const void *ctx, bool focused);

#endif
