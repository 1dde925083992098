/* The Evals pane: a confidence-interval calculator (n, two accuracies, a margin), pass@k and
 * its curve over k, the benchmark cards, and live evals of rampup's own retrieval and
 * calculator agent, run a few queries per tick so the pane keeps answering keys. Settings are
 * evals_params' and passk_params'; all figures come from engine/evals; evals_panel_draw.c
 * draws them. */
#include "panels/evals_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "panels/registry.h"
#include "panels/pane_common.h"
#include "tui/xalloc.h"

enum { ACT_UP = 1, ACT_DOWN, ACT_SLIDER, ACT_VIEW, ACT_RUN, ACT_WHY };

static const KeyBinding ev_keys[] = {
    {KEY_UP, true, ACT_UP, "↑ ↓  k j", "select a control, a card or a method"},
    {'k', false, ACT_UP, NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, NULL, NULL},
    {'j', false, ACT_DOWN, NULL, NULL},
    {KEY_LEFT, true, ACT_SLIDER, "← → h l", "change it (H L: ten steps, Home End)"},
    {'v', false, ACT_VIEW, "v", "view: interval / pass@k / cards / live evals"},
    {'r', false, ACT_RUN, "r", "run the live evals (retrieval on the notes, tool calls)"},
    {'w', false, ACT_WHY, "w", "why: the formulas with your numbers"},
};

static const char *const VIEWS[EV_VIEW_COUNT] = {"ci", "passk", "cards", "live"};
/* The controls' settings, in EvCtl and EvPk order. */
static const char *const CI_SPEC[EC_COUNT] = {"n",      "accuracy", "accuracy2", "only_a",
                                              "only_b", "margin",   "confidence"};
static const char *const PK_SPEC[EP_COUNT] = {"n", "c", "k"};
static const double CONF[] = {0.80, 0.90, 0.95, 0.99};

static void sync_sliders(EvPanel *p)
{
    for (int i = 0; i < EC_COUNT; i++)
        slider_set(&p->sl[i], param_get(param_find(&evals_params, CI_SPEC[i]), &p->set));
    /* c and k cannot exceed n */
    p->pk[EP_C].max = p->pk[EP_K].max = p->pks.n < 1000 ? p->pks.n : 1000;
    for (int i = 0; i < EP_COUNT; i++)
        slider_set(&p->pk[i], param_get(param_find(&passk_params, PK_SPEC[i]), &p->pks));
    p->pks.c = (int)p->pk[EP_C].value;
    p->pks.k = (int)p->pk[EP_K].value;
}

/* The why text: every statistic with the pane's numbers. */
static void why_text(const EvPanel *p, char *buf, size_t size)
{
    double z = evals_z(p->set.confidence);
    snprintf(buf, size,
             "Wilson score interval (Wilson 1927), z = %.4f for %.0f %%:\n"
             "  center = (p + z^2/2n) / (1 + z^2/n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)\n"
             "  p = %.4f, n = %d -> [%.4f, %.4f]\n"
             "Wald: p +- z sqrt(p(1-p)/n) = [%.4f, %.4f] (collapses to a point at 0 and 1)\n"
             "Sample size for +-%.3f: n = z^2 p(1-p) / m^2 = %lld\n"
             "Two models on different items: pooled two-proportion z = %.3f, p = %.4f.\n"
             "On the same items, McNemar's test uses only the items they disagree on:\n"
             "  b = %d only A got right, c = %d only B: exact p = 2 P(X <= min(b, c)),\n"
             "  X ~ Bin(b + c, 1/2) = %.4f; chi-square (|b - c| - 1)^2 / (b + c) = %.3f, p = %.4f\n"
             "pass@k (Chen et al. 2021): 1 - C(n-c, k) / C(n, k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i)\n"
             "  n %d, c %d, k %d -> %.4f (1 when n - c < k)\n",
             z, 100 * p->set.confidence, p->set.accuracy, p->set.n, p->wilson.low,
             p->wilson.high, p->wald.low, p->wald.high, p->set.margin, p->need, p->two.z,
             p->two.p, p->set.only_a, p->set.only_b, p->mc.p_exact, p->mc.chi2, p->mc.p_chi2,
             p->pks.n, p->pks.c, p->pks.k, p->passk);
}

static void open_why(EvPanel *p)
{
    char buf[3000];
    why_text(p, buf, sizeof buf);
    why_text_push(p->app, "why: the formulas with your numbers", buf);
}

static char *ev_export(const void *st)
{
    char buf[3000];
    why_text(st, buf, sizeof buf);
    return handout_from_why("Evals: intervals, sample size, comparisons, pass@k", buf);
}

/* The engine calls per change: intervals, sample size, comparison, pass@k and its curve. */
static void recompute(EvPanel *p)
{
    const EvalsSettings *s = &p->set;
    long long n = s->n, c = llround(s->accuracy * (double)n),
              c2 = llround(s->accuracy2 * (double)n);
    RError err;
    rerror_clear(&err);
    p->ok = evals_wilson(c, n, s->confidence, &p->wilson, &err) == 0 &&
            evals_wald(c, n, s->confidence, &p->wald, &err) == 0 &&
            evals_wilson(c2, n, s->confidence, &p->wilson_b, &err) == 0 &&
            evals_sample_size(s->accuracy, s->margin, s->confidence, &p->need, &err) == 0 &&
            evals_two_proportion(c, n, c2, n, s->confidence, &p->two, &err) == 0 &&
            evals_mcnemar(s->only_a, s->only_b, &p->mc, &err) == 0 &&
            evals_pass_at_k(p->pks.n, p->pks.c, p->pks.k, &p->passk, &err) == 0;
    if (!p->ok)
        rerror_format(&err, p->error, sizeof p->error);
    p->passk_naive = 1 - pow(1 - (double)p->pks.c / p->pks.n, p->pks.k);
    for (int i = 0; i < 60; i++) { /* Wilson half-width at A against n, 10 .. 1e6 */
        EvalsInterval ci;
        double nn = round(10 * pow(1e5, i / 59.0));
        p->hx[i] = nn;
        p->hy[i] = evals_wilson(llround(s->accuracy * nn), (long long)nn, s->confidence, &ci,
                                NULL) == 0
                       ? 100 * (ci.high - ci.low) / 2
                       : NAN;
    }
    p->nk = 0;
    for (long long k = 1; k <= p->pks.n && p->nk < EV_PASSK_PTS; k++) {
        if (k > 50 && p->nk && (double)k < p->kx[p->nk - 1] * 1.05)
            continue; /* every k up to 50, then log-spaced */
        p->kx[p->nk] = (double)k;
        evals_pass_at_k(p->pks.n, p->pks.c, k, &p->ky[p->nk], NULL);
        p->nk++;
    }
}

static void start_live(EvPanel *p)
{
    live_eval_free(p->live);
    p->live = NULL;
    if (p->have_tools)
        live_tools_free(&p->tools);
    p->have_tools = false;
    char qrels[4200], tools[4200], glove[4200], msg[700];
    snprintf(qrels, sizeof qrels, "%s/evals/notes_qrels.yaml", app_content_dir(p->app));
    snprintf(tools, sizeof tools, "%s/evals/tool_calls.yaml", app_content_dir(p->app));
    snprintf(glove, sizeof glove, "%s/glove", app_content_dir(p->app));
    RError err;
    rerror_clear(&err);
    if (live_eval_new(app_notes_dir(p->app), app_content_dir(p->app), qrels, glove, &p->live, &err) != 0) {
        rerror_format(&err, msg, sizeof msg);
        app_status(p->app, STATUS_ERROR, "evals: %s", msg);
        return;
    }
    if (live_tools_run(app_content_dir(p->app), tools, &p->tools, &err) == 0) {
        p->have_tools = true;
    } else {
        rerror_format(&err, msg, sizeof msg);
        app_status(p->app, STATUS_WARN, "evals: tool-call eval skipped: %s", msg);
    }
    p->running = true;
    p->view = EV_VIEW_LIVE;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Queries for up to 30 ms per tick (ticks come every 200 ms when no key arrives), so keys
 * keep their answer time and the progress bar moves. */
static bool ev_tick(void *st)
{
    EvPanel *p = st;
    if (!p->running || !p->live)
        return false;
    RError err;
    rerror_clear(&err);
    int rc = 0;
    for (double t0 = now_s(); rc == 0 && now_s() - t0 < 0.03;)
        rc = live_eval_step(p->live, 1, &err);
    if (rc != 0) {
        p->running = false;
        if (rc < 0) {
            char msg[700];
            rerror_format(&err, msg, sizeof msg);
            app_status(p->app, STATUS_ERROR, "evals: %s", msg);
        }
    }
    return true;
}

/* A slider bound to its setting's spec (range narrowed to [lo, hi]). */
static Slider bound(const ParamSpec *sp, const char *label, double lo, double hi, double step,
                    bool log_scale, SliderFormat fmt)
{
    Slider s = {.label = label, .unit = sp->unit, .step = step, .log = log_scale, .format = fmt};
    slider_bind(&s, sp, lo, hi);
    return s;
}

static void init_sliders(EvPanel *p)
{
#define CI(i) param_find(&evals_params, CI_SPEC[i])
#define PK(i) param_find(&passk_params, PK_SPEC[i])
    p->sl[EC_N] = bound(CI(EC_N), "n items", 10, 1e6, 1.25, true, SLIDER_INT);
    p->sl[EC_ACC] = bound(CI(EC_ACC), "acc A", 0, 1, 0.01, false, SLIDER_PERCENT);
    p->sl[EC_ACC2] = bound(CI(EC_ACC2), "acc B", 0, 1, 0.01, false, SLIDER_PERCENT);
    p->sl[EC_ONLY_A] = bound(CI(EC_ONLY_A), "only A", 0, 1000, 1, false, SLIDER_INT);
    p->sl[EC_ONLY_B] = bound(CI(EC_ONLY_B), "only B", 0, 1000, 1, false, SLIDER_INT);
    p->sl[EC_MARGIN] = bound(CI(EC_MARGIN), "margin", 0.005, 0.2, 0.005, false, SLIDER_PERCENT);
    p->sl[EC_CONF] = bound(CI(EC_CONF), "conf", 0.8, 0.99, 0.01, false, SLIDER_PERCENT);
    p->pk[EP_N] = bound(PK(EP_N), "n samples", 1, 1000, 1.25, true, SLIDER_INT);
    p->pk[EP_C] = bound(PK(EP_C), "c correct", 0, 1000, 1, false, SLIDER_INT);
    p->pk[EP_K] = bound(PK(EP_K), "k", 1, 1000, 1, false, SLIDER_INT);
#undef CI
#undef PK
}

/* Takes the pane's own words out of a pairs string: view=…, a card's name, run. The rest goes
 * to evals_params, or to passk_params with view=passk. Returns false on a bad view. */
static bool take_words(EvPanel *p, char *text, int *view, int *card, bool *run)
{
    *view = *card = -1;
    *run = false;
    char *save = NULL, copy[1024];
    snprintf(copy, sizeof copy, "%s", text);
    text[0] = '\0';
    size_t used = 0;
    for (char *w = strtok_r(copy, " ,&?", &save); w; w = strtok_r(NULL, " ,&?", &save)) {
        const BenchCard *c = strchr(w, '=') ? NULL : bench_cards_find(&p->cards, w);
        if (strncmp(w, "view=", 5) == 0) {
            for (int k = 0; k < EV_VIEW_COUNT; k++)
                if (strcmp(w + 5, VIEWS[k]) == 0)
                    *view = k;
            if (*view < 0)
                return false;
        } else if (strcmp(w, "run") == 0) {
            *run = true;
        } else if (c) {
            *card = (int)(c - p->cards.items);
        } else {
            used += (size_t)snprintf(text + used, 1024 - used, "%s ", w);
        }
    }
    return true;
}

/* `:pane evals n=198 accuracy=0.5`, `:pane evals view=passk n=200 c=10 k=10`,
 * `:pane evals GPQA`, `:pane evals view=live run`. All or nothing. */
static bool ev_open(void *st, const char *arg)
{
    EvPanel *p = st;
    if (!arg || !*arg)
        return true;
    char rest[1024];
    snprintf(rest, sizeof rest, "%s", arg);
    int view, card;
    bool run;
    EvalsSettings next = p->set;
    PasskSettings nextk = p->pks;
    RError err;
    rerror_clear(&err);
    bool ok = take_words(p, rest, &view, &card, &run);
    if (!ok)
        snprintf(err.msg, sizeof err.msg, "view: expected ci, passk, cards or live");
    else if (view == EV_VIEW_PASSK)
        ok = param_parse_pairs(&passk_params, NULL, rest, &nextk, NULL, &err) == 0;
    else
        ok = param_parse_pairs(&evals_params, NULL, rest, &next, NULL, &err) == 0;
    if (ok && (nextk.c > nextk.n || nextk.k > nextk.n)) {
        ok = false;
        snprintf(err.msg, sizeof err.msg, "c and k must be at most n (%d)", nextk.n);
    }
    char msg[200] = "";
    for (int i = 0; ok && i < EC_COUNT; i++)
        if (slider_refuses(&p->sl[i], param_find(&evals_params, CI_SPEC[i]), &next, "evals", msg,
                           sizeof msg))
            ok = false;
    /* c and k are bounded by n (checked above); n by its slider */
    if (ok && slider_refuses(&p->pk[EP_N], param_find(&passk_params, "n"), &nextk, "evals passk",
                             msg, sizeof msg))
        ok = false;
    if (!ok) {
        app_status(p->app, STATUS_WARN, "evals: %s; nothing changed", msg[0] ? msg : err.msg);
        return false;
    }
    p->set = next;
    p->pks = nextk;
    if (card >= 0) {
        p->card = card;
        p->view = EV_VIEW_CARDS;
    }
    if (view >= 0)
        p->view = view;
    sync_sliders(p);
    recompute(p);
    if (run)
        start_live(p);
    return true;
}

static void ev_save(const void *st, cJSON *state)
{
    const EvPanel *p = st;
    param_to_json(&evals_params, &p->set, state);
    cJSON_DeleteItemFromObject(state, "passk");
    cJSON *pk = cJSON_AddObjectToObject(state, "passk");
    if (pk)
        param_to_json(&passk_params, &p->pks, pk);
    cJSON_DeleteItemFromObject(state, "view");
    cJSON_AddStringToObject(state, "view", VIEWS[p->view == EV_VIEW_LIVE ? EV_VIEW_CI : p->view]);
    cJSON_DeleteItemFromObject(state, "card");
    if (p->cards.n)
        cJSON_AddStringToObject(state, "card", p->cards.items[p->card].name);
}

static void *ev_create(App *app, const cJSON *saved)
{
    EvPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    char path[4200], msg[700];
    RError err;
    snprintf(path, sizeof path, "%s/benchmarks.yaml", app_content_dir(app));
    if (bench_cards_load(path, &p->cards, &err) != 0) {
        rerror_format(&err, msg, sizeof msg);
        app_status(app, STATUS_WARN, "evals: no benchmark cards (%s)", msg);
    }
    param_defaults(&evals_params, &p->set);
    param_defaults(&passk_params, &p->pks);
    param_from_json(&evals_params, NULL, saved, &p->set, false, NULL, &err);
    param_from_json(&passk_params, NULL, cJSON_GetObjectItemCaseSensitive(saved, "passk"),
                    &p->pks, false, NULL, &err);
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(saved, "view");
    for (int k = 0; k < EV_VIEW_COUNT; k++)
        if (cJSON_IsString(it) && strcmp(it->valuestring, VIEWS[k]) == 0)
            p->view = k;
    it = cJSON_GetObjectItemCaseSensitive(saved, "card");
    if (cJSON_IsString(it) && bench_cards_find(&p->cards, it->valuestring))
        p->card = (int)(bench_cards_find(&p->cards, it->valuestring) - p->cards.items);
    init_sliders(p);
    sync_sliders(p);
    recompute(p);
    return p;
}

static void ev_destroy(void *st)
{
    EvPanel *p = st;
    if (!p)
        return;
    bench_cards_free(&p->cards);
    live_eval_free(p->live);
    if (p->have_tools)
        live_tools_free(&p->tools);
    free(p);
}

static void ev_resize(void *st, Rect area)
{
    EvPanel *p = st;
    p->area = area;
    Rect r = rect_inset(area, 0, 1);
    r.h -= 1; /* the footer */
    int cw = r.w >= 120 ? 46 : r.w >= 100 ? 42 : 36;
    Rect top = rect_take_top(&r, EC_COUNT);
    p->controls = rect_take_left(&top, cw);
    rect_take_left(&top, 2);
    p->figures = top;
    rect_take_top(&r, 1);
    p->bottom = r;
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

/* A slider of the interval or pass@k view moved: store it in the settings. */
static void slider_moved(EvPanel *p)
{
    if (p->view == EV_VIEW_CI) {
        param_set(param_find(&evals_params, CI_SPEC[p->focus]), &p->set, p->sl[p->focus].value);
    } else {
        param_set(param_find(&passk_params, PK_SPEC[p->focus]), &p->pks, p->pk[p->focus].value);
        sync_sliders(p); /* n bounds c and k */
    }
}

static PaneResult ev_key(void *st, const KeyEvent *ev)
{
    EvPanel *p = st;
    int n = nctl(p);
    int *sel = p->view == EV_VIEW_CARDS ? &p->card : p->view == EV_VIEW_LIVE ? &p->live_sel
                                                                               : &p->focus;
    switch (keymap_action(ev_keys, sizeof ev_keys / sizeof ev_keys[0], ev)) {
    case ACT_UP:
        if (n > 0)
            *sel = (*sel + n - 1) % n;
        return PANE_HANDLED;
    case ACT_DOWN:
        if (n > 0)
            *sel = (*sel + 1) % n;
        return PANE_HANDLED;
    case ACT_VIEW:
        p->view = (p->view + 1) % EV_VIEW_COUNT;
        p->focus = 0;
        return PANE_HANDLED;
    case ACT_RUN: start_live(p); return PANE_HANDLED;
    case ACT_WHY: open_why(p); return PANE_HANDLED;
    default: break;
    }
    int dir = pane_change_dir(ev);
    if (!dir)
        return PANE_IGNORED;
    bool right = dir > 0;
    if (p->view == EV_VIEW_CI && p->focus == EC_CONF) { /* snaps to 80, 90, 95, 99 % */
        int k = 0;
        for (int i = 0; i < 4; i++)
            if (fabs(CONF[i] - p->set.confidence) < 1e-9)
                k = i;
        p->set.confidence = CONF[(k + (right ? 1 : 3)) % 4];
        sync_sliders(p);
    } else if (p->view == EV_VIEW_CI || p->view == EV_VIEW_PASSK) {
        Slider *s = p->view == EV_VIEW_CI ? &p->sl[p->focus] : &p->pk[p->focus];
        if (!slider_key(s, ev))
            return PANE_HANDLED;
        slider_moved(p);
    } else {
        return PANE_HANDLED;
    }
    recompute(p);
    return PANE_HANDLED | PANE_CHANGED;
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
    .headline = evals_panel_headline,
    .export = ev_export,
    .save = ev_save,
    .tick = ev_tick,
};
