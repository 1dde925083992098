/* The Agents parameter table. */
#include "engine/agent/agent_params.h"

#include <stddef.h>

#define F(field) offsetof(AgentSettings, field)
static const ParamSpec specs[] = {
    {.name = "graph", .kind = PARAM_NAME, .offset = F(graph), .def_name = "research",
     .list = "graph", .help = "a graph in <content>/graphs (research, calculator_agent) or a file"},
    {.name = "max_steps", .kind = PARAM_INT, .offset = F(max_steps), .min = 1, .max = 100000,
     .def = 1000, .help = "steps before the run stops"},
};
#undef F

const ParamTable agent_params = {"agent", specs, sizeof specs / sizeof specs[0],
                                 sizeof(AgentSettings), "graph"};
