/* The Multimodal parameter table. Ranges are the engine's stated bounds (vision.h,
 * contrast.h); the defaults are LLaVA-1.5-7B on a 672x672 image and a batch of 8 pairs at
 * CLIP's and SigLIP's initial temperature and bias (open_clip). */
#include "engine/vision/vision_params.h"

#include <stddef.h>
#include <string.h>

#define F(field) offsetof(VisionSettings, field)
static const ParamSpec specs[] = {
    {.name = "model", .kind = PARAM_ENUM, .offset = F(model), .def = 0,
     .choices = &vision_model_names, .help = "vision-language model or encoder"},
    {.name = "width", .kind = PARAM_INT, .offset = F(width), .min = 1, .max = VISION_MAX_SIDE,
     .def = 672, .unit = "px", .help = "image width"},
    {.name = "height", .kind = PARAM_INT, .offset = F(height), .min = 1, .max = VISION_MAX_SIDE,
     .def = 672, .unit = "px", .help = "image height"},
    {.name = "images", .kind = PARAM_INT, .offset = F(images), .min = 1,
     .max = VISION_MAX_IMAGES, .def = 1, .help = "images per prompt"},
    {.name = "text", .kind = PARAM_INT, .offset = F(text), .min = 0, .max = VISION_MAX_TEXT,
     .def = 100, .unit = "tokens", .suffix = PARAM_SFX_BINARY,
     .help = "text tokens besides the images"},
    {.name = "bounds", .kind = PARAM_ENUM, .offset = F(bounds), .def = VISION_BOUNDS_RELEASED,
     .choices = &vision_bounds_names,
     .help = "Qwen2-VL pixel bounds: released config or the bare processor's 1,280 cap"},
    {.name = "unpad", .kind = PARAM_BOOL, .offset = F(unpad), .def = 1,
     .help = "AnyRes spatial_unpad and newline tokens (off: flat tiles)"},
    {.name = "gpu", .kind = PARAM_NAME, .offset = F(gpu), .def_name = "h100-sxm",
     .list = "gpu", .help = "GPU preset for the prefill time (content/gpus.yaml)"},
    {.name = "batch", .kind = PARAM_INT, .offset = F(batch), .min = 2,
     .max = CONTRAST_MAX_BATCH, .def = 8, .help = "contrastive batch: image-text pairs"},
    {.name = "dim", .kind = PARAM_INT, .offset = F(dim), .min = 2, .max = CONTRAST_MAX_DIM,
     .def = 64, .help = "embedding width"},
    {.name = "noise", .kind = PARAM_REAL, .offset = F(noise), .min = 0, .max = 10, .def = 1.5,
     .help = "noise of each modality around the shared concept"},
    {.name = "temperature", .kind = PARAM_REAL, .offset = F(temperature), .min = 0.005,
     .max = 2, .def = 0.07, .alias = "tau", .help = "CLIP tau: logits = cos / tau"},
    {.name = "sig_scale", .kind = PARAM_REAL, .offset = F(sig_scale), .min = 0.1, .max = 100,
     .def = 10, .help = "SigLIP t: logits = t cos + b"},
    {.name = "sig_bias", .kind = PARAM_REAL, .offset = F(sig_bias), .min = -50, .max = 50,
     .def = -10, .help = "SigLIP bias b"},
    {.name = "seed", .kind = PARAM_U64, .offset = F(seed), .min = 0, .max = 9007199254740992.0,
     .def = 1, .help = "seed of the batch"},
};
#undef F

const ParamTable vision_params = {"vision", specs, sizeof specs / sizeof specs[0],
                                  sizeof(VisionSettings), "model"};

void vision_settings_query(const VisionSettings *s, VisionQuery *q)
{
    memset(q, 0, sizeof *q);
    q->model = s->model;
    q->width = s->width;
    q->height = s->height;
    q->images = s->images;
    q->text_tokens = s->text;
    q->bounds = (VisionBounds)s->bounds;
    q->unpad = s->unpad;
}

void vision_settings_contrast(const VisionSettings *s, ContrastQuery *q)
{
    memset(q, 0, sizeof *q);
    q->batch = s->batch;
    q->dim = s->dim;
    q->noise = s->noise;
    q->temperature = s->temperature;
    q->sig_scale = s->sig_scale;
    q->sig_bias = s->sig_bias;
    q->seed = s->seed;
    q->curve_max = 512;
}
