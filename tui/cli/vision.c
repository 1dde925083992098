/* `rampup vision tokens|loss|models`: visual tokens and their KV cost, contrastive losses. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kv/kv_load.h"
#include "engine/vision/contrast.h"
#include "engine/vision/vision.h"

static const char usage_text[] =
    "usage: rampup vision tokens --model NAME [--width W --height H] [--images N]\n"
    "                            [--text N] [--bounds released|bare] [--no-unpad] [--why] [--json]\n"
    "       rampup vision loss [--batch B] [--dim D] [--noise X] [--temperature T]\n"
    "                          [--sig-scale T] [--sig-bias B] [--seed S] [--json]\n"
    "       rampup vision models [--json]\n"
    "\n"
    "tokens  visual tokens per image as the model's processor counts them (fixed resolution,\n"
    "        LLaVA-NeXT AnyRes tiling, Qwen2-VL smart_resize), the prompt's context and the\n"
    "        KV cache the images take on the model's LLM (bf16, batch 1)\n"
    "  --model NAME   see `rampup vision models` (default llava-1.5-7b)\n"
    "  --width W --height H   image size in pixels, 1 to 20000 (default 672 x 672)\n"
    "  --images N     images per prompt, 1 to 64 (default 1)\n"
    "  --text N       text tokens besides the images (default 100)\n"
    "  --bounds B     Qwen2-VL pixel bounds: released (preprocessor_config.json, 4 to 16,384\n"
    "                 tokens) or bare (the processor's defaults, at most 1,280 tokens)\n"
    "  --no-unpad     AnyRes without spatial_unpad: flat tiles, no newline tokens\n"
    "loss    CLIP (softmax) and SigLIP (sigmoid) losses on a seeded batch of paired\n"
    "        embeddings: image and text share a concept plus noise\n"
    "  --batch B (8, 2..1024)  --dim D (64, 2..512)  --noise X (1.5, 0..10)\n"
    "  --temperature T  CLIP tau, logits = cos / tau (0.07, 0.005..2)\n"
    "  --sig-scale T --sig-bias B  SigLIP logits = T cos + B (10 and -10)\n"
    "  --seed S       the batch's seed (1)\n";

static int list_models(bool json)
{
    size_t n, ne;
    const VisionModelSpec *m = vision_models(&n);
    const VisionEncoder *e = vision_encoders(&ne);
    static const char *scheme[] = {"fixed", "anyres", "dynamic"};
    if (json) {
        cJSON *a = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", m[i].name);
            cJSON_AddStringToObject(o, "label", m[i].label);
            cJSON_AddStringToObject(o, "scheme", scheme[m[i].scheme]);
            cJSON_AddStringToObject(o, "encoder", e[m[i].encoder].name);
            cJSON_AddStringToObject(o, "source", m[i].source);
            if (m[i].llm)
                cJSON_AddStringToObject(o, "llm", m[i].llm);
            cJSON_AddItemToArray(a, o);
        }
        int rc = cli_json_print(a);
        cJSON_Delete(a);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        printf("  %-22s %-8s %-22s %s\n", m[i].name, scheme[m[i].scheme], e[m[i].encoder].label,
               m[i].llm ? m[i].llm : "(encoder only)");
    return CLI_OK;
}

/* The LLM preset a model names, from content/models.yaml; false (with a warning) when absent. */
static bool load_llm(const CliEnv *env, const char *name, KvModel *out)
{
    if (!name)
        return false;
    char path[2048];
    snprintf(path, sizeof path, "%s/models.yaml", env->content_dir ? env->content_dir : "content");
    KvPresetList pl;
    RError err;
    if (kv_presets_load(path, &pl, &err) != 0) {
        fprintf(stderr, "rampup: warning: no KV figures: %s\n", err.msg);
        return false;
    }
    const KvPreset *p = kv_presets_find(&pl, name);
    if (p)
        *out = p->model;
    kv_presets_free(&pl);
    return p != NULL;
}

static int cmd_tokens(const CliEnv *env, int argc, char **argv)
{
    VisionQuery q;
    vision_query_init(&q);
    bool json = false, why = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        long long x;
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (strcmp(a, "--why") == 0) {
            why = true;
            continue;
        }
        if (strcmp(a, "--no-unpad") == 0) {
            q.unpad = false;
            continue;
        }
        if (!v)
            return cli_usage("vision", "unknown option or missing value: '%s'", a);
        if (strcmp(a, "--model") == 0) {
            if ((q.model = vision_model_find(v)) < 0)
                return cli_usage("vision", "--model: unknown model '%s' (see 'rampup vision "
                                 "models')", v);
        } else if (strcmp(a, "--width") == 0 || strcmp(a, "--height") == 0) {
            if (!cli_parse_ll(v, 1, VISION_MAX_SIDE, &x))
                return cli_usage("vision", "%s: expected 1 to %d pixels", a, VISION_MAX_SIDE);
            *(a[2] == 'w' ? &q.width : &q.height) = (int)x;
        } else if (strcmp(a, "--images") == 0) {
            if (!cli_parse_ll(v, 1, VISION_MAX_IMAGES, &x))
                return cli_usage("vision", "--images: expected 1 to %d", VISION_MAX_IMAGES);
            q.images = (int)x;
        } else if (strcmp(a, "--text") == 0) {
            if (!cli_parse_ll(v, 0, VISION_MAX_TEXT, &x))
                return cli_usage("vision", "--text: expected 0 to %d", VISION_MAX_TEXT);
            q.text_tokens = (int)x;
        } else if (strcmp(a, "--bounds") == 0) {
            if (strcmp(v, "released") == 0)
                q.bounds = VISION_BOUNDS_RELEASED;
            else if (strcmp(v, "bare") == 0)
                q.bounds = VISION_BOUNDS_BARE;
            else
                return cli_usage("vision", "--bounds: expected released or bare");
        } else
            return cli_usage("vision", "unknown option '%s'", a);
        i++;
    }
    size_t n;
    const VisionModelSpec *m = &vision_models(&n)[q.model];
    KvModel llm;
    bool have_llm = load_llm(env, m->llm, &llm);
    VisionReport r;
    RError err;
    rerror_clear(&err);
    if (vision_report(&q, have_llm ? &llm : NULL, NULL, &r, &err) != 0)
        return cli_fail_err(&err);
    const VisionTokens *t = &r.tok;
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "model", m->name);
        cJSON_AddNumberToObject(o, "width", q.width);
        cJSON_AddNumberToObject(o, "height", q.height);
        cJSON_AddNumberToObject(o, "visual_tokens", (double)t->per_image);
        cJSON_AddNumberToObject(o, "wrapper_tokens", (double)t->wrapper);
        cJSON_AddNumberToObject(o, "base_tokens", (double)t->base);
        cJSON_AddNumberToObject(o, "grid_tokens", (double)t->grid);
        cJSON_AddNumberToObject(o, "newline_tokens", (double)t->newline);
        cJSON_AddNumberToObject(o, "encoder_patches", (double)t->patches);
        cJSON_AddNumberToObject(o, "resized_width", t->resized_w);
        cJSON_AddNumberToObject(o, "resized_height", t->resized_h);
        cJSON_AddNumberToObject(o, "grid_cols", t->tiles_x);
        cJSON_AddNumberToObject(o, "grid_rows", t->tiles_y);
        cJSON_AddNumberToObject(o, "images", q.images);
        cJSON_AddNumberToObject(o, "visual_total", (double)r.visual_total);
        cJSON_AddNumberToObject(o, "text_tokens", q.text_tokens);
        cJSON_AddNumberToObject(o, "context_tokens", (double)r.context);
        if (m->scheme == VISION_DYNAMIC)
            cJSON_AddStringToObject(o, "bounds", vision_bounds_name(q.bounds));
        if (m->scheme == VISION_ANYRES)
            cJSON_AddBoolToObject(o, "unpad", q.unpad);
        cli_json_add_u64(o, "encoder_params", r.encoder_params);
        cli_json_add_u64(o, "projector_params", r.projector_params);
        if (r.has_kv) {
            cJSON_AddStringToObject(o, "llm", r.llm_label);
            cli_json_add_u64(o, "kv_bytes_images", r.kv_visual_bytes);
            cli_json_add_u64(o, "kv_bytes_context", r.kv.kv_bytes);
            cJSON_AddBoolToObject(o, "fits", r.kv.fits);
            cli_json_add_u64(o, "llm_max_context", (unsigned long long)llm.max_pos);
        }
        int rc = cli_json_print(o);
        cJSON_Delete(o);
        return rc;
    }
    printf("%s, %dx%d: %lld visual tokens per image", m->label, q.width, q.height,
           (long long)t->per_image);
    if (t->wrapper)
        printf(" (+%lld wrapper)", (long long)t->wrapper);
    printf("\n");
    if (m->scheme == VISION_ANYRES)
        printf("  best fit %dx%d (%d x %d tiles): base %lld + grid %lld + newlines %lld\n",
               t->resized_w, t->resized_h, t->tiles_x, t->tiles_y, (long long)t->base,
               (long long)t->grid, (long long)t->newline);
    else if (m->scheme == VISION_DYNAMIC)
        printf("  resized to %dx%d (%s bounds): %d x %d tokens of 28x28 px\n", t->resized_w,
               t->resized_h, vision_bounds_name(q.bounds), t->tiles_x, t->tiles_y);
    printf("  %d image(s) + %d text = %lld context tokens\n", q.images, q.text_tokens,
           (long long)r.context);
    printf("  encoder %.1f M params, projector %.1f M params\n", (double)r.encoder_params / 1e6,
           (double)r.projector_params / 1e6);
    if (r.has_kv) {
        printf("  KV on %s (bf16, batch 1): images %.3f GiB, whole prompt %.3f GiB", r.llm_label,
               (double)r.kv_visual_bytes / 1073741824.0, (double)r.kv.kv_bytes / 1073741824.0);
        if (llm.max_pos && r.context > llm.max_pos)
            printf("  (over its %lld-token context)", (long long)llm.max_pos);
        printf("\n");
    }
    if (why) {
        char buf[4096];
        vision_explain(&q, &r, buf, sizeof buf);
        printf("\n%s", buf);
    }
    return CLI_OK;
}

static int cmd_loss(int argc, char **argv)
{
    ContrastQuery q;
    contrast_query_init(&q);
    bool json = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        long long x;
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (!v)
            return cli_usage("vision", "unknown option or missing value: '%s'", a);
        if (strcmp(a, "--batch") == 0 && cli_parse_ll(v, 2, CONTRAST_MAX_BATCH, &x))
            q.batch = (int)x;
        else if (strcmp(a, "--dim") == 0 && cli_parse_ll(v, 2, CONTRAST_MAX_DIM, &x))
            q.dim = (int)x;
        else if (strcmp(a, "--seed") == 0 && cli_parse_ll(v, 0, 1LL << 62, &x))
            q.seed = (uint64_t)x;
        else if (strcmp(a, "--noise") == 0 && cli_parse_double(v, 0, 10, &q.noise)) {
        } else if (strcmp(a, "--temperature") == 0 &&
                   cli_parse_double(v, 0.005, 2, &q.temperature)) {
        } else if (strcmp(a, "--sig-scale") == 0 && cli_parse_double(v, 0.1, 100, &q.sig_scale)) {
        } else if (strcmp(a, "--sig-bias") == 0 && cli_parse_double(v, -50, 50, &q.sig_bias)) {
        } else
            return cli_usage("vision", "bad option or value: '%s %s' (see --help for ranges)", a,
                             v);
        i++;
    }
    ContrastReport r;
    RError err;
    rerror_clear(&err);
    if (contrast_run(&q, &r, &err) != 0)
        return cli_fail_err(&err);
    int rc = CLI_OK;
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "batch", q.batch);
        cJSON_AddNumberToObject(o, "dim", q.dim);
        cJSON_AddNumberToObject(o, "noise", q.noise);
        cJSON_AddNumberToObject(o, "temperature", q.temperature);
        cJSON_AddNumberToObject(o, "clip_loss", r.clip_loss);
        cJSON_AddNumberToObject(o, "clip_i2t", r.clip_i2t);
        cJSON_AddNumberToObject(o, "clip_t2i", r.clip_t2i);
        cJSON_AddNumberToObject(o, "siglip_loss", r.siglip_loss);
        cJSON_AddNumberToObject(o, "top1", r.top1);
        cJSON_AddNumberToObject(o, "diag_mean", r.diag_mean);
        cJSON_AddNumberToObject(o, "off_mean", r.off_mean);
        cJSON *c = cJSON_AddArrayToObject(o, "by_batch");
        for (size_t i = 0; i < r.ncurve; i++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddNumberToObject(p, "batch", r.curve_batch[i]);
            cJSON_AddNumberToObject(p, "clip_loss", r.curve_clip[i]);
            cJSON_AddNumberToObject(p, "siglip_loss", r.curve_siglip[i]);
            cJSON_AddNumberToObject(p, "clip_chance", r.curve_clip_chance[i]);
            cJSON_AddItemToArray(c, p);
        }
        rc = cli_json_print(o);
        cJSON_Delete(o);
    } else {
        printf("batch %d, dim %d, noise %.2f (seed %llu)\n", q.batch, q.dim, q.noise,
               (unsigned long long)q.seed);
        printf("  CLIP   loss %.4f (image->text %.4f, text->image %.4f) at tau %.3f\n",
               r.clip_loss, r.clip_i2t, r.clip_t2i, q.temperature);
        printf("  SigLIP loss %.4f at t %.1f, b %.1f\n", r.siglip_loss, q.sig_scale, q.sig_bias);
        printf("  top-1 retrieval %.1f %%, mean cosine matching %.3f vs others %.3f\n",
               100 * r.top1, r.diag_mean, r.off_mean);
        printf("  loss vs batch:   batch     CLIP   ln(B)   SigLIP\n");
        for (size_t i = 0; i < r.ncurve; i++)
            printf("                  %6d  %7.3f %7.3f %8.3f\n", r.curve_batch[i], r.curve_clip[i],
                   r.curve_clip_chance[i], r.curve_siglip[i]);
    }
    contrast_report_free(&r);
    return rc;
}

int cli_vision(const CliEnv *env, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return CLI_OK;
        }
    if (strcmp(argv[1], "tokens") == 0)
        return cmd_tokens(env, argc, argv);
    if (strcmp(argv[1], "loss") == 0)
        return cmd_loss(argc, argv);
    if (strcmp(argv[1], "models") == 0)
        return list_models(argc > 2 && strcmp(argv[2], "--json") == 0);
    return cli_usage("vision", "unknown subcommand '%s' (tokens, loss, models)", argv[1]);
}
