/* The Study pane: flashcards due today graded with FSRS-6, a per-note quiz, the next days'
 * load. Shared between study_panel.c (state, keys) and study_panel_draw.c (drawing only). */
#ifndef RAMPUP_PANELS_STUDY_PANEL_H
#define RAMPUP_PANELS_STUDY_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/notes.h"
#include "engine/study/cards.h"
#include "engine/study/quiz.h"
#include "engine/study/schedule.h"
#include "engine/study/study_params.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/list.h"
#include "tui/scrollview.h"

#define STUDY_FORECAST_DAYS 7

typedef enum StudyMode { STUDY_REVIEW, STUDY_QUIZ_PICK, STUDY_QUIZ } StudyMode;

typedef struct StudyPanel {
    App *app; /* borrowed */
    Rect area, body, side; /* side: the forecast column on wide screens (else empty) */
    bool loaded;
    char state_dir[4096]; /* "" when no state folder: progress is not kept */
    char problem[700];    /* why there are no cards, or "" */

    StudySettings set; /* study_params: new cards a day, desired retention */
    CardDeck deck;
    Schedule sched;
    FsrsParams params;
    int today; /* study day */

    size_t *queue; /* deck indices due now; owned, deck.count long */
    size_t nqueue, nreview, nnew;
    long current;  /* deck index on show (queue head or a card opened by search), -1 none */
    bool revealed;
    FsrsOutcome buttons[4];
    int graded[4]; /* this session, per grade */
    int forecast[STUDY_FORECAST_DAYS]; /* reviews due tomorrow and after */

    StudyMode mode;
    NoteList notes;
    List note_list;
    Quiz quiz;
    bool quiz_open;
    size_t qpos; /* item on show; == quiz.count when the quiz is over */
    bool qrevealed;
    cJSON *scores; /* owned: {note: {"right": r, "total": n}}, the last finished quiz each */

    TextLines text; /* the body, rebuilt when state or width changes */
    ScrollView sv;
    char header[200];
    char button_label[4][32];                 /* "again 1d" */
    char day_label[STUDY_FORECAST_DAYS][16];  /* "Wed 03" */
    char day_text[STUDY_FORECAST_DAYS][16];   /* "12" */
    char forecast_line[256];                  /* the narrow-screen forecast */
} StudyPanel;

void study_draw(const void *st, WINDOW *w, Rect area);
/* Rebuilds text and the header for the current mode (study_panel_draw.c). */
void study_build(StudyPanel *p);

#endif
