/* The calculator agent's tools: parse a question into a tool call (tool + arguments), run the
 * KV and scaling calculators, and score tool-call correctness against an eval file. */
#ifndef RAMPUP_ENGINE_AGENT_TOOLS_H
#define RAMPUP_ENGINE_AGENT_TOOLS_H

#include <stddef.h>

#include <cJSON.h>

#include "engine/error.h"

/* Model names the parser recognises, each with its canonical name (the KV preset's CLI key). */
typedef struct ToolModel {
    char name[64];  /* canonical: what args.model holds */
    char key[64];   /* lower-case alphanumerics of the name, for matching */
    char key2[64];  /* the same of the label ("" when none) */
} ToolModel;

/* A GPU preset as the parser sees it: its canonical name and the words of its name and label
 * ("h100", "sxm", "80gb"). */
#define TOOL_GPU_WORDS 12
typedef struct ToolGpu {
    char name[48];                    /* canonical: the --gpu key, e.g. "h100-sxm" */
    char names[256];                  /* name, label and aliases, folded, '|'-separated */
    char words[TOOL_GPU_WORDS][24];   /* folded words of name and label */
    int nwords;
} ToolGpu;

typedef struct ToolModels {
    ToolModel *items; /* owned */
    size_t n;
    ToolGpu *gpus;    /* owned: from <content_dir>/gpus.yaml (none without it) */
    size_t ngpus;
} ToolModels;

/* From <content_dir>/models.yaml (the KV presets) and gpus.yaml; when models.yaml is missing
 * or content_dir is NULL, a built-in list of the reference models (names as in
 * model-configs.json). */
int tool_models_load(const char *content_dir, ToolModels *out, RError *err);
void tool_models_free(ToolModels *m);

/* Picks the tool for a question and parses its arguments, named as the CLI's options:
 *   "kv":      model, seq (tokens; "32k" = 32768), batch, kv_dtype, tp, gpu, gpus
 *   "scaling": compute (FLOP), params, tokens, law, gpu, gpus, mfu (a fraction)
 *   "none":    nothing matched.
 * A GPU is named by a word of its preset with a digit ("H100s", "4090", "MI300X"), helped by
 * the words around it ("A100 40GB"); the number right before it is the GPU count.
 * Writes the tool name into tool (>= 16 bytes) and a new args object into *args. */
int tool_parse(const char *question, const ToolModels *models, char *tool, size_t tsize, cJSON **args);

/* The canonical GPU preset a text names ("H100" -> "h100-sxm"), or NULL: its name, label or
 * one of its aliases exactly (case and punctuation aside), else the word match above. */
const char *tool_gpu_resolve(const ToolModels *m, const char *text);

/* "Normalises" a model or dtype string: lower-case alphanumerics only. */
void tool_norm(const char *s, char *out, size_t size);

/* Argument match: same keys; numbers within 0.1 % relative; strings equal after tool_norm. */
int tool_args_match(const cJSON *expected, const cJSON *got);

typedef struct ToolEvalReport {
    size_t n, tool_ok, args_ok, both_ok;
    double accuracy, tool_accuracy, args_accuracy;
    cJSON *items; /* owned: [{question, expected_tool, tool, expected_args, args, tool_ok, args_ok}] */
} ToolEvalReport;

/* Runs an eval file: `items:` list of {question, tool, args}. Errors carry file:line:col. */
int tool_eval_run(const char *path, const ToolModels *models, ToolEvalReport *out, RError *err);
void tool_eval_report_free(ToolEvalReport *r);

#endif
