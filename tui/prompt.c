/* The prompt overlay. */
#include "tui/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text.h"
#include "tui/theme.h"
#include "tui/xalloc.h"

static PaneResult prompt_key(void *ctx, const KeyEvent *ev)
{
    PromptOverlay *p = ctx;
    if (key_is_escape(ev))
        return PANE_HANDLED | OVERLAY_CLOSE;
    if (key_is_enter(ev)) {
        p->error[0] = '\0';
        if (p->submit(p->owner, p->tb.text, p->error, sizeof p->error))
            return PANE_HANDLED | PANE_CHANGED | OVERLAY_CLOSE;
        return PANE_HANDLED;
    }
    if (textbox_key(&p->tb, ev))
        p->error[0] = '\0';
    return PANE_HANDLED; /* modal: every key is the editor's */
}

static void prompt_place(void *ctx, Rect body)
{
    PromptOverlay *p = ctx;
    int w = body.w - 4 < 64 ? body.w - 4 : 64;
    p->box = rect_center(body, 5, w);
}

static void prompt_draw(const void *ctx, WINDOW *w)
{
    const PromptOverlay *p = ctx;
    Rect box = p->box;
    fill_rect(w, box, theme_attr(TH_NORMAL));
    draw_box(w, box, theme_attr(TH_ACCENT), p->title, theme_attr(TH_TITLE));
    Rect in = rect_inset(box, 1, 2);
    textbox_draw(&p->tb, w, rect_make(in.y, in.x, 1, in.w), "= ", true);
    const char *under = p->error[0] ? p->error : p->hint;
    text_draw(w, in.y + 1, in.x, in.w, theme_attr(p->error[0] ? TH_BAD : TH_DIM), under,
              (size_t)-1);
    text_draw_right(w, box.y + box.h - 1, box.x + 1, box.w - 3, theme_attr(TH_DIM),
                    " Enter sets  Esc cancels ");
}

static void prompt_destroy(void *ctx) { free(ctx); }

const OverlayClass prompt_overlay_class = {prompt_key, prompt_place, prompt_draw, prompt_destroy};

PromptOverlay *prompt_overlay_new(const char *title, const char *initial, const char *hint,
                                  PromptSubmit submit, void *owner)
{
    PromptOverlay *p = xcalloc(1, sizeof *p);
    snprintf(p->title, sizeof p->title, "%s", title);
    snprintf(p->hint, sizeof p->hint, "%s", hint ? hint : "");
    textbox_init(&p->tb, initial ? initial : "");
    p->submit = submit;
    p->owner = owner;
    return p;
}
