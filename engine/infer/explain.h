/* The infer "why": each formula of the roofline, the simulator's accounting and speculative
 * decoding, with the current numbers substituted, and where it comes from. */
#ifndef RAMPUP_ENGINE_INFER_EXPLAIN_H
#define RAMPUP_ENGINE_INFER_EXPLAIN_H

#include <stddef.h>

#include "engine/infer/roofline.h"
#include "engine/infer/sim.h"
#include "engine/infer/spec.h"

/* Writes the explanation, one line per '\n', into buf (NUL-terminated, truncated to size).
 * Lines that start without a space are headings. sim and spec may be NULL. Returns the length
 * it needed. */
size_t infer_explain(const InferHw *hw, const InferQuery *q, const InferRoofline *roof,
                     const InferSimReport *sim, const InferSpecReport *spec, double c, char *buf,
                     size_t size);

#endif
