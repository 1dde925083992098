/* Block-digit font and its drawing: each glyph is a 5-row mask, '#' for a filled cell. */
#include "tui/bigdigits.h"

#include <string.h>

#include "tui/text.h"

typedef struct BigGlyph {
    const char *ch; /* the UTF-8 character it draws */
    const char *rows[BIGDIGITS_ROWS];
} BigGlyph;

static const BigGlyph font[] = {
    {"0", {"####", "#  #", "#  #", "#  #", "####"}},
    {"1", {" ## ", "  # ", "  # ", "  # ", " ###"}},
    {"2", {"####", "   #", "####", "#   ", "####"}},
    {"3", {"####", "   #", " ###", "   #", "####"}},
    {"4", {"#  #", "#  #", "####", "   #", "   #"}},
    {"5", {"####", "#   ", "####", "   #", "####"}},
    {"6", {"####", "#   ", "####", "#  #", "####"}},
    {"7", {"####", "   #", "  # ", " #  ", " #  "}},
    {"8", {"####", "#  #", "####", "#  #", "####"}},
    {"9", {"####", "#  #", "####", "   #", "####"}},
    {".", {" ", " ", " ", " ", "#"}},
    {",", {" ", " ", " ", "#", "#"}},
    {":", {" ", "#", " ", "#", " "}},
    {"%", {"#  #", "   #", "  # ", " #  ", "#  #"}},
    {"×", {"   ", "# #", " # ", "# #", "   "}},
    {"x", {"   ", "# #", " # ", "# #", "   "}},
    {"-", {"   ", "   ", "###", "   ", "   "}},
    {"−", {"   ", "   ", "###", "   ", "   "}},
    {"+", {"   ", " # ", "###", " # ", "   "}},
    {"/", {"   #", "  # ", "  # ", " #  ", "#   "}},
    {"~", {"    ", "    ", " # #", "# # ", "    "}},
    {"≈", {"    ", " # #", "# # ", " # #", "# # "}},
    {" ", {"  ", "  ", "  ", "  ", "  "}},
};

/* The glyph for the character at s (and its byte length), or NULL for ordinary text. */
static const BigGlyph *glyph_at(const char *s, size_t *len)
{
    for (size_t i = 0; i < sizeof font / sizeof font[0]; i++) {
        size_t n = strlen(font[i].ch);
        if (strncmp(s, font[i].ch, n) == 0) {
            *len = n;
            return &font[i];
        }
    }
    *len = text_fit(s, 1, NULL);
    if (*len == 0)
        *len = 1;
    return NULL;
}

/* Glyph columns, a one-column gap between glyphs; ordinary text its own width. */
int bigdigits_width(const char *s, int scale)
{
    int w = 0;
    bool prev_glyph = false;
    for (size_t i = 0; s[i];) {
        size_t n;
        const BigGlyph *g = glyph_at(s + i, &n);
        if (g) {
            w += (prev_glyph ? 1 : 0) * scale + (int)strlen(g->rows[0]) * scale;
        } else {
            w += (prev_glyph ? 1 : 0) + text_width(s + i, n);
        }
        prev_glyph = g != NULL;
        i += n;
    }
    return w;
}

int bigdigits_fit(const char *s, int w, int h)
{
    for (int scale = 2; scale >= 1; scale--)
        if (bigdigits_width(s, scale) <= w && BIGDIGITS_ROWS * scale <= h)
            return scale;
    return 0;
}

int bigdigits_draw(WINDOW *w, Rect r, attr_t attr, attr_t unit_attr, const char *s)
{
    int scale = bigdigits_fit(s, r.w, r.h);
    if (scale == 0)
        return 0;
    const char *cell = glyphs()->unicode ? "█" : "#";
    int rows = BIGDIGITS_ROWS * scale;
    int x = r.x + (r.w - bigdigits_width(s, scale)) / 2;
    int y0 = r.y + (r.h - rows) / 2;
    bool prev_glyph = false;
    for (size_t i = 0; s[i];) {
        size_t n;
        const BigGlyph *g = glyph_at(s + i, &n);
        if (!g) {
            x += prev_glyph;
            x += text_draw(w, y0 + rows - 1, x, r.x + r.w - x, unit_attr, s + i, n);
        } else {
            x += prev_glyph ? scale : 0;
            int gw = (int)strlen(g->rows[0]);
            for (int gy = 0; gy < rows; gy++)
                for (int gx = 0; gx < gw * scale; gx++)
                    if (g->rows[gy / scale][gx / scale] == '#')
                        text_draw(w, y0 + gy, x + gx, 1, attr, cell, (size_t)-1);
            x += gw * scale;
        }
        prev_glyph = g != NULL;
        i += n;
    }
    return rows;
}
