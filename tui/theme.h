/* Colour roles: widgets ask for a role, never for a colour. Themes dark, light and mono;
 * NO_COLOR and terminals without colours use the mono column (attributes only). */
#ifndef RAMPUP_TUI_THEME_H
#define RAMPUP_TUI_THEME_H

#include <stdbool.h>

#include "tui/curses.h"

/* X(role, dark fg, dark attr, light fg, light attr, mono attr) — backgrounds are the
 * terminal's own (-1) except where a role says otherwise in theme.c. */
#define THEME_ROLES(X)                                                                     \
    X(NORMAL, -1, A_NORMAL, -1, A_NORMAL, A_NORMAL)                                        \
    X(DIM, 8, A_NORMAL, 8, A_NORMAL, A_DIM)                                                \
    X(TITLE, COLOR_CYAN, A_BOLD, COLOR_BLUE, A_BOLD, A_BOLD)                               \
    X(HEADING, COLOR_YELLOW, A_BOLD, COLOR_MAGENTA, A_BOLD, A_BOLD | A_UNDERLINE)          \
    X(ACCENT, COLOR_CYAN, A_NORMAL, COLOR_BLUE, A_NORMAL, A_BOLD)                          \
    X(VALUE, COLOR_WHITE, A_BOLD, COLOR_BLACK, A_BOLD, A_BOLD)                             \
    X(KEY, COLOR_GREEN, A_BOLD, COLOR_GREEN, A_BOLD, A_BOLD)                               \
    X(SELECTED, COLOR_BLACK, A_NORMAL, COLOR_WHITE, A_NORMAL, A_REVERSE)                   \
    X(TAB, -1, A_NORMAL, -1, A_NORMAL, A_NORMAL)                                           \
    X(TAB_ACTIVE, COLOR_BLACK, A_BOLD, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD)            \
    X(STATUS, -1, A_NORMAL, -1, A_NORMAL, A_NORMAL)                                        \
    X(BORDER, 8, A_NORMAL, 8, A_NORMAL, A_NORMAL)                                          \
    X(CODE, COLOR_GREEN, A_NORMAL, COLOR_GREEN, A_NORMAL, A_DIM)                           \
    X(LINK, COLOR_BLUE, A_UNDERLINE, COLOR_BLUE, A_UNDERLINE, A_UNDERLINE)                 \
    X(EMPH, -1, A_ITALIC, -1, A_ITALIC, A_ITALIC)                                          \
    X(STRONG, -1, A_BOLD, -1, A_BOLD, A_BOLD)                                              \
    X(QUOTE, COLOR_MAGENTA, A_NORMAL, COLOR_MAGENTA, A_NORMAL, A_DIM)                      \
    X(MATCH, COLOR_BLACK, A_NORMAL, COLOR_BLACK, A_NORMAL, A_REVERSE | A_BOLD)             \
    X(GOOD, COLOR_GREEN, A_BOLD, COLOR_GREEN, A_BOLD, A_BOLD)                              \
    X(WARN, COLOR_YELLOW, A_BOLD, COLOR_YELLOW, A_BOLD, A_BOLD)                            \
    X(BAD, COLOR_RED, A_BOLD, COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE)                     \
    X(SERIES1, COLOR_CYAN, A_NORMAL, COLOR_BLUE, A_NORMAL, A_NORMAL)                       \
    X(SERIES2, COLOR_YELLOW, A_NORMAL, COLOR_RED, A_NORMAL, A_BOLD)                        \
    X(SERIES3, COLOR_MAGENTA, A_NORMAL, COLOR_MAGENTA, A_NORMAL, A_DIM)                    \
    X(SERIES4, COLOR_GREEN, A_NORMAL, COLOR_GREEN, A_NORMAL, A_UNDERLINE)                  \
    X(SERIES5, COLOR_RED, A_NORMAL, COLOR_CYAN, A_NORMAL, A_NORMAL)                        \
    X(CURSOR, COLOR_BLACK, A_NORMAL, COLOR_WHITE, A_NORMAL, A_REVERSE)

typedef enum ThemeRole {
#define THEME_ENUM(role, ...) TH_##role,
    THEME_ROLES(THEME_ENUM)
#undef THEME_ENUM
    TH_COUNT
} ThemeRole;

/* THEME_PROJECTOR: for a booth screen or a projector — the dark column's colours, bold, on a
 * black background it sets itself (a projector washes out the terminal's own grey). */
typedef enum ThemeKind { THEME_DARK, THEME_LIGHT, THEME_MONO, THEME_PROJECTOR } ThemeKind;

/* Sets up colour pairs for `kind` (call after initscr). Falls back to mono when the terminal
 * has no colours or NO_COLOR is set. Returns the theme actually in use. */
ThemeKind theme_init(ThemeKind kind);
ThemeKind theme_current(void);
/* The attribute (colour pair + attributes) for a role in the current theme. */
attr_t theme_attr(ThemeRole role);
/* A style for stored text (TextLines): a role kept in the colour-pair bits plus extra
 * attributes, resolved when drawn, so a theme change also restyles text built earlier. */
typedef attr_t Style;
#define STYLE(role) ((Style)COLOR_PAIR(role))
#define STYLE_A(role, attrs) ((Style)(COLOR_PAIR(role) | (attrs)))
attr_t style_attr(Style s);

/* "dark", "light", "mono", "projector" <-> ThemeKind; returns false for an unknown name. */
bool theme_parse(const char *name, ThemeKind *out);
const char *theme_name(ThemeKind kind);

#endif
