/* The Scaling handout: every law's optimum for the budget as a Markdown table, then the
 * formulas of the selected law (scaling_explain) in a fenced block — `e` in the pane and
 * `rampup scaling --markdown`. */
#include "engine/scaling/markdown.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct Out {
    char *buf;
    size_t size, len;
} Out;

__attribute__((format(printf, 2, 3))) static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
                      o->len < o->size ? o->size - o->len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

size_t scaling_markdown(const ScalingQuery *q, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    char c[32], n[32], d[32];
    scaling_fmt_sci(c, sizeof c, q->compute);
    put(&o, "# Compute-optimal training for C = %s FLOP\n\n", c);
    put(&o, "## Figures\n\n| law | params N | tokens D | D/N | loss (nats/token) |\n"
            "|---|---:|---:|---:|---:|\n");
    for (int id = 0; id < LAW_COUNT; id++) {
        const ScalingLaw *law = scaling_law((ScalingLawId)id);
        ScalingPoint pt = scaling_optimum(law, q->compute);
        scaling_fmt_count(n, sizeof n, pt.params);
        scaling_fmt_count(d, sizeof d, pt.tokens);
        const char *by = law->loss_law != law->id ? scaling_law(law->loss_law)->name
                       : law->kind == LAW_KIND_KAPLAN ? "WebText2 nats" : NULL;
        put(&o, "| %s%s | %s | %s | %.3g | %.4f%s%s%s |\n", law->label,
            id == (int)q->law ? " (selected)" : "", n, d, pt.tokens_per_param, pt.loss,
            by ? " (" : "", by ? by : "", by ? ")" : "");
    }
    scaling_fmt_count(n, sizeof n, q->params);
    scaling_fmt_count(d, sizeof d, q->tokens);
    const ScalingLaw *sel = scaling_law(q->law);
    put(&o, "\nYour model: N = %s, D = %s (D/N = %.1f), loss %.4f by %s.\n", n, d,
        q->params > 0 ? q->tokens / q->params : 0.0, scaling_loss(sel, q->params, q->tokens),
        sel->label);
    put(&o, "\n## Why: the formulas with these numbers\n\n```text\n");
    ScalingExplain ex = {NULL, 0, 0};
    RError err;
    if (scaling_explain(q, &ex, &err) == 0) {
        for (size_t i = 0; i < ex.count; i++)
            put(&o, "%s%s\n", ex.lines[i].style == EXPLAIN_TEXT ? "  " : "", ex.lines[i].text);
    } else {
        put(&o, "%s\n", err.msg);
    }
    scaling_explain_free(&ex);
    put(&o, "```\n\nSource of the selected law: %s.\n", sel->source);
    return o.len;
}
