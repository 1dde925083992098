/* Big digits on a headless 80x24 screen, in UTF-8 and in ASCII: shape, centring, scale,
 * units as text, and nothing drawn when the area is too small. */
#include <criterion/criterion.h>

#include "tests/tui/headless.h"
#include "tui/bigdigits.h"

Test(bigdigits, widths_and_scale)
{
    cr_assert_eq(bigdigits_width("8", 1), 4);
    cr_assert_eq(bigdigits_width("42", 1), 9);       /* 4 + gap + 4 */
    cr_assert_eq(bigdigits_width("4.2", 1), 11);     /* 4 + 1 + 1 + 1 + 4 */
    cr_assert_eq(bigdigits_width("42", 2), 18);
    cr_assert_eq(bigdigits_width("8 GiB", 1), 4 + 1 + 2 + 1 + 3); /* glyphs, gap, "GiB" as text */
    cr_assert_eq(bigdigits_fit("42", 80, 24), 2);
    cr_assert_eq(bigdigits_fit("42", 80, 9), 1);
    cr_assert_eq(bigdigits_fit("42", 8, 24), 0);
}

Test(bigdigits, draws_blocks_in_utf8_at_80x24)
{
    headless_start(24, 80, 1);
    int rows = bigdigits_draw(stdscr, rect_make(0, 0, 5, 80), A_BOLD, A_BOLD, "8.1 GiB");
    cr_assert_eq(rows, 5);
    /* width 4+1+1+1+4+1+2+1+3 = 18, centred in 80: starts at column 31 */
    cr_assert_str_eq(headless_row(0), "                               ████    ██");
    cr_assert_str_eq(headless_row(1), "                               █  █     █");
    cr_assert_str_eq(headless_row(2), "                               ████     █");
    cr_assert_str_eq(headless_row(4), "                               ████ █  ███    GiB");
    headless_stop();
}

Test(bigdigits, ascii_fallback_and_double_size)
{
    headless_start(24, 80, 0);
    int rows = bigdigits_draw(stdscr, rect_make(2, 0, 20, 80), A_BOLD, A_BOLD, "7×");
    cr_assert_eq(rows, 10);
    /* "7×" at scale 2: 8 + 2 + 6 = 16 columns, centred: column 32; rows centred from 2 + 5 */
    cr_assert_str_eq(headless_row(7), "                                ########");
    cr_assert_str_eq(headless_row(8), "                                ########");
    cr_assert_str_eq(headless_row(9), "                                      ##  ##  ##");
    const char *all = headless_dump();
    cr_assert_null(strstr(all, "█"), "no block characters in ASCII mode");
    headless_stop();
}

Test(bigdigits, too_small_draws_nothing)
{
    headless_start(24, 80, 1);
    cr_assert_eq(bigdigits_draw(stdscr, rect_make(0, 0, 4, 80), A_BOLD, A_BOLD, "42"), 0);
    cr_assert_eq(bigdigits_draw(stdscr, rect_make(0, 0, 5, 6), A_BOLD, A_BOLD, "42"), 0);
    cr_assert_str_eq(headless_dump(), "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
    headless_stop();
}
