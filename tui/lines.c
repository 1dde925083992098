/* Styled line storage, word wrapping and drawing. */
#include "tui/lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/text.h"
#include "tui/xalloc.h"

void lines_init(TextLines *tl) { memset(tl, 0, sizeof *tl); }

void lines_clear(TextLines *tl)
{
    for (size_t i = 0; i < tl->count; i++) {
        free(tl->lines[i].text);
        free(tl->lines[i].spans);
    }
    tl->count = 0;
}

void lines_free(TextLines *tl)
{
    if (!tl)
        return;
    lines_clear(tl);
    free(tl->lines);
    memset(tl, 0, sizeof *tl);
}

TextLine *lines_new(TextLines *tl, int indent, int tag)
{
    if (tl->count == tl->cap) {
        tl->cap = tl->cap ? tl->cap * 2 : 64;
        tl->lines = xrealloc(tl->lines, tl->cap * sizeof *tl->lines);
    }
    TextLine *l = &tl->lines[tl->count++];
    memset(l, 0, sizeof *l);
    l->text = xstrdup("");
    l->indent = indent;
    l->tag = tag;
    return l;
}

void lines_append(TextLines *tl, const char *s, size_t len, Style attr)
{
    if (tl->count == 0)
        lines_new(tl, 0, 0);
    TextLine *l = &tl->lines[tl->count - 1];
    l->text = xrealloc(l->text, l->len + len + 1);
    memcpy(l->text + l->len, s, len);
    l->text[l->len + len] = '\0';
    if (l->nspans && l->spans[l->nspans - 1].style == attr &&
        l->spans[l->nspans - 1].off + l->spans[l->nspans - 1].len == l->len) {
        l->spans[l->nspans - 1].len += len;
    } else {
        l->spans = xrealloc(l->spans, (l->nspans + 1) * sizeof *l->spans);
        l->spans[l->nspans++] = (TextSpan){l->len, len, attr};
    }
    l->len += len;
}

void lines_appendf(TextLines *tl, Style attr, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    lines_append(tl, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, attr);
}

void wrap_begin(Wrapper *wr, TextLines *out, int width, int first_indent, int indent, int tag)
{
    memset(wr, 0, sizeof *wr);
    wr->out = out;
    wr->width = width < 1 ? 1 : width;
    wr->first_indent = first_indent;
    wr->indent = indent;
    wr->tag = tag;
}

void wrap_add(Wrapper *wr, const char *s, size_t len, Style style)
{
    if (len == 0)
        return;
    if (wr->len + len + 1 > wr->cap) {
        wr->cap = (wr->len + len + 1) * 2;
        wr->buf = xrealloc(wr->buf, wr->cap);
    }
    memcpy(wr->buf + wr->len, s, len);
    if (wr->nspans == wr->scap) {
        wr->scap = wr->scap ? wr->scap * 2 : 16;
        wr->spans = xrealloc(wr->spans, wr->scap * sizeof *wr->spans);
    }
    wr->spans[wr->nspans++] = (TextSpan){wr->len, len, style};
    wr->len += len;
    wr->buf[wr->len] = '\0';
}

void wrap_break(Wrapper *wr) { wrap_add(wr, "\n", 1, STYLE(TH_NORMAL)); }

void wrap_anchor(Wrapper *wr)
{
    if (wr->nanchors == wr->acap) {
        wr->acap = wr->acap ? wr->acap * 2 : 8;
        wr->anchors = xrealloc(wr->anchors, wr->acap * sizeof *wr->anchors);
    }
    wr->anchors[wr->nanchors++] = wr->len;
}

/* Layout state while wrap_end runs. */
typedef struct WrapLine {
    Wrapper *wr;
    int col;      /* columns used on the current line, prefix included */
    int base;     /* columns the prefix takes */
    int started;
    TextMark *placed; /* NULL, or one per anchor */
    size_t next_anchor;
} WrapLine;

static void wl_newline(WrapLine *wl)
{
    Wrapper *wr = wl->wr;
    lines_new(wr->out, wl->started ? wr->indent : wr->first_indent, wr->tag);
    wl->started = 1;
    wl->col = 0;
    if (wr->prefix) {
        lines_append(wr->out, wr->prefix, strlen(wr->prefix), wr->prefix_style);
        wl->col = text_width(wr->prefix, (size_t)-1);
    }
    wl->base = wl->col;
}

static int wl_room(const WrapLine *wl)
{
    return wl->wr->width - wl->wr->out->lines[wl->wr->out->count - 1].indent - wl->col;
}

/* Appends buf[a, b) with the styles of the spans it covers. */
static void wl_emit(WrapLine *wl, size_t a, size_t b)
{
    Wrapper *wr = wl->wr;
    for (size_t i = 0; i < wr->nspans && a < b; i++) {
        size_t so = wr->spans[i].off, se = so + wr->spans[i].len;
        if (se <= a || so >= b)
            continue;
        size_t from = a > so ? a : so, to = b < se ? b : se;
        /* Anchors up to here land in this piece (one on a dropped blank: at its start). */
        const TextLine *line = &wr->out->lines[wr->out->count - 1];
        for (; wl->placed && wl->next_anchor < wr->nanchors && wr->anchors[wl->next_anchor] < to;
             wl->next_anchor++) {
            size_t at = wr->anchors[wl->next_anchor];
            wl->placed[wl->next_anchor] =
                (TextMark){wr->out->count - 1, line->len + (at > from ? at - from : 0), 0};
        }
        lines_append(wr->out, wr->buf + from, to - from, wr->spans[i].style);
    }
}

void wrap_end(Wrapper *wr) { wrap_end_placed(wr, NULL); }

void wrap_end_placed(Wrapper *wr, TextMark *placed)
{
    WrapLine wl = {wr, 0, 0, 0, placed, 0};
    wl_newline(&wl);
    size_t i = 0;
    while (i < wr->len) {
        if (wr->buf[i] == '\n') {
            wl_newline(&wl);
            i++;
            continue;
        }
        size_t j = i;
        while (j < wr->len && wr->buf[j] == ' ')
            j++;
        size_t k = j;
        while (k < wr->len && wr->buf[k] != ' ' && wr->buf[k] != '\n')
            k++;
        int spaces = (int)(j - i);
        int ww = text_width(wr->buf + j, k - j);
        if (wl.col == wl.base)
            spaces = 0; /* no blanks at the start of a line */
        else if (spaces + ww > wl_room(&wl)) {
            wl_newline(&wl);
            spaces = 0;
        }
        if (spaces) {
            wl_emit(&wl, j - (size_t)spaces, j);
            wl.col += spaces;
        }
        /* The word, cut by columns when it is wider than what is left of a fresh line. */
        size_t p = j;
        while (p < k) {
            int room = wl_room(&wl);
            size_t n = k - p, fit = 0;
            int used = 0;
            while (fit < n) {
                size_t step = 1;
                while (fit + step < n && ((unsigned char)wr->buf[p + fit + step] & 0xC0) == 0x80)
                    step++;
                int cw = text_width(wr->buf + p + fit, step);
                if (used + cw > room)
                    break;
                used += cw;
                fit += step;
            }
            if (fit == 0) {
                if (wl.col == wl.base) { /* not even one character fits: take it anyway */
                    fit = 1;
                    while (fit < n && ((unsigned char)wr->buf[p + fit] & 0xC0) == 0x80)
                        fit++;
                    used = 1;
                } else {
                    wl_newline(&wl);
                    continue;
                }
            }
            wl_emit(&wl, p, p + fit);
            wl.col += used;
            p += fit;
            if (p < k)
                wl_newline(&wl);
        }
        i = k;
    }
    for (; placed && wl.next_anchor < wr->nanchors; wl.next_anchor++) /* past the end */
        placed[wl.next_anchor] = (TextMark){wr->out->count - 1,
                                            wr->out->lines[wr->out->count - 1].len, 0};
    free(wr->buf);
    free(wr->spans);
    free(wr->anchors);
    wr->buf = NULL;
    wr->spans = NULL;
    wr->anchors = NULL;
    wr->len = wr->cap = wr->nspans = wr->scap = wr->nanchors = wr->acap = 0;
}

static attr_t attr_at(const TextLine *l, size_t off)
{
    for (size_t i = 0; i < l->nspans; i++)
        if (off >= l->spans[i].off && off < l->spans[i].off + l->spans[i].len)
            return style_attr(l->spans[i].style);
    return theme_attr(TH_NORMAL);
}

void lines_draw(const TextLines *tl, WINDOW *w, Rect r, size_t top, const TextMark *marks,
                size_t nmarks, long current)
{
    for (int row = 0; row < r.h; row++) {
        size_t li = top + (size_t)row;
        if (li >= tl->count)
            break;
        const TextLine *l = &tl->lines[li];
        int x = r.x + l->indent, maxw = r.w - l->indent;
        size_t off = 0;
        /* Draw run by run: a run ends where the attribute (span or mark) changes. */
        while (off < l->len && maxw > 0) {
            attr_t a = attr_at(l, off);
            size_t end = l->len;
            for (size_t s = 0; s < l->nspans; s++) {
                size_t so = l->spans[s].off, se = so + l->spans[s].len;
                if (so > off && so < end)
                    end = so;
                if (se > off && se < end)
                    end = se;
            }
            for (size_t m = 0; m < nmarks; m++) {
                if (marks[m].line != li)
                    continue;
                size_t mo = marks[m].off, me = mo + marks[m].len;
                if (off >= mo && off < me) {
                    a = theme_attr((long)m == current ? TH_SELECTED : TH_MATCH);
                    if (me < end)
                        end = me;
                } else if (mo > off && mo < end) {
                    end = mo;
                }
            }
            int n = text_draw(w, r.y + row, x, maxw, a, l->text + off, end - off);
            x += n;
            maxw -= n;
            off = end;
        }
    }
}

size_t lines_search(const TextLines *tl, const char *query, TextMark **marks)
{
    *marks = NULL;
    size_t qlen = strlen(query), n = 0, cap = 0;
    if (qlen == 0)
        return 0;
    for (size_t i = 0; i < tl->count; i++) {
        const TextLine *l = &tl->lines[i];
        for (size_t off = 0; off + qlen <= l->len; off++) {
            if (strncasecmp(l->text + off, query, qlen) != 0)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                *marks = xrealloc(*marks, cap * sizeof **marks);
            }
            (*marks)[n++] = (TextMark){i, off, qlen};
            off += qlen - 1;
        }
    }
    return n;
}
