/* See pane_common.h. */
#include "panels/pane_common.h"

#include <string.h>

#include "tui/lines.h"

void why_text_push(App *app, const char *title, const char *text)
{
    TextLines lines;
    lines_init(&lines);
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        lines_new(&lines, 0, 0);
        lines_append(&lines, s, len, STYLE(len && s[0] != ' ' ? TH_NORMAL : TH_DIM));
        s += len + (nl ? 1 : 0);
    }
    app_push_text(app, title, &lines, 'w');
}

int pane_change_dir(const KeyEvent *ev)
{
    if (key_is_right(ev) || key_is(ev, 'L') || key_is_fn(ev, KEY_SRIGHT) ||
        key_is_fn(ev, KEY_END))
        return 1;
    if (key_is_left(ev) || key_is(ev, 'H') || key_is_fn(ev, KEY_SLEFT) || key_is_fn(ev, KEY_HOME))
        return -1;
    return 0;
}
