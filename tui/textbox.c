/* The text box widget. */
#include "tui/textbox.h"

#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "tui/text.h"
#include "tui/theme.h"

void textbox_init(TextBox *tb, const char *text)
{
    memset(tb, 0, sizeof *tb);
    textbox_set(tb, text);
}

void textbox_set(TextBox *tb, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    if (n > TEXTBOX_MAX)
        n = TEXTBOX_MAX;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80 && n < strlen(text))
        n--; /* do not cut a character in half */
    if (n)
        memcpy(tb->text, text, n);
    tb->text[n] = '\0';
    tb->len = tb->cursor = n;
}

static size_t prev_char(const TextBox *tb, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && ((unsigned char)tb->text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static size_t next_char(const TextBox *tb, size_t i)
{
    if (i >= tb->len)
        return tb->len;
    i++;
    while (i < tb->len && ((unsigned char)tb->text[i] & 0xC0) == 0x80)
        i++;
    return i;
}

static void erase_range(TextBox *tb, size_t from, size_t to)
{
    memmove(tb->text + from, tb->text + to, tb->len - to + 1);
    tb->len -= to - from;
    tb->cursor = from;
}

bool textbox_key(TextBox *tb, const KeyEvent *ev)
{
    if (key_is_fn(ev, KEY_LEFT)) {
        tb->cursor = prev_char(tb, tb->cursor);
    } else if (key_is_fn(ev, KEY_RIGHT)) {
        tb->cursor = next_char(tb, tb->cursor);
    } else if (key_is_fn(ev, KEY_HOME) || key_is(ev, KEY_CTRL('a'))) {
        tb->cursor = 0;
    } else if (key_is_fn(ev, KEY_END) || key_is(ev, KEY_CTRL('e'))) {
        tb->cursor = tb->len;
    } else if (key_is_backspace(ev)) {
        if (tb->cursor == 0)
            return false;
        erase_range(tb, prev_char(tb, tb->cursor), tb->cursor);
    } else if (key_is_fn(ev, KEY_DC)) {
        if (tb->cursor == tb->len)
            return false;
        erase_range(tb, tb->cursor, next_char(tb, tb->cursor));
    } else if (key_is(ev, KEY_CTRL('u'))) {
        erase_range(tb, 0, tb->cursor);
    } else if (key_is(ev, KEY_CTRL('w'))) {
        size_t i = tb->cursor;
        while (i > 0 && tb->text[i - 1] == ' ')
            i--;
        while (i > 0 && tb->text[i - 1] != ' ')
            i--;
        erase_range(tb, i, tb->cursor);
    } else if (!ev->fn && ev->key >= 0x20 && ev->key != 0x7f &&
               !(ev->key >= 0x80 && ev->key < 0xa0)) {
        char buf[MB_LEN_MAX];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t n = wcrtomb(buf, (wchar_t)ev->key, &st);
        /* Refuse once a character of any size might not fit, so that what was typed is
         * always kept as a prefix (a short character never slips in after a long one). */
        if (n == (size_t)-1 || tb->len + MB_LEN_MAX > TEXTBOX_MAX)
            return false;
        memmove(tb->text + tb->cursor + n, tb->text + tb->cursor, tb->len - tb->cursor + 1);
        memcpy(tb->text + tb->cursor, buf, n);
        tb->len += n;
        tb->cursor += n;
    } else {
        return false;
    }
    return true;
}

void textbox_draw(const TextBox *tb, WINDOW *w, Rect r, const char *prompt, bool focused)
{
    if (rect_empty(r))
        return;
    int x = r.x;
    if (prompt)
        x += text_draw(w, r.y, x, r.w, theme_attr(TH_ACCENT), prompt, (size_t)-1);
    int avail = r.w - (x - r.x) - 1;
    if (avail <= 0)
        return;
    /* Scroll horizontally so the cursor stays visible. */
    size_t start = 0;
    while (text_width(tb->text + start, tb->cursor - start) > avail - 1 && start < tb->cursor) {
        start++;
        while (start < tb->cursor && ((unsigned char)tb->text[start] & 0xC0) == 0x80)
            start++;
    }
    int before = text_draw(w, r.y, x, avail, theme_attr(TH_VALUE), tb->text + start,
                           tb->cursor - start);
    int after_x = x + before;
    if (focused) {
        size_t cn = tb->cursor < tb->len ? 1 : 0;
        while (cn && tb->cursor + cn < tb->len &&
               ((unsigned char)tb->text[tb->cursor + cn] & 0xC0) == 0x80)
            cn++;
        int cw = cn ? text_draw(w, r.y, after_x, 2, theme_attr(TH_CURSOR), tb->text + tb->cursor, cn)
                    : text_draw(w, r.y, after_x, 1, theme_attr(TH_CURSOR), " ", 1);
        text_draw(w, r.y, after_x + cw, r.x + r.w - after_x - cw, theme_attr(TH_VALUE),
                  tb->text + tb->cursor + cn, tb->len - tb->cursor - cn);
    } else {
        text_draw(w, r.y, after_x, r.x + r.w - after_x, theme_attr(TH_VALUE),
                  tb->text + tb->cursor, tb->len - tb->cursor);
    }
}
