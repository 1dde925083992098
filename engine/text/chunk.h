/* Chunker: cuts a note into retrieval units. Markdown is cut at headings (each chunk keeps
 * its heading path and line range); long sections and plain text use a token window with
 * overlap. */
#ifndef RAMPUP_ENGINE_TEXT_CHUNK_H
#define RAMPUP_ENGINE_TEXT_CHUNK_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"

/* Defaults: 200-token windows overlapping by 40 tokens (20 %), a common RAG starting point
 * (e.g. LlamaIndex's SentenceSplitter uses 1024/200 subword tokens; our tokens are words). */
#define CHUNK_DEFAULT_WINDOW 200
#define CHUNK_DEFAULT_OVERLAP 40
#define CHUNK_HEADING_MAX 256

typedef struct ChunkOptions {
    size_t window;  /* tokens per chunk (>= 1) */
    size_t overlap; /* tokens shared by neighbouring windows (< window) */
    bool markdown;  /* cut at ATX headings outside code fences; skip YAML front matter */
    const char *figures_from; /* borrowed, may be NULL: for the corpus loader, the content
                               * folder whose presets expand a note's {{…}} live figures first,
                               * so the index holds what a reader sees */
} ChunkOptions;

ChunkOptions chunk_default(bool markdown);

typedef struct Chunk {
    size_t start;                    /* byte range in the text */
    size_t end;
    int line_start;                  /* 1-based, inclusive */
    int line_end;
    size_t ntokens;
    size_t overlap_prev;             /* tokens shared with the previous chunk of the section */
    int level;                       /* level of the innermost heading (0: none) */
    char heading[CHUNK_HEADING_MAX]; /* "Title > Section > Subsection" ("" when none) */
} Chunk;

typedef struct ChunkList {
    Chunk *items; /* owned */
    size_t n;
    size_t cap;
} ChunkList;

/* Appends the chunks of text[0..len) to out (initialize it with {0}). Sections with no
 * words besides their heading are not emitted. */
int chunk_text(const char *text, size_t len, const ChunkOptions *opt, ChunkList *out,
               RError *err);
void chunk_list_free(ChunkList *list); /* frees the items; the list is empty again */

#endif
