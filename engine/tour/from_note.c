/* A tour from a note: each `[text](<pane:NAME ARGS>)` link outside code becomes a scene. */
#include "engine/tour/tour.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/notes.h"
#include "engine/text/utf8.h"
#include "engine/tour/tour_priv.h"

/* Copies s[0..n) into dst (size bytes), cut at a character boundary, control bytes dropped and
 * (with `marks`) Markdown emphasis and code marks removed. */
static void copy_clean(char *dst, size_t size, const char *s, size_t n, bool marks)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        bool skip = cp < 32 || cp == 127 || (marks && (cp == '*' || cp == '`'));
        if (!skip) {
            if (o + k >= size)
                break;
            memcpy(dst + o, s + i, k);
            o += k;
        }
        i += k;
    }
    dst[o] = '\0';
}

/* Splits "NAME ARGS" into the scene's pane, open words and name=value settings. */
static void split_href(TourScene *sc, const char *h, size_t n)
{
    char buf[512];
    copy_clean(buf, sizeof buf, h, n, false);
    char *save = NULL;
    char *tok = strtok_r(buf, " ", &save);
    if (!tok)
        return;
    snprintf(sc->pane, sizeof sc->pane, "%s", tok);
    while ((tok = strtok_r(NULL, " ", &save))) {
        char *eq = strchr(tok, '=');
        if (eq && eq != tok && sc->nsettings < TOUR_MAX_SETTINGS &&
            (size_t)(eq - tok) < TOUR_NAME_MAX) {
            TourSetting *s = &sc->settings[sc->nsettings++];
            snprintf(s->name, sizeof s->name, "%.*s", (int)(eq - tok), tok);
            snprintf(s->value, sizeof s->value, "%s", eq + 1);
        } else if (!eq) {
            size_t used = strlen(sc->open);
            snprintf(sc->open + used, sizeof sc->open - used, "%s%s", used ? " " : "", tok);
        }
    }
}

/* Scans one line (outside fences) for pane links; returns false when the tour is full. */
static bool scan_line(Tour *t, const char *note, const char *s, size_t n, int line)
{
    bool code = false;
    size_t text_start = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '`')
            code = !code;
        if (code)
            continue;
        if (s[i] == '[')
            text_start = i + 1;
        if (s[i] != ']' || text_start == (size_t)-1 || i + 1 >= n || s[i + 1] != '(')
            continue;
        size_t h = i + 2;
        bool angle = h < n && s[h] == '<';
        h += angle;
        if (n - h < 5 || strncmp(s + h, "pane:", 5) != 0) {
            text_start = (size_t)-1;
            continue;
        }
        h += 5;
        size_t e = h;
        while (e < n && s[e] != (angle ? '>' : ')'))
            e++;
        if (t->count >= TOUR_MAX_SCENES)
            return false;
        TourScene *sc = &t->scenes[t->count];
        memset(sc, 0, sizeof *sc);
        split_href(sc, s + h, e - h);
        copy_clean(sc->caption[0], sizeof sc->caption[0], s + text_start, i - text_start, true);
        snprintf(sc->caption[1], sizeof sc->caption[1], "from %s", note);
        sc->duration = TOUR_DEFAULT_SECONDS;
        sc->line = line;
        if (sc->pane[0] && sc->caption[0][0])
            t->count++;
        text_start = (size_t)-1;
        i = e;
    }
    return true;
}

int tour_from_note(const char *name, const char *text, size_t len, Tour *out, RError *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->file, sizeof out->file, "%s", name);
    out->scenes = calloc(TOUR_MAX_SCENES, sizeof *out->scenes);
    if (!out->scenes)
        return rerror_set(err, "out of memory");
    bool fence = false;
    int line = 1;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t k = i;
        while (k < e && k - i < 3 && text[k] == ' ')
            k++;
        if (e - k >= 3 && (strncmp(text + k, "```", 3) == 0 || strncmp(text + k, "~~~", 3) == 0))
            fence = !fence;
        else if (!fence && !scan_line(out, name, text + i, e - i, line))
            break;
        i = e + 1;
        line++;
    }
    if (out->count == 0) {
        tour_free(out);
        return rerror_at(err, name, 0, 0, "no pane links ([text](<pane:NAME …>)) in this note");
    }
    return 0;
}

int tour_load_note(const char *path, Tour *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (tour_need_regular_file(path, err) != 0)
        return -1;
    char *text = NULL;
    size_t len = 0;
    if (notes_read(path, &text, &len, err) != 0)
        return -1;
    const char *base = strrchr(path, '/');
    int rc = tour_from_note(base ? base + 1 : path, text, len, out, err);
    free(text);
    return rc;
}

int tour_open(const char *path, Tour *out, RError *err)
{
    size_t n = strlen(path);
    if (n > 3 && strcmp(path + n - 3, ".md") == 0)
        return tour_load_note(path, out, err);
    return tour_load(path, out, err);
}
