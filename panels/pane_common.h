/* What the Multimodal and Evals panes share: the "why" overlay from an engine's explanation
 * text, and the keys that move a focused control. */
#ifndef RAMPUP_PANELS_PANE_COMMON_H
#define RAMPUP_PANELS_PANE_COMMON_H

#include "engine/text/handout.h" /* handout_from_why: the `e` handout of a why text */
#include "tui/app.h"

/* Splits text at newlines into the overlay's lines (lines that start with a space dimmed)
 * and pushes it; 'w' closes it, as it opened it. */
void why_text_push(App *app, const char *title, const char *text);

/* +1 for a key that moves a control up (→ l L Shift-→ End), -1 down (← h H Shift-← Home),
 * 0 otherwise. */
int pane_change_dir(const KeyEvent *ev);

#endif
