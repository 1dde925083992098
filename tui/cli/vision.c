/* `rampup vision tokens|loss|models`: visual tokens and their KV cost, contrastive losses. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/handout.h"
#include "engine/infer/presets.h"
#include "engine/kv/kv_load.h"
#include "engine/vision/contrast.h"
#include "engine/vision/vision.h"
#include "engine/vision/vision_params.h"

static const char usage_head[] =
    "usage: rampup vision tokens [--model NAME] [--width W --height H] [options] [--why] [--json]\n"
    "                            [--markdown]\n"
    "       rampup vision loss [--batch B] [--noise X] [--temperature T] [options] [--json]\n"
    "       rampup vision models [--json]\n"
    "\n"
    "tokens  visual tokens per image as the model's processor counts them (fixed resolution,\n"
    "        LLaVA-NeXT AnyRes tiling, Qwen2-VL smart_resize), the prompt's context and the\n"
    "        KV cache the images take on the model's LLM (bf16, batch 1)\n"
    "loss    CLIP (softmax) and SigLIP (sigmoid) losses on a seeded batch of paired\n"
    "        embeddings (a shared concept plus noise), and both against the batch size\n"
    "models  the models and encoders (see `rampup vision models`)\n"
    "\n"
    "options (tokens uses the first seven, loss the rest):\n";

static void print_usage(FILE *f)
{
    char opts[4096];
    param_usage(&vision_params, opts, sizeof opts);
    fputs(usage_head, f);
    fputs(opts, f);
}

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

/* Reads the table's options and --json / --why; returns 0 or an exit code. */
static int parse(int argc, char **argv, const ParamContext *ctx, VisionSettings *set,
                 bool *json, bool *why, bool *markdown)
{
    param_defaults(&vision_params, set);
    for (int i = 2; i < argc; i++) {
        RError err;
        rerror_clear(&err);
        int r = param_argv(&vision_params, ctx, argc, argv, &i, set, NULL, &err);
        if (r < 0)
            return cli_usage("vision", "%s", err.msg);
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            *json = true;
        else if (strcmp(argv[i], "--why") == 0 && why)
            *why = true;
        else if (strcmp(argv[i], "--markdown") == 0 && markdown)
            *markdown = true;
        else
            return cli_usage("vision", "unknown option '%s'", argv[i]);
    }
    return 0;
}

static int cmd_tokens(const CliEnv *env, int argc, char **argv)
{
    /* the LLM shapes and the GPUs (also what --gpu names resolve against) */
    InferPresets pr;
    RError err;
    rerror_clear(&err);
    bool have_presets = infer_presets_load(env->content_dir ? env->content_dir : "content", &pr,
                                           &err) == 0;
    if (!have_presets)
        fprintf(stderr, "rampup: warning: no KV or prefill figures: %s\n", err.msg);
    VisionSettings set;
    bool json = false, why = false, markdown = false;
    int prc = parse(argc, argv, have_presets ? &pr.ctx : NULL, &set, &json, &why, &markdown);
    if (prc) {
        if (have_presets)
            infer_presets_free(&pr);
        return prc;
    }
    VisionQuery q;
    vision_settings_query(&set, &q);
    size_t n;
    const VisionModelSpec *m = &vision_models(&n)[q.model];
    const KvPreset *lp = have_presets && m->llm ? kv_presets_find(&pr.models, m->llm) : NULL;
    const GpuPreset *gpu = have_presets ? gpu_find(&pr.gpus, set.gpu) : NULL;
    KvModel llm;
    if (lp)
        llm = lp->model;
    VisionReport r;
    int vrc = vision_report(&q, lp ? &llm : NULL, NULL, &r, &err);
    RError perr;
    rerror_clear(&perr);
    if (vrc == 0 && lp && gpu)
        vision_report_prefill(&r, &llm, gpu, &perr);
    if (have_presets)
        infer_presets_free(&pr);
    if (vrc != 0)
        return cli_fail_err(&err);
    const VisionTokens *t = &r.tok;
    if (markdown) { /* the same handout as `e` in the Multimodal pane */
        char buf[4096];
        vision_explain(&q, &r, buf, sizeof buf);
        char *md = handout_from_why("Multimodal: visual tokens and their KV cost", buf);
        if (!md)
            return cli_fail("out of memory");
        fputs(md, stdout);
        free(md);
        return CLI_OK;
    }
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
        cJSON *settings = cJSON_AddObjectToObject(o, "settings");
        if (!settings || param_to_json(&vision_params, &set, settings) != 0) {
            cJSON_Delete(o);
            return cli_fail("vision: out of memory");
        }
        cli_json_add_u64(o, "encoder_params", r.encoder_params);
        cli_json_add_u64(o, "projector_params", r.projector_params);
        if (r.has_kv) {
            cJSON_AddStringToObject(o, "llm", r.llm_label);
            cli_json_add_u64(o, "kv_bytes_images", r.kv_visual_bytes);
            cli_json_add_u64(o, "kv_bytes_context", r.kv.kv_bytes);
            cJSON_AddBoolToObject(o, "fits", r.kv.fits);
            cli_json_add_u64(o, "llm_max_context", (unsigned long long)llm.max_pos);
        }
        if (r.has_prefill) {
            cJSON_AddStringToObject(o, "gpu", r.gpu_label);
            cJSON_AddNumberToObject(o, "prefill_seconds", r.prefill_s);
            cJSON_AddNumberToObject(o, "prefill_images_seconds", r.prefill_images_s);
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
    if (r.has_prefill)
        printf("  prefill on one %s (roofline): %.1f ms for the prompt, %.1f ms of it the images\n",
               r.gpu_label, 1e3 * r.prefill_s, 1e3 * r.prefill_images_s);
    else if (r.has_kv)
        printf("  prefill time: %s\n", perr.msg[0] ? perr.msg : "no GPU preset");
    if (why) {
        char buf[4096];
        vision_explain(&q, &r, buf, sizeof buf);
        printf("\n%s", buf);
    }
    return CLI_OK;
}

static int cmd_loss(int argc, char **argv)
{
    VisionSettings set;
    bool json = false;
    int prc = parse(argc, argv, NULL, &set, &json, NULL, NULL);
    if (prc)
        return prc;
    ContrastQuery q;
    vision_settings_contrast(&set, &q);
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
        print_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_usage(stdout);
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
