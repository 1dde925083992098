/* `rampup notes check`: every live figure and every `pane:` link of a note must resolve, so a
 * renamed field, model, pane or setting fails the build instead of misleading a reader. */
#ifndef RAMPUP_ENGINE_FIGURE_CHECK_H
#define RAMPUP_ENGINE_FIGURE_CHECK_H

#include <stddef.h>

#include "engine/figure/figure.h"
#include "engine/study/cards.h"

typedef struct CheckEnv {
    const char *notes_dir;   /* for pane:notes targets */
    const char *content_dir; /* for pane:agents graphs */
    const char *const *panes; /* the registered pane names */
    size_t npanes;
} CheckEnv;

typedef struct CheckCounts {
    size_t figures, links;
} CheckCounts;

/* Checks one note's source: every figure evaluates, every pane link names a registered pane
 * and settings that pane reads (kv and scaling: as figures read them; infer: its table;
 * notes: an existing note and heading; agents: a graph in content/graphs; study: review,
 * quiz [NOTE] or card ID). Problems are added to issues with their line:col. */
void check_note(const FigureCtx *ctx, const CheckEnv *env, const char *src, size_t len,
                FigureIssues *issues, CheckCounts *counts);

/* True when notes_dir/file exists and has a heading matching `heading` as the Notes pane
 * finds it (case-insensitive, whole text first, else a part of it). */
int check_note_heading(const char *notes_dir, const char *file, const char *heading,
                       RError *err);

/* Checks each card's note reference (file and heading exist) and the live figures in its
 * question and answer; issues carry the card's position in the cards file. */
void check_cards(const FigureCtx *ctx, const CardDeck *deck, const char *notes_dir,
                 FigureIssues *issues);

/* Replaces the live figures in every card's question and answer by their values (a numeric
 * answer can be an engine figure, as in notes). Returns -1 only when memory runs out. */
int figure_expand_cards(const FigureCtx *ctx, CardDeck *deck, RError *err);

#endif
