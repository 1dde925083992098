/* TextBox: a one-line UTF-8 input field (cursor by code point, width by wcwidth). */
#ifndef RAMPUP_TUI_TEXTBOX_H
#define RAMPUP_TUI_TEXTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/curses.h"
#include "tui/keymap.h"
#include "tui/rect.h"

#define TEXTBOX_MAX 512 /* bytes; input past it is refused (and says so by not growing) */

typedef struct TextBox {
    char text[TEXTBOX_MAX + 1];
    size_t len;
    size_t cursor; /* byte offset, always on a character boundary */
} TextBox;

void textbox_init(TextBox *tb, const char *text);
void textbox_set(TextBox *tb, const char *text);
/* Printable characters insert; ← → Home End Backspace Delete Ctrl-A/E/U/W edit. Returns true
 * when the text or cursor changed (Enter and Esc are left to the owner). */
bool textbox_key(TextBox *tb, const KeyEvent *ev);
/* Draws "prompt text" in one row; the cursor cell is shown when focused. */
void textbox_draw(const TextBox *tb, WINDOW *w, Rect r, const char *prompt, bool focused);

#endif
