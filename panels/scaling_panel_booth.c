/* The Scaling pane in booth mode: headline figures (B, tour scenes) and the Markdown handout
 * (e), both read from the report recompute() left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/scaling/markdown.h"
#include "panels/scaling_panel.h"
#include "tui/format.h"

bool scaling_panel_headline(const void *st, const char *which, char *value, size_t vsize,
                            char *label, size_t lsize)
{
    const ScalingPanel *p = st;
    const ScalingLaw *law = scaling_panel_law(p);
    const ScalingPoint *o = &p->opt[p->law];
    char c[32];
    fmt_sci(c, sizeof c, p->s_c.value);
    if (!which || !*which || strcmp(which, "ratio") == 0) {
        snprintf(value, vsize, "%.0f", o->tokens_per_param);
        snprintf(label, lsize, "tokens per parameter, compute-optimal at %s FLOP (%s)", c,
                 law->label);
    } else if (strcmp(which, "params") == 0) {
        fmt_count(value, vsize, o->params);
        snprintf(label, lsize, "parameters, compute-optimal at %s FLOP (%s)", c, law->label);
    } else if (strcmp(which, "tokens") == 0) {
        fmt_count(value, vsize, o->tokens);
        snprintf(label, lsize, "training tokens, compute-optimal at %s FLOP (%s)", c, law->label);
    } else if (strcmp(which, "loss") == 0) {
        snprintf(value, vsize, "%.3f", o->loss);
        snprintf(label, lsize, "predicted loss (nats/token) at %s FLOP (%s)", c, law->label);
    } else if (strcmp(which, "days") == 0 && p->has_tt) {
        snprintf(value, vsize, "%.0f", p->tt.days);
        snprintf(label, lsize, "days to train on %.0f GPUs at %.0f%% MFU", p->s_gpus.value,
                 p->s_mfu.value * 100);
    } else {
        return false;
    }
    return true;
}

char *scaling_panel_export(const void *st)
{
    const ScalingPanel *p = st;
    ScalingQuery q = {.law = (ScalingLawId)p->law, .compute = p->s_c.value,
                      .params = p->s_n.value, .tokens = p->s_d.value, .gpu = scaling_panel_gpu(p),
                      .gpus = (int)p->s_gpus.value, .mfu = p->s_mfu.value,
                      .inference_tokens = p->s_inf.value};
    size_t need = scaling_markdown(&q, NULL, 0) + 1;
    char *md = malloc(need);
    if (md)
        scaling_markdown(&q, md, need);
    return md;
}
