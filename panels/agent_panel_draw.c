/* The Agents pane's drawing: the graph (boxes, routed edges, labels, highlights), the run
 * header, the router's decision, the state tree, the step log and the checkpoint timeline. */
#include "panels/agent_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text.h"
#include "tui/xalloc.h"

enum { ARM_U = 1, ARM_D = 2, ARM_L = 4, ARM_R = 8 };

static void arm(AgentPanel *p, int x, int y, unsigned char bits)
{
    if (x >= 0 && y >= 0 && x < p->arms_w && y < p->arms_h)
        p->arms[y * p->arms_w + x] |= bits;
}

static void arm_segment(AgentPanel *p, LayoutPoint a, LayoutPoint b)
{
    if (a.y == b.y) {
        int lo = a.x < b.x ? a.x : b.x, hi = a.x < b.x ? b.x : a.x;
        for (int x = lo; x <= hi; x++)
            arm(p, x, a.y, (unsigned char)((x > lo ? ARM_L : 0) | (x < hi ? ARM_R : 0)));
    } else {
        int lo = a.y < b.y ? a.y : b.y, hi = a.y < b.y ? b.y : a.y;
        for (int y = lo; y <= hi; y++)
            arm(p, a.x, y, (unsigned char)((y > lo ? ARM_U : 0) | (y < hi ? ARM_D : 0)));
    }
}

void agent_panel_arms(AgentPanel *p)
{
    free(p->arms);
    p->arms = NULL;
    p->arms_w = p->lay.width + 2;
    p->arms_h = p->lay.height + 1;
    if (!p->lay.nboxes)
        return;
    p->arms = xcalloc((size_t)p->arms_w * (size_t)p->arms_h, 1);
    for (size_t i = 0; i < p->lay.nedges; i++) {
        const LayoutEdge *e = &p->lay.edges[i];
        for (int k = 1; k < e->npts; k++)
            arm_segment(p, e->pts[k - 1], e->pts[k]);
        if (e->npts)
            arm(p, e->pts[0].x, e->pts[0].y, e->back ? ARM_L : ARM_U);
    }
}

static const char *arm_glyph(unsigned char bits)
{
    static const char *const uni[16] = {" ", "│", "│", "│", "─", "┘", "┐", "┤",
                                        "─", "└", "┌", "├", "─", "┴", "┬", "┼"};
    static const char *const asc[16] = {" ", "|", "|", "|", "-", "+", "+", "+",
                                        "-", "+", "+", "+", "-", "+", "+", "+"};
    return (glyphs()->unicode ? uni : asc)[bits & 15];
}

static const char *arrow_glyph(LayoutPoint a, LayoutPoint b)
{
    bool u = glyphs()->unicode;
    if (b.y > a.y)
        return u ? "▼" : "v";
    if (b.y < a.y)
        return u ? "▲" : "^";
    if (b.x < a.x)
        return u ? "◀" : "<";
    return u ? "▶" : ">";
}

typedef struct View {
    WINDOW *w;
    Rect r;  /* the drawing area (below the title) */
    int ox;  /* screen x of layout column 0 */
    int top; /* first layout row shown */
} View;

static void put(const View *v, int x, int y, attr_t attr, const char *s)
{
    int sy = v->r.y + (y - v->top), sx = v->ox + x;
    if (y < v->top || sy >= v->r.y + v->r.h || sx < v->r.x || sx >= v->r.x + v->r.w)
        return;
    text_draw(v->w, sy, sx, v->r.x + v->r.w - sx, attr, s, (size_t)-1);
}

static void draw_edge(const AgentPanel *p, const View *v, const LayoutEdge *e, attr_t attr)
{
    for (int k = 1; k < e->npts; k++) {
        LayoutPoint a = e->pts[k - 1], b = e->pts[k];
        if (a.y == b.y) {
            int lo = a.x < b.x ? a.x : b.x, hi = a.x < b.x ? b.x : a.x;
            for (int x = lo; x <= hi; x++)
                put(v, x, a.y, attr, arm_glyph(p->arms[a.y * p->arms_w + x]));
        } else {
            int lo = a.y < b.y ? a.y : b.y, hi = a.y < b.y ? b.y : a.y;
            for (int y = lo; y <= hi; y++)
                put(v, a.x, y, attr, arm_glyph(p->arms[y * p->arms_w + a.x]));
        }
    }
    if (e->npts >= 2)
        put(v, e->pts[e->npts - 1].x, e->pts[e->npts - 1].y, attr,
            arrow_glyph(e->pts[e->npts - 2], e->pts[e->npts - 1]));
}

static void draw_graph(const AgentPanel *p, WINDOW *w, Rect area)
{
    const Graph *g = p->g;
    const Checkpoint *h = p->run ? run_head(p->run) : NULL;
    Rect title = rect_take_top(&area, 1);
    text_drawf(w, title.y, title.x, title.w, theme_attr(TH_TITLE), "graph: %s", g->name);
    View v = {.w = w, .r = area, .top = p->graph_top};
    v.ox = area.x + (p->lay.width < area.w ? (area.w - p->lay.width) / 2 : 1);
    /* the edge just taken */
    const LayoutEdge *taken = NULL;
    if (h && h->kind == CP_STEP && h->node >= 0 && h->next != GRAPH_NONE)
        for (size_t i = 0; i < p->lay.nedges; i++)
            if (p->lay.edges[i].from == h->node && p->lay.edges[i].to == h->next)
                taken = &p->lay.edges[i];
    for (size_t i = 0; i < p->lay.nedges; i++)
        if (&p->lay.edges[i] != taken)
            draw_edge(p, &v, &p->lay.edges[i], theme_attr(TH_BORDER));
    if (taken)
        draw_edge(p, &v, taken, theme_attr(TH_WARN));
    for (size_t i = 0; i < p->lay.nedges; i++) {
        const LayoutEdge *e = &p->lay.edges[i];
        if (e->label[0] && e->label_x >= 0)
            put(&v, e->label_x, e->label_y, theme_attr(e == taken ? TH_WARN : TH_DIM), e->label);
    }
    const Glyphs *gl = glyphs();
    for (size_t i = 0; i < p->lay.nboxes; i++) {
        const LayoutBox *b = &p->lay.boxes[i];
        bool next = h && b->node == h->next;
        bool ran = h && h->kind == CP_STEP && b->node == h->node;
        bool sel = b->node == p->sel_node;
        attr_t border = theme_attr(next ? TH_ACCENT : ran ? TH_GOOD : sel ? TH_HEADING : TH_NORMAL);
        attr_t label = next ? theme_attr(TH_SELECTED) : ran ? theme_attr(TH_GOOD) : theme_attr(TH_NORMAL);
        int mid = b->y + b->h / 2;
        char line[128];
        if (b->h == 3) {
            for (int x = 0; x < b->w && x < 120; x++) {
                const char *c = x == 0 ? gl->tl : x == b->w - 1 ? gl->tr : gl->hline;
                put(&v, b->x + x, b->y, border, c);
                c = x == 0 ? gl->bl : x == b->w - 1 ? gl->br : gl->hline;
                put(&v, b->x + x, b->y + 2, border, c);
            }
            put(&v, b->x, mid, border, gl->vline);
            put(&v, b->x + b->w - 1, mid, border, gl->vline);
            int pad = b->w - 2 - (int)strlen(b->label);
            snprintf(line, sizeof line, "%*s%s%*s", pad / 2, "", b->label, pad - pad / 2, "");
            put(&v, b->x + 1, mid, label, line);
        } else {
            int pad = b->w - 4 - (int)strlen(b->label);
            snprintf(line, sizeof line, "[ %*s%s%*s ]", pad / 2, "", b->label, pad - pad / 2, "");
            put(&v, b->x, mid, label, line);
            put(&v, b->x, mid, border, "[");
            put(&v, b->x + b->w - 1, mid, border, "]");
        }
        if (b->node >= 0 && p->run && run_breakpoint(p->run, b->node, true))
            put(&v, b->x + 1, mid, theme_attr(TH_BAD), gl->unicode ? "●" : "*");
        if (next)
            put(&v, b->x - 1, mid, theme_attr(TH_ACCENT), gl->unicode ? "▶" : ">");
        if (sel && !next)
            put(&v, b->x - 1, mid, theme_attr(TH_HEADING), gl->unicode ? "›" : "-");
    }
    if (p->lay.height - p->graph_top > area.h)
        text_draw(w, area.y + area.h - 1, area.x + area.w - 1, 1, theme_attr(TH_DIM), gl->arrow_down, (size_t)-1);
}

/* ---------------------------------------------------------------- the side column */

/* The router's decision, wrapped in build_rows; at most r.h lines. */
static int draw_router(const AgentPanel *p, WINDOW *w, Rect r)
{
    int n = p->router.count < (size_t)r.h ? (int)p->router.count : r.h;
    lines_draw(&p->router, w, rect_make(r.y, r.x, n, r.w), 0, NULL, 0, -1);
    return n;
}

/* The first (longest) of the texts that fits in `cols` columns, else the last. */
static const char *longest_fit(const char *const *texts, int n, int cols)
{
    for (int i = 0; i < n - 1; i++)
        if (text_width(texts[i], (size_t)-1) <= cols)
            return texts[i];
    return texts[n - 1];
}

static void draw_state(const AgentPanel *p, WINDOW *w, Rect r)
{
    if (r.h <= 0)
        return;
    text_draw(w, r.y, r.x, r.w, theme_attr(TH_HEADING), "state", (size_t)-1);
    static const char *const legends[] = {"(key, reducer, value; * = changed by the last step)",
                                           "(* = changed by the last step)", "(* = just changed)",
                                           "(*: changed)"};
    text_draw(w, r.y, r.x + 6, r.w - 6, theme_attr(TH_DIM), longest_fit(legends, 4, r.w - 6), (size_t)-1);
    int rows = r.h - 1;
    int top = 0;
    if (p->sel_row >= rows)
        top = p->sel_row - rows + 1;
    for (int i = 0; i < rows && top + i < p->nrows; i++) {
        const StateRow *row = &p->rows[top + i];
        int y = r.y + 1 + i;
        bool sel = top + i == p->sel_row;
        attr_t a = sel ? theme_attr(TH_SELECTED) : row->changed ? theme_attr(TH_WARN) : theme_attr(TH_NORMAL);
        if (row->depth > 0 && !sel)
            a = theme_attr(row->changed ? TH_WARN : TH_DIM);
        text_draw(w, y, r.x, 1, theme_attr(TH_WARN), row->changed && row->depth == 0 ? "*" : " ", (size_t)-1);
        text_draw(w, y, r.x + 1 + row->depth * 4, r.w - 1 - row->depth * 4, a, row->text, (size_t)-1);
    }
}

static void draw_log(const AgentPanel *p, WINDOW *w, Rect r)
{
    if (r.h <= 1)
        return;
    text_draw(w, r.y, r.x, r.w, theme_attr(TH_HEADING), "steps", (size_t)-1);
    /* the path from the start to the head, newest last */
    int path[512], n = 0;
    for (int id = run_head(p->run)->id; id >= 0 && n < 512; id = run_checkpoint(p->run, (size_t)id)->parent)
        path[n++] = id;
    int rows = r.h - 1;
    int first = n > rows ? rows - 1 : n - 1;
    int longest = 5; /* "start", "stop" */
    for (size_t i = 0; i < p->g->nnodes; i++) {
        int l = (int)strlen(p->g->nodes[i].name);
        longest = l > longest ? l : longest;
    }
    for (int i = 0; i < rows && first - i >= 0; i++) {
        const Checkpoint *cp = run_checkpoint(p->run, (size_t)path[first - i]);
        char changed[160] = "";
        size_t m = 0;
        const cJSON *k;
        cJSON_ArrayForEach(k, cp->changed) if (m + 2 < sizeof changed)
            m += (size_t)snprintf(changed + m, sizeof changed - m, "%s%s", m ? "," : "+", k->valuestring);
        const char *what = cp->kind == CP_START ? "start" : cp->kind == CP_FORK ? "fork" : graph_node_name(p->g, cp->node);
        const char *next = cp->next == GRAPH_NONE ? "stop" : graph_node_name(p->g, cp->next);
        bool head = cp->id == run_head(p->run)->id;
        attr_t a = theme_attr(cp->error ? TH_BAD : head ? TH_VALUE : TH_NORMAL);
        int nw = (r.w - 8) / 2 < longest ? (r.w - 8) / 2 : longest; /* narrow: both names show */
        if (nw < 4)
            nw = 4;
        text_drawf(w, r.y + 1 + i, r.x, r.w, a, "%3d %-*.*s %s %-*.*s %s%s%s", cp->step, nw, nw, what,
                   glyphs()->arrow_right, nw, nw, next, changed, cp->error ? "  ! " : "", cp->error ? cp->error : "");
    }
}

static void draw_timeline(const AgentPanel *p, WINDOW *w, Rect r)
{
    if (r.h <= 1)
        return;
    text_draw(w, r.y, r.x, r.w, theme_attr(TH_HEADING), "checkpoints", (size_t)-1);
    text_drawf(w, r.y, r.x + 12, r.w - 12, theme_attr(TH_DIM), "(%zu, %d branch%s)", run_count(p->run),
               run_branch_count(p->run), run_branch_count(p->run) == 1 ? "" : "es");
    const Checkpoint *h = run_head(p->run);
    bool u = glyphs()->unicode;
    for (int b = 0; b < run_branch_count(p->run) && b < r.h - 1; b++) {
        int y = r.y + 1 + b;
        text_drawf(w, y, r.x, 4, theme_attr(TH_DIM), "b%d", b);
        for (int pass = 0; pass < 2; pass++) /* connectors first, then the checkpoints over them */
            for (size_t i = 0; i < run_count(p->run); i++) {
                const Checkpoint *cp = run_checkpoint(p->run, i);
                if (cp->branch != b)
                    continue;
                int x = r.x + 4 + cp->step * 2 + (cp->kind == CP_FORK ? 1 : 0);
                if (x >= r.x + r.w || x - 1 < r.x + 3)
                    continue;
                if (pass == 0) {
                    if (cp->kind == CP_FORK)
                        text_draw(w, y, x - 1, 1, theme_attr(TH_DIM), u ? "╰" : "\\", (size_t)-1);
                    else if (cp->kind == CP_STEP)
                        text_draw(w, y, x - 1, 1, theme_attr(TH_DIM), u ? "─" : "-", (size_t)-1);
                    continue;
                }
                const char *gly = cp->kind == CP_START ? (u ? "○" : "o") : cp->kind == CP_FORK ? (u ? "◆" : "+")
                                : cp->error ? (u ? "✕" : "x") : (u ? "●" : "*");
                attr_t a = theme_attr(cp->id == h->id ? TH_SELECTED : cp->error ? TH_BAD : TH_ACCENT);
                text_draw(w, y, x, 1, a, gly, (size_t)-1);
            }
    }
}

void agent_panel_draw(const void *st, WINDOW *w, Rect area)
{
    const AgentPanel *p = st;
    if (!p->g) {
        text_draw(w, area.y, area.x + 1, area.w - 2, theme_attr(TH_BAD), p->error[0] ? p->error : "no graph",
                  (size_t)-1);
        return;
    }
    draw_graph(p, w, p->graph_r);
    Rect s = p->side_r;
    if (!p->run) {
        text_draw(w, s.y, s.x, s.w, theme_attr(TH_WARN), "no input: add notes or questions", (size_t)-1);
        return;
    }
    const Checkpoint *h = run_head(p->run);
    RunStatus st_ = run_status(p->run);
    int y = s.y;
    /* The input as the head's state has it: a fork that edits it shows here. */
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(h->state, p->graph_idx == 0 ? "input" : "question");
    const char *input = cJSON_IsString(in) ? in->valuestring : p->ninputs ? p->inputs[p->input_idx] : "";
    const char *base = p->graph_idx == 0 && strrchr(input, '/') ? strrchr(input, '/') + 1 : input;
    text_drawf(w, y++, s.x, s.w, theme_attr(TH_TITLE), "%s %s %s", p->g->name, glyphs()->arrow_right, base);
    int x = s.x;
    if (h->next != GRAPH_NONE)
        x += text_drawf(w, y, x, s.w, theme_attr(TH_VALUE), "next: %s  ", graph_node_name(p->g, h->next));
    ThemeRole role = st_ == RUN_DONE ? TH_GOOD : st_ == RUN_FAILED ? TH_BAD : st_ == RUN_INTERRUPTED ? TH_WARN : TH_ACCENT;
    x += text_drawf(w, y, x, s.x + s.w - x, theme_attr(role), "%s", run_status_name(st_));
    text_drawf(w, y, x, s.x + s.w - x, theme_attr(TH_DIM), "  step %d  branch %d", h->step, h->branch);
    y++;
    if (h->error)
        text_drawf(w, y++, s.x, s.w, theme_attr(TH_BAD), "error: %s", h->error);
    y += draw_router(p, w, rect_make(y, s.x, s.h >= 30 ? 6 : s.h >= 20 ? 4 : 3, s.w));
    int rest = s.y + s.h - y - 1; /* the last row is for messages and the fork editor */
    int tl = run_branch_count(p->run) + 1;
    if (tl > 4)
        tl = 4;
    int log = rest >= 24 ? 8 : rest >= 14 ? 4 : 3;
    int state_h = rest - log - tl;
    if (state_h < 3) {
        log = 0;
        state_h = rest - tl;
    }
    draw_state(p, w, rect_make(y, s.x, state_h, s.w));
    y += state_h;
    draw_log(p, w, rect_make(y, s.x, log, s.w));
    y += log;
    draw_timeline(p, w, rect_make(y, s.x, tl, s.w));
    Rect last = rect_make(s.y + s.h - 1, s.x, 1, s.w);
    if (p->editing) {
        char prompt[96];
        snprintf(prompt, sizeof prompt, "fork %s = ", p->g->keys[p->rows[p->sel_row].key].name);
        textbox_draw(&p->tb, w, last, prompt, true);
    } else { /* what the last key did; the keys themselves are in the app's footer */
        text_draw(w, last.y, last.x, last.w, theme_attr(TH_DIM), p->message, (size_t)-1);
    }

}
