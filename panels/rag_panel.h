/* The RAG pane's private parts: its state, and the side views (explain, pipeline, chunks,
 * measured table) built in panels/rag_panel_views.c. */
#ifndef RAMPUP_PANELS_RAG_PANEL_H
#define RAMPUP_PANELS_RAG_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/rag/retriever.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/scrollview.h"
#include "tui/textbox.h"

typedef enum SideView { VIEW_EXPLAIN, VIEW_PIPELINE, VIEW_CHUNKS, VIEW_TABLE, VIEW_COUNT } SideView;

#define RAG_MAX_K 50

typedef struct RagPanel {
    App *app;            /* borrowed */
    RagCorpus *corpus;   /* owned */
    RagEngine *eng;      /* owned */
    bool tried;          /* index build attempted (once) */
    char error[600];     /* why there is no index */
    RagSettings set;
    TextBox box;
    bool box_focus;
    SideView view;
    RagResult res[RAG_MAX_K];
    size_t nres;
    int sel;
    RagPipeline pipe;
    double t_total;      /* seconds for the last search */
    char last_error[600];
    TextLines results;   /* owned: rebuilt on search and resize */
    ScrollView rsv;
    size_t res_line[RAG_MAX_K]; /* first rendered line of each result */
    TextLines side;      /* owned */
    ScrollView ssv;
    long side_focus;     /* side line to keep in view (the selected chunk), -1 for none */
    Rect area, box_area, head_area, res_area, side_area;
} RagPanel;
/* The last heading of a path "A > B > C" ("C"). */
const char *rag_innermost(const char *heading);

/* Rebuilds p->side for the current view, result and width. */
void rag_build_side(RagPanel *p);
/* Booth mode (rag_panel_booth.c): figures score, results, ms. */
bool rag_panel_headline(const void *st, const char *which, char *value, size_t vsize, char *label,
                        size_t lsize);

#endif
