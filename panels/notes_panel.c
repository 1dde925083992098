/* The Notes pane: the list of study notes and a Markdown reader with a table of contents,
 * in-note search, and reading progress that survives restarts. Drawing: notes_panel_draw.c. */
#include "panels/notes_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/notes.h"
#include "engine/text/markdown.h"
#include "panels/registry.h"
#include "tui/app.h"
#include "tui/list.h"
#include "tui/mdview.h"
#include "tui/overlay.h"
#include "tui/scrollview.h"
#include "tui/text.h"
#include "tui/xalloc.h"

enum {
    ACT_OPEN = 1,
    ACT_BACK,
    ACT_TOC,
    ACT_NEXT_MATCH,
    ACT_PREV_MATCH,
    ACT_NEXT_HEADING,
    ACT_PREV_HEADING,
    ACT_MARK_READ,
    ACT_WIDE,
    ACT_FOLLOW_LINK,
    ACT_NEXT_LINK,
    ACT_PREV_LINK,
};

static const KeyBinding notes_keys[] = {
    {'\n', false, ACT_OPEN, "Enter, →", "open the note / jump to the heading"},
    {'\r', false, ACT_OPEN, NULL, NULL},
    {KEY_ENTER, true, ACT_OPEN, NULL, NULL},
    {KEY_RIGHT, true, ACT_OPEN, NULL, NULL},
    {KEY_LEFT, true, ACT_BACK, "←, Esc", "back to the list of notes"},
    {KEY_ESC, false, ACT_BACK, NULL, NULL},
    {'t', false, ACT_TOC, "t", "table of contents"},
    {'n', false, ACT_NEXT_MATCH, "n, N", "next / previous match (search with /)"},
    {'N', false, ACT_PREV_MATCH, NULL, NULL},
    {']', false, ACT_NEXT_HEADING, "], [", "next / previous heading"},
    {'[', false, ACT_PREV_HEADING, NULL, NULL},
    {'m', false, ACT_MARK_READ, "m", "mark the note read / unread"},
    {'z', false, ACT_WIDE, "z", "hide / show the list (wide reading)"},
    {'f', false, ACT_NEXT_LINK, "f, F", "select the next / previous link"},
    {'F', false, ACT_PREV_LINK, NULL, NULL},
    {'o', false, ACT_FOLLOW_LINK, "o", "open the selected link (else the first on screen)"},
};


/* ---- progress (shared with Home) ---- */

static cJSON *progress_of(NotesPanel *p, const char *name)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(p->progress, name);
    if (!cJSON_IsObject(o)) {
        cJSON_DeleteItemFromObjectCaseSensitive(p->progress, name);
        o = cJSON_AddObjectToObject(p->progress, name);
    }
    return o;
}

static void set_number(cJSON *o, const char *key, double v)
{
    cJSON *item = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsNumber(item))
        cJSON_SetNumberValue(item, v);
    else {
        cJSON_DeleteItemFromObjectCaseSensitive(o, key);
        cJSON_AddNumberToObject(o, key, v);
    }
}

static void set_bool(cJSON *o, const char *key, bool v)
{
    cJSON_DeleteItemFromObjectCaseSensitive(o, key);
    cJSON_AddBoolToObject(o, key, v);
}

/* Records how far the reader got; a note read to the end counts as read. */
static void track_progress(NotesPanel *p)
{
    if (p->open < 0 || !p->focus_view)
        return;
    cJSON *o = progress_of(p, p->notes.items[p->open].name);
    int pct = notes_percent_seen(p);
    const cJSON *old = cJSON_GetObjectItemCaseSensitive(o, "pct");
    if (!cJSON_IsNumber(old) || old->valuedouble < pct)
        set_number(o, "pct", pct);
    if (pct >= 100 && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "read")))
        set_bool(o, "read", true);
}

/* ---- loading and layout ---- */

static void clear_search(NotesPanel *p)
{
    free(p->marks);
    p->marks = NULL;
    p->nmarks = 0;
    p->cur_mark = -1;
}

static void render(NotesPanel *p)
{
    size_t src_line = 0;
    if (p->view.lines.count && p->sv.top < p->view.lines.count)
        src_line = (size_t)p->view.lines.lines[p->sv.top].tag;
    mdview_render(&p->view, p->doc, p->view_area.w - 3);
    scroll_init(&p->sv, &p->view.lines);
    scroll_place(&p->sv, p->view_area.h);
    for (size_t i = 0; src_line && i < p->view.lines.count; i++)
        if ((size_t)p->view.lines.lines[i].tag >= src_line) {
            scroll_to(&p->sv, i);
            break;
        }
    if (p->query[0]) {
        clear_search(p);
        p->nmarks = lines_search(&p->view.lines, p->query, &p->marks);
    }
    if (p->link >= 0 && (size_t)p->link < p->view.nlinks) { /* the link moved with the text */
        const MdLinkRef *l = &p->view.links[p->link];
        p->link_mark = (TextMark){l->line, l->off, l->len};
    }
}

static void place(NotesPanel *p)
{
    Rect r = p->area;
    if (p->wide || r.w < 70) {
        p->list_area = rect_make(r.y, r.x, 0, 0);
    } else {
        int lw = r.w / 4 < 22 ? 22 : r.w / 4 > 34 ? 34 : r.w / 4;
        p->list_area = rect_take_left(&r, lw);
        p->list_area.h -= 0;
        rect_take_left(&r, 1);
    }
    /* Wide: keep a readable measure (about 100 columns of text) and show the note's outline
     * in what is left, rather than lines of 160 columns. */
    p->outline_area = rect_make(r.y, r.x, 0, 0);
    if (r.w >= 136) {
        int vw = 104, ow = r.w - vw - 2;
        if (ow > 64)
            ow = 64;
        Rect rest = r;
        r = rect_take_left(&rest, r.w - ow - 2);
        rect_take_left(&rest, 2);
        p->outline_area = rest;
    }
    p->head_area = rect_take_top(&r, 1);
    rect_take_top(&r, 1);
    p->view_area = r;
    list_place(&p->list, rect_make(p->list_area.y + 1, p->list_area.x, p->list_area.h - 1,
                                   p->list_area.w));
}

static void open_note(NotesPanel *p, long i, size_t src_line)
{
    if (i < 0 || (size_t)i >= p->notes.count)
        return;
    free(p->text);
    md_free(p->doc);
    p->text = NULL;
    p->doc = NULL;
    p->error[0] = '\0';
    clear_search(p);
    p->link = -1;
    p->open = i;
    size_t len;
    RError err;
    if (notes_read(p->notes.items[i].path, &p->text, &len, &err) != 0 ||
        md_parse(p->text, len, &p->doc, &err) != 0) {
        rerror_format(&err, p->error, sizeof p->error);
        app_status(p->app, STATUS_ERROR, "%s", p->error);
    }
    mdview_render(&p->view, p->doc, p->view_area.w - 3);
    scroll_init(&p->sv, &p->view.lines);
    scroll_place(&p->sv, p->view_area.h);
    for (size_t k = 0; src_line && k < p->view.lines.count; k++)
        if ((size_t)p->view.lines.lines[k].tag >= src_line) {
            scroll_to(&p->sv, k);
            break;
        }
    if (p->query[0])
        p->nmarks = lines_search(&p->view.lines, p->query, &p->marks);
    list_select(&p->list, (int)i);
}

/* Saved position of a note: the source line at the top of the view. */
static size_t saved_line(NotesPanel *p, const char *name)
{
    cJSON *st = app_pane_state(p->app, notes_panel.name);
    cJSON *pos = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "positions"), name);
    return cJSON_IsNumber(pos) && pos->valuedouble > 0 ? (size_t)pos->valuedouble : 0;
}

static void remember_position(NotesPanel *p)
{
    if (p->open < 0 || p->sv.top >= p->view.lines.count)
        return;
    cJSON *st = app_pane_state(p->app, notes_panel.name);
    cJSON *pos = cJSON_GetObjectItemCaseSensitive(st, "positions");
    if (!cJSON_IsObject(pos)) {
        cJSON_DeleteItemFromObjectCaseSensitive(st, "positions");
        pos = cJSON_AddObjectToObject(st, "positions");
    }
    set_number(pos, p->notes.items[p->open].name, p->view.lines.lines[p->sv.top].tag);
}

static void *notes_create(App *app, const cJSON *saved)
{
    NotesPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    p->progress = app_shared_state(app, "progress");
    p->open = -1;
    p->cur_mark = -1;
    p->link = -1;
    mdview_init(&p->view);
    scroll_init(&p->sv, &p->view.lines);
    RError err;
    if (notes_list(app_notes_dir(app), &p->notes, &err) != 0) {
        rerror_format(&err, p->error, sizeof p->error);
        app_status(app, STATUS_ERROR, "%s", p->error);
    }
    list_init(&p->list, (int)p->notes.count);
    const cJSON *st = saved;
    const cJSON *wide = cJSON_GetObjectItemCaseSensitive(st, "wide");
    p->wide = cJSON_IsTrue(wide);
    const cJSON *last = cJSON_GetObjectItemCaseSensitive(st, "open");
    long i = cJSON_IsString(last) ? notes_find(&p->notes, last->valuestring) : -1;
    if (i >= 0)
        list_select(&p->list, (int)i);
    return p;
}

static void notes_destroy(void *st)
{
    NotesPanel *p = st;
    if (!p)
        return;
    notes_list_free(&p->notes);
    free(p->text);
    md_free(p->doc);
    mdview_free(&p->view);
    clear_search(p);
    free(p);
}

static void notes_resize(void *st, Rect area)
{
    NotesPanel *p = st;
    p->area = area;
    place(p);
    if (p->open < 0 && p->notes.count)
        open_note(p, p->list.sel, saved_line(p, p->notes.items[p->list.sel].name));
    else
        render(p);
}

/* ---- keys ---- */

static void open_toc(NotesPanel *p)
{
    if (!p->view.nheadings)
        return;
    int h = (int)p->view.nheadings + 2;
    int wdt = 20;
    for (size_t i = 0; i < p->view.nheadings; i++) {
        int tw = text_width(p->view.headings[i].text, (size_t)-1) + (p->view.headings[i].level - 1) * 2 + 4;
        if (tw > wdt)
            wdt = tw;
    }
    p->toc_box = rect_center(p->area, h, wdt > 70 ? 70 : wdt);
    list_init(&p->toc, (int)p->view.nheadings);
    list_place(&p->toc, rect_inset(p->toc_box, 1, 1));
    long cur = mdview_heading_at(&p->view, p->sv.top);
    list_select(&p->toc, cur < 0 ? 0 : (int)cur);
    p->toc_open = true;
}

static void goto_line(NotesPanel *p, size_t line)
{
    scroll_to(&p->sv, line);
    p->focus_view = true;
    track_progress(p);
}

static bool key_toc(NotesPanel *p, const KeyEvent *ev)
{
    if (key_is_escape(ev) || key_is(ev, 't') || key_is(ev, 'q')) {
        p->toc_open = false;
    } else if (key_is_enter(ev)) {
        p->toc_open = false;
        goto_line(p, p->view.headings[p->toc.sel].line);
    } else {
        list_key(&p->toc, ev);
    }
    return true;
}

static void jump_match(NotesPanel *p, int dir)
{
    if (!p->nmarks) {
        app_status(p->app, STATUS_WARN, p->query[0] ? "no match for '%s'" : "search first with /%s", p->query);
        return;
    }
    long n = (long)p->nmarks;
    if (p->cur_mark < 0) {
        /* First jump: the first match at or after the top of the view. */
        long k = 0;
        while (k < n && p->marks[k].line < p->sv.top)
            k++;
        p->cur_mark = dir > 0 ? k % n : (k - 1 + n) % n;
    } else {
        p->cur_mark = (p->cur_mark + dir + n) % n;
    }
    scroll_show(&p->sv, p->marks[p->cur_mark].line);
    track_progress(p);
}

static void jump_heading(NotesPanel *p, int dir)
{
    long cur = mdview_heading_at(&p->view, p->sv.top);
    long next = cur + dir;
    if (dir > 0 && cur >= 0 && p->view.headings[cur].line > p->sv.top)
        next = cur;
    if (next < 0 || (size_t)next >= p->view.nheadings)
        return;
    goto_line(p, p->view.headings[next].line);
}

static bool link_visible(const NotesPanel *p, long i)
{
    size_t line = p->view.links[i].line;
    return line >= p->sv.top && line < p->sv.top + (size_t)p->sv.height;
}

static void select_link(NotesPanel *p, long i)
{
    p->link = i;
    if (i < 0)
        return;
    const MdLinkRef *l = &p->view.links[i];
    p->link_mark = (TextMark){l->line, l->off, l->len};
    scroll_show(&p->sv, l->line);
    if (strncmp(l->href, "pane:", 5) == 0)
        app_status(p->app, STATUS_INFO, "link %ld/%zu: %s (o opens it)", i + 1, p->view.nlinks,
                   l->href);
    else
        app_status(p->app, STATUS_INFO, "link %ld/%zu: %s", i + 1, p->view.nlinks, l->href);
}

/* f / F: the next link on screen, else the next one below (or above) it, cycling. */
static void step_link(NotesPanel *p, int dir)
{
    long n = (long)p->view.nlinks;
    if (n == 0) {
        app_status(p->app, STATUS_INFO, "this note has no links");
        return;
    }
    if (p->link >= 0 && p->link < n && link_visible(p, p->link)) {
        select_link(p, (p->link + dir + n) % n);
        return;
    }
    long pick = -1;
    for (long k = 0; k < n; k++) { /* first visible (dir > 0) or last visible (dir < 0) */
        long i = dir > 0 ? k : n - 1 - k;
        if (link_visible(p, i)) {
            pick = i;
            break;
        }
    }
    for (long k = 0; pick < 0 && k < n; k++) { /* else the nearest beyond the screen */
        long i = dir > 0 ? k : n - 1 - k;
        if (dir > 0 ? p->view.links[i].line >= p->sv.top : p->view.links[i].line < p->sv.top)
            pick = i;
    }
    select_link(p, pick >= 0 ? pick : (dir > 0 ? 0 : n - 1));
}

/* o: the selected link when it is on screen, else the first pane link on screen. */
static void follow_link(NotesPanel *p)
{
    long pick = p->link >= 0 && (size_t)p->link < p->view.nlinks && link_visible(p, p->link)
                    ? p->link : -1;
    for (size_t i = 0; pick < 0 && i < p->view.nlinks; i++)
        if (link_visible(p, (long)i) && strncmp(p->view.links[i].href, "pane:", 5) == 0)
            pick = (long)i;
    if (pick < 0) {
        app_status(p->app, STATUS_INFO, "no pane link on screen (f selects links)");
        return;
    }
    const char *href = p->view.links[pick].href;
    if (strncmp(href, "pane:", 5) != 0) {
        app_status(p->app, STATUS_INFO, "%s is outside rampup (it works offline)", href);
        return;
    }
    char name[64];
    const char *arg = strchr(href + 5, ' ');
    snprintf(name, sizeof name, "%.*s", (int)(arg ? arg - (href + 5) : (long)strlen(href + 5)),
             href + 5);
    app_open_pane(p->app, name, arg ? arg + 1 : NULL);
}

static PaneResult notes_key(void *st, const KeyEvent *ev)
{
    NotesPanel *p = st;
    if (p->toc_open)
        return key_toc(p, ev);
    int act = keymap_action(notes_keys, sizeof notes_keys / sizeof notes_keys[0], ev);
    switch (act) {
    case ACT_OPEN:
        if (p->focus_view && p->link >= 0) {
            follow_link(p);
            return PANE_HANDLED;
        }
        if (!p->focus_view && p->notes.count) {
            if (p->open != p->list.sel)
                open_note(p, p->list.sel, saved_line(p, p->notes.items[p->list.sel].name));
            p->focus_view = true;
            track_progress(p);
        }
        return PANE_HANDLED;
    case ACT_BACK:
        if (!p->focus_view || rect_empty(p->list_area))
            return PANE_IGNORED;
        remember_position(p);
        p->focus_view = false;
        return PANE_HANDLED;
    case ACT_TOC: open_toc(p); return PANE_HANDLED;
    case ACT_NEXT_MATCH: jump_match(p, 1); return PANE_HANDLED;
    case ACT_PREV_MATCH: jump_match(p, -1); return PANE_HANDLED;
    case ACT_NEXT_HEADING: jump_heading(p, 1); return PANE_HANDLED;
    case ACT_PREV_HEADING: jump_heading(p, -1); return PANE_HANDLED;
    case ACT_WIDE:
        p->wide = !p->wide;
        place(p);
        render(p);
        if (rect_empty(p->list_area))
            p->focus_view = true;
        return PANE_HANDLED;
    case ACT_FOLLOW_LINK: follow_link(p); return PANE_HANDLED;
    case ACT_NEXT_LINK: step_link(p, 1); return PANE_HANDLED;
    case ACT_PREV_LINK: step_link(p, -1); return PANE_HANDLED;
    case ACT_MARK_READ:
        if (p->open >= 0) {
            bool read = !notes_is_read(p, (size_t)p->open);
            set_bool(progress_of(p, p->notes.items[p->open].name), "read", read);
            app_status(p->app, STATUS_INFO, "%s marked %s", p->notes.items[p->open].title,
                       read ? "read" : "unread");
        }
        return PANE_HANDLED;
    default: break;
    }
    if (p->focus_view || rect_empty(p->list_area)) {
        if (key_is_click(ev) && rect_contains(p->list.area, ev->mouse_y, ev->mouse_x)) {
            p->focus_view = false;
        } else {
            if (!scroll_key(&p->sv, ev))
                return PANE_IGNORED;
            p->focus_view = true;
            track_progress(p);
            return PANE_HANDLED;
        }
    }
    int before = p->list.sel;
    if (!list_key(&p->list, ev))
        return PANE_IGNORED;
    if (p->list.sel != before && p->list.sel >= 0) {
        remember_position(p);
        open_note(p, p->list.sel, saved_line(p, p->notes.items[p->list.sel].name));
    }
    if (key_is_click(ev))
        p->focus_view = false;
    return PANE_HANDLED;
}

static bool notes_search(void *st, const char *query, int dir)
{
    NotesPanel *p = st;
    snprintf(p->query, sizeof p->query, "%s", query);
    clear_search(p);
    p->nmarks = lines_search(&p->view.lines, p->query, &p->marks);
    if (!p->nmarks)
        return query[0] == '\0';
    p->focus_view = true;
    jump_match(p, dir < 0 ? -1 : 1);
    return true;
}

/* arg: "name.md", "name", or "name.md#Heading text". */
static bool notes_open(void *st, const char *arg)
{
    NotesPanel *p = st;
    char name[256];
    snprintf(name, sizeof name, "%s", arg);
    char *hash = strchr(name, '#');
    if (hash)
        *hash++ = '\0';
    long i = notes_find(&p->notes, name);
    if (i < 0) {
        app_status(p->app, STATUS_ERROR, "no note called '%s'", name);
        return false;
    }
    remember_position(p);
    open_note(p, i, 0);
    p->focus_view = true;
    if (hash && *hash) {
        long h = mdview_find_heading(&p->view, hash);
        if (h >= 0)
            goto_line(p, p->view.headings[h].line);
        else
            app_status(p->app, STATUS_WARN, "no heading '%s' in %s", hash, p->notes.items[i].name);
    }
    return true;
}

static void notes_save(const void *st, cJSON *state)
{
    NotesPanel *p = (NotesPanel *)st;
    remember_position(p);
    cJSON_DeleteItemFromObjectCaseSensitive(state, "open");
    if (p->open >= 0)
        cJSON_AddStringToObject(state, "open", p->notes.items[p->open].name);
    cJSON_DeleteItemFromObjectCaseSensitive(state, "wide");
    cJSON_AddBoolToObject(state, "wide", p->wide);
}

const PanelClass notes_panel = {
    .name = "notes",
    .title = "Notes",
    .summary = "the study notes, with contents, search and reading progress",
    .keys = notes_keys,
    .nkeys = sizeof notes_keys / sizeof notes_keys[0],
    .create = notes_create,
    .destroy = notes_destroy,
    .resize = notes_resize,
    .draw = notes_panel_draw,
    .key = notes_key,
    .search = notes_search,
    .open = notes_open,
    .save = notes_save,
};
