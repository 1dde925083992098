/* Allocation for the UI layer: out of memory is fatal here (the screen cannot go on without
 * memory), so these restore the terminal and exit instead of returning NULL. */
#ifndef RAMPUP_TUI_XALLOC_H
#define RAMPUP_TUI_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Restores the terminal, prints "rampup: <msg>" and exits with status 1. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
