/* The table widget. */
#include "tui/table.h"

#include "tui/text.h"

void table_draw(WINDOW *w, Rect r, const TableColumn *cols, size_t ncols, const char *const *cells,
                size_t nrows, size_t top, long sel, const ThemeRole *roles)
{
    if (rect_empty(r) || ncols == 0)
        return;
    int fixed = 0, flex = 0;
    for (size_t c = 0; c < ncols; c++) {
        fixed += cols[c].width + 1;
        flex += cols[c].width == 0;
    }
    int share = flex ? (r.w - fixed) / flex : 0;
    if (share < 4)
        share = 4;
    for (int row = -1; row < r.h - 1; row++) {
        size_t i = top + (size_t)(row < 0 ? 0 : row);
        if (row >= 0 && i >= nrows)
            break;
        int y = r.y + row + 1, x = r.x;
        attr_t a = row < 0 ? theme_attr(TH_HEADING)
                 : (long)i == sel ? theme_attr(TH_SELECTED)
                 : theme_attr(roles ? roles[i] : TH_NORMAL);
        if (row >= 0 && (long)i == sel)
            fill_rect(w, rect_make(y, r.x, 1, r.w), a);
        for (size_t c = 0; c < ncols && x < r.x + r.w; c++) {
            int cw = cols[c].width ? cols[c].width : share;
            if (x + cw > r.x + r.w)
                cw = r.x + r.w - x;
            const char *s = row < 0 ? cols[c].title : cells[i * ncols + c];
            if (s) {
                if (cols[c].right)
                    text_draw_right(w, y, x, cw, a, s);
                else
                    text_draw(w, y, x, cw, a, s, (size_t)-1);
            }
            x += cw + 1;
        }
    }
}
