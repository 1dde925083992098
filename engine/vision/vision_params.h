/* The Multimodal topic's settings, declared once: the table behind `rampup vision`, the
 * Multimodal pane's sliders, its `:pane multimodal …` / note-link pairs and its saved state. */
#ifndef RAMPUP_ENGINE_VISION_VISION_PARAMS_H
#define RAMPUP_ENGINE_VISION_VISION_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/param.h"
#include "engine/vision/contrast.h"
#include "engine/vision/vision.h"

typedef struct VisionSettings {
    int model;          /* index into vision_models() */
    int width, height;  /* pixels */
    int images;
    int text;           /* text tokens besides the images */
    int bounds;         /* VisionBounds */
    bool unpad;
    char gpu[PARAM_NAME_MAX]; /* GPU preset for the prefill time (list "gpu") */
    int batch, dim;     /* contrastive batch */
    double noise, temperature, sig_scale, sig_bias;
    uint64_t seed;
} VisionSettings;

extern const ParamTable vision_params;

/* The engine queries a VisionSettings describes. */
void vision_settings_query(const VisionSettings *s, VisionQuery *q);
void vision_settings_contrast(const VisionSettings *s, ContrastQuery *q);

#endif
