/* The Multimodal pane's drawing: controls, token and KV figures, the tiling as a grid, the
 * similarity heat map (shade characters), the losses and their curve over batch size, the
 * why overlay. Reads the reports; computes nothing. */
#include "panels/multimodal_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/choice.h"
#include "tui/format.h"
#include "tui/overlay.h"
#include "tui/plot.h"
#include "tui/text.h"

#define TIMES (glyphs()->unicode ? "×" : "x")

static void draw_controls(const MmPanel *p, WINDOW *w)
{
    Rect r = p->controls;
    const int lw = 8;
    size_t n;
    const VisionModelSpec *m = vision_models(&n);
    for (int i = 0; i < MC_COUNT && i < r.h; i++) {
        Rect row = rect_make(r.y + i, r.x, 1, r.w);
        bool f = p->focus == i;
        const Slider *s = mm_panel_slider(p, (MmCtl)i);
        if (s) {
            slider_draw(s, w, row, lw, f);
            continue;
        }
        if (i == MC_MODEL)
            choice_draw(w, row, lw, "model", m[p->set.model].name, f);
        else if (i == MC_GPU)
            choice_draw(w, row, lw, "GPU", p->set.gpu, f);
        else if (i == MC_BOUNDS)
            choice_draw(w, row, lw, "bounds",
                        p->set.bounds == VISION_BOUNDS_BARE ? "bare (1,280 cap)" : "released", f);
        else if (i == MC_UNPAD)
            choice_draw(w, row, lw, "unpad", p->set.unpad ? "on (v1.6)" : "off (flat)", f);
    }
}

static void draw_token_figures(const MmPanel *p, WINDOW *w, Rect r)
{
    size_t n;
    const VisionModelSpec *m = &vision_models(&n)[p->set.model];
    attr_t h = theme_attr(TH_HEADING), v = theme_attr(TH_VALUE), nm = theme_attr(TH_NORMAL),
           dim = theme_attr(TH_DIM);
    int y = r.y, W = r.w;
    if (m->llm)
        text_drawf(w, y++, r.x, W, h, "%s %s LLM %s", m->label, glyphs()->arrow_right, m->llm);
    else
        text_drawf(w, y++, r.x, W, h, "%s", m->label);
    if (!p->ok) {
        text_drawf(w, y++, r.x, W, theme_attr(TH_BAD), "%s", p->error);
        return;
    }
    const VisionTokens *t = &p->r.tok;
    char a[32], b[32];
    fmt_count(a, sizeof a, (double)t->per_image);
    int x = r.x + text_drawf(w, y, r.x, W, nm, "visual tokens per image ");
    x += text_drawf(w, y, x, W - (x - r.x), v, "%lld", (long long)t->per_image);
    if (t->wrapper)
        text_drawf(w, y, x, W - (x - r.x), dim, " +%lld wrapper", (long long)t->wrapper);
    y++;
    if (m->scheme == VISION_ANYRES)
        text_drawf(w, y++, r.x, W, dim, "  base %lld + grid %lld + newlines %lld",
                   (long long)t->base, (long long)t->grid, (long long)t->newline);
    else if (m->scheme == VISION_DYNAMIC)
        text_drawf(w, y++, r.x, W, dim, "  resized %d%s%d, %d%s%d tokens of 28 px", t->resized_w,
                   TIMES, t->resized_h, t->tiles_x, TIMES, t->tiles_y);
    else
        text_drawf(w, y++, r.x, W, dim, "  (%d / %d)^2 patches, any input size",
                   vision_encoders(&n)[m->encoder].image_size, vision_encoders(&n)[m->encoder].patch);
    long long ctx_max = p->llm_ctx;
    x = r.x + text_drawf(w, y, r.x, W, nm, "context %d%s%lld + %d text = ", p->q.images, TIMES,
                         (long long)(t->per_image + t->wrapper), p->q.text_tokens);
    x += text_drawf(w, y, x, W - (x - r.x), v, "%lld", (long long)p->r.context);
    if (ctx_max)
        text_drawf(w, y, x, W - (x - r.x),
                   theme_attr(p->r.context > ctx_max ? TH_BAD : TH_DIM), " of %lld%s", ctx_max,
                   p->r.context > ctx_max ? " (over!)" : "");
    y++;
    if (p->r.has_kv) {
        fmt_bytes(a, sizeof a, (double)p->r.kv_visual_bytes);
        fmt_bytes(b, sizeof b, (double)p->r.kv.kv_bytes);
        x = r.x + text_drawf(w, y, r.x, W, nm, "KV (bf16) of the images ");
        x += text_drawf(w, y, x, W - (x - r.x), v, "%s", a);
        text_drawf(w, y++, x, W - (x - r.x), nm, ", prompt %s", b);
    } else {
        text_drawf(w, y++, r.x, W, dim, "KV: a bare encoder feeds no LLM");
    }
    fmt_count(a, sizeof a, (double)p->r.encoder_params);
    fmt_count(b, sizeof b, (double)p->r.projector_params);
    text_drawf(w, y++, r.x, W, nm, "encoder %s params, projector %s", a, b);
    if (y < r.y + r.h && p->r.has_prefill) {
        x = r.x + text_drawf(w, y, r.x, W, nm, "prefill ");
        x += text_drawf(w, y, x, W - (x - r.x), v, "%.1f ms", 1e3 * p->r.prefill_s);
        text_drawf(w, y++, x, W - (x - r.x), nm, " (images %.1f ms), roofline",
                   1e3 * p->r.prefill_images_s);
    } else if (y < r.y + r.h && p->prefill_error[0]) {
        text_drawf(w, y++, r.x, W, dim, "prefill: %s", p->prefill_error);
    }
}

/* The image as a box of character cells (about 2:1), split at tile or token-group edges;
 * the AnyRes feature rows that unpadding removes are shaded. */
static void draw_tiling(const MmPanel *p, WINDOW *w, Rect r)
{
    if (!p->ok || r.h < 4 || r.w < 10)
        return;
    size_t n;
    const VisionModelSpec *m = &vision_models(&n)[p->set.model];
    const VisionTokens *t = &p->r.tok;
    attr_t bd = theme_attr(TH_BORDER), dim = theme_attr(TH_DIM), acc = theme_attr(TH_ACCENT);
    int gx = t->tiles_x, gy = t->tiles_y, step = 1;
    if (m->scheme == VISION_FIXED) { /* the patch grid */
        gx = t->feat_w;
        gy = t->feat_h;
    }
    double aspect = (double)t->resized_w / (double)t->resized_h;
    int maxh = r.h - 2, maxw = r.w - 1;
    int bh = maxh, bw = (int)lround(aspect * bh * 2);
    if (bw > maxw) {
        bw = maxw;
        bh = (int)lround(bw / aspect / 2);
    }
    if (bh < 2)
        bh = 2;
    if (bw < 4)
        bw = 4;
    /* patches or tokens: a line every `step` of them, at least 2 rows / 4 columns apart */
    if (m->scheme != VISION_ANYRES)
        while ((gy + step - 1) / step > (bh / 2 > 1 ? bh / 2 : 1) ||
               (gx + step - 1) / step > (bw / 4 > 1 ? bw / 4 : 1))
            step++;
    char label[160];
    if (m->scheme == VISION_DYNAMIC)
        snprintf(label, sizeof label, "%d%s%d tokens of 28%s28 px; a line every %d token%s",
                 gx, TIMES, gy, TIMES, step, step == 1 ? "" : "s");
    else if (m->scheme == VISION_ANYRES)
        snprintf(label, sizeof label,
                 "%d%s%d tiles of 336 px (best fit %d%s%d) + the base view%s", gx, TIMES, gy,
                 t->resized_w, TIMES, t->resized_h, p->set.unpad ? "; shaded: padding cut" : "");
    else
        snprintf(label, sizeof label, "%d px, %d%s%d patches; lines every %d", t->resized_w, gx,
                 TIMES, gy, step);
    text_draw(w, r.y, r.x, r.w, dim, label, strlen(label));
    int y0 = r.y + 1, x0 = r.x;
    int cols = (gx + step - 1) / step, rows = (gy + step - 1) / step;
    const Glyphs *g = glyphs();
    /* shaded padding: AnyRes unpad removes pad rows/cols of the 24-per-tile feature grid */
    int shade_y = 0, shade_x = 0;
    if (m->scheme == VISION_ANYRES && p->set.unpad) {
        shade_y = (int)lround((double)t->pad_y / (24.0 * gy) * bh);
        shade_x = (int)lround((double)t->pad_x / (24.0 * gx) * bw);
    }
    for (int yy = 0; yy <= bh; yy++) {
        bool hline = yy == 0 || yy == bh;
        for (int k = 1; k < rows && !hline; k++)
            hline = yy == (int)lround((double)k * bh / rows);
        for (int xx = 0; xx <= bw; xx++) {
            bool vline = xx == 0 || xx == bw;
            for (int k = 1; k < cols && !vline; k++)
                vline = xx == (int)lround((double)k * bw / cols);
            const char *ch = " ";
            attr_t at = bd;
            if (hline && vline)
                ch = "+";
            else if (hline)
                ch = g->hline;
            else if (vline)
                ch = g->vline;
            else if (yy <= shade_y || yy >= bh - shade_y || xx <= shade_x || xx >= bw - shade_x) {
                if (shade_y || shade_x) {
                    ch = glyph_texture(3);
                    at = dim;
                }
            }
            if (y0 + yy < r.y + r.h)
                text_draw(w, y0 + yy, x0 + xx, 1, at, ch, strlen(ch));
        }
    }
    if (m->scheme == VISION_ANYRES && bw + 16 < r.w) { /* the base view beside the grid */
        int bx = x0 + bw + 3, side = bh / 2 < 2 ? 2 : bh / 2;
        draw_box(w, rect_make(y0, bx, side + 1, side * 2 + 1), bd, NULL, 0);
        text_draw(w, y0 + side + 1, bx, r.w - (bx - r.x), acc, "base 576", 8);
    }
}

/* Five shades from the lowest to the highest cosine shown (t in [0, 1]). */
static const char *shade(double t)
{
    static const char *uni[] = {"··", "░░", "▒▒", "▓▓", "██"};
    static const char *asc[] = {"..", "::", "oo", "OO", "##"};
    int k = t < 0.2 ? 0 : t < 0.4 ? 1 : t < 0.6 ? 2 : t < 0.8 ? 3 : 4;
    return glyphs()->unicode ? uni[k] : asc[k];
}

/* The batch's cosine matrix, image rows against text columns, as shade characters. */
static int draw_heatmap(const MmPanel *p, WINDOW *w, Rect r)
{
    if (!p->cok || r.h < 4)
        return 0;
    int B = p->cr.batch;
    int show = B;
    if (show > r.h - 3)
        show = r.h - 3;
    if (show > (r.w - 4) / 2)
        show = (r.w - 4) / 2;
    if (show > 16)
        show = 16;
    if (show < 2)
        return 0;
    attr_t dim = theme_attr(TH_DIM), nm = theme_attr(TH_NORMAL), hi = theme_attr(TH_VALUE);
    float lo = p->cr.sim[0], top = p->cr.sim[0];
    for (int i = 0; i < show; i++)
        for (int j = 0; j < show; j++) {
            float v = p->cr.sim[(size_t)i * B + j];
            lo = v < lo ? v : lo;
            top = v > top ? v : top;
        }
    double span = top > lo ? top - lo : 1;
    text_drawf(w, r.y, r.x, r.w, theme_attr(TH_HEADING), "cos(image i, text j)%s",
               show < B ? " (top-left)" : "");
    for (int i = 0; i < show; i++) {
        text_drawf(w, r.y + 1 + i, r.x, 3, dim, "%2d", i + 1);
        for (int j = 0; j < show; j++) {
            float v = p->cr.sim[(size_t)i * B + j];
            const char *s = shade((v - lo) / span);
            text_draw(w, r.y + 1 + i, r.x + 3 + 2 * j, 2, i == j ? hi : nm, s, strlen(s));
        }
    }
    int y = r.y + 1 + show;
    text_drawf(w, y, r.x, r.w, dim, "%s %.2f %s %s %s %s %.2f", shade(0), lo, shade(0.3),
               shade(0.5), shade(0.7), shade(0.9), top);
    return 3 + 2 * show;
}

static void draw_losses(const MmPanel *p, WINDOW *w, Rect r)
{
    attr_t h = theme_attr(TH_HEADING), v = theme_attr(TH_VALUE), nm = theme_attr(TH_NORMAL),
           dim = theme_attr(TH_DIM);
    int y = r.y, W = r.w;
    text_drawf(w, y++, r.x, W, h, "Contrastive losses, batch %d", p->cq.batch);
    if (!p->cok) {
        text_drawf(w, y, r.x, W, theme_attr(TH_BAD), "%s", p->loss_error);
        return;
    }
    int x = r.x + text_drawf(w, y, r.x, W, nm, "CLIP softmax ");
    x += text_drawf(w, y, x, W - (x - r.x), v, "%.3f", p->cr.clip_loss);
    text_drawf(w, y++, x, W - (x - r.x), dim, "  (ln B = %.3f if all tie)", log((double)p->cq.batch));
    x = r.x + text_drawf(w, y, r.x, W, nm, "SigLIP sigmoid ");
    x += text_drawf(w, y, x, W - (x - r.x), v, "%.3f", p->cr.siglip_loss);
    text_drawf(w, y++, x, W - (x - r.x), dim, "  (t %.0f, b %.0f)", p->cq.sig_scale,
               p->cq.sig_bias);
    text_drawf(w, y++, r.x, W, nm, "top-1 %.0f %%  cos matching %.2f, others %.2f",
               100 * p->cr.top1, p->cr.diag_mean, p->cr.off_mean);
    text_drawf(w, y++, r.x, W, dim, "tau %.3f sharpens the softmax (logits = cos / tau)",
               p->cq.temperature);
}

static void draw_curve(const MmPanel *p, WINDOW *w, Rect r)
{
    if (!p->cok || r.h < 5 || r.w < 24)
        return;
    PlotAxes ax;
    plot_axes_init(&ax);
    ax.xlog = true;
    ax.xlabel = "batch";
    ax.ylabel = "loss";
    PlotSeries s[3] = {
        {p->cx, p->cclip, p->cr.ncurve, TH_SERIES1, "CLIP"},
        {p->cx, p->csig, p->cr.ncurve, TH_SERIES2, "SigLIP"},
        {p->cx, p->cchance, p->cr.ncurve, TH_DIM, "ln B"},
    };
    plot_draw(w, r, &ax, s, 3, NULL, 0);
}

void mm_panel_draw(const void *st, WINDOW *w, Rect area)
{
    const MmPanel *p = st;
    (void)area;
    draw_controls(p, w);
    if (p->view == MM_VIEW_TOKENS) {
        draw_token_figures(p, w, p->figures);
        draw_tiling(p, w, p->picture);
    } else {
        draw_losses(p, w, p->figures);
        Rect pic = p->picture;
        int used = draw_heatmap(p, w, pic);
        Rect rest = rect_make(pic.y, pic.x + used + 2, pic.h, pic.w - used - 2);
        if (rest.w >= 24)
            draw_curve(p, w, rest);
    }
    /* the footer: the view and the keys that matter */
    int fy = p->area.y + p->area.h - 1;
    text_drawf(w, fy, p->area.x + 1, p->area.w - 2, theme_attr(TH_DIM),
               "%s  ↑↓ select  ←→ change  v %s  s new batch  w why  ? keys",
               p->view == MM_VIEW_TOKENS ? "[tokens]" : "[losses]",
               p->view == MM_VIEW_TOKENS ? "losses" : "tokens");
}
