/* The Home pane: what rampup is, the topics (one line a pane), the keys, and reading progress.
 * A small worked example of a pane: text is built in resize/show, draw only blits it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/notes.h"
#include "panels/registry.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/scrollview.h"
#include "tui/text.h"
#include "tui/xalloc.h"

enum { ACT_OPEN_TOPIC = 1 };

static const KeyBinding home_keys[] = {
    {'\n', false, ACT_OPEN_TOPIC, "Enter", "open the selected topic"},
    {'\r', false, ACT_OPEN_TOPIC, NULL, NULL},
    {KEY_ENTER, true, ACT_OPEN_TOPIC, NULL, NULL},
};

typedef struct HomePanel {
    App *app;      /* borrowed */
    TextLines text; /* owned; rebuilt on resize and show */
    ScrollView sv;
    Rect area;
    size_t sel;      /* selected topic (index into the app's panes, skipping Home) */
    size_t topic_line; /* rendered line of the first topic */
    size_t ntopics;
} HomePanel;

static const char *const intro =
    "A terminal dashboard for learning how modern LLM systems work. Every number on these "
    "panes comes from a tested computation in rampup's engine, with its source cited: move a "
    "slider and watch the figures a serving or training engineer cares about change.";

static void heading(TextLines *t, const char *s)
{
    lines_new(t, 0, 0);
    lines_new(t, 0, 0);
    lines_append(t, s, strlen(s), STYLE(TH_HEADING));
}

/* s cut at a word boundary to fit `cols` columns, with an ellipsis when cut. */
static void fit_words(char *out, size_t size, const char *s, int cols)
{
    if (cols < 1) {
        out[0] = '\0';
        return;
    }
    if (text_width(s, (size_t)-1) <= cols) {
        snprintf(out, size, "%s", s);
        return;
    }
    const char *ell = glyphs()->ellipsis;
    size_t n = text_fit(s, cols - text_width(ell, (size_t)-1), NULL);
    size_t cut = n;
    while (cut > 0 && s[cut] != ' ')
        cut--;
    while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ',' || s[cut - 1] == ':'))
        cut--;
    if (cut == 0)
        cut = n; /* one long word: cut it by columns */
    snprintf(out, size, "%.*s%s", (int)cut, s, ell);
}

static void build(HomePanel *p)
{
    TextLines *t = &p->text;
    int width = p->area.w - 4; /* 1-column margins, the scroll bar and a gap before it */
    if (width > 100)
        width = 100; /* a readable measure on wide screens */
    lines_clear(t);
    lines_new(t, 0, 0);
    lines_append(t, "rampup", 6, STYLE(TH_TITLE));
    static const char tagline[] = "learn how LLM systems work, one pane at a time";
    if (6 + 6 + (int)strlen(tagline) <= width) {
        lines_appendf(t, STYLE(TH_DIM), "  %s  %s", glyphs()->unicode ? "—" : "-", tagline);
    } else { /* narrow: the tagline on its own line rather than cut */
        lines_new(t, 0, 0);
        lines_append(t, tagline, strlen(tagline), STYLE(TH_DIM));
    }
    lines_new(t, 0, 0);
    Wrapper wr;
    wrap_begin(&wr, t, width, 0, 0, 0);
    wrap_add(&wr, intro, strlen(intro), STYLE(TH_NORMAL));
    wrap_end(&wr);

    heading(t, "Topics");
    p->topic_line = t->count;
    p->ntopics = 0;
    for (size_t i = 0; i < app_panel_count(p->app); i++) {
        const PanelClass *c = app_panel(p->app, i);
        if (c == &home_panel)
            continue;
        lines_new(t, 2, (int)i);
        lines_appendf(t, STYLE(TH_KEY), "%zu  ", i + 1);
        lines_appendf(t, STYLE(TH_STRONG), "%-10s", c->title);
        char sum[256];
        fit_words(sum, sizeof sum, c->summary ? c->summary : "", width - 2 - 3 - 10 - 1);
        lines_appendf(t, STYLE(TH_NORMAL), " %s", sum);
        p->ntopics++;
    }

    heading(t, "Keys");
    static const char *const keys[][2] = {
        {"Tab / 1-9", "switch panes (Shift-Tab goes back); click a tab"},
        {"arrows, hjkl", "move; sliders change with left/right"},
        {"?", "every key of the pane you are on"},
        {"/  n  N", "search the note you read; next and previous match"},
        {":", "commands: pane NAME, theme dark|light|mono, quit"},
        {"q", "quit (your place in the notes is kept)"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        /* wrapped under the description column when the pane is narrow */
        char k[32];
        snprintf(k, sizeof k, "%-14s", keys[i][0]);
        Wrapper kw;
        wrap_begin(&kw, t, width, 2, 16, 0);
        wrap_add(&kw, k, strlen(k), STYLE(TH_KEY));
        wrap_add(&kw, keys[i][1], strlen(keys[i][1]), STYLE(TH_NORMAL));
        wrap_end(&kw);
    }

    heading(t, "Reading progress");
    NoteList notes;
    RError err;
    if (notes_list(app_notes_dir(p->app), &notes, &err) != 0) {
        char buf[600];
        rerror_format(&err, buf, sizeof buf);
        lines_new(t, 2, 0);
        lines_append(t, buf, strlen(buf), STYLE(TH_WARN));
        return;
    }
    cJSON *progress = app_shared_state(p->app, "progress");
    size_t read = 0;
    for (size_t i = 0; i < notes.count; i++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(progress, notes.items[i].name);
        read += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "read"));
    }
    lines_new(t, 2, 0);
    lines_appendf(t, STYLE(TH_VALUE), "%zu of %zu notes read", read, notes.count);
    for (size_t i = 0; i < notes.count; i++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(progress, notes.items[i].name);
        const cJSON *pct = cJSON_GetObjectItemCaseSensitive(o, "pct");
        bool done = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "read"));
        int pc = done ? 100 : cJSON_IsNumber(pct) ? (int)pct->valuedouble : 0;
        lines_new(t, 2, 0);
        int bar = 20;
        int filled = pc * bar / 100;
        for (int k = 0; k < bar; k++)
            lines_append(t, k < filled ? glyphs()->block_full : glyphs()->block_light,
                         strlen(glyphs()->block_full), STYLE(k < filled ? TH_GOOD : TH_BORDER));
        lines_appendf(t, STYLE(TH_VALUE), " %3d%%  ", pc);
        lines_appendf(t, STYLE(done ? TH_DIM : TH_NORMAL), "%s", notes.items[i].title);
    }
    notes_list_free(&notes);
}

static void *home_create(App *app, const cJSON *saved)
{
    (void)saved; /* Home keeps no settings */
    HomePanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    lines_init(&p->text);
    scroll_init(&p->sv, &p->text);
    return p;
}

static void home_destroy(void *st)
{
    HomePanel *p = st;
    if (!p)
        return;
    lines_free(&p->text);
    free(p);
}

static void home_resize(void *st, Rect area)
{
    HomePanel *p = st;
    p->area = area;
    build(p);
    scroll_place(&p->sv, area.h);
}

static void home_show(void *st)
{
    HomePanel *p = st;
    if (!rect_empty(p->area))
        build(p); /* progress may have moved since */
}

static void home_draw(const void *st, WINDOW *w, Rect area)
{
    const HomePanel *p = st;
    Rect r = rect_inset(area, 0, 1);
    scroll_draw(&p->sv, w, r, NULL, 0, -1);
    /* The selected topic, drawn over its line. */
    size_t line = p->topic_line + p->sel;
    if (line >= p->sv.top && line < p->sv.top + (size_t)r.h && p->ntopics)
        text_draw(w, r.y + (int)(line - p->sv.top), r.x, 2, theme_attr(TH_ACCENT),
                  glyphs()->unicode ? "▶" : ">", (size_t)-1);
}

static PaneResult home_key(void *st, const KeyEvent *ev)
{
    HomePanel *p = st;
    if (keymap_action(home_keys, sizeof home_keys / sizeof home_keys[0], ev) == ACT_OPEN_TOPIC) {
        if (p->ntopics)
            app_open_pane(p->app, app_panel(p->app, (size_t)p->text.lines[p->topic_line + p->sel].tag)->name, NULL);
        return PANE_HANDLED;
    }
    if (key_is_up(ev) && p->sel > 0) {
        p->sel--;
        scroll_show(&p->sv, p->topic_line + p->sel);
        return PANE_HANDLED;
    }
    if (key_is_down(ev) && p->sel + 1 < p->ntopics) {
        p->sel++;
        scroll_show(&p->sv, p->topic_line + p->sel);
        return PANE_HANDLED;
    }
    if (key_is_click(ev)) {
        Rect r = rect_inset(p->area, 0, 1);
        size_t line = p->sv.top + (size_t)(ev->mouse_y - r.y);
        if (ev->mouse_y >= r.y && line >= p->topic_line && line < p->topic_line + p->ntopics) {
            p->sel = line - p->topic_line;
            return PANE_HANDLED;
        }
        return PANE_IGNORED;
    }
    return scroll_key(&p->sv, ev);
}

const PanelClass home_panel = {
    .name = "home",
    .title = "Home",
    .summary = "what rampup is, the topics, the keys and your reading progress",
    .keys = home_keys,
    .nkeys = sizeof home_keys / sizeof home_keys[0],
    .create = home_create,
    .destroy = home_destroy,
    .resize = home_resize,
    .draw = home_draw,
    .key = home_key,
    .show = home_show,
};
