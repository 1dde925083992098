/* Inside the live-figure module: the loaded presets, the spec's tokens, and one evaluator per
 * topic. */
#ifndef RAMPUP_ENGINE_FIGURE_FIGURE_PRIV_H
#define RAMPUP_ENGINE_FIGURE_FIGURE_PRIV_H

#include <stdbool.h>

#include "engine/figure/figure.h"
#include "engine/gpu.h"
#include "engine/infer/presets.h"
#include "engine/kv/kv_load.h"

struct FigureCtx {
    KvPresetList presets;
    GpuList gpus;
    InferPresets infer; /* the Inference pane's names, for its links */
    bool infer_ok;
};

#define FIGURE_MAX_TOKENS 32

/* One word of a spec: "key=value" (key and value set) or a bare word (key NULL). */
typedef struct FigureToken {
    const char *key, *value; /* point into the token buffer */
    size_t off;              /* byte offset of the token in the spec */
    bool used;
} FigureToken;

typedef struct FigureSpec {
    char buf[FIGURE_SPEC_MAX + 1];
    FigureToken tok[FIGURE_MAX_TOKENS];
    size_t n; /* tok[0] is the topic */
} FigureSpec;

/* What a field's value means, for the units it accepts. */
/* FIG_PLAIN takes no unit (a loss, a ratio of counts, days). */
typedef enum FigureKind { FIG_BYTES, FIG_COUNT, FIG_RATIO, FIG_PLAIN } FigureKind;

/* A topic's evaluator: reads its settings from spec (marking tokens used), computes, and
 * returns the named field's value. Errors set err and *bad to the token's offset. */
typedef int (*FigureTopicFn)(const FigureCtx *ctx, FigureSpec *spec, const char *field,
                             double *value, FigureKind *kind, size_t *bad, RError *err);

int figure_topic_kv(const FigureCtx *ctx, FigureSpec *spec, const char *field, double *value,
                    FigureKind *kind, size_t *bad, RError *err);

int figure_topic_scaling(const FigureCtx *ctx, FigureSpec *spec, const char *field,
                         double *value, FigureKind *kind, size_t *bad, RError *err);
int figure_check_scaling_args(const FigureCtx *ctx, FigureSpec *spec, size_t *bad, RError *err);

/* Validates a kv pane link's arguments ("llama-3.1-70b seq=32768 tp=8"), as figures read
 * them. */
int figure_check_kv_args(const FigureCtx *ctx, FigureSpec *spec, size_t *bad, RError *err);

/* Splits text into a spec; -1 when it is too long or has too many words. */
int figure_spec_parse(const char *text, size_t len, FigureSpec *spec, RError *err);

/* A whole number with an optional k (x1024) or M (x1024^2) suffix, as context lengths are
 * named ("32k" = 32768), within [lo, hi]. */
bool figure_parse_count(const char *s, double lo, double hi, double *out);

#endif
