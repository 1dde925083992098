/* Note listing and reading. */
#include "engine/notes.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/fileio.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(((const Note *)a)->name, ((const Note *)b)->name);
}

/* Title: the first ATX level-1 heading in the first 4 KiB, else the file name sans ".md". */
static void read_title(Note *n)
{
    snprintf(n->title, sizeof n->title, "%.*s", (int)(strlen(n->name) - 3), n->name);
    FILE *f = fileio_fopen(n->path, NULL);
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

/* Remembers why a file was left out; false on memory exhaustion. */
static bool add_skipped(NoteList *out, const RError *why)
{
    char **grown = realloc(out->skipped, (out->nskipped + 1) * sizeof *grown);
    if (!grown)
        return false;
    out->skipped = grown;
    char buf[800], msg[820];
    rerror_format(why, buf, sizeof buf);
    snprintf(msg, sizeof msg, "%s, skipped", buf);
    if (!(out->skipped[out->nskipped] = strdup(msg)))
        return false;
    out->nskipped++;
    return true;
}

int notes_list(const char *dir, NoteList *out, RError *err)
{
    memset(out, 0, sizeof *out);
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
        RError why;
        int fd = fileio_open(n->path, &why); /* a FIFO or a folder named *.md is skipped */
        if (fd < 0) {
            if (!add_skipped(out, &why)) {
                closedir(d);
                notes_list_free(out);
                return rerror_set(err, "out of memory");
            }
            continue;
        }
        struct stat st;
        n->bytes = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
        close(fd);
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
    for (size_t i = 0; i < list->nskipped; i++)
        free(list->skipped[i]);
    free(list->skipped);
    list->skipped = NULL;
    list->nskipped = 0;
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
    if (fileio_read(path, NOTES_MAX_BYTES, text, len, err) != 0)
        return -1;
    if (memchr(*text, '\0', *len)) {
        free(*text);
        *text = NULL;
        *len = 0;
        return rerror_at(err, path, 0, 0, "not a text file (it contains NUL bytes)");
    }
    return 0;
}
