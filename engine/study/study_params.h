/* The Study topic's settings, declared once: `rampup study` options, the Study pane's
 * `:pane study …` pairs and its saved state. */
#ifndef RAMPUP_ENGINE_STUDY_STUDY_PARAMS_H
#define RAMPUP_ENGINE_STUDY_STUDY_PARAMS_H

#include "engine/param.h"
#include "engine/study/fsrs.h"

typedef struct StudySettings {
    int new_per_day;  /* new cards introduced a day */
    double retention; /* desired retention: the recall probability at which a card is due */
} StudySettings;

extern const ParamTable study_params;

/* FSRS-6 defaults with the settings' desired retention. */
void study_fsrs_params(const StudySettings *s, FsrsParams *p);

#endif
