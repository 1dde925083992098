/* The Evals pane's headline figures for booth mode (B, tour scenes): from the last report. */
#include <stdio.h>
#include <string.h>

#include "panels/evals_panel.h"

bool evals_panel_headline(const void *st, const char *which, char *value, size_t vsize,
                          char *label, size_t lsize)
{
    const EvPanel *p = st;
    if (!which || !*which || strcmp(which, "halfwidth") == 0) {
        if (!p->ok)
            return false;
        snprintf(value, vsize, "±%.1f", (p->wilson.high - p->wilson.low) * 50);
        snprintf(label, lsize, "points: the %.0f%% interval of %.0f%% on %d items (Wilson)",
                 p->set.confidence * 100, p->set.accuracy * 100, p->set.n);
    } else if (strcmp(which, "passk") == 0) {
        snprintf(value, vsize, "%.0f%%", p->passk * 100);
        snprintf(label, lsize, "pass@%d with %d of %d samples correct", p->pks.k, p->pks.c, p->pks.n);
    } else {
        return false;
    }
    return true;
}
