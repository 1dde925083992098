/* Markdown block structure: sanitizes the source, splits it into lines and builds the block
 * tree (headings, paragraphs, code, lists, quotes, GFM tables, rules) recursively. */
#include "engine/text/markdown.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/markdown_priv.h"
#include "engine/text/utf8.h"

#define MD_TAB_STOP 4     /* CommonMark 0.31, section 2.2: tabs stop at multiples of 4 */

/* Appends child to parent by value (taking it); on OOM frees child and flags p. */
void md_add_child(Parser *p, MdBlock *parent, MdBlock *child)
{
    if (p->nblocks >= MD_MAX_BLOCKS) {
        p->full = 1;
        md_block_clear(child);
        return;
    }
    p->nblocks++;
    size_t n = parent->nchildren;
    MdBlock *nc = parent->children;
    if (md_grows(n)) { /* capacity doubles: appending stays linear with any allocator */
        nc = p->oom ? NULL : realloc(nc, md_capacity(n) * sizeof *nc);
        if (!nc) {
            p->oom = 1;
            md_block_clear(child);
            return;
        }
        parent->children = nc;
    }
    nc[parent->nchildren++] = *child;
}

MdBlock md_new_block(MdBlockKind kind, int line, int end_line)
{
    MdBlock b;
    memset(&b, 0, sizeof b);
    b.kind = kind;
    b.line = line;
    b.end_line = end_line;
    return b;
}

void md_set_runs(Parser *p, MdBlock *b, const char *s, size_t n)
{
    if (!p->oom && !p->full && md_inline_parse(s, n, b, &p->runs_left) < 0)
        p->oom = 1;
}

/* ---- line classification ---- */

size_t md_indent_of(const Line *l)
{
    size_t i = 0;
    while (i < l->len && l->s[i] == ' ')
        i++;
    return i;
}

int md_is_blank(const Line *l)
{
    return md_indent_of(l) == l->len;
}

size_t md_rtrim_len(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return n;
}

/* ATX heading: returns level 1..6 and the content bounds, or 0. t has indent stripped. */
static int atx_heading(const char *t, size_t n, size_t *cs, size_t *ce)
{
    size_t h = 0;
    while (h < n && t[h] == '#')
        h++;
    if (h == 0 || h > 6 || (h < n && t[h] != ' '))
        return 0;
    size_t s = h, e = md_rtrim_len(t, n);
    while (s < e && t[s] == ' ')
        s++;
    /* An optional closing sequence of '#' preceded by a space. */
    size_t k = e;
    while (k > s && t[k - 1] == '#')
        k--;
    if (k < e && (k == s || t[k - 1] == ' '))
        e = md_rtrim_len(t, k);
    if (e < s)
        e = s;
    *cs = s;
    *ce = e;
    return (int)h;
}

static int is_rule(const char *t, size_t n)
{
    if (n == 0 || (t[0] != '-' && t[0] != '*' && t[0] != '_'))
        return 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == t[0])
            count++;
        else if (t[i] != ' ')
            return 0;
    }
    return count >= 3;
}

/* Fence opener: ``` or ~~~ (3 or more). Fills the fence char and length. */
static int fence_open(const char *t, size_t n, char *ch, size_t *flen)
{
    if (n < 3 || (t[0] != '`' && t[0] != '~'))
        return 0;
    size_t k = 0;
    while (k < n && t[k] == t[0])
        k++;
    if (k < 3)
        return 0;
    if (t[0] == '`' && memchr(t + k, '`', n - k))
        return 0; /* CommonMark 4.5: a backtick fence's info string has no backticks */
    *ch = t[0];
    *flen = k;
    return 1;
}

static int fence_close(const Line *l, char ch, size_t flen)
{
    size_t ind = md_indent_of(l);
    if (ind > 3)
        return 0;
    const char *t = l->s + ind;
    size_t n = md_rtrim_len(t, l->len - ind);
    size_t k = 0;
    while (k < n && t[k] == ch)
        k++;
    return k >= flen && k == n;
}

typedef struct Marker {
    int ordered;
    char ch;        /* bullet char, or the '.'/')' delimiter of an ordered item */
    long number;
    size_t content; /* column where the item content starts (from the line start) */
    int empty;      /* nothing after the marker */
} Marker;

/* A list marker at l (indent <= 3). */
static int list_marker(const Line *l, Marker *m)
{
    size_t ind = md_indent_of(l);
    if (ind > 3)
        return 0;
    const char *t = l->s + ind;
    size_t n = l->len - ind, k;
    memset(m, 0, sizeof *m);
    if (n >= 1 && (t[0] == '-' || t[0] == '*' || t[0] == '+')) {
        m->ch = t[0];
        k = 1;
    } else {
        k = 0;
        long v = 0;
        while (k < n && k < 9 && t[k] >= '0' && t[k] <= '9')
            v = v * 10 + (t[k++] - '0');
        if (k == 0 || k >= n || (t[k] != '.' && t[k] != ')'))
            return 0;
        m->ordered = 1;
        m->number = v;
        m->ch = t[k++];
    }
    if (k < n && t[k] != ' ')
        return 0;
    size_t sp = 0;
    while (k + sp < n && t[k + sp] == ' ')
        sp++;
    m->empty = k + sp == n;
    /* CommonMark 5.2: 1-4 spaces after the marker; with 5 or more the content is code
     * indented by one space past the marker. */
    if (m->empty || sp > 4)
        sp = 1;
    m->content = ind + k + sp;
    return 1;
}

/* Does line l start a block that may interrupt a paragraph? */
int md_interrupts_paragraph(const Line *l, int depth)
{
    size_t ind = md_indent_of(l);
    if (ind > 3 || ind == l->len)
        return ind == l->len;
    const char *t = l->s + ind;
    size_t n = l->len - ind, a, b;
    char ch;
    size_t fl;
    if (atx_heading(t, n, &a, &b) || is_rule(t, n) || fence_open(t, n, &ch, &fl))
        return 1;
    if (t[0] == '>' && depth < MD_MAX_DEPTH)
        return 1;
    Marker m;
    /* CommonMark 5.2: only bullets and "1." items with content interrupt a paragraph. */
    if (depth < MD_MAX_DEPTH && list_marker(l, &m) && !m.empty && (!m.ordered || m.number == 1))
        return 1;
    return 0;
}

static int setext_level(const Line *l)
{
    size_t ind = md_indent_of(l);
    if (ind > 3 || ind == l->len)
        return 0;
    const char *t = l->s + ind;
    size_t n = md_rtrim_len(t, l->len - ind);
    char c = t[0];
    if (c != '=' && c != '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] != c)
            return 0;
    return c == '=' ? 1 : 2;
}

/* ---- the block parser ---- */

static void parse_lines(Parser *p, const Line *lines, size_t n, MdBlock *parent, int depth);

/* Joins lines [a, b) into one paragraph text (leading spaces stripped per line). */
static void paragraph_text(const Line *lines, size_t a, size_t b, MdBuf *buf)
{
    for (size_t i = a; i < b; i++) {
        size_t ind = md_indent_of(&lines[i]);
        size_t len = lines[i].len - ind;
        if (i + 1 == b)
            len = md_rtrim_len(lines[i].s + ind, len);
        if (i > a)
            mdbuf_putc(buf, '\n');
        mdbuf_put(buf, lines[i].s + ind, len);
    }
}

static size_t parse_code_indented(Parser *p, const Line *lines, size_t i, size_t n, MdBlock *parent)
{
    size_t start = i, last = i;
    while (i < n && (md_is_blank(&lines[i]) || md_indent_of(&lines[i]) >= 4)) {
        if (!md_is_blank(&lines[i]))
            last = i;
        i++;
    }
    MdBuf buf = { 0 };
    for (size_t k = start; k <= last; k++) {
        size_t off = lines[k].len >= 4 ? 4 : lines[k].len;
        mdbuf_put(&buf, lines[k].s + off, lines[k].len - off);
        mdbuf_putc(&buf, '\n');
    }
    MdBlock b = md_new_block(MD_CODE, lines[start].no, lines[last].no);
    b.code = mdbuf_take(&buf);
    b.info = calloc(1, 1);
    if (!b.code || !b.info)
        p->oom = 1;
    md_add_child(p, parent, &b);
    return last + 1;
}

static size_t parse_fenced(Parser *p, const Line *lines, size_t i, size_t n, MdBlock *parent,
                           char ch, size_t flen)
{
    size_t ind = md_indent_of(&lines[i]);
    const char *t = lines[i].s + ind;
    size_t tn = lines[i].len - ind;
    size_t a = flen;
    while (a < tn && t[a] == ' ')
        a++;
    size_t b = md_rtrim_len(t, tn);
    if (b < a)
        b = a;
    MdBlock blk = md_new_block(MD_CODE, lines[i].no, lines[i].no);
    MdBuf info = { 0 }, code = { 0 };
    /* The info string's first word is the language. */
    size_t w = a;
    while (w < b && t[w] != ' ')
        w++;
    mdbuf_put(&info, t + a, w - a);
    size_t k = i + 1;
    for (; k < n && !fence_close(&lines[k], ch, flen); k++) {
        size_t strip = md_indent_of(&lines[k]);
        if (strip > ind)
            strip = ind;
        mdbuf_put(&code, lines[k].s + strip, lines[k].len - strip);
        mdbuf_putc(&code, '\n');
    }
    blk.end_line = k < n ? lines[k].no : lines[n - 1].no;
    blk.info = mdbuf_take(&info);
    blk.code = mdbuf_take(&code);
    if (!blk.info || !blk.code)
        p->oom = 1;
    md_add_child(p, parent, &blk);
    return k < n ? k + 1 : n;
}

static size_t parse_quote(Parser *p, const Line *lines, size_t i, size_t n, MdBlock *parent,
                          int depth)
{
    Line *sub = malloc((n - i) * sizeof *sub);
    if (!sub) {
        p->oom = 1;
        return n;
    }
    size_t count = 0, k = i;
    int in_para = 0;
    for (; k < n; k++) {
        const Line *l = &lines[k];
        size_t ind = md_indent_of(l);
        if (ind <= 3 && ind < l->len && l->s[ind] == '>') {
            size_t off = ind + 1;
            if (off < l->len && l->s[off] == ' ')
                off++;
            sub[count] = (Line){ l->s + off, l->len - off, l->no };
            in_para = !md_is_blank(&sub[count]) && md_indent_of(&sub[count]) < 4;
            count++;
        } else if (in_para && !md_is_blank(l) && !md_interrupts_paragraph(l, depth)) {
            sub[count++] = *l; /* lazy continuation of a paragraph in the quote */
        } else {
            break;
        }
    }
    MdBlock q = md_new_block(MD_QUOTE, lines[i].no, lines[k - 1].no);
    parse_lines(p, sub, count, &q, depth + 1);
    free(sub);
    md_add_child(p, parent, &q);
    return k;
}

static int same_list(const Marker *a, const Marker *b)
{
    return a->ordered == b->ordered && a->ch == b->ch;
}

static size_t parse_list(Parser *p, const Line *lines, size_t i, size_t n, MdBlock *parent,
                         int depth)
{
    Marker first;
    list_marker(&lines[i], &first);
    MdBlock list = md_new_block(MD_LIST, lines[i].no, lines[i].no);
    list.ordered = first.ordered;
    list.start = first.ordered ? (int)first.number : 0;
    Line *sub = malloc((n - i) * sizeof *sub);
    if (!sub) {
        p->oom = 1;
        return n;
    }
    size_t k = i;
    while (k < n) {
        Marker m;
        if (!list_marker(&lines[k], &m) || !same_list(&m, &first))
            break;
        /* One item: its first line, then lines indented to its content column, blank lines
         * followed by such lines, and lazy paragraph continuations. */
        size_t count = 0, w = m.content;
        const Line *l = &lines[k];
        size_t off = w <= l->len ? w : l->len;
        sub[count++] = (Line){ l->s + off, l->len - off, l->no };
        int prev_text = !m.empty;
        size_t last = k;
        size_t j = k + 1;
        for (; j < n; j++) {
            const Line *c = &lines[j];
            if (md_is_blank(c)) {
                /* An empty first line can be followed by at most one blank line. */
                if (m.empty && count == 1)
                    break;
                sub[count++] = (Line){ c->s + c->len, 0, c->no };
                prev_text = 0;
                continue;
            }
            if (md_indent_of(c) >= w) {
                /* (checked before markers: an indented marker starts a nested list) */
                sub[count++] = (Line){ c->s + w, c->len - w, c->no };
                prev_text = 1;
                last = j;
                continue;
            }
            Marker other;
            if (prev_text && !list_marker(c, &other) && !md_interrupts_paragraph(c, depth) &&
                !setext_level(c)) {
                sub[count++] = *c; /* lazy continuation */
                last = j;
                continue;
            }
            break;
        }
        size_t keep = 0; /* drop trailing blank lines */
        for (size_t q = 0; q < count; q++)
            if (sub[q].no <= lines[last].no)
                keep = q + 1;
        MdBlock item = md_new_block(MD_LIST_ITEM, lines[k].no, lines[last].no);
        parse_lines(p, sub, keep, &item, depth + 1);
        md_add_child(p, &list, &item);
        list.end_line = lines[last].no;
        /* Continue after the item's last line; blank lines may separate items. */
        k = last + 1;
        size_t b = k;
        while (b < n && md_is_blank(&lines[b]))
            b++;
        if (b < n && list_marker(&lines[b], &m) && same_list(&m, &first) &&
            md_indent_of(&lines[b]) < first.content)
            k = b;
        else
            break;
    }
    free(sub);
    md_add_child(p, parent, &list);
    return k;
}

static size_t parse_paragraph(Parser *p, const Line *lines, size_t i, size_t n, MdBlock *parent,
                              int depth)
{
    size_t k = i + 1;
    int level = 0;
    for (; k < n; k++) {
        if ((level = setext_level(&lines[k])) != 0)
            break;
        if (md_is_blank(&lines[k]) || md_interrupts_paragraph(&lines[k], depth))
            break;
    }
    MdBuf buf = { 0 };
    paragraph_text(lines, i, k, &buf);
    MdBlock b = md_new_block(level ? MD_HEADING : MD_PARAGRAPH, lines[i].no,
                          lines[(level ? k : k - 1)].no);
    b.level = level;
    if (buf.oom)
        p->oom = 1;
    else
        md_set_runs(p, &b, buf.s ? buf.s : "", buf.len);
    mdbuf_free(&buf);
    md_add_child(p, parent, &b);
    return level ? k + 1 : k;
}

static void parse_lines(Parser *p, const Line *lines, size_t n, MdBlock *parent, int depth)
{
    size_t i = 0;
    while (i < n && !p->oom) {
        const Line *l = &lines[i];
        if (md_is_blank(l)) {
            i++;
            continue;
        }
        size_t ind = md_indent_of(l);
        if (ind >= 4) {
            i = parse_code_indented(p, lines, i, n, parent);
            continue;
        }
        const char *t = l->s + ind;
        size_t tn = l->len - ind, cs, ce;
        char fch;
        size_t flen;
        int level;
        Marker m;
        if (fence_open(t, tn, &fch, &flen)) {
            i = parse_fenced(p, lines, i, n, parent, fch, flen);
        } else if ((level = atx_heading(t, tn, &cs, &ce)) != 0) {
            MdBlock h = md_new_block(MD_HEADING, l->no, l->no);
            h.level = level;
            md_set_runs(p, &h, t + cs, ce - cs);
            md_add_child(p, parent, &h);
            i++;
        } else if (is_rule(t, tn)) {
            MdBlock r = md_new_block(MD_RULE, l->no, l->no);
            md_add_child(p, parent, &r);
            i++;
        } else if (t[0] == '>' && depth < MD_MAX_DEPTH) {
            i = parse_quote(p, lines, i, n, parent, depth);
        } else if (depth < MD_MAX_DEPTH && list_marker(l, &m)) {
            i = parse_list(p, lines, i, n, parent, depth);
        } else {
            MdAlign align[MD_MAX_COLS];
            size_t ncols = 0;
            Cell hdr[MD_MAX_COLS];
            if (i + 1 < n && memchr(t, '|', tn) &&
                (ncols = md_delim_row(&lines[i + 1], align, MD_MAX_COLS)) > 0 &&
                md_split_row(l->s, l->len, hdr, MD_MAX_COLS) == ncols)
                i = md_parse_table(p, lines, i, n, parent, align, ncols);
            else
                i = parse_paragraph(p, lines, i, n, parent, depth);
        }
    }
}

/* ---- sanitizing and line splitting ---- */

/* Copies src into a clean buffer: invalid UTF-8 and control characters (C0 except '\n',
 * DEL, C1) become U+FFFD, CR LF and lone CR become '\n', tabs expand to 4-column stops, and a
 * leading BOM is dropped. Escape sequences therefore can never reach a terminal. */
static char *sanitize(const char *src, size_t len, size_t *out_len)
{
    MdBuf b = { 0 };
    mdbuf_grow(&b, len + len / 8 + 16);
    size_t i = 0, col = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && !b.oom) {
        uint32_t cp;
        size_t k = utf8_decode(src + i, len - i, &cp);
        if (cp == '\r') {
            mdbuf_putc(&b, '\n');
            col = 0;
            i += k;
            if (i < len && src[i] == '\n')
                i++;
            continue;
        }
        i += k;
        if (cp == '\n') {
            mdbuf_putc(&b, '\n');
            col = 0;
        } else if (cp == '\t') {
            size_t spaces = MD_TAB_STOP - col % MD_TAB_STOP;
            mdbuf_repeat(&b, ' ', spaces);
            col += spaces;
        } else {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
                cp = UTF8_REPLACEMENT;
            char enc[4];
            mdbuf_put(&b, enc, utf8_encode(cp, enc));
            col++;
        }
    }
    *out_len = b.len;
    return mdbuf_take(&b);
}

int md_parse(const char *src, size_t len, MdDoc **out, RError *err)
{
    *out = NULL;
    if (!src)
        len = 0;
    size_t clen = 0;
    char *clean = sanitize(src ? src : "", len, &clen);
    MdDoc *doc = calloc(1, sizeof *doc);
    size_t nlines = 1;
    for (size_t i = 0; clean && i < clen; i++)
        nlines += clean[i] == '\n';
    Line *lines = clean && doc ? malloc(nlines * sizeof *lines) : NULL;
    if (!lines) {
        free(clean);
        free(doc);
        return rerror_set(err, "out of memory while parsing Markdown");
    }
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= clen; i++) {
        if (i == clen || clean[i] == '\n') {
            if (i == clen && start == clen && n > 0)
                break; /* no empty line after a final newline */
            lines[n] = (Line){ clean + start, i - start, (int)n + 1 };
            n++;
            start = i + 1;
        }
    }
    doc->root = md_new_block(MD_DOCUMENT, 1, (int)(n ? n : 1));
    Parser p = { .runs_left = MD_MAX_RUNS };
    parse_lines(&p, lines, n, &doc->root, 0);
    free(lines);
    free(clean);
    if (p.full && !p.oom) { /* say where the note was cut, past the bound */
        char note[96];
        int nlen = snprintf(note, sizeof note,
                            "(The rest of this note is not shown: it has more than %d blocks.)",
                            MD_MAX_BLOCKS);
        Parser last = {.runs_left = 1};
        MdBlock b = md_new_block(MD_PARAGRAPH, (int)n, (int)n);
        md_set_runs(&last, &b, note, (size_t)nlen);
        md_add_child(&last, &doc->root, &b);
        p.oom = last.oom;
    }
    if (p.oom) {
        md_free(doc);
        return rerror_set(err, "out of memory while parsing Markdown");
    }
    *out = doc;
    return 0;
}

void md_free(MdDoc *doc)
{
    if (!doc)
        return;
    md_block_clear(&doc->root);
    free(doc);
}
