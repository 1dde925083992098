/* The command table: name -> function, with one line of help each; and the output filter
 * every command runs behind. */
#define _GNU_SOURCE /* fopencookie */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/text/sanitize.h"

typedef int (*CliFn)(const CliEnv *env, int argc, char **argv);

typedef struct CliCommand {
    const char *name;
    CliFn fn;
    const char *summary;
} CliCommand;

static const CliCommand commands[] = {
    {"notes", cli_notes, "list the study notes or print one as plain text"},
    {"kv", cli_kv, "KV-cache and serving memory for a model preset or a config.json"},
    {"scaling", cli_scaling, "Chinchilla / Epoch / Kaplan laws, compute-optimal N and D, law fits"},
    {"rag", cli_rag, "search the notes (or a folder) with BM25, LSA, GloVe or hybrid retrieval"},
    {"rag-eval", cli_rag_eval, "evaluate retrieval on a BEIR-format collection"},
    {"agent", cli_agent, "run, draw, validate or evaluate a state-graph agent"},
    {"study", cli_study, "flashcards due, a review from the shell, FSRS-6 simulations"},
    {"infer", cli_infer, "serving: roofline, simulator, rate sweep, speculative decoding, blocks"},
    {"vision", cli_vision, "visual tokens of an image and their KV cost; CLIP and SigLIP losses"},
    {"evals", cli_evals, "intervals, sample sizes, comparisons, pass@k, benchmark cards, live evals"},
    {"tour", cli_tour, "check a booth tour (content/tour.yaml) or list its scenes"},
};

/* ---- the output filter ----
 * Commands print names, snippets, cell values and error text that come from files. Rather
 * than trust every printf, stdout and stderr are replaced, for the command's run, by streams
 * that pass each byte through the sanitizer (engine/text/sanitize.h) with \n and \t kept: no
 * file can send ESC, C1 or bidi controls to the terminal, whatever path its text takes. */

typedef struct Filter {
    FILE *real;
    Sanitizer z;
    int failed;
} Filter;

static int filter_sink(void *ctx, const char *s, size_t n)
{
    Filter *f = ctx;
    if (fwrite(s, 1, n, f->real) != n) {
        f->failed = 1;
        return -1;
    }
    return 0;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t n)
{
    Filter *f = cookie;
    /* The filter's own buffer decides when bytes go out (a line on a terminal, a full buffer
     * on a pipe, or an fflush), so the real stream passes them straight on. */
    if (sanitize_feed(&f->z, buf, n, filter_sink, f) != 0 || fflush(f->real) != 0)
        return -1;
    return (ssize_t)n;
}

static int filter_close(void *cookie)
{
    Filter *f = cookie;
    sanitize_finish(&f->z, filter_sink, f);
    return fflush(f->real) == 0 && !f->failed ? 0 : EOF;
}

/* Replaces *slot (stdout or stderr) by a filtered stream over it; false if that failed (the
 * stream is then left as it was). */
static bool filter_open(Filter *f, FILE **slot, int mode)
{
    f->real = *slot;
    f->failed = 0;
    sanitize_init(&f->z, SANITIZE_KEEP_NL);
    cookie_io_functions_t io = {.write = filter_write, .close = filter_close};
    FILE *fp = fopencookie(f, "w", io);
    if (!fp)
        return false;
    setvbuf(fp, NULL, mode, BUFSIZ);
    fflush(f->real);
    *slot = fp;
    return true;
}

/* Flushes and removes the filter; returns false if the output could not be written. */
static bool filter_close_on(Filter *f, FILE **slot)
{
    FILE *fp = *slot;
    *slot = f->real;
    return fclose(fp) == 0;
}

static int run_filtered(const CliCommand *c, const CliEnv *env, int argc, char **argv)
{
    Filter out, err;
    bool fo = filter_open(&out, &stdout, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
    bool fe = filter_open(&err, &stderr, _IOLBF);
    int code = c->fn(env, argc, argv);
    bool ok = true;
    if (fe)
        ok &= filter_close_on(&err, &stderr);
    if (fo)
        ok &= filter_close_on(&out, &stdout);
    if (!ok && code == CLI_OK) {
        fprintf(stderr, "rampup: %s: could not write the output\n", c->name);
        code = CLI_FAIL;
    }
    return code;
}

int cli_dispatch(const CliEnv *env, int argc, char **argv)
{
    if (argc < 1)
        return -1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[0], commands[i].name) == 0)
            return run_filtered(&commands[i], env, argc, argv);
    return -1;
}

void cli_print_commands(void)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
}
