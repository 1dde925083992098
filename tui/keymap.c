/* Key tables and predicates. */
#include "tui/keymap.h"

#include <stdio.h>
#include <string.h>

#include "tui/curses.h"
#include "tui/text.h"

int keymap_action(const KeyBinding *table, size_t n, const KeyEvent *ev)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].key == ev->key && table[i].fn == ev->fn)
            return table[i].action;
    return 0;
}

bool key_is(const KeyEvent *ev, int ch) { return !ev->fn && ev->key == ch; }
bool key_is_fn(const KeyEvent *ev, int code) { return ev->fn && ev->key == code; }

bool key_is_enter(const KeyEvent *ev)
{
    return key_is(ev, '\n') || key_is(ev, '\r') || key_is_fn(ev, KEY_ENTER);
}

bool key_is_escape(const KeyEvent *ev) { return key_is(ev, KEY_ESC); }

bool key_is_backspace(const KeyEvent *ev)
{
    return key_is_fn(ev, KEY_BACKSPACE) || key_is(ev, 127) || key_is(ev, 8);
}

bool key_is_up(const KeyEvent *ev) { return key_is_fn(ev, KEY_UP) || key_is(ev, 'k'); }
bool key_is_down(const KeyEvent *ev) { return key_is_fn(ev, KEY_DOWN) || key_is(ev, 'j'); }
bool key_is_left(const KeyEvent *ev) { return key_is_fn(ev, KEY_LEFT) || key_is(ev, 'h'); }
bool key_is_right(const KeyEvent *ev) { return key_is_fn(ev, KEY_RIGHT) || key_is(ev, 'l'); }
bool key_is_click(const KeyEvent *ev)
{
    return key_is_fn(ev, KEY_MOUSE) && ev->mouse_y >= 0 && ev->wheel == 0;
}

bool key_is_wheel(const KeyEvent *ev) { return key_is_fn(ev, KEY_MOUSE) && ev->wheel != 0; }

/* Arrows spelled out for terminals without UTF-8. */
static void ascii_arrows(const char *in, char *out, size_t size)
{
    static const struct {
        const char *from, *to;
    } map[] = {{"↑↓", "Up/Dn"}, {"←→", "Lt/Rt"}, {"↑", "Up"}, {"↓", "Dn"}, {"←", "Lt"},
               {"→", "Rt"}, {"·", "."}, {"—", "-"}};
    size_t o = 0;
    while (*in && o + 1 < size) {
        size_t k = 0;
        while (k < sizeof map / sizeof map[0] && strncmp(in, map[k].from, strlen(map[k].from)))
            k++;
        const char *piece = k < sizeof map / sizeof map[0] ? map[k].to : NULL;
        size_t len = piece ? strlen(piece) : 1;
        if (o + len >= size)
            break;
        memcpy(out + o, piece ? piece : in, len);
        o += len;
        in += piece ? strlen(map[k].from) : 1;
    }
    out[o] = '\0';
}

int keymap_footer(const KeyBinding *table, size_t n, bool ascii, int width, char *out,
                  size_t size)
{
    int used = 0;
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!table[i].footer)
            continue;
        char item[96];
        if (ascii)
            ascii_arrows(table[i].footer, item, sizeof item);
        else
            snprintf(item, sizeof item, "%s", table[i].footer);
        int w = text_width(item, (size_t)-1) + (used ? 2 : 0);
        if (used + w > width || o + strlen(item) + 3 > size)
            break;
        o += (size_t)snprintf(out + o, size - o, "%s%s", used ? "  " : "", item);
        used += w;
    }
    return used;
}

const KeyBinding global_keys[] = {
    {'\t', false, GA_NEXT_PANE, "Tab", "next pane", "next"},
    {KEY_BTAB, true, GA_PREV_PANE, "Shift-Tab", "previous pane", "prev"},
    {'1', false, GA_GOTO_PANE, "1-9, 0", "jump to pane N (0: the tenth)"},
    {'2', false, GA_GOTO_PANE, NULL, NULL},
    {'3', false, GA_GOTO_PANE, NULL, NULL},
    {'4', false, GA_GOTO_PANE, NULL, NULL},
    {'5', false, GA_GOTO_PANE, NULL, NULL},
    {'6', false, GA_GOTO_PANE, NULL, NULL},
    {'7', false, GA_GOTO_PANE, NULL, NULL},
    {'8', false, GA_GOTO_PANE, NULL, NULL},
    {'9', false, GA_GOTO_PANE, NULL, NULL},
    {'0', false, GA_GOTO_PANE, NULL, NULL},
    {'?', false, GA_HELP, "?", "this help (Esc closes)", "help"},
    {'/', false, GA_SEARCH, "/", "search in the pane", "search"},
    {':', false, GA_COMMAND, ":", "command line: pane NAME, theme NAME, config PATH, find QUERY, reset, quit"},
    {'P', false, GA_TOUR, "P", "tour: start / stop (←/→ scenes, Space pauses)", "tour"},
    {'B', false, GA_BIG, "B", "the pane's headline in big digits", "big"},
    {'e', false, GA_EXPORT, "e", "export the pane's figures and formulas as Markdown", "export"},
    {'C', false, GA_CHROME, "C", "hide / show the tab and status bars", "chrome"},
    {'q', false, GA_QUIT, "q", "quit", "quit"},
    {KEY_F(10), true, GA_QUIT, NULL, NULL},
};
const size_t global_key_count = sizeof global_keys / sizeof global_keys[0];
