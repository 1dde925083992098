/* FSRS-6, the spaced-repetition scheduler of Anki (23.10 and later): a card's memory is a
 * stability S (days until recall probability falls to 90%) and a difficulty D in [1, 10]; each
 * review updates both from the grade and the days elapsed, and the next interval is the day at
 * which the predicted recall falls to the desired retention.
 *
 * As rampup schedules: default parameters, no fuzz, no same-day learning steps (every review,
 * the first included, schedules whole days, as FSRS's "long-term" scheduler does). Checked
 * against the reference implementation on golden sequences (tests/data/fsrs_golden.json). */
#ifndef RAMPUP_ENGINE_STUDY_FSRS_H
#define RAMPUP_ENGINE_STUDY_FSRS_H

#include <stddef.h>

#include "engine/error.h"

#define FSRS_NPARAMS 21
#define FSRS_MAX_INTERVAL 36500 /* days: FSRS's default cap (100 years) */

typedef enum FsrsGrade { FSRS_AGAIN = 1, FSRS_HARD = 2, FSRS_GOOD = 3, FSRS_EASY = 4 } FsrsGrade;

typedef struct FsrsParams {
    double w[FSRS_NPARAMS];
    double retention;  /* desired retention, (0, 1) */
    int max_interval;  /* days */
} FsrsParams;

/* A card's memory state; stability 0 means a new card (never reviewed). */
typedef struct FsrsMemory {
    double stability;  /* days */
    double difficulty; /* [1, 10] */
} FsrsMemory;

/* What one grade would do: the new memory and the next interval in whole days. */
typedef struct FsrsOutcome {
    FsrsMemory memory;
    int interval;
} FsrsOutcome;

/* FSRS-6 defaults, desired retention 0.9, interval cap FSRS_MAX_INTERVAL. */
void fsrs_params_default(FsrsParams *p);

/* Predicted recall probability after `elapsed` days at stability s > 0 (1 at elapsed 0). */
double fsrs_retrievability(const FsrsParams *p, double elapsed, double stability);

/* The four outcomes (index grade-1: again, hard, good, easy) of reviewing a card with memory m
 * (NULL or stability 0 = new) after `elapsed` >= 0 days: the numbers Anki shows on its answer
 * buttons. Intervals are ordered again <= hard < good < easy. */
void fsrs_preview(const FsrsParams *p, const FsrsMemory *m, int elapsed, FsrsOutcome out[4]);

/* One review: preview()[grade - 1]. Returns -1 (err set) for a grade outside 1..4, a negative
 * elapsed or an invalid memory (stability < 0.001 but not 0, difficulty outside [1, 10]). */
int fsrs_review(const FsrsParams *p, const FsrsMemory *m, int elapsed, int grade,
                FsrsOutcome *out, RError *err);

/* Replays one new card's reviews: grades[i] on day days[i] (non-decreasing, days[0] its first
 * review) into out[0..n). Returns -1 with err naming the review at fault. */
int fsrs_simulate(const FsrsParams *p, const int *grades, const int *days, size_t n,
                  FsrsOutcome *out, RError *err);

/* The grade for a name or digit: "again"/"1", "hard"/"2", "good"/"3", "easy"/"4"
 * (case-insensitive); 0 if none. */
int fsrs_grade_parse(const char *s);
const char *fsrs_grade_name(int grade); /* "again".."easy"; "?" outside 1..4 */

/* An interval as Anki labels its buttons: "1d", "25d", "3.2mo", "1.5y" (snprintf-style). */
int fsrs_interval_label(int days, char *buf, size_t size);

#endif
