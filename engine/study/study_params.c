/* The Study parameter table. */
#include "engine/study/study_params.h"

#include <stddef.h>

#define F(field) offsetof(StudySettings, field)
static const ParamSpec specs[] = {
    {.name = "new_per_day", .kind = PARAM_INT, .offset = F(new_per_day), .min = 0, .max = 1000,
     .def = 20, .unit = "cards", .help = "new cards a day (Anki's default: 20)"},
    /* FSRS's default desired retention is 0.9; Anki allows 0.70 to 0.99. */
    {.name = "retention", .kind = PARAM_REAL, .offset = F(retention), .min = 0.7, .max = 0.99,
     .def = 0.9, .help = "desired retention: cards come due when recall is predicted to fall to it"},
};
#undef F

const ParamTable study_params = {"study", specs, sizeof specs / sizeof specs[0],
                                 sizeof(StudySettings), NULL};

void study_fsrs_params(const StudySettings *s, FsrsParams *p)
{
    fsrs_params_default(p);
    p->retention = s->retention;
}
