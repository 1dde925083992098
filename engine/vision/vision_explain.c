/* The "why" text of the Multimodal pane: each formula with the query's numbers in it. */
#include "engine/vision/vision.h"

#include <stdio.h>

#include "engine/text/outbuf.h"

size_t vision_explain(const VisionQuery *q, const VisionReport *r, char *buf, size_t size)
{
    OutBuf o = outbuf_make(buf, size);
    size_t n, ne;
    const VisionModelSpec *m = &vision_models(&n)[q->model];
    const VisionEncoder *e = &vision_encoders(&ne)[m->encoder];
    const VisionTokens *t = &r->tok;
    outbuf_printf(&o, "%s: %s, %d-px patches\n", m->label, e->label, e->patch);
    switch (m->scheme) {
    case VISION_FIXED:
        outbuf_printf(&o, "Fixed resolution: any image is resized to %dx%d.\n", e->image_size,
            e->image_size);
        outbuf_printf(&o, "tokens = (%d / %d)^2 = %d^2 = %lld\n", e->image_size, e->patch,
            e->image_size / e->patch, (long long)t->per_image);
        if (m->cls_tokens)
            outbuf_printf(&o, "(+%d class token inside the encoder, dropped before the LLM)\n",
                m->cls_tokens);
        break;
    case VISION_ANYRES:
        outbuf_printf(&o, "AnyRes: best fit of %dx%d among image_grid_pinpoints -> %dx%d (HxW)\n",
            q->width, q->height, t->resized_h, t->resized_w);
        outbuf_printf(&o, "grid = %d x %d tiles of %d px, 24x24 features each\n", t->tiles_y, t->tiles_x,
            e->image_size);
        outbuf_printf(&o, "base view = (336 / 14)^2 = %lld\n", (long long)t->base);
        if (q->unpad) {
            outbuf_printf(&o, "unpad: features %d x %d (%d rows, %d cols cut per side of the padding)\n",
                t->feat_h, t->feat_w, t->pad_y, t->pad_x);
            outbuf_printf(&o, "tokens = %lld + %d*%d + %d newlines = %lld\n", (long long)t->base, t->feat_h,
                t->feat_w, t->feat_h, (long long)t->per_image);
        } else {
            outbuf_printf(&o, "flat tiles: tokens = %lld + %d*%d = %lld\n", (long long)t->base, t->feat_h,
                t->feat_w, (long long)t->per_image);
        }
        break;
    case VISION_DYNAMIC: {
        int64_t lo, hi;
        vision_bounds_pixels(q->bounds, &lo, &hi);
        outbuf_printf(&o, "smart_resize to multiples of 28 within [%lld, %lld] pixels (%s bounds)\n",
            (long long)lo, (long long)hi, vision_bounds_name(q->bounds));
        outbuf_printf(&o, "%dx%d -> %dx%d\n", q->width, q->height, t->resized_w, t->resized_h);
        outbuf_printf(&o, "patches = (%d/14) x (%d/14) = %lld; 2x2 merge -> %d x %d = %lld tokens\n",
            t->resized_w, t->resized_h, (long long)t->patches, t->tiles_x, t->tiles_y,
            (long long)t->per_image);
        outbuf_printf(&o, "+2 wrapper tokens (<|vision_start|>, <|vision_end|>)\n");
        break;
    }
    }
    outbuf_printf(&o, "context = %d images x %lld + %d text = %lld tokens\n", q->images,
        (long long)(t->per_image + t->wrapper), q->text_tokens, (long long)r->context);
    outbuf_printf(&o, "encoder %.1f M params, projector %.1f M params\n", (double)r->encoder_params / 1e6,
        (double)r->projector_params / 1e6);
    if (r->has_kv)
        outbuf_printf(&o, "KV of the images on %s: %.3f GiB (bf16, batch 1)\n", r->llm_label,
            (double)r->kv_visual_bytes / 1073741824.0);
    if (r->has_prefill)
        outbuf_printf(&o, "prefill on one %s (roofline: max(FLOPs / compute, bytes / bandwidth)):\n"
                "  %lld tokens %.1f ms, the %lld image tokens alone %.1f ms (encoder not counted)\n",
            r->gpu_label, (long long)r->context, 1e3 * r->prefill_s, (long long)r->visual_total,
            1e3 * r->prefill_images_s);
    return o.len;
}
