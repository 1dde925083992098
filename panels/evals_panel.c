/* The Evals pane: a confidence-interval calculator (n, two accuracies, a margin), pass@k and
 * its curve over k, the benchmark cards, and live evals of rampup's own retrieval and
 * calculator agent, run a few queries per tick so the pane keeps answering keys. All
 * figures come from engine/evals; evals_panel_draw.c draws them. */
#include "panels/evals_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/registry.h"
#include "tui/xalloc.h"

enum { ACT_UP = 1, ACT_DOWN, ACT_SLIDER, ACT_VIEW, ACT_RUN, ACT_WHY, ACT_CLOSE };

static const KeyBinding ev_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control, a card or a method"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    {KEY_LEFT, true, ACT_SLIDER, "← → h l", "change it (H L: ten steps, Home End)"},
    {'v', false, ACT_VIEW, "v", "view: interval / pass@k / cards / live evals"},
    {'r', false, ACT_RUN, "r", "run the live evals (retrieval on the notes, tool calls)"},
    {'w', false, ACT_WHY, "w", "why: the formulas with your numbers"},
    {KEY_ESC, false, ACT_CLOSE, "Esc", "close the overlay"},
};

static const double CONF[] = {0.80, 0.90, 0.95, 0.99};

static void why_text(EvPanel *p)
{
    lines_clear(&p->why_lines);
    char buf[3000];
    double n = p->sl[EC_N].value, acc = p->sl[EC_ACC].value, conf = p->sl[EC_CONF].value;
    double z = evals_z(conf);
    snprintf(buf, sizeof buf,
             "Wilson score interval (Wilson 1927), z = %.4f for %.0f %%:\n"
             "  center = (p + z^2/2n) / (1 + z^2/n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)\n"
             "  p = %.4f, n = %.0f -> [%.4f, %.4f]\n"
             "Wald: p +- z sqrt(p(1-p)/n) = [%.4f, %.4f] (collapses to a point at 0 and 1)\n"
             "Sample size for +-%.3f: n = z^2 p(1-p) / m^2 = %lld\n"
             "Two models on different items: pooled two-proportion z = %.3f, p = %.4f.\n"
             "On the same items use McNemar's test on the items they disagree on\n"
             "(`rampup evals compare --b B --c C`), or a paired bootstrap.\n"
             "pass@k (Chen et al. 2021): 1 - C(n-c, k) / C(n, k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i)\n"
             "  n %.0f, c %.0f, k %.0f -> %.4f (1 when n - c < k)\n",
             z, 100 * conf, acc, n, p->wilson.low, p->wilson.high, p->wald.low, p->wald.high,
             p->sl[EC_MARGIN].value, p->need, p->two.z, p->two.p, p->pk[EP_N].value,
             p->pk[EP_C].value, p->pk[EP_K].value, p->passk);
    for (char *s = buf; *s;) {
        char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        lines_new(&p->why_lines, 0, 0);
        lines_append(&p->why_lines, s, len, STYLE(len && s[0] != ' ' ? TH_NORMAL : TH_DIM));
        s += len + (nl ? 1 : 0);
    }
}

/* The one engine call set per change: intervals, sample size, comparison, pass@k curve. */
static void recompute(EvPanel *p)
{
    long long n = (long long)p->sl[EC_N].value;
    double acc = p->sl[EC_ACC].value, acc2 = p->sl[EC_ACC2].value, conf = p->sl[EC_CONF].value;
    long long c = llround(acc * (double)n), c2 = llround(acc2 * (double)n);
    RError err;
    rerror_clear(&err);
    p->ok = evals_wilson(c, n, conf, &p->wilson, &err) == 0 &&
            evals_wald(c, n, conf, &p->wald, &err) == 0 &&
            evals_sample_size(acc, p->sl[EC_MARGIN].value, conf, &p->need, &err) == 0 &&
            evals_two_proportion(c, n, c2, n, conf, &p->two, &err) == 0;
    for (int i = 0; i < 60; i++) { /* n from 10 to 1e6 */
        EvalsInterval ci;
        double nn = round(10 * pow(1e5, i / 59.0));
        p->hx[i] = nn;
        p->hy[i] = evals_wilson(llround(acc * nn), (long long)nn, conf, &ci, NULL) == 0
                       ? 100 * (ci.high - ci.low) / 2
                       : NAN;
    }
    /* pass@k: c and k cannot exceed n */
    Slider *pn = &p->pk[EP_N], *pc = &p->pk[EP_C], *pkk = &p->pk[EP_K];
    pc->max = pkk->max = pn->value;
    slider_set(pc, pc->value);
    slider_set(pkk, pkk->value);
    long long N = (long long)pn->value, C = (long long)pc->value;
    if (evals_pass_at_k(N, C, (long long)pkk->value, &p->passk, &err) != 0)
        p->ok = false;
    p->nk = 0;
    for (long long k = 1; k <= N && p->nk < EV_PASSK_PTS; k++) {
        /* every k up to 50, then log-spaced */
        if (k > 50 && p->nk && (double)k < p->kx[p->nk - 1] * 1.05)
            continue;
        p->kx[p->nk] = (double)k;
        evals_pass_at_k(N, C, k, &p->ky[p->nk], NULL);
        p->nk++;
    }
    if (!p->ok)
        rerror_format(&err, p->error, sizeof p->error);
    why_text(p);
}

static void start_live(EvPanel *p)
{
    live_eval_free(p->live);
    p->live = NULL;
    if (p->have_tools)
        live_tools_free(&p->tools);
    p->have_tools = false;
    char qrels[4200], tools[4200], glove[4200];
    snprintf(qrels, sizeof qrels, "%s/evals/notes_qrels.yaml", app_content_dir(p->app));
    snprintf(tools, sizeof tools, "%s/evals/tool_calls.yaml", app_content_dir(p->app));
    snprintf(glove, sizeof glove, "%s/glove", app_content_dir(p->app));
    RError err;
    rerror_clear(&err);
    char msg[700];
    if (live_eval_new(app_notes_dir(p->app), qrels, glove, &p->live, &err) != 0) {
        rerror_format(&err, msg, sizeof msg);
        app_status(p->app, STATUS_ERROR, "evals: %s", msg);
        return;
    }
    if (live_tools_run(app_content_dir(p->app), tools, &p->tools, &err) == 0)
        p->have_tools = true;
    else {
        rerror_format(&err, msg, sizeof msg);
        app_status(p->app, STATUS_WARN, "evals: tool-call eval skipped: %s", msg);
    }
    p->running = true;
    p->view = EV_VIEW_LIVE;
}

/* A few queries per tick: about 200 ms between ticks, a few ms per query. */
static bool ev_tick(void *st)
{
    EvPanel *p = st;
    if (!p->running || !p->live)
        return false;
    RError err;
    rerror_clear(&err);
    int rc = live_eval_step(p->live, 6, &err);
    if (rc != 0) {
        p->running = false;
        if (rc < 0) {
            char msg[700];
            rerror_format(&err, msg, sizeof msg);
            app_status(p->app, STATUS_ERROR, "evals: %s", msg);
        } else
            app_status(p->app, STATUS_INFO, "evals: live evals done");
    }
    return true;
}

static void init_sliders(EvPanel *p)
{
    Slider *s = p->sl;
    s[EC_N] = (Slider){.label = "n items", .min = 10, .max = 1000000, .value = 1000, .step = 1.25,
                       .log = true, .integer = true, .format = SLIDER_INT};
    s[EC_ACC] = (Slider){.label = "acc A", .min = 0, .max = 1, .value = 0.70, .step = 0.01,
                         .format = SLIDER_PERCENT};
    s[EC_ACC2] = (Slider){.label = "acc B", .min = 0, .max = 1, .value = 0.73, .step = 0.01,
                          .format = SLIDER_PERCENT};
    s[EC_MARGIN] = (Slider){.label = "margin", .min = 0.005, .max = 0.2, .value = 0.02,
                            .step = 0.005, .format = SLIDER_PERCENT};
    s[EC_CONF] = (Slider){.label = "conf", .min = 0.80, .max = 0.99, .value = 0.95, .step = 0.01,
                          .format = SLIDER_PERCENT};
    Slider *k = p->pk;
    k[EP_N] = (Slider){.label = "n samples", .min = 1, .max = 1000, .value = 200, .step = 1.25,
                       .log = true, .integer = true, .format = SLIDER_INT};
    k[EP_C] = (Slider){.label = "c correct", .min = 0, .max = 200, .value = 10, .step = 1,
                       .integer = true, .format = SLIDER_INT};
    k[EP_K] = (Slider){.label = "k", .min = 1, .max = 200, .value = 10, .step = 1,
                       .integer = true, .format = SLIDER_INT};
}

/* Setting names for :pane, links and saved state: one table. */
static const struct {
    const char *key;
    bool passk;
    int ctl;
} NUMS[] = {{"n", false, EC_N},          {"accuracy", false, EC_ACC},
            {"accuracy2", false, EC_ACC2}, {"margin", false, EC_MARGIN},
            {"confidence", false, EC_CONF}, {"samples", true, EP_N},
            {"correct", true, EP_C},       {"k", true, EP_K}};
static const char *const VIEWS[EV_VIEW_COUNT] = {"ci", "passk", "cards", "live"};

static Slider *num_slider(EvPanel *p, size_t i)
{
    return NUMS[i].passk ? &p->pk[NUMS[i].ctl] : &p->sl[NUMS[i].ctl];
}

static bool parse_num(const Slider *s, const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= s->min && x <= s->max) || (s->integer && x != floor(x)))
        return false;
    *out = x;
    return true;
}

/* `:pane evals view=passk samples=100 correct=5 k=10`, `:pane evals n=198 accuracy=0.5`,
 * `:pane evals GPQA` (a card). Checked before anything changes. */
static bool ev_open(void *st, const char *arg)
{
    EvPanel *p = st;
    if (!arg || !*arg)
        return true;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", arg);
    double val[sizeof NUMS / sizeof NUMS[0]];
    bool set[sizeof NUMS / sizeof NUMS[0]] = {false};
    int view = -1, card = -1;
    bool run = false;
    const char *bad = NULL;
    for (char *save = NULL, *tok = strtok_r(buf, " ,&?", &save); tok && !bad;
         tok = strtok_r(NULL, " ,&?", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            const BenchCard *c = cards_find(&p->cards, tok);
            if (c)
                card = (int)(c - p->cards.items);
            else if (strcmp(tok, "run") == 0)
                run = true;
            else
                bad = tok;
            continue;
        }
        *eq = '\0';
        const char *v = eq + 1;
        bool known = false;
        for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++)
            if (strcmp(tok, NUMS[i].key) == 0) {
                known = true;
                Slider probe = *num_slider(p, i);
                if (NUMS[i].passk && NUMS[i].ctl != EP_N)
                    probe.max = 1000; /* checked against n below, in recompute */
                if (parse_num(&probe, v, &val[i]))
                    set[i] = true;
                else
                    bad = tok;
            }
        if (known)
            continue;
        if (strcmp(tok, "view") == 0) {
            for (int k = 0; k < EV_VIEW_COUNT; k++)
                if (strcmp(v, VIEWS[k]) == 0)
                    view = k;
            if (view < 0)
                bad = tok;
        } else if (strcmp(tok, "card") == 0 && cards_find(&p->cards, v))
            card = (int)(cards_find(&p->cards, v) - p->cards.items);
        else
            bad = tok;
    }
    if (bad) {
        app_status(p->app, STATUS_WARN, "evals: did not understand '%s' in '%s'; nothing changed",
                   bad, arg);
        return false;
    }
    for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++)
        if (set[i]) {
            Slider *s = num_slider(p, i);
            if (NUMS[i].passk && NUMS[i].ctl != EP_N)
                s->max = 1000;
            slider_set(s, val[i]);
        }
    if (card >= 0) {
        p->card = card;
        p->view = EV_VIEW_CARDS;
    }
    if (view >= 0)
        p->view = view;
    else if (set[5] || set[6] || set[7])
        p->view = EV_VIEW_PASSK;
    recompute(p);
    if (run)
        start_live(p);
    return true;
}

static void set_from_state(EvPanel *p, const cJSON *s)
{
    const cJSON *it;
    for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++)
        if ((it = cJSON_GetObjectItemCaseSensitive(s, NUMS[i].key)) && cJSON_IsNumber(it)) {
            Slider *sl = num_slider(p, i);
            if (NUMS[i].passk && NUMS[i].ctl != EP_N)
                sl->max = 1000;
            slider_set(sl, it->valuedouble);
        }
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "view")) && cJSON_IsString(it))
        for (int k = 0; k < EV_VIEW_COUNT; k++)
            if (strcmp(it->valuestring, VIEWS[k]) == 0)
                p->view = k;
    if ((it = cJSON_GetObjectItemCaseSensitive(s, "card")) && cJSON_IsString(it) &&
        cards_find(&p->cards, it->valuestring))
        p->card = (int)(cards_find(&p->cards, it->valuestring) - p->cards.items);
}

static void ev_save(const void *st, cJSON *state)
{
    const EvPanel *p = st;
    for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++) {
        cJSON_DeleteItemFromObject(state, NUMS[i].key);
        const Slider *s = NUMS[i].passk ? &p->pk[NUMS[i].ctl] : &p->sl[NUMS[i].ctl];
        cJSON_AddNumberToObject(state, NUMS[i].key, s->value);
    }
    cJSON_DeleteItemFromObject(state, "view");
    cJSON_AddStringToObject(state, "view", VIEWS[p->view == EV_VIEW_LIVE ? EV_VIEW_CI : p->view]);
    cJSON_DeleteItemFromObject(state, "card");
    if (p->cards.n)
        cJSON_AddStringToObject(state, "card", p->cards.items[p->card].name);
}

static void *ev_create(App *app)
{
    EvPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    lines_init(&p->why_lines);
    char path[4200], msg[700];
    RError err;
    snprintf(path, sizeof path, "%s/benchmarks.yaml", app_content_dir(app));
    if (cards_load(path, &p->cards, &err) != 0) {
        rerror_format(&err, msg, sizeof msg);
        app_status(app, STATUS_WARN, "evals: no benchmark cards (%s)", msg);
    }
    init_sliders(p);
    set_from_state(p, app_pane_state(app, "evals"));
    recompute(p);
    return p;
}

static void ev_destroy(void *st)
{
    EvPanel *p = st;
    if (!p)
        return;
    cards_free(&p->cards);
    live_eval_free(p->live);
    if (p->have_tools)
        live_tools_free(&p->tools);
    lines_free(&p->why_lines);
    free(p);
}

static void ev_resize(void *st, Rect area)
{
    EvPanel *p = st;
    p->area = area;
    Rect r = rect_inset(area, 0, 1);
    r.h -= 1; /* the footer */
    int cw = r.w >= 120 ? 46 : r.w >= 100 ? 42 : 36;
    Rect top = rect_take_top(&r, 7);
    p->controls = rect_take_left(&top, cw);
    rect_take_left(&top, 2);
    p->figures = top;
    rect_take_top(&r, 1);
    p->bottom = r;
}

static bool why_key(EvPanel *p, const KeyEvent *ev)
{
    if (key_is_escape(ev) || key_is(ev, 'w')) {
        p->why = false;
        return true;
    }
    if (key_is_down(ev) && p->why_top + 1 < p->why_lines.count)
        p->why_top++;
    else if (key_is_up(ev) && p->why_top > 0)
        p->why_top--;
    return true; /* the overlay is modal */
}

static int nctl(const EvPanel *p)
{
    switch (p->view) {
    case EV_VIEW_CI: return EC_COUNT;
    case EV_VIEW_PASSK: return EP_COUNT;
    case EV_VIEW_CARDS: return (int)p->cards.n;
    default: return RAG_METHOD_COUNT;
    }
}

static bool ev_key(void *st, const KeyEvent *ev)
{
    EvPanel *p = st;
    if (p->why)
        return why_key(p, ev);
    int act = keymap_action(ev_keys, sizeof ev_keys / sizeof ev_keys[0], ev);
    int n = nctl(p);
    int *sel = p->view == EV_VIEW_CARDS ? &p->card : p->view == EV_VIEW_LIVE ? &p->live_sel
                                                                               : &p->focus;
    switch (act) {
    case ACT_UP:
        if (n > 0)
            *sel = (*sel + n - 1) % n;
        p->fail_top = 0;
        return true;
    case ACT_DOWN:
        if (n > 0)
            *sel = (*sel + 1) % n;
        p->fail_top = 0;
        return true;
    case ACT_VIEW:
        p->view = (p->view + 1) % EV_VIEW_COUNT;
        p->focus = 0;
        return true;
    case ACT_RUN: start_live(p); return true;
    case ACT_WHY:
        p->why = true;
        p->why_top = 0;
        return true;
    case ACT_CLOSE: return false;
    default: break;
    }
    bool left = key_is_left(ev) || key_is(ev, 'H') || key_is_fn(ev, KEY_SLEFT) ||
                key_is_fn(ev, KEY_HOME);
    bool right = key_is_right(ev) || key_is(ev, 'L') || key_is_fn(ev, KEY_SRIGHT) ||
                 key_is_fn(ev, KEY_END);
    if (!left && !right)
        return false;
    if (p->view == EV_VIEW_CI) {
        if (p->focus == EC_CONF) { /* confidence snaps to 80, 90, 95, 99 % */
            int k = 0;
            for (int i = 0; i < 4; i++)
                if (fabs(CONF[i] - p->sl[EC_CONF].value) < 1e-9)
                    k = i;
            k = (k + (right ? 1 : 3)) % 4;
            slider_set(&p->sl[EC_CONF], CONF[k]);
        } else if (!slider_key(&p->sl[p->focus], ev))
            return true;
    } else if (p->view == EV_VIEW_PASSK) {
        if (!slider_key(&p->pk[p->focus], ev))
            return true;
    } else
        return true;
    recompute(p);
    return true;
}

const PanelClass evals_panel = {
    .name = "evals",
    .title = "Evals",
    .summary = "Intervals, sample sizes, pass@k, benchmark cards and live evals of rampup",
    .keys = ev_keys,
    .nkeys = sizeof ev_keys / sizeof ev_keys[0],
    .create = ev_create,
    .destroy = ev_destroy,
    .resize = ev_resize,
    .draw = evals_panel_draw,
    .key = ev_key,
    .open = ev_open,
    .save = ev_save,
    .tick = ev_tick,
};
