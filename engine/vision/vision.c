/* Visual-token arithmetic of the released processors, encoder and projector sizes. */
#include "engine/vision/vision.h"

#include "engine/infer/roofline.h"
#include "engine/vision/vision_params.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Dimensions from each model's released config.json (vision_config):
 *   openai/clip-vit-base-patch16:   hidden 768, 12 layers, 12 heads, FFN 3072, 224 px, patch 16
 *   openai/clip-vit-large-patch14:  hidden 1024, 24 layers, 16 heads, FFN 4096, 224 px, patch 14
 *   openai/clip-vit-large-patch14-336: the same at image_size 336 (LLaVA-1.5's tower)
 *   google/siglip-so400m-patch14-384: hidden 1152, 27 layers, 16 heads, FFN 4304, 384 px, 14
 *   google/siglip-base-patch16-224: hidden 768, 12 layers, 12 heads, FFN 3072, 224 px, 16
 *   Qwen/Qwen2-VL-7B-Instruct: embed_dim 1280, depth 32, num_heads 16, mlp_ratio 4,
 *     patch_size 14, spatial_merge_size 2, hidden_size (LLM) 3584. */
static const VisionEncoder encoders[] = {
    {"clip-vit-b-16", "CLIP ViT-B/16", "openai/clip-vit-base-patch16 config.json",
     VISION_TOWER_CLIP, 224, 16, 768, 12, 12, 3072},
    {"clip-vit-l-14", "CLIP ViT-L/14", "openai/clip-vit-large-patch14 config.json",
     VISION_TOWER_CLIP, 224, 14, 1024, 24, 16, 4096},
    {"clip-vit-l-14-336", "CLIP ViT-L/14-336", "openai/clip-vit-large-patch14-336 config.json",
     VISION_TOWER_CLIP, 336, 14, 1024, 24, 16, 4096},
    {"siglip-so400m-14-384", "SigLIP so400m/14-384",
     "google/siglip-so400m-patch14-384 config.json", VISION_TOWER_SIGLIP, 384, 14, 1152, 27, 16,
     4304},
    {"siglip-b-16-224", "SigLIP B/16-224", "google/siglip-base-patch16-224 config.json",
     VISION_TOWER_SIGLIP, 224, 16, 768, 12, 12, 3072},
    {"qwen2-vl-vit", "Qwen2-VL ViT (675M)", "Qwen/Qwen2-VL-7B-Instruct config.json vision_config",
     VISION_TOWER_QWEN2, 0, 14, 1280, 32, 16, 5120},
};

/* LLaVA-1.5: vision tower clip-vit-large-patch14-336, mm_projector_type mlp2x_gelu,
 * mm_vision_select_layer -2, class token dropped (HF vision_feature_select_strategy
 * "default"); LLM Vicuna-7B/13B v1.5, i.e. the Llama-2-7B/13B shapes (liuhaotian/llava-v1.5-7b
 * and -13b config.json: hidden_size 4096 / 5120, mm_hidden_size 1024).
 * LLaVA-NeXT: liuhaotian/llava-v1.6-vicuna-7b config.json: image_aspect_ratio anyres,
 * mm_patch_merge_type spatial_unpad, image_grid_pinpoints below.
 * Qwen2-VL-7B: the LLM has the Qwen2.5-7B shape (hidden 3584, 28 layers, 28 heads, 4 KV heads,
 * FFN 18944, vocab 152064 in both config.json files). */
#define VISION_MODEL_LIST(X)                                                                \
    X("llava-1.5-7b", "LLaVA-1.5-7B", "liuhaotian/llava-v1.5-7b config.json", VISION_FIXED, 2, \
      VISION_PROJ_MLP2, 4096, "llama-2-7b", 1, 1)                                              \
    X("llava-1.5-13b", "LLaVA-1.5-13B", "liuhaotian/llava-v1.5-13b config.json", VISION_FIXED,  \
      2, VISION_PROJ_MLP2, 5120, "llama-2-13b", 1, 1)                                          \
    X("llava-next-7b", "LLaVA-NeXT-7B (v1.6 Vicuna)",                                         \
      "liuhaotian/llava-v1.6-vicuna-7b config.json", VISION_ANYRES, 2, VISION_PROJ_MLP2, 4096,  \
      "llama-2-7b", 1, 1)                                                                      \
    X("qwen2-vl-7b", "Qwen2-VL-7B", "Qwen/Qwen2-VL-7B-Instruct config.json", VISION_DYNAMIC, 5, \
      VISION_PROJ_MERGER, 3584, "qwen2.5-7b", 2, 0)                                            \
    X("clip-vit-b-16", "CLIP ViT-B/16 (encoder)", "openai/clip-vit-base-patch16 config.json",   \
      VISION_FIXED, 0, VISION_PROJ_NONE, 0, NULL, 1, 1)                                        \
    X("clip-vit-l-14", "CLIP ViT-L/14 (encoder)", "openai/clip-vit-large-patch14 config.json",  \
      VISION_FIXED, 1, VISION_PROJ_NONE, 0, NULL, 1, 1)                                        \
    X("clip-vit-l-14-336", "CLIP ViT-L/14-336 (encoder)",                                     \
      "openai/clip-vit-large-patch14-336 config.json", VISION_FIXED, 2, VISION_PROJ_NONE, 0,    \
      NULL, 1, 1)                                                                              \
    X("siglip-so400m-14-384", "SigLIP so400m/14-384 (encoder)",                               \
      "google/siglip-so400m-patch14-384 config.json", VISION_FIXED, 3, VISION_PROJ_NONE, 0,     \
      NULL, 1, 0)                                                                              \
    X("siglip-b-16-224", "SigLIP B/16-224 (encoder)",                                         \
      "google/siglip-base-patch16-224 config.json", VISION_FIXED, 4, VISION_PROJ_NONE, 0, NULL, \
      1, 0)

#define AS_SPEC(n_, l_, ...) {n_, l_, __VA_ARGS__},
#define AS_NAME(n_, l_, ...) {.name = n_, .label = l_},
static const VisionModelSpec models[] = {VISION_MODEL_LIST(AS_SPEC)};
static const ParamName model_names[] = {VISION_MODEL_LIST(AS_NAME)};
#undef AS_SPEC
#undef AS_NAME

/* The models as a parameter-table enum (same order as vision_models()). */
const ParamNames vision_model_names = {"vision_model", "vision model", "rampup vision models",
                                       model_names, sizeof model_names / sizeof model_names[0]};

/* liuhaotian/llava-v1.6-vicuna-7b config.json image_grid_pinpoints, [height, width] as
 * transformers' select_best_resolution reads them. */
static const VisionPinpoint pinpoints[] = {
    {336, 672}, {672, 336}, {672, 672}, {1008, 336}, {336, 1008},
};

const VisionEncoder *vision_encoders(size_t *n)
{
    *n = sizeof encoders / sizeof encoders[0];
    return encoders;
}

const VisionModelSpec *vision_models(size_t *n)
{
    *n = sizeof models / sizeof models[0];
    return models;
}

const VisionPinpoint *vision_pinpoints(size_t *n)
{
    *n = sizeof pinpoints / sizeof pinpoints[0];
    return pinpoints;
}

int vision_model_find(const char *name)
{
    return name ? (int)param_match(&vision_model_names, name, NULL) : -1;
}

static const ParamName bounds_names[] = {
    {.name = "released", .label = "preprocessor_config.json: 4 to 16,384 tokens"},
    {.name = "bare", .label = "processor defaults: at most 1,280 tokens"},
};
const ParamNames vision_bounds_names = {"vision_bounds", "Qwen2-VL pixel bounds", NULL,
                                        bounds_names, VISION_BOUNDS_COUNT};

const char *vision_bounds_name(VisionBounds b)
{
    return bounds_names[b == VISION_BOUNDS_BARE].name;
}

/* Released: Qwen/Qwen2-VL-7B-Instruct preprocessor_config.json "min_pixels": 3136,
 * "max_pixels": 12845056 (= 4·28² and 16384·28², qwen-vl-utils' MIN/MAX_PIXELS) -> 4 to 16,384
 * tokens. Bare: transformers Qwen2VLImageProcessor defaults when no config sets them,
 * min 56·56 and max 28·28·1280 (image_processing_qwen2_vl.py @cb0fc56) -> at most 1,280. */
void vision_bounds_pixels(VisionBounds b, int64_t *min_pixels, int64_t *max_pixels)
{
    if (b == VISION_BOUNDS_BARE) {
        *min_pixels = 56 * 56;
        *max_pixels = 28 * 28 * 1280;
    } else {
        *min_pixels = 3136;
        *max_pixels = 12845056;
    }
}

void vision_query_init(VisionQuery *q)
{
    VisionSettings s;
    param_defaults(&vision_params, &s);
    vision_settings_query(&s, q);
}

int vision_query_validate(const VisionQuery *q, RError *err)
{
    size_t n;
    vision_models(&n);
    if (q->model < 0 || (size_t)q->model >= n)
        return rerror_set(err, "model index %d out of range", q->model);
    if (q->width < 1 || q->width > VISION_MAX_SIDE || q->height < 1 ||
        q->height > VISION_MAX_SIDE)
        return rerror_set(err, "image %dx%d: each side must be 1 to %d pixels", q->width,
                          q->height, VISION_MAX_SIDE);
    if (q->images < 1 || q->images > VISION_MAX_IMAGES)
        return rerror_set(err, "images must be 1 to %d", VISION_MAX_IMAGES);
    if (q->text_tokens < 0 || q->text_tokens > VISION_MAX_TEXT)
        return rerror_set(err, "text tokens must be 0 to %d", VISION_MAX_TEXT);
    if ((int)q->bounds < 0 || q->bounds >= VISION_BOUNDS_COUNT)
        return rerror_set(err, "unknown pixel bounds");
    return 0;
}

/* transformers image_processing_qwen2_vl.py smart_resize (@cb0fc56): Python's round() rounds
 * half to even, which rint() does in the default rounding mode. */
int vision_smart_resize(int height, int width, int factor, int64_t min_pixels,
                        int64_t max_pixels, int *out_h, int *out_w, RError *err)
{
    if (height < factor || width < factor)
        return rerror_set(err, "image %dx%d: Qwen2-VL needs both sides >= %d pixels", width,
                          height, factor);
    double hi = height > width ? height : width, lo = height > width ? width : height;
    if (hi / lo > 200)
        return rerror_set(err, "image %dx%d: aspect ratio %.1f is over Qwen2-VL's limit of 200",
                          width, height, hi / lo);
    double h = height, w = width, f = factor;
    double h_bar = rint(h / f) * f, w_bar = rint(w / f) * f;
    if (h_bar * w_bar > (double)max_pixels) {
        double beta = sqrt(h * w / (double)max_pixels);
        h_bar = floor(h / beta / f) * f;
        w_bar = floor(w / beta / f) * f;
    } else if (h_bar * w_bar < (double)min_pixels) {
        double beta = sqrt((double)min_pixels / (h * w));
        h_bar = ceil(h * beta / f) * f;
        w_bar = ceil(w * beta / f) * f;
    }
    *out_h = (int)h_bar;
    *out_w = (int)w_bar;
    return 0;
}

/* transformers image_processing_utils.py select_best_resolution: the largest effective
 * (downscaled, capped at the original) area wins; ties go to the least wasted area; the
 * first such pinpoint is kept. Python's int() truncates toward zero, as the cast does. */
size_t vision_best_resolution(int height, int width, const VisionPinpoint *pp, size_t n)
{
    size_t best = 0;
    long long max_eff = 0, min_waste = -1;
    for (size_t i = 0; i < n; i++) {
        double sw = (double)pp[i].w / width, sh = (double)pp[i].h / height;
        double scale = sw < sh ? sw : sh;
        long long dw = (long long)(width * scale), dh = (long long)(height * scale);
        long long orig = (long long)width * height;
        long long eff = dw * dh < orig ? dw * dh : orig;
        long long waste = (long long)pp[i].w * pp[i].h - eff;
        if (eff > max_eff || (eff == max_eff && (min_waste < 0 || waste < min_waste))) {
            max_eff = eff;
            min_waste = waste;
            best = i;
        }
    }
    return best;
}

/* transformers processing_llava_next.py _get_number_of_features / _get_unpadded_features
 * (@81bb907): base = (336/14)² = 576 features (+1 class token, dropped by the "default"
 * strategy); the best-fit grid holds (H/336)x(W/336) tiles of 24x24 features; spatial_unpad
 * crops the rows (or columns) that only letterbox padding filled, using integer arithmetic,
 * and one image_newline token ends each remaining feature row. */
static void anyres_tokens(const VisionEncoder *e, const VisionQuery *q, VisionTokens *t)
{
    size_t np;
    const VisionPinpoint *pp = vision_pinpoints(&np);
    size_t bi = vision_best_resolution(q->height, q->width, pp, np);
    int side = e->image_size / e->patch; /* 24 */
    int sy = pp[bi].h / e->image_size, sx = pp[bi].w / e->image_size;
    t->resized_h = pp[bi].h;
    t->resized_w = pp[bi].w;
    t->tiles_x = sx;
    t->tiles_y = sy;
    t->base = (int64_t)side * side;
    int64_t cur_h = (int64_t)side * sy, cur_w = (int64_t)side * sx;
    t->feat_h = (int)cur_h;
    t->feat_w = (int)cur_w;
    t->patches = t->base * (1 + sx * sy);
    if (!q->unpad) {
        t->grid = cur_h * cur_w;
        t->newline = 0;
    } else {
        /* original aspect W/H > current aspect cur_w/cur_h, compared without division */
        if ((int64_t)q->width * cur_h > cur_w * q->height) {
            int64_t new_h = ((int64_t)q->height * cur_w) / q->width;
            int64_t pad = (cur_h - new_h) / 2;
            cur_h -= 2 * pad;
            t->pad_y = (int)pad;
        } else {
            int64_t new_w = ((int64_t)q->width * cur_h) / q->height;
            int64_t pad = (cur_w - new_w) / 2;
            cur_w -= 2 * pad;
            t->pad_x = (int)pad;
        }
        t->feat_h = (int)cur_h;
        t->feat_w = (int)cur_w;
        t->grid = cur_h * cur_w;
        t->newline = cur_h;
    }
    t->per_image = t->base + t->grid + t->newline;
}

int vision_tokens(const VisionModelSpec *m, const VisionQuery *q, VisionTokens *out, RError *err)
{
    memset(out, 0, sizeof *out);
    size_t ne;
    const VisionEncoder *e = &vision_encoders(&ne)[m->encoder];
    switch (m->scheme) {
    case VISION_FIXED: {
        /* LLaVA clip_encoder.py num_patches = (image_size // patch_size)²: any image is resized
         * (and center-cropped or padded) to image_size first. */
        int side = e->image_size / e->patch;
        out->resized_w = out->resized_h = e->image_size;
        out->tiles_x = out->tiles_y = 1;
        out->feat_w = out->feat_h = side;
        out->patches = (int64_t)side * side;
        out->base = out->per_image = out->patches;
        return 0;
    }
    case VISION_ANYRES:
        anyres_tokens(e, q, out);
        return 0;
    case VISION_DYNAMIC: {
        int64_t lo, hi;
        vision_bounds_pixels(q->bounds, &lo, &hi);
        int f = e->patch * m->merge; /* 28 */
        int h, w;
        if (vision_smart_resize(q->height, q->width, f, lo, hi, &h, &w, err) != 0)
            return -1;
        out->resized_h = h;
        out->resized_w = w;
        out->tiles_x = w / f;
        out->tiles_y = h / f;
        out->feat_w = out->tiles_x;
        out->feat_h = out->tiles_y;
        out->grid = out->per_image = (int64_t)out->tiles_x * out->tiles_y;
        out->patches = out->grid * m->merge * m->merge;
        /* processing_qwen2_vl.py: image_grid_thw.prod() // merge_size² <|image_pad|> tokens
         * between <|vision_start|> and <|vision_end|> in the chat template. */
        out->wrapper = 2;
        return 0;
    }
    }
    return rerror_set(err, "unknown tokenization scheme");
}

/* Per transformer block (all three towers): q, k, v, o with biases 4(d² + d); MLP
 * d·ff + ff + ff·d + d; two LayerNorms 4d (HF CLIPEncoderLayer, SiglipEncoderLayer,
 * Qwen2VLVisionBlock: qkv Linear(d, 3d, bias), proj, fc1, fc2, norm1, norm2). */
uint64_t vision_encoder_params(const VisionEncoder *e)
{
    uint64_t d = (uint64_t)e->hidden, ff = (uint64_t)e->intermediate, p = (uint64_t)e->patch;
    uint64_t layer = 4 * (d * d + d) + d * ff + ff + ff * d + d + 4 * d;
    uint64_t total = (uint64_t)e->layers * layer;
    uint64_t npatch = e->image_size ? (uint64_t)(e->image_size / e->patch) *
                                          (uint64_t)(e->image_size / e->patch)
                                    : 0;
    switch (e->tower) {
    case VISION_TOWER_CLIP: /* class_embedding d, Conv2d(3, d, p) no bias, (n+1)·d positions,
                               pre_layrnorm and post_layernorm */
        total += d + 3 * p * p * d + (npatch + 1) * d + 2 * d + 2 * d;
        break;
    case VISION_TOWER_SIGLIP: /* Conv2d with bias, n·d positions, post_layernorm; the
                                 attention-pooling head is not counted (VLMs drop it) */
        total += 3 * p * p * d + d + npatch * d + 2 * d;
        break;
    case VISION_TOWER_QWEN2: /* Conv3d(3, d, (2, p, p)) no bias; rotary, no position table */
        total += 3 * 2 * p * p * d;
        break;
    }
    return total;
}

uint64_t vision_projector_params(const VisionModelSpec *m)
{
    size_t ne;
    uint64_t enc = (uint64_t)vision_encoders(&ne)[m->encoder].hidden;
    uint64_t llm = (uint64_t)m->llm_hidden;
    switch (m->projector) {
    case VISION_PROJ_NONE:
        return 0;
    case VISION_PROJ_MLP2: /* LLaVA builder.py mlp2x_gelu */
        return enc * llm + llm + llm * llm + llm;
    case VISION_PROJ_MERGER: { /* modeling_qwen2_vl.py PatchMerger: ln_q + Linear(4d, 4d) +
                                  Linear(4d, llm) */
        uint64_t g = enc * (uint64_t)(m->merge * m->merge);
        return 2 * enc + g * g + g + g * llm + llm;
    }
    }
    return 0;
}

int vision_report(const VisionQuery *q, const KvModel *llm, const KvQuery *kv_query,
                  VisionReport *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (vision_query_validate(q, err) != 0)
        return -1;
    size_t n, ne;
    const VisionModelSpec *m = &vision_models(&n)[q->model];
    const VisionEncoder *e = &vision_encoders(&ne)[m->encoder];
    if (vision_tokens(m, q, &out->tok, err) != 0)
        return -1;
    out->visual_total = (int64_t)q->images * (out->tok.per_image + out->tok.wrapper);
    out->context = out->visual_total + q->text_tokens;
    out->encoder_params = vision_encoder_params(e);
    out->projector_params = vision_projector_params(m);
    if (llm) {
        KvQuery kq;
        if (kv_query)
            kq = *kv_query;
        else
            kv_query_init(&kq);
        kq.seq = (uint64_t)out->context;
        if (kv_estimate(llm, &kq, &out->kv, err) != 0)
            return -1;
        out->kv_visual_bytes =
            kv_sat_mul(kq.batch, kv_seq_bytes(llm, kq.kv_dtype, (uint64_t)out->visual_total),
                       &(bool){false});
        out->has_kv = true;
        snprintf(out->llm_label, sizeof out->llm_label, "%s", llm->name);
    }
    return 0;
}

int vision_report_prefill(VisionReport *r, const KvModel *llm, const GpuPreset *gpu, RError *err)
{
    r->has_prefill = false;
    if (!llm || !gpu)
        return rerror_set(err, "prefill needs the LLM and a GPU");
    InferQuery q;
    infer_query_init(&q);
    q.dtype = KV_DTYPE_BF16;
    q.max_len = r->context > INT32_MAX ? INT32_MAX : (int)r->context;
    InferHw hw;
    if (infer_hw_init(llm, gpu, &q, &hw, err) != 0)
        return -1;
    InferStepLoad all = infer_prefill_load(&hw, 0, (double)r->context);
    InferStepLoad img = infer_prefill_load(&hw, 0, (double)r->visual_total);
    InferStepCost c;
    infer_step_cost(&hw, &all, &c);
    r->prefill_s = c.time;
    infer_step_cost(&hw, &img, &c);
    r->prefill_images_s = c.time;
    snprintf(r->gpu_label, sizeof r->gpu_label, "%s", gpu->name);
    r->has_prefill = true;
    return 0;
}
