/* Regular-file-only opens and bounded whole-file reads (see fileio.h). */
#include "engine/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? "a folder" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "an unknown kind";
}

void fileio_size_text(size_t bytes, char *buf, size_t size)
{
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        snprintf(buf, size, "%zu MiB", bytes >> 20);
    else if (bytes >= 1024 && bytes % 1024 == 0)
        snprintf(buf, size, "%zu KiB", bytes >> 10);
    else
        snprintf(buf, size, "%zu B", bytes);
}

int fileio_open(const char *path, RError *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        rerror_at(err, path, 0, 0, "cannot open: %s", strerror(e));
        errno = e;
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        rerror_at(err, path, 0, 0, "cannot open: %s", strerror(e));
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        rerror_at(err, path, 0, 0, "not a regular file (%s)", kind(st.st_mode));
        errno = EINVAL;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

FILE *fileio_fopen(const char *path, RError *err)
{
    int fd = fileio_open(path, err);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        rerror_at(err, path, 0, 0, "cannot open: %s", strerror(e));
        errno = e;
    }
    return f;
}

int fileio_read(const char *path, size_t max, char **text, size_t *len, RError *err)
{
    *text = NULL;
    *len = 0;
    int fd = fileio_open(path, err);
    if (fd < 0)
        return -1;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) == 0 && st.st_size > 0 && (unsigned long long)st.st_size > max)
        e = EFBIG; /* refused before a byte is read */
    size_t cap = e == 0 && st.st_size > 0 ? (size_t)st.st_size + 2 : 4096;
    size_t n = 0;
    char *buf = e ? NULL : malloc(cap);
    const char *why = NULL;
    while (buf) {
        if (n + 1 >= cap) {
            if (cap > max) { /* more than max bytes are there: refuse */
                e = EFBIG;
                break;
            }
            size_t nc = cap * 2 > max + 2 ? max + 2 : cap * 2;
            char *nb = realloc(buf, nc);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap = nc;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            e = errno;
            why = strerror(e);
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (!buf && !e) {
        errno = ENOMEM;
        return rerror_at(err, path, 0, 0, "out of memory");
    }
    if (e == 0 && n > max)
        e = EFBIG;
    if (e) {
        free(buf); /* NULL when refused up front */
        if (e == EFBIG) {
            char lim[32];
            fileio_size_text(max, lim, sizeof lim);
            rerror_at(err, path, 0, 0, "file is larger than %s", lim);
        } else {
            rerror_at(err, path, 0, 0, "read error: %s", why);
        }
        errno = e;
        return -1;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}
