/* Search everywhere from Home: `/` lists the best note sections, cards, panes and pane links
 * for the query (engine/study/find.h), n / N move the selection, Enter opens it; `:find Q`
 * opens the best hit at once. */
#ifndef RAMPUP_PANELS_HOME_FIND_H
#define RAMPUP_PANELS_HOME_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/study/find.h"
#include "tui/app.h"
#include "tui/lines.h"

#define HOME_FIND_HITS 8

typedef struct HomeFind {
    FindIndex *idx; /* owned; built on the first search */
    bool failed;    /* the index could not be built (the reason went to the status bar) */
    char query[128];
    size_t hits[HOME_FIND_HITS];
    size_t n, sel;
    size_t first_line; /* line of the first hit in the Home text */
} HomeFind;

/* The pane's `search` hook: dir 0 runs query, +1 / -1 move the selection. False: no match. */
bool home_find_search(HomeFind *f, App *app, const char *query, int dir);
/* Appends the results section (nothing when there is no query). */
void home_find_lines(HomeFind *f, TextLines *t, int width);
/* Opens the selected hit; false when there is none. */
bool home_find_open(HomeFind *f, App *app);
/* `:find QUERY` (Home's open argument "find QUERY"): search, then open the best hit. */
bool home_find_jump(HomeFind *f, App *app, const char *query);
void home_find_clear(HomeFind *f);
void home_find_free(HomeFind *f);

#endif
