/* The registered panes (panels/registry.c), in tab order. */
#ifndef RAMPUP_PANELS_REGISTRY_H
#define RAMPUP_PANELS_REGISTRY_H

#include <stddef.h>

#include "tui/panel.h"

extern const PanelClass home_panel;
extern const PanelClass notes_panel;
/* later panes add one extern each, below */
extern const PanelClass scaling_panel;
extern const PanelClass kv_panel;
extern const PanelClass rag_panel;
extern const PanelClass agent_panel;
extern const PanelClass infer_panel;

extern const PanelClass *const panel_classes[];
extern const size_t panel_class_count;

#endif
