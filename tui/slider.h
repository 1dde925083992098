/* Slider: a labelled value on a linear or log scale, with units, edited with ← → (h l) by a
 * step, H L (Shift) by ten steps, Home End to the ends. One row: label, track, value. */
#ifndef RAMPUP_TUI_SLIDER_H
#define RAMPUP_TUI_SLIDER_H

#include <stdbool.h>

#include "engine/param.h"
#include "tui/curses.h"
#include "tui/keymap.h"
#include "tui/rect.h"

typedef enum SliderFormat {
    SLIDER_INT,   /* 4096 */
    SLIDER_COUNT, /* 7.24B, 128k */
    SLIDER_BYTES, /* 80.0 GiB */
    SLIDER_FLOAT, /* 0.90 (decimals) */
    SLIDER_SCI,   /* 5.76e23 */
    SLIDER_PERCENT /* 0.45 -> 45% */
} SliderFormat;

typedef struct Slider {
    const char *label; /* borrowed; "batch" */
    const char *unit;  /* borrowed; "tokens" or NULL */
    double min, max;
    double value;
    double step;       /* linear: added per step; log: multiplied per step (e.g. 2, or 1.25) */
    bool log;
    bool integer;      /* round to whole numbers */
    SliderFormat format;
    int decimals;      /* SLIDER_FLOAT */
} Slider;

/* Takes the range, integer-ness and default of a parameter-table setting, narrowed to
 * [lo, hi] (a pane may narrow a setting's range for its slider, never widen it). Keeps the
 * label, unit, step and format the caller set. */
void slider_bind(Slider *s, const ParamSpec *spec, double lo, double hi);
/* When the value of `spec` in `settings` is one the table takes but this slider does not
 * reach, writes "seq: the pane shows 16..4M (rampup kv takes more)" into msg and returns
 * true: a pane refuses it rather than clamp it silently. */
bool slider_refuses(const Slider *s, const ParamSpec *spec, const void *settings,
                    const char *command, char *msg, size_t size);
/* Sets value, clamped to [min, max] (and rounded when integer). */
void slider_set(Slider *s, double value);
/* Returns true when the value changed. */
bool slider_key(Slider *s, const KeyEvent *ev);
/* A click on the track of the slider drawn in r (same r and label_w as slider_draw) sets the
 * value at that point. Returns true when the value changed. */
bool slider_click(Slider *s, const KeyEvent *ev, Rect r, int label_w);
/* The value as text (snprintf-style). */
int slider_format(const Slider *s, char *buf, size_t size);
/* Draws "label ──●──── value unit" in r's first row; label_w columns for the label. */
void slider_draw(const Slider *s, WINDOW *w, Rect r, int label_w, bool focused);

#endif
