/* MdView: renders a parsed Markdown tree (engine/text/markdown.h) into styled, wrapped
 * TextLines, and remembers where each heading and link landed (for the table of contents,
 * heading jumps and pane links). Render on load and on resize; draw with a ScrollView. */
#ifndef RAMPUP_TUI_MDVIEW_H
#define RAMPUP_TUI_MDVIEW_H

#include <stddef.h>

#include "engine/text/markdown.h"
#include "tui/lines.h"

typedef struct MdHeadingRef {
    int level;
    char text[160];
    size_t line;     /* rendered line index */
    int source_line; /* 1-based line in the Markdown source */
} MdHeadingRef;

typedef struct MdLinkRef {
    char text[160];
    char href[512];
    size_t line; /* rendered line where the link text starts */
    size_t off;  /* its byte offset in that line */
    size_t len;  /* bytes of the link text on that line */
} MdLinkRef;

typedef struct MdView {
    TextLines lines;        /* owned */
    MdHeadingRef *headings; /* owned */
    size_t nheadings;
    MdLinkRef *links;       /* owned */
    size_t nlinks;
    int width;
} MdView;

void mdview_init(MdView *v);
void mdview_free(MdView *v);
/* Re-renders doc at `width` columns (replacing what v held). */
void mdview_render(MdView *v, const MdDoc *doc, int width);
/* Index of the heading whose section contains rendered line `line`, or -1 before the first. */
long mdview_heading_at(const MdView *v, size_t line);
/* Index of the first heading whose text matches (case-insensitive), or -1. */
long mdview_find_heading(const MdView *v, const char *text);

#endif
