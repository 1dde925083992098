/* Markdown parser: CommonMark-flavoured subset (with GFM tables) to a block tree with styled
 * inline runs. Pure; the TUI renders the tree, the CLI prints it as plain text. */
#ifndef RAMPUP_ENGINE_TEXT_MARKDOWN_H
#define RAMPUP_ENGINE_TEXT_MARKDOWN_H

#include <stddef.h>

#include "engine/error.h"

typedef enum MdBlockKind {
    MD_DOCUMENT,   /* children: top-level blocks */
    MD_HEADING,    /* level 1..6; runs */
    MD_PARAGRAPH,  /* runs (soft line breaks become spaces, hard breaks '\n') */
    MD_CODE,       /* fenced or indented; code = raw text, info = fence language or "" */
    MD_LIST,       /* ordered?, start; children: MD_LIST_ITEM */
    MD_LIST_ITEM,  /* children: blocks (paragraphs, nested lists, code) */
    MD_QUOTE,      /* children: blocks */
    MD_TABLE,      /* children: MD_TABLE_ROW (first is the header row); align per column */
    MD_TABLE_ROW,  /* children: MD_TABLE_CELL */
    MD_TABLE_CELL, /* runs */
    MD_RULE        /* thematic break */
} MdBlockKind;

/* Inline style bits; a run carries any combination. */
enum {
    MD_STYLE_EMPH = 1 << 0,   /* *x* or _x_ */
    MD_STYLE_STRONG = 1 << 1, /* **x** or __x__ */
    MD_STYLE_CODE = 1 << 2,   /* `x` */
    MD_STYLE_LINK = 1 << 3,   /* [x](href): href is set */
    MD_STYLE_STRIKE = 1 << 4  /* ~~x~~ */
};

typedef enum MdAlign { MD_ALIGN_NONE, MD_ALIGN_LEFT, MD_ALIGN_CENTER, MD_ALIGN_RIGHT } MdAlign;

typedef struct MdRun {
    char *text;     /* owned; UTF-8, control characters (other than '\n') replaced by U+FFFD */
    char *href;     /* owned; NULL unless MD_STYLE_LINK */
    unsigned style; /* MD_STYLE_* bits */
} MdRun;

typedef struct MdBlock {
    MdBlockKind kind;
    int line;                  /* 1-based source line where the block starts */
    int end_line;              /* 1-based source line where it ends (inclusive) */
    int level;                 /* heading level 1..6 */
    int ordered;               /* MD_LIST: 1 for "1." lists */
    int start;                 /* MD_LIST: first number of an ordered list */
    char *info;                /* owned; MD_CODE fence info string ("" if none) */
    char *code;                /* owned; MD_CODE raw text, ends with '\n' unless empty */
    MdRun *runs;               /* owned array */
    size_t nruns;
    struct MdBlock *children;  /* owned array */
    size_t nchildren;
    MdAlign *align;            /* owned; MD_TABLE: one per column */
    size_t ncols;              /* MD_TABLE: column count */
} MdBlock;

typedef struct MdDoc {
    MdBlock root; /* kind MD_DOCUMENT */
} MdDoc;

/* Parses src[0..len). Never fails on malformed Markdown (it degrades to paragraphs); returns
 * -1 only when memory runs out. *out is owned by the caller: md_free. */
int md_parse(const char *src, size_t len, MdDoc **out, RError *err);
void md_free(MdDoc *doc);

/* Concatenated text of a block's runs (no markup; for MD_CODE its code) into buf,
 * snprintf-style: returns the full length; the copy is never cut inside a UTF-8 sequence. */
size_t md_block_text(const MdBlock *b, char *buf, size_t size);

/* Renders the document as plain text wrapped at `width` columns (headings underlined with
 * '=' for level 1 and '-' below, "- " bullets and "N. " numbers, code indented by 4, quotes
 * prefixed "> ", tables aligned with " | " and narrowed to fit, links followed by " <href>"
 * unless the href equals the text or starts with "pane:") into a new malloc'd string.
 * Columns are counted per code point, with East Asian wide characters as 2 (no locale).
 * width <= 0 means 80. Returns NULL when memory runs out. */
char *md_render_text(const MdDoc *doc, int width);

#endif
