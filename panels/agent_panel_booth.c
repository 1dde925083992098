/* The Agents pane's headline figure for booth mode (B, tour scenes): steps of the run. */
#include <stdio.h>
#include <string.h>

#include "panels/agent_panel.h"

bool agent_panel_headline(const void *st, const char *which, char *value, size_t vsize,
                          char *label, size_t lsize)
{
    const AgentPanel *p = st;
    if (!p->run || !p->g || (which && *which && strcmp(which, "steps") != 0))
        return false;
    snprintf(value, vsize, "%zu", run_count(p->run) > 0 ? run_count(p->run) - 1 : 0);
    snprintf(label, lsize, "steps of the %s graph so far", p->g->name);
    return true;
}
