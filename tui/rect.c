/* Rect arithmetic: every layout is computed from these pure functions. */
#include "tui/rect.h"

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

Rect rect_make(int y, int x, int h, int w)
{
    return (Rect){y, x, h < 0 ? 0 : h, w < 0 ? 0 : w};
}

Rect rect_inset(Rect r, int dy, int dx)
{
    return rect_make(r.y + dy, r.x + dx, r.h - 2 * dy, r.w - 2 * dx);
}

Rect rect_take_top(Rect *r, int n)
{
    n = clampi(n, 0, r->h);
    Rect top = rect_make(r->y, r->x, n, r->w);
    *r = rect_make(r->y + n, r->x, r->h - n, r->w);
    return top;
}

Rect rect_take_bottom(Rect *r, int n)
{
    n = clampi(n, 0, r->h);
    Rect bottom = rect_make(r->y + r->h - n, r->x, n, r->w);
    *r = rect_make(r->y, r->x, r->h - n, r->w);
    return bottom;
}

Rect rect_take_left(Rect *r, int n)
{
    n = clampi(n, 0, r->w);
    Rect left = rect_make(r->y, r->x, r->h, n);
    *r = rect_make(r->y, r->x + n, r->h, r->w - n);
    return left;
}

Rect rect_take_right(Rect *r, int n)
{
    n = clampi(n, 0, r->w);
    Rect right = rect_make(r->y, r->x + r->w - n, r->h, n);
    *r = rect_make(r->y, r->x, r->h, r->w - n);
    return right;
}

void rect_split_h(Rect r, int percent, int min_left, int gap, Rect *left, Rect *right)
{
    int avail = r.w - gap < 0 ? 0 : r.w - gap;
    int lw = avail * clampi(percent, 0, 100) / 100;
    if (lw < min_left)
        lw = min_left < avail ? min_left : avail;
    Rect rest = r;
    *left = rect_take_left(&rest, lw);
    rect_take_left(&rest, gap);
    *right = rest;
}

void rect_split_v(Rect r, int percent, int min_top, int gap, Rect *top, Rect *bottom)
{
    int avail = r.h - gap < 0 ? 0 : r.h - gap;
    int th = avail * clampi(percent, 0, 100) / 100;
    if (th < min_top)
        th = min_top < avail ? min_top : avail;
    Rect rest = r;
    *top = rect_take_top(&rest, th);
    rect_take_top(&rest, gap);
    *bottom = rest;
}

Rect rect_center(Rect r, int h, int w)
{
    h = clampi(h, 0, r.h);
    w = clampi(w, 0, r.w);
    return rect_make(r.y + (r.h - h) / 2, r.x + (r.w - w) / 2, h, w);
}

bool rect_contains(Rect r, int y, int x)
{
    return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

bool rect_empty(Rect r) { return r.h <= 0 || r.w <= 0; }
