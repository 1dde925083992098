/* Overlays drawn over a pane: a boxed, scrollable text window (the "why" explanations), the
 * help overlay built from key tables, and the status bar. */
#ifndef RAMPUP_TUI_OVERLAY_H
#define RAMPUP_TUI_OVERLAY_H

#include <stddef.h>

#include "tui/keymap.h"
#include "tui/lines.h"

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
