/* The list widget. */
#include "tui/list.h"

#include "tui/text.h"
#include "tui/theme.h"

static void clamp_view(List *l)
{
    if (l->count <= 0) {
        l->sel = -1;
        l->top = 0;
        return;
    }
    if (l->sel < 0)
        l->sel = 0;
    if (l->sel >= l->count)
        l->sel = l->count - 1;
    int h = l->height > 0 ? l->height : 1;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + h)
        l->top = l->sel - h + 1;
    if (l->top > l->count - h)
        l->top = l->count - h;
    if (l->top < 0)
        l->top = 0;
}

void list_init(List *l, int count)
{
    *l = (List){count, count > 0 ? 0 : -1, 0, 1, {0, 0, 0, 0}};
}

void list_set_count(List *l, int count)
{
    l->count = count;
    clamp_view(l);
}

void list_place(List *l, Rect area)
{
    l->area = area;
    l->height = area.h;
    clamp_view(l);
}

void list_select(List *l, int index)
{
    l->sel = index;
    clamp_view(l);
}

bool list_key(List *l, const KeyEvent *ev)
{
    int page = l->height > 1 ? l->height - 1 : 1;
    int old = l->sel;
    if (key_is_up(ev))
        l->sel--;
    else if (key_is_down(ev))
        l->sel++;
    else if (key_is_fn(ev, KEY_PPAGE))
        l->sel -= page;
    else if (key_is_fn(ev, KEY_NPAGE))
        l->sel += page;
    else if (key_is_fn(ev, KEY_HOME) || key_is(ev, 'g'))
        l->sel = 0;
    else if (key_is_fn(ev, KEY_END) || key_is(ev, 'G'))
        l->sel = l->count - 1;
    else if (key_is_click(ev) && rect_contains(l->area, ev->mouse_y, ev->mouse_x))
        l->sel = l->top + (ev->mouse_y - l->area.y);
    else if (key_is_wheel(ev) && rect_contains(l->area, ev->mouse_y, ev->mouse_x))
        l->sel += ev->wheel * WHEEL_LINES;
    else
        return false;
    if (l->count <= 0) {
        l->sel = -1;
        return old != -1;
    }
    if (l->sel < 0)
        l->sel = 0;
    clamp_view(l);
    return true;
}

void list_draw(const List *l, WINDOW *w, Rect area, ListRowFn row, const void *ctx, bool focused)
{
    if (rect_empty(area))
        area = l->area;
    int top = l->top;
    if (l->sel >= 0 && (l->sel < top || l->sel >= top + area.h)) /* area changed since place */
        top = l->sel - area.h + 1 > 0 ? l->sel - area.h + 1 : 0;
    for (int r = 0; r < area.h; r++) {
        int i = top + r;
        if (i >= l->count)
            break;
        char buf[512];
        int role = TH_NORMAL;
        buf[0] = '\0';
        row(ctx, i, buf, sizeof buf, &role);
        attr_t a = theme_attr((ThemeRole)role);
        if (i == l->sel) {
            a = focused ? theme_attr(TH_SELECTED) : (a | A_BOLD);
            fill_rect(w, rect_make(area.y + r, area.x, 1, area.w), a);
        }
        text_draw(w, area.y + r, area.x, area.w, a, buf, (size_t)-1);
    }
}
