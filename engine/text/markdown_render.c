/* Markdown tree -> plain text wrapped by display columns (for `rampup notes show` and pipes). */
#include "engine/text/markdown.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/markdown_priv.h"
#include "engine/text/utf8.h"

/* Display columns of a code point without the C library's locale: combining marks and
 * zero-width characters take 0, East Asian wide/fullwidth ranges and emoji take 2
 * (ranges from Unicode's EastAsianWidth.txt, W and F classes, rounded to blocks). */
static int cp_width(uint32_t cp)
{
    static const uint32_t ZERO[][2] = {
        { 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A },
        { 0x064B, 0x065F }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F },
        { 0x2060, 0x2064 }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
    };
    static const uint32_t WIDE[][2] = {
        { 0x1100, 0x115F },   { 0x231A, 0x231B },   { 0x2329, 0x232A },   { 0x23E9, 0x23EC },
        { 0x25FD, 0x25FE },   { 0x2614, 0x2615 },   { 0x2648, 0x2653 },   { 0x26AA, 0x26AB },
        { 0x26BD, 0x26BE },   { 0x26C4, 0x26C5 },   { 0x2705, 0x2705 },   { 0x270A, 0x270B },
        { 0x274C, 0x274C },   { 0x2753, 0x2755 },   { 0x2795, 0x2797 },   { 0x2B1B, 0x2B1C },
        { 0x2E80, 0x303E },   { 0x3041, 0x33FF },   { 0x3400, 0x4DBF },   { 0x4E00, 0x9FFF },
        { 0xA000, 0xA4CF },   { 0xA960, 0xA97F },   { 0xAC00, 0xD7A3 },   { 0xF900, 0xFAFF },
        { 0xFE10, 0xFE19 },   { 0xFE30, 0xFE6F },   { 0xFF00, 0xFF60 },   { 0xFFE0, 0xFFE6 },
        { 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF }, { 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
    };
    for (size_t i = 0; i < sizeof ZERO / sizeof ZERO[0]; i++)
        if (cp >= ZERO[i][0] && cp <= ZERO[i][1])
            return 0;
    if (cp < 0x1100)
        return 1;
    for (size_t i = 0; i < sizeof WIDE / sizeof WIDE[0]; i++)
        if (cp >= WIDE[i][0] && cp <= WIDE[i][1])
            return 2;
    return 1;
}

static int str_width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        w += cp_width(cp);
    }
    return w;
}

/* Byte length of the longest prefix of s[0..n) that fits in `cols` columns (at least one
 * code point, so that progress is always made); its width goes to *used. */
static size_t fit_bytes(const char *s, size_t n, int cols, int *used)
{
    size_t i = 0;
    int w = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        int cw = cp_width(cp);
        if (w + cw > cols && i > 0)
            break;
        w += cw;
        i += k;
    }
    *used = w;
    return i;
}

/* Greedy word wrap of text[0..n) ('\n' = hard break) into lines of at most `cols` columns,
 * appended to out each followed by '\n'. Words longer than a line are cut by columns. Linear
 * in n: each byte is measured once for its word and once where a long word is cut. */
static void wrap(const char *text, size_t n, int cols, MdBuf *out)
{
    if (cols < 1)
        cols = 1;
    size_t i = 0;
    int linew = 0;
    int any = 0;
    while (i < n) {
        if (text[i] == '\n') {
            mdbuf_putc(out, '\n');
            linew = 0;
            any = 1;
            i++;
            continue;
        }
        if (text[i] == ' ') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && text[j] != ' ' && text[j] != '\n')
            j++;
        int ww = str_width(text + i, j - i);
        if (linew > 0 && linew + 1 + ww <= cols) {
            mdbuf_putc(out, ' ');
            mdbuf_put(out, text + i, j - i);
            linew += 1 + ww;
        } else {
            if (linew > 0)
                mdbuf_putc(out, '\n');
            linew = 0;
            while (ww > cols) {
                int used;
                size_t k = fit_bytes(text + i, j - i, cols, &used);
                mdbuf_put(out, text + i, k);
                mdbuf_putc(out, '\n');
                i += k;
                ww -= used; /* the rest's width, without measuring it again */
            }
            mdbuf_put(out, text + i, j - i);
            linew = ww;
        }
        any = 1;
        i = j;
    }
    if (linew > 0 || !any)
        mdbuf_putc(out, '\n');
}

/* Plain text of a block's runs; links show their target after the text when it differs. */
static void runs_text(const MdBlock *b, MdBuf *out, int with_links)
{
    for (size_t i = 0; i < b->nruns; i++) {
        const MdRun *r = &b->runs[i];
        mdbuf_put(out, r->text, strlen(r->text));
        if (with_links && (r->style & MD_STYLE_LINK) && r->href && strcmp(r->href, r->text) != 0 &&
            strncmp(r->href, "pane:", 5) != 0) {
            mdbuf_put(out, " <", 2);
            mdbuf_put(out, r->href, strlen(r->href));
            mdbuf_putc(out, '>');
        }
    }
}

size_t md_block_text(const MdBlock *b, char *buf, size_t size)
{
    MdBuf t = { 0 };
    if (b->kind == MD_CODE && b->code)
        mdbuf_put(&t, b->code, strlen(b->code));
    else
        runs_text(b, &t, 0);
    size_t len = t.len;
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        if (n && t.s)
            memcpy(buf, t.s, n);
        /* Never cut a UTF-8 sequence in half. */
        while (n > 0 && n < len && ((unsigned char)t.s[n] & 0xC0) == 0x80)
            n--;
        buf[n] = '\0';
    }
    mdbuf_free(&t);
    return len;
}

/* ---- the renderer ---- */

typedef struct Prefix {
    const char *first; /* for the next line written */
    const char *rest;  /* for the lines after it */
    int used;
} Prefix;

typedef struct R {
    MdBuf out;
    int width;
} R;

static const char *next_prefix(Prefix *p)
{
    const char *s = p->used ? p->rest : p->first;
    p->used = 1;
    return s;
}

/* Writes prefix + text as one line, without trailing spaces. */
static void put_line(R *r, const char *prefix, const char *text, size_t n)
{
    size_t start = r->out.len;
    mdbuf_put(&r->out, prefix, strlen(prefix));
    mdbuf_put(&r->out, text, n);
    while (r->out.len > start && r->out.s && r->out.s[r->out.len - 1] == ' ')
        r->out.len--;
    if (r->out.s)
        r->out.s[r->out.len] = '\0';
    mdbuf_putc(&r->out, '\n');
}

/* Writes each line of lines (separated by '\n') with the prefixes. */
static void put_lines(R *r, Prefix *p, const char *lines, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(lines + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - lines) : n;
        put_line(r, next_prefix(p), lines + i, e - i);
        i = e + 1;
    }
}

static int avail(const R *r, const Prefix *p)
{
    int pw = str_width(p->rest, strlen(p->rest));
    int fw = str_width(p->first, strlen(p->first));
    int a = r->width - (pw > fw ? pw : fw);
    return a < 8 ? 8 : a;
}

static void render_blocks(R *r, const MdBlock *parent, Prefix *p, int tight);

static void render_wrapped_runs(R *r, const MdBlock *b, Prefix *p)
{
    MdBuf t = { 0 }, w = { 0 };
    runs_text(b, &t, 1);
    wrap(t.s ? t.s : "", t.len, avail(r, p), &w);
    put_lines(r, p, w.s ? w.s : "", w.len);
    if (t.oom || w.oom)
        r->out.oom = 1;
    mdbuf_free(&t);
    mdbuf_free(&w);
}

static void render_heading(R *r, const MdBlock *b, Prefix *p)
{
    MdBuf t = { 0 }, w = { 0 };
    runs_text(b, &t, 0);
    wrap(t.s ? t.s : "", t.len, avail(r, p), &w);
    put_lines(r, p, w.s ? w.s : "", w.len);
    int longest = 0;
    for (size_t i = 0; i < w.len;) {
        const char *nl = memchr(w.s + i, '\n', w.len - i);
        size_t e = nl ? (size_t)(nl - w.s) : w.len;
        int lw = str_width(w.s + i, e - i);
        if (lw > longest)
            longest = lw;
        i = e + 1;
    }
    MdBuf u = { 0 };
    mdbuf_repeat(&u, b->level == 1 ? '=' : '-', (size_t)(longest > 0 ? longest : 1));
    put_line(r, next_prefix(p), u.s ? u.s : "", u.len);
    if (t.oom || w.oom || u.oom)
        r->out.oom = 1;
    mdbuf_free(&t);
    mdbuf_free(&w);
    mdbuf_free(&u);
}

static void render_code(R *r, const MdBlock *b, Prefix *p)
{
    const char *code = b->code ? b->code : "";
    size_t n = strlen(code);
    if (n && code[n - 1] == '\n')
        n--;
    MdBuf line = { 0 };
    size_t i = 0;
    do {
        const char *nl = memchr(code + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - code) : n;
        line.len = 0;
        mdbuf_put(&line, "    ", 4);
        mdbuf_put(&line, code + i, e - i);
        put_line(r, next_prefix(p), line.s, line.len);
        i = e + 1;
    } while (i <= n && n > 0);
    if (line.oom)
        r->out.oom = 1;
    mdbuf_free(&line);
}

static void render_list(R *r, const MdBlock *b, Prefix *p)
{
    for (size_t i = 0; i < b->nchildren; i++) {
        const MdBlock *item = &b->children[i];
        char marker[32];
        if (b->ordered)
            snprintf(marker, sizeof marker, "%ld. ", (long)b->start + (long)i);
        else
            snprintf(marker, sizeof marker, "- ");
        const char *lead = next_prefix(p);
        MdBuf p1 = { 0 }, p2 = { 0 };
        mdbuf_put(&p1, lead, strlen(lead));
        mdbuf_put(&p1, marker, strlen(marker));
        mdbuf_put(&p2, p->rest, strlen(p->rest));
        mdbuf_repeat(&p2, ' ', strlen(marker));
        if (p1.oom || p2.oom) {
            r->out.oom = 1;
        } else {
            Prefix ip = { p1.s, p2.s, 0 };
            if (item->nchildren == 0)
                put_line(r, next_prefix(&ip), "", 0);
            else
                render_blocks(r, item, &ip, 1);
        }
        mdbuf_free(&p1);
        mdbuf_free(&p2);
    }
}

static void render_table(R *r, const MdBlock *b, Prefix *p)
{
    size_t nc = b->ncols, nr = b->nchildren;
    if (nc == 0 || nr == 0)
        return;
    int *w = calloc(nc, sizeof *w);
    MdBuf *cells = calloc(nc * nr, sizeof *cells);
    if (!w || !cells) {
        free(w);
        free(cells);
        r->out.oom = 1;
        return;
    }
    for (size_t row = 0; row < nr; row++)
        for (size_t c = 0; c < nc && c < b->children[row].nchildren; c++) {
            MdBuf *cell = &cells[row * nc + c];
            runs_text(&b->children[row].children[c], cell, 0);
            int cw = str_width(cell->s ? cell->s : "", cell->len);
            if (cw > w[c])
                w[c] = cw;
        }
    long total = 0;
    for (size_t c = 0; c < nc; c++) {
        if (w[c] < 3)
            w[c] = 3;
        total += w[c];
    }
    long room = avail(r, p) - 3 * (long)(nc - 1);
    /* Too wide: narrow the widest column until it fits (cells then wrap). */
    while (total > room) {
        size_t widest = 0;
        for (size_t c = 1; c < nc; c++)
            if (w[c] > w[widest])
                widest = c;
        if (w[widest] <= 3)
            break;
        w[widest]--;
        total--;
    }
    MdBuf line = { 0 }, *wrapped = calloc(nc, sizeof *wrapped);
    if (!wrapped)
        r->out.oom = 1;
    for (size_t row = 0; row < nr && wrapped; row++) {
        size_t height = 0;
        for (size_t c = 0; c < nc; c++) {
            wrapped[c].len = 0;
            MdBuf *cell = &cells[row * nc + c];
            wrap(cell->s ? cell->s : "", cell->len, w[c], &wrapped[c]);
            size_t h = 0;
            for (size_t k = 0; k < wrapped[c].len; k++)
                h += wrapped[c].s[k] == '\n';
            if (h > height)
                height = h;
        }
        size_t *pos = calloc(nc, sizeof *pos);
        if (!pos) {
            r->out.oom = 1;
            break;
        }
        for (size_t h = 0; h < height; h++) {
            line.len = 0;
            for (size_t c = 0; c < nc; c++) {
                const char *s = wrapped[c].s ? wrapped[c].s + pos[c] : "";
                size_t rem = wrapped[c].len - pos[c];
                const char *nl = rem ? memchr(s, '\n', rem) : NULL;
                size_t len = nl ? (size_t)(nl - s) : 0;
                pos[c] += nl ? len + 1 : 0;
                int pad = w[c] - str_width(s, len);
                if (pad < 0)
                    pad = 0;
                MdAlign al = b->align ? b->align[c] : MD_ALIGN_NONE;
                int before = al == MD_ALIGN_RIGHT ? pad : al == MD_ALIGN_CENTER ? pad / 2 : 0;
                if (c > 0)
                    mdbuf_put(&line, " | ", 3);
                mdbuf_repeat(&line, ' ', (size_t)before);
                mdbuf_put(&line, s, len);
                mdbuf_repeat(&line, ' ', (size_t)(pad - before));
            }
            put_line(r, next_prefix(p), line.s ? line.s : "", line.len);
        }
        free(pos);
        if (row == 0) {
            line.len = 0;
            for (size_t c = 0; c < nc; c++) {
                if (c > 0)
                    mdbuf_put(&line, "-+-", 3);
                mdbuf_repeat(&line, '-', (size_t)w[c]);
            }
            put_line(r, next_prefix(p), line.s ? line.s : "", line.len);
        }
    }
    if (line.oom)
        r->out.oom = 1;
    mdbuf_free(&line);
    for (size_t c = 0; wrapped && c < nc; c++) {
        if (wrapped[c].oom)
            r->out.oom = 1;
        mdbuf_free(&wrapped[c]);
    }
    free(wrapped);
    for (size_t k = 0; k < nc * nr; k++) {
        if (cells[k].oom)
            r->out.oom = 1;
        mdbuf_free(&cells[k]);
    }
    free(cells);
    free(w);
}

static void render_block(R *r, const MdBlock *b, Prefix *p)
{
    switch (b->kind) {
    case MD_HEADING: render_heading(r, b, p); break;
    case MD_PARAGRAPH:
    case MD_TABLE_CELL: render_wrapped_runs(r, b, p); break;
    case MD_CODE: render_code(r, b, p); break;
    case MD_LIST: render_list(r, b, p); break;
    case MD_TABLE: render_table(r, b, p); break;
    case MD_RULE: {
        MdBuf u = { 0 };
        int n = avail(r, p);
        mdbuf_repeat(&u, '-', (size_t)(n > 40 ? 40 : n));
        put_line(r, next_prefix(p), u.s ? u.s : "", u.len);
        if (u.oom)
            r->out.oom = 1;
        mdbuf_free(&u);
        break;
    }
    case MD_QUOTE: {
        const char *lead = next_prefix(p);
        MdBuf p1 = { 0 }, p2 = { 0 };
        mdbuf_put(&p1, lead, strlen(lead));
        mdbuf_put(&p1, "> ", 2);
        mdbuf_put(&p2, p->rest, strlen(p->rest));
        mdbuf_put(&p2, "> ", 2);
        if (p1.oom || p2.oom) {
            r->out.oom = 1;
        } else {
            Prefix qp = { p1.s, p2.s, 0 };
            render_blocks(r, b, &qp, 0);
            if (!qp.used)
                put_line(r, next_prefix(&qp), "", 0);
        }
        mdbuf_free(&p1);
        mdbuf_free(&p2);
        break;
    }
    default: render_blocks(r, b, p, 0); break;
    }
}

/* Renders children with a blank line between blocks; in a tight list item only between two
 * consecutive paragraphs. */
static void render_blocks(R *r, const MdBlock *parent, Prefix *p, int tight)
{
    for (size_t i = 0; i < parent->nchildren && !r->out.oom; i++) {
        const MdBlock *c = &parent->children[i];
        if (i > 0) {
            const MdBlock *prev = &parent->children[i - 1];
            int blank = !tight || (prev->kind == MD_PARAGRAPH && c->kind == MD_PARAGRAPH);
            if (blank)
                put_line(r, next_prefix(p), "", 0);
        }
        render_block(r, c, p);
    }
}

char *md_render_text(const MdDoc *doc, int width)
{
    if (!doc)
        return NULL;
    R r = { .width = width > 0 ? width : 80 };
    Prefix p = { "", "", 0 };
    render_blocks(&r, &doc->root, &p, 0);
    return mdbuf_take(&r.out);
}
