/* Note listing and reading. */
#include "engine/notes.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(((const Note *)a)->name, ((const Note *)b)->name);
}

/* Title: the first ATX level-1 heading in the first 4 KiB, else the file name sans ".md". */
static void read_title(Note *n)
{
    snprintf(n->title, sizeof n->title, "%.*s", (int)(strlen(n->name) - 3), n->name);
    FILE *f = fopen(n->path, "r");
    if (!f)
        return;
    char line[512];
    for (int i = 0; i < 64 && fgets(line, sizeof line, f); i++) {
        if (line[0] == '#' && line[1] == ' ') {
            char *s = line + 2;
            s[strcspn(s, "\r\n")] = '\0';
            for (char *p = s; *p; p++) /* never let control bytes into a title */
                if ((unsigned char)*p < 0x20 || *p == 0x7f)
                    *p = ' ';
            snprintf(n->title, sizeof n->title, "%s", s);
            break;
        }
    }
    fclose(f);
}

int notes_list(const char *dir, NoteList *out, RError *err)
{
    out->items = NULL;
    out->count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return rerror_at(err, dir, 0, 0, "cannot open notes folder: %s", strerror(errno));
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 4 || len >= sizeof out->items[0].name ||
            strcmp(e->d_name + len - 3, ".md") != 0)
            continue;
        if (out->count == cap) {
            cap = cap ? cap * 2 : 16;
            Note *grown = realloc(out->items, cap * sizeof *grown);
            if (!grown) {
                closedir(d);
                notes_list_free(out);
                return rerror_set(err, "out of memory");
            }
            out->items = grown;
        }
        Note *n = &out->items[out->count];
        memset(n, 0, sizeof *n);
        snprintf(n->name, sizeof n->name, "%s", e->d_name);
        snprintf(n->path, sizeof n->path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(n->path, "rb");
        if (!f)
            continue; /* unreadable: skipped */
        if (fseek(f, 0, SEEK_END) == 0) {
            long sz = ftell(f);
            n->bytes = sz > 0 ? (size_t)sz : 0;
        }
        fclose(f);
        read_title(n);
        out->count++;
    }
    closedir(d);
    if (out->count)
        qsort(out->items, out->count, sizeof *out->items, by_name);
    return 0;
}

void notes_list_free(NoteList *list)
{
    if (!list)
        return;
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

long notes_find(const NoteList *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++) {
        const Note *n = &list->items[i];
        size_t stem = strlen(n->name) - 3;
        if (strcasecmp(n->name, name) == 0 || strcasecmp(n->title, name) == 0 ||
            (strlen(name) == stem && strncasecmp(n->name, name, stem) == 0))
            return (long)i;
    }
    return -1;
}

size_t notes_find_prefix(const NoteList *list, const char *prefix, size_t *out, size_t cap)
{
    size_t n = 0, plen = strlen(prefix);
    if (plen == 0)
        return 0;
    for (size_t i = 0; i < list->count; i++) {
        const Note *nt = &list->items[i];
        if (strncasecmp(nt->name, prefix, plen) != 0 && strncasecmp(nt->title, prefix, plen) != 0)
            continue;
        if (n < cap)
            out[n] = i;
        n++;
    }
    return n;
}

int notes_read(const char *path, char **text, size_t *len, RError *err)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return rerror_at(err, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            return rerror_at(err, path, 0, 0, "out of memory");
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > NOTES_MAX_BYTES) {
            free(buf);
            fclose(f);
            return rerror_at(err, path, 0, 0, "file is larger than %u MiB", NOTES_MAX_BYTES >> 20);
        }
        if (got == 0)
            break;
        if (n + 1 == cap) {
            cap *= 2;
            char *grown = realloc(buf, cap);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return rerror_at(err, path, 0, 0, "read error");
    }
    if (memchr(buf, '\0', n)) {
        free(buf);
        return rerror_at(err, path, 0, 0, "not a text file (it contains NUL bytes)");
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}
