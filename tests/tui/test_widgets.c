/* Widgets drawn on a headless screen and read back: clipping, UTF-8, ASCII fallback, keys. */
#include <criterion/criterion.h>
#include <math.h>

#include "tests/tui/headless.h"
#include "tui/barchart.h"
#include "tui/lines.h"
#include "tui/list.h"
#include "tui/plot.h"
#include "tui/slider.h"
#include "tui/textbox.h"

static void row_fn(const void *ctx, int i, char *buf, size_t size, int *role)
{
    (void)ctx;
    (void)role;
    snprintf(buf, size, "row %d", i);
}

Test(widgets, text_is_clipped_to_its_rect)
{
    headless_start(6, 20, 1);
    text_draw(stdscr, 0, 15, 5, A_NORMAL, "abcdefghij", (size_t)-1);
    text_draw(stdscr, 1, 18, 10, A_NORMAL, "日本語", (size_t)-1); /* only 2 columns left */
    cr_assert_str_eq(headless_row(0), "               abcde");
    cr_assert_str_eq(headless_row(1), "                  日");
    cr_assert_str_eq(headless_row(2), ""); /* nothing wrapped onto the next row */
    headless_stop();
}

Test(widgets, escape_sequences_are_neutralised)
{
    headless_start(6, 40, 1);
    text_draw(stdscr, 0, 0, 40, A_NORMAL, "a\x1b[2Jb\x07", (size_t)-1);
    cr_assert_str_eq(headless_row(0), "a?[2Jb?");
    headless_stop();
}

Test(widgets, list_scrolls_to_the_selection)
{
    headless_start(10, 30, 1);
    List l;
    list_init(&l, 50);
    list_place(&l, rect_make(0, 0, 5, 30));
    KeyEvent end = {KEY_END, true, -1, -1};
    cr_assert(list_key(&l, &end));
    cr_assert_eq(l.sel, 49);
    cr_assert_eq(l.top, 45);
    list_draw(&l, stdscr, rect_make(0, 0, 0, 0), row_fn, NULL, true);
    cr_assert_str_eq(headless_row(4), "row 49");
    KeyEvent click = {KEY_MOUSE, true, 1, 3};
    cr_assert(list_key(&l, &click));
    cr_assert_eq(l.sel, 46);
    headless_stop();
}

Test(widgets, log_slider_steps_and_clamps)
{
    Slider s = {"seq", "tokens", 1, 1 << 20, 4096, 2, true, true, SLIDER_COUNT, 0};
    KeyEvent right = {KEY_RIGHT, true, -1, -1}, end = {KEY_END, true, -1, -1};
    cr_assert(slider_key(&s, &right));
    cr_assert_float_eq(s.value, 8192, 1e-9);
    cr_assert(slider_key(&s, &end));
    cr_assert_float_eq(s.value, 1048576, 1e-9);
    cr_assert_not(slider_key(&s, &right)); /* already at max: no change */
    char b[32];
    slider_format(&s, b, sizeof b);
    cr_assert_str_eq(b, "1.05M tokens");
    headless_start(4, 60, 0);
    slider_draw(&s, stdscr, rect_make(0, 0, 1, 60), 10, false);
    cr_assert(strstr(headless_row(0), "seq") == headless_row(0));
    cr_assert(strstr(headless_row(0), "1.05M tokens") != NULL);
    headless_stop();
}

Test(widgets, textbox_edits_utf8_by_character)
{
    setlocale(LC_ALL, "C.UTF-8");
    TextBox tb;
    textbox_init(&tb, "kv");
    KeyEvent e = {0x00e9, false, -1, -1}; /* é */
    cr_assert(textbox_key(&tb, &e));
    cr_assert_str_eq(tb.text, "kvé");
    KeyEvent left = {KEY_LEFT, true, -1, -1}, bs = {KEY_BACKSPACE, true, -1, -1};
    textbox_key(&tb, &left);
    textbox_key(&tb, &bs);
    cr_assert_str_eq(tb.text, "ké");
    KeyEvent ctrl_u = {KEY_CTRL('u'), false, -1, -1};
    textbox_key(&tb, &ctrl_u);
    cr_assert_str_eq(tb.text, "é");
}

Test(widgets, stacked_bar_has_legend_and_flags_overflow)
{
    headless_start(6, 40, 0);
    Bar segs[] = {{"weights", 60, "60", TH_SERIES1}, {"KV", 50, "50", TH_SERIES2}};
    stackbar_draw(stdscr, rect_make(0, 0, 3, 40), segs, 2, 100);
    cr_assert(strchr(headless_row(0), '!') != NULL); /* 110 of 100: does not fit */
    cr_assert(strstr(headless_row(1), "weights 60") != NULL);
    headless_stop();
}

Test(widgets, plot_draws_braille_and_ascii)
{
    double x[] = {1, 10, 100, 1000}, y[] = {1, 2, 3, 4};
    PlotAxes ax;
    plot_axes_init(&ax);
    ax.xlog = true;
    PlotSeries s = {x, y, 4, TH_SERIES1, NULL};
    headless_start(12, 40, 1);
    plot_draw(stdscr, rect_make(0, 0, 12, 40), &ax, &s, 1, NULL, 0);
    const char *dump = headless_dump();
    /* Braille is U+2800..U+28FF: UTF-8 E2 A0..A3 xx. (A bare E2 would also match the axis
     * box-drawing characters, so the test could not fail.) */
    cr_assert(strstr(dump, "\xe2\xa0") || strstr(dump, "\xe2\xa1") || strstr(dump, "\xe2\xa2") ||
                  strstr(dump, "\xe2\xa3"),
              "braille cells expected:\n%s", dump);
    cr_assert(strstr(dump, "1000") != NULL, "a log tick at 1000 expected:\n%s", dump);
    headless_stop();
    headless_start(12, 40, 0);
    plot_draw(stdscr, rect_make(0, 0, 12, 40), &ax, &s, 1, NULL, 0);
    dump = headless_dump();
    cr_assert(strpbrk(dump, ".'*") != NULL);
    for (const char *p = dump; *p; p++)
        cr_assert((unsigned char)*p < 0x80, "ASCII only without a UTF-8 locale");
    headless_stop();
}

Test(widgets, wrapper_breaks_at_spaces_within_width)
{
    setlocale(LC_ALL, "C.UTF-8");
    TextLines tl;
    lines_init(&tl);
    Wrapper wr;
    wrap_begin(&wr, &tl, 10, 0, 2, 0);
    const char *s = "the quick brown fox jumps";
    wrap_add(&wr, s, strlen(s), STYLE(TH_NORMAL));
    wrap_end(&wr);
    /* Continuation lines are indented by 2, so they hold 8 columns. */
    cr_assert_eq(tl.count, 4);
    cr_assert_str_eq(tl.lines[0].text, "the quick");
    cr_assert_str_eq(tl.lines[1].text, "brown");
    cr_assert_eq(tl.lines[1].indent, 2);
    cr_assert_str_eq(tl.lines[2].text, "fox");
    cr_assert_str_eq(tl.lines[3].text, "jumps");
    TextMark *m;
    cr_assert_eq(lines_search(&tl, "O", &m), 2); /* brOwn, fOx: case-insensitive */
    free(m);
    lines_free(&tl);
}

Test(widgets, wrapper_anchors_land_where_the_text_does)
{
    setlocale(LC_ALL, "C.UTF-8");
    TextLines tl;
    lines_init(&tl);
    Wrapper wr;
    wrap_begin(&wr, &tl, 12, 0, 0, 0);
    wrap_add(&wr, "see the ", 8, STYLE(TH_NORMAL));
    wrap_anchor(&wr);
    wrap_add(&wr, "KV pane", 7, STYLE(TH_LINK)); /* "see the KV" fits; "pane" wraps */
    wrap_add(&wr, " and ", 5, STYLE(TH_NORMAL));
    wrap_anchor(&wr);
    wrap_add(&wr, "notes", 5, STYLE(TH_LINK));
    TextMark placed[2];
    wrap_end_placed(&wr, placed);
    cr_assert_str_eq(tl.lines[0].text, "see the KV");
    cr_assert_eq(placed[0].line, 0);
    cr_assert_eq(placed[0].off, 8);
    cr_assert_str_eq(tl.lines[1].text, "pane and");
    cr_assert_str_eq(tl.lines[2].text, "notes");
    cr_assert_eq(placed[1].line, 2); /* the blank before it was dropped at the wrap */
    cr_assert_eq(placed[1].off, 0);
    lines_free(&tl);
}

/* Footers come from the key tables: whole items only, in table order, arrows spelled out
 * without UTF-8. */
Test(widgets, footer_from_the_key_table)
{
    static const KeyBinding keys[] = {
        {KEY_UP, true, 1, "↑ ↓", "select", NULL, "↑↓ select"},
        {'k', false, 1, NULL, NULL},
        {'w', false, 2, "w", "why", "why", "w why"},
        {'m', false, 3, "m", "model", NULL, NULL}, /* help only */
        {'r', false, 4, "r", "reset", NULL, "r reset"},
    };
    char buf[128];
    headless_start(4, 40, 1);
    keymap_footer(keys, 5, false, 80, buf, sizeof buf);
    cr_assert_str_eq(buf, "↑↓ select  w why  r reset");
    keymap_footer(keys, 5, false, 18, buf, sizeof buf);
    cr_assert_str_eq(buf, "↑↓ select  w why", "a narrow footer drops whole items");
    keymap_footer(keys, 5, true, 80, buf, sizeof buf);
    cr_assert_str_eq(buf, "Up/Dn select  w why  r reset");
    headless_stop();
}

/* A click on a slider's track sets the value under it (log scale: by position in log). */
Test(widgets, slider_click_sets_the_value)
{
    Slider s = {.label = "batch", .min = 1, .max = 1024, .value = 1, .step = 2, .log = true,
                .integer = true, .format = SLIDER_INT};
    Rect r = rect_make(3, 0, 1, 40); /* label 9, track 40 - 9 - 14 - 1 = 16 columns */
    KeyEvent mid = {KEY_MOUSE, true, 3, 9 + 15, 0};
    cr_assert(slider_click(&s, &mid, r, 9));
    cr_assert_float_eq(s.value, 1024, 0, "the last cell is the maximum");
    KeyEvent first = {KEY_MOUSE, true, 3, 9, 0};
    cr_assert(slider_click(&s, &first, r, 9));
    cr_assert_float_eq(s.value, 1, 0);
    KeyEvent other_row = {KEY_MOUSE, true, 4, 12, 0};
    cr_assert_not(slider_click(&s, &other_row, r, 9));
    KeyEvent wheel = {KEY_MOUSE, true, 3, 12, 1};
    cr_assert_not(slider_click(&s, &wheel, r, 9), "a wheel turn is not a click");
}
