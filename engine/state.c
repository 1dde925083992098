/* User state file: load (moving a corrupt file aside) and atomic save (temp file in the same
 * folder, fsync, rename, fsync of the folder). */
#include "engine/state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/fileio.h"

#define STATE_FILE "state.json"
#define STATE_MAX_BYTES (64u << 20) /* a state file larger than this is treated as corrupt */

int state_dir(char *buf, size_t size)
{
    /* XDG Base Directory spec 0.8: a relative $XDG_STATE_HOME is invalid and ignored. */
    const char *xdg = getenv("XDG_STATE_HOME");
    if (xdg && xdg[0] == '/')
        return snprintf(buf, size, "%s/rampup", xdg);
    const char *home = getenv("HOME");
    if (home && home[0])
        return snprintf(buf, size, "%s/.local/state/rampup", home);
    if (size)
        buf[0] = '\0';
    return -1;
}

static int join(char *buf, size_t size, const char *dir, const char *name, RError *err)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        return rerror_set(err, "state path too long: %s/%s", dir, name);
    return 0;
}

/* Reads the whole file; 1 = read, 0 = not found, -1 = error. A FIFO or a folder named
 * state.json is an error (never read: it would block). */
static int read_file(const char *path, char **out, size_t *len, int *too_big, RError *err)
{
    *too_big = 0;
    if (fileio_read(path, STATE_MAX_BYTES, out, len, err) == 0)
        return 1;
    if (errno == ENOENT)
        return 0;
    if (errno == EFBIG) {
        *too_big = 1;
        *out = NULL;
        *len = 0;
        return 1;
    }
    return -1;
}

/* Removes state.json.tmp-<pid> files left by a save that was killed (SIGKILL, power loss):
 * only those whose process is gone, so a save running in another rampup is left alone. */
static void clean_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    const char prefix[] = STATE_FILE ".tmp-";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix, sizeof prefix - 1) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + sizeof prefix - 1, &end, 10);
        if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not ours, or its process still runs */
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

/* 1-based line and column of byte offset off in text. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

int state_load(const char *dir, cJSON **out, char *warning, size_t wsize, RError *err)
{
    *out = NULL;
    if (warning && wsize)
        warning[0] = '\0';
    char path[4096];
    if (join(path, sizeof path, dir, STATE_FILE, err) < 0)
        return -1;
    clean_stale_temps(dir);
    char *text = NULL;
    size_t len = 0;
    int too_big = 0;
    int rc = read_file(path, &text, &len, &too_big, err);
    if (rc < 0)
        return -1;
    cJSON *obj = NULL;
    char why[160] = "";
    if (rc == 0) {
        obj = cJSON_CreateObject();
    } else if (too_big) {
        snprintf(why, sizeof why, "larger than %u MiB", STATE_MAX_BYTES >> 20);
    } else {
        const char *end = NULL;
        obj = cJSON_ParseWithLengthOpts(text, len, &end, 0);
        if (!obj) {
            int line, col;
            size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
            line_col(text, off, &line, &col);
            snprintf(why, sizeof why, "invalid JSON at %d:%d", line, col);
        } else if (!cJSON_IsObject(obj)) {
            snprintf(why, sizeof why, "not a JSON object");
            cJSON_Delete(obj);
            obj = NULL;
        }
    }
    free(text);
    if (why[0]) {
        /* Move the corrupt file aside under a name that does not exist yet. */
        char aside[4200];
        long long now = (long long)time(NULL);
        int moved = 0;
        for (int k = 0; k < 100 && !moved; k++) {
            if (k == 0)
                snprintf(aside, sizeof aside, "%s.corrupt-%lld", path, now);
            else
                snprintf(aside, sizeof aside, "%s.corrupt-%lld-%d", path, now, k);
            if (access(aside, F_OK) == 0)
                continue;
            if (rename(path, aside) != 0)
                return rerror_at(err, path, 0, 0,
                                 "state file is corrupt (%s) and could not be moved aside: %s",
                                 why, strerror(errno));
            moved = 1;
        }
        if (!moved)
            return rerror_at(err, path, 0, 0, "state file is corrupt (%s); no free name to move it to",
                             why);
        if (warning && wsize)
            snprintf(warning, wsize, "%s was corrupt (%s); moved to %s and started from defaults",
                     path, why, aside);
        obj = cJSON_CreateObject();
    }
    if (!obj)
        return rerror_set(err, "out of memory");
    *out = obj;
    return 0;
}

/* mkdir -p with mode 0700 for created folders. */
static int make_dirs(const char *dir, RError *err)
{
    char buf[4096];
    int n = snprintf(buf, sizeof buf, "%s", dir);
    if (n < 0 || (size_t)n >= sizeof buf)
        return rerror_set(err, "state folder path too long");
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return rerror_at(err, buf, 0, 0, "cannot create state folder: %s", strerror(errno));
        struct stat st;
        if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
            return rerror_at(err, buf, 0, 0, "cannot create state folder: Not a directory");
        *p = saved;
        if (saved == '\0')
            break;
    }
    return 0;
}

static int write_all(int fd, const char *s, size_t len)
{
    while (len) {
        ssize_t w = write(fd, s, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        s += w;
        len -= (size_t)w;
    }
    return 0;
}

int state_save(const char *dir, const cJSON *state, RError *err)
{
    if (!dir || !dir[0] || !state)
        return rerror_set(err, "state_save: no folder or no state");
    if (make_dirs(dir, err) < 0)
        return -1;
    char path[4096], tmp[4200];
    if (join(path, sizeof path, dir, STATE_FILE, err) < 0)
        return -1;
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    char *text = cJSON_Print(state);
    if (!text)
        return rerror_set(err, "out of memory");
    size_t len = strlen(text);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        free(text);
        return rerror_at(err, tmp, 0, 0, "cannot write state: %s", strerror(e));
    }
    int failed = write_all(fd, text, len) < 0 || write_all(fd, "\n", 1) < 0 || fsync(fd) != 0;
    int e = errno;
    free(text);
    if (close(fd) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        unlink(tmp);
        return rerror_at(err, tmp, 0, 0, "cannot write state: %s", strerror(e));
    }
    if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        return rerror_at(err, path, 0, 0, "cannot replace state file: %s", strerror(e));
    }
    /* Make the rename itself durable. */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}
