/* Plot: line series on linear or log axes, drawn in Unicode braille (2×4 dots a cell) or, when
 * the locale is not UTF-8, in ASCII. Axis ticks on the left and bottom; marked points labelled. */
#ifndef RAMPUP_TUI_PLOT_H
#define RAMPUP_TUI_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/curses.h"
#include "tui/rect.h"
#include "tui/theme.h"

typedef int (*PlotTickFmt)(char *buf, size_t size, double v);

typedef struct PlotAxes {
    bool xlog, ylog;
    bool ybinary;                  /* log y axis of bytes: ticks at powers of two (1 GiB, 8 GiB) */
    double xmin, xmax, ymin, ymax; /* NAN: from the data */
    const char *xlabel, *ylabel;   /* borrowed; may be NULL */
    PlotTickFmt xfmt, yfmt;        /* NULL: compact (1e21, 2.5, 300) */
} PlotAxes;

typedef struct PlotSeries {
    const double *x, *y; /* borrowed; n points; non-finite points (and <= 0 on log axes) skipped */
    size_t n;
    ThemeRole role;
    const char *label;   /* borrowed; shown in the legend when any series has one */
} PlotSeries;

typedef struct PlotMark {
    double x, y;
    const char *label; /* borrowed; may be NULL */
    ThemeRole role;
} PlotMark;

/* Initializes axes to auto ranges, linear, no labels. */
void plot_axes_init(PlotAxes *ax);
void plot_draw(WINDOW *w, Rect r, const PlotAxes *ax, const PlotSeries *series, size_t nseries,
               const PlotMark *marks, size_t nmarks);
/* Compact tick text: 1e21, 2.5k? no — 2500, 0.05. */
int plot_fmt_compact(char *buf, size_t size, double v);

#endif
