/* RagCorpus: the documents a retriever indexes — chunks of a folder of notes, or the
 * abstracts of a BEIR collection. */
#ifndef RAMPUP_ENGINE_RAG_CORPUS_H
#define RAMPUP_ENGINE_RAG_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"
#include "engine/text/chunk.h"

/* Text indexed from a folder at most: once this much is read, the remaining files are skipped
 * with a warning (so a corpus ends at most one file past it). Each file is at most
 * NOTES_MAX_BYTES (8 MiB), as in the notes pane. */
#define RAG_CORPUS_MAX_BYTES (64u << 20)

typedef struct RagDoc {
    char *id;        /* owned: BEIR "_id", or "<source>#<n>" for the n-th chunk of a file */
    char *source;    /* owned: path relative to the corpus folder ("" for BEIR) */
    char *heading;   /* owned: heading path of a chunk, or a BEIR title ("" when none) */
    char *text;      /* owned: the chunk text or BEIR abstract */
    char *indexed;   /* owned: what the retrievers see: heading, a newline, then text */
    int line_start;  /* 1-based line range in source (0 for BEIR) */
    int line_end;
    size_t byte_start; /* byte range in source */
    size_t byte_end;
} RagDoc;

typedef struct RagCorpus {
    RagDoc *docs;    /* owned */
    size_t n;
    size_t cap;
    char **warnings; /* owned: files skipped and why ("path: binary file, skipped") */
    size_t nwarnings;
    size_t nfiles;   /* files indexed */
    size_t nrefs;    /* chunks left out: "Sources"/"References" sections (see corpus_is_refs) */
    size_t bytes;    /* bytes of text read */
} RagCorpus;

RagCorpus *corpus_new(void);
void corpus_free(RagCorpus *c);

/* Appends a document (strings are copied; heading and source may be NULL). */
int corpus_add(RagCorpus *c, const char *id, const char *source, const char *heading,
               const char *text, int line_start, int line_end, RError *err);

/* Loads every .md and .txt file under dir (recursively, in sorted path order, skipping dot
 * files) and chunks it: Markdown at headings, plain text by token window (opt NULL: the
 * chunk_default() windows). Binary files (NUL bytes or invalid UTF-8), unreadable files,
 * files over NOTES_MAX_BYTES, anything but regular files, and files once RAG_CORPUS_MAX_BYTES
 * are read are skipped with a warning; a missing or unreadable dir is an error. */
int corpus_load_dir(const char *dir, const ChunkOptions *opt, RagCorpus **out, RError *err);

/* True when a heading path ("Title > Sources > Papers") lies in a Sources, References or
 * Bibliography section. Such sections are lists of citations: their titles repeat the words
 * of the whole note, so they would outrank the content; the loader leaves them out. */
bool corpus_is_refs(const char *heading);

/* Called after each file is read and chunked (files so far, bytes so far, its path relative
 * to the folder); returning false stops the load, which then fails with "indexing cancelled". */
typedef bool (*CorpusProgress)(void *ctx, size_t files, size_t bytes, const char *rel);

/* corpus_load_dir with a corpus limit (0: RAG_CORPUS_MAX_BYTES) and a progress callback (fn
 * may be NULL): how the RAG pane shows its progress and lets Esc cancel a long build. */
int corpus_load_dir_progress(const char *dir, const ChunkOptions *opt, size_t max_bytes,
                             CorpusProgress fn, void *ctx, RagCorpus **out, RError *err);

/* A new array of the n `indexed` strings (the array is owned by the caller, the strings
 * are borrowed from c), the input the retrievers take. */
const char **corpus_texts(const RagCorpus *c);

#endif
