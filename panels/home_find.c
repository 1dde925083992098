/* Search everywhere from Home. */
#include "panels/home_find.h"

#include <stdio.h>
#include <string.h>

#include "engine/study/cards.h"

static bool ensure_index(HomeFind *f, App *app)
{
    if (f->idx || f->failed)
        return f->idx != NULL;
    FindPane panes[64];
    size_t np = 0;
    for (size_t i = 0; i < app_panel_count(app) && np < 64; i++) {
        const PanelClass *c = app_panel(app, i);
        panes[np++] = (FindPane){c->name, c->title, c->summary};
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/cards.yaml", app_content_dir(app));
    CardDeck deck;
    RError err;
    bool have_cards = cards_load(path, &deck, &err) == 0; /* no cards: notes and panes only */
    int rc = find_build(app_notes_dir(app), app_content_dir(app), have_cards ? &deck : NULL, panes, np, &f->idx, &err);
    if (have_cards)
        cards_free(&deck);
    if (rc != 0) {
        char buf[700];
        rerror_format(&err, buf, sizeof buf);
        app_status(app, STATUS_ERROR, "search: %s", buf);
        f->failed = true;
        return false;
    }
    return true;
}

bool home_find_search(HomeFind *f, App *app, const char *query, int dir)
{
    if (dir != 0) {
        if (!f->n)
            return false;
        f->sel = dir > 0 ? (f->sel + 1) % f->n : (f->sel + f->n - 1) % f->n;
        return true;
    }
    snprintf(f->query, sizeof f->query, "%s", query);
    f->n = f->sel = 0;
    if (!*query)
        return true;
    if (!ensure_index(f, app))
        return false;
    f->n = find_search(f->idx, query, f->hits, HOME_FIND_HITS);
    return f->n > 0;
}

void home_find_lines(HomeFind *f, TextLines *t, int width)
{
    if (!f->query[0])
        return;
    lines_new(t, 0, 0);
    lines_new(t, 0, 0);
    lines_appendf(t, STYLE(TH_HEADING), "Search everywhere: %.60s", f->query);
    f->first_line = t->count;
    if (!f->n) {
        lines_new(t, 2, 0);
        lines_append(t, "no note section, card, pane or link matches", 43, STYLE(TH_DIM));
        return;
    }
    for (size_t i = 0; i < f->n; i++) {
        const FindItem *it = find_item(f->idx, f->hits[i]);
        lines_new(t, 2, 0);
        lines_appendf(t, STYLE(TH_DIM), "%-5s ", find_kind_name(it->kind));
        char title[300];
        int room = width - 2 - 6;
        snprintf(title, sizeof title, "%s", it->title);
        if (room > 0 && (int)strlen(title) > room) /* bytes >= columns: a safe cut */
            title[room] = '\0';
        lines_append(t, title, strlen(title), STYLE(TH_NORMAL));
    }
    lines_new(t, 2, 0);
    lines_append(t, "n / N choose, Enter opens, Esc clears", 37, STYLE(TH_DIM));
}

bool home_find_open(HomeFind *f, App *app)
{
    if (!f->n)
        return false;
    const FindItem *it = find_item(f->idx, f->hits[f->sel]);
    return app_open_pane(app, it->pane, it->arg[0] ? it->arg : NULL);
}

bool home_find_jump(HomeFind *f, App *app, const char *query)
{
    if (!home_find_search(f, app, query, 0)) {
        if (!f->failed)
            app_status(app, STATUS_WARN, "find: nothing matches '%s'", query);
        return false;
    }
    return home_find_open(f, app);
}

void home_find_clear(HomeFind *f)
{
    f->query[0] = '\0';
    f->n = f->sel = 0;
}

void home_find_free(HomeFind *f)
{
    find_free(f->idx);
    f->idx = NULL;
}
