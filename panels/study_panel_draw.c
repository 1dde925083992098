/* The Study pane's text (built on change) and drawing (reads only). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "panels/study_panel.h"
#include "tui/barchart.h"
#include "tui/text.h"

static void para(StudyPanel *p, const char *s, Style style, int width)
{
    Wrapper wr;
    wrap_begin(&wr, &p->text, width, 0, 0, 0);
    wrap_add(&wr, s, strlen(s), style);
    wrap_end(&wr);
}

static void blank(StudyPanel *p)
{
    lines_new(&p->text, 0, 0);
}

static void build_forecast(StudyPanel *p)
{
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    size_t n = (size_t)snprintf(p->forecast_line, sizeof p->forecast_line, "Next 7 days:");
    for (int d = 0; d < STUDY_FORECAST_DAYS; d++) {
        time_t t = (time_t)(p->today + 1 + d) * 86400;
        struct tm tm;
        gmtime_r(&t, &tm);
        snprintf(p->day_label[d], sizeof p->day_label[d], "%s %02d", wd[tm.tm_wday], tm.tm_mday);
        snprintf(p->day_text[d], sizeof p->day_text[d], "%d", p->forecast[d]);
        if (n < sizeof p->forecast_line)
            n += (size_t)snprintf(p->forecast_line + n, sizeof p->forecast_line - n, "  %s %d",
                                  wd[tm.tm_wday], p->forecast[d]);
    }
}

static void build_review(StudyPanel *p, int width)
{
    size_t done = 0;
    for (int g = 0; g < 4; g++)
        done += (size_t)p->graded[g];
    snprintf(p->header, sizeof p->header,
             "Due today: %zu review%s + %zu new   Session: %zu done   Retention %.2f",
             p->nreview, p->nreview == 1 ? "" : "s", p->nnew, done, p->set.retention);
    if (p->problem[0]) {
        para(p, "No flashcards to study:", STYLE(TH_WARN), width);
        para(p, p->problem, STYLE(TH_NORMAL), width);
        blank(p);
        para(p, "The cards live in content/cards.yaml (see README, \"Study\"). z still starts a "
                "quiz on a note.", STYLE(TH_DIM), width);
        return;
    }
    if (p->current < 0) {
        para(p, done ? "Session complete: nothing more is due today." : "Nothing is due today.",
             STYLE(TH_HEADING), width);
        blank(p);
        char buf[256];
        snprintf(buf, sizeof buf, "This session: %zu card%s. again %d, hard %d, good %d, easy %d.",
                 done, done == 1 ? "" : "s", p->graded[0], p->graded[1], p->graded[2],
                 p->graded[3]);
        para(p, buf, STYLE(TH_VALUE), width);
        if (done) {
            snprintf(buf, sizeof buf, "Recalled %zu of %zu (%.0f%%).", done - (size_t)p->graded[0],
                     done, 100.0 * (double)(done - (size_t)p->graded[0]) / (double)done);
            para(p, buf, STYLE(TH_NORMAL), width);
        }
        blank(p);
        snprintf(buf, sizeof buf, "Tomorrow: %d review%s due. z starts a quiz on a note.",
                 p->forecast[0], p->forecast[0] == 1 ? "" : "s");
        para(p, buf, STYLE(TH_DIM), width);
        return;
    }
    const Card *c = &p->deck.items[p->current];
    const CardState *cs = schedule_find(&p->sched, c->id);
    char meta[200];
    if (!cs)
        snprintf(meta, sizeof meta, "%s  %s  new card", c->topic, c->id);
    else if (cs->due_day <= p->today)
        snprintf(meta, sizeof meta, "%s  %s  review %d, due %d day%s ago", c->topic, c->id,
                 cs->reps + 1, p->today - cs->due_day, p->today - cs->due_day == 1 ? "" : "s");
    else
        snprintf(meta, sizeof meta, "%s  %s  not due for %d days (early review)", c->topic, c->id,
                 cs->due_day - p->today);
    para(p, meta, STYLE(TH_DIM), width);
    blank(p);
    para(p, c->q, STYLE(TH_STRONG), width);
    blank(p);
    if (!p->revealed) {
        para(p, "Space shows the answer.", STYLE(TH_DIM), width);
        return;
    }
    para(p, c->a, STYLE(TH_NORMAL), width);
    blank(p);
    char from[300], file[256];
    const char *heading = "";
    if (cards_note_split(c->note, file, sizeof file, &heading) != 0)
        snprintf(file, sizeof file, "%s", c->note);
    snprintf(from, sizeof from, "From %s, section \"%s\" (o opens it)", file, heading);
    para(p, from, STYLE(TH_LINK), width);
    for (int g = 0; g < 4; g++) {
        char lab[16];
        fsrs_interval_label(p->buttons[g].interval, lab, sizeof lab);
        snprintf(p->button_label[g], sizeof p->button_label[g], "%s %s", fsrs_grade_name(g + 1),
                 lab);
    }
}

static void build_quiz(StudyPanel *p, int width)
{
    const Quiz *q = &p->quiz;
    size_t right, answered;
    quiz_score(q, &right, &answered);
    snprintf(p->header, sizeof p->header, "Quiz: %s   %zu of %zu   Score: %zu / %zu", q->note,
             p->qpos < q->count ? p->qpos + 1 : q->count, q->count, right, answered);
    char buf[512];
    if (p->qpos >= q->count) {
        snprintf(buf, sizeof buf, "Quiz done: %zu of %zu right (%.0f%%).", right, q->count,
                 q->count ? 100.0 * (double)right / (double)q->count : 0.0);
        para(p, buf, STYLE(TH_HEADING), width);
        blank(p);
        bool any = false;
        for (size_t i = 0; i < q->count; i++)
            if (q->items[i].verdict < 0) {
                if (!any)
                    para(p, "To reread:", STYLE(TH_STRONG), width);
                any = true;
                snprintf(buf, sizeof buf, "- %s: %.70s", q->items[i].section[0]
                         ? q->items[i].section : q->note, q->items[i].question);
                para(p, buf, STYLE(TH_NORMAL), width);
            }
        blank(p);
        para(p, "Esc picks another note; r goes back to the cards.", STYLE(TH_DIM), width);
        return;
    }
    const QuizItem *it = &q->items[p->qpos];
    snprintf(buf, sizeof buf, "%s question, from %s", it->kind,
             it->section[0] ? it->section : q->note);
    para(p, buf, STYLE(TH_DIM), width);
    blank(p);
    para(p, it->question, STYLE(TH_STRONG), width);
    blank(p);
    if (!p->qrevealed) {
        para(p, "Space shows the answer.", STYLE(TH_DIM), width);
        return;
    }
    snprintf(buf, sizeof buf, "Answer: %s", it->answer);
    para(p, buf, STYLE(TH_NORMAL), width);
    blank(p);
    para(p, "Right (y) or wrong (n)?  o opens the section.", STYLE(TH_LINK), width);
}

void study_build(StudyPanel *p)
{
    lines_clear(&p->text);
    int width = p->body.w - 2; /* room for the scroll bar */
    if (width > 90)
        width = 90;
    if (width < 10)
        width = 10;
    build_forecast(p);
    if (p->mode == STUDY_REVIEW)
        build_review(p, width);
    else if (p->mode == STUDY_QUIZ && p->quiz_open)
        build_quiz(p, width);
    else
        snprintf(p->header, sizeof p->header, "Quiz: pick a note (Enter starts; left: your last score)");
    scroll_to(&p->sv, 0);
}

static void note_row(const void *ctx, int i, char *buf, size_t size, int *role)
{
    const StudyPanel *p = ctx;
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(p->scores, p->notes.items[i].name);
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(sc, "right");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(sc, "total");
    char last[32] = "";
    if (cJSON_IsNumber(r) && cJSON_IsNumber(t))
        snprintf(last, sizeof last, "%3.0f/%-3.0f", r->valuedouble, t->valuedouble);
    snprintf(buf, size, "%-7s  %-24s %s", last, p->notes.items[i].name, p->notes.items[i].title);
    *role = TH_NORMAL;
}

static const char *footer(const StudyPanel *p)
{
    if (p->mode == STUDY_QUIZ_PICK)
        return "Up/Down choose  Enter start quiz  r cards  ? keys";
    if (p->mode == STUDY_QUIZ)
        return p->qpos < p->quiz.count
                   ? (p->qrevealed ? "y right  n wrong  o section  Esc notes  r cards  ? keys"
                                   : "Space answer  o section  Esc notes  r cards  ? keys")
                   : "Esc notes  r cards  ? keys";
    if (p->current >= 0 && p->revealed)
        return "1 again  2 hard  3 good  4 easy  o note  z quiz  ? keys";
    return p->current >= 0 ? "Space answer  o note  z quiz  ? keys" : "z quiz  ? keys";
}

static void draw_buttons(const StudyPanel *p, WINDOW *w, int y, int x, int maxw)
{
    int used = 0;
    for (int g = 0; g < 4 && used < maxw; g++) {
        char key[4];
        snprintf(key, sizeof key, "%d", g + 1);
        used += text_draw(w, y, x + used, maxw - used, theme_attr(TH_KEY), key, (size_t)-1);
        used += text_draw(w, y, x + used, maxw - used, theme_attr(TH_NORMAL), " ", 1);
        used += text_draw(w, y, x + used, maxw - used,
                          theme_attr(g == 0 ? TH_BAD : g == 2 ? TH_GOOD : TH_VALUE),
                          p->button_label[g], (size_t)-1);
        used += text_draw(w, y, x + used, maxw - used, theme_attr(TH_NORMAL), "    ", 4);
    }
}

void study_draw(const void *st, WINDOW *w, Rect area)
{
    const StudyPanel *p = st;
    Rect r = rect_inset(area, 0, 1);
    text_draw(w, r.y, r.x, r.w, theme_attr(TH_TITLE), p->header, (size_t)-1);
    if (p->mode == STUDY_QUIZ_PICK)
        list_draw(&p->note_list, w, p->body, note_row, p, true);
    else
        scroll_draw(&p->sv, w, p->body, NULL, 0, -1);
    int bottom = r.y + r.h - 1;
    if (p->mode == STUDY_REVIEW && p->current >= 0 && p->revealed) {
        /* Right under the answer when it fits, else in the row kept for them. */
        long below = (long)p->body.y + (long)p->text.count + 1 - (long)p->sv.top;
        draw_buttons(p, w, below < bottom - 2 ? (int)below : bottom - 2, r.x, r.w);
    }
    if (p->mode == STUDY_REVIEW && !p->problem[0]) {
        if (!rect_empty(p->side)) {
            Rect s = p->side;
            s.x += 2;
            s.w -= 2;
            text_draw(w, s.y, s.x, s.w, theme_attr(TH_HEADING), "Next 7 days", (size_t)-1);
            Bar bars[STUDY_FORECAST_DAYS];
            for (int d = 0; d < STUDY_FORECAST_DAYS; d++)
                bars[d] = (Bar){p->day_label[d], p->forecast[d], p->day_text[d], TH_SERIES1};
            Rect b = rect_make(s.y + 2, s.x, STUDY_FORECAST_DAYS, s.w);
            barchart_draw(w, b, bars, STUDY_FORECAST_DAYS, 0, 7);
        } else {
            text_draw(w, p->body.y + p->body.h + 1, r.x, r.w, theme_attr(TH_DIM),
                      p->forecast_line, (size_t)-1);
        }
    }
    text_draw(w, bottom, r.x, r.w, theme_attr(TH_DIM), footer(p), (size_t)-1);
}
