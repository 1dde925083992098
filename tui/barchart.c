/* Horizontal and stacked bar charts. */
#include "tui/barchart.h"

#include <math.h>

#include "tui/text.h"

/* Draws a bar of `cells` (fractional) cells at (y, x). */
static void bar_cells(WINDOW *w, int y, int x, double cells, int maxw, attr_t a)
{
    const Glyphs *g = glyphs();
    if (cells > maxw)
        cells = maxw;
    int full = (int)floor(cells);
    for (int i = 0; i < full; i++)
        text_draw(w, y, x + i, 1, a, g->block_full, (size_t)-1);
    int eighth = (int)lround((cells - full) * 8);
    if (eighth > 0 && full < maxw && g->eighths[eighth][0])
        text_draw(w, y, x + full, 1, a, g->eighths[eighth], (size_t)-1);
}

void barchart_draw(WINDOW *w, Rect r, const Bar *bars, size_t n, double max, int label_w)
{
    if (max <= 0)
        for (size_t i = 0; i < n; i++)
            if (bars[i].value > max)
                max = bars[i].value;
    int text_w = 0;
    for (size_t i = 0; i < n; i++)
        if (bars[i].text) {
            int tw = text_width(bars[i].text, (size_t)-1);
            if (tw > text_w)
                text_w = tw;
        }
    int bar_w = r.w - label_w - (text_w ? text_w + 1 : 0);
    for (size_t i = 0; i < n && (int)i < r.h; i++) {
        int y = r.y + (int)i;
        text_draw(w, y, r.x, label_w - 1, theme_attr(TH_NORMAL), bars[i].label, (size_t)-1);
        if (bar_w > 0 && max > 0 && bars[i].value > 0)
            bar_cells(w, y, r.x + label_w, bars[i].value / max * bar_w, bar_w,
                      theme_attr(bars[i].role));
        if (bars[i].text)
            text_draw_right(w, y, r.x + r.w - text_w, text_w, theme_attr(TH_VALUE), bars[i].text);
    }
}

void stackbar_draw(WINDOW *w, Rect r, const Bar *segs, size_t n, double total)
{
    if (rect_empty(r))
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += segs[i].value > 0 ? segs[i].value : 0;
    if (total <= 0)
        total = sum;
    const Glyphs *g = glyphs();
    /* Background track. */
    for (int i = 0; i < r.w; i++)
        text_draw(w, r.y, r.x + i, 1, theme_attr(TH_BORDER), g->block_light, (size_t)-1);
    if (total > 0) {
        /* Cumulative rounding keeps segment edges where they belong. */
        double acc = 0;
        int x0 = 0;
        for (size_t i = 0; i < n; i++) {
            if (segs[i].value <= 0)
                continue;
            acc += segs[i].value;
            int x1 = (int)lround(acc / total * r.w);
            if (x1 > r.w)
                x1 = r.w;
            if (x1 == x0 && x0 < r.w && segs[i].value / total > 0.002)
                x1 = x0 + 1; /* a visible sliver for anything above 0.2% */
            for (int x = x0; x < x1; x++)
                text_draw(w, r.y, r.x + x, 1, theme_attr(segs[i].role), glyph_texture(i), (size_t)-1);
            x0 = x1;
        }
        if (sum > total * 1.0000001)
            text_draw(w, r.y, r.x + r.w - 1, 1, theme_attr(TH_BAD), "!", 1);
    }
    /* Legend, wrapped over the remaining rows. */
    int y = r.y + 1, x = r.x;
    for (size_t i = 0; i < n && y < r.y + r.h; i++) {
        int need = 2 + text_width(segs[i].label, (size_t)-1) +
                   (segs[i].text ? 1 + text_width(segs[i].text, (size_t)-1) : 0) + 2;
        if (x > r.x && x + need > r.x + r.w) {
            y++;
            x = r.x;
            if (y >= r.y + r.h)
                break;
        }
        x += text_draw(w, y, x, r.x + r.w - x, theme_attr(segs[i].role), glyph_texture(i), (size_t)-1);
        x += text_draw(w, y, x, r.x + r.w - x, theme_attr(TH_NORMAL), " ", 1);
        x += text_draw(w, y, x, r.x + r.w - x, theme_attr(TH_NORMAL), segs[i].label, (size_t)-1);
        if (segs[i].text) {
            x += text_draw(w, y, x, r.x + r.w - x, theme_attr(TH_NORMAL), " ", 1);
            x += text_draw(w, y, x, r.x + r.w - x, theme_attr(TH_VALUE), segs[i].text, (size_t)-1);
        }
        x += 2;
    }
}
