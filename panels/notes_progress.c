/* Reading progress of the Notes pane: a line of a note counts as read once it has been on
 * screen, with the reader in the note, for NOTES_READ_SECONDS. A jump (contents, heading,
 * match, End) shows lines but does not read them; they count only if the reader stays.
 * What was read is kept per note as source-line ranges ("seen": "1-40,80-95") beside the
 * percentage ("pct") that Home shows; a note read to 100% is marked read. */
#include "panels/notes_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/xalloc.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

cJSON *notes_progress_of(NotesPanel *p, const char *name)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(p->progress, name);
    if (!cJSON_IsObject(o)) {
        cJSON_DeleteItemFromObjectCaseSensitive(p->progress, name);
        o = cJSON_AddObjectToObject(p->progress, name);
    }
    return o;
}

static void set_item(cJSON *o, const char *key, cJSON *v)
{
    cJSON_DeleteItemFromObjectCaseSensitive(o, key);
    cJSON_AddItemToObject(o, key, v);
}

void notes_progress_set_read(NotesPanel *p, bool read)
{
    if (p->open >= 0)
        set_item(notes_progress_of(p, p->notes.items[p->open].name), "read", cJSON_CreateBool(read));
}

/* "a-b,c" -> the bits of seen[] (1-based source lines; out-of-range parts ignored). */
static void parse_ranges(const char *s, uint8_t *seen, size_t n)
{
    while (s && *s) {
        char *end;
        unsigned long a = strtoul(s, &end, 10), b = a;
        if (end == s)
            return;
        if (*end == '-')
            b = strtoul(end + 1, &end, 10);
        for (unsigned long i = a; i <= b && i >= 1 && i <= n; i++)
            seen[i - 1] = 1;
        s = *end == ',' ? end + 1 : NULL;
    }
}

static cJSON *format_ranges(const uint8_t *seen, size_t n)
{
    size_t cap = 64, len = 0;
    char *buf = xmalloc(cap);
    buf[0] = '\0';
    for (size_t i = 0; i < n;) {
        if (!seen[i]) {
            i++;
            continue;
        }
        size_t j = i;
        while (j + 1 < n && seen[j + 1])
            j++;
        char part[48];
        int k = j > i ? snprintf(part, sizeof part, "%s%zu-%zu", len ? "," : "", i + 1, j + 1)
                      : snprintf(part, sizeof part, "%s%zu", len ? "," : "", i + 1);
        if (len + (size_t)k + 1 > cap) {
            cap = (len + (size_t)k + 1) * 2;
            buf = xrealloc(buf, cap);
        }
        memcpy(buf + len, part, (size_t)k + 1);
        len += (size_t)k;
        i = j + 1;
    }
    cJSON *v = cJSON_CreateString(buf);
    free(buf);
    return v;
}

void notes_progress_load(NotesPanel *p)
{
    free(p->seen);
    p->seen = NULL;
    p->nsrc = 0;
    p->read_pct = 0;
    p->vis_note = -1;
    if (p->open < 0 || !p->text)
        return;
    size_t n = 1;
    for (const char *c = p->text; *c; c++)
        n += *c == '\n';
    p->nsrc = n;
    p->seen = xcalloc(n, 1);
    cJSON *o = notes_progress_of(p, p->notes.items[p->open].name);
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "seen");
    if (cJSON_IsString(s))
        parse_ranges(s->valuestring, p->seen, n);
    const cJSON *pct = cJSON_GetObjectItemCaseSensitive(o, "pct");
    p->read_pct = cJSON_IsString(s) && cJSON_IsNumber(pct) ? (int)pct->valuedouble : 0;
}

/* Share of the rendered lines whose source line was read. */
static int percent_read(const NotesPanel *p)
{
    size_t n = p->view.lines.count, got = 0;
    if (n == 0 || !p->seen)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t tag = (size_t)p->view.lines.lines[i].tag;
        got += tag >= 1 && tag <= p->nsrc && p->seen[tag - 1];
    }
    return got >= n ? 100 : (int)(got * 100 / n);
}

void notes_progress_settle(NotesPanel *p)
{
    if (p->vis_note < 0 || p->vis_note != p->open || !p->seen || !p->vis_reading)
        return;
    if (now_s() - p->vis_since < NOTES_READ_SECONDS)
        return;
    bool changed = false;
    for (size_t i = p->vis_top; i < p->vis_end && i < p->view.lines.count; i++) {
        size_t tag = (size_t)p->view.lines.lines[i].tag;
        if (tag >= 1 && tag <= p->nsrc && !p->seen[tag - 1]) {
            p->seen[tag - 1] = 1;
            changed = true;
        }
    }
    if (!changed)
        return;
    p->read_pct = percent_read(p);
    cJSON *o = notes_progress_of(p, p->notes.items[p->open].name);
    set_item(o, "seen", format_ranges(p->seen, p->nsrc));
    set_item(o, "pct", cJSON_CreateNumber(p->read_pct));
    if (p->read_pct >= 100)
        set_item(o, "read", cJSON_CreateTrue());
}

void notes_progress_visible(NotesPanel *p)
{
    notes_progress_settle(p);
    size_t top = p->sv.top, end = top + (size_t)p->sv.height;
    if (end > p->view.lines.count)
        end = p->view.lines.count;
    bool reading = p->focus_view || p->list_area.w == 0;
    if (p->vis_note == p->open && p->vis_top == top && p->vis_end == end &&
        p->vis_reading == reading)
        return; /* the same lines stay on screen: their clock keeps running */
    p->vis_note = p->open;
    p->vis_top = top;
    p->vis_end = end;
    p->vis_reading = reading;
    p->vis_since = now_s();
}
