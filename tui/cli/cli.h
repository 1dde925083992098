/* Headless subcommands: `rampup <command> …` prints to stdout and never starts curses.
 * Exit codes: 0 success, 1 failure, 2 usage error. Errors go to stderr as "rampup: …". */
#ifndef RAMPUP_TUI_CLI_CLI_H
#define RAMPUP_TUI_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <cJSON.h>

#include "engine/error.h"
#include "engine/gpu.h"
#include "engine/tour/tour.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Paths the commands share, resolved once in main.c. */
typedef struct CliEnv {
    const char *content_dir; /* borrowed */
    const char *notes_dir;   /* borrowed */
    const char *const *panes; /* borrowed; the pane names, for `tour check` */
    size_t npanes;
    /* `tour check`: opens each scene on its pane headless (main.c wires it to the app, which
     * this layer may not call); returns the number of scenes refused, -1 on failure. NULL:
     * only the format and the pane names are checked. */
    int (*check_scenes)(void *ctx, const Tour *t, FILE *report);
    void *check_ctx;
} CliEnv;

/* Finds `argv[0]` in the command table and runs it; returns the exit code, or -1 when argv[0]
 * is not a command (main then treats the arguments as TUI options). */
int cli_dispatch(const CliEnv *env, int argc, char **argv);

/* Prints the command table (for --help). */
void cli_print_commands(void);

/* One function per command, each in its own tui/cli/<name>.c. argv[0] is the command name. */
int cli_notes(const CliEnv *env, int argc, char **argv);
int cli_kv(const CliEnv *env, int argc, char **argv);
int cli_scaling(const CliEnv *env, int argc, char **argv);
int cli_rag(const CliEnv *env, int argc, char **argv);
int cli_rag_eval(const CliEnv *env, int argc, char **argv);
int cli_agent(const CliEnv *env, int argc, char **argv);
int cli_study(const CliEnv *env, int argc, char **argv);
int cli_infer(const CliEnv *env, int argc, char **argv);
int cli_vision(const CliEnv *env, int argc, char **argv);
int cli_evals(const CliEnv *env, int argc, char **argv);
int cli_tour(const CliEnv *env, int argc, char **argv);

/* --- helpers shared by the commands (tui/cli/util.c) --- */

/* "rampup: <message>" on stderr. Returns CLI_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "rampup: <command>: <message>" plus "try 'rampup <command> --help'" on stderr. Returns CLI_USAGE. */
int cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "rampup: <command>: unknown option --frobnicate" (or "unexpected argument 'x'") plus the
 * --help hint. Returns CLI_USAGE. */
int cli_unknown_option(const char *command, const char *arg);
/* Prints err as "rampup: file:line:col: message". Returns CLI_FAIL. */
int cli_fail_err(const RError *err);

/* "\nGPUs: h100-sxm h200-sxm …\n" for --help (nothing when gpus is NULL or empty). */
void cli_print_gpu_names(const GpuList *gpus);

/* Strict numeric option parsing: the whole string must be a number in [min, max]. */
bool cli_parse_ll(const char *s, long long min, long long max, long long *out);
bool cli_parse_double(const char *s, double min, double max, double *out);

/* Adds an exact unsigned integer to a JSON object (cJSON's doubles lose digits past 2^53 and
 * print 1e+15 style). Returns the new item or NULL. */
cJSON *cli_json_add_u64(cJSON *obj, const char *key, unsigned long long value);
/* Prints the JSON tree, formatted, with a trailing newline, to stdout. Returns CLI_OK or
 * CLI_FAIL on memory exhaustion. Does not free it. */
int cli_json_print(const cJSON *json);

#endif
