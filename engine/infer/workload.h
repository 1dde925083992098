/* Requests for the serving simulator: Poisson arrivals with length distributions, or a CSV
 * trace. Arrays are sorted by arrival time. */
#ifndef RAMPUP_ENGINE_INFER_WORKLOAD_H
#define RAMPUP_ENGINE_INFER_WORKLOAD_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/infer/infer.h"

/* Upper bounds on a trace file (checked before anything is parsed). */
#define INFER_TRACE_MAX_BYTES (64L << 20)
#define INFER_TRACE_MAX_ROWS 200000

typedef struct InferRequest {
    double arrival;  /* s */
    int prompt;      /* prompt tokens, including a shared prefix */
    int output;      /* output tokens to generate (>= 1) */
    int prefix;      /* leading prompt tokens that are the common system prompt (0 = none) */
} InferRequest;

typedef struct InferWorkload {
    InferRequest *items; /* owned */
    size_t count;
    int clipped;         /* requests whose lengths were cut to max_len */
} InferWorkload;

/* Draws q->requests requests from q (rate, lengths, prefix share, seed); every request has
 * prompt + output <= max_len. */
int infer_workload_generate(const InferQuery *q, int max_len, InferWorkload *out, RError *err);
/* Reads a CSV trace "arrival_s,prompt,output" (an optional header line; '#' comments).
 * Rows are sorted by arrival; lengths are cut to max_len. Errors carry file:line:col. */
int infer_trace_load(const char *path, int max_len, InferWorkload *out, RError *err);
int infer_trace_parse(const char *name, const char *text, size_t len, int max_len,
                      InferWorkload *out, RError *err);
void infer_workload_free(InferWorkload *w);

/* The log-normal shapes modelled on the vLLM paper's datasets. */
typedef struct InferLengthShape {
    double prompt_mean, output_mean; /* tokens, vLLM paper Fig. 11 */
    double prompt_sigma, output_sigma;
} InferLengthShape;
InferLengthShape infer_length_shape(InferLengths l);

#endif
