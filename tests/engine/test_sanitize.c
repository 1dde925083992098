/* Tests for the terminal sanitizer: every control byte, C1 code point, bidi control and
 * ill-formed UTF-8 has a visible form; clean text passes unchanged; split writes agree with
 * one write. Byte patterns from the Unicode Standard 15, Table 3-7 and §3.9 (U+FFFD
 * substitution of maximal subparts), and the Trojan Source paper (CVE-2021-42574) list of
 * bidi controls. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "engine/text/sanitize.h"

static const char *san(const char *s, int flags)
{
    static char buf[4096];
    sanitize_str(s, (size_t)-1, flags, buf, sizeof buf);
    return buf;
}

Test(sanitize, clean_text_unchanged)
{
    cr_assert_str_eq(san("plain ASCII, 42 % {}", 0), "plain ASCII, 42 % {}");
    cr_assert_str_eq(san("é € \xF0\x9F\x98\x80 — Σ", 0), "é € \xF0\x9F\x98\x80 — Σ");
    cr_assert(sanitize_is_clean("é € ok", 8, 0));
    cr_assert(!sanitize_is_clean("a\x1b[2J", 5, 0));
}

Test(sanitize, c0_and_esc)
{
    cr_assert_str_eq(san("\x1b[2J", 0), "\\e[2J");
    cr_assert_str_eq(san("\x1b]0;title\x07", 0), "\\e]0;title^G");
    cr_assert_str_eq(san("\x1b]52;c;aGk=\x1b\\", 0), "\\e]52;c;aGk=\\e\\");
    cr_assert_str_eq(san("a\rb\bc\x7f", 0), "a^Mb^Hc^?");
    cr_assert_str_eq(san("a\nb\tc", 0), "a^Jb^Ic");
    cr_assert_str_eq(san("a\nb\tc", SANITIZE_KEEP_NL), "a\nb\tc");
    char buf[8];
    cr_assert_eq(sanitize_str("\0x", 2, 0, buf, sizeof buf), 3);
    cr_assert_str_eq(buf, "^@x");
}

Test(sanitize, c1_encoded_and_raw)
{
    /* U+009B is CSI; as UTF-8 it is C2 9B. A raw 9B byte is ill-formed UTF-8. */
    cr_assert_str_eq(san("\xC2\x9B" "2J", 0), "<U+009B>2J");
    cr_assert_str_eq(san("\xC2\x80\xC2\x9F\xC2\xA0", 0), "<U+0080><U+009F>\xC2\xA0");
    cr_assert_str_eq(san("\x9B" "2J", 0), "\xEF\xBF\xBD" "2J");
}

Test(sanitize, bidi_controls_shown)
{
    cr_assert_str_eq(san("abc\xE2\x80\xAE" "fed", 0), "abc<U+202E>fed");
    const char *all = "\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE"
                      "\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9";
    cr_assert_str_eq(san(all, 0), "<U+202A><U+202B><U+202C><U+202D><U+202E>"
                                  "<U+2066><U+2067><U+2068><U+2069>");
    /* Neighbours stay: U+2029 paragraph separator, U+206A. */
    cr_assert_str_eq(san("\xE2\x80\xA9\xE2\x81\xAA", 0), "\xE2\x80\xA9\xE2\x81\xAA");
}

Test(sanitize, ill_formed_maximal_subparts)
{
    /* Unicode 15 §3.9, Table 3-11: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 -> 8 U+FFFD. */
    cr_assert_str_eq(san("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", 0),
                     "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD"
                     "c\xEF\xBF\xBD\xEF\xBF\xBD" "d");
    cr_assert_str_eq(san("\xC0\xAF", 0), "\xEF\xBF\xBD\xEF\xBF\xBD");          /* overlong */
    cr_assert_str_eq(san("\xED\xA0\x80", 0),
                     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");                  /* surrogate */
    cr_assert_str_eq(san("\xF4\x90\x80\x80", 0),
                     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");      /* > 10FFFF */
    cr_assert_str_eq(san("x\xE2\x82", 0), "x\xEF\xBF\xBD");                    /* truncated */
}

typedef struct Acc {
    char buf[256];
    size_t n;
} Acc;

static int acc_sink(void *ctx, const char *s, size_t n)
{
    Acc *a = ctx;
    cr_assert(a->n + n < sizeof a->buf);
    memcpy(a->buf + a->n, s, n);
    a->n += n;
    a->buf[a->n] = '\0';
    return 0;
}

Test(sanitize, split_writes_match_one_write)
{
    const char *s = "é\xE2\x80\xAE\xC2\x9B\x1b[0m€\xF0\x9F\x98\x80\xE2\x82" "z";
    size_t n = strlen(s);
    char whole[256];
    sanitize_str(s, n, 0, whole, sizeof whole);
    for (size_t cut = 0; cut <= n; cut++) {
        Sanitizer z;
        sanitize_init(&z, 0);
        Acc a = {.n = 0};
        sanitize_feed(&z, s, cut, acc_sink, &a);
        sanitize_feed(&z, s + cut, n - cut, acc_sink, &a);
        sanitize_finish(&z, acc_sink, &a);
        cr_assert_str_eq(a.buf, whole, "cut at %zu", cut);
    }
}

Test(sanitize, truncation_keeps_whole_characters)
{
    char buf[5];
    size_t need = sanitize_str("ab€x", (size_t)-1, 0, buf, sizeof buf);
    cr_assert_eq(need, 6);
    cr_assert_str_eq(buf, "ab"); /* "ab" + half of "€" would be ill-formed */
    cr_assert_eq(sanitize_str("abc", 3, 0, NULL, 0), 3);
}
