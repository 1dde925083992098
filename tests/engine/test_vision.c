/* Visual-token counts against the processors' own arithmetic (transformers
 * processing_llava_next.py, image_processing_qwen2_vl.py smart_resize, LLaVA clip_encoder.py),
 * encoder and projector sizes from the released configs. Expected values were worked out by
 * running those formulas by hand (Python semantics: round half to even, int() truncation). */
#include <criterion/criterion.h>

#include "engine/vision/vision.h"
#include "engine/infer/presets.h"
#include "engine/vision/vision_params.h"

static VisionQuery q_for(const char *model, int w, int h)
{
    VisionQuery q;
    vision_query_init(&q);
    q.model = vision_model_find(model);
    cr_assert(q.model >= 0, "model %s", model);
    q.width = w;
    q.height = h;
    return q;
}

static VisionTokens tokens(const char *model, int w, int h, VisionBounds b)
{
    VisionQuery q = q_for(model, w, h);
    q.bounds = b;
    size_t n;
    VisionTokens t;
    RError err;
    cr_assert_eq(vision_tokens(&vision_models(&n)[q.model], &q, &t, &err), 0, "%s", err.msg);
    return t;
}

Test(vision, fixed_resolution_every_encoder)
{
    /* (image_size // patch)²: 224/16 -> 196, 224/14 -> 256, 336/14 -> 576, 384/14 -> 27² =
     * 729 (the partial 28th row is dropped). Independent of the input size. */
    struct { const char *m; long long want; } cases[] = {
        {"clip-vit-b-16", 196},        {"clip-vit-l-14", 256},   {"clip-vit-l-14-336", 576},
        {"siglip-so400m-14-384", 729}, {"siglip-b-16-224", 196}, {"llava-1.5-7b", 576},
        {"llava-1.5-13b", 576},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(tokens(cases[i].m, 672, 672, 0).per_image, cases[i].want, "%s", cases[i].m);
        cr_assert_eq(tokens(cases[i].m, 1920, 1080, 0).per_image, cases[i].want);
    }
}

Test(vision, anyres_best_fit_unpad_newlines)
{
    /* processing_llava_next.py _get_number_of_features: base 576 + unpadded grid + one
     * newline per row. */
    struct { int w, h, best_h, best_w; long long want; } cases[] = {
        {672, 672, 672, 672, 2928},   /* 576 + 48·48 + 48 */
        {336, 336, 336, 672, 1176},   /* ties on effective area: least waste, first listed */
        {1024, 768, 672, 672, 2340},  /* 48 x 36 after cutting 6 rows per side: 576+1728+36 */
        {800, 600, 672, 672, 2340},
        {1920, 1080, 672, 672, 1948}, /* new_h 27, 10 rows cut per side: 576 + 28·48 + 28 */
        {500, 1500, 1008, 336, 2376},
        {336, 1344, 1008, 336, 1944},
        {1344, 336, 336, 1008, 1890},
        {100, 100, 336, 672, 1176},
        {3000, 1000, 336, 1008, 2328},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        VisionTokens t = tokens("llava-next-7b", cases[i].w, cases[i].h, 0);
        cr_assert_eq(t.resized_h, cases[i].best_h, "%dx%d", cases[i].w, cases[i].h);
        cr_assert_eq(t.resized_w, cases[i].best_w, "%dx%d", cases[i].w, cases[i].h);
        cr_assert_eq(t.per_image, cases[i].want, "%dx%d: %lld", cases[i].w, cases[i].h,
                     (long long)t.per_image);
        cr_assert_eq(t.per_image, t.base + t.grid + t.newline);
    }
}

Test(vision, anyres_flat_tiles_give_2880)
{
    /* Without spatial_unpad: 576 base + 4 tiles x 576 = 2,880, the usually quoted maximum. */
    VisionQuery q = q_for("llava-next-7b", 672, 672);
    q.unpad = false;
    size_t n;
    VisionTokens t;
    cr_assert_eq(vision_tokens(&vision_models(&n)[q.model], &q, &t, NULL), 0);
    cr_assert_eq(t.per_image, 2880);
    cr_assert_eq(t.newline, 0);
}

Test(vision, qwen2_vl_smart_resize_released_and_bare)
{
    struct { int w, h; VisionBounds b; int rw, rh; long long want; } cases[] = {
        {224, 224, VISION_BOUNDS_RELEASED, 224, 224, 64},
        {1024, 768, VISION_BOUNDS_RELEASED, 1036, 756, 999},
        {4000, 3000, VISION_BOUNDS_RELEASED, 4004, 2996, 15301},
        {4000, 3000, VISION_BOUNDS_BARE, 1148, 840, 1230}, /* the 1,280-token cap */
        {1920, 1080, VISION_BOUNDS_RELEASED, 1932, 1092, 2691},
        {1920, 1080, VISION_BOUNDS_BARE, 1316, 728, 1222},
        {28, 28, VISION_BOUNDS_RELEASED, 56, 56, 4},       /* min_pixels 3136 = 4 tokens */
        {70, 70, VISION_BOUNDS_RELEASED, 56, 56, 4},       /* round(2.5) = 2: half to even */
        {42, 42, VISION_BOUNDS_RELEASED, 56, 56, 4},       /* round(1.5) = 2 */
        {5600, 28, VISION_BOUNDS_RELEASED, 5600, 28, 200}, /* aspect ratio exactly 200 */
        {640, 480, VISION_BOUNDS_BARE, 644, 476, 391},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        VisionTokens t = tokens("qwen2-vl-7b", cases[i].w, cases[i].h, cases[i].b);
        cr_assert_eq(t.resized_w, cases[i].rw, "%dx%d w %d", cases[i].w, cases[i].h, t.resized_w);
        cr_assert_eq(t.resized_h, cases[i].rh, "%dx%d h %d", cases[i].w, cases[i].h, t.resized_h);
        cr_assert_eq(t.per_image, cases[i].want, "%dx%d", cases[i].w, cases[i].h);
        cr_assert_eq(t.patches, 4 * t.per_image);
        cr_assert_eq(t.wrapper, 2);
    }
}

Test(vision, qwen2_vl_token_range_of_the_bounds)
{
    int64_t lo, hi;
    vision_bounds_pixels(VISION_BOUNDS_RELEASED, &lo, &hi);
    cr_assert_eq(lo / (28 * 28), 4);
    cr_assert_eq(hi / (28 * 28), 16384);
    vision_bounds_pixels(VISION_BOUNDS_BARE, &lo, &hi);
    cr_assert_eq(hi / (28 * 28), 1280);
    /* A 16,384-token image: 3584 x 3584 = 128 x 128 tokens exactly. */
    cr_assert_eq(tokens("qwen2-vl-7b", 3584, 3584, VISION_BOUNDS_RELEASED).per_image, 16384);
    cr_assert(tokens("qwen2-vl-7b", 3584, 3584, VISION_BOUNDS_BARE).per_image <= 1280);
}

Test(vision, qwen2_vl_rejects_what_the_processor_rejects)
{
    VisionQuery q = q_for("qwen2-vl-7b", 27, 500);
    size_t n;
    VisionTokens t;
    RError err;
    cr_assert_neq(vision_tokens(&vision_models(&n)[q.model], &q, &t, &err), 0);
    cr_assert(strstr(err.msg, ">= 28") != NULL, "%s", err.msg);
    q = q_for("qwen2-vl-7b", 5629, 28); /* 201:1 */
    cr_assert_neq(vision_tokens(&vision_models(&n)[q.model], &q, &t, &err), 0);
    cr_assert(strstr(err.msg, "aspect ratio") != NULL, "%s", err.msg);
}

Test(vision, encoder_and_projector_params)
{
    size_t ne, nm;
    const VisionEncoder *e = vision_encoders(&ne);
    const VisionModelSpec *m = vision_models(&nm);
    /* CLIP ViT-L/14-336: 24 x 12,596,224 per layer + class 1,024 + conv 602,112 + 577 x 1,024
     * positions + two LayerNorms 4,096 = 303,507,456 (the "304M" tower). */
    cr_assert_eq(vision_encoder_params(&e[2]), 303507456ull);
    /* SigLIP so400m trunk: 27 x 15,239,504 + conv 678,528 + 729 x 1,152 + 2,304 = 412,987,248. */
    cr_assert_eq(vision_encoder_params(&e[3]), 412987248ull);
    /* Qwen2-VL ViT: 32 x 19,677,440 + Conv3d 1,505,280 = 631,183,360; with the merger
     * (44,575,744) 675,759,104, the paper's "675M". */
    cr_assert_eq(vision_encoder_params(&e[5]), 631183360ull);
    int qi = vision_model_find("qwen2-vl-7b");
    cr_assert_eq(vision_projector_params(&m[qi]), 44575744ull);
    /* LLaVA-1.5-7B mlp2x_gelu: 1024 x 4096 + 4096 + 4096 x 4096 + 4096 = 20,979,712. */
    cr_assert_eq(vision_projector_params(&m[vision_model_find("llava-1.5-7b")]), 20979712ull);
    cr_assert_eq(vision_projector_params(&m[vision_model_find("clip-vit-l-14")]), 0ull);
}

Test(vision, report_feeds_the_kv_model)
{
    /* LLaVA-1.5-7B on a Llama-2-7B shape: 524,288 bytes per token in bf16 (2 x 32 layers x
     * 4096 x 2 bytes), so 2 images x 576 tokens take 1152 x 524,288 bytes. */
    KvModel m;
    kv_model_init(&m);
    m.layers = 32;
    m.hidden = 4096;
    m.heads = m.kv_heads = 32;
    m.head_dim = 128;
    m.intermediate = 11008;
    m.vocab = 32000;
    kv_model_set_layers(&m, 32);
    kv_model_fill(&m, KV_LAYER_FULL);
    VisionQuery q = q_for("llava-1.5-7b", 1000, 800);
    q.images = 2;
    q.text_tokens = 50;
    VisionReport r;
    RError err;
    cr_assert_eq(vision_report(&q, &m, NULL, &r, &err), 0, "%s", err.msg);
    cr_assert_eq(r.visual_total, 1152);
    cr_assert_eq(r.context, 1202);
    cr_assert(r.has_kv);
    cr_assert_eq(r.kv_visual_bytes, 1152ull * 524288ull);
    cr_assert_eq(r.kv.kv_bytes_per_seq, 1202ull * 524288ull);
    char buf[2048];
    cr_assert(vision_explain(&q, &r, buf, sizeof buf) > 0);
    cr_assert(strstr(buf, "576") != NULL);
}

Test(vision, qwen_wrappers_count_per_image)
{
    VisionQuery q = q_for("qwen2-vl-7b", 224, 224);
    q.images = 3;
    q.text_tokens = 0;
    VisionReport r;
    cr_assert_eq(vision_report(&q, NULL, NULL, &r, NULL), 0);
    cr_assert_eq(r.visual_total, 3 * 66); /* 64 + vision_start + vision_end */
}

Test(vision, bad_queries_are_rejected)
{
    VisionQuery q;
    vision_query_init(&q);
    RError err;
    q.width = 0;
    cr_assert_neq(vision_query_validate(&q, &err), 0);
    vision_query_init(&q);
    q.images = VISION_MAX_IMAGES + 1;
    cr_assert_neq(vision_query_validate(&q, &err), 0);
    vision_query_init(&q);
    q.model = 999;
    cr_assert_neq(vision_query_validate(&q, &err), 0);
    cr_assert_eq(vision_model_find("nope"), -1);
    cr_assert_eq(vision_model_find("LLaVA-1.5-7B"), 0);
}

/* The parameter table: defaults are the queries' defaults, pairs and JSON round-trip, a bad
 * word changes nothing. */
Test(vision, params_table)
{
    VisionSettings s;
    param_defaults(&vision_params, &s);
    VisionQuery a, b;
    vision_query_init(&a);
    vision_settings_query(&s, &b);
    cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
    RError err;
    cr_assert_eq(param_parse_pairs(&vision_params, NULL, "qwen2-vl width=4000 height=3000 bounds=bare",
                                   &s, NULL, &err),
                 0, "%s", err.msg);
    cr_assert_eq(s.model, vision_model_find("qwen2-vl-7b"));
    cr_assert_eq(s.bounds, VISION_BOUNDS_BARE);
    VisionSettings keep = s;
    cr_assert_neq(param_parse_pairs(&vision_params, NULL, "width=0", &s, NULL, &err), 0);
    cr_assert_eq(memcmp(&keep, &s, sizeof s), 0);
    cJSON *j = cJSON_CreateObject();
    cr_assert_eq(param_to_json(&vision_params, &s, j), 0);
    VisionSettings back;
    param_defaults(&vision_params, &back);
    cr_assert_eq(param_from_json(&vision_params, NULL, j, &back, true, NULL, &err), 0, "%s",
                 err.msg);
    cr_assert_eq(back.width, 4000);
    cr_assert_eq(back.model, s.model);
    cJSON_Delete(j);
}

/* Prefill through the inference roofline: positive, the images part of the prompt, and at
 * least linear in the tokens (attention grows with the square). */
Test(vision, prefill_through_the_roofline)
{
    InferPresets pr;
    RError err;
    cr_assert_eq(infer_presets_load("content", &pr, &err), 0, "%s", err.msg);
    const KvPreset *llm = kv_presets_find(&pr.models, "llama-2-7b");
    const GpuPreset *gpu = gpu_find(&pr.gpus, "h100-sxm");
    cr_assert(llm && gpu);
    VisionQuery q = q_for("llava-1.5-7b", 672, 672);
    VisionReport r1, r4;
    cr_assert_eq(vision_report(&q, &llm->model, NULL, &r1, &err), 0, "%s", err.msg);
    cr_assert_eq(vision_report_prefill(&r1, &llm->model, gpu, &err), 0, "%s", err.msg);
    q.images = 4;
    cr_assert_eq(vision_report(&q, &llm->model, NULL, &r4, &err), 0);
    cr_assert_eq(vision_report_prefill(&r4, &llm->model, gpu, &err), 0);
    cr_assert(r1.has_prefill && r1.prefill_s > 0);
    cr_assert(r1.prefill_images_s > 0 && r1.prefill_images_s < r1.prefill_s);
    cr_assert(r4.prefill_images_s >= 4 * r1.prefill_images_s * 0.999);
    cr_assert_neq(vision_report_prefill(&r1, NULL, gpu, &err), 0);
    infer_presets_free(&pr);
}
