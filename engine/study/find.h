/* Search everywhere: one BM25 index (engine/rag) over the note sections, the flashcards, the
 * panes and the notes' pane links, so one query finds a section to read, a card to review or
 * a pane to open in the state a link names. */
#ifndef RAMPUP_ENGINE_STUDY_FIND_H
#define RAMPUP_ENGINE_STUDY_FIND_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/study/cards.h"

typedef enum FindKind { FIND_NOTE, FIND_CARD, FIND_PANE, FIND_LINK } FindKind;

typedef struct FindPane {
    const char *name, *title, *summary; /* borrowed */
} FindPane;

typedef struct FindItem {
    FindKind kind;
    char *title;  /* owned: "rag.md > BM25", "kv-001: Which head count…", "KV cache" */
    char *pane;   /* owned: the pane to open ("notes", "study", "kv") */
    char *arg;    /* owned: its argument ("rag.md#BM25", "card kv-001", "" or link settings) */
} FindItem;

typedef struct FindIndex FindIndex;

/* Indexes the notes of notes_dir (sections and pane links; live figures expanded with the
 * presets of content_dir, which may be NULL), deck's cards (may be NULL) and the panes. */
int find_build(const char *notes_dir, const char *content_dir, const CardDeck *deck,
               const FindPane *panes,
               size_t npanes, FindIndex **out, RError *err);
void find_free(FindIndex *idx);

/* The best items for query, best first, one per target: BM25 over the texts, then (when BM25
 * finds fewer than max) items whose title contains the query (case-insensitive), so a
 * half-typed word still finds something. Writes item indices; returns how many. */
size_t find_search(const FindIndex *idx, const char *query, size_t *out, size_t max);
const FindItem *find_item(const FindIndex *idx, size_t i);
size_t find_count(const FindIndex *idx);
const char *find_kind_name(FindKind k); /* "note", "card", "pane", "link" */

#endif
