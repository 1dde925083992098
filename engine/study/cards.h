/* Flashcards: content/cards.yaml, one list of question/answer cards, each tied to the note
 * section it comes from. The review schedule is keyed by the card's id, so ids are stable. */
#ifndef RAMPUP_ENGINE_STUDY_CARDS_H
#define RAMPUP_ENGINE_STUDY_CARDS_H

#include <stddef.h>

#include "engine/error.h"

#define CARDS_MAX 10000        /* cards in one file */
#define CARD_ID_MAX 64         /* bytes in an id, NUL included */
#define CARD_TEXT_MAX 4000     /* bytes in a question or an answer */

typedef struct Card {
    char id[CARD_ID_MAX]; /* [a-z0-9_.-]+, unique in the file */
    char topic[32];       /* one of cards_topics() */
    char *note;           /* owned: "kv_cache_notes.md#Grouped-query attention" */
    char *q;              /* owned: the question */
    char *a;              /* owned: the answer */
    int line, col;        /* where the card starts in the file */
} Card;

typedef struct CardDeck {
    Card *items; /* owned; file order */
    size_t count;
    char path[4096];
} CardDeck;

/* Loads and checks path: a top-level `cards:` list of mappings with exactly the keys id, topic,
 * note, q and a (all non-empty strings). Errors name file:line:col: a missing or unknown key, a
 * bad id, an unknown topic, a note without "file.md#heading", a duplicate id (with the first
 * one's line), a text over CARD_TEXT_MAX, more than CARDS_MAX cards. */
int cards_load(const char *path, CardDeck *out, RError *err);
int cards_load_string(const char *name, const char *text, size_t len, CardDeck *out, RError *err);
void cards_free(CardDeck *deck);

/* Index of the card with this id, or -1. */
long cards_find(const CardDeck *deck, const char *id);

/* The topics a card may name, NULL-terminated. */
const char *const *cards_topics(void);

/* Splits a card's note reference "file.md#Heading" into the file (copied into file) and a
 * pointer to the heading inside ref. Returns -1 when ref has no '#'. */
int cards_note_split(const char *ref, char *file, size_t fsize, const char **heading);

#endif
