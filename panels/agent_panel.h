/* Internal to the Agents pane: its state, shared by agent_panel.c (keys, engine calls) and
 * agent_panel_draw.c (drawing only). */
#ifndef RAMPUP_PANELS_AGENT_PANEL_H
#define RAMPUP_PANELS_AGENT_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/agent/graph.h"
#include "engine/agent/layout.h"
#include "engine/agent/runtime.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/textbox.h"

#define AGENT_MAX_ROWS 256

/* One row of the state tree: a state key, or (expanded) one of its items. */
typedef struct StateRow {
    int key;        /* index of the state key in the graph */
    int depth;      /* 0 = key row, 1 = child */
    bool changed;   /* the last step changed this key */
    char text[256]; /* the formatted row */
} StateRow;

typedef struct AgentPanel {
    App *app;          /* borrowed */
    int graph_idx;     /* 0: research, 1: calculator_agent */
    Graph *g;          /* owned */
    Run *run;          /* owned */
    AgentEnv env;      /* strings borrowed from the app */
    GraphLayout lay;   /* owned; recomputed on resize and graph change */
    unsigned char *arms; /* owned: per layout cell, the line arms (1 up, 2 down, 4 left, 8 right) */
    int arms_w, arms_h;
    char **inputs;     /* owned: note paths (research) or questions (calculator) */
    size_t ninputs;
    size_t input_idx;
    int sel_node;      /* node selected for breakpoints */
    int sel_row;       /* selected state-tree row */
    bool expanded[64]; /* per state key */
    StateRow rows[AGENT_MAX_ROWS];
    int nrows;
    int rows_top;      /* first visible state row */
    bool editing;      /* fork: editing the selected key's value */
    TextBox tb;
    Rect area, graph_r, side_r;
    int graph_top;     /* first layout row shown */
    TextLines router;  /* owned: the router's decision, wrapped to the side column (build_rows) */
    char message[256]; /* what the last key did */
    char error[256];   /* why the graph could not load ("" when it did) */
} AgentPanel;

/* agent_value.c: Enter on a state key shows its whole value in a text overlay, wrapped and
 * Markdown rendered. */
void agent_value_open(AgentPanel *p, int key);

/* agent_panel_draw.c */
void agent_panel_draw(const void *st, WINDOW *w, Rect area);
/* Recomputes the per-cell line arms of the layout (call after graph_layout). */
void agent_panel_arms(AgentPanel *p);
/* Booth mode (agent_panel_booth.c): the figure steps. */
bool agent_panel_headline(const void *st, const char *which, char *value, size_t vsize,
                          char *label, size_t lsize);

#endif
