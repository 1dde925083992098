/* The Scaling parameter table. The default budget is Gopher's 5.76e23 FLOP (Hoffmann et al.
 * 2022, Table 3 context); MFU 0.4 is a typical large-run utilisation, a stated assumption. */
#include "engine/scaling/scaling_params.h"

#include <stddef.h>

static const ParamName law_items[] = {
    {"chinchilla1", "Chinchilla approach 1", "approach1"},
    {"chinchilla2", "Chinchilla approach 2", "approach2"},
    {"chinchilla3", "Chinchilla approach 3", "approach3|chinchilla|hoffmann"},
    {"chinchilla3-rounded", "Chinchilla approach 3, rounded", NULL},
    {"epoch", "Epoch AI refit (Besiroglu et al. 2024)", "besiroglu"},
    {"kaplan", "Kaplan et al. 2020", "openai"},
    {"all", "every law", NULL},
};
const ParamNames scaling_law_names = {"law", "scaling law", "rampup scaling --help", law_items,
                                      sizeof law_items / sizeof law_items[0]};

#define F(field) offsetof(ScalingSettings, field)
static const ParamSpec specs[] = {
    {.name = "law", .kind = PARAM_ENUM, .offset = F(law), .def = SCALING_LAW_ALL,
     .choices = &scaling_law_names, .help = "scaling law (all: side by side)"},
    {.name = "compute", .kind = PARAM_REAL, .offset = F(compute), .min = 1e10, .max = 1e35,
     .def = SCALING_GOPHER_FLOPS, .unit = "FLOP", .suffix = PARAM_SFX_FLOPS,
     .help = "training budget C"},
    {.name = "params", .kind = PARAM_REAL, .offset = F(params), .min = 1e3, .max = 1e16,
     .def = 1e9, .suffix = PARAM_SFX_DECIMAL, .help = "a given model's parameters N"},
    {.name = "tokens", .kind = PARAM_REAL, .offset = F(tokens), .min = 1e3, .max = 1e18,
     .def = 1e10, .suffix = PARAM_SFX_DECIMAL, .help = "its training tokens D"},
    {.name = "gpu", .kind = PARAM_NAME, .offset = F(gpu), .def_name = "h100-sxm",
     .help = "GPU preset for the training time (rampup kv --list-gpus)", .list = "gpu"},
    {.name = "gpus", .kind = PARAM_INT, .offset = F(gpus), .min = 1, .max = 1e7, .def = 1024,
     .suffix = PARAM_SFX_DECIMAL, .help = "GPUs training together"},
    {.name = "mfu", .kind = PARAM_REAL, .offset = F(mfu), .min = 0.001, .max = 1, .def = 0.4,
     .help = "model FLOPs utilisation"},
    {.name = "inference_tokens", .kind = PARAM_REAL, .offset = F(inference_tokens), .min = 0,
     .max = 1e20, .def = 0, .suffix = PARAM_SFX_DECIMAL, .alias = "inference",
     .help = "lifetime inference tokens: the Sardana et al. (2023) optimum (0: none)"},
};
#undef F

const ParamTable scaling_params = {"scaling", specs, sizeof specs / sizeof specs[0],
                                   sizeof(ScalingSettings), "law"};
