/* A quiz on one note: the research agent's cloze and "why" questions on its text (the
 * `generate_questions` node of the research pipeline, engine/agent) plus the flashcards that
 * come from the note, each tied to the section it tests, and a score. */
#ifndef RAMPUP_ENGINE_STUDY_QUIZ_H
#define RAMPUP_ENGINE_STUDY_QUIZ_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"
#include "engine/study/cards.h"

#define QUIZ_MAX_ITEMS 128

typedef struct QuizItem {
    char kind[8];      /* "cloze", "why" or "card" */
    char *question;    /* owned */
    char *answer;      /* owned */
    char section[160]; /* the heading the item comes from ("" = before the first heading) */
    int line;          /* source line of the sentence (cards: 0) */
    int verdict;       /* 0 unanswered, 1 right, -1 wrong */
} QuizItem;

typedef struct Quiz {
    char note[128]; /* file name */
    QuizItem *items;
    size_t count;
} Quiz;

/* Builds the quiz for notes_dir/note (agent questions first, in note order, then the note's
 * cards in deck order; deck may be NULL). Live figures read as their values with the presets
 * of content_dir (may be NULL). At most QUIZ_MAX_ITEMS items. An unreadable note or one with
 * nothing to ask about is an error. */
int quiz_build(const char *notes_dir, const char *content_dir, const char *note,
               const CardDeck *deck, Quiz *out, RError *err);
void quiz_free(Quiz *q);

/* Items answered right and answered at all. */
void quiz_score(const Quiz *q, size_t *right, size_t *answered);

/* "file.md#Section" for item i into buf (snprintf-style): a Notes pane link target. */
int quiz_item_target(const Quiz *q, size_t i, char *buf, size_t size);

#endif
