/* The Inference pane's frame: the controls, the headline figures, the footer, and the views
 * (infer_panel_views.c) in the main and second areas. Reads the reports; computes nothing. */
#include "panels/infer_panel.h"

#include <stdarg.h>
#include <stdio.h>

#include "tui/choice.h"
#include "tui/text.h"

static const char *const CTL_LABEL[IC_COUNT] = {"model",  "GPU",   "rate",  "requests",
                                                "lengths", "batching", "KV alloc", "block",
                                                "chunk",  "prefix", "alpha", "gamma"};

static void draw_controls(const InferPanel *p, WINDOW *w)
{
    Rect r = p->controls;
    const int lw = 9;
    char buf[96];
    for (int i = 0; i < IC_COUNT && i < r.h; i++) {
        Rect row = rect_make(r.y + i, r.x, 1, r.w);
        bool f = p->focus == i;
        if (infer_panel_is_slider((InferCtl)i)) {
            Slider s = p->sl[i];
            s.label = CTL_LABEL[i];
            slider_draw(&s, w, row, lw, f);
        } else {
            choice_draw(w, row, lw, CTL_LABEL[i], infer_panel_choice(p, (InferCtl)i, buf, sizeof buf),
                        f);
        }
    }
}

static void draw_results(const InferPanel *p, WINDOW *w)
{
    Pen pen = {w, p->results, p->results.y};
    if (!p->ok) { /* the view on the right shows the whole message */
        pen_line(&pen, TH_BAD, "no run with these settings:");
        pen_line(&pen, TH_BAD, "change the model, GPU or dtype");
        return;
    }
    const InferSimReport *s = &p->sim;
    pen_line(&pen, TH_VALUE, "KV util %.1f%%  %.2f req/s", 100 * s->kv_utilization, s->req_per_s);
    pen_line(&pen, TH_NORMAL, "waste: resv %.1f int %.1f ext %.1f%%", 100 * s->waste_reservation,
         100 * s->waste_internal, 100 * s->waste_external);
    if (s->waste_padding > 0)
        pen_line(&pen, TH_NORMAL, "       padding %.1f%%", 100 * s->waste_padding);
    pen_line(&pen, TH_NORMAL, "TTFT p50 %.3f p99 %.3f s", s->ttft.p50, s->ttft.p99);
    pen_line(&pen, TH_NORMAL, "TPOT p50 %.1f p99 %.1f ms", 1e3 * s->tpot.p50, 1e3 * s->tpot.p99);
    pen_line(&pen, TH_NORMAL, "latency %.4f s/token (norm)", s->norm.mean);
    pen_line(&pen, TH_NORMAL, "%.0f tok/s  goodput %.0f%%", s->tokens_per_s, 100 * s->goodput_share);
    pen_line(&pen, TH_NORMAL, "batch %.1f (max %d)  preempt %d", s->mean_batch, s->max_running,
         s->preemptions);
    pen_line(&pen, TH_DIM, "pool %lld tok, max len %d", s->pool_tokens, s->max_len);
    pen_line(&pen, TH_NORMAL, "decode %.1f ms/step, %s-bound", 1e3 * p->roof.tpot,
         p->roof.decode.memory_bound ? "memory" : "compute");
    pen_line(&pen, TH_NORMAL, "spec %.2f tok/step %.2fx, best %d", p->spec.expected_tokens,
         p->spec.speedup, p->spec.best_gamma);
    if (p->sweep && !p->sweeping && !p->sweep_stale && p->sweep->done == p->sweep->total)
        pen_line(&pen, TH_GOOD, "sweep: paged %.2f, max %.2f req/s", p->sweep->max_rate[INFER_ALLOC_PAGED],
             p->sweep->max_rate[INFER_ALLOC_MAX]);
}

static void draw_footer(const InferPanel *p, WINDOW *w)
{
    Rect r = p->footer;
    const char *keys = p->sweeping ? "Esc cancel the sweep  v view  w why"
                       : r.w >= 100 ? "↑↓ select  ←→ change  v V view  S sweep  m model  g GPU  n seed  "
                                      "w why  r reset"
                                    : "↑↓ ←→ change  v view  S sweep  m g pick  w why";
    text_draw(w, r.y, r.x, r.w, theme_attr(TH_KEY), keys, (size_t)-1);
}

void infer_panel_draw_all(const InferPanel *p, WINDOW *w)
{
    draw_controls(p, w);
    draw_results(p, w);
    infer_view_draw(p, w, p->main, (InferView)p->view);
    if (p->two_views)
        infer_view_draw(p, w, p->second, (InferView)((p->view + 1) % IV_COUNT));
    draw_footer(p, w);
}
