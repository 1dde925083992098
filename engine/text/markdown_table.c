/* GFM tables: row splitting at unescaped pipes, the delimiter row with alignments, and the
 * table block. */
#include "engine/text/markdown_priv.h"

#include <stdlib.h>
#include <string.h>

/* Splits a table row at unescaped '|' outside code spans; trims cells. Returns the count. */
size_t md_split_row(const char *t, size_t n, Cell *cells, size_t max)
{
    n = md_rtrim_len(t, n);
    size_t i = 0;
    while (i < n && t[i] == ' ')
        i++;
    if (i < n && t[i] == '|')
        i++;
    if (n > i && t[n - 1] == '|' && !(n >= 2 && t[n - 2] == '\\'))
        n--;
    size_t count = 0, start = i;
    int in_code = 0;
    for (; i <= n; i++) {
        if (i < n && t[i] == '\\' && i + 1 < n) {
            i++;
            continue;
        }
        if (i < n && t[i] == '`')
            in_code = !in_code;
        if (i == n || (t[i] == '|' && !in_code)) {
            size_t a = start, b = i;
            while (a < b && t[a] == ' ')
                a++;
            b = a + md_rtrim_len(t + a, b - a);
            if (count < max)
                cells[count] = (Cell){ t + a, b - a };
            count++;
            start = i + 1;
        }
    }
    return count;
}

/* A GFM delimiter row such as "| :--- | :-: | ---: |"; fills the alignments. */
size_t md_delim_row(const Line *l, MdAlign *align, size_t max)
{
    const char *t = l->s;
    size_t n = l->len;
    if (md_indent_of(l) > 3 || !memchr(t, '-', n) || !memchr(t, '|', n))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("|:- ", t[i]))
            return 0;
    Cell cells[MD_MAX_COLS];
    size_t count = md_split_row(t, n, cells, MD_MAX_COLS);
    if (count > MD_MAX_COLS)
        return 0;
    for (size_t c = 0; c < count; c++) {
        const char *s = cells[c].s;
        size_t len = cells[c].len;
        if (len == 0)
            return 0;
        int left = s[0] == ':', right = s[len - 1] == ':';
        for (size_t k = (size_t)left; k < len - (size_t)right; k++)
            if (s[k] != '-')
                return 0;
        if (len - (size_t)left - (size_t)right < 1)
            return 0;
        align[c] = left && right ? MD_ALIGN_CENTER : left ? MD_ALIGN_LEFT
                                                          : right ? MD_ALIGN_RIGHT : MD_ALIGN_NONE;
    }
    (void)max;
    return count;
}

static void add_row(Parser *p, MdBlock *table, const Line *l, size_t ncols)
{
    Cell cells[MD_MAX_COLS];
    size_t count = md_split_row(l->s, l->len, cells, MD_MAX_COLS);
    MdBlock row = md_new_block(MD_TABLE_ROW, l->no, l->no);
    /* GFM: extra cells are ignored, missing ones are empty. */
    for (size_t c = 0; c < ncols; c++) {
        MdBlock cell = md_new_block(MD_TABLE_CELL, l->no, l->no);
        if (c < count) {
            /* GFM 4.10: "\|" is a literal pipe even inside code spans. */
            MdBuf t = { 0 };
            for (size_t k = 0; k < cells[c].len; k++) {
                if (cells[c].s[k] == '\\' && k + 1 < cells[c].len && cells[c].s[k + 1] == '|')
                    k++;
                mdbuf_putc(&t, cells[c].s[k]);
            }
            if (t.oom)
                p->oom = 1;
            else
                md_set_runs(p, &cell, t.s ? t.s : "", t.len);
            mdbuf_free(&t);
        }
        md_add_child(p, &row, &cell);
    }
    md_add_child(p, table, &row);
}

size_t md_parse_table(Parser *p, const Line *lines, size_t i, size_t n, MdBlock *parent,
                          const MdAlign *align, size_t ncols)
{
    MdBlock t = md_new_block(MD_TABLE, lines[i].no, lines[i + 1].no);
    t.align = malloc(ncols * sizeof *t.align);
    if (!t.align) {
        p->oom = 1;
        return n;
    }
    memcpy(t.align, align, ncols * sizeof *align);
    t.ncols = ncols;
    add_row(p, &t, &lines[i], ncols);
    size_t k = i + 2;
    for (; k < n; k++) {
        const Line *l = &lines[k];
        if (md_is_blank(l) || md_interrupts_paragraph(l, MD_MAX_DEPTH))
            break;
        add_row(p, &t, l, ncols);
        t.end_line = l->no;
    }
    md_add_child(p, parent, &t);
    return k;
}
