/* The scroll view widget. */
#include "tui/scrollview.h"

#include "tui/text.h"

void scroll_init(ScrollView *sv, const TextLines *lines)
{
    *sv = (ScrollView){lines, 0, 1};
}

size_t scroll_max_top(const ScrollView *sv)
{
    size_t n = sv->lines ? sv->lines->count : 0;
    size_t h = sv->height > 0 ? (size_t)sv->height : 1;
    return n > h ? n - h : 0;
}

void scroll_to(ScrollView *sv, size_t top)
{
    size_t max = scroll_max_top(sv);
    sv->top = top > max ? max : top;
}

void scroll_place(ScrollView *sv, int height)
{
    sv->height = height;
    scroll_to(sv, sv->top);
}

void scroll_show(ScrollView *sv, size_t line)
{
    size_t h = sv->height > 0 ? (size_t)sv->height : 1;
    if (line < sv->top || line >= sv->top + h)
        scroll_to(sv, line > 2 ? line - 2 : 0);
}

bool scroll_key(ScrollView *sv, const KeyEvent *ev)
{
    size_t page = sv->height > 2 ? (size_t)sv->height - 2 : 1;
    size_t top = sv->top;
    if (key_is_up(ev))
        top = top ? top - 1 : 0;
    else if (key_is_down(ev))
        top++;
    else if (key_is_fn(ev, KEY_PPAGE) || key_is(ev, KEY_CTRL('b')))
        top = top > page ? top - page : 0;
    else if (key_is_fn(ev, KEY_NPAGE) || key_is(ev, ' ') || key_is(ev, KEY_CTRL('f')))
        top += page;
    else if (key_is_fn(ev, KEY_HOME) || key_is(ev, 'g'))
        top = 0;
    else if (key_is_fn(ev, KEY_END) || key_is(ev, 'G'))
        top = scroll_max_top(sv);
    else if (key_is_wheel(ev))
        top = ev->wheel < 0 ? (top > WHEEL_LINES ? top - WHEEL_LINES : 0) : top + WHEEL_LINES;
    else
        return false;
    scroll_to(sv, top);
    return true;
}

void scroll_draw(const ScrollView *sv, WINDOW *w, Rect r, const TextMark *marks, size_t nmarks,
                 long current)
{
    if (!sv->lines)
        return;
    size_t n = sv->lines->count;
    bool bar = n > (size_t)r.h && r.w > 4;
    Rect text = r;
    if (bar) {
        Rect b = rect_take_right(&text, 1);
        int knob = (int)((double)sv->top / (double)(n - (size_t)r.h) * (b.h - 1) + 0.5);
        for (int i = 0; i < b.h; i++)
            text_draw(w, b.y + i, b.x, 1, theme_attr(i == knob ? TH_ACCENT : TH_BORDER),
                      i == knob ? glyphs()->block_full : glyphs()->vline, (size_t)-1);
    }
    size_t top = sv->top > scroll_max_top(sv) && n > (size_t)r.h ? n - (size_t)r.h : sv->top;
    lines_draw(sv->lines, w, text, top, marks, nmarks, current);
}
