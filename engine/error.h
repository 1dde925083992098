/* RError: how every fallible engine call reports what went wrong and where. */
#ifndef RAMPUP_ENGINE_ERROR_H
#define RAMPUP_ENGINE_ERROR_H

#include <stddef.h>

/* Filled by the callee, owned by the caller (usually on its stack). `file` is empty and
 * line/col are 0 when no file is at fault. */
typedef struct RError {
    char msg[512];
    char file[256];
    int line; /* 1-based; 0 = unknown */
    int col;  /* 1-based; 0 = unknown */
} RError;

/* Sets the message (printf-style) with no location. Returns -1 so callers can
 * `return rerror_set(err, ...)`. Accepts err == NULL. */
int rerror_set(RError *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets the message with a file location. Returns -1. Accepts err == NULL. */
int rerror_at(RError *err, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Writes "file:line:col: msg" (or just "msg") into buf, snprintf-style. */
int rerror_format(const RError *err, char *buf, size_t size);

/* Clears err to "no error". */
void rerror_clear(RError *err);

#endif
