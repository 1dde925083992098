/* Tests for the Markdown parser and plain-text renderer. Expected trees follow the
 * CommonMark 0.31.2 and GFM 0.29 specs (example numbers in comments). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/markdown.h"

static MdDoc *parse(const char *src)
{
    MdDoc *doc = NULL;
    RError err = { 0 };
    cr_assert_eq(md_parse(src, strlen(src), &doc, &err), 0, "%s", err.msg);
    cr_assert_not_null(doc);
    return doc;
}

/* Runs as a string: plain text as-is, styled runs as <flags:text>, where flags are e (emph),
 * s (strong), c (code), x (strike) and l=href (link). */
static char *runs_str(const MdBlock *b)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < b->nruns; i++) {
        const MdRun *r = &b->runs[i];
        if (!r->style) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", r->text);
            continue;
        }
        n += (size_t)snprintf(buf + n, sizeof buf - n, "<%s%s%s%s%s%s:%s>",
                              r->style & MD_STYLE_EMPH ? "e" : "", r->style & MD_STYLE_STRONG ? "s" : "",
                              r->style & MD_STYLE_CODE ? "c" : "", r->style & MD_STYLE_STRIKE ? "x" : "",
                              r->style & MD_STYLE_LINK ? "l=" : "",
                              r->style & MD_STYLE_LINK ? (r->href ? r->href : "NULL") : "", r->text);
    }
    return buf;
}

static const MdBlock *child(const MdBlock *b, size_t i, MdBlockKind kind)
{
    cr_assert_lt(i, b->nchildren, "block has %zu children, wanted #%zu", b->nchildren, i);
    cr_assert_eq(b->children[i].kind, kind, "child %zu has kind %d, wanted %d", i,
                 b->children[i].kind, kind);
    return &b->children[i];
}

static void render_eq(const char *src, int width, const char *expected)
{
    MdDoc *doc = parse(src);
    char *out = md_render_text(doc, width);
    cr_assert_not_null(out);
    cr_assert_str_eq(out, expected);
    free(out);
    md_free(doc);
}

Test(markdown, headings)
{
    MdDoc *d = parse("# One\n## Two ##\n###### Six\n####### seven\n#nospace\n\nSet 1\n===\n"
                     "Set\ntwo\n---\n");
    const MdBlock *r = &d->root;
    cr_assert_eq(r->nchildren, 6);
    cr_assert_eq(child(r, 0, MD_HEADING)->level, 1);
    cr_assert_str_eq(runs_str(&r->children[0]), "One");
    cr_assert_eq(child(r, 1, MD_HEADING)->level, 2);
    cr_assert_str_eq(runs_str(&r->children[1]), "Two"); /* closing #s dropped (ex. 71) */
    cr_assert_eq(child(r, 2, MD_HEADING)->level, 6);
    /* 7 #s and no space are paragraphs (ex. 63, 64). */
    cr_assert_str_eq(runs_str(child(r, 3, MD_PARAGRAPH)), "####### seven #nospace");
    cr_assert_eq(child(r, 4, MD_HEADING)->level, 1);
    cr_assert_eq(r->children[4].line, 7);
    cr_assert_eq(r->children[4].end_line, 8);
    const MdBlock *h = child(r, 5, MD_HEADING);
    cr_assert_eq(h->level, 2);
    cr_assert_str_eq(runs_str(h), "Set two"); /* multi-line setext content (ex. 83) */
    md_free(d);
}

Test(markdown, paragraphs_and_breaks)
{
    MdDoc *d = parse("soft\nbreak\nhard  \nbreak\\\nagain   \n\nnext para\n");
    cr_assert_eq(d->root.nchildren, 2);
    cr_assert_str_eq(runs_str(&d->root.children[0]), "soft break hard\nbreak\nagain");
    cr_assert_eq(d->root.children[0].line, 1);
    cr_assert_eq(d->root.children[0].end_line, 5);
    cr_assert_eq(d->root.children[1].line, 7);
    md_free(d);
}

Test(markdown, emphasis)
{
    MdDoc *d = parse("*a* _b_ **c** __d__ ***e*** ~~f~~ *g **h** i* snake_case_var 2 * 3 * 4 "
                     "**unclosed ~single~ \\*esc\\*");
    cr_assert_str_eq(runs_str(&d->root.children[0]),
                     "<e:a> <e:b> <s:c> <s:d> <es:e> <x:f> <e:g ><es:h><e: i> snake_case_var "
                     "2 * 3 * 4 **unclosed ~single~ *esc*");
    md_free(d);
}

Test(markdown, code_spans)
{
    /* ex. 328-330: one space stripped on each side; backticks inside longer fences. */
    MdDoc *d = parse("a `x` b `` y`z `` c ` ` d `*no emph*` `unclosed");
    cr_assert_str_eq(runs_str(&d->root.children[0]),
                     "a <c:x> b <c:y`z> c <c: > d <c:*no emph*> `unclosed");
    md_free(d);
}

Test(markdown, links)
{
    MdDoc *d = parse("See [the *paper*](https://arxiv.org/abs/2203.15556 \"Chinchilla\") and "
                     "<https://a.b/c>, https://example.com/x. Also [no link] and [](http://e.x) "
                     "and ![alt](img.png) and [pane](pane:kv?model=llama).");
    cr_assert_str_eq(runs_str(&d->root.children[0]),
                     "See <l=https://arxiv.org/abs/2203.15556:the ><el=https://arxiv.org/abs/"
                     "2203.15556:paper> and <l=https://a.b/c:https://a.b/c>, <l=https://example.com/"
                     "x:https://example.com/x>. Also [no link] and <l=http://e.x:http://e.x> and "
                     "<l=img.png:alt> and <l=pane:kv?model=llama:pane>.");
    md_free(d);
}

Test(markdown, fenced_and_indented_code)
{
    MdDoc *d = parse("```python title\ndef f():\n\treturn 1\n```\n\n~~~\n```\nnot closed by "
                     "backticks\n~~~\n\n    indented\n      more\n\n    after blank\n\n```\nopen to "
                     "end\n");
    const MdBlock *r = &d->root;
    cr_assert_eq(r->nchildren, 4);
    const MdBlock *c = child(r, 0, MD_CODE);
    cr_assert_str_eq(c->info, "python");
    cr_assert_str_eq(c->code, "def f():\n    return 1\n"); /* tabs expand to 4 columns */
    cr_assert_eq(c->line, 1);
    cr_assert_eq(c->end_line, 4);
    cr_assert_str_eq(child(r, 1, MD_CODE)->code, "```\nnot closed by backticks\n");
    cr_assert_str_eq(r->children[1].info, "");
    cr_assert_str_eq(child(r, 2, MD_CODE)->code, "indented\n  more\n\nafter blank\n");
    cr_assert_str_eq(child(r, 3, MD_CODE)->code, "open to end\n");
    md_free(d);
}

Test(markdown, lists)
{
    MdDoc *d = parse("- one\n- two\n  lazy\n  - nested a\n  - nested b\n\n    para b\n- three\n\n"
                     "3. c\n4. d\n\n1) x\n\n* star\n");
    const MdBlock *r = &d->root;
    cr_assert_eq(r->nchildren, 4);
    const MdBlock *l = child(r, 0, MD_LIST);
    cr_assert_eq(l->ordered, 0);
    cr_assert_eq(l->nchildren, 3);
    const MdBlock *two = child(l, 1, MD_LIST_ITEM);
    cr_assert_str_eq(runs_str(child(two, 0, MD_PARAGRAPH)), "two lazy");
    const MdBlock *nested = child(two, 1, MD_LIST);
    cr_assert_eq(nested->nchildren, 2);
    const MdBlock *b = child(nested, 1, MD_LIST_ITEM);
    cr_assert_str_eq(runs_str(child(b, 1, MD_PARAGRAPH)), "para b");
    cr_assert_eq(b->line, 5);
    cr_assert_eq(b->end_line, 7);
    cr_assert_str_eq(runs_str(child(child(l, 2, MD_LIST_ITEM), 0, MD_PARAGRAPH)), "three");
    const MdBlock *o = child(r, 1, MD_LIST);
    cr_assert_eq(o->ordered, 1);
    cr_assert_eq(o->start, 3);
    cr_assert_eq(o->nchildren, 2);
    /* A different delimiter or bullet starts a new list (ex. 301, 302). */
    cr_assert_eq(child(r, 2, MD_LIST)->ordered, 1);
    cr_assert_eq(r->children[2].start, 1);
    cr_assert_eq(child(r, 3, MD_LIST)->ordered, 0);
    md_free(d);
}

Test(markdown, list_interrupting_paragraph)
{
    /* Only "1." may interrupt a paragraph (ex. 304, 305). */
    MdDoc *d = parse("The number of windows in my house is\n14.  The number of doors is 6.\n\n"
                     "text\n1. item\n");
    const MdBlock *r = &d->root;
    cr_assert_eq(r->nchildren, 3);
    cr_assert_str_eq(runs_str(child(r, 0, MD_PARAGRAPH)),
                     "The number of windows in my house is 14.  The number of doors is 6.");
    child(r, 1, MD_PARAGRAPH);
    child(r, 2, MD_LIST);
    md_free(d);
}

Test(markdown, block_quotes)
{
    MdDoc *d = parse("> quoted *text*\nlazy line\n>\n> - item\n>\n> > inner\n\nafter\n");
    const MdBlock *r = &d->root;
    cr_assert_eq(r->nchildren, 2);
    const MdBlock *q = child(r, 0, MD_QUOTE);
    cr_assert_eq(q->nchildren, 3);
    cr_assert_str_eq(runs_str(child(q, 0, MD_PARAGRAPH)), "quoted <e:text> lazy line");
    child(q, 1, MD_LIST);
    const MdBlock *inner = child(q, 2, MD_QUOTE);
    cr_assert_str_eq(runs_str(child(inner, 0, MD_PARAGRAPH)), "inner");
    cr_assert_eq(q->line, 1);
    cr_assert_eq(q->end_line, 6);
    cr_assert_str_eq(runs_str(child(r, 1, MD_PARAGRAPH)), "after");
    md_free(d);
}

Test(markdown, tables)
{
    MdDoc *d = parse("| Model | Layers | KV/token |\n|:------|:------:|---------:|\n"
                     "| Llama 2 7B | 32 | 512 KiB |\n| `a\\|b` | **x** |\n\nno | table\n--- \n");
    const MdBlock *r = &d->root;
    const MdBlock *t = child(r, 0, MD_TABLE);
    cr_assert_eq(t->ncols, 3);
    cr_assert_eq(t->align[0], MD_ALIGN_LEFT);
    cr_assert_eq(t->align[1], MD_ALIGN_CENTER);
    cr_assert_eq(t->align[2], MD_ALIGN_RIGHT);
    cr_assert_eq(t->nchildren, 3);
    const MdBlock *row = child(t, 1, MD_TABLE_ROW);
    cr_assert_str_eq(runs_str(child(row, 0, MD_TABLE_CELL)), "Llama 2 7B");
    /* Llama 2 7B: 2 x 32 layers x 32 KV heads x 128 dims x 2 bytes = 512 KiB per token
     * (Touvron et al. 2023, Table 1 architecture). */
    cr_assert_str_eq(runs_str(&row->children[2]), "512 KiB");
    const MdBlock *last = child(t, 2, MD_TABLE_ROW);
    cr_assert_eq(last->nchildren, 3, "missing cells are filled in (GFM ex. 204)");
    cr_assert_str_eq(runs_str(&last->children[0]), "<c:a|b>");
    cr_assert_str_eq(runs_str(&last->children[1]), "<s:x>");
    cr_assert_eq(last->children[2].nruns, 0);
    /* A delimiter row without a pipe is a setext underline, not a table. */
    cr_assert_eq(child(r, 1, MD_HEADING)->level, 2);
    md_free(d);
}

Test(markdown, rules)
{
    MdDoc *d = parse("***\n- - -\n_____\n\npara\n\n---\n");
    const MdBlock *r = &d->root;
    cr_assert_eq(r->nchildren, 5);
    child(r, 0, MD_RULE);
    child(r, 1, MD_RULE); /* not a list: a rule wins (ex. 61) */
    child(r, 2, MD_RULE);
    child(r, 3, MD_PARAGRAPH);
    child(r, 4, MD_RULE);
    md_free(d);
}

Test(markdown, control_characters_never_survive)
{
    const char *src = "Esc \x1b[31mred\x1b[0m bell\a del\x7f c1 \xc2\x9b crlf\r\nx &#27; &#x9b; "
                      "&#0; `\x1b]0;t\x07`\n\n```\n\x1b[2J\n```\n\n\xff bad utf8\n";
    MdDoc *d = parse(src);
    char *out = md_render_text(d, 200);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
        cr_assert(*p >= 0x20 || *p == '\n', "control byte 0x%02x in output", *p);
        cr_assert(*p != 0x7f);
        cr_assert(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f), "C1 control in output");
    }
    cr_assert_str_eq(out, "Esc \xef\xbf\xbd[31mred\xef\xbf\xbd[0m bell\xef\xbf\xbd del\xef\xbf\xbd c1 "
                          "\xef\xbf\xbd crlf x \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd "
                          "\xef\xbf\xbd]0;t\xef\xbf\xbd\n\n    \xef\xbf\xbd[2J\n\n\xef\xbf\xbd bad "
                          "utf8\n");
    free(out);
    md_free(d);
}

Test(markdown, block_text)
{
    MdDoc *d = parse("# Hello *wide* \xe4\xb8\x96\xe7\x95\x8c\n");
    const MdBlock *h = &d->root.children[0];
    char buf[64];
    size_t n = md_block_text(h, buf, sizeof buf);
    cr_assert_str_eq(buf, "Hello wide \xe4\xb8\x96\xe7\x95\x8c");
    cr_assert_eq(n, strlen("Hello wide ") + 6);
    char small[14];
    cr_assert_eq(md_block_text(h, small, sizeof small), n, "returns the full length");
    cr_assert_str_eq(small, "Hello wide ", "never cuts a UTF-8 sequence");
    md_free(d);
}

Test(markdown, render_plain_text)
{
    render_eq("# Title\n\nSome *text* that wraps at twenty columns, with a [link](http://x.y).\n\n"
              "- a\n- b\n  1. c\n\n> quote\n\n```\ncode line\n```\n\n---\n",
              20,
              "Title\n=====\n\nSome text that wraps\nat twenty columns,\nwith a link\n"
              "<http://x.y>.\n\n- a\n- b\n  1. c\n\n> quote\n\n    code line\n\n"
              "--------------------\n");
}

Test(markdown, render_wide_characters)
{
    /* CJK ideographs take two columns (Unicode EastAsianWidth W): 5 per 10-column line. */
    render_eq("\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe4\xba\x94\xe5\x85\xad\xe4\xb8"
              "\x83 ab\n",
              10,
              "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe4\xba\x94\n\xe5\x85\xad\xe4\xb8"
              "\x83 ab\n");
}

Test(markdown, render_table)
{
    render_eq("| a | b |\n|:-|-:|\n| x | 1234 |\n| long text cell | 5 |\n", 80,
              "a              |    b\n"
              "---------------+-----\n"
              "x              | 1234\n"
              "long text cell |    5\n");
    /* A table wider than the page wraps its widest column. */
    render_eq("| a | b |\n|---|---|\n| one two three four | z |\n", 16,
              "a          | b\n"
              "-----------+----\n"
              "one two    | z\n"
              "three four |\n");
}

Test(markdown, hostile_input_terminates)
{
    size_t n = 200000;
    char *s = malloc(n + 1);
    const char *pat[] = { "*", "[", "> ", "- ", "`", "[a](" };
    for (size_t k = 0; k < sizeof pat / sizeof pat[0]; k++) {
        size_t pl = strlen(pat[k]);
        for (size_t i = 0; i < n; i++)
            s[i] = pat[k][i % pl];
        s[n] = '\0';
        MdDoc *d = NULL;
        RError err = { 0 };
        cr_assert_eq(md_parse(s, n, &d, &err), 0);
        char *out = md_render_text(d, 40);
        cr_assert_not_null(out);
        free(out);
        md_free(d);
    }
    free(s);
    md_free(NULL);
}

Test(markdown, empty_input)
{
    MdDoc *d = parse("");
    cr_assert_eq(d->root.kind, MD_DOCUMENT);
    cr_assert_eq(d->root.nchildren, 0);
    char *out = md_render_text(d, 80);
    cr_assert_str_eq(out, "");
    free(out);
    md_free(d);
}

/* ---- memory bounds (issue 15: an 8 MiB note of tiny blocks took 1.2 GB) ---- */

#include "engine/text/markdown_priv.h"

/* A string of `count` copies of `unit`. */
static char *repeat(const char *unit, size_t count)
{
    size_t u = strlen(unit);
    char *s = malloc(u * count + 1);
    cr_assert_not_null(s);
    for (size_t i = 0; i < count; i++)
        memcpy(s + i * u, unit, u);
    s[u * count] = '\0';
    return s;
}

Test(markdown_bounds, blocks_past_the_bound_are_dropped_and_said)
{
    char *src = repeat("a\n\n", MD_MAX_BLOCKS + 1000);
    MdDoc *doc = parse(src);
    cr_assert_eq(doc->root.nchildren, MD_MAX_BLOCKS + 1);
    const MdBlock *last = &doc->root.children[MD_MAX_BLOCKS];
    cr_assert_eq(last->nruns, 1);
    cr_assert(strstr(last->runs[0].text, "more than 200000 blocks"), "%s", last->runs[0].text);
    md_free(doc);
    free(src);
    src = repeat("a\n\n", MD_MAX_BLOCKS); /* at the bound: every block, no notice */
    doc = parse(src);
    cr_assert_eq(doc->root.nchildren, MD_MAX_BLOCKS);
    cr_assert_str_eq(doc->root.children[MD_MAX_BLOCKS - 1].runs[0].text, "a");
    md_free(doc);
    free(src);
}

Test(markdown_bounds, runs_past_the_bound_keep_their_text)
{
    char *src = repeat("*a* b ", MD_MAX_RUNS); /* two runs per unit: twice the bound */
    MdDoc *doc = parse(src);
    cr_assert_eq(doc->root.nchildren, 1);
    const MdBlock *p = &doc->root.children[0];
    cr_assert_leq(p->nruns, MD_MAX_RUNS + 1);
    cr_assert_eq(p->runs[0].style, MD_STYLE_EMPH);
    size_t text = 0;
    for (size_t i = 0; i < p->nruns; i++)
        text += strlen(p->runs[i].text);
    /* each unit reads "a b " (4 bytes); the final space is trimmed */
    cr_assert_eq(text, 4 * (size_t)MD_MAX_RUNS - 1, "no text lost (%zu)", text);
    md_free(doc);
    free(src);
}
