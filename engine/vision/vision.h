/* Visual tokens: how many positions an image takes in a vision-language model's context
 * (fixed resolution, LLaVA-NeXT AnyRes tiling, Qwen2-VL dynamic resolution), the encoder and
 * projector sizes, and what those tokens cost in the LLM's KV cache. */
#ifndef RAMPUP_ENGINE_VISION_VISION_H
#define RAMPUP_ENGINE_VISION_VISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "engine/gpu.h"
#include "engine/kv/kv.h"
#include "engine/param.h"

/* How a model turns an image into tokens. */
typedef enum VisionScheme {
    VISION_FIXED,   /* resize to image_size², (image_size / patch)² tokens */
    VISION_ANYRES,  /* LLaVA-NeXT: base view + best-fit grid of tiles, unpadded, newlines */
    VISION_DYNAMIC, /* Qwen2-VL: smart_resize to multiples of 28, one token per 28x28 */
} VisionScheme;

typedef enum VisionProjector {
    VISION_PROJ_NONE,   /* a bare encoder (CLIP / SigLIP tower on its own) */
    VISION_PROJ_MLP2,   /* LLaVA mlp2x_gelu: Linear(enc, llm) GELU Linear(llm, llm) */
    VISION_PROJ_MERGER, /* Qwen2-VL PatchMerger: LayerNorm(enc), Linear(4 enc, 4 enc) GELU
                           Linear(4 enc, llm) over each 2x2 group */
} VisionProjector;

typedef enum VisionTower {
    VISION_TOWER_CLIP,   /* HF CLIPVisionModel: class token, no conv bias, pre + post LN */
    VISION_TOWER_SIGLIP, /* HF SiglipVisionModel trunk: conv bias, post LN (head not counted) */
    VISION_TOWER_QWEN2,  /* Qwen2-VL ViT: Conv3d (t=2) without bias, rotary, qkv bias */
} VisionTower;

/* One vision encoder, its dimensions from its released config. */
typedef struct VisionEncoder {
    const char *name;   /* "clip-vit-l-14-336" */
    const char *label;  /* "CLIP ViT-L/14-336" */
    const char *source; /* the config the numbers come from */
    VisionTower tower;
    int image_size;     /* fixed input side (0 for dynamic resolution) */
    int patch;          /* patch side in pixels */
    int hidden, layers, heads, intermediate;
} VisionEncoder;

/* One model (or bare encoder) the pane and CLI can pick. */
typedef struct VisionModelSpec {
    const char *name;    /* CLI key: "llava-1.5-7b" */
    const char *label;
    const char *source;
    VisionScheme scheme;
    int encoder;         /* index into vision_encoders() */
    VisionProjector projector;
    int64_t llm_hidden;  /* LLM embedding width the projector maps into (0: none) */
    const char *llm;     /* KV preset (content/models.yaml) with the LLM's shape, or NULL */
    int merge;           /* Qwen2-VL spatial_merge_size (2), else 1 */
    int cls_tokens;      /* extra encoder tokens dropped before the LLM (CLIP's class token) */
} VisionModelSpec;

const VisionEncoder *vision_encoders(size_t *n);
const VisionModelSpec *vision_models(size_t *n);
/* Index by name, label or unique prefix (param_match rules), -1 when absent. */
int vision_model_find(const char *name);
/* The models and the Qwen2-VL bounds as parameter-table enums. */
extern const ParamNames vision_model_names, vision_bounds_names;

/* LLaVA-NeXT image_grid_pinpoints, [height, width] pairs as in the released config. */
typedef struct VisionPinpoint {
    int h, w;
} VisionPinpoint;
const VisionPinpoint *vision_pinpoints(size_t *n);

/* Qwen2-VL pixel bounds. */
typedef enum VisionBounds {
    VISION_BOUNDS_RELEASED, /* Qwen2-VL-7B-Instruct preprocessor_config.json: 3136 .. 12845056 */
    VISION_BOUNDS_BARE,     /* Qwen2VLImageProcessor defaults: 56·56 .. 28·28·1280 */
    VISION_BOUNDS_COUNT
} VisionBounds;
const char *vision_bounds_name(VisionBounds b);
void vision_bounds_pixels(VisionBounds b, int64_t *min_pixels, int64_t *max_pixels);

/* Limits on the inputs (stated bounds). */
#define VISION_MAX_SIDE 20000
#define VISION_MAX_IMAGES 64
#define VISION_MAX_TEXT 1000000

typedef struct VisionQuery {
    int model;          /* index into vision_models() */
    int width, height;  /* the image in pixels, each in [1, VISION_MAX_SIDE] */
    int images;         /* images per prompt, [1, VISION_MAX_IMAGES] */
    int text_tokens;    /* text tokens of the prompt besides the images, [0, VISION_MAX_TEXT] */
    VisionBounds bounds;/* Qwen2-VL pixel bounds */
    bool unpad;         /* AnyRes: spatial_unpad + newline tokens (llava-v1.6); false: flat tiles */
} VisionQuery;

/* The defaults of vision_params (LLaVA-1.5-7B at 672x672, one image, 100 text tokens,
 * released bounds, unpad on). */
void vision_query_init(VisionQuery *q);
int vision_query_validate(const VisionQuery *q, RError *err);

typedef struct VisionTokens {
    int64_t per_image;    /* visual tokens one image puts into the LLM's sequence */
    int64_t base;         /* AnyRes: the base (whole image at 336) view; fixed: all tokens */
    int64_t grid;         /* AnyRes: tile features after unpadding; Qwen2-VL: merged tokens */
    int64_t newline;      /* AnyRes: one image_newline token per feature row */
    int64_t wrapper;      /* Qwen2-VL: <|vision_start|> + <|vision_end|> per image (2) */
    int64_t patches;      /* encoder patches per image (before merging; fixed: per view) */
    int resized_w, resized_h; /* what the encoder sees: fixed side, AnyRes best fit, smart_resize */
    int tiles_x, tiles_y;     /* AnyRes tile grid; Qwen2-VL 28-px token grid; fixed 1x1 */
    int feat_w, feat_h;       /* AnyRes feature grid after unpadding (tiles x 24 before) */
    int pad_x, pad_y;         /* AnyRes feature columns/rows removed on each side */
} VisionTokens;

typedef struct VisionReport {
    VisionTokens tok;
    int64_t visual_total;   /* images x (per_image + wrapper) */
    int64_t context;        /* visual_total + text_tokens */
    uint64_t encoder_params;
    uint64_t projector_params;
    bool has_kv;            /* the LLM preset was found and kv filled */
    KvReport kv;            /* the LLM at seq = context, batch 1, bf16 (when has_kv) */
    uint64_t kv_visual_bytes; /* KV bytes the images alone take (when has_kv) */
    char llm_label[64];
    bool has_prefill;       /* vision_report_prefill filled the two times */
    double prefill_s;       /* prefill of the whole prompt (images first, then text) */
    double prefill_images_s;/* prefill of the image tokens alone */
    char gpu_label[64];
} VisionReport;

/* Token arithmetic for one image, exactly as the processors do it (see vision.c). */
int vision_tokens(const VisionModelSpec *m, const VisionQuery *q, VisionTokens *out, RError *err);

/* Qwen2-VL smart_resize (transformers image_processing_qwen2_vl.py): out h, w multiples of
 * factor. Fails when a side < factor or the aspect ratio > 200, as the processor does. */
int vision_smart_resize(int height, int width, int factor, int64_t min_pixels,
                        int64_t max_pixels, int *out_h, int *out_w, RError *err);
/* LLaVA-NeXT select_best_resolution over the pinpoints; returns the chosen index. */
size_t vision_best_resolution(int height, int width, const VisionPinpoint *pp, size_t n);

/* Parameter counts (weights and biases) from the encoder's dimensions. */
uint64_t vision_encoder_params(const VisionEncoder *e);
uint64_t vision_projector_params(const VisionModelSpec *m);

/* The whole report. llm (may be NULL): the LLM's shape for the KV figures; kv_query NULL
 * means kv_query_init(). */
int vision_report(const VisionQuery *q, const KvModel *llm, const KvQuery *kv_query,
                  VisionReport *out, RError *err);

/* Prefill time on one GPU through the inference roofline (engine/infer/roofline.h: the
 * LLM-Viewer model at infer_query_init's efficiencies, bf16, no tensor parallelism): the
 * whole prompt of r->context tokens as one step, and its first r->visual_total tokens alone.
 * The vision encoder's own compute is not included. Needs r filled by vision_report. */
int vision_report_prefill(VisionReport *r, const KvModel *llm, const GpuPreset *gpu, RError *err);

/* Formulas with the numbers filled in, one per line (the "why" overlay). Returns the length
 * it needed; buf is NUL-terminated and truncated to size. */
size_t vision_explain(const VisionQuery *q, const VisionReport *r, char *buf, size_t size);

#endif
