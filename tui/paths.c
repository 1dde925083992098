/* Data folder resolution. */
#include "tui/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RAMPUP_DATADIR
#define RAMPUP_DATADIR "/usr/local/share/rampup"
#endif

/* True when p is a folder; then p is made canonical (no "build/../") when it fits. */
static int is_dir(char *p, size_t size)
{
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    char real[PATH_MAX];
    if (realpath(p, real) && strlen(real) < size)
        memcpy(p, real, strlen(real) + 1);
    return 1;
}

int paths_resolve(const char *what, const char *explicit_dir, const char *var, char *buf,
                  size_t size)
{
    const char *env = var ? getenv(var) : NULL;
    const char *given = explicit_dir ? explicit_dir : (env && *env ? env : NULL);
    if (given) {
        snprintf(buf, size, "%s", given);
        struct stat st;
        return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1; /* keep the user's spelling */
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/../%s", exe, what);
            if (is_dir(buf, size))
                return 0;
            snprintf(buf, size, "%s/%s", exe, what);
            if (is_dir(buf, size))
                return 0;
            /* An installed tree: <prefix>/bin/rampup and <prefix>/share/rampup/<what>, whatever
             * PREFIX the binary was compiled with (relocatable, DESTDIR-friendly). */
            snprintf(buf, size, "%s/../share/rampup/%s", exe, what);
            if (is_dir(buf, size))
                return 0;
        }
    }
    snprintf(buf, size, "%s/%s", RAMPUP_DATADIR, what);
    return is_dir(buf, size) ? 0 : -1;
}
