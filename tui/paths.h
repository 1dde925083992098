/* Where content/ and notes/ are: an explicit option or variable, else next to the binary
 * (a build tree: build/rampup -> ./content), else the installed data folder. */
#ifndef RAMPUP_TUI_PATHS_H
#define RAMPUP_TUI_PATHS_H

#include <stddef.h>

/* Resolves `what` ("content" or "notes"): explicit (may be NULL), then getenv(var) (may be
 * NULL), then <exe dir>/../<what>, <exe dir>/<what>, <exe dir>/../share/rampup/<what>, then
 * RAMPUP_DATADIR/<what>. Writes the
 * path into buf; returns 0, or -1 when none exists (buf then holds the installed path). */
int paths_resolve(const char *what, const char *explicit_dir, const char *var, char *buf,
                  size_t size);

#endif
