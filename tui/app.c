/* The main loop: owns the screen, routes keys (overlay -> pane -> global map), lays out the
 * tab bar, the pane and the status bar, and saves user state on the way out. */
#include "tui/app_priv.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "engine/state.h"
#include "engine/text/sanitize.h"
#include "tui/lines.h"
#include "tui/overlay.h"
#include "tui/text.h"
#include "tui/textbox.h"
#include "tui/tour_player.h"
#include "tui/xalloc.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig) { got_signal = sig; }

static void restore_terminal(void)
{
    if (!isendwin())
        endwin();
}

/* ---- the API panes use ---- */

void app_status(App *app, StatusLevel level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->status_msg, sizeof app->status_msg, fmt, ap);
    va_end(ap);
    app->status_level = level;
    app->status_until = time(NULL) + (level == STATUS_INFO ? 4 : 8);
    app->dirty = true;
}

void app_note(App *app, const char *text)
{
    snprintf(app->note, sizeof app->note, "%s", text ? text : "");
    app->dirty = true;
}

const char *app_content_dir(const App *app) { return app->cfg->content_dir; }
const char *app_notes_dir(const App *app) { return app->cfg->notes_dir; }
size_t app_panel_count(const App *app) { return app->npanels; }
const PanelClass *app_panel(const App *app, size_t i)
{
    return i < app->npanels ? app->cfg->panels[i] : NULL;
}

static cJSON *object_child(cJSON *parent, const char *key)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(parent, key);
    if (!cJSON_IsObject(o)) {
        cJSON_DeleteItemFromObjectCaseSensitive(parent, key);
        o = cJSON_AddObjectToObject(parent, key);
        if (!o)
            die("out of memory");
    }
    return o;
}

cJSON *app_pane_state(App *app, const char *pane_name)
{
    return object_child(object_child(app->state, "panes"), pane_name);
}

cJSON *app_shared_state(App *app, const char *key) { return object_child(app->state, key); }

/* ---- the overlay stack ---- */

void app_push_overlay(App *app, const OverlayClass *oc, void *ctx)
{
    if (app->noverlays == MAX_OVERLAYS) {
        oc->destroy(ctx);
        app_status(app, STATUS_ERROR, "too many windows open (at most %d)", MAX_OVERLAYS);
        return;
    }
    app->overlays[app->noverlays++] = (Overlay){oc, ctx};
    oc->place(ctx, app->body);
    app->dirty = true;
}

void app_push_text(App *app, const char *title, TextLines *lines, int close_key)
{
    app_push_overlay(app, &text_overlay_class, text_overlay_new(title, lines, close_key));
}

void app_pop_overlay(App *app)
{
    if (!app->noverlays)
        return;
    Overlay *o = &app->overlays[--app->noverlays];
    o->cls->destroy(o->ctx);
    app->dirty = true;
}


/* ---- panes ---- */

void app_layout(App *app)
{
    app->screen = rect_make(0, 0, LINES, COLS);
    app->too_small = COLS < MIN_W || LINES < MIN_H;
    Rect r = app->screen;
    int chrome = app->chrome_hidden ? 0 : 1;
    app->tabs = rect_take_top(&r, chrome);
    app->status = rect_take_bottom(&r, chrome);
    rect_take_top(&r, 1); /* a blank row under the tabs */
    app->body = rect_inset(r, 0, 1);
    app->banner = rect_take_bottom(&app->body, tour_player_banner_rows(&app->tour, app->body.h));
    if (app->too_small)
        return;
    for (size_t i = 0; i < app->npanels; i++)
        if (app->states[i])
            cls(app, i)->resize(app->states[i], app->body);
    for (size_t i = 0; i < app->noverlays; i++)
        app->overlays[i].cls->place(app->overlays[i].ctx, app->body);
}

/* Creates a pane on first use; returns its state or NULL when it failed. */
static void *pane(App *app, size_t i)
{
    if (!app->states[i] && !app->failed[i]) {
        app->states[i] = cls(app, i)->create(app, app_pane_state(app, cls(app, i)->name));
        if (!app->states[i]) {
            app->failed[i] = true;
            if (!app->status_msg[0])
                app_status(app, STATUS_ERROR, "the %s pane could not start", cls(app, i)->title);
            return NULL;
        }
        if (!app->too_small)
            cls(app, i)->resize(app->states[i], app->body);
    }
    return app->states[i];
}

void app_switch_to(App *app, size_t i)
{
    if (i >= app->npanels)
        return;
    app->current = i;
    app->mode = MODE_NORMAL;
    app->note[0] = '\0'; /* a mode note belongs to the pane that set it */
    while (app->noverlays) /* an overlay belongs to the pane that opened it */
        app_pop_overlay(app);
    void *st = pane(app, i);
    if (st && cls(app, i)->show)
        cls(app, i)->show(st);
    app->dirty = true;
}

long app_find_pane(const App *app, const char *name)
{
    for (size_t i = 0; i < app->npanels; i++)
        if (strcmp(cls(app, i)->name, name) == 0 || strcasecmp(cls(app, i)->title, name) == 0)
            return (long)i;
    return -1;
}

bool app_open_pane(App *app, const char *name, const char *arg)
{
    long i = app_find_pane(app, name);
    if (i < 0) {
        app_status(app, STATUS_ERROR, "no pane called '%s'", name);
        return false;
    }
    app_switch_to(app, (size_t)i);
    void *st = app->states[i];
    if (st && arg && *arg) {
        if (!cls(app, (size_t)i)->open) {
            app_status(app, STATUS_WARN, "the %s pane takes no argument", cls(app, (size_t)i)->title);
            return false;
        }
        return cls(app, (size_t)i)->open(st, arg);
    }
    return st != NULL;
}

/* ---- persistence ---- */

/* Returns false (with the reason in the status message) when the state could not be saved. */
static bool save_state(App *app)
{
    if (!app->cfg->state_dir || app->keep_state_file)
        return true;
    for (size_t i = 0; i < app->npanels; i++)
        if (app->states[i] && cls(app, i)->save)
            cls(app, i)->save(app->states[i], app_pane_state(app, cls(app, i)->name));
    cJSON_DeleteItemFromObjectCaseSensitive(app->state, "last_pane");
    cJSON_AddStringToObject(app->state, "last_pane", cls(app, app->current)->name);
    RError err;
    if (state_save(app->cfg->state_dir, app->state, &err) != 0) {
        char buf[600];
        rerror_format(&err, buf, sizeof buf);
        app_status(app, STATUS_ERROR, "could not save state: %s", buf);
        return false;
    }
    return true;
}

static void load_state(App *app)
{
    app->state = NULL;
    if (app->cfg->state_dir) {
        char warning[512] = "";
        RError err;
        if (state_load(app->cfg->state_dir, &app->state, warning, sizeof warning, &err) != 0) {
            char buf[600];
            rerror_format(&err, buf, sizeof buf);
            app_status(app, STATUS_ERROR, "state not loaded (and not saved): %s", buf);
            app->keep_state_file = true; /* what is there may be the user's only copy */
        } else if (warning[0]) {
            app_status(app, STATUS_WARN, "%s", warning);
        }
    }
    if (!app->state && !(app->state = cJSON_CreateObject()))
        die("out of memory");
}

/* ---- drawing ---- */

static void draw_tabs(App *app)
{
    fill_rect(stdscr, app->tabs, theme_attr(TH_TAB));
    /* " N Title " per tab, side by side; the brand only when everything fits. When even the
     * tabs alone do not, the current tab keeps its whole title and the others are cut evenly. */
    int total = 0;
    for (size_t i = 0; i < app->npanels; i++)
        total += text_width(cls(app, i)->title, (size_t)-1) + 4;
    const char *brand = " rampup ";
    int brand_w = text_width(brand, (size_t)-1);
    int x = app->tabs.x;
    if (total + brand_w + 1 <= app->tabs.w)
        x += text_draw(stdscr, app->tabs.y, x, brand_w, theme_attr(TH_TITLE), brand, (size_t)-1) + 1;
    int room = app->tabs.w - (x - app->tabs.x);
    int current_w = app->npanels ? text_width(cls(app, app->current)->title, (size_t)-1) + 4 : 0;
    int per = app->npanels > 1 ? (room - current_w) / (int)(app->npanels - 1) : room;
    for (size_t i = 0; i < app->npanels; i++) {
        char label[64];
        snprintf(label, sizeof label, " %zu %s ", (i + 1) % 10, cls(app, i)->title);
        int lw = text_width(label, (size_t)-1);
        if (total > room && i != app->current && lw > per)
            lw = per;
        attr_t a = theme_attr(i == app->current ? TH_TAB_ACTIVE : TH_TAB);
        int n = text_draw(stdscr, app->tabs.y, x, lw, a, label, (size_t)-1);
        app->tab_hit[i] = rect_make(app->tabs.y, x, 1, n);
        x += n;
    }
}

/* The bottom row: a message when there is one, else the pane's mode note or its footer (its
 * main keys, from its key table), and the global hints on the right. */
static void draw_status(App *app)
{
    ThemeRole role = app->status_level == STATUS_ERROR ? TH_BAD
                   : app->status_level == STATUS_WARN ? TH_WARN : TH_NORMAL;
    if (app->mode == MODE_COMMAND || app->mode == MODE_SEARCH) {
        fill_rect(stdscr, app->status, theme_attr(TH_STATUS));
        textbox_draw(&app->input, stdscr, app->status, app->mode == MODE_COMMAND ? ":" : "/", true);
        return;
    }
    const char *hints = app->status.w >= 100 ? "? help  Tab panes  q quit" : "? help  q quit";
    Rect bar = app->status; /* the --timer clock takes the right end */
    char clock[24];
    ThemeRole role_timer;
    if (app_booth_timer(app, clock, sizeof clock, &role_timer)) {
        Rect t = rect_take_right(&bar, text_width(clock, (size_t)-1) + 1);
        fill_rect(stdscr, t, theme_attr(TH_STATUS));
        text_draw_right(stdscr, t.y, t.x, t.w, theme_attr(role_timer), clock);
    }
    if (app->status_msg[0]) {
        statusbar_draw(stdscr, bar, app->status_msg, role, hints);
        return;
    }
    if (app->note[0]) {
        statusbar_draw(stdscr, bar, app->note, TH_KEY, hints);
        return;
    }
    const PanelClass *c = cls(app, app->current);
    int room = bar.w - text_width(hints, (size_t)-1) - 4;
    if (app->foot_pane != (long)app->current || app->foot_w != room) {
        app->foot[0] = '\0';
        if (room > 10)
            keymap_footer(c->keys, c->nkeys, !glyphs()->unicode, room, app->foot, sizeof app->foot);
        app->foot_pane = (long)app->current;
        app->foot_w = room;
    }
    statusbar_draw(stdscr, bar, NULL, role, hints);
    if (app->foot[0] && app->noverlays == 0)
        text_draw(stdscr, bar.y, bar.x + 1, room, theme_attr(TH_DIM), app->foot, (size_t)-1);
}

static void draw_too_small(const App *app)
{
    char msg[64];
    snprintf(msg, sizeof msg, "terminal too small (need %d%s%d)", MIN_W,
             glyphs()->unicode ? "×" : "x", MIN_H);
    TextLines tl;
    lines_init(&tl);
    Wrapper wr;
    wrap_begin(&wr, &tl, app->screen.w, 0, 0, 0);
    wrap_add(&wr, msg, strlen(msg), STYLE(TH_WARN));
    wrap_end(&wr);
    int y0 = (app->screen.h - (int)tl.count) / 2;
    for (size_t i = 0; i < tl.count; i++)
        text_draw_center(stdscr, rect_make(y0 + (int)i, 0, 1, app->screen.w), theme_attr(TH_WARN),
                         tl.lines[i].text);
    lines_free(&tl);
}

static void draw(App *app)
{
    erase();
    if (app->too_small) {
        draw_too_small(app);
    } else {
        if (!app->chrome_hidden)
            draw_tabs(app);
        void *st = app->states[app->current];
        if (st)
            cls(app, app->current)->draw(st, stdscr, app->body);
        else
            text_draw(stdscr, app->body.y, app->body.x, app->body.w, theme_attr(TH_BAD),
                      "This pane could not start; the status bar says why.", (size_t)-1);
        if (!rect_empty(app->banner)) {
            char value[64], label[160];
            bool has = app_pane_headline(app, value, sizeof value, label, sizeof label);
            tour_player_draw(&app->tour, stdscr, app->banner, has ? value : NULL, label,
                             app_now());
        }
        for (size_t i = 0; i < app->noverlays; i++)
            app->overlays[i].cls->draw(app->overlays[i].ctx, stdscr);
        if (!app->chrome_hidden)
            draw_status(app);
    }
    wnoutrefresh(stdscr);
    doupdate();
    app->dirty = false;
}

/* ---- keys ---- */

static void pane_result(App *app, PaneResult r)
{
    if (r & PANE_SAVE)
        save_state(app);
}

/* Runs the current pane's key handler and acts on its flags; false when it did not use ev. */
bool app_pane_key(App *app, const KeyEvent *ev)
{
    void *st = app->states[app->current];
    if (!st)
        return false;
    PaneResult r = cls(app, app->current)->key(st, ev);
    pane_result(app, r);
    return r != PANE_IGNORED;
}


static void key_global(App *app, const KeyEvent *ev);

static void cmd_pane(App *app, const char *arg, const char *rest)
{
    if (!arg)
        app_status(app, STATUS_ERROR, "usage: :pane NAME [ARG]");
    else
        app_open_pane(app, arg, rest);
}

/* :quit always leaves, even in booth mode, where the q key does not (a visitor's q must not
 * end the show). */
static void cmd_quit(App *app, const char *arg, const char *rest)
{
    (void)arg;
    (void)rest;
    app->quit = true;
}

static void cmd_reset(App *app, const char *arg, const char *rest)
{
    (void)arg;
    (void)rest;
    app_reset_panes(app);
    app_status(app, STATUS_INFO, "every pane is back to its defaults");
}

static void cmd_theme(App *app, const char *arg, const char *rest)
{
    (void)rest;
    ThemeKind k;
    if (!arg || !theme_parse(arg, &k)) {
        app_status(app, STATUS_ERROR, "usage: :theme dark|light|mono|projector");
        return;
    }
    ThemeKind got = theme_init(k);
    cJSON_DeleteItemFromObjectCaseSensitive(app->state, "theme");
    cJSON_AddStringToObject(app->state, "theme", theme_name(k));
    app_status(app, STATUS_INFO, "theme: %s%s", theme_name(got),
               got != k ? " (this terminal has no colours)" : "");
}

/* `:config PATH`: a Hugging Face config.json into the KV pane (its open takes config=PATH). */
static void cmd_config(App *app, const char *arg, const char *rest)
{
    (void)rest;
    char buf[TEXTBOX_MAX + 16]; /* no PATH: the KV pane offers the folder's .json files */
    snprintf(buf, sizeof buf, "config=%s", arg ? arg : "");
    app_open_pane(app, "kv", buf);
}

/* Search everywhere: Home's index finds the hit and opens it. */
static void cmd_find(App *app, const char *arg, const char *rest)
{
    char q[TEXTBOX_MAX + 8];
    snprintf(q, sizeof q, "find %s%s%s", arg ? arg : "", rest ? " " : "", rest ? rest : "");
    if (!arg)
        app_status(app, STATUS_ERROR, "usage: :find QUERY");
    else
        app_open_pane(app, "home", q);
}

/* The commands that take arguments; every other `:` command is a row of an action table
 * (the pane's keys, then global_keys) with a `command` name. */
static const struct {
    const char *name, *alias, *usage, *help;
    void (*fn)(App *app, const char *arg, const char *rest);
} app_commands[] = {
    {"pane", "p", ":pane NAME [ARG]", "open a pane, e.g. :pane kv llama-3.1-70b batch=8", cmd_pane},
    {"theme", NULL, ":theme NAME", "dark, light, mono or projector", cmd_theme},
    {"config", NULL, ":config [PATH]", "load a config.json into the KV pane (no PATH: pick one here)", cmd_config},
    {"find", NULL, ":find QUERY", "search notes, cards and panes; open the best hit", cmd_find},
    {"reset", NULL, ":reset", "every pane back to its defaults (booth mode)", cmd_reset},
    {"quit", "q", ":quit", "leave rampup (also in booth mode, where the q key does not)", cmd_quit},
};

/* The row of table[0..n) whose command is `name`, or NULL. */
static const KeyBinding *find_command(const KeyBinding *table, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].command && strcmp(table[i].command, name) == 0)
            return &table[i];
    return NULL;
}

static void run_command(App *app, const char *line)
{
    char buf[TEXTBOX_MAX + 1];
    snprintf(buf, sizeof buf, "%s", line);
    char *save = NULL;
    char *cmd = strtok_r(buf, " \t", &save);
    if (!cmd)
        return;
    char *arg = strtok_r(NULL, " \t", &save);
    char *rest = strtok_r(NULL, "", &save);
    app->status_msg[0] = '\0'; /* this command's outcome replaces any older message */
    for (size_t i = 0; i < sizeof app_commands / sizeof app_commands[0]; i++)
        if (strcmp(cmd, app_commands[i].name) == 0 ||
            (app_commands[i].alias && strcmp(cmd, app_commands[i].alias) == 0)) {
            app_commands[i].fn(app, arg, rest);
            return;
        }
    const PanelClass *c = cls(app, app->current);
    const KeyBinding *kb = find_command(c->keys, c->nkeys, cmd);
    if (kb) {
        KeyEvent ev = {kb->key, kb->fn, -1, -1};
        app_pane_key(app, &ev);
        return;
    }
    kb = find_command(global_keys, global_key_count, cmd);
    if (kb) {
        KeyEvent ev = {kb->key, kb->fn, -1, -1};
        key_global(app, &ev);
        return;
    }
    app_status(app, STATUS_ERROR, "unknown command ':%s' (:help lists them)", cmd);
}

static void open_help(App *app)
{
    const PanelClass *c = cls(app, app->current);
    char title[80];
    snprintf(title, sizeof title, "%s pane", c->title);
    /* The overlay box adds a border and a margin of 2 on each side; it is at most 100 wide. */
    int width = app->body.w - 6 < 96 ? app->body.w - 6 : 96;
    TextLines help;
    lines_init(&help);
    /* Only the global keys that do something here: `/` needs a pane that searches, and a key
     * the pane binds itself is the pane's. */
    KeyBinding glob[64];
    size_t ng = 0;
    for (size_t i = 0; i < global_key_count && ng < 64; i++) {
        const KeyBinding *g = &global_keys[i];
        KeyEvent ev = {g->key, g->fn, -1, -1, 0};
        if ((g->action == GA_SEARCH && !c->search) || keymap_action(c->keys, c->nkeys, &ev))
            continue;
        glob[ng++] = *g;
    }
    help_build(&help, width, title, c->keys, c->nkeys, glob, ng);
    lines_new(&help, 0, 0);
    lines_new(&help, 0, 0);
    lines_append(&help, "Commands (:)", strlen("Commands (:)"), STYLE(TH_HEADING));
    for (size_t i = 0; i < sizeof app_commands / sizeof app_commands[0]; i++) {
        lines_new(&help, 2, 0);
        lines_appendf(&help, STYLE(TH_KEY), "%-18s", app_commands[i].usage);
        lines_appendf(&help, STYLE(TH_NORMAL), "%s", app_commands[i].help);
    }
    lines_new(&help, 2, 0);
    lines_appendf(&help, STYLE(TH_DIM), "and :NAME for each key above shown as (:NAME)");
    app_push_text(app, "Keys", &help, '?');
}

static void key_line(App *app, const KeyEvent *ev)
{
    void *st = app->states[app->current];
    const PanelClass *c = cls(app, app->current);
    if (key_is_escape(ev)) {
        app->mode = MODE_NORMAL;
    } else if (key_is_enter(ev)) {
        /* A search was already run as it was typed; Enter only closes the line. */
        Mode m = app->mode;
        app->mode = MODE_NORMAL;
        if (m == MODE_COMMAND)
            run_command(app, app->input.text);
    } else if (textbox_key(&app->input, ev) && app->mode == MODE_SEARCH && st && c->search) {
        if (!c->search(st, app->input.text, 0) && app->input.len)
            app_status(app, STATUS_WARN, "no match for '%s'", app->input.text);
        else
            app->status_msg[0] = '\0';
    }
}

static void key_global(App *app, const KeyEvent *ev)
{
    int action = keymap_action(global_keys, global_key_count, ev);
    if (action == GA_NEXT_PANE || action == GA_PREV_PANE || action == GA_GOTO_PANE)
        app->status_msg[0] = '\0'; /* a message belongs to the pane it was about */
    switch (action) {
    case GA_NEXT_PANE: app_switch_to(app, (app->current + 1) % app->npanels); break;
    case GA_PREV_PANE: app_switch_to(app, (app->current + app->npanels - 1) % app->npanels); break;
    case GA_GOTO_PANE: { /* 1-9, and 0 for the tenth */
        size_t k = ev->key == '0' ? 9 : (size_t)(ev->key - '1');
        if (k < app->npanels)
            app_switch_to(app, k);
        break;
    }
    case GA_HELP: open_help(app); break;
    case GA_SEARCH:
        if (!cls(app, app->current)->search) {
            app_status(app, STATUS_WARN, "the %s pane has no search", cls(app, app->current)->title);
            break;
        }
        textbox_init(&app->input, "");
        app->mode = MODE_SEARCH;
        break;
    case GA_COMMAND:
        textbox_init(&app->input, "");
        app->mode = MODE_COMMAND;
        break;
    case GA_QUIT:
        if (app->tour.loop) { /* a booth visitor must not end the show */
            app_status(app, STATUS_INFO, "booth mode: the owner quits with :quit or Ctrl-C");
            break;
        }
        app->quit = true;
        break;
    case GA_TOUR: app_tour_toggle(app); break;
    case GA_BIG: app_show_big(app); break;
    case GA_EXPORT: app_export_pane(app); break;
    case GA_CHROME:
        app->chrome_hidden = !app->chrome_hidden;
        app_layout(app);
        break;
    default: return;
    }
    app->dirty = true;
}

static void key_overlay(App *app, const KeyEvent *ev)
{
    Overlay *o = &app->overlays[app->noverlays - 1];
    PaneResult r = o->cls->key(o->ctx, ev);
    if (r & OVERLAY_CLOSE)
        app_pop_overlay(app);
    pane_result(app, r);
    if (r == PANE_IGNORED)
        key_global(app, ev);
}

static void handle_key(App *app, const KeyEvent *ev)
{
    app->dirty = true;
    app->status_msg[0] = '\0'; /* a message lasts until the next key (or a few seconds) */
    if (app->too_small) {
        if (key_is(ev, 'q'))
            app->quit = true;
        return;
    }
    double now = app_now();
    bool playing = tour_player_current(&app->tour) != NULL;
    if (app->mode == MODE_NORMAL && tour_player_key(&app->tour, ev, now)) {
        if (playing && !tour_player_current(&app->tour))
            app_status(app, STATUS_INFO, app->tour.visitor
                                             ? "your turn: Tab switches panes, ? lists the keys"
                                             : "tour stopped (P plays it again)");
        return; /* tour_run lays out again when the banner goes */
    }
    tour_player_touch(&app->tour, now);
    if (app->mode == MODE_COMMAND || app->mode == MODE_SEARCH) {
        key_line(app, ev);
        return;
    }
    if (app->noverlays) {
        key_overlay(app, ev);
        return;
    }
    if (key_is_click(ev) && rect_contains(app->tabs, ev->mouse_y, ev->mouse_x)) {
        for (size_t i = 0; i < app->npanels; i++)
            if (rect_contains(app->tab_hit[i], ev->mouse_y, ev->mouse_x)) {
                app->status_msg[0] = '\0';
                app_switch_to(app, i);
            }
        return;
    }
    if (app_pane_key(app, ev))
        return;
    key_global(app, ev);
}

/* Reads one event. Returns false on a timeout; sets *gone when the terminal has gone away
 * (a hang-up without SIGHUP reaching us): get_wch then fails at once, again and again, and
 * polling it would spin a core forever. */
static bool read_key(KeyEvent *ev, bool *gone)
{
    static int fast_errors;
    wint_t ch;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = get_wch(&ch);
    if (r == ERR) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        fast_errors = ms < POLL_MS / 4 ? fast_errors + 1 : 0;
        *gone = fast_errors > 100;
        return false;
    }
    fast_errors = 0;
    *ev = (KeyEvent){(int)ch, r == KEY_CODE_YES, -1, -1, 0};
    if (ev->fn && ev->key == KEY_MOUSE) {
        MEVENT me;
        if (getmouse(&me) != OK)
            return false;
        if (me.bstate & BUTTON4_PRESSED) /* the wheel: button 4 up, 5 down (xterm protocol) */
            ev->wheel = -1;
        else if (me.bstate & BUTTON5_PRESSED)
            ev->wheel = 1;
        else if (!(me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
            return false;
        ev->mouse_y = me.y;
        ev->mouse_x = me.x;
    }
    return true;
}

static void start_screen(ThemeKind theme)
{
    if (!initscr())
        die("cannot start the terminal (is TERM set?)");
    atexit(restore_terminal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    timeout(POLL_MS);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    /* Home and End as tmux, screen and rxvt send them, whatever TERM says (under
     * TERM=xterm-256color inside tmux they would read as Esc, '[', '1', '~'). */
    define_key("\033[1~", KEY_HOME);
    define_key("\033[4~", KEY_END);
    define_key("\033[7~", KEY_HOME);
    define_key("\033[8~", KEY_END);
    define_key("\033[H", KEY_HOME);
    define_key("\033[F", KEY_END);
    define_key("\033OH", KEY_HOME);
    define_key("\033OF", KEY_END);
    mouseinterval(0);
    glyphs_init();
    theme_init(theme);
}

int app_run(const AppConfig *cfg)
{
    if (cfg->npanels == 0 || cfg->npanels > MAX_PANES)
        die("no panes registered");
    App *app = xcalloc(1, sizeof *app);
    app->cfg = cfg;
    app->npanels = cfg->npanels;
    app->foot_pane = -1;
    load_state(app);

    ThemeKind theme = cfg->theme;
    const cJSON *saved_theme = cJSON_GetObjectItemCaseSensitive(app->state, "theme");
    if (cJSON_IsString(saved_theme) && cfg->theme == THEME_DARK)
        theme_parse(saved_theme->valuestring, &theme);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    start_screen(theme);
    app->start_theme = theme_current();
    if (cfg->tour) {
        tour_player_init(&app->tour, cfg->tour, cfg->tour_loop, cfg->tour_idle);
        tour_player_start(&app->tour, app_now());
    }
    app->timer_end = cfg->timer > 0 ? app_now() + cfg->timer : cfg->timer < 0 ? -1 : 0;
    app_layout(app);

    const char *first = cfg->first_pane;
    const cJSON *last = cJSON_GetObjectItemCaseSensitive(app->state, "last_pane");
    if (!first && cJSON_IsString(last))
        first = last->valuestring;
    long start = first ? app_find_pane(app, first) : 0;
    app_switch_to(app, start < 0 ? 0 : (size_t)start);

    while (!app->quit && !got_signal) {
        if (app->status_msg[0] && time(NULL) > app->status_until) {
            app->status_msg[0] = '\0';
            app->dirty = true;
        }
        app_tour_run(app);
        timeout(tour_player_current(&app->tour) ? TOUR_POLL_MS : POLL_MS);
        if (app->timer_end != 0) {
            char clock[24];
            ThemeRole r;
            app_booth_timer(app, clock, sizeof clock, &r);
            if (strcmp(clock, app->timer_text) != 0) { /* redraw once a second, not per poll */
                snprintf(app->timer_text, sizeof app->timer_text, "%s", clock);
                app->dirty = true;
            }
        }
        if (app->dirty)
            draw(app);
        KeyEvent ev;
        bool gone = false;
        if (!read_key(&ev, &gone)) {
            if (gone)
                break; /* save the state and leave, as on SIGHUP */
            void *st = app->states[app->current];
            if (st && cls(app, app->current)->tick && cls(app, app->current)->tick(st))
                app->dirty = true;
            continue;
        }
        if (key_is_fn(&ev, KEY_RESIZE)) {
            app_layout(app);
            app->dirty = true;
            continue;
        }
        handle_key(app, &ev);
    }

    bool saved = save_state(app);
    restore_terminal();
    if (!saved) { /* the message names a path: shown through the sanitizer */
        char msg[sizeof app->status_msg * 4];
        sanitize_str(app->status_msg, (size_t)-1, 0, msg, sizeof msg);
        fprintf(stderr, "rampup: %s\n", msg);
    }
    for (size_t i = 0; i < app->npanels; i++)
        cls(app, i)->destroy(app->states[i]);
    while (app->noverlays)
        app_pop_overlay(app);
    cJSON_Delete(app->state);
    tour_player_free(&app->tour);
    int code = got_signal ? 128 + got_signal : 0;
    free(app);
    if (code == 128 + SIGINT || code == 128 + SIGTERM)
        code = 0;
    return code == 0 && !saved ? 1 : code; /* a lost save is a failure */
}


/* ---- benchmark ---- */

double app_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int app_bench(const AppConfig *cfg, int rows, int cols, int frames)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", rows);
    setenv("LINES", buf, 1);
    snprintf(buf, sizeof buf, "%d", cols);
    setenv("COLUMNS", buf, 1);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    if (!out || !in)
        return 1;
    double t0 = app_now();
    App *app = xcalloc(1, sizeof *app);
    app->cfg = cfg;
    app->npanels = cfg->npanels;
    load_state(app);
    SCREEN *scr = newterm("xterm-256color", out, in);
    if (!scr)
        return 1;
    glyphs_init();
    theme_init(cfg->theme);
    app_layout(app);
    app_switch_to(app, 0);
    draw(app);
    double first = app_now() - t0;
    printf("  %-10s %dx%d  start to first frame %8.3f ms\n", "app", cols, rows, first * 1e3);
    double *times = xcalloc((size_t)frames, sizeof *times);
    for (size_t i = 0; i < app->npanels; i++) {
        double c0 = app_now();
        app_switch_to(app, i);
        draw(app);
        double shown = app_now() - c0;
        for (int f = 0; f < frames; f++) {
            double f0 = app_now();
            app->dirty = true;
            draw(app);
            times[f] = app_now() - f0;
        }
        qsort(times, (size_t)frames, sizeof *times, cmp_double);
        printf("  %-10s %dx%d  first show %8.3f ms   frame median %7.1f us   max %7.1f us\n",
               cls(app, i)->name, cols, rows, shown * 1e3, times[frames / 2] * 1e6,
               times[frames - 1] * 1e6);
    }
    free(times);
    endwin();
    delscreen(scr);
    for (size_t i = 0; i < app->npanels; i++)
        cls(app, i)->destroy(app->states[i]);
    while (app->noverlays)
        app_pop_overlay(app);
    cJSON_Delete(app->state);
    free(app);
    fclose(out);
    fclose(in);
    return 0;
}
