/* `rampup study [--due] [--json]`, `rampup study grade ID GRADE` and
 * `rampup study simulate --grades … --days … [--json]`: the flashcard schedule headless. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/figure/check.h"
#include "engine/state.h"
#include "engine/study/cards.h"
#include "engine/study/fsrs.h"
#include "engine/study/schedule.h"
#include "engine/study/study_params.h"

#define SIM_MAX 1000      /* reviews in one simulation */
#define SIM_DAY_MAX 1000000
#define FORECAST_DAYS 7

static int study_help(void)
{
    puts("usage: rampup study [--due] [--json] [--cards FILE] [--today YYYY-MM-DD] [OPTIONS]\n"
         "       rampup study grade ID again|hard|good|easy [--cards FILE] [--today YYYY-MM-DD]\n"
         "       rampup study simulate --grades G,G,… --days D,D,… [--retention R] [--json]\n"
         "\n"
         "study     cards due today (reviews and new cards), and the reviews due on each of\n"
         "          the next 7 days; --due lists the due cards with each button's next interval\n"
         "grade     records one review of a card, as the Study pane does, and saves it\n"
         "simulate  replays one new card's reviews (grade and day of each, days counted from\n"
         "          the first review) and prints per review its stability, difficulty and\n"
         "          next interval in days\n"
         "\n"
         "FSRS-6 with its default parameters, no fuzz and no same-day learning steps. Cards:\n"
         "--cards FILE, else <content>/cards.yaml. Schedule: $XDG_STATE_HOME/rampup/study/\n"
         "state.json.\n\noptions:");
    char opts[2048];
    param_usage(&study_params, opts, sizeof opts);
    fputs(opts, stdout);
    return CLI_OK;
}

/* "3,2,1" or "good,hard,again" into out; returns the count or -1. */
static int parse_list(const char *s, bool grades, int *out, int max)
{
    char buf[16384];
    if (strlen(s) >= sizeof buf)
        return -1;
    snprintf(buf, sizeof buf, "%s", s);
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n >= max)
            return -1;
        long long v;
        if (grades) {
            if (!(v = fsrs_grade_parse(tok)))
                return -1;
        } else if (!cli_parse_ll(tok, 0, SIM_DAY_MAX, &v)) {
            return -1;
        }
        out[n++] = (int)v;
    }
    return n;
}

static int simulate_cmd(int argc, char **argv)
{
    static int grades[SIM_MAX], days[SIM_MAX];
    int ng = -1, nd = -1;
    bool json = false;
    StudySettings set;
    param_defaults(&study_params, &set);
    for (int i = 2; i < argc; i++) {
        RError perr;
        int r = param_argv(&study_params, NULL, argc, argv, &i, &set, NULL, &perr);
        if (r < 0)
            return cli_usage("study", "%s", perr.msg);
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--grades") == 0 && i + 1 < argc) {
            if ((ng = parse_list(argv[++i], true, grades, SIM_MAX)) < 1)
                return cli_usage("study", "--grades takes up to %d of again, hard, good, easy "
                                 "(or 1-4), comma-separated", SIM_MAX);
        } else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            if ((nd = parse_list(argv[++i], false, days, SIM_MAX)) < 1)
                return cli_usage("study", "--days takes up to %d day numbers from 0 to %d, "
                                 "comma-separated", SIM_MAX, SIM_DAY_MAX);
        } else {
            return cli_usage("study", "unexpected argument '%s'", argv[i]);
        }
    }
    if (ng < 0)
        return cli_usage("study", "simulate needs --grades");
    if (nd < 0) { /* default: one review a day apart from the first */
        for (nd = 0; nd < ng; nd++)
            days[nd] = nd;
    }
    if (nd != ng)
        return cli_usage("study", "%d grades but %d days", ng, nd);
    FsrsParams p;
    study_fsrs_params(&set, &p);
    static FsrsOutcome out[SIM_MAX];
    RError err;
    if (fsrs_simulate(&p, grades, days, (size_t)ng, out, &err) != 0)
        return cli_fail_err(&err);
    if (json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "scheduler", "FSRS-6");
        cJSON_AddNumberToObject(root, "desired_retention", p.retention);
        cJSON *arr = cJSON_AddArrayToObject(root, "reviews");
        for (int i = 0; i < ng; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "day", days[i]);
            cJSON_AddStringToObject(o, "grade", fsrs_grade_name(grades[i]));
            cJSON_AddNumberToObject(o, "elapsed_days", i ? days[i] - days[i - 1] : 0);
            cJSON_AddNumberToObject(o, "stability", out[i].memory.stability);
            cJSON_AddNumberToObject(o, "difficulty", out[i].memory.difficulty);
            cJSON_AddNumberToObject(o, "interval", out[i].interval);
            cJSON_AddItemToArray(arr, o);
        }
        int rc = cli_json_print(root);
        cJSON_Delete(root);
        return rc;
    }
    printf("%-4s %-6s %-6s %11s %10s %9s\n", "#", "day", "grade", "stability", "difficulty",
           "interval");
    for (int i = 0; i < ng; i++)
        printf("%-4d %-6d %-6s %10.4fd %10.4f %8dd\n", i + 1, days[i], fsrs_grade_name(grades[i]),
               out[i].memory.stability, out[i].memory.difficulty, out[i].interval);
    return CLI_OK;
}

typedef struct StudyOpts {
    const char *cards;
    int today;
    bool due, json;
    StudySettings set;
} StudyOpts;

/* Options shared by the summary and grade: returns the index past them, or -1 (usage). */
static int common_opt(int argc, char **argv, int i, StudyOpts *o)
{
    if (strcmp(argv[i], "--cards") == 0 && i + 1 < argc) {
        o->cards = argv[i + 1];
        return i + 2;
    }
    if (strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
        if ((o->today = study_day_parse(argv[i + 1])) < 0)
            return -1;
        return i + 2;
    }
    return 0;
}

static int open_study(const CliEnv *env, const StudyOpts *o, CardDeck *deck, Schedule *s,
                      char *dir, size_t dsize)
{
    char path[4096];
    if (o->cards)
        snprintf(path, sizeof path, "%s", o->cards);
    else
        snprintf(path, sizeof path, "%s/cards.yaml", env->content_dir);
    RError err;
    if (cards_load(path, deck, &err) != 0)
        return cli_fail_err(&err);
    FigureCtx *fig; /* live figures in the cards, as the Study pane shows them */
    if (figure_ctx_new(env->content_dir, &fig, &err) == 0) {
        figure_expand_cards(fig, deck, &err);
        figure_ctx_free(fig);
    }
    if (state_dir(dir, dsize) < 0) {
        cards_free(deck);
        return cli_fail("neither XDG_STATE_HOME nor HOME is set: no schedule to read");
    }
    char warning[1024] = "";
    if (schedule_load(dir, s, warning, sizeof warning, &err) != 0) {
        cards_free(deck);
        return cli_fail_err(&err);
    }
    if (warning[0])
        fprintf(stderr, "rampup: warning: %s\n", warning);
    return CLI_OK;
}

static cJSON *card_json(const Card *c, const Schedule *s, const FsrsParams *p, int today)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", c->id);
    cJSON_AddStringToObject(o, "topic", c->topic);
    cJSON_AddStringToObject(o, "note", c->note);
    cJSON_AddStringToObject(o, "q", c->q);
    const CardState *st = schedule_find(s, c->id);
    cJSON_AddBoolToObject(o, "new", st == NULL);
    if (st) {
        cJSON_AddNumberToObject(o, "overdue_days", today - st->due_day);
        cJSON_AddNumberToObject(o, "stability", st->memory.stability);
        cJSON_AddNumberToObject(o, "difficulty", st->memory.difficulty);
    }
    FsrsOutcome b[4];
    schedule_preview(s, p, c->id, today, b);
    cJSON *btn = cJSON_AddObjectToObject(o, "next_interval");
    for (int g = 0; g < 4; g++)
        cJSON_AddNumberToObject(btn, fsrs_grade_name(g + 1), b[g].interval);
    return o;
}

static int summary_cmd(const CliEnv *env, const StudyOpts *o)
{
    CardDeck deck;
    Schedule s;
    char dir[4096];
    int rc = open_study(env, o, &deck, &s, dir, sizeof dir);
    if (rc != CLI_OK)
        return rc;
    FsrsParams p;
    study_fsrs_params(&o->set, &p);
    size_t *queue = malloc((deck.count ? deck.count : 1) * sizeof *queue);
    if (!queue) {
        cards_free(&deck);
        schedule_free(&s);
        return cli_fail("out of memory");
    }
    size_t nrev, nnew;
    size_t n = study_queue(&deck, &s, o->today, o->set.new_per_day, queue, deck.count, &nrev,
                           &nnew);
    int forecast[FORECAST_DAYS];
    study_forecast(&deck, &s, o->today + 1, FORECAST_DAYS, forecast);
    size_t seen = 0;
    for (size_t i = 0; i < deck.count; i++)
        seen += schedule_find(&s, deck.items[i].id) != NULL;
    char today[16];
    study_day_format(o->today, today, sizeof today);
    if (o->json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "cards_file", deck.path);
        cJSON_AddStringToObject(root, "today", today);
        cJSON_AddNumberToObject(root, "cards", (double)deck.count);
        cJSON_AddNumberToObject(root, "reviewed", (double)seen);
        cJSON_AddNumberToObject(root, "due_reviews", (double)nrev);
        cJSON_AddNumberToObject(root, "due_new", (double)nnew);
        cJSON *fc = cJSON_AddArrayToObject(root, "forecast");
        for (int d = 0; d < FORECAST_DAYS; d++) {
            char day[16];
            study_day_format(o->today + 1 + d, day, sizeof day);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "day", day);
            cJSON_AddNumberToObject(e, "reviews", forecast[d]);
            cJSON_AddItemToArray(fc, e);
        }
        if (o->due) {
            cJSON *arr = cJSON_AddArrayToObject(root, "due");
            for (size_t i = 0; i < n; i++)
                cJSON_AddItemToArray(arr, card_json(&deck.items[queue[i]], &s, &p, o->today));
        }
        rc = cli_json_print(root);
        cJSON_Delete(root);
    } else {
        printf("%s: %zu cards, %zu reviewed\n", deck.path, deck.count, seen);
        printf("due today (%s): %zu reviews + %zu new\n", today, nrev, nnew);
        printf("reviews due on the next %d days:", FORECAST_DAYS);
        for (int d = 0; d < FORECAST_DAYS; d++)
            printf(" %d", forecast[d]);
        putchar('\n');
        if (o->due && n) {
            printf("\n%-16s %-4s %-7s %-7s %-7s %-7s %s\n", "id", "", "again", "hard", "good",
                   "easy", "question");
            for (size_t i = 0; i < n; i++) {
                const Card *c = &deck.items[queue[i]];
                FsrsOutcome b[4];
                schedule_preview(&s, &p, c->id, o->today, b);
                char lab[4][16];
                for (int g = 0; g < 4; g++)
                    fsrs_interval_label(b[g].interval, lab[g], sizeof lab[g]);
                printf("%-16s %-4s %-7s %-7s %-7s %-7s %.60s\n", c->id,
                       schedule_find(&s, c->id) ? "" : "new", lab[0], lab[1], lab[2], lab[3],
                       c->q);
            }
        }
    }
    free(queue);
    cards_free(&deck);
    schedule_free(&s);
    return rc;
}

static int grade_cmd(const CliEnv *env, const StudyOpts *o, const char *id, int grade)
{
    CardDeck deck;
    Schedule s;
    char dir[4096];
    int rc = open_study(env, o, &deck, &s, dir, sizeof dir);
    if (rc != CLI_OK)
        return rc;
    if (cards_find(&deck, id) < 0) {
        rc = cli_fail("no card '%s' in %s", id, deck.path);
    } else {
        FsrsParams p;
        study_fsrs_params(&o->set, &p);
        FsrsOutcome out;
        RError err;
        if (schedule_review(&s, &p, id, grade, o->today, &out, &err) != 0 ||
            schedule_save(dir, &s, &err) != 0) {
            rc = cli_fail_err(&err);
        } else {
            char day[16];
            study_day_format(o->today + out.interval, day, sizeof day);
            printf("%s: %s, next review in %d days (%s)\n", id, fsrs_grade_name(grade),
                   out.interval, day);
        }
    }
    cards_free(&deck);
    schedule_free(&s);
    return rc;
}

int cli_study(const CliEnv *env, int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return study_help();
    if (argc >= 2 && strcmp(argv[1], "simulate") == 0)
        return simulate_cmd(argc, argv);
    StudyOpts o = {.today = study_day_of(time(NULL))};
    param_defaults(&study_params, &o.set);
    bool grade_mode = argc >= 2 && strcmp(argv[1], "grade") == 0;
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    for (int i = grade_mode ? 2 : 1; i < argc;) {
        RError perr;
        int r = param_argv(&study_params, NULL, argc, argv, &i, &o.set, NULL, &perr);
        if (r < 0)
            return cli_usage("study", "%s", perr.msg);
        if (r > 0) {
            i++;
            continue;
        }
        int next = common_opt(argc, argv, i, &o);
        if (next < 0)
            return cli_usage("study", "--today takes a date, YYYY-MM-DD");
        if (next > 0) {
            i = next;
            continue;
        }
        if (!grade_mode && strcmp(argv[i], "--due") == 0)
            o.due = true;
        else if (!grade_mode && strcmp(argv[i], "--json") == 0)
            o.json = true;
        else if (grade_mode && argv[i][0] != '-' && npos < 2)
            pos[npos++] = argv[i];
        else
            return cli_usage("study", "unexpected argument '%s'", argv[i]);
        i++;
    }
    if (!grade_mode)
        return summary_cmd(env, &o);
    int grade = npos == 2 ? fsrs_grade_parse(pos[1]) : 0;
    if (!grade)
        return cli_usage("study", "grade needs a card id and one of again, hard, good, easy");
    return grade_cmd(env, &o, pos[0], grade);
}
