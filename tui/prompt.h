/* The prompt overlay: a one-line editor in a small box ("batch = 100", "=" on a slider).
 * Enter hands the text to the owner's submit function, which applies it or explains why not
 * (the box then stays open with the reason); Esc closes it. */
#ifndef RAMPUP_TUI_PROMPT_H
#define RAMPUP_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/overlay.h"
#include "tui/textbox.h"

/* Applies text; false with why[] filled keeps the prompt open. */
typedef bool (*PromptSubmit)(void *owner, const char *text, char *why, size_t size);

typedef struct PromptOverlay {
    char title[96];
    char hint[128];  /* under the editor: "32k, 100000, 1M" */
    char error[256]; /* why the last Enter was refused */
    TextBox tb;
    Rect box;
    PromptSubmit submit;
    void *owner;     /* borrowed: the pane */
} PromptOverlay;

extern const OverlayClass prompt_overlay_class;
/* A prompt holding `initial` (selected for replacing: typing starts fresh). */
PromptOverlay *prompt_overlay_new(const char *title, const char *initial, const char *hint,
                                  PromptSubmit submit, void *owner);

#endif
