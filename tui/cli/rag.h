/* Options shared by `rampup rag` and `rampup rag-eval`. */
#ifndef RAMPUP_TUI_CLI_RAG_H
#define RAMPUP_TUI_CLI_RAG_H

#include "engine/rag/retriever.h"

/* Parses argv[*i] if it is one of rag_params' options (engine/rag/rag_params.c) or -k (and
 * consumes its value): returns 1; 0 when argv[*i] is not one of them; -CLI_USAGE (after
 * printing the usage error) on a bad value. */
int cli_rag_parse_common(const char *cmd, int argc, char **argv, int *i, RagSettings *s);

#endif
