/* The Study pane: state and keys. Review: Space shows the answer, 1-4 grade it (each button
 * shows the next interval, as Anki does) and the schedule is saved at once, atomically.
 * Quiz (z): pick a note, answer its questions, mark each right or wrong, jump to its section. */
#include "panels/study_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/figure/check.h"
#include "engine/state.h"
#include "panels/registry.h"
#include "tui/xalloc.h"

enum {
    ACT_REVEAL = 1,
    ACT_AGAIN,
    ACT_HARD,
    ACT_GOOD,
    ACT_EASY,
    ACT_OPEN_NOTE,
    ACT_QUIZ,
    ACT_REVIEW,
    ACT_RIGHT,
    ACT_WRONG,
    ACT_START,
    ACT_BACK,
};

static const KeyBinding study_keys[] = {
    {' ', false, ACT_REVEAL, "Space", "show the answer"},
    {'1', false, ACT_AGAIN, "1", "again: forgot it (review again tomorrow)"},
    {'2', false, ACT_HARD, "2", "hard: recalled with effort"},
    {'3', false, ACT_GOOD, "3", "good: recalled"},
    {'4', false, ACT_EASY, "4", "easy: recalled at once"},
    {'o', false, ACT_OPEN_NOTE, "o", "open the note section the card or question comes from"},
    {'z', false, ACT_QUIZ, "z", "quiz on a note: its cloze and why questions and its cards"},
    {'r', false, ACT_REVIEW, "r", "back to the cards due today"},
    {'y', false, ACT_RIGHT, "y", "quiz: I got it right"},
    {'n', false, ACT_WRONG, "n", "quiz: I got it wrong"},
    {'\n', false, ACT_START, "Enter", "quiz: start on the selected note"},
    {'\r', false, ACT_START, NULL, NULL},
    {KEY_ENTER, true, ACT_START, NULL, NULL},
    {KEY_ESC, false, ACT_BACK, "Esc", "quiz: back to the list of notes"},
};

/* RAMPUP_TODAY=YYYY-MM-DD pins the study day (tests; a day's session after midnight). */
static int today_of(void)
{
    const char *env = getenv("RAMPUP_TODAY");
    int d = env ? study_day_parse(env) : -1;
    return d >= 0 ? d : study_day_of(time(NULL));
}

static void refresh_queue(StudyPanel *p)
{
    p->nqueue = study_queue(&p->deck, &p->sched, p->today, p->set.new_per_day, p->queue,
                            p->deck.count, &p->nreview, &p->nnew);
    study_forecast(&p->deck, &p->sched, p->today + 1, STUDY_FORECAST_DAYS, p->forecast);
    p->current = p->nqueue ? (long)p->queue[0] : -1;
    p->revealed = false;
    if (p->current >= 0)
        schedule_preview(&p->sched, &p->params, p->deck.items[p->current].id, p->today,
                         p->buttons);
}

static void load(StudyPanel *p)
{
    p->loaded = true;
    study_fsrs_params(&p->set, &p->params);
    p->today = today_of();
    char path[4096];
    snprintf(path, sizeof path, "%s/cards.yaml", app_content_dir(p->app));
    RError err;
    if (cards_load(path, &p->deck, &err) != 0) {
        rerror_format(&err, p->problem, sizeof p->problem);
        app_status(p->app, STATUS_ERROR, "%s", p->problem);
    }
    FigureCtx *fig; /* live figures in answers, as in notes */
    if (p->deck.count && figure_ctx_new(app_content_dir(p->app), &fig, &err) == 0) {
        figure_expand_cards(fig, &p->deck, &err);
        figure_ctx_free(fig);
    }
    if (state_dir(p->state_dir, sizeof p->state_dir) < 0)
        p->state_dir[0] = '\0';
    char warning[1024] = "";
    if (p->state_dir[0] &&
        schedule_load(p->state_dir, &p->sched, warning, sizeof warning, &err) != 0) {
        char buf[700];
        rerror_format(&err, buf, sizeof buf);
        app_status(p->app, STATUS_ERROR, "%s; progress will not be saved", buf);
        p->state_dir[0] = '\0';
    } else if (warning[0]) {
        app_status(p->app, STATUS_WARN, "%s", warning);
    }
    p->queue = xcalloc(p->deck.count ? p->deck.count : 1, sizeof *p->queue);
    if (notes_list(app_notes_dir(p->app), &p->notes, &err) != 0)
        memset(&p->notes, 0, sizeof p->notes);
    list_init(&p->note_list, (int)p->notes.count);
    refresh_queue(p);
}

static void *study_create(App *app, const cJSON *saved)
{
    StudyPanel *p = xcalloc(1, sizeof *p);
    p->app = app;
    /* The settings; the schedule has its own file, saved after every grade. */
    param_defaults(&study_params, &p->set);
    RError err;
    if (param_from_json(&study_params, NULL, saved, &p->set, false, NULL, &err) != 0)
        app_status(app, STATUS_WARN, "study settings: %s", err.msg);
    const cJSON *scores = cJSON_GetObjectItemCaseSensitive(saved, "quiz");
    p->scores = cJSON_IsObject(scores) ? cJSON_Duplicate(scores, true) : cJSON_CreateObject();
    p->current = -1;
    lines_init(&p->text);
    scroll_init(&p->sv, &p->text);
    return p;
}

static void study_destroy(void *st)
{
    StudyPanel *p = st;
    if (!p)
        return;
    cards_free(&p->deck);
    schedule_free(&p->sched);
    notes_list_free(&p->notes);
    quiz_free(&p->quiz);
    lines_free(&p->text);
    cJSON_Delete(p->scores);
    free(p->queue);
    free(p);
}

static void layout(StudyPanel *p)
{
    Rect r = rect_inset(p->area, 0, 1);
    rect_take_top(&r, 2);    /* header and a gap */
    rect_take_bottom(&r, 1); /* footer */
    rect_take_bottom(&r, 2); /* buttons and a gap */
    p->side = rect_make(0, 0, 0, 0);
    if (r.w >= 100) { /* text at a readable measure, the forecast beside it */
        int main_w = r.w - 30 < 92 ? r.w - 30 : 92;
        p->side = rect_make(r.y, r.x + main_w + 2, r.h, 28);
        r.w = main_w;
    } else
        rect_take_bottom(&r, 2); /* the one-line forecast */
    p->body = r;
    list_place(&p->note_list, r);
}

static void rebuild(StudyPanel *p)
{
    study_build(p);
    scroll_place(&p->sv, p->body.h);
}

static void study_resize(void *st, Rect area)
{
    StudyPanel *p = st;
    p->area = area;
    layout(p);
    if (!p->loaded)
        load(p);
    rebuild(p);
}

static void study_show(void *st)
{
    StudyPanel *p = st;
    if (!p->loaded)
        load(p);
    int today = today_of();
    if (today != p->today) { /* past midnight: a new day's cards */
        p->today = today;
        refresh_queue(p);
    }
    if (!rect_empty(p->area))
        rebuild(p);
}

static void grade(StudyPanel *p, int g)
{
    if (p->current < 0 || !p->revealed)
        return;
    const Card *c = &p->deck.items[p->current];
    RError err;
    FsrsOutcome out;
    if (schedule_review(&p->sched, &p->params, c->id, g, p->today, &out, &err) != 0) {
        char buf[700];
        rerror_format(&err, buf, sizeof buf);
        app_status(p->app, STATUS_ERROR, "%s", buf);
        return;
    }
    if (p->state_dir[0] && schedule_save(p->state_dir, &p->sched, &err) != 0) {
        char buf[700];
        rerror_format(&err, buf, sizeof buf);
        app_status(p->app, STATUS_ERROR, "progress not saved: %s", buf);
    }
    p->graded[g - 1]++;
    char lab[16];
    fsrs_interval_label(out.interval, lab, sizeof lab);
    app_status(p->app, STATUS_INFO, "%s: %s, next review in %s", c->id, fsrs_grade_name(g), lab);
    refresh_queue(p);
}

static void open_section(StudyPanel *p)
{
    char target[512];
    if (p->mode == STUDY_QUIZ && p->quiz_open && p->qpos < p->quiz.count)
        quiz_item_target(&p->quiz, p->qpos, target, sizeof target);
    else if (p->mode == STUDY_REVIEW && p->current >= 0)
        snprintf(target, sizeof target, "%s", p->deck.items[p->current].note);
    else
        return;
    app_open_pane(p->app, "notes", target);
}

static bool start_quiz(StudyPanel *p, const char *note)
{
    quiz_free(&p->quiz);
    p->quiz_open = false;
    RError err;
    if (quiz_build(app_notes_dir(p->app), app_content_dir(p->app), note, &p->deck, &p->quiz, &err) != 0) {
        char buf[700];
        rerror_format(&err, buf, sizeof buf);
        app_status(p->app, STATUS_ERROR, "%s", buf);
        return false;
    }
    p->quiz_open = true;
    p->qpos = 0;
    p->qrevealed = false;
    p->mode = STUDY_QUIZ;
    return true;
}

static bool quiz_key(StudyPanel *p, int act)
{
    if (act == ACT_BACK) {
        p->mode = STUDY_QUIZ_PICK;
        return true;
    }
    if (!p->quiz_open || p->qpos >= p->quiz.count)
        return false;
    if (act == ACT_REVEAL) {
        p->qrevealed = true;
        return true;
    }
    if ((act == ACT_RIGHT || act == ACT_WRONG) && p->qrevealed) {
        p->quiz.items[p->qpos].verdict = act == ACT_RIGHT ? 1 : -1;
        p->qpos++;
        p->qrevealed = false;
        if (p->qpos == p->quiz.count && p->scores) { /* kept for the list of notes */
            size_t right, answered;
            quiz_score(&p->quiz, &right, &answered);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "right", (double)right);
            cJSON_AddNumberToObject(o, "total", (double)p->quiz.count);
            cJSON_DeleteItemFromObjectCaseSensitive(p->scores, p->quiz.note);
            cJSON_AddItemToObject(p->scores, p->quiz.note, o);
        }
        return true;
    }
    return false;
}

static PaneResult study_key(void *st, const KeyEvent *ev)
{
    StudyPanel *p = st;
    int act = keymap_action(study_keys, sizeof study_keys / sizeof study_keys[0], ev);
    bool used = false;
    if (act == ACT_QUIZ) {
        p->mode = p->quiz_open ? STUDY_QUIZ : STUDY_QUIZ_PICK;
        used = true;
    } else if (act == ACT_REVIEW) {
        p->mode = STUDY_REVIEW;
        used = true;
    } else if (act == ACT_OPEN_NOTE) {
        open_section(p);
        return PANE_HANDLED;
    } else if (p->mode == STUDY_REVIEW) {
        if (act == ACT_REVEAL && p->current >= 0) {
            p->revealed = true;
            used = true;
        } else if (act >= ACT_AGAIN && act <= ACT_EASY && p->current >= 0) {
            /* While a card is on show, 1-4 grade it rather than switch panes. */
            if (p->revealed)
                grade(p, act - ACT_AGAIN + 1);
            else
                app_status(p->app, STATUS_INFO, "Space shows the answer; then grade it 1-4");
            used = true;
        }
    } else if (p->mode == STUDY_QUIZ_PICK) {
        if (act == ACT_START && p->note_list.sel >= 0)
            used = start_quiz(p, p->notes.items[p->note_list.sel].name) || true;
        else if (list_key(&p->note_list, ev))
            return PANE_HANDLED; /* the list redraws itself from its own state */
    } else {
        used = quiz_key(p, act);
    }
    if (used) {
        rebuild(p);
        return PANE_HANDLED;
    }
    return scroll_key(&p->sv, ev) ? PANE_HANDLED : PANE_IGNORED;
}

/* `:pane study quiz rag.md`, `:pane study card kv-001` (a search hit), `:pane study review`,
 * `:pane study retention=0.85 new_per_day=10` (settings). */
static bool study_open(void *st, const char *arg)
{
    StudyPanel *p = st;
    if (!p->loaded)
        load(p);
    char word[32] = "", rest[256] = "";
    sscanf(arg, "%31s %255[^\n]", word, rest);
    bool ok = true;
    RError err;
    if (strchr(word, '=')) {
        if (param_parse_pairs(&study_params, NULL, arg, &p->set, NULL, &err) != 0) {
            app_status(p->app, STATUS_ERROR, "%s", err.msg);
            ok = false;
        } else {
            study_fsrs_params(&p->set, &p->params);
            refresh_queue(p);
            p->mode = STUDY_REVIEW;
        }
    } else if (strcmp(word, "review") == 0) {
        p->mode = STUDY_REVIEW;
    } else if (strcmp(word, "quiz") == 0) {
        long i = rest[0] ? notes_find(&p->notes, rest) : -1;
        if (rest[0] && i < 0) {
            app_status(p->app, STATUS_ERROR, "no note called '%s'", rest);
            ok = false;
        } else if (i >= 0) {
            list_select(&p->note_list, (int)i);
            ok = start_quiz(p, p->notes.items[i].name);
        } else {
            p->mode = STUDY_QUIZ_PICK;
        }
    } else if (strcmp(word, "card") == 0) {
        long i = cards_find(&p->deck, rest);
        if (i < 0) {
            app_status(p->app, STATUS_ERROR, "no card '%s'", rest);
            ok = false;
        } else {
            p->mode = STUDY_REVIEW;
            p->current = i;
            p->revealed = false;
            schedule_preview(&p->sched, &p->params, p->deck.items[i].id, p->today, p->buttons);
        }
    } else {
        app_status(p->app, STATUS_ERROR,
                   "usage: :pane study review | quiz [NOTE] | card ID | retention=R new_per_day=N");
        ok = false;
    }
    if (!rect_empty(p->area))
        rebuild(p);
    return ok;
}

static void study_save(const void *st, cJSON *state)
{
    const StudyPanel *p = st;
    param_to_json(&study_params, &p->set, state);
    cJSON_DeleteItemFromObjectCaseSensitive(state, "quiz");
    if (p->scores)
        cJSON_AddItemToObject(state, "quiz", cJSON_Duplicate(p->scores, true));
}

const PanelClass study_panel = {
    .name = "study",
    .title = "Study",
    .summary = "flashcards on a spaced schedule (FSRS-6), quizzes on each note",
    .keys = study_keys,
    .nkeys = sizeof study_keys / sizeof study_keys[0],
    .create = study_create,
    .destroy = study_destroy,
    .resize = study_resize,
    .draw = study_draw,
    .key = study_key,
    .show = study_show,
    .open = study_open,
    .save = study_save,
};
