/* The RAG pane: a search box over the notes that re-ranks as you type, with the ranking
 * explained (BM25 idf × tf parts, dense cosine, fused rank movement), the query pipeline
 * (tokens, stems, posting sizes, stage timings), the chunks of a note, and the measured
 * SciFact table. The index is built once, when the pane is first shown. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/rag_params.h"
#include "engine/rag/snippet.h"
#include "panels/rag_panel.h"
#include "panels/registry.h"
#include "tui/app.h"
#include "tui/lines.h"
#include "tui/scrollview.h"
#include "tui/text.h"
#include "tui/textbox.h"
#include "tui/xalloc.h"

enum {
    ACT_OPEN = 1,
    ACT_FOCUS_BOX,
    ACT_FOCUS_RESULTS,
    ACT_METHOD,
    ACT_VIEW,
    ACT_K1_DOWN,
    ACT_K1_UP,
    ACT_B_DOWN,
    ACT_B_UP,
    ACT_TOPK_DOWN,
    ACT_TOPK_UP,
    ACT_W_DOWN,
    ACT_W_UP,
    ACT_FUSION,
    ACT_DENSE,
    ACT_SIDE_DOWN,
    ACT_SIDE_UP,
};

/* Focus model (as in lazygit or k9s): the pane opens on the results; `/`, `i`, or any letter
 * while the query is empty focuses the search box. In the box every printable key is typed
 * (the box line says "typing"); Enter or ↓ goes to the results, Esc leaves the box. Tab, F10
 * and Ctrl-C are never typed. On the results the keys below act. */
static const KeyBinding rag_keys[] = {
    {'/', false, ACT_FOCUS_BOX, "/, i", "type in the search box (any letter does on an empty query)", NULL, "/ search"},
    {'i', false, ACT_FOCUS_BOX, NULL, NULL},
    {KEY_ESC, false, ACT_FOCUS_RESULTS, "Esc, Enter", "in the box: leave it for the results (also ↓)"},
    {'\n', false, ACT_OPEN, "Enter", "on a result: open the chunk in Notes at its heading", NULL, "Enter open"},
    {'\r', false, ACT_OPEN, NULL, NULL},
    {KEY_ENTER, true, ACT_OPEN, NULL, NULL},
    {'m', false, ACT_METHOD, "m", "method: bm25, lsa, glove, hybrid", NULL, "m method"},
    {'v', false, ACT_VIEW, "v", "view: explain/pipeline/chunks/table", NULL, "v view"},
    {'[', false, ACT_K1_DOWN, "[ ]", "BM25 k1 - / + 0.1", NULL, "[ ] k1"},
    {']', false, ACT_K1_UP, NULL, NULL},
    {'{', false, ACT_B_DOWN, "{ }", "BM25 b - / + 0.05"},
    {'}', false, ACT_B_UP, NULL, NULL},
    {'-', false, ACT_TOPK_DOWN, "- +", "top-k - / +", NULL, "- + top-k"},
    {'+', false, ACT_TOPK_UP, NULL, NULL},
    {'=', false, ACT_TOPK_UP, NULL, NULL},
    {'<', false, ACT_W_DOWN, "< >", "dense list's fusion weight - / + 0.05"},
    {'>', false, ACT_W_UP, NULL, NULL},
    {'f', false, ACT_FUSION, "f", "fusion: reciprocal rank / score blend", NULL, "f fusion"},
    {'d', false, ACT_DENSE, "d", "dense half of the hybrid: lsa / glove"},
    {'J', false, ACT_SIDE_DOWN, "J K", "scroll the side view"},
    {'K', false, ACT_SIDE_UP, NULL, NULL},
};

static const char *const view_names[VIEW_COUNT] = {"explain", "pipeline", "chunks", "SciFact"};

/* ---- building the index (once, with progress; Esc cancels) ---- */

/* A large notes folder (up to RAG_CORPUS_MAX_BYTES) takes seconds to read and chunk. The
 * build runs here, in the show path, so the loader reports after each file: the pane then
 * draws one progress line and polls the keyboard without waiting; Esc stops the build. */
typedef struct BuildUi {
    RagPanel *p;
    double last_draw;
    bool cancelled;
} BuildUi;

static void build_draw(const RagPanel *p, const char *msg)
{
    /* across the whole pane, on the first line of the results */
    Rect r = p->area;
    if (p->res_area.h > 0)
        r.y = p->res_area.y;
    if (!stdscr || r.w <= 0 || r.h <= 0)
        return;
    Rect line = rect_make(r.y, r.x, 1, r.w);
    fill_rect(stdscr, line, theme_attr(TH_NORMAL));
    text_draw(stdscr, r.y, r.x + 1, r.w - 2, theme_attr(TH_WARN), msg, (size_t)-1);
    wnoutrefresh(stdscr);
    doupdate();
}

/* True when Esc is waiting; any other key is put back for the app to read later. */
static bool build_esc_pressed(void)
{
    int delay = wgetdelay(stdscr);
    wtimeout(stdscr, 0);
    wint_t ch;
    int r = get_wch(&ch);
    wtimeout(stdscr, delay);
    if (r == ERR)
        return false;
    if (r == OK && ch == KEY_ESC)
        return true;
    if (r == KEY_CODE_YES)
        ungetch((int)ch);
    else
        unget_wch((wchar_t)ch);
    return false;
}

static bool build_progress(void *ctx, size_t files, size_t bytes, const char *rel)
{
    BuildUi *u = ctx;
    double t = rag_now();
    if (stdscr && t - u->last_draw >= 0.1) { /* ten frames a second at most */
        u->last_draw = t;
        char msg[512];
        snprintf(msg, sizeof msg, "Esc cancels  building the index: %zu file%s, %.1f MiB read (%s)",
                 files, files == 1 ? "" : "s", (double)bytes / (1 << 20), rel);
        build_draw(u->p, msg);
        u->cancelled |= build_esc_pressed();
    }
    return !u->cancelled;
}

static void ensure_index(RagPanel *p)
{
    if (p->tried)
        return;
    p->tried = true;
    p->error[0] = '\0';
    RError err;
    rerror_clear(&err);
    const char *dir = app_notes_dir(p->app);
    BuildUi ui = {p, 0, false};
    ChunkOptions co = chunk_default(true);
    co.figures_from = app_content_dir(p->app); /* index what the reader sees */
    if (!dir ||
        corpus_load_dir_progress(dir, &co, 0, build_progress, &ui, &p->corpus, &err) != 0) {
        if (ui.cancelled) {
            snprintf(p->error, sizeof p->error,
                     "index build cancelled: show the pane again to retry");
            p->tried = false; /* the next show builds again */
        } else if (dir) {
            rerror_format(&err, p->error, sizeof p->error);
        } else {
            snprintf(p->error, sizeof p->error, "no notes folder");
        }
        return;
    }
    build_draw(p, "building the index: BM25 and the dense vectors...");
    char glove[2048];
    snprintf(glove, sizeof glove, "%s/glove", app_content_dir(p->app));
    if (rag_engine_new(p->corpus, NULL, glove, &p->eng, &err) != 0) {
        rerror_format(&err, p->error, sizeof p->error);
        return;
    }
    /* the dense half of the default method is built now too, not at the first keystroke */
    RagMethod dm = p->set.method == RAG_HYBRID ? p->set.dense : p->set.method;
    if (p->set.method != RAG_BM25 &&
        rag_engine_prepare(p->eng, dm, p->set.lsa_rank, &err) != 0) {
        char buf[600];
        rerror_format(&err, buf, sizeof buf);
        app_status(p->app, STATUS_WARN, "rag: %s; using bm25", buf);
        p->set.method = RAG_BM25;
    }
    if (p->corpus->nwarnings)
        app_status(p->app, STATUS_WARN, "rag: %s (and %zu more)", p->corpus->warnings[0],
                   p->corpus->nwarnings - 1);
}

/* ---- text building ---- */

/* Adds text[from..to) to the wrapper with the highlight spans inside it marked. White space
 * becomes plain spaces (byte for byte, so the span offsets stay valid). */
static void add_highlighted(Wrapper *wr, const char *text, size_t from, size_t to,
                            const RagSpan *sp, size_t nsp)
{
    char *buf = xmalloc(to - from + 1);
    for (size_t i = from; i < to; i++)
        buf[i - from] = (text[i] == '\n' || text[i] == '\t' || text[i] == '\r') ? ' ' : text[i];
    size_t at = from;
    for (size_t i = 0; i < nsp && at < to; i++) {
        if (sp[i].end <= at || sp[i].start >= to)
            continue;
        size_t s = sp[i].start < at ? at : sp[i].start;
        size_t e = sp[i].end > to ? to : sp[i].end;
        if (s > at)
            wrap_add(wr, buf + (at - from), s - at, STYLE(TH_NORMAL));
        wrap_add(wr, buf + (s - from), e - s, STYLE(TH_MATCH));
        at = e;
    }
    if (at < to)
        wrap_add(wr, buf + (at - from), to - at, STYLE(TH_NORMAL));
    free(buf);
}

/* Backs off to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static void build_results(RagPanel *p)
{
    TextLines *t = &p->results;
    lines_clear(t);
    int width = p->res_area.w - 2;
    if (width < 10)
        return;
    if (!p->eng) {
        lines_new(t, 1, -1);
        const char *msg = p->error[0] ? p->error : "building the index...";
        lines_append(t, msg, strlen(msg), STYLE(TH_WARN));
        return;
    }
    if (p->last_error[0]) {
        lines_new(t, 1, -1);
        lines_append(t, p->last_error, strlen(p->last_error), STYLE(TH_BAD));
        return;
    }
    if (p->nres == 0) {
        lines_new(t, 1, -1);
        const char *msg = !p->box.len ? "type to search the notes"
                          : rag_query_only_stopwords(&p->pipe)
                              ? "only stop words (the, of, is...): nothing to rank by"
                              : "no chunk matches";
        lines_append(t, msg, strlen(msg), STYLE(TH_DIM));
        lines_new(t, 1, -1);
        char hint[160];
        snprintf(hint, sizeof hint, "%zu chunks from %zu notes are indexed.", p->corpus->n,
                 p->corpus->nfiles);
        const char *syntax = "'word must match as typed, !word must not appear.";
        Wrapper wr; /* wrapped: a narrow pane must not cut the hint mid-word */
        wrap_begin(&wr, t, width, 1, 1, -1);
        wrap_add(&wr, hint, strlen(hint), STYLE(TH_DIM));
        wrap_break(&wr);
        wrap_add(&wr, syntax, strlen(syntax), STYLE(TH_DIM));
        wrap_end(&wr);
        return;
    }
    RagSpan spans[64];
    for (size_t i = 0; i < p->nres; i++) {
        const RagResult *r = &p->res[i];
        const RagDoc *d = &p->corpus->docs[r->doc];
        p->res_line[i] = t->count;
        lines_new(t, 2, (int)i);
        lines_appendf(t, STYLE(TH_KEY), "%2d ", r->rank);
        lines_appendf(t, STYLE(TH_VALUE), "%.3f ", r->score); /* first: never cut */
        lines_appendf(t, STYLE(TH_ACCENT), "%s", d->source);
        lines_appendf(t, STYLE(TH_DIM), ":%d", d->line_start);
        lines_new(t, 5, (int)i);
        const char *h = d->heading[0] ? d->heading : "(no heading)";
        if ((int)strlen(h) > width - 5 && rag_innermost(h) != h)
            lines_appendf(t, STYLE(TH_HEADING), "%s %s", glyphs()->ellipsis, rag_innermost(h));
        else
            lines_appendf(t, STYLE(TH_HEADING), "%s", h);
        /* snippet: about two lines of the chunk as text (no Markdown marks) around the
         * first match */
        char *flat = rag_snippet_text(d->text, strlen(d->text), glyphs()->unicode ? " · " : " - ");
        const char *txt = flat ? flat : d->text;
        size_t len = strlen(txt);
        size_t nsp = rag_query_highlight(&p->pipe, &p->eng->bm25->analyzer, txt, len, spans, 64);
        if (nsp > 64)
            nsp = 64;
        size_t budget = (size_t)(width - 5) * 5 / 2;
        size_t from = 0;
        if (nsp && spans[0].start > budget / 3) {
            from = spans[0].start - budget / 3;
            while (from < spans[0].start && txt[from] != ' ')
                from++; /* start on a word */
            if (txt[from] == ' ')
                from++;
        }
        size_t to = from + budget < len ? char_start(txt, from + budget) : len;
        Wrapper wr;
        wrap_begin(&wr, t, width, 5, 5, (int)i);
        const char *ell = glyphs()->ellipsis;
        if (from > 0) {
            wrap_add(&wr, ell, strlen(ell), STYLE(TH_DIM));
            wrap_add(&wr, " ", 1, STYLE(TH_DIM));
        }
        add_highlighted(&wr, txt, from, to, spans, nsp);
        if (to < len) {
            wrap_add(&wr, " ", 1, STYLE(TH_DIM));
            wrap_add(&wr, ell, strlen(ell), STYLE(TH_DIM));
        }
        free(flat);
        wrap_end(&wr);
    }
}
static void rebuild(RagPanel *p)
{
    build_results(p);
    rag_build_side(p);
    scroll_place(&p->rsv, p->res_area.h);
    scroll_place(&p->ssv, p->side_area.h - 1);
    if (p->nres)
        scroll_show(&p->rsv, p->res_line[p->sel]);
}

/* ---- searching ---- */

static void run_search(RagPanel *p)
{
    p->nres = 0;
    p->sel = 0;
    p->last_error[0] = '\0';
    if (!p->eng)
        return;
    RError err;
    rerror_clear(&err);
    double t0 = rag_now();
    if (p->box.len == 0) {
        rag_query_parse("", false, &p->eng->bm25->analyzer, p->eng->bm25, &p->pipe);
    } else if (rag_engine_search(p->eng, &p->set, p->box.text, p->res, &p->nres, &p->pipe,
                                 &err) != 0) {
        rerror_format(&err, p->last_error, sizeof p->last_error);
        p->nres = 0;
    }
    p->t_total = rag_now() - t0;
    p->ssv.top = 0;
    scroll_to(&p->rsv, 0);
}

static void rerun(RagPanel *p)
{
    run_search(p);
    rebuild(p);
}

/* ---- the pane ---- */

static void *rag_create(App *app, const cJSON *saved)
{
    RagPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    p->set = rag_settings_default();
    p->set.k = 10;
    p->set.lsa_rank = LSA_MAX_RANK; /* clamped to the corpus size */
    textbox_init(&p->box, "");
    p->box_focus = false; /* reopens on the results with the last query: never trapped */
    lines_init(&p->results);
    lines_init(&p->side);
    scroll_init(&p->rsv, &p->results);
    scroll_init(&p->ssv, &p->side);
    const cJSON *st = saved;
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(st, "query");
    if (cJSON_IsString(q))
        textbox_set(&p->box, q->valuestring);
    /* the settings under the table's names; a bad saved value is skipped and said */
    RError err;
    if (st && param_from_json(&rag_params, NULL, st, &p->set, false, NULL, &err) != 0)
        app_status(app, STATUS_WARN, "rag: saved %s; kept the default", err.msg);
    return p;
}

static void rag_destroy(void *st)
{
    RagPanel *p = st;
    if (!p)
        return;
    rag_engine_free(p->eng);
    corpus_free(p->corpus);
    lines_free(&p->results);
    lines_free(&p->side);
    free(p);
}

static void rag_resize(void *st, Rect area)
{
    RagPanel *p = st;
    p->area = area;
    Rect r = area;
    p->box_area = rect_take_top(&r, 1);
    p->head_area = rect_take_top(&r, 1);
    rect_take_top(&r, 1);
    int pct = area.w >= 120 ? 55 : 50;
    rect_split_h(r, pct, 30, 2, &p->res_area, &p->side_area);
    rebuild(p);
}

/* Says in the status bar where the keys go while the box has them. */
static void set_focus(RagPanel *p, bool box)
{
    p->box_focus = box;
    app_note(p->app, box ? (glyphs()->unicode ? "typing — Esc to leave" : "typing - Esc to leave") : NULL);
}

static void rag_show(void *st)
{
    RagPanel *p = st;
    set_focus(p, p->box_focus);
    if (!p->tried) {
        ensure_index(p);
        rerun(p);
    }
}

static void draw_header(const RagPanel *p, WINDOW *w)
{
    Rect h = p->head_area;
    int x = h.x;
    const char *sep = glyphs()->unicode ? " │ " : " | ";
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), "method ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%s",
                    rag_method_name(p->set.method));
    if (p->set.method == RAG_HYBRID && h.w >= 90)
        x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), " (bm25+%s %s w %.2f)",
                        rag_method_name(p->set.dense),
                        p->set.fusion == RAG_FUSE_RRF ? "rrf" : "blend", p->set.weight);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_BORDER), "%s", sep);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), "k1 ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%.2f", p->set.k1);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), " b ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%.2f", p->set.b);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), " top-k ");
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_VALUE), "%zu", p->set.k);
    x += text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_BORDER), "%s", sep);
    if (p->eng)
        text_drawf(w, h.y, x, h.w - (x - h.x), theme_attr(TH_DIM), "%zu %s%s, %.0f %s",
                   p->nres, h.w < 64 ? "hit" : "result", p->nres == 1 ? "" : "s", p->t_total * 1e6, glyphs()->unicode ? "µs" : "us");
}

static void rag_draw(const void *st, WINDOW *w, Rect area)
{
    const RagPanel *p = st;
    (void)area;
    textbox_draw(&p->box, w, p->box_area, "search: ", p->box_focus);
    draw_header(p, w);
    scroll_draw(&p->rsv, w, p->res_area, NULL, 0, -1);
    /* the selected result: a marker on each of its lines */
    if (p->nres) {
        size_t first = p->res_line[p->sel];
        size_t last = (size_t)p->sel + 1 < p->nres ? p->res_line[p->sel + 1] : p->results.count;
        for (size_t l = first; l < last; l++)
            if (l >= p->rsv.top && l < p->rsv.top + (size_t)p->res_area.h)
                text_draw(w, p->res_area.y + (int)(l - p->rsv.top), p->res_area.x, 1,
                          theme_attr(p->box_focus ? TH_ACCENT : TH_KEY),
                          l == first ? glyphs()->arrow_right : glyphs()->vline, (size_t)-1);
    }
    Rect s = p->side_area;
    if (s.w > 0 && s.h > 0) {
        draw_vline(w, s.y, s.x - 1 >= 0 ? s.x - 1 : s.x, s.h, theme_attr(TH_BORDER));
        int x = s.x + 1, need = 3;
        for (int v = 0; v < VIEW_COUNT; v++)
            need += text_width(view_names[v], (size_t)-1) + 2;
        if (need > s.w - 1) { /* narrow: the current view only, and how to switch */
            x += text_drawf(w, s.y, x, s.w - (x - s.x), theme_attr(TH_TAB_ACTIVE), " %s ",
                            view_names[p->view]);
            text_drawf(w, s.y, x, s.w - (x - s.x), theme_attr(TH_DIM), " %d/%d  v next",
                       (int)p->view + 1, VIEW_COUNT);
        } else {
            for (int v = 0; v < VIEW_COUNT; v++)
                x += text_drawf(w, s.y, x, s.w - (x - s.x), theme_attr(v == (int)p->view
                                ? TH_TAB_ACTIVE : TH_DIM), " %s ", view_names[v]);
        }
        if (need <= s.w - 1 && x + 3 <= s.x + s.w)
            text_draw_right(w, s.y, s.x, s.w, theme_attr(TH_DIM), "v ");
        Rect body = rect_make(s.y + 1, s.x + 1, s.h - 1, s.w - 1);
        scroll_draw(&p->ssv, w, body, NULL, 0, -1);
    }
}

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void select_result(RagPanel *p, int i)
{
    if (p->nres == 0)
        return;
    if (i < 0)
        i = 0;
    if (i >= (int)p->nres)
        i = (int)p->nres - 1;
    p->sel = i;
    p->ssv.top = 0;
    rag_build_side(p);
    scroll_place(&p->ssv, p->side_area.h - 1);
    scroll_show(&p->rsv, p->res_line[i]);
    if (p->res_line[i] + 3 > p->rsv.top + (size_t)p->res_area.h)
        scroll_show(&p->rsv, p->res_line[i] + 3);
}

static void open_result(RagPanel *p)
{
    if (p->nres == 0)
        return;
    const RagDoc *d = &p->corpus->docs[p->res[p->sel].doc];
    char arg[1200];
    snprintf(arg, sizeof arg, "%s#%s", d->source, rag_innermost(d->heading));
    if (!app_open_pane(p->app, "notes", arg))
        app_status(p->app, STATUS_WARN, "could not open %s", arg);
}

/* A key while the search box has the focus: everything printable is typed. */
static PaneResult key_in_box(RagPanel *p, const KeyEvent *ev)
{
    if (key_is_escape(ev) || key_is_enter(ev) || key_is_fn(ev, KEY_DOWN) ||
        key_is_fn(ev, KEY_NPAGE)) {
        set_focus(p, false);
        return PANE_HANDLED;
    }
    char before[TEXTBOX_MAX + 1];
    memcpy(before, p->box.text, p->box.len + 1);
    bool used = textbox_key(&p->box, ev);
    if (used && strcmp(before, p->box.text) != 0)
        rerun(p);
    /* printable keys stay in the box even when refused (a full box); Tab, F-keys and
     * control keys fall through to the app */
    return used || (!ev->fn && ev->key >= 32) ? PANE_HANDLED : PANE_IGNORED;
}

static bool is_letter(const KeyEvent *ev)
{
    return !ev->fn && ((ev->key >= 'a' && ev->key <= 'z') || (ev->key >= 'A' && ev->key <= 'Z'));
}

static PaneResult rag_key(void *st, const KeyEvent *ev)
{
    RagPanel *p = st;
    if (p->box_focus)
        return key_in_box(p, ev);
    /* An empty query: a letter starts one (q still quits). */
    if (p->box.len == 0 && is_letter(ev) && !key_is(ev, 'q')) {
        set_focus(p, true);
        return key_in_box(p, ev);
    }
    if (key_is_wheel(ev)) { /* over the results: the selection; over the side view: it */
        if (rect_contains(p->side_area, ev->mouse_y, ev->mouse_x))
            scroll_key(&p->ssv, ev);
        else
            select_result(p, p->sel + ev->wheel);
        return PANE_HANDLED;
    }
    if (key_is_fn(ev, KEY_UP) && p->sel == 0) {
        set_focus(p, true); /* up from the first result goes back to the box */
        return PANE_HANDLED;
    }
    if (key_is_fn(ev, KEY_UP) || key_is_fn(ev, KEY_DOWN)) {
        select_result(p, p->sel + (key_is_fn(ev, KEY_UP) ? -1 : 1));
        return PANE_HANDLED;
    }
    if (key_is_fn(ev, KEY_PPAGE) || key_is_fn(ev, KEY_NPAGE)) {
        select_result(p, p->sel + (key_is_fn(ev, KEY_PPAGE) ? -5 : 5));
        return PANE_HANDLED;
    }
    int act = keymap_action(rag_keys, sizeof rag_keys / sizeof rag_keys[0], ev);
    if (act == ACT_OPEN) {
        open_result(p);
        return PANE_HANDLED;
    }
    bool research = false;
    switch (act) {
    case ACT_FOCUS_BOX:
        set_focus(p, true);
        return PANE_HANDLED;
    case ACT_FOCUS_RESULTS:
        return PANE_HANDLED;
    case ACT_METHOD:
        p->set.method = (RagMethod)((p->set.method + 1) % RAG_METHOD_COUNT);
        if (p->set.method != RAG_BM25)
            app_status(p->app, STATUS_INFO, "building %s on first use…",
                       rag_method_name(p->set.method == RAG_HYBRID ? p->set.dense : p->set.method));
        research = true;
        break;
    case ACT_VIEW:
        p->view = (SideView)((p->view + 1) % VIEW_COUNT);
        p->ssv.top = 0;
        rag_build_side(p);
        scroll_place(&p->ssv, p->side_area.h - 1);
        return PANE_HANDLED;
    case ACT_K1_DOWN:
    case ACT_K1_UP:
        p->set.k1 = clampd(p->set.k1 + (act == ACT_K1_UP ? 0.1 : -0.1), 0.0, 3.0);
        research = true;
        break;
    case ACT_B_DOWN:
    case ACT_B_UP:
        p->set.b = clampd(p->set.b + (act == ACT_B_UP ? 0.05 : -0.05), 0.0, 1.0);
        research = true;
        break;
    case ACT_TOPK_DOWN:
    case ACT_TOPK_UP:
        if (act == ACT_TOPK_UP && p->set.k < RAG_MAX_K)
            p->set.k++;
        else if (act == ACT_TOPK_DOWN && p->set.k > 1)
            p->set.k--;
        research = true;
        break;
    case ACT_W_DOWN:
    case ACT_W_UP:
        p->set.weight = clampd(p->set.weight + (act == ACT_W_UP ? 0.05 : -0.05), 0.0, 1.0);
        research = true;
        break;
    case ACT_FUSION:
        p->set.fusion = p->set.fusion == RAG_FUSE_RRF ? RAG_FUSE_BLEND : RAG_FUSE_RRF;
        research = true;
        break;
    case ACT_DENSE:
        p->set.dense = p->set.dense == RAG_LSA ? RAG_GLOVE : RAG_LSA;
        research = true;
        break;
    case ACT_SIDE_DOWN:
    case ACT_SIDE_UP: {
        size_t top = p->ssv.top;
        if (act == ACT_SIDE_UP)
            scroll_to(&p->ssv, top > 3 ? top - 3 : 0);
        else
            scroll_to(&p->ssv, top + 3);
        return PANE_HANDLED;
    }
    default:
        break;
    }
    if (research) {
        int keep = p->sel;
        rerun(p);
        select_result(p, keep);
        return PANE_HANDLED;
    }
    if (key_is_fn(ev, KEY_HOME) || key_is(ev, 'g')) {
        select_result(p, 0);
        return PANE_HANDLED;
    }
    if (key_is_fn(ev, KEY_END) || key_is(ev, 'G')) {
        select_result(p, (int)p->nres - 1);
        return PANE_HANDLED;
    }
    if (key_is(ev, 'j') || key_is(ev, 'k')) {
        select_result(p, p->sel + (key_is(ev, 'k') ? -1 : 1));
        return PANE_HANDLED;
    }
    return PANE_IGNORED;
}

static bool rag_open(void *st, const char *arg)
{
    RagPanel *p = st;
    ensure_index(p);
    textbox_set(&p->box, arg ? arg : "");
    set_focus(p, !arg || !arg[0]); /* a given query shows its results; none: type one */
    rerun(p);
    return true;
}

static void rag_save(const void *st, cJSON *state)
{
    const RagPanel *p = st;
    cJSON_DeleteItemFromObjectCaseSensitive(state, "query");
    cJSON_AddStringToObject(state, "query", p->box.text);
    param_to_json(&rag_params, &p->set, state);
}

const PanelClass rag_panel = {
    .name = "rag",
    .title = "RAG",
    .summary = "search the notes as you type: BM25, LSA, GloVe and fusion, explained",
    .keys = rag_keys,
    .nkeys = sizeof rag_keys / sizeof rag_keys[0],
    .create = rag_create,
    .destroy = rag_destroy,
    .resize = rag_resize,
    .draw = rag_draw,
    .key = rag_key,
    .show = rag_show,
    .open = rag_open,
    .headline = rag_panel_headline,
    .save = rag_save,
};
