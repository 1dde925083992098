/* The chunker: Markdown heading paths and line ranges, fences, front matter, token windows. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "engine/text/chunk.h"
#include "engine/text/tokenize.h"

static const char md[] =
    "---\n"                    /* 1 */
    "title: x\n"               /* 2 */
    "---\n"                    /* 3 */
    "# Caches\n"               /* 4 */
    "Intro words here.\n"      /* 5 */
    "\n"                       /* 6 */
    "## Paged ##\n"            /* 7 */
    "Blocks of tokens.\n"      /* 8 */
    "```\n"                    /* 9 */
    "# not a heading\n"        /* 10 */
    "```\n"                    /* 11 */
    "### Empty\n"              /* 12 */
    "## Quantized\n"           /* 13 */
    "Scales cost bytes.\n";    /* 14 */

Test(chunk, markdown_sections)
{
    ChunkList cl = {0};
    RError err;
    ChunkOptions o = chunk_default(true);
    cr_assert_eq(chunk_text(md, strlen(md), &o, &cl, &err), 0);
    cr_assert_eq(cl.n, 3, "got %zu chunks", cl.n); /* "### Empty" has no words of its own */
    cr_assert_str_eq(cl.items[0].heading, "Caches");
    cr_assert_eq(cl.items[0].line_start, 4);
    cr_assert_eq(cl.items[0].line_end, 5);
    cr_assert_str_eq(cl.items[1].heading, "Caches > Paged");
    cr_assert_eq(cl.items[1].level, 2);
    cr_assert_eq(cl.items[1].line_start, 7);
    cr_assert_eq(cl.items[1].line_end, 11); /* the fenced "# not a heading" stays inside */
    cr_assert_str_eq(cl.items[2].heading, "Caches > Quantized");
    cr_assert_eq(cl.items[2].line_start, 13);
    cr_assert_eq(cl.items[2].line_end, 14);
    cr_assert_eq(strncmp(md + cl.items[2].start, "## Quantized", 12), 0);
    chunk_list_free(&cl);
}

/* 100 words "w0 … w99", window 30, overlap 10: windows start every 20 tokens at 0, 20, 40,
 * 60 and 80 (which reaches the end): 5 chunks, each sharing 10 tokens with the previous. */
Test(chunk, plain_windows_overlap)
{
    char text[1200] = "";
    for (int i = 0; i < 100; i++) {
        char w[8];
        snprintf(w, sizeof w, "w%d%s", i, i % 10 == 9 ? "\n" : " ");
        strcat(text, w);
    }
    ChunkOptions o = {30, 10, false};
    ChunkList cl = {0};
    RError err;
    cr_assert_eq(chunk_text(text, strlen(text), &o, &cl, &err), 0);
    cr_assert_eq(cl.n, 5);
    size_t want_tokens[] = {30, 30, 30, 30, 20};
    for (size_t i = 0; i < cl.n; i++) {
        cr_assert_eq(cl.items[i].ntokens, want_tokens[i]);
        cr_assert_eq(cl.items[i].overlap_prev, i ? 10 : 0);
        cr_assert_str_eq(cl.items[i].heading, "");
        cr_assert_eq(tokenize_count(text + cl.items[i].start, cl.items[i].end - cl.items[i].start),
                     want_tokens[i]);
    }
    cr_assert_eq(strncmp(text + cl.items[1].start, "w20 ", 4), 0);
    cr_assert_eq(cl.items[1].line_start, 3); /* w20 is on the third line */
    cr_assert_eq(cl.items[4].line_end, 10);
    chunk_list_free(&cl);
}

Test(chunk, empty_and_tiny)
{
    ChunkList cl = {0};
    RError err;
    ChunkOptions o = chunk_default(true);
    cr_assert_eq(chunk_text("", 0, &o, &cl, &err), 0);
    cr_assert_eq(cl.n, 0);
    cr_assert_eq(chunk_text("# Only a heading\n", 17, &o, &cl, &err), 0);
    cr_assert_eq(cl.n, 0);
    cr_assert_eq(chunk_text("no heading at all", 17, &o, &cl, &err), 0);
    cr_assert_eq(cl.n, 1);
    cr_assert_str_eq(cl.items[0].heading, "");
    chunk_list_free(&cl);
}
