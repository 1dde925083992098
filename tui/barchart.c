/* The stacked bar chart. */
#include "tui/barchart.h"

#include <math.h>

#include "tui/text.h"

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
