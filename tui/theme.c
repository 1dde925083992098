/* The theme table: the only file that numbers colour pairs. */
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

typedef struct RoleStyle {
    short dark_fg;
    attr_t dark_attr;
    short light_fg;
    attr_t light_attr;
    attr_t mono_attr;
} RoleStyle;

static const RoleStyle styles[TH_COUNT] = {
#define THEME_ROW(role, dfg, dattr, lfg, lattr, mattr) [TH_##role] = {dfg, dattr, lfg, lattr, mattr},
    THEME_ROLES(THEME_ROW)
#undef THEME_ROW
};

static ThemeKind current = THEME_MONO;
static attr_t attrs[TH_COUNT];

/* Roles drawn on a coloured background rather than in a coloured foreground. */
static short role_bg(ThemeRole role, ThemeKind kind)
{
    switch (role) {
    case TH_SELECTED: return kind == THEME_LIGHT ? COLOR_BLUE : COLOR_CYAN;
    case TH_TAB_ACTIVE: return kind == THEME_LIGHT ? COLOR_BLUE : COLOR_CYAN;
    case TH_MATCH: return COLOR_YELLOW;
    case TH_CURSOR: return kind == THEME_LIGHT ? COLOR_BLACK : COLOR_WHITE;
    default: return kind == THEME_PROJECTOR ? COLOR_BLACK : -1;
    }
}

ThemeKind theme_init(ThemeKind kind)
{
    const char *no_color = getenv("NO_COLOR");
    bool colour = has_colors() && !(no_color && no_color[0]);
    if (colour && kind != THEME_MONO) {
        start_color();
        use_default_colors();
    }
    if (!colour)
        kind = THEME_MONO;
    for (int r = 0; r < TH_COUNT; r++) {
        const RoleStyle *s = &styles[r];
        if (kind == THEME_MONO) {
            attrs[r] = s->mono_attr;
            continue;
        }
        short fg = kind == THEME_LIGHT ? s->light_fg : s->dark_fg;
        attr_t a = kind == THEME_LIGHT ? s->light_attr : s->dark_attr;
        short bg = role_bg((ThemeRole)r, kind);
        if (kind == THEME_PROJECTOR) /* full white, bold: thin grey text vanishes on a projector */
            fg = fg == -1 || fg == 8 ? COLOR_WHITE : fg, a |= A_BOLD;
        if (fg == 8 && COLORS < 16) /* "bright black" needs 16 colours */
            fg = -1, a |= A_DIM;
        if (fg == -1 && bg == -1) {
            attrs[r] = a;
            continue;
        }
        init_pair((short)(r + 1), fg, bg);
        attrs[r] = a | COLOR_PAIR(r + 1);
    }
    current = kind;
    /* The projector theme paints the whole screen; the others show the terminal's own. */
    if (stdscr)
        bkgdset(kind == THEME_PROJECTOR ? (chtype)(' ' | attrs[TH_NORMAL]) : (chtype)' ');
    return kind;
}

ThemeKind theme_current(void) { return current; }

attr_t theme_attr(ThemeRole role)
{
    return role >= 0 && role < TH_COUNT ? attrs[role] : A_NORMAL;
}

attr_t style_attr(Style s)
{
    return theme_attr((ThemeRole)PAIR_NUMBER(s)) | (s & (A_ATTRIBUTES & ~A_COLOR));
}

static const char *const names[] = {"dark", "light", "mono", "projector"};

bool theme_parse(const char *name, ThemeKind *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (ThemeKind)i;
            return true;
        }
    return false;
}

const char *theme_name(ThemeKind kind) { return names[kind]; }
