/* The slider widget. */
#include "tui/slider.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/format.h"
#include "tui/text.h"
#include "tui/theme.h"

void slider_bind(Slider *s, const ParamSpec *spec, double lo, double hi)
{
    s->min = lo > spec->min ? lo : spec->min;
    s->max = hi < spec->max ? hi : spec->max;
    s->integer = spec->kind == PARAM_INT || spec->kind == PARAM_U64;
    slider_set(s, spec->def);
}

bool slider_refuses(const Slider *s, const ParamSpec *spec, const void *settings,
                    const char *command, char *msg, size_t size)
{
    double v = param_get(spec, settings);
    if (v >= s->min && v <= s->max)
        return false;
    char lo[32], hi[32];
    param_format_number(spec, s->min, lo, sizeof lo);
    param_format_number(spec, s->max, hi, sizeof hi);
    snprintf(msg, size, "%s: the pane shows %s..%s (rampup %s takes more)", spec->name, lo, hi,
             command);
    return true;
}

void slider_set(Slider *s, double v)
{
    if (!isfinite(v))
        v = s->min;
    if (v < s->min)
        v = s->min;
    if (v > s->max)
        v = s->max;
    if (s->integer)
        v = round(v);
    s->value = v;
}

static double stepped(const Slider *s, double v, int n)
{
    if (s->log) {
        double f = s->step > 1 ? s->step : 2;
        double next = v * pow(f, n);
        if (v <= 0)
            next = n > 0 ? (s->min > 0 ? s->min : 1) : s->min;
        if (s->integer && fabs(round(next) - v) < 1) /* always move by at least one */
            next = v + (n > 0 ? 1 : -1);
        return next;
    }
    return v + s->step * n;
}

bool slider_key(Slider *s, const KeyEvent *ev)
{
    double old = s->value, v = s->value;
    if (key_is_left(ev))
        v = stepped(s, v, -1);
    else if (key_is_right(ev))
        v = stepped(s, v, 1);
    else if (key_is(ev, 'H') || key_is_fn(ev, KEY_SLEFT))
        v = stepped(s, v, -10);
    else if (key_is(ev, 'L') || key_is_fn(ev, KEY_SRIGHT))
        v = stepped(s, v, 10);
    else if (key_is_fn(ev, KEY_HOME))
        v = s->min;
    else if (key_is_fn(ev, KEY_END))
        v = s->max;
    else
        return false;
    slider_set(s, v);
    return s->value != old;
}

int slider_format(const Slider *s, char *buf, size_t size)
{
    int n;
    switch (s->format) {
    case SLIDER_COUNT: n = fmt_count(buf, size, s->value); break;
    case SLIDER_BYTES: n = fmt_bytes(buf, size, s->value); break;
    case SLIDER_FLOAT: n = snprintf(buf, size, "%.*f", s->decimals, s->value); break;
    case SLIDER_SCI: n = fmt_sci(buf, size, s->value); break;
    case SLIDER_PERCENT: n = snprintf(buf, size, "%.0f%%", s->value * 100); break;
    default: n = snprintf(buf, size, "%.0f", s->value); break;
    }
    if (s->unit && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " %s", s->unit);
    return n;
}

static double position(const Slider *s)
{
    if (s->max <= s->min)
        return 0;
    if (s->log && s->min > 0)
        return (log(s->value) - log(s->min)) / (log(s->max) - log(s->min));
    return (s->value - s->min) / (s->max - s->min);
}

/* The track of a slider drawn in r: its first column and width (0 when there is none). */
static int track_of(Rect r, int label_w, int *x0)
{
    const int vw = 14;
    int w = r.w - label_w;
    *x0 = r.x + label_w;
    return w < vw + 6 ? 0 : w - vw - 1;
}

bool slider_click(Slider *s, const KeyEvent *ev, Rect r, int label_w)
{
    if (!key_is_click(ev) || ev->mouse_y != r.y)
        return false;
    int x0, track = track_of(r, label_w, &x0);
    if (track < 2 || ev->mouse_x < x0 || ev->mouse_x >= x0 + track)
        return false;
    double p = (double)(ev->mouse_x - x0) / (double)(track - 1), old = s->value;
    double v = s->log && s->min > 0 ? exp(log(s->min) + p * (log(s->max) - log(s->min)))
                                    : s->min + p * (s->max - s->min);
    slider_set(s, v);
    return s->value != old;
}

void slider_draw(const Slider *s, WINDOW *w, Rect r, int label_w, bool focused)
{
    if (rect_empty(r))
        return;
    char value[64];
    slider_format(s, value, sizeof value);
    Rect row = rect_make(r.y, r.x, 1, r.w);
    Rect label = rect_take_left(&row, label_w);
    attr_t la = focused ? theme_attr(TH_SELECTED) : theme_attr(TH_NORMAL);
    if (focused)
        fill_rect(w, label, la);
    text_draw(w, label.y, label.x, label.w - 1, la, s->label, (size_t)-1);
    int vw = 14;
    if (row.w < vw + 6) { /* too narrow for a track: value only */
        text_draw(w, row.y, row.x, row.w, theme_attr(TH_VALUE), value, (size_t)-1);
        return;
    }
    Rect val = rect_take_right(&row, vw);
    int track = row.w - 1;
    double p = position(s);
    int knob = (int)lround(p * (track - 1));
    const Glyphs *g = glyphs();
    for (int i = 0; i < track; i++) {
        bool filled = i < knob;
        text_draw(w, row.y, row.x + i, 1,
                  theme_attr(filled ? TH_ACCENT : TH_BORDER), filled ? g->hline : g->hline,
                  (size_t)-1);
    }
    text_draw(w, row.y, row.x + knob, 1, theme_attr(focused ? TH_KEY : TH_ACCENT), g->knob,
              (size_t)-1);
    text_draw_right(w, val.y, val.x, val.w, theme_attr(TH_VALUE), value);
}
