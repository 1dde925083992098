/* Prose sentences of a note or text file: Markdown paragraphs, list items and quotes (code,
 * tables, headings and References/Sources sections left out), split into sentences, each
 * with its source line. */
#ifndef RAMPUP_ENGINE_AGENT_PROSE_H
#define RAMPUP_ENGINE_AGENT_PROSE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"

typedef struct ProseSentence {
    char *text; /* owned: white space collapsed */
    int line;   /* 1-based line in the source where its block starts */
} ProseSentence;

typedef struct Prose {
    ProseSentence *s; /* owned */
    size_t n, cap;
    char title[256]; /* first level-1 heading (Markdown) or "" */
    int skip_level;  /* inside a References/Sources section of this heading level (0: no) */
} Prose;

/* Splits src into sentences, offsetting lines by line_base - 1. markdown: parse as Markdown.
 * Appends to p (zero-initialised by the caller). */
int prose_split(const char *src, size_t len, bool markdown, int line_base, Prose *p, RError *err);
void prose_clear(Prose *p);

/* Reads a whole file into a new NUL-terminated buffer. */
int prose_read_file(const char *path, char **out, size_t *len, RError *err);

#endif
