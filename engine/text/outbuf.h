/* A snprintf-style text builder: appends into a caller's buffer, truncating safely, and
 * counts the length the whole text needs (call once with size 0 to size the buffer). */
#ifndef RAMPUP_ENGINE_TEXT_OUTBUF_H
#define RAMPUP_ENGINE_TEXT_OUTBUF_H

#include <stddef.h>

typedef struct OutBuf {
    char *buf;   /* borrowed; may be NULL when size is 0 */
    size_t size; /* bytes of buf */
    size_t len;  /* bytes the text needs so far (may exceed size) */
} OutBuf;

/* An empty builder on buf (NUL-terminated at once when size > 0). */
OutBuf outbuf_make(char *buf, size_t size);
/* Appends printf-style; the text stays NUL-terminated within size. */
void outbuf_printf(OutBuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
