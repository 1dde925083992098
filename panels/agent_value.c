/* The Agents pane's value viewer: Enter on a state key shows its whole value, as Markdown
 * (strings are rendered; lists become numbered items; objects "key: value" lines), wrapped
 * and scrollable in the app's text overlay. */
#include "panels/agent_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/mdview.h"
#include "tui/xalloc.h"

typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

static void put(Buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

/* One line of an item: strings as they are (newlines folded), numbers, or compact JSON. */
static void put_inline(Buf *b, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        char *t = xstrdup(v->valuestring);
        for (char *c = t; *c; c++)
            if (*c == '\n' || *c == '\t')
                *c = ' ';
        put(b, t);
        free(t);
        return;
    }
    if (cJSON_IsObject(v)) { /* {claim: "...", source: 3} -> "claim: ...; source: 3" */
        const cJSON *it;
        bool first = true;
        cJSON_ArrayForEach(it, v)
        {
            put(b, first ? "**" : "; **");
            put(b, it->string);
            put(b, "**: ");
            put_inline(b, it);
            first = false;
        }
        return;
    }
    char *j = cJSON_PrintUnformatted(v);
    put(b, "`");
    put(b, j ? j : "?");
    put(b, "`");
    free(j);
}

/* The value as Markdown source. */
static char *value_markdown(const cJSON *v)
{
    Buf b = {0};
    put(&b, "");
    if (!v || cJSON_IsNull(v)) {
        put(&b, "*(null)*\n");
    } else if (cJSON_IsString(v)) {
        put(&b, v->valuestring[0] ? v->valuestring : "*(empty string)*");
        put(&b, "\n");
    } else if (cJSON_IsArray(v)) {
        const cJSON *it;
        int i = 0;
        cJSON_ArrayForEach(it, v)
        {
            char num[24];
            snprintf(num, sizeof num, "%d. ", ++i);
            put(&b, num);
            if (!cJSON_IsObject(it) || !it->child) {
                put_inline(&b, it);
                put(&b, "\n");
                continue;
            }
            /* an object: its first field on the item line, the others as sub-items */
            const cJSON *f;
            bool first = true;
            cJSON_ArrayForEach(f, it)
            {
                put(&b, first ? "**" : "   - **");
                put(&b, f->string);
                put(&b, "**: ");
                put_inline(&b, f);
                put(&b, "\n");
                first = false;
            }
        }
        if (i == 0)
            put(&b, "*(empty list)*\n");
    } else if (cJSON_IsObject(v)) {
        const cJSON *it;
        bool any = false;
        cJSON_ArrayForEach(it, v)
        {
            put(&b, "- **");
            put(&b, it->string);
            put(&b, "**: ");
            put_inline(&b, it);
            put(&b, "\n");
            any = true;
        }
        if (!any)
            put(&b, "*(empty object)*\n");
    } else {
        put_inline(&b, v);
        put(&b, "\n");
    }
    return b.s;
}

void agent_value_open(AgentPanel *p, int key)
{
    if (!p->run)
        return;
    const StateKey *sk = &p->g->keys[key];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(run_head(p->run)->state, sk->name);
    char *md = value_markdown(v);
    MdDoc *doc = NULL;
    MdView view;
    mdview_init(&view);
    /* the text overlay's box: at most 100 columns with a border and a margin of 2 a side */
    int width = p->area.w - 6 < 96 ? p->area.w - 6 : 96;
    if (md_parse(md, strlen(md), &doc, NULL) == 0) {
        mdview_render(&view, doc, width < 20 ? 20 : width);
        md_free(doc);
    }
    free(md);
    char title[96];
    snprintf(title, sizeof title, "state: %s (%s)", sk->name, reducer_name(sk->reducer));
    app_push_text(p->app, title, &view.lines, 0);
    mdview_free(&view);
}
