/* Overlay windows, the help text and the status bar. */
#include "tui/overlay.h"

#include <string.h>

#include "tui/text.h"

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
