/* The choice row. */
#include "tui/choice.h"

#include "tui/text.h"
#include "tui/theme.h"

void choice_draw(WINDOW *w, Rect r, int label_w, const char *label, const char *value, bool focused)
{
    text_drawf(w, r.y, r.x, label_w, theme_attr(focused ? TH_SELECTED : TH_NORMAL), "%-*s",
               label_w, label);
    const Glyphs *gl = glyphs();
    text_drawf(w, r.y, r.x + label_w + 1, r.w - label_w - 1, theme_attr(TH_VALUE), "%s %s %s",
               gl->unicode ? "◀" : "<", value, gl->unicode ? "▶" : ">");
}
