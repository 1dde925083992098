/* The Notes pane's drawing: the list, the reader with its header, the outline on wide
 * screens, and the contents box. Reads the state; computes nothing. */
#include "panels/notes_panel.h"

#include <stdio.h>
#include <string.h>

#include "tui/text.h"

int notes_percent_seen(const NotesPanel *p)
{
    size_t n = p->view.lines.count;
    if (n == 0)
        return 100;
    size_t seen = p->sv.top + (size_t)p->sv.height;
    return seen >= n ? 100 : (int)(seen * 100 / n);
}

bool notes_is_read(const NotesPanel *p, size_t i)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(p->progress, p->notes.items[i].name);
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "read"));
}


typedef struct RowCtx {
    const NotesPanel *p;
} RowCtx;

/* The list shows the title up to its first colon ("KV cache: how much…" -> "KV cache"). */
static void note_row(const void *ctx, int i, char *buf, size_t size, int *role)
{
    const NotesPanel *p = ((const RowCtx *)ctx)->p;
    bool read = notes_is_read(p, (size_t)i);
    const char *title = p->notes.items[i].title;
    int n = (int)strcspn(title, ":");
    const char *paren = strstr(title, " (");
    if (paren && paren - title < n) /* "Retrieval-augmented generation (RAG)": drop "(RAG)" */
        n = (int)(paren - title);
    int room = p->list.area.w - 3; /* the list's marker column and the read mark */
    if (room > 0 && text_width(title, (size_t)n) > room) { /* cut at a word, not mid-word */
        int fit = (int)text_fit(title, room, NULL), cut = fit;
        while (cut > 0 && title[cut] != ' ' && title[cut - 1] != '-')
            cut--;
        n = cut > 0 ? cut : fit;
    }
    snprintf(buf, size, "%s %.*s", read ? (glyphs()->unicode ? "✓" : "+") : " ", n, title);
    *role = read ? TH_DIM : TH_NORMAL;
}

static void toc_row(const void *ctx, int i, char *buf, size_t size, int *role)
{
    const NotesPanel *p = ((const RowCtx *)ctx)->p;
    const MdHeadingRef *h = &p->view.headings[i];
    snprintf(buf, size, "%*s%s", (h->level - 1) * 2, "", h->text);
    *role = h->level == 1 ? TH_TITLE : TH_NORMAL;
}

/* The open note's headings (levels 1-3), the one being read marked, scrolled to keep it in
 * view. */
static void draw_outline(const NotesPanel *p, WINDOW *w, long cur)
{
    Rect r = p->outline_area;
    if (rect_empty(r) || p->open < 0)
        return;
    draw_vline(w, r.y, r.x - 1, r.h, theme_attr(TH_BORDER));
    r = rect_inset(r, 0, 1);
    text_draw(w, r.y, r.x, r.w, theme_attr(TH_HEADING), "Outline", (size_t)-1);
    text_draw_right(w, r.y, r.x, r.w, theme_attr(TH_DIM), "t jumps");
    int rows = r.h - 2, shown = 0;
    size_t first = 0, below = 0; /* skip headings so that the current one stays in view */
    for (size_t i = 0; i < p->view.nheadings; i++)
        if (p->view.headings[i].level <= 3 && (long)i <= cur)
            below++;
    size_t skip = below > (size_t)rows / 2 ? below - (size_t)rows / 2 : 0;
    for (size_t i = 0; i < p->view.nheadings && shown < rows; i++) {
        const MdHeadingRef *h = &p->view.headings[i];
        if (h->level > 3)
            continue;
        if (first++ < skip)
            continue;
        bool me = (long)i == cur;
        int ind = (h->level - 1) * 2;
        text_draw(w, r.y + 2 + shown, r.x, 2, theme_attr(TH_ACCENT),
                  me ? glyphs()->arrow_right : " ", (size_t)-1);
        text_draw(w, r.y + 2 + shown, r.x + 2 + ind, r.w - 2 - ind,
                  theme_attr(me ? TH_STRONG : h->level == 1 ? TH_TITLE : TH_NORMAL), h->text,
                  (size_t)-1);
        shown++;
    }
}

void notes_panel_draw(const void *st, WINDOW *w, Rect area)
{
    (void)area;
    const NotesPanel *p = st;
    RowCtx ctx = {p};
    if (!rect_empty(p->list_area)) {
        text_drawf(w, p->list_area.y, p->list_area.x, p->list_area.w, theme_attr(TH_HEADING),
                   "Notes (%zu)", p->notes.count);
        list_draw(&p->list, w, rect_make(0, 0, 0, 0), note_row, &ctx, !p->focus_view);
        draw_vline(w, p->list_area.y, p->list_area.x + p->list_area.w, p->list_area.h,
                   theme_attr(TH_BORDER));
    }
    if (p->notes.count == 0) {
        text_draw(w, p->view_area.y, p->view_area.x, p->view_area.w, theme_attr(TH_WARN),
                  p->error[0] ? p->error : "No notes here. Point --notes DIR at a folder of .md files.",
                  (size_t)-1);
        return;
    }
    if (p->open >= 0) {
        const Note *n = &p->notes.items[p->open];
        long h = mdview_heading_at(&p->view, p->sv.top);
        char right[96];
        if (p->nmarks && p->cur_mark >= 0)
            snprintf(right, sizeof right, "match %ld/%zu  %3d%%", p->cur_mark + 1, p->nmarks,
                     notes_percent_seen(p));
        else if (p->nmarks)
            snprintf(right, sizeof right, "%zu matches (n)  %3d%%", p->nmarks, notes_percent_seen(p));
        else
            snprintf(right, sizeof right, "%3d%%", notes_percent_seen(p));
        if (p->head_area.w >= 48) { /* what was read (on screen long enough), then where */
            char pos[96];
            snprintf(pos, sizeof pos, "%s", right);
            snprintf(right, sizeof right, "read %d%%  %s", p->read_pct, pos);
        }
        int rw = text_width(right, (size_t)-1);
        int x = p->head_area.x + 1;
        x += text_draw(w, p->head_area.y, x, p->head_area.w - rw - 2, theme_attr(TH_TITLE),
                       n->title, (size_t)-1);
        if (h >= 0 && p->view.headings[h].level > 1) {
            x += text_draw(w, p->head_area.y, x, p->head_area.w - rw - 2 - (x - p->head_area.x),
                           theme_attr(TH_DIM), glyphs()->unicode ? " › " : " > ", (size_t)-1);
            text_draw(w, p->head_area.y, x, p->head_area.w - rw - 2 - (x - p->head_area.x),
                      theme_attr(TH_DIM), p->view.headings[h].text, (size_t)-1);
        }
        text_draw_right(w, p->head_area.y, p->head_area.x, p->head_area.w, theme_attr(TH_DIM), right);
        draw_hline(w, p->head_area.y + 1, p->head_area.x, p->head_area.w,
                   theme_attr(p->focus_view ? TH_ACCENT : TH_BORDER));
        Rect text = rect_inset(p->view_area, 0, 1);
        text.w += 1; /* the scroll bar sits at the right edge */
        if (p->nmarks == 0 && p->link >= 0) /* the selected link, when no search is shown */
            scroll_draw(&p->sv, w, text, &p->link_mark, 1, 0);
        else
            scroll_draw(&p->sv, w, text, p->marks, p->nmarks, p->cur_mark);
        draw_outline(p, w, h);
    }
    if (p->toc_open) {
        draw_box(w, p->toc_box, theme_attr(TH_ACCENT), "Contents", theme_attr(TH_TITLE));
        list_draw(&p->toc, w, rect_make(0, 0, 0, 0), toc_row, &ctx, true);
    }
}

