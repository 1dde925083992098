/* Graph specs: load (YAML, schema, expressions type-checked), JSON dump and the layered layout
 * the pane and `agent show` draw. */
#include "tests/fuzz/fuzz.h"

#include "engine/agent/graph.h"
#include "engine/agent/layout.h"

FUZZ_TARGET
{
    Graph *g = NULL;
    RError err;
    if (graph_load_string("graph.yaml", (const char *)data, size, &g, &err) != 0)
        return 0;
    cJSON_Delete(graph_to_json(g));
    LayoutOptions lo = layout_default();
    GraphLayout l;
    if (graph_layout(g, &lo, &l, &err) == 0) {
        free(graph_layout_ascii(g, &l));
        graph_layout_free(&l);
    }
    graph_free(g);
    return 0;
}
