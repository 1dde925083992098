/* The RAG pane's headline figures for booth mode (B, tour scenes): read from the last search. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels/rag_panel.h"

bool rag_panel_headline(const void *st, const char *which, char *value, size_t vsize, char *label,
                        size_t lsize)
{
    const RagPanel *p = st;
    if (!which || !*which || strcmp(which, "score") == 0) {
        if (p->nres == 0 || !isfinite(p->res[0].score))
            return false;
        snprintf(value, vsize, "%.2f", p->res[0].score);
        snprintf(label, lsize, "%s score of the best match for \"%s\"", rag_method_name(p->set.method),
                 p->box.text);
    } else if (strcmp(which, "results") == 0) {
        snprintf(value, vsize, "%zu", p->nres);
        snprintf(label, lsize, "passages found for \"%s\" (%s)", p->box.text,
                 rag_method_name(p->set.method));
    } else if (strcmp(which, "ms") == 0) {
        snprintf(value, vsize, "%.1f ms", p->t_total * 1e3);
        snprintf(label, lsize, "to search every note for \"%s\"", p->box.text);
    } else {
        return false;
    }
    return true;
}
