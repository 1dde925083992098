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

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int paths_resolve(const char *what, const char *explicit_dir, const char *var, char *buf,
                  size_t size)
{
    const char *env = var ? getenv(var) : NULL;
    const char *given = explicit_dir ? explicit_dir : (env && *env ? env : NULL);
    if (given) {
        snprintf(buf, size, "%s", given);
        return is_dir(buf) ? 0 : -1;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/../%s", exe, what);
            if (is_dir(buf))
                return 0;
            snprintf(buf, size, "%s/%s", exe, what);
            if (is_dir(buf))
                return 0;
        }
    }
    snprintf(buf, size, "%s/%s", RAMPUP_DATADIR, what);
    return is_dir(buf) ? 0 : -1;
}
