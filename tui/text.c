/* Column-aware text drawing and the glyph sets. */
#include "tui/text.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "engine/text/sanitize.h"

/* One character as it will be drawn: a wide character, or an ASCII stand-in of up to 3 cells. */
typedef struct Cell {
    wchar_t wc[4];
    int nwc;
    int width;
} Cell;

/* ASCII stand-ins for the symbols notes and panes use, for terminals without UTF-8. */
static const struct {
    unsigned cp;
    const char *ascii;
} ascii_map[] = {
    {0x00A0, " "},  {0x00B5, "u"},  {0x00B7, "*"},   {0x00BD, "1/2"}, {0x00D7, "x"},
    {0x00E9, "e"},  {0x03A3, "S"},  {0x03B1, "a"},   {0x03B2, "b"},   {0x03B3, "g"},
    {0x03B4, "d"},  {0x2013, "-"},  {0x2014, "-"},   {0x2018, "'"},   {0x2019, "'"},
    {0x201C, "\""}, {0x201D, "\""}, {0x2022, "*"},   {0x2026, "..."}, {0x2190, "<-"},
    {0x2191, "^"},  {0x2192, "->"}, {0x2193, "v"},   {0x2212, "-"},   {0x2248, "~"},
    {0x2264, "<="}, {0x2265, ">="}, {0x2500, "-"},   {0x2502, "|"},   {0x2550, "="},
    {0x2588, "#"},  {0x2591, "."},  {0x25B6, ">"},   {0x25B8, ">"},   {0x25C0, "<"},
    {0x25CF, "o"},  {0x2713, "+"},
};

/* Decodes one UTF-8 sequence by hand (the locale cannot); returns its length, 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len, unsigned *cp)
{
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || n > len || s[0] > 0xF4)
        return 0;
    unsigned v = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

static void cell_ascii(Cell *c, const char *a)
{
    c->nwc = 0;
    for (; *a && c->nwc < 3; a++)
        c->wc[c->nwc++] = (wchar_t)*a;
    c->width = c->nwc;
}

/* Decodes one character as ncursesw will draw it; returns bytes used (>= 1). Control
 * characters, C1, bidi controls and invalid bytes become '?'. In a single-byte locale UTF-8
 * text is decoded by hand and drawn with ASCII stand-ins, so "—" shows as "-", not as three
 * '?'. */
static size_t next_char(const char *s, size_t len, Cell *c)
{
    const unsigned char *u = (const unsigned char *)s;
    if (MB_CUR_MAX == 1 && u[0] >= 0x80) {
        unsigned cp;
        size_t n = utf8_seq(u, len, &cp);
        cell_ascii(c, "?");
        if (n == 0)
            return 1;
        for (size_t i = 0; i < sizeof ascii_map / sizeof ascii_map[0]; i++)
            if (ascii_map[i].cp == cp)
                cell_ascii(c, ascii_map[i].ascii);
        return n;
    }
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t n = mbrtowc(&wc, s, len, &st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        cell_ascii(c, "?");
        return 1;
    }
    int cw = wcwidth(wc);
    /* Bidi embeddings, overrides and isolates would let a file reorder what the terminal
     * shows (Trojan Source); like controls they are drawn as '?' (engine/text/sanitize.h). */
    if (wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0) || cw < 0 ||
        sanitize_is_bidi((uint32_t)wc)) {
        cell_ascii(c, "?");
        return n;
    }
    c->wc[0] = wc;
    c->nwc = 1;
    c->width = cw;
    return n;
}

int text_width(const char *s, size_t len)
{
    if (len == (size_t)-1)
        len = strlen(s);
    int cols = 0;
    size_t i = 0;
    while (i < len) {
        Cell c;
        i += next_char(s + i, len - i, &c);
        cols += c.width;
    }
    return cols;
}

size_t text_fit(const char *s, int cols, int *used)
{
    size_t len = strlen(s), i = 0;
    int total = 0;
    while (i < len) {
        Cell c;
        size_t n = next_char(s + i, len - i, &c);
        if (total + c.width > cols)
            break;
        total += c.width;
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
        Cell c;
        size_t n = next_char(s + i, len - i, &c);
        if (cols + c.width > maxw)
            break;
        if (c.width == 0 && cols == 0) { /* a combining mark with nothing to combine with */
            i += n;
            continue;
        }
        waddnwstr(w, c.wc, c.nwc);
        cols += c.width;
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

const char *glyph_texture(size_t i)
{
    /* Eight that differ in shape, not only in shade, so that six laws or five budgets stay
     * apart without colour (NO_COLOR, mono). */
    static const char *const utf8[] = {"█", "▓", "▒", "░", "▚", "▞", "▙", "▟"};
    static const char *const ascii[] = {"#", "=", "+", ".", "%", "@", "x", "o"};
    return current_glyphs->unicode ? utf8[i % 8] : ascii[i % 8];
}

void pen_line(Pen *pen, ThemeRole role, const char *fmt, ...)
{
    if (pen->y >= pen->r.y + pen->r.h)
        return;
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text_draw(pen->w, pen->y++, pen->r.x, pen->r.w, theme_attr(role), buf, (size_t)-1);
}
