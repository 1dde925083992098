/* The Notes pane's state, shared by notes_panel.c (keys, layout) and notes_panel_draw.c. */
#ifndef RAMPUP_PANELS_NOTES_PANEL_H
#define RAMPUP_PANELS_NOTES_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
    /* reading progress (notes_progress.c) */
    uint8_t *seen;      /* owned: one flag per source line of the open note */
    size_t nsrc;
    int read_pct;       /* share of the note read, 0..100 */
    long vis_note;      /* what is on screen since vis_since: note, rendered lines */
    size_t vis_top, vis_end;
    bool vis_reading;   /* the reader is in the note (not in the list) */
    double vis_since;
} NotesPanel;

/* A line counts as read after this long on screen (seconds). */
#define NOTES_READ_SECONDS 3.0
cJSON *notes_progress_of(NotesPanel *p, const char *name);
void notes_progress_set_read(NotesPanel *p, bool read);
/* Loads what was read of the open note (after open_note). */
void notes_progress_load(NotesPanel *p);
/* Counts the lines on screen as read if they have been there long enough. */
void notes_progress_settle(NotesPanel *p);
/* Settles, then starts the clock for what is on screen now (when that changed). */
void notes_progress_visible(NotesPanel *p);

/* Where the view is in the open note: the bottom line's share, 0..100 (as in less). */
int notes_percent_seen(const NotesPanel *p);
bool notes_is_read(const NotesPanel *p, size_t i);
void notes_panel_draw(const void *st, WINDOW *w, Rect area);

#endif
