/* Column-aware text drawing and the glyph sets. */
#include "tui/text.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Decodes one character with the C library (as ncursesw will); returns bytes used (>= 1),
 * stores the wide char (or L'?' for invalid/control input) and its width. */
static size_t next_char(const char *s, size_t len, wchar_t *wc, int *width)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = mbrtowc(wc, s, len, &st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        *wc = L'?';
        *width = 1;
        return 1;
    }
    int cw = wcwidth(*wc);
    if (*wc < 0x20 || *wc == 0x7f || (*wc >= 0x80 && *wc < 0xa0) || cw < 0) {
        *wc = L'?';
        cw = 1;
    }
    *width = cw;
    return n;
}

int text_width(const char *s, size_t len)
{
    if (len == (size_t)-1)
        len = strlen(s);
    int cols = 0;
    size_t i = 0;
    while (i < len) {
        wchar_t wc;
        int cw;
        i += next_char(s + i, len - i, &wc, &cw);
        cols += cw;
    }
    return cols;
}

size_t text_fit(const char *s, int cols, int *used)
{
    size_t len = strlen(s), i = 0;
    int total = 0;
    while (i < len) {
        wchar_t wc;
        int cw;
        size_t n = next_char(s + i, len - i, &wc, &cw);
        if (total + cw > cols)
            break;
        total += cw;
        i += n;
    }
    if (used)
        *used = total;
    return i;
}

int text_draw(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *s, size_t len)
{
    if (maxw <= 0 || !s)
        return 0;
    if (len == (size_t)-1)
        len = strlen(s);
    int maxx = getmaxx(w), maxy = getmaxy(w);
    if (y < 0 || y >= maxy || x < 0 || x >= maxx)
        return 0;
    if (x + maxw > maxx)
        maxw = maxx - x;
    wattr_set(w, attr, PAIR_NUMBER(attr), NULL);
    wmove(w, y, x);
    int cols = 0;
    size_t i = 0;
    while (i < len) {
        wchar_t wc[2] = {0, 0};
        int cw;
        size_t n = next_char(s + i, len - i, &wc[0], &cw);
        if (cols + cw > maxw)
            break;
        if (cw == 0 && cols == 0) { /* a combining mark with nothing to combine with */
            i += n;
            continue;
        }
        waddnwstr(w, wc, 1);
        cols += cw;
        i += n;
    }
    wattr_set(w, A_NORMAL, 0, NULL);
    return cols;
}

int text_drawf(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return text_draw(w, y, x, maxw, attr, buf, (size_t)-1);
}

int text_draw_right(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *s)
{
    int tw = text_width(s, (size_t)-1);
    if (tw > maxw)
        return text_draw(w, y, x, maxw, attr, s, (size_t)-1);
    return text_draw(w, y, x + maxw - tw, tw, attr, s, (size_t)-1);
}

void text_draw_center(WINDOW *w, Rect r, attr_t attr, const char *s)
{
    int tw = text_width(s, (size_t)-1);
    int x = r.x + (tw < r.w ? (r.w - tw) / 2 : 0);
    text_draw(w, r.y, x, r.w - (x - r.x), attr, s, (size_t)-1);
}

void fill_rect(WINDOW *w, Rect r, attr_t attr)
{
    int maxx = getmaxx(w), maxy = getmaxy(w);
    wattr_set(w, attr, PAIR_NUMBER(attr), NULL);
    for (int y = r.y; y < r.y + r.h && y < maxy; y++) {
        if (y < 0)
            continue;
        for (int x = r.x; x < r.x + r.w && x < maxx; x++)
            if (x >= 0)
                mvwaddch(w, y, x, ' ');
    }
    wattr_set(w, A_NORMAL, 0, NULL);
}

void draw_hline(WINDOW *w, int y, int x, int n, attr_t attr)
{
    const char *g = glyphs()->hline;
    for (int i = 0; i < n; i++)
        text_draw(w, y, x + i, 1, attr, g, (size_t)-1);
}

void draw_vline(WINDOW *w, int y, int x, int n, attr_t attr)
{
    const char *g = glyphs()->vline;
    for (int i = 0; i < n; i++)
        text_draw(w, y + i, x, 1, attr, g, (size_t)-1);
}

void draw_box(WINDOW *w, Rect r, attr_t attr, const char *title, attr_t title_attr)
{
    if (r.w < 2 || r.h < 2)
        return;
    const Glyphs *g = glyphs();
    fill_rect(w, r, A_NORMAL);
    draw_hline(w, r.y, r.x + 1, r.w - 2, attr);
    draw_hline(w, r.y + r.h - 1, r.x + 1, r.w - 2, attr);
    draw_vline(w, r.y + 1, r.x, r.h - 2, attr);
    draw_vline(w, r.y + 1, r.x + r.w - 1, r.h - 2, attr);
    text_draw(w, r.y, r.x, 1, attr, g->tl, (size_t)-1);
    text_draw(w, r.y, r.x + r.w - 1, 1, attr, g->tr, (size_t)-1);
    text_draw(w, r.y + r.h - 1, r.x, 1, attr, g->bl, (size_t)-1);
    text_draw(w, r.y + r.h - 1, r.x + r.w - 1, 1, attr, g->br, (size_t)-1);
    if (title && *title && r.w > 6) {
        int n = text_draw(w, r.y, r.x + 2, 1, attr, " ", 1);
        n += text_draw(w, r.y, r.x + 3, r.w - 6, title_attr, title, (size_t)-1);
        text_draw(w, r.y, r.x + 2 + n, 1, attr, " ", 1);
    }
}

static const char *const eighths_utf8[9] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
static const char *const eighths_ascii[9] = {"", "", "", "", "=", "=", "=", "=", "#"};

static const Glyphs unicode_glyphs = {
    true, "─", "│", "┌", "┐", "└", "┘", "•", "→", "↓", "…", "█", "░", "●", eighths_utf8,
};
static const Glyphs ascii_glyphs = {
    false, "-", "|", "+", "+", "+", "+", "*", ">", "v", "~", "#", ".", "O", eighths_ascii,
};
static const Glyphs *current_glyphs = &ascii_glyphs;

void glyphs_init(void)
{
    const char *cs = nl_langinfo(CODESET);
    glyphs_set_unicode(cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0));
}

void glyphs_set_unicode(bool unicode)
{
    current_glyphs = unicode ? &unicode_glyphs : &ascii_glyphs;
}

const Glyphs *glyphs(void) { return current_glyphs; }
