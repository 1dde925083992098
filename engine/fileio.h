/* Opening and reading input files safely: regular files only (a FIFO, a device or a folder
 * named like a note must never block or be read), and never more than a stated size. */
#ifndef RAMPUP_ENGINE_FILEIO_H
#define RAMPUP_ENGINE_FILEIO_H

#include <stddef.h>
#include <stdio.h>

#include "engine/error.h"

/* Opens path read-only if it is a regular file. The open itself uses O_NONBLOCK (opening a
 * FIFO with no writer would otherwise block forever), fstat then rejects anything that is
 * not a regular file ("not a regular file (a FIFO)"), and O_NONBLOCK is cleared again.
 * Returns the descriptor, or -1 with err set and errno kept (ENOENT for a missing file). */
int fileio_open(const char *path, RError *err);

/* The same, as a stdio stream ("rb"); NULL with err set and errno kept. */
FILE *fileio_fopen(const char *path, RError *err);

/* Reads a whole regular file of at most max bytes into a new NUL-terminated buffer (*len
 * excludes the NUL). A larger file is refused, not truncated: "file is larger than 8 MiB".
 * Returns 0, or -1 with err set (path in err->file) and errno kept; errno is EFBIG for a file
 * over max. */
int fileio_read(const char *path, size_t max, char **text, size_t *len, RError *err);

/* "8 MiB", "512 KiB", "100 B": a limit as README.md and the messages state it. */
void fileio_size_text(size_t bytes, char *buf, size_t size);

#endif
