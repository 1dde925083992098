/* A layered (Sugiyama-style) layout of an agent graph as pure data: box positions and edge
 * routes in character cells, top to bottom, loops routed up the right-hand side. The pane
 * and `rampup agent show` draw from it. */
#ifndef RAMPUP_ENGINE_AGENT_LAYOUT_H
#define RAMPUP_ENGINE_AGENT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/agent/graph.h"
#include "engine/error.h"

#define LAYOUT_MAX_POINTS 8

typedef struct LayoutOptions {
    int box_h; /* 1 (a bracketed label) or 3 (a bordered box) */
    int gap;   /* empty rows between layers (>= 2: a routing row and an arrow row) */
    int hgap;  /* columns between boxes of one layer */
} LayoutOptions;

LayoutOptions layout_default(void); /* box_h 3, gap 2, hgap 3 */

typedef struct LayoutBox {
    int node;   /* node index, or GRAPH_END */
    int layer;
    int x, y, w, h;
    char label[48];
} LayoutBox;

typedef struct LayoutPoint {
    int x, y;
} LayoutPoint;

typedef enum LayoutEdgeKind { LE_PLAIN, LE_BRANCH, LE_ERROR } LayoutEdgeKind;

typedef struct LayoutEdge {
    int from, to;         /* node indices or GRAPH_END */
    LayoutEdgeKind kind;
    char label[24];       /* branch label, "error", or "" */
    bool back;            /* a loop: goes up (drawn on the right, arrow pointing left) */
    LayoutPoint pts[LAYOUT_MAX_POINTS]; /* the polyline; the last point carries the arrow head */
    int npts;
    int label_x, label_y; /* where the label starts (-1 when none) */
} LayoutEdge;

typedef struct GraphLayout {
    LayoutBox *boxes; /* owned: one per node, then END last */
    size_t nboxes;
    LayoutEdge *edges; /* owned */
    size_t nedges;
    int width, height;
    int layers;
} GraphLayout;

int graph_layout(const Graph *g, const LayoutOptions *opt, GraphLayout *out, RError *err);
void graph_layout_free(GraphLayout *l);
/* The box of a node (or GRAPH_END); NULL when absent. */
const LayoutBox *layout_box(const GraphLayout *l, int node);

/* An ASCII drawing (+-|v<>) as a new string, one line per row, trailing spaces trimmed. */
char *graph_layout_ascii(const Graph *g, const GraphLayout *l);

#endif
