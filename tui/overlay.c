/* Overlay windows, the help text and the status bar. */
#include "tui/overlay.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/text.h"
#include "tui/xalloc.h"

Rect overlay_rect(Rect screen, const TextLines *lines)
{
    int width = 20;
    for (size_t i = 0; i < lines->count; i++) {
        int lw = lines->lines[i].indent + text_width(lines->lines[i].text, lines->lines[i].len);
        if (lw > width)
            width = lw;
    }
    width += 4;
    if (width > 100)
        width = 100;
    if (width > screen.w - 2)
        width = screen.w - 2;
    int height = (int)lines->count + 3;
    if (height > screen.h - 2)
        height = screen.h - 2;
    return rect_center(screen, height, width);
}

void overlay_draw(WINDOW *w, Rect box, const char *title, const TextLines *lines, size_t top,
                  const char *hint)
{
    if (box.w < 8 || box.h < 3)
        return;
    draw_box(w, box, theme_attr(TH_ACCENT), title, theme_attr(TH_TITLE));
    Rect inner = rect_inset(box, 1, 2);
    inner.h -= 1; /* footer row */
    if (top + (size_t)inner.h > lines->count)
        top = lines->count > (size_t)inner.h ? lines->count - (size_t)inner.h : 0;
    lines_draw(lines, w, inner, top, NULL, 0, -1);
    char foot[96];
    bool more = top + (size_t)inner.h < lines->count;
    snprintf(foot, sizeof foot, " %s%s ", more ? "↓ more  " : "", hint ? hint : "Esc closes");
    if (!glyphs()->unicode && more)
        snprintf(foot, sizeof foot, " v more  %s ", hint ? hint : "Esc closes");
    text_draw_right(w, box.y + box.h - 1, box.x + 1, box.w - 3, theme_attr(TH_DIM), foot);
}

#define HELP_KEY_W 12

/* One section: "label   description", the description wrapped under its own column. */
static void help_section(TextLines *out, int width, const char *title, const KeyBinding *keys,
                         size_t n)
{
    lines_new(out, 0, 0);
    lines_append(out, title, strlen(title), STYLE(TH_HEADING));
    TextLines desc;
    lines_init(&desc);
    for (size_t i = 0; i < n; i++) {
        if (!keys[i].label)
            continue;
        lines_clear(&desc);
        Wrapper wr;
        wrap_begin(&wr, &desc, width - 2 - HELP_KEY_W, 0, 0, 0);
        wrap_add(&wr, keys[i].help, strlen(keys[i].help), STYLE(TH_NORMAL));
        if (keys[i].command) {
            char cmd[64];
            int clen = snprintf(cmd, sizeof cmd, " (:%s)", keys[i].command);
            wrap_add(&wr, cmd, (size_t)clen, STYLE(TH_DIM));
        }
        wrap_end(&wr);
        lines_new(out, 2, 0);
        char pad[HELP_KEY_W + 1];
        int lw = text_width(keys[i].label, (size_t)-1);
        int padn = lw < HELP_KEY_W ? HELP_KEY_W - lw : 1;
        memset(pad, ' ', (size_t)padn);
        lines_append(out, keys[i].label, strlen(keys[i].label), STYLE(TH_KEY));
        lines_append(out, pad, (size_t)padn, STYLE(TH_NORMAL));
        for (size_t k = 0; k < desc.count; k++) {
            if (k > 0)
                lines_new(out, 2 + HELP_KEY_W, 0);
            lines_append(out, desc.lines[k].text, desc.lines[k].len, STYLE(TH_NORMAL));
        }
    }
    lines_free(&desc);
}

void help_build(TextLines *out, int width, const char *pane_title, const KeyBinding *pane_keys,
                size_t npane, const KeyBinding *global, size_t nglobal)
{
    lines_clear(out);
    if (width < 2 + HELP_KEY_W + 10)
        width = 2 + HELP_KEY_W + 10;
    if (npane) {
        help_section(out, width, pane_title, pane_keys, npane);
        lines_new(out, 0, 0);
    }
    help_section(out, width, "Everywhere", global, nglobal);
    lines_new(out, 0, 0);
    lines_new(out, 0, 0);
    lines_appendf(out, STYLE(TH_DIM), "Mouse: click a tab or a list row.");
}

void statusbar_draw(WINDOW *w, Rect r, const char *msg, ThemeRole role, const char *hints)
{
    if (rect_empty(r))
        return;
    fill_rect(w, r, theme_attr(TH_STATUS));
    int hw = hints ? text_width(hints, (size_t)-1) : 0;
    int mw = msg ? text_width(msg, (size_t)-1) : 0;
    if (hints && mw + hw + 2 <= r.w)
        text_draw_right(w, r.y, r.x, r.w, theme_attr(TH_DIM), hints);
    if (msg)
        text_draw(w, r.y, r.x, r.w, theme_attr(role), msg, (size_t)-1);
}

/* ---- the text overlay ---- */

TextOverlay *text_overlay_new(const char *title, TextLines *lines, int close_key)
{
    TextOverlay *t = xcalloc(1, sizeof *t);
    snprintf(t->title, sizeof t->title, "%s", title ? title : "");
    t->lines = *lines;
    lines_init(lines);
    t->close_key = close_key;
    scroll_init(&t->sv, &t->lines);
    return t;
}

static PaneResult text_key(void *ctx, const KeyEvent *ev)
{
    TextOverlay *t = ctx;
    if (key_is_escape(ev) || key_is(ev, 'q') || key_is_enter(ev) ||
        (t->close_key && key_is(ev, t->close_key)))
        return PANE_HANDLED | OVERLAY_CLOSE;
    /* Unused keys reach the app's global map (? stacks the help, Tab leaves the pane). */
    return scroll_key(&t->sv, ev) ? PANE_HANDLED : PANE_IGNORED;
}

static void text_place(void *ctx, Rect body)
{
    TextOverlay *t = ctx;
    t->box = overlay_rect(body, &t->lines);
    scroll_place(&t->sv, t->box.h - 3);
}

static void text_draw_overlay(const void *ctx, WINDOW *w)
{
    const TextOverlay *t = ctx;
    fill_rect(w, t->box, theme_attr(TH_NORMAL));
    char hint[64];
    snprintf(hint, sizeof hint, "j k scroll  Esc%s%c closes", t->close_key ? " " : "",
             t->close_key ? t->close_key : ' ');
    overlay_draw(w, t->box, t->title, &t->lines, t->sv.top, hint);
}

static void text_destroy(void *ctx)
{
    TextOverlay *t = ctx;
    lines_free(&t->lines);
    free(t);
}

const OverlayClass text_overlay_class = {text_key, text_place, text_draw_overlay, text_destroy};

/* ---- the picker ---- */

static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return n == 0;
}

static void picker_refilter(PickerOverlay *p)
{
    p->nmatch = 0;
    for (size_t i = 0; i < p->nrows; i++)
        if (contains_nocase(p->rows[i], p->filter.text))
            p->match[p->nmatch++] = (int)i;
    list_set_count(&p->list, p->nmatch);
    list_select(&p->list, 0);
}

PickerOverlay *picker_overlay_new(const char *title, const char *const *rows, size_t nrows,
                                  size_t selected, PickFn pick, void *owner)
{
    PickerOverlay *p = xcalloc(1, sizeof *p);
    snprintf(p->title, sizeof p->title, "%s", title ? title : "");
    p->rows = xcalloc(nrows + 1, sizeof *p->rows);
    for (size_t i = 0; i < nrows; i++)
        p->rows[i] = xstrdup(rows[i]);
    p->nrows = nrows;
    p->match = xcalloc(nrows + 1, sizeof *p->match);
    p->pick = pick;
    p->owner = owner;
    textbox_init(&p->filter, "");
    list_init(&p->list, 0);
    picker_refilter(p);
    if (selected < nrows)
        list_select(&p->list, (int)selected);
    return p;
}

static PaneResult picker_key(void *ctx, const KeyEvent *ev)
{
    PickerOverlay *p = ctx;
    if (key_is_escape(ev))
        return PANE_HANDLED | OVERLAY_CLOSE;
    if (key_is_enter(ev)) {
        if (p->list.sel >= 0 && p->list.sel < p->nmatch)
            p->pick(p->owner, (size_t)p->match[p->list.sel]);
        return PANE_HANDLED | PANE_CHANGED | OVERLAY_CLOSE;
    }
    if (key_is_fn(ev, KEY_UP) || key_is_fn(ev, KEY_DOWN) || key_is_fn(ev, KEY_NPAGE) ||
        key_is_fn(ev, KEY_PPAGE) || key_is_click(ev)) {
        list_key(&p->list, ev);
        return PANE_HANDLED;
    }
    if (textbox_key(&p->filter, ev))
        picker_refilter(p);
    return PANE_HANDLED; /* modal */
}

static void picker_place(void *ctx, Rect body)
{
    PickerOverlay *p = ctx;
    int h = (int)p->nrows + 4, w = 0;
    for (size_t i = 0; i < p->nrows; i++) {
        int rw = text_width(p->rows[i], (size_t)-1);
        w = rw > w ? rw : w;
    }
    w = w + 4 < 40 ? 40 : w + 4;
    if (w > body.w - 2)
        w = body.w - 2;
    p->box = rect_center(body, h < body.h - 2 ? h : body.h - 2, w);
    Rect b = p->box;
    list_place(&p->list, rect_inset(rect_make(b.y + 2, b.x, b.h - 3, b.w), 0, 1));
}

static void picker_draw(const void *ctx, WINDOW *w)
{
    const PickerOverlay *p = ctx;
    Rect box = p->box;
    fill_rect(w, box, theme_attr(TH_NORMAL));
    draw_box(w, box, theme_attr(TH_BORDER), p->title, theme_attr(TH_TITLE));
    Rect in = rect_inset(box, 1, 1);
    textbox_draw(&p->filter, w, rect_make(in.y, in.x, 1, in.w), "filter: ", true);
    const List *l = &p->list;
    for (int i = 0; i < l->height && l->top + i < p->nmatch; i++) {
        int idx = l->top + i;
        text_draw(w, l->area.y + i, l->area.x, l->area.w,
                  theme_attr(idx == l->sel ? TH_SELECTED : TH_NORMAL), p->rows[p->match[idx]],
                  (size_t)-1);
    }
    if (p->nmatch == 0)
        text_draw(w, l->area.y, l->area.x, l->area.w, theme_attr(TH_DIM), "no match", (size_t)-1);
}

static void picker_destroy(void *ctx)
{
    PickerOverlay *p = ctx;
    for (size_t i = 0; i < p->nrows; i++)
        free(p->rows[i]);
    free(p->rows);
    free(p->match);
    free(p);
}

const OverlayClass picker_overlay_class = {picker_key, picker_place, picker_draw, picker_destroy};
