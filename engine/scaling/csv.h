/* (N, D, loss) observations for the law fitter, read from CSV files such as Epoch AI's
 * digitised Chinchilla points. */
#ifndef RAMPUP_ENGINE_SCALING_CSV_H
#define RAMPUP_ENGINE_SCALING_CSV_H

#include <stddef.h>

#include "engine/error.h"

#define SCALING_CSV_MAX_BYTES (16u << 20) /* a CSV larger than 16 MiB is refused */

typedef struct ScalingObs {
    double params; /* N */
    double tokens; /* D (given, or C / 6N) */
    double loss;   /* nats/token */
    int line;      /* 1-based line in the source file; 0 if not from a file */
} ScalingObs;

typedef struct ScalingData {
    ScalingObs *items; /* owned */
    size_t count;
} ScalingData;

/* Reads a CSV with a header row. Columns are found by (case-insensitive) name:
 *   N:    "Model Size", "N", "params", "parameters"
 *   D:    "Training Tokens", "D", "tokens"
 *   C:    "Training FLOP", "C", "flops", "compute"   (used when D is absent: D = C / 6N)
 *   loss: "loss", "L"
 * Other columns are ignored. Fields may be double-quoted. Blank lines and lines starting with
 * '#' are skipped. A malformed row (wrong field count, non-numeric or non-positive value)
 * fails with err at file:line:col. */
int scaling_csv_load(const char *path, ScalingData *out, RError *err);
int scaling_csv_parse(const char *name, const char *text, size_t len, ScalingData *out,
                      RError *err);
void scaling_data_free(ScalingData *data);

/* Removes the k observations with the highest loss (Epoch AI dropped k = 5 of 245), keeping
 * the order of the rest. */
void scaling_data_drop_highest_loss(ScalingData *data, size_t k);

#endif
