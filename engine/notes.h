/* The study notes: a folder of Markdown files, listed with their titles, read with limits. */
#ifndef RAMPUP_ENGINE_NOTES_H
#define RAMPUP_ENGINE_NOTES_H

#include <stddef.h>

#include "engine/error.h"

#define NOTES_MAX_BYTES (8u << 20) /* a note larger than 8 MiB is refused, not truncated */

typedef struct Note {
    char name[128];  /* file name, e.g. "kv_cache_notes.md" */
    char path[4096]; /* dir/name */
    char title[160]; /* first "# " heading, else the name without ".md" */
    size_t bytes;
} Note;

typedef struct NoteList {
    Note *items; /* owned; sorted by name */
    size_t count;
    char **skipped; /* owned: "path: not a regular file (a FIFO), skipped", one per file left out */
    size_t nskipped;
} NoteList;

/* Lists the *.md files directly in dir (not hidden ones). An unreadable dir is an error; an
 * empty one is an empty list. Names that are not regular files (a FIFO, a folder) or cannot be
 * opened are left out and said in `skipped`; nothing is ever read from a FIFO. */
int notes_list(const char *dir, NoteList *out, RError *err);
void notes_list_free(NoteList *list);
/* Finds a note by file name, name without ".md", or title (case-insensitive); -1 if absent. */
long notes_find(const NoteList *list, const char *name);
/* Notes whose file name or title starts with prefix (case-insensitive), each listed once:
 * writes up to cap indices to out and returns how many match in all. */
size_t notes_find_prefix(const NoteList *list, const char *prefix, size_t *out, size_t cap);

/* Reads a whole text file (NUL-terminated, *len excludes the NUL). Refuses files over
 * NOTES_MAX_BYTES, files that are not regular files and files containing NUL bytes (binary),
 * with the path in the message. The RAG loader applies the same limit (engine/rag/corpus.c). */
int notes_read(const char *path, char **text, size_t *len, RError *err);

#endif
