/* The Scaling handout as Markdown: the figures for a query and the formulas behind them. */
#ifndef RAMPUP_ENGINE_SCALING_MARKDOWN_H
#define RAMPUP_ENGINE_SCALING_MARKDOWN_H

#include <stddef.h>

#include "engine/scaling/explain.h"

/* Writes a title, every law's optimum for q->compute in a table, the user's (N, D) under the
 * selected law, then scaling_explain's lines in a fenced block. snprintf-style. */
size_t scaling_markdown(const ScalingQuery *q, char *buf, size_t size);

#endif
