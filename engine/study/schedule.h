/* The review schedule: one FSRS memory state per card id, the day it is next due, and the
 * session queue and load forecast computed from it. Days are whole local days since
 * 1970-01-01 (study_day_of), so "due today" does not flip at UTC midnight. Saved on its own in
 * <state dir>/study/state.json, atomically after every grade (engine/state.h). */
#ifndef RAMPUP_ENGINE_STUDY_SCHEDULE_H
#define RAMPUP_ENGINE_STUDY_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cJSON.h>

#include "engine/error.h"
#include "engine/study/cards.h"
#include "engine/study/fsrs.h"

#define STUDY_NEW_PER_DAY 20  /* new cards a day, Anki's default */
#define STUDY_FORECAST_MAX 366 /* days a forecast may span */

typedef struct CardState {
    char id[CARD_ID_MAX];
    FsrsMemory memory;
    int first_day, last_day, due_day; /* study days */
    int reps, lapses;
} CardState;

typedef struct Schedule {
    CardState *items; /* owned; insertion order */
    size_t count, cap;
} Schedule;

/* The study day of a time (local calendar). */
int study_day_of(time_t t);
/* "2026-12-01" -> its study day; -1 when not a valid date. */
int study_day_parse(const char *s);
/* A study day as "2026-12-01" (snprintf-style). */
int study_day_format(int day, char *buf, size_t size);

/* Reads the "cards" object of a schedule document. Entries that are not valid states (bad id,
 * non-finite or out-of-range numbers) are skipped and counted in *skipped (may be NULL). */
int schedule_from_json(const cJSON *doc, Schedule *out, size_t *skipped, RError *err);
/* {"version": 1, "cards": {id: {s, d, first, last, due, reps, lapses}}}; NULL on OOM. */
cJSON *schedule_to_json(const Schedule *s);

/* <dir>/study/state.json; a missing file is an empty schedule; a corrupt one is moved aside
 * (warning says so, as state_load does). */
int schedule_load(const char *state_dir, Schedule *out, char *warning, size_t wsize,
                  RError *err);
int schedule_save(const char *state_dir, const Schedule *s, RError *err);
void schedule_free(Schedule *s);

/* NULL for a card never reviewed. */
const CardState *schedule_find(const Schedule *s, const char *id);

/* The four button outcomes for reviewing card `id` on day `today`. */
void schedule_preview(const Schedule *s, const FsrsParams *p, const char *id, int today,
                      FsrsOutcome out[4]);
/* Records a review (grade 1..4) on day today. out (may be NULL) receives the outcome. */
int schedule_review(Schedule *s, const FsrsParams *p, const char *id, int grade, int today,
                    FsrsOutcome *out, RError *err);

/* The session queue for day today: cards due (due_day <= today) most overdue first, then new
 * cards in file order, at most new_per_day of them counting those first reviewed today.
 * Writes up to max deck indices into out; returns how many (and the split, may be NULL). */
size_t study_queue(const CardDeck *deck, const Schedule *s, int today, int new_per_day,
                   size_t *out, size_t max, size_t *nreview, size_t *nnew);

/* Reviews due on each of the days today .. today+ndays-1 (day 0 includes the overdue ones)
 * among the deck's cards. ndays is clamped to STUDY_FORECAST_MAX. */
void study_forecast(const CardDeck *deck, const Schedule *s, int today, int ndays, int *counts);

#endif
