/* The "why" overlays of the Multimodal and Evals panes: an engine's explanation text (one
 * formula a line) pushed as the app's text overlay. */
#ifndef RAMPUP_PANELS_WHY_TEXT_H
#define RAMPUP_PANELS_WHY_TEXT_H

#include "tui/app.h"

/* Splits text at newlines into the overlay's lines (lines that start with a space dimmed)
 * and pushes it; 'w' closes it, as it opened it. */
void why_text_push(App *app, const char *title, const char *text);

#endif
