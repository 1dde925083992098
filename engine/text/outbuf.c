/* The snprintf-style text builder. */
#include "engine/text/outbuf.h"

#include <stdarg.h>
#include <stdio.h>

OutBuf outbuf_make(char *buf, size_t size)
{
    if (buf && size)
        buf[0] = '\0';
    return (OutBuf){buf, size, 0};
}

void outbuf_printf(OutBuf *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
                      o->len < o->size ? o->size - o->len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}
