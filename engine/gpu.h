/* GPU presets (content/gpus.yaml): memory, bandwidth and peak throughput, with sources.
 * Shared by the KV calculator, the scaling laws (training time) and the inference pane. */
#ifndef RAMPUP_ENGINE_GPU_H
#define RAMPUP_ENGINE_GPU_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/param.h"

typedef struct GpuPreset {
    char name[48];          /* key used on the command line, e.g. "h100-sxm" */
    char label[64];         /* shown in the app, e.g. "H100 SXM 80GB" */
    double mem_bytes;       /* total memory in bytes: nvidia-smi's total (memory_mib) when the
                             * preset gives it, else the vendor's GB (1e9 B) */
    double bandwidth;       /* memory bandwidth, bytes/s */
    double bf16_flops;      /* dense BF16 tensor peak, FLOP/s */
    double fp8_flops;       /* dense FP8 peak, FLOP/s (0 when the GPU has none) */
    double watts;           /* board power */
    char source[200];       /* where the figures come from */
    char aliases[160];      /* other names people type, '|'-separated ("h100|H100 80GB") */
} GpuPreset;

typedef struct GpuList {
    GpuPreset *items; /* owned */
    size_t count;
} GpuList;

/* Loads presets from a YAML file; errors carry file:line:col. */
int gpu_list_load(const char *path, GpuList *out, RError *err);
void gpu_list_free(GpuList *list);
/* Case-insensitive lookup by name or label; NULL when absent. */
const GpuPreset *gpu_find(const GpuList *list, const char *name);
/* The presets as a ParamNames list "gpu" (names, labels, aliases) for engine/param; `items`
 * must hold list->count entries and outlive the result. */
ParamNames gpu_param_names(const GpuList *list, ParamName *items);

#endif
