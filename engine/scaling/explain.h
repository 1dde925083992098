/* "Why": the formulas behind one scaling query with its numbers filled in, as plain lines
 * (headings, formula lines, notes) that the Scaling pane styles and `rampup scaling --why`
 * prints. Every intermediate value (G, the loss terms, …) is computed here, not by callers. */
#ifndef RAMPUP_ENGINE_SCALING_EXPLAIN_H
#define RAMPUP_ENGINE_SCALING_EXPLAIN_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/gpu.h"
#include "engine/scaling/laws.h"

typedef struct ScalingQuery {
    ScalingLawId law;
    double compute;          /* the budget C whose optimum is explained (FLOP) */
    double params, tokens;   /* the model whose loss is explained */
    const GpuPreset *gpu;    /* borrowed; NULL: no training-time section */
    int gpus;
    double mfu;
    double inference_tokens; /* 0: no serving section */
} ScalingQuery;

typedef enum ExplainStyle { EXPLAIN_HEADING, EXPLAIN_TEXT, EXPLAIN_NOTE, EXPLAIN_BLANK } ExplainStyle;

typedef struct ExplainLine {
    ExplainStyle style;
    char text[200]; /* UTF-8 (uses α β · ×) */
} ExplainLine;

typedef struct ScalingExplain {
    ExplainLine *lines; /* owned */
    size_t count, cap;
} ScalingExplain;

/* Fills out (which must be zeroed or freed before) with the explanation. Fails only on memory
 * exhaustion or an invalid query (non-positive C, N or D). */
int scaling_explain(const ScalingQuery *q, ScalingExplain *out, RError *err);
void scaling_explain_free(ScalingExplain *e);

/* fmt_count and fmt_sci of engine/format.h (kept for callers of this module). */
int scaling_fmt_count(char *buf, size_t size, double n);
int scaling_fmt_sci(char *buf, size_t size, double v);

#endif
