/* Markdown tree -> styled lines. */
#include "tui/mdview.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/text.h"
#include "tui/xalloc.h"

typedef struct Ctx {
    MdView *v;
    int width;
} Ctx;

static Style run_attr(unsigned style)
{
    if (style & MD_STYLE_CODE)
        return STYLE(TH_CODE);
    if (style & MD_STYLE_LINK)
        return STYLE(TH_LINK);
    Style a = STYLE(TH_NORMAL);
    if (style & MD_STYLE_STRONG)
        a = STYLE(TH_STRONG);
    if (style & MD_STYLE_EMPH)
        a |= A_ITALIC;
    if (style & MD_STYLE_STRIKE)
        a |= A_DIM;
    return a;
}

static void add_link(Ctx *c, const MdRun *run)
{
    MdView *v = c->v;
    v->links = xrealloc(v->links, (v->nlinks + 1) * sizeof *v->links);
    MdLinkRef *l = &v->links[v->nlinks++];
    snprintf(l->text, sizeof l->text, "%s", run->text);
    snprintf(l->href, sizeof l->href, "%s", run->href ? run->href : "");
    l->line = v->lines.count; /* until end_runs places it exactly */
    l->off = l->len = 0;
}

/* Wraps a block's runs; links show their target after the text when it differs. */
static void add_runs(Ctx *c, Wrapper *wr, const MdBlock *b, Style base)
{
    for (size_t i = 0; i < b->nruns; i++) {
        const MdRun *r = &b->runs[i];
        Style a = base ? base : run_attr(r->style);
        bool link = (r->style & MD_STYLE_LINK) && r->href;
        if (link)
            wrap_anchor(wr);
        wrap_add(wr, r->text, strlen(r->text), a);
        if (link) {
            add_link(c, r);
            if (strcmp(r->href, r->text) != 0 && strncmp(r->href, "pane:", 5) != 0) {
                char tail[600];
                snprintf(tail, sizeof tail, " <%s>", r->href);
                wrap_add(wr, tail, strlen(tail), STYLE(TH_DIM));
            }
        }
    }
}

/* Lays out a paragraph begun when the view had `first_link` links, and records where each of
 * its links landed: line, offset, and how much of the link text that line holds. */
static void end_runs(Ctx *c, Wrapper *wr, size_t first_link)
{
    MdView *v = c->v;
    size_t n = v->nlinks - first_link;
    TextMark *placed = n ? xcalloc(n, sizeof *placed) : NULL;
    if (n != wr->nanchors) { /* cannot happen: one anchor per link */
        free(placed);
        placed = NULL;
    }
    wrap_end_placed(wr, placed);
    for (size_t i = 0; placed && i < n; i++) {
        MdLinkRef *l = &v->links[first_link + i];
        const TextLine *line = &v->lines.lines[placed[i].line];
        l->line = placed[i].line;
        l->off = placed[i].off;
        size_t room = line->len > l->off ? line->len - l->off : 0, tl = strlen(l->text);
        l->len = tl < room ? tl : room;
    }
    free(placed);
}

static void blank(Ctx *c)
{
    if (c->v->lines.count && c->v->lines.lines[c->v->lines.count - 1].len > 0)
        lines_new(&c->v->lines, 0, 0);
}

static void render_block(Ctx *c, const MdBlock *b, int indent, const char *prefix);

static void render_children(Ctx *c, const MdBlock *b, int indent, const char *prefix)
{
    for (size_t i = 0; i < b->nchildren; i++)
        render_block(c, &b->children[i], indent, prefix);
}

static void render_heading(Ctx *c, const MdBlock *b, int indent)
{
    MdView *v = c->v;
    if (v->lines.count)
        blank(c);
    v->headings = xrealloc(v->headings, (v->nheadings + 1) * sizeof *v->headings);
    MdHeadingRef *h = &v->headings[v->nheadings++];
    h->level = b->level;
    md_block_text(b, h->text, sizeof h->text);
    h->line = v->lines.count;
    h->source_line = b->line;
    Wrapper wr;
    wrap_begin(&wr, &v->lines, c->width, indent, indent, b->line);
    Style a = STYLE(b->level == 1 ? TH_TITLE : TH_HEADING);
    if (b->level >= 3) {
        const char *mark = glyphs()->unicode ? "▸ " : "> ";
        wrap_add(&wr, mark, strlen(mark), STYLE(TH_ACCENT));
    }
    size_t first_link = v->nlinks;
    add_runs(c, &wr, b, a);
    end_runs(c, &wr, first_link);
    if (b->level <= 2) {
        int n = text_width(h->text, (size_t)-1);
        if (n > c->width - indent)
            n = c->width - indent;
        lines_new(&v->lines, indent, b->line);
        for (int i = 0; i < n; i++) {
            const char *g = b->level == 1 ? (glyphs()->unicode ? "═" : "=") : glyphs()->hline;
            lines_append(&v->lines, g, strlen(g), STYLE(b->level == 1 ? TH_TITLE : TH_BORDER));
        }
    }
    lines_new(&v->lines, 0, b->line);
}

static void render_code(Ctx *c, const MdBlock *b, int indent, const char *prefix)
{
    MdView *v = c->v;
    const char *s = b->code ? b->code : "";
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        lines_new(&v->lines, indent + 2, b->line);
        if (prefix)
            lines_append(&v->lines, prefix, strlen(prefix), STYLE(TH_QUOTE));
        /* Tabs expand to 4 spaces; the rest is clipped at draw time. */
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '\t')
                lines_append(&v->lines, "    ", 4, STYLE(TH_CODE));
            else
                lines_append(&v->lines, s + i, 1, STYLE(TH_CODE));
        }
        s += len + (e ? 1 : 0);
    }
    lines_new(&v->lines, 0, b->end_line);
}

static void render_table(Ctx *c, const MdBlock *b, int indent)
{
    MdView *v = c->v;
    size_t ncols = b->ncols ? b->ncols : 1;
    int *w = xcalloc(ncols, sizeof *w);
    char cell[512];
    for (size_t r = 0; r < b->nchildren; r++)
        for (size_t k = 0; k < b->children[r].nchildren && k < ncols; k++) {
            md_block_text(&b->children[r].children[k], cell, sizeof cell);
            int cw = text_width(cell, (size_t)-1);
            if (cw > w[k])
                w[k] = cw;
        }
    /* Shrink the widest columns until the table fits. */
    int avail = c->width - indent - 3 * (int)(ncols - 1);
    for (;;) {
        int total = 0, widest = 0;
        for (size_t k = 0; k < ncols; k++) {
            total += w[k];
            if (w[k] > w[widest])
                widest = (int)k;
        }
        if (total <= avail || w[widest] <= 4)
            break;
        w[widest]--;
    }
    const char *sep = glyphs()->unicode ? " │ " : " | ";
    for (size_t r = 0; r < b->nchildren; r++) {
        const MdBlock *row = &b->children[r];
        lines_new(&v->lines, indent, row->line);
        for (size_t k = 0; k < ncols; k++) {
            cell[0] = '\0';
            if (k < row->nchildren)
                md_block_text(&row->children[k], cell, sizeof cell);
            int used;
            size_t fit = text_fit(cell, w[k], &used);
            bool cut = fit < strlen(cell);
            if (cut && w[k] > 1)
                fit = text_fit(cell, w[k] - 1, &used);
            bool right = b->align && (b->align[k] == MD_ALIGN_RIGHT);
            Style a = STYLE(r == 0 ? TH_STRONG : TH_NORMAL);
            char pad[256];
            int padn = w[k] - used - (cut ? 1 : 0);
            if (padn < 0)
                padn = 0;
            if (padn > (int)sizeof pad)
                padn = sizeof pad;
            memset(pad, ' ', (size_t)padn);
            if (right)
                lines_append(&v->lines, pad, (size_t)padn, a);
            lines_append(&v->lines, cell, fit, a);
            if (cut)
                lines_append(&v->lines, glyphs()->ellipsis, strlen(glyphs()->ellipsis), STYLE(TH_DIM));
            if (!right && k + 1 < ncols)
                lines_append(&v->lines, pad, (size_t)padn, a);
            if (k + 1 < ncols)
                lines_append(&v->lines, sep, strlen(sep), STYLE(TH_BORDER));
        }
        if (r == 0) { /* rule under the header */
            lines_new(&v->lines, indent, row->line);
            for (size_t k = 0; k < ncols; k++) {
                for (int i = 0; i < w[k] + (k ? 1 : 0) + (k + 1 < ncols ? 1 : 0); i++)
                    lines_append(&v->lines, glyphs()->hline, strlen(glyphs()->hline),
                                 STYLE(TH_BORDER));
                if (k + 1 < ncols)
                    lines_append(&v->lines, glyphs()->unicode ? "┼" : "+",
                                 glyphs()->unicode ? 3 : 1, STYLE(TH_BORDER));
            }
        }
    }
    free(w);
    lines_new(&v->lines, 0, b->end_line);
}

static void render_list(Ctx *c, const MdBlock *b, int indent, const char *prefix)
{
    for (size_t i = 0; i < b->nchildren; i++) {
        const MdBlock *item = &b->children[i];
        char marker[24];
        if (b->ordered)
            snprintf(marker, sizeof marker, "%zu. ", (size_t)b->start + i);
        else
            snprintf(marker, sizeof marker, "%s ", glyphs()->bullet);
        int mw = text_width(marker, (size_t)-1);
        for (size_t k = 0; k < item->nchildren; k++) {
            const MdBlock *child = &item->children[k];
            if (k == 0 && child->kind == MD_PARAGRAPH) {
                Wrapper wr;
                wrap_begin(&wr, &c->v->lines, c->width, indent, indent + mw, child->line);
                wr.prefix = prefix;
                wr.prefix_style = STYLE(TH_QUOTE);
                wrap_add(&wr, marker, strlen(marker), STYLE(TH_ACCENT));
                size_t first_link = c->v->nlinks;
                add_runs(c, &wr, child, 0);
                end_runs(c, &wr, first_link);
            } else {
                if (k == 0) {
                    lines_new(&c->v->lines, indent, item->line);
                    lines_append(&c->v->lines, marker, strlen(marker), STYLE(TH_ACCENT));
                }
                render_block(c, child, indent + mw, prefix);
                /* Nested blocks inside a list item stay tight. */
                if (c->v->lines.count > 1 && c->v->lines.lines[c->v->lines.count - 1].len == 0) {
                    TextLine *last = &c->v->lines.lines[--c->v->lines.count];
                    free(last->text);
                    free(last->spans);
                }
            }
        }
    }
    lines_new(&c->v->lines, 0, b->end_line);
}

static void render_block(Ctx *c, const MdBlock *b, int indent, const char *prefix)
{
    MdView *v = c->v;
    switch (b->kind) {
    case MD_DOCUMENT: render_children(c, b, indent, prefix); break;
    case MD_HEADING: render_heading(c, b, indent); break;
    case MD_PARAGRAPH: {
        Wrapper wr;
        wrap_begin(&wr, &v->lines, c->width, indent, indent, b->line);
        wr.prefix = prefix;
        wr.prefix_style = STYLE(TH_QUOTE);
        size_t first_link = v->nlinks;
        add_runs(c, &wr, b, prefix ? STYLE(TH_QUOTE) : 0);
        end_runs(c, &wr, first_link);
        lines_new(&v->lines, 0, b->end_line);
        break;
    }
    case MD_CODE: render_code(c, b, indent, prefix); break;
    case MD_LIST: render_list(c, b, indent, prefix); break;
    case MD_LIST_ITEM: render_children(c, b, indent, prefix); break;
    case MD_QUOTE: render_children(c, b, indent, glyphs()->unicode ? "│ " : "| "); break;
    case MD_TABLE: render_table(c, b, indent); break;
    case MD_RULE: {
        lines_new(&v->lines, indent, b->line);
        for (int i = 0; i < c->width - indent; i++)
            lines_append(&v->lines, glyphs()->hline, strlen(glyphs()->hline), STYLE(TH_BORDER));
        lines_new(&v->lines, 0, b->line);
        break;
    }
    default: break;
    }
}

void mdview_init(MdView *v)
{
    memset(v, 0, sizeof *v);
    lines_init(&v->lines);
}

void mdview_free(MdView *v)
{
    if (!v)
        return;
    lines_free(&v->lines);
    free(v->headings);
    free(v->links);
    memset(v, 0, sizeof *v);
}

void mdview_render(MdView *v, const MdDoc *doc, int width)
{
    lines_clear(&v->lines);
    v->nheadings = v->nlinks = 0;
    v->width = width;
    if (!doc)
        return;
    Ctx c = {v, width < 10 ? 10 : width};
    render_block(&c, &doc->root, 0, NULL);
    /* Drop trailing blank lines. */
    while (v->lines.count && v->lines.lines[v->lines.count - 1].len == 0) {
        TextLine *last = &v->lines.lines[--v->lines.count];
        free(last->text);
        free(last->spans);
    }
}

long mdview_heading_at(const MdView *v, size_t line)
{
    long found = -1;
    for (size_t i = 0; i < v->nheadings && v->headings[i].line <= line; i++)
        found = (long)i;
    return found;
}

static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return n == 0;
}

long mdview_find_heading(const MdView *v, const char *text)
{
    for (size_t i = 0; i < v->nheadings; i++)
        if (strcasecmp(v->headings[i].text, text) == 0)
            return (long)i;
    for (size_t i = 0; i < v->nheadings; i++)
        if (contains_nocase(v->headings[i].text, text))
            return (long)i;
    return -1;
}
