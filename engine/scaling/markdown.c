/* The Scaling handout: every law's optimum for the budget as a Markdown table, then the
 * formulas of the selected law (scaling_explain) in a fenced block — `e` in the pane and
 * `rampup scaling --markdown`. */
#include "engine/scaling/markdown.h"

#include <stdio.h>

#include "engine/text/outbuf.h"

size_t scaling_markdown(const ScalingQuery *q, char *buf, size_t size)
{
    OutBuf o = outbuf_make(buf, size);
    char c[32], n[32], d[32];
    scaling_fmt_sci(c, sizeof c, q->compute);
    outbuf_printf(&o, "# Compute-optimal training for C = %s FLOP\n\n", c);
    outbuf_printf(&o, "## Figures\n\n| law | params N | tokens D | D/N | loss (nats/token) |\n"
            "|---|---:|---:|---:|---:|\n");
    for (int id = 0; id < LAW_COUNT; id++) {
        const ScalingLaw *law = scaling_law((ScalingLawId)id);
        ScalingPoint pt = scaling_optimum(law, q->compute);
        scaling_fmt_count(n, sizeof n, pt.params);
        scaling_fmt_count(d, sizeof d, pt.tokens);
        const char *by = law->loss_law != law->id ? scaling_law(law->loss_law)->name
                       : law->kind == LAW_KIND_KAPLAN ? "WebText2 nats" : NULL;
        outbuf_printf(&o, "| %s%s | %s | %s | %.3g | %.4f%s%s%s |\n", law->label,
            id == (int)q->law ? " (selected)" : "", n, d, pt.tokens_per_param, pt.loss,
            by ? " (" : "", by ? by : "", by ? ")" : "");
    }
    scaling_fmt_count(n, sizeof n, q->params);
    scaling_fmt_count(d, sizeof d, q->tokens);
    const ScalingLaw *sel = scaling_law(q->law);
    outbuf_printf(&o, "\nYour model: N = %s, D = %s (D/N = %.1f), loss %.4f by %s.\n", n, d,
        q->params > 0 ? q->tokens / q->params : 0.0, scaling_loss(sel, q->params, q->tokens),
        sel->label);
    outbuf_printf(&o, "\n## Why: the formulas with these numbers\n\n```text\n");
    ScalingExplain ex = {NULL, 0, 0};
    RError err;
    if (scaling_explain(q, &ex, &err) == 0) {
        for (size_t i = 0; i < ex.count; i++)
            outbuf_printf(&o, "%s%s\n", ex.lines[i].style == EXPLAIN_TEXT ? "  " : "", ex.lines[i].text);
    } else {
        outbuf_printf(&o, "%s\n", err.msg);
    }
    scaling_explain_free(&ex);
    outbuf_printf(&o, "```\n\nSource of the selected law: %s.\n", sel->source);
    return o.len;
}
