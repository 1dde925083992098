/* See why_text.h. */
#include "panels/why_text.h"

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
