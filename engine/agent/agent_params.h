/* The Agents topic's settings, declared once: the table behind `rampup agent run` and the
 * Agents pane's links and saved state. */
#ifndef RAMPUP_ENGINE_AGENT_AGENT_PARAMS_H
#define RAMPUP_ENGINE_AGENT_AGENT_PARAMS_H

#include "engine/param.h"

typedef struct AgentSettings {
    char graph[PARAM_NAME_MAX]; /* a graph in <content>/graphs, or a file */
    int max_steps;              /* steps before a run stops (on top of the graph's own limit) */
} AgentSettings;

extern const ParamTable agent_params;

#endif
