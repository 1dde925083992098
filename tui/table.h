/* Table: columns with titles, widths and alignment over a grid of cell strings. */
#ifndef RAMPUP_TUI_TABLE_H
#define RAMPUP_TUI_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/curses.h"
#include "tui/rect.h"
#include "tui/theme.h"

typedef struct TableColumn {
    const char *title; /* borrowed */
    int width;         /* columns; 0: share what is left */
    bool right;        /* right-aligned (numbers) */
} TableColumn;

/* cells[row * ncols + col] (borrowed strings; NULL = empty). Header in TH_HEADING, then rows
 * from `top`; row `sel` (or -1) highlighted; roles (may be NULL) gives a role per row. */
void table_draw(WINDOW *w, Rect r, const TableColumn *cols, size_t ncols, const char *const *cells,
                size_t nrows, size_t top, long sel, const ThemeRole *roles);

#endif
