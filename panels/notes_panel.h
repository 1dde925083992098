/* The Notes pane's state, shared by notes_panel.c (keys, layout) and notes_panel_draw.c. */
#ifndef RAMPUP_PANELS_NOTES_PANEL_H
#define RAMPUP_PANELS_NOTES_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "engine/notes.h"
#include "engine/text/markdown.h"
#include "tui/app.h"
#include "tui/list.h"
#include "tui/mdview.h"
#include "tui/scrollview.h"

typedef struct NotesPanel {
    App *app;           /* borrowed */
    cJSON *progress;    /* borrowed from the app's state: {"name.md": {"pct", "read"}} */
    NoteList notes;     /* owned */
    List list;
    long open;          /* index of the note shown, -1 for none */
    char *text;         /* owned; the note's source */
    MdDoc *doc;         /* owned */
    MdView view;        /* owned */
    ScrollView sv;
    Rect area, list_area, head_area, view_area;
    Rect outline_area;  /* wide screens: the note's headings beside the text; else empty */
    bool focus_view;
    bool wide;
    TextMark *marks;    /* owned */
    size_t nmarks;
    long cur_mark;
    long link;          /* the selected link (index into view.links), -1 for none */
    TextMark link_mark; /* where it is drawn highlighted */
    char query[256];
    bool toc_open;
    List toc;
    Rect toc_box;
    char error[600];
} NotesPanel;

/* How much of the open note has been on screen, 0..100. */
int notes_percent_seen(const NotesPanel *p);
bool notes_is_read(const NotesPanel *p, size_t i);
void notes_panel_draw(const void *st, WINDOW *w, Rect area);

#endif
