/* Tests for UTF-8 decoding and folding, the tokenizer and the stopword lists. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "engine/text/analyze.h"
#include "engine/text/stopwords.h"
#include "engine/text/tokenize.h"
#include "engine/text/utf8.h"

/* --- UTF-8: byte patterns from the Unicode Standard, Table 3-7 and §3.9 --- */

Test(utf8, decode_well_formed)
{
    uint32_t cp;
    cr_assert_eq(utf8_decode("A", 1, &cp), 1);
    cr_assert_eq(cp, 'A');
    cr_assert_eq(utf8_decode("\xC3\xA9", 2, &cp), 2); /* é U+00E9 */
    cr_assert_eq(cp, 0xE9);
    cr_assert_eq(utf8_decode("\xE2\x82\xAC", 3, &cp), 3); /* € U+20AC */
    cr_assert_eq(cp, 0x20AC);
    cr_assert_eq(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4); /* U+1F600 */
    cr_assert_eq(cp, 0x1F600);
    cr_assert_eq(utf8_decode("", 0, &cp), 0);
}

Test(utf8, decode_ill_formed)
{
    uint32_t cp;
    /* overlong "/" (C0 AF): C0 is never a lead byte */
    cr_assert_eq(utf8_decode("\xC0\xAF", 2, &cp), 1);
    cr_assert_eq(cp, UTF8_REPLACEMENT);
    /* surrogate U+D800 (ED A0 80): ED allows only 80..9F next */
    cr_assert_eq(utf8_decode("\xED\xA0\x80", 3, &cp), 1);
    cr_assert_eq(cp, UTF8_REPLACEMENT);
    /* truncated 3-byte sequence: the maximal subpart E2 82 is one replacement */
    cr_assert_eq(utf8_decode("\xE2\x82", 2, &cp), 2);
    cr_assert_eq(cp, UTF8_REPLACEMENT);
    /* beyond U+10FFFF */
    cr_assert_eq(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 1);
    cr_assert_eq(cp, UTF8_REPLACEMENT);
    cr_assert_not(utf8_valid("a\xFF", 2));
    cr_assert(utf8_valid("\xEF\xBF\xBD", 3)); /* U+FFFD itself is well formed */
    cr_assert_eq(utf8_length("h\xC3\xA9llo", 6), 5);
    cr_assert_eq(utf8_length("a\xFF\xFE", 3), 3);
}

Test(utf8, encode_round_trip)
{
    uint32_t cps[] = {0x24, 0xA2, 0x939, 0x20AC, 0xD55C, 0x10348, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        size_t n = utf8_encode(cps[i], buf);
        uint32_t back;
        cr_assert_eq(utf8_decode(buf, n, &back), n);
        cr_assert_eq(back, cps[i]);
    }
    char buf[4];
    cr_assert_eq(utf8_encode(0xD800, buf), 3); /* a surrogate encodes as U+FFFD */
    cr_assert_eq(memcmp(buf, "\xEF\xBF\xBD", 3), 0);
}

Test(utf8, fold_and_classes)
{
    /* pairs from Unicode's CaseFolding.txt */
    cr_assert_eq(utf8_fold('Q'), 'q');
    cr_assert_eq(utf8_fold(0xC9), 0xE9);   /* É -> é */
    cr_assert_eq(utf8_fold(0xD7), 0xD7);   /* × is not a letter */
    cr_assert_eq(utf8_fold(0x100), 0x101); /* Ā -> ā */
    cr_assert_eq(utf8_fold(0x141), 0x142); /* Ł -> ł */
    cr_assert_eq(utf8_fold(0x178), 0xFF);  /* Ÿ -> ÿ */
    cr_assert_eq(utf8_fold(0x391), 0x3B1); /* Α -> α */
    cr_assert_eq(utf8_fold(0x3C2), 0x3C3); /* ς -> σ */
    cr_assert_eq(utf8_fold(0x410), 0x430); /* А -> а */
    cr_assert_eq(utf8_fold(0x401), 0x451); /* Ё -> ё */
    cr_assert(utf8_is_alnum('7'));
    cr_assert(utf8_is_alnum(0x3B2));
    cr_assert_not(utf8_is_alnum(0x2014)); /* em dash */
    cr_assert_not(utf8_is_alnum(0x2192)); /* arrow */
    cr_assert(utf8_is_space(0x3000));
    cr_assert_not(utf8_is_space('x'));
}

/* --- tokenizer --- */

static int join_fn(const Token *t, void *ctx)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 1024 - n, "%s%s", n ? "|" : "", t->text);
    return 0;
}

static void toks(const char *text, char *buf)
{
    buf[0] = '\0';
    tokenize(text, strlen(text), join_fn, buf);
}

Test(tokenize, ascii_and_joiners)
{
    char buf[1024];
    toks("The KV-cache doesn't fit in 3.5 GB.", buf);
    cr_assert_str_eq(buf, "the|kv|cache|doesn't|fit|in|3.5|gb");
    toks("end. 'quoted' e.g. x", buf);
    cr_assert_str_eq(buf, "end|quoted|e.g|x");
    toks("it\xE2\x80\x99s", buf); /* typographic apostrophe becomes ASCII */
    cr_assert_str_eq(buf, "it's");
}

Test(tokenize, unicode)
{
    char buf[1024];
    toks("Éclair CAFÉ \xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1 \xE2\x80\x94 \xD0\x9C\xD0\x98\xD0\xA0", buf);
    cr_assert_str_eq(buf, "éclair|café|αθήνα|мир");
    toks("a\xFF" "b", buf); /* an invalid byte separates tokens */
    cr_assert_str_eq(buf, "a|b");
}

Test(tokenize, empty_and_offsets)
{
    cr_assert_eq(tokenize_count("", 0), 0);
    cr_assert_eq(tokenize_count(" \t\n--!?", 7), 0);
    cr_assert_eq(tokenize(NULL, 0, join_fn, NULL), 0);
    cr_assert_eq(tokenize_count("one two  three", 14), 3);
}

static int first_fn(const Token *t, void *ctx)
{
    *(Token *)ctx = *t;
    return 1;
}

Test(tokenize, very_long_token_is_cut_once)
{
    char text[400];
    memset(text, 'x', 300);
    strcpy(text + 300, " y");
    cr_assert_eq(tokenize_count(text, strlen(text)), 2);
    Token t;
    cr_assert_eq(tokenize(text, strlen(text), first_fn, &t), 1);
    cr_assert_eq(strlen(t.text), TOKEN_MAX_BYTES);
    cr_assert_eq(t.start, 0);
    cr_assert_eq(t.end, 300);
    /* multi-byte letters are cut on a code point boundary: 40 × é (2 bytes) -> 32 */
    char e[100] = "";
    for (int i = 0; i < 40; i++)
        strcat(e, "\xC3\xA9");
    tokenize(e, strlen(e), first_fn, &t);
    cr_assert_eq(strlen(t.text), 64);
    cr_assert(utf8_valid(t.text, strlen(t.text)));
}

/* --- stopwords --- */

Test(stopwords, lists_are_sorted_and_sized)
{
    /* Lucene EnglishAnalyzer.ENGLISH_STOP_WORDS_SET has 33 words. */
    cr_assert_eq(stoplist_size(STOP_LUCENE), 33);
    cr_assert_eq(stoplist_size(STOP_NONE), 0);
    for (int l = STOP_LUCENE; l < STOP_COUNT; l++)
        for (size_t i = 1; i < stoplist_size((StopList)l); i++)
            cr_assert_lt(strcmp(stoplist_word((StopList)l, i - 1), stoplist_word((StopList)l, i)),
                         0, "list %d not sorted at %zu", l, i);
    cr_assert(stopword_is(STOP_LUCENE, "the", 3));
    cr_assert(stopword_is(STOP_LUCENE, "there", 5));
    cr_assert_not(stopword_is(STOP_LUCENE, "th", 2));
    cr_assert_not(stopword_is(STOP_LUCENE, "theirs", 6));
    cr_assert(stopword_is(STOP_ENGLISH, "theirs", 6));
    cr_assert(stopword_is(STOP_LUCENE, "the cat", 3)); /* only len bytes are compared */
    cr_assert_not(stopword_is(STOP_NONE, "the", 3));
}

/* --- analyzer --- */

static int terms_fn(const Term *t, void *ctx)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 1024 - n, "%s%s", n ? "|" : "", t->text);
    return 0;
}

Test(analyze, stop_stem_possessive)
{
    AnalyzerOptions o = analyzer_default();
    char buf[1024] = "";
    const char *s = "The cat's caches were growing in 3.5 weeks";
    analyze(s, strlen(s), &o, terms_fn, buf);
    cr_assert_str_eq(buf, "cat|cach|grow|3|5|week");
    o.stem = false;
    o.stop = STOP_NONE;
    o.split_joiners = false;
    buf[0] = '\0';
    analyze(s, strlen(s), &o, terms_fn, buf);
    cr_assert_str_eq(buf, "the|cat|caches|were|growing|in|3.5|weeks");
    char w[TOKEN_MAX_BYTES + 1];
    o = analyzer_default();
    cr_assert_eq(analyze_word("Running", &o, w), 0);
    cr_assert_str_eq(w, "run");
    cr_assert_eq(analyze_word("the", &o, w), -1);
}
