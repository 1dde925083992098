/* Column-aware text measurement and clipping (tui/text.c), layout (tui/rect.c), formatting. */
#include <criterion/criterion.h>
#include <locale.h>
#include <string.h>

#include "tui/format.h"
#include "tui/rect.h"
#include "tui/text.h"

static void utf8_locale(void) { setlocale(LC_ALL, "C.UTF-8"); }

TestSuite(text, .init = utf8_locale);

Test(text, width_counts_columns_not_bytes)
{
    cr_assert_eq(text_width("abc", (size_t)-1), 3);
    cr_assert_eq(text_width("日本語abc", (size_t)-1), 9); /* CJK are two columns each */
    cr_assert_eq(text_width("e\xcc\x81", (size_t)-1), 1);  /* e + combining acute */
    cr_assert_eq(text_width("\xff\xfe", (size_t)-1), 2);   /* invalid bytes: one column each */
    cr_assert_eq(text_width("\x1b[31m", (size_t)-1), 5);   /* ESC shown as '?' */
}

Test(text, controls_c1_and_bidi_take_one_visible_column)
{
    /* U+202E (RLO) and U+2066 (LRI) have wcwidth 0 and would reorder the line; C2 9B is CSI. */
    cr_assert_eq(text_width("ab\xE2\x80\xAE" "cd", (size_t)-1), 5);
    cr_assert_eq(text_width("\xE2\x81\xA6x\xC2\x9B", (size_t)-1), 3);
    cr_assert_eq(text_width("\x07\x7f", (size_t)-1), 2);
}

Test(text, fit_never_splits_a_character)
{
    int used;
    /* STYLE.md's example: 日本語abc in 5 columns -> 6 bytes, 4 columns. */
    cr_assert_eq(text_fit("日本語abc", 5, &used), 6);
    cr_assert_eq(used, 4);
    cr_assert_eq(text_fit("abc", 10, &used), 3);
    cr_assert_eq(used, 3);
    cr_assert_eq(text_fit("日", 1, &used), 0);
}

Test(rect, take_and_split)
{
    Rect r = rect_make(0, 0, 24, 80);
    Rect top = rect_take_top(&r, 1);
    cr_assert_eq(top.h, 1);
    cr_assert_eq(r.y, 1);
    cr_assert_eq(r.h, 23);
    Rect left, right;
    rect_split_h(r, 30, 20, 1, &left, &right);
    cr_assert_eq(left.w, 23); /* 30% of 79 */
    cr_assert_eq(right.x, 24);
    cr_assert_eq(right.w, 56);
    Rect tiny = rect_make(0, 0, 2, 3);
    Rect cut = rect_take_left(&tiny, 10); /* clamped */
    cr_assert_eq(cut.w, 3);
    cr_assert_eq(tiny.w, 0);
    cr_assert(rect_empty(tiny));
}

Test(format, bytes_counts_and_science)
{
    char b[32];
    fmt_bytes(b, sizeof b, 819200); /* OPT-13B KV per token: 800 KiB (vLLM paper §3) */
    cr_assert_str_eq(b, "800 KiB");
    /* Gemma-2-9B at 8k tokens (derived from google/gemma-2-9b config.json) */
    fmt_bytes(b, sizeof b, 2113929216.0);
    cr_assert_str_eq(b, "1.97 GiB");
    fmt_count(b, sizeof b, 7241732096.0);
    cr_assert_str_eq(b, "7.24B");
    fmt_sci(b, sizeof b, 5.76e23);
    cr_assert_str_eq(b, "5.76e23");
    fmt_sci(b, sizeof b, 9.999e20);
    cr_assert_str_eq(b, "1.00e21");
    fmt_duration(b, sizeof b, 90000);
    cr_assert_str_eq(b, "25.0 h");
}

Test(text_c_locale, utf8_symbols_become_ascii_stand_ins)
{
    setlocale(LC_ALL, "C");
    cr_assert_eq(text_width("a—b", (size_t)-1), 3);        /* "a-b", not "a???b" */
    cr_assert_eq(text_width("x…", (size_t)-1), 4);         /* "x..." */
    cr_assert_eq(text_width("→", (size_t)-1), 2);          /* "->" */
    cr_assert_eq(text_width("日", (size_t)-1), 1);         /* unknown: one '?' per character */
    cr_assert_eq(text_width("\xe2\x80", (size_t)-1), 2);   /* truncated: '?' per byte */
    int used;
    cr_assert_eq(text_fit("a→b", 2, &used), 1); /* "->" does not fit in the one column left */
    cr_assert_eq(used, 1);
}
