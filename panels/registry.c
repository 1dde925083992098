/* The panes, in tab order. A pane is listed here only once it works. */
#include "panels/registry.h"

#include <stddef.h>

const PanelClass *const panel_classes[] = {
    &home_panel,
    &notes_panel,
    /* later panes add one line each, below */
    &scaling_panel,
    &kv_panel,
    &rag_panel,
    &agent_panel,
    &infer_panel,
};

const size_t panel_class_count = sizeof panel_classes / sizeof panel_classes[0];
