/* The braille line plot. */
#include "tui/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text.h"

#define PLOT_MAX_W 240
#define PLOT_MAX_H 100

typedef struct Canvas {
    int w, h; /* cells */
    unsigned char dots[PLOT_MAX_H][PLOT_MAX_W];
    unsigned char role[PLOT_MAX_H][PLOT_MAX_W];
} Canvas;

void plot_axes_init(PlotAxes *ax)
{
    memset(ax, 0, sizeof *ax);
    ax->xmin = ax->xmax = ax->ymin = ax->ymax = NAN;
}

int plot_fmt_compact(char *buf, size_t size, double v)
{
    double a = fabs(v);
    if (a != 0 && (a >= 1e4 || a < 1e-2)) {
        int e = (int)floor(log10(a) + 1e-9);
        double m = v / pow(10, e);
        if (fabs(m - round(m)) < 0.05)
            return snprintf(buf, size, "%.0fe%d", m, e);
        return snprintf(buf, size, "%.1fe%d", m, e);
    }
    if (a >= 1000)
        return snprintf(buf, size, "%.0f", v);
    return snprintf(buf, size, "%.3g", v);
}

static bool usable(double v, bool log_axis) { return isfinite(v) && (!log_axis || v > 0); }
static double tr(double v, bool log_axis) { return log_axis ? log10(v) : v; }

static void set_dot(Canvas *c, int dx, int dy, ThemeRole role)
{
    if (dx < 0 || dy < 0 || dx >= c->w * 2 || dy >= c->h * 4)
        return;
    static const unsigned char bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    int cx = dx / 2, cy = dy / 4;
    c->dots[cy][cx] |= bit[dy % 4][dx % 2];
    c->role[cy][cx] = (unsigned char)role;
}

static void line_dots(Canvas *c, int x0, int y0, int x1, int y1, ThemeRole role)
{
    int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int e = dx + dy;
    for (int guard = 0; guard < 4 * (PLOT_MAX_W + PLOT_MAX_H) * 4; guard++) {
        set_dot(c, x0, y0, role);
        if (x0 == x1 && y0 == y1)
            break;
        int e2 = 2 * e;
        if (e2 >= dy) {
            e += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            e += dx;
            y0 += sy;
        }
    }
}

/* Picks a data range for one axis when the caller left it NAN. */
static void auto_range(const PlotSeries *s, size_t ns, const PlotMark *m, size_t nm, bool is_x,
                       bool log_axis, double *lo, double *hi)
{
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < ns; i++)
        for (size_t k = 0; k < s[i].n; k++) {
            double v = is_x ? s[i].x[k] : s[i].y[k];
            double other = is_x ? s[i].y[k] : s[i].x[k];
            if (usable(v, log_axis) && isfinite(other)) {
                mn = fmin(mn, v);
                mx = fmax(mx, v);
            }
        }
    for (size_t i = 0; i < nm; i++) {
        double v = is_x ? m[i].x : m[i].y;
        if (usable(v, log_axis)) {
            mn = fmin(mn, v);
            mx = fmax(mx, v);
        }
    }
    if (isnan(*lo))
        *lo = isfinite(mn) ? mn : (log_axis ? 1 : 0);
    if (isnan(*hi))
        *hi = isfinite(mx) ? mx : (log_axis ? 10 : 1);
    if (*hi <= *lo)
        *hi = log_axis ? *lo * 10 : *lo + 1;
}

/* Tick values: powers of ten on log axes (thinned to fit), powers of two for byte axes,
 * 1-2-5 steps on linear ones. */
static int ticks(double lo, double hi, bool log_axis, bool binary, int max_ticks, double *out)
{
    int n = 0;
    if (max_ticks < 2)
        max_ticks = 2;
    if (log_axis && binary) {
        int e0 = (int)ceil(log2(lo) - 1e-9), e1 = (int)floor(log2(hi) + 1e-9);
        int step = 1;
        while ((e1 - e0) / step + 1 > max_ticks)
            step++;
        /* Start on a multiple of the step so that 1 KiB, 1 MiB, 1 GiB tend to appear. */
        int first = e0 % step == 0 ? e0 : e0 + (step - ((e0 % step) + step) % step);
        for (int e = first; e <= e1 && n < 16; e += step)
            out[n++] = ldexp(1.0, e);
        if (n > 0)
            return n;
    }
    if (log_axis) {
        int e0 = (int)ceil(log10(lo) - 1e-9), e1 = (int)floor(log10(hi) + 1e-9);
        int step = 1;
        while ((e1 - e0) / step + 1 > max_ticks)
            step++;
        for (int e = e0; e <= e1 && n < 16; e += step)
            out[n++] = pow(10, e);
        return n;
    }
    double span = hi - lo, raw = span / (max_ticks - 1);
    double mag = pow(10, floor(log10(raw)));
    double step = mag * (raw / mag <= 1 ? 1 : raw / mag <= 2 ? 2 : raw / mag <= 5 ? 5 : 10);
    for (double v = ceil(lo / step) * step; v <= hi + step * 1e-9 && n < 16; v += step)
        out[n++] = fabs(v) < step * 1e-9 ? 0 : v;
    return n;
}

void plot_draw(WINDOW *w, Rect r, const PlotAxes *ax, const PlotSeries *series, size_t nseries,
               const PlotMark *marks, size_t nmarks)
{
    if (r.w < 12 || r.h < 4)
        return;
    PlotTickFmt xfmt = ax->xfmt ? ax->xfmt : plot_fmt_compact;
    PlotTickFmt yfmt = ax->yfmt ? ax->yfmt : plot_fmt_compact;
    double xlo = ax->xmin, xhi = ax->xmax, ylo = ax->ymin, yhi = ax->ymax;
    auto_range(series, nseries, marks, nmarks, true, ax->xlog, &xlo, &xhi);
    auto_range(series, nseries, marks, nmarks, false, ax->ylog, &ylo, &yhi);

    /* Layout: y tick labels on the left, x ticks and the x label below, legend on top. */
    bool legend = false;
    for (size_t i = 0; i < nseries; i++)
        legend |= series[i].label != NULL;
    Rect area = r;
    /* The legend is whole at every size: its entries wrap onto as many rows as they need
     * (at most 3), rather than the last ones being left out. */
    int legend_rows = 0;
    if (legend) {
        int x = 0, width = r.w - 8;
        legend_rows = 1;
        for (size_t i = 0; i < nseries; i++) {
            if (!series[i].label)
                continue;
            int need = 2 + text_width(series[i].label, (size_t)-1) + 2;
            if (x > 0 && x + need > width) {
                legend_rows++;
                x = 0;
            }
            x += need;
        }
        if (legend_rows > 3)
            legend_rows = 3;
    }
    Rect legend_row = legend ? rect_take_top(&area, legend_rows) : rect_make(0, 0, 0, 0);
    Rect xlabel_row = ax->xlabel ? rect_take_bottom(&area, 1) : rect_make(0, 0, 0, 0);
    Rect xtick_row = rect_take_bottom(&area, 1);
    double yt[16];
    int nyt = ticks(ylo, yhi, ax->ylog, ax->ybinary, area.h / 2 + 1, yt);
    int yw = 1;
    for (int i = 0; i < nyt; i++) {
        char b[32];
        int n = yfmt(b, sizeof b, yt[i]);
        if (n > yw)
            yw = n;
    }
    Rect ytick_col = rect_take_left(&area, yw + 1);
    Rect axis_col = rect_take_left(&area, 1);
    xtick_row = rect_make(xtick_row.y, area.x, 1, area.w);
    if (rect_empty(area))
        return;

    Canvas c;
    c.w = area.w < PLOT_MAX_W ? area.w : PLOT_MAX_W;
    c.h = area.h < PLOT_MAX_H ? area.h : PLOT_MAX_H;
    memset(c.dots, 0, sizeof c.dots);
    double tx0 = tr(xlo, ax->xlog), tx1 = tr(xhi, ax->xlog);
    double ty0 = tr(ylo, ax->ylog), ty1 = tr(yhi, ax->ylog);
    int dw = c.w * 2 - 1, dh = c.h * 4 - 1;
#define DOT_X(v) ((int)lround((tr((v), ax->xlog) - tx0) / (tx1 - tx0) * dw))
#define DOT_Y(v) (dh - (int)lround((tr((v), ax->ylog) - ty0) / (ty1 - ty0) * dh))
    for (size_t s = 0; s < nseries; s++) {
        int px = 0, py = 0;
        bool have = false;
        for (size_t k = 0; k < series[s].n; k++) {
            double x = series[s].x[k], y = series[s].y[k];
            if (!usable(x, ax->xlog) || !usable(y, ax->ylog)) {
                have = false;
                continue;
            }
            int dx = DOT_X(x), dy = DOT_Y(y);
            /* Clip crudely: points far outside are skipped rather than drawn as walls. */
            if (dx < -dw || dx > 2 * dw || dy < -dh || dy > 2 * dh) {
                have = false;
                continue;
            }
            if (have)
                line_dots(&c, px, py, dx, dy, series[s].role);
            else
                set_dot(&c, dx, dy, series[s].role);
            px = dx;
            py = dy;
            have = true;
        }
    }
    const Glyphs *g = glyphs();
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++) {
            unsigned char d = c.dots[y][x];
            if (!d)
                continue;
            char buf[8];
            if (g->unicode) {
                unsigned cp = 0x2800u + d;
                buf[0] = (char)(0xE0 | (cp >> 12));
                buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                buf[2] = (char)(0x80 | (cp & 0x3F));
                buf[3] = '\0';
            } else {
                buf[0] = (d & 0x0F) && (d & 0xF0) ? '*' : (d & 0x99) ? '\'' : '.';
                buf[1] = '\0';
            }
            text_draw(w, area.y + y, area.x + x, 1, theme_attr((ThemeRole)c.role[y][x]), buf,
                      (size_t)-1);
        }
    /* Each labelled series carries its legend texture on the curve, at a point of its own
     * (spread along x so they do not pile up): the curves stay apart without colour. */
    if (legend)
        for (size_t s = 0; s < nseries; s++) {
            if (!series[s].label || series[s].n == 0)
                continue;
            for (size_t k = (series[s].n - 1) * (s + 1) / (nseries + 1), tries = 0;
                 tries < series[s].n; tries++, k = (k + 1) % series[s].n) {
                double x = series[s].x[k], y = series[s].y[k];
                if (!usable(x, ax->xlog) || !usable(y, ax->ylog))
                    continue;
                int cx = DOT_X(x) / 2, cy = DOT_Y(y) / 4;
                if (cx < 0 || cy < 0 || cx >= c.w || cy >= c.h)
                    continue;
                text_draw(w, area.y + cy, area.x + cx, 1, theme_attr(series[s].role),
                          glyph_texture(s), (size_t)-1);
                break;
            }
        }
    /* Marks on top, with their labels to the right (or left near the edge). */
    for (size_t i = 0; i < nmarks; i++) {
        if (!usable(marks[i].x, ax->xlog) || !usable(marks[i].y, ax->ylog))
            continue;
        int cx = DOT_X(marks[i].x) / 2, cy = DOT_Y(marks[i].y) / 4;
        if (cx < 0 || cy < 0 || cx >= c.w || cy >= c.h)
            continue;
        attr_t a = theme_attr(marks[i].role) | A_BOLD;
        text_draw(w, area.y + cy, area.x + cx, 1, a, g->knob, (size_t)-1);
        if (marks[i].label) {
            int lw = text_width(marks[i].label, (size_t)-1);
            int lx = cx + 2 + lw <= c.w ? cx + 2 : cx - 1 - lw;
            if (lx >= 0)
                text_draw(w, area.y + cy, area.x + lx, c.w - lx, a, marks[i].label, (size_t)-1);
        }
    }
#undef DOT_X
#undef DOT_Y
    /* Axes and ticks. */
    attr_t axis = theme_attr(TH_BORDER), tick = theme_attr(TH_DIM);
    draw_vline(w, area.y, axis_col.x, area.h, axis);
    draw_hline(w, xtick_row.y, area.x, area.w, axis);
    text_draw(w, xtick_row.y, axis_col.x, 1, axis, g->bl, (size_t)-1);
    for (int i = 0; i < nyt; i++) {
        int cy = (int)lround((1 - (tr(yt[i], ax->ylog) - ty0) / (ty1 - ty0)) * (c.h - 1));
        char b[32];
        yfmt(b, sizeof b, yt[i]);
        text_draw_right(w, area.y + cy, ytick_col.x, ytick_col.w - 1, tick, b);
    }
    double xt[16];
    int nxt = ticks(xlo, xhi, ax->xlog, false, area.w / 9 + 1, xt);
    int last_end = -1;
    for (int i = 0; i < nxt; i++) {
        int cx = (int)lround((tr(xt[i], ax->xlog) - tx0) / (tx1 - tx0) * (c.w - 1));
        char b[32];
        int n = xfmt(b, sizeof b, xt[i]);
        int lx = cx - n / 2;
        if (lx < 0)
            lx = 0;
        if (lx + n > area.w)
            lx = area.w - n;
        if (lx <= last_end)
            continue;
        text_draw(w, xtick_row.y, area.x + lx, n, tick, b, (size_t)-1);
        last_end = lx + n;
    }
    if (ax->xlabel)
        text_draw_right(w, xlabel_row.y, area.x, area.w, tick, ax->xlabel);
    if (ax->ylabel)
        text_draw(w, area.y, area.x + 1, area.w - 1, tick, ax->ylabel, (size_t)-1);
    if (legend) {
        /* Swatches use the series' texture, which is also drawn on the curve itself. */
        int x0 = legend_row.x + ytick_col.w + 1, end = legend_row.x + legend_row.w;
        int x = x0, y = legend_row.y;
        for (size_t i = 0; i < nseries; i++) {
            if (!series[i].label)
                continue;
            int need = 2 + text_width(series[i].label, (size_t)-1);
            if (x > x0 && x + need > end) {
                x = x0;
                y++;
            }
            if (y >= legend_row.y + legend_row.h)
                break;
            text_draw(w, y, x, 1, theme_attr(series[i].role), glyph_texture(i), (size_t)-1);
            text_draw(w, y, x + 2, end - x - 2, theme_attr(TH_NORMAL), series[i].label,
                      (size_t)-1);
            x += need + 2;
        }
    }
}
