/* RError helpers: message formatting with an optional file location. */
#include "engine/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int rerror_set(RError *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->file[0] = '\0';
    err->line = err->col = 0;
    return -1;
}

int rerror_at(RError *err, const char *file, int line, int col, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    return -1;
}

int rerror_format(const RError *err, char *buf, size_t size)
{
    if (!err->file[0])
        return snprintf(buf, size, "%s", err->msg);
    if (err->line > 0 && err->col > 0)
        return snprintf(buf, size, "%s:%d:%d: %s", err->file, err->line, err->col, err->msg);
    if (err->line > 0)
        return snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
    return snprintf(buf, size, "%s: %s", err->file, err->msg);
}

void rerror_clear(RError *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}
