/* Live figures: a note embeds `{{kv model=llama-3.1-70b seq=32k field=kv_bytes unit=GiB}}` and
 * the reader sees the engine's value ("10 GiB"), so a note cannot drift from the calculators.
 * A figure names a topic, that topic's settings (the same names and ranges as the pane links
 * and CLI), the report field to show, and optionally a unit and a number of decimals.
 * Figures inside code (fenced blocks, `spans`) are left as written. */
#ifndef RAMPUP_ENGINE_FIGURE_FIGURE_H
#define RAMPUP_ENGINE_FIGURE_FIGURE_H

#include <stddef.h>

#include "engine/error.h"

#define FIGURE_SPEC_MAX 512 /* bytes between {{ and }} */

typedef struct FigureCtx FigureCtx;

/* Loads what figures compute from: <content_dir>/models.yaml and gpus.yaml. */
int figure_ctx_new(const char *content_dir, FigureCtx **out, RError *err);
void figure_ctx_free(FigureCtx *ctx);

/* Evaluates one spec (the text between the braces) into out ("10 GiB"). On error, err says
 * why and *bad (may be NULL) is the byte offset in spec of the token at fault. */
int figure_eval(const FigureCtx *ctx, const char *spec, char *out, size_t size, size_t *bad,
                RError *err);

/* A problem found in a note: 1-based line and column (in characters). */
typedef struct FigureIssue {
    int line, col;
    char msg[320];
} FigureIssue;

typedef struct FigureIssues {
    FigureIssue *items; /* owned */
    size_t count, cap;
} FigureIssues;

void figure_issues_free(FigureIssues *list);
/* Appends an issue (drops it silently when memory runs out). */
void figure_issue_add(FigureIssues *list, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Expands every figure of a Markdown source into a new string (*out, NUL-terminated, *outlen
 * without the NUL). A figure that fails renders as "[figure error]" and adds an issue (issues
 * may be NULL). Returns -1 only when memory runs out. */
int figure_expand(const FigureCtx *ctx, const char *src, size_t len, char **out, size_t *outlen,
                  FigureIssues *issues, RError *err);

/* Expands the figures of a note already read (*text, *len replaced) with the presets of
 * content_dir, for every reader of notes (the RAG index, the research agent, search); NULL or
 * missing presets: left as written. Returns -1 only when memory runs out. */
int figure_expand_note(const char *content_dir, char **text, size_t *len, RError *err);

/* notes_read, then figure_expand with the presets of content_dir: how the Notes pane and
 * `rampup notes show` read a note. When the presets cannot be loaded the text is returned as
 * written (`rampup notes check` reports why). */
int figure_read_note(const char *path, const char *content_dir, char **text, size_t *len,
                     RError *err);

/* --- the source scanner shared with the link checker --- */

/* Calls fn for every "{{…}}" (kind 'f') and every pane link target "pane:…" of a Markdown link
 * (kind 'l') outside code, with the text inside (without the braces or "pane:"), its byte
 * offset in src and its line and column. */
typedef void (*FigureScanFn)(void *user, char kind, const char *text, size_t len, size_t off,
                             int line, int col);
void figure_scan(const char *src, size_t len, FigureScanFn fn, void *user);

#endif
