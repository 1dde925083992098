/* The Evals parameter tables. Ranges are the engine's bounds (evals.h); the defaults show a
 * 3-point gap on 1,000 items (not significant at 95 %) and pass@k with Chen et al.'s n = 200
 * samples per problem. */
#include "engine/evals/evals_params.h"

#include <stddef.h>

#include "engine/evals/evals.h"

#define F(field) offsetof(EvalsSettings, field)
static const ParamSpec specs[] = {
    {.name = "n", .kind = PARAM_INT, .offset = F(n), .min = 1, .max = EVALS_MAX_N, .def = 1000,
     .suffix = PARAM_SFX_DECIMAL, .help = "items scored"},
    {.name = "accuracy", .kind = PARAM_REAL, .offset = F(accuracy), .min = 0, .max = 1,
     .def = 0.5, .help = "accuracy of model A (0.5: the widest interval)"},
    {.name = "accuracy2", .kind = PARAM_REAL, .offset = F(accuracy2), .min = 0, .max = 1,
     .def = 0.53, .help = "accuracy of model B"},
    {.name = "n2", .kind = PARAM_INT, .offset = F(n2), .min = 0, .max = EVALS_MAX_N, .def = 0,
     .suffix = PARAM_SFX_DECIMAL, .help = "B's items when not the same (0: n)"},
    {.name = "only_a", .kind = PARAM_INT, .offset = F(only_a), .min = 0, .max = EVALS_MAX_N,
     .def = 0, .suffix = PARAM_SFX_DECIMAL, .alias = "b",
     .help = "paired: items only A got right (McNemar's b)"},
    {.name = "only_b", .kind = PARAM_INT, .offset = F(only_b), .min = 0, .max = EVALS_MAX_N,
     .def = 0, .suffix = PARAM_SFX_DECIMAL, .help = "paired: items only B got right (c)"},
    {.name = "margin", .kind = PARAM_REAL, .offset = F(margin), .min = 0.001, .max = 0.5,
     .def = 0.02, .help = "wanted half-width of the interval (0.02: +-2 points)"},
    {.name = "confidence", .kind = PARAM_REAL, .offset = F(confidence), .min = 0.5,
     .max = 0.9999, .def = 0.95, .help = "confidence level"},
};
#undef F

const ParamTable evals_params = {"evals", specs, sizeof specs / sizeof specs[0],
                                 sizeof(EvalsSettings), NULL};

#define P(field) offsetof(PasskSettings, field)
static const ParamSpec pk_specs[] = {
    {.name = "n", .kind = PARAM_INT, .offset = P(n), .min = 1, .max = EVALS_MAX_N, .def = 200,
     .suffix = PARAM_SFX_DECIMAL, .help = "samples per problem"},
    {.name = "c", .kind = PARAM_INT, .offset = P(c), .min = 0, .max = EVALS_MAX_N, .def = 10,
     .suffix = PARAM_SFX_DECIMAL, .help = "correct samples (at most n)"},
    {.name = "k", .kind = PARAM_INT, .offset = P(k), .min = 1, .max = EVALS_MAX_N, .def = 10,
     .suffix = PARAM_SFX_DECIMAL, .help = "k of pass@k (at most n)"},
};
#undef P

const ParamTable passk_params = {"evals passk", pk_specs, sizeof pk_specs / sizeof pk_specs[0],
                                 sizeof(PasskSettings), NULL};
