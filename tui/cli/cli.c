/* The command table: name -> function, with one line of help each. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <string.h>

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
    {"infer", cli_infer, "serving: roofline, simulator, rate sweep, speculative decoding, blocks"},
    {"tour", cli_tour, "check a booth tour (content/tour.yaml) or list its scenes"},
};

int cli_dispatch(const CliEnv *env, int argc, char **argv)
{
    if (argc < 1)
        return -1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[0], commands[i].name) == 0)
            return commands[i].fn(env, argc, argv);
    return -1;
}

void cli_print_commands(void)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
}
