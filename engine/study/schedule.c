/* The review schedule, its file, the session queue and the forecast. */
#include "engine/study/schedule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/state.h"

int study_day_of(time_t t)
{
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    /* The local calendar date, counted as days since 1970-01-01. */
    struct tm day = {0};
    day.tm_year = tm.tm_year;
    day.tm_mon = tm.tm_mon;
    day.tm_mday = tm.tm_mday;
    return (int)(timegm(&day) / 86400);
}

int study_day_parse(const char *s)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1970 || y > 9999 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    time_t t = timegm(&tm);
    struct tm back;
    gmtime_r(&t, &back);
    if (back.tm_mday != d) /* 2026-02-30 */
        return -1;
    return (int)(t / 86400);
}

int study_day_format(int day, char *buf, size_t size)
{
    time_t t = (time_t)day * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    return snprintf(buf, size, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static CardState *find_mut(Schedule *s, const char *id)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i].id, id) == 0)
            return &s->items[i];
    return NULL;
}

const CardState *schedule_find(const Schedule *s, const char *id)
{
    return find_mut((Schedule *)s, id);
}

static CardState *add(Schedule *s, const char *id)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        CardState *items = realloc(s->items, cap * sizeof *items);
        if (!items)
            return NULL;
        s->items = items;
        s->cap = cap;
    }
    CardState *c = &s->items[s->count++];
    memset(c, 0, sizeof *c);
    snprintf(c->id, sizeof c->id, "%s", id);
    return c;
}

void schedule_free(Schedule *s)
{
    if (!s)
        return;
    free(s->items);
    memset(s, 0, sizeof *s);
}

/* A number within [lo, hi], else false. */
static bool num(const cJSON *o, const char *key, double lo, double hi, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi)
        return false;
    *out = v->valuedouble;
    return true;
}

static bool decode_state(const cJSON *o, CardState *c)
{
    double s, d, first, last, due, reps, lapses;
    if (!cJSON_IsObject(o) || !num(o, "s", 0.001, FSRS_MAX_INTERVAL, &s) ||
        !num(o, "d", 1, 10, &d) || !num(o, "first", 0, 4e6, &first) ||
        !num(o, "last", first, 4e6, &last) || !num(o, "due", last, 4e6, &due) ||
        !num(o, "reps", 1, 1e9, &reps) || !num(o, "lapses", 0, reps, &lapses))
        return false;
    c->memory.stability = s;
    c->memory.difficulty = d;
    c->first_day = (int)first;
    c->last_day = (int)last;
    c->due_day = (int)due;
    c->reps = (int)reps;
    c->lapses = (int)lapses;
    return true;
}

int schedule_from_json(const cJSON *doc, Schedule *out, size_t *skipped, RError *err)
{
    memset(out, 0, sizeof *out);
    size_t bad = 0;
    const cJSON *cards = cJSON_GetObjectItemCaseSensitive(doc, "cards");
    if (!cJSON_IsObject(cards))
        cards = NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, cards) {
        CardState st;
        if (!it->string || !*it->string || strlen(it->string) >= CARD_ID_MAX ||
            find_mut(out, it->string) || !decode_state(it, &st)) {
            bad++;
            continue;
        }
        CardState *c = add(out, it->string);
        if (!c) {
            schedule_free(out);
            return rerror_set(err, "out of memory");
        }
        snprintf(st.id, sizeof st.id, "%s", it->string);
        *c = st;
    }
    if (skipped)
        *skipped = bad;
    return 0;
}

cJSON *schedule_to_json(const Schedule *s)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *cards = doc ? cJSON_AddObjectToObject(doc, "cards") : NULL;
    if (!cards || !cJSON_AddNumberToObject(doc, "version", 1)) {
        cJSON_Delete(doc);
        return NULL;
    }
    for (size_t i = 0; i < s->count; i++) {
        const CardState *c = &s->items[i];
        cJSON *o = cJSON_AddObjectToObject(cards, c->id);
        if (!o || !cJSON_AddNumberToObject(o, "s", c->memory.stability) ||
            !cJSON_AddNumberToObject(o, "d", c->memory.difficulty) ||
            !cJSON_AddNumberToObject(o, "first", c->first_day) ||
            !cJSON_AddNumberToObject(o, "last", c->last_day) ||
            !cJSON_AddNumberToObject(o, "due", c->due_day) ||
            !cJSON_AddNumberToObject(o, "reps", c->reps) ||
            !cJSON_AddNumberToObject(o, "lapses", c->lapses)) {
            cJSON_Delete(doc);
            return NULL;
        }
    }
    return doc;
}

static int study_dir(const char *state_dir, char *buf, size_t size, RError *err)
{
    if ((size_t)snprintf(buf, size, "%s/study", state_dir) >= size)
        return rerror_set(err, "state folder path too long");
    return 0;
}

int schedule_load(const char *state_dir, Schedule *out, char *warning, size_t wsize,
                  RError *err)
{
    memset(out, 0, sizeof *out);
    char dir[4096];
    if (study_dir(state_dir, dir, sizeof dir, err) != 0)
        return -1;
    cJSON *doc;
    if (state_load(dir, &doc, warning, wsize, err) != 0)
        return -1;
    size_t skipped = 0;
    int rc = schedule_from_json(doc, out, &skipped, err);
    cJSON_Delete(doc);
    if (rc == 0 && skipped && warning && !warning[0])
        snprintf(warning, wsize, "%s/state.json: %zu invalid card entr%s ignored", dir, skipped,
                 skipped == 1 ? "y" : "ies");
    return rc;
}

int schedule_save(const char *state_dir, const Schedule *s, RError *err)
{
    char dir[4096];
    if (study_dir(state_dir, dir, sizeof dir, err) != 0)
        return -1;
    cJSON *doc = schedule_to_json(s);
    if (!doc)
        return rerror_set(err, "out of memory");
    int rc = state_save(dir, doc, err);
    cJSON_Delete(doc);
    return rc;
}

void schedule_preview(const Schedule *s, const FsrsParams *p, const char *id, int today,
                      FsrsOutcome out[4])
{
    const CardState *c = schedule_find(s, id);
    fsrs_preview(p, c ? &c->memory : NULL, c ? today - c->last_day : 0, out);
}

int schedule_review(Schedule *s, const FsrsParams *p, const char *id, int grade, int today,
                    FsrsOutcome *out, RError *err)
{
    CardState *c = find_mut(s, id);
    if (c && today < c->last_day)
        return rerror_set(err, "card %s was last reviewed after today (clock moved back?)", id);
    FsrsOutcome o;
    if (fsrs_review(p, c ? &c->memory : NULL, c ? today - c->last_day : 0, grade, &o, err) != 0)
        return -1;
    if (!c) {
        if (!(c = add(s, id)))
            return rerror_set(err, "out of memory");
        c->first_day = today;
    }
    c->memory = o.memory;
    c->last_day = today;
    c->due_day = today + o.interval;
    c->reps++;
    c->lapses += grade == FSRS_AGAIN && c->reps > 1;
    if (out)
        *out = o;
    return 0;
}

size_t study_queue(const CardDeck *deck, const Schedule *s, int today, int new_per_day,
                   size_t *out, size_t max, size_t *nreview, size_t *nnew)
{
    size_t n = 0, reviews = 0, fresh = 0;
    int new_today = 0;
    for (size_t i = 0; i < s->count; i++)
        new_today += s->items[i].first_day == today;
    /* Due reviews, most overdue first (insertion sort on the due day: decks are small). */
    for (size_t i = 0; i < deck->count && n < max; i++) {
        const CardState *c = schedule_find(s, deck->items[i].id);
        if (!c || c->due_day > today)
            continue;
        size_t j = n++;
        while (j > 0 && schedule_find(s, deck->items[out[j - 1]].id)->due_day > c->due_day) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = i;
        reviews++;
    }
    for (size_t i = 0; i < deck->count && n < max && new_today + (int)fresh < new_per_day; i++)
        if (!schedule_find(s, deck->items[i].id)) {
            out[n++] = i;
            fresh++;
        }
    if (nreview)
        *nreview = reviews;
    if (nnew)
        *nnew = fresh;
    return n;
}

void study_forecast(const CardDeck *deck, const Schedule *s, int today, int ndays, int *counts)
{
    if (ndays > STUDY_FORECAST_MAX)
        ndays = STUDY_FORECAST_MAX;
    for (int d = 0; d < ndays; d++)
        counts[d] = 0;
    for (size_t i = 0; i < deck->count; i++) {
        const CardState *c = schedule_find(s, deck->items[i].id);
        if (!c)
            continue;
        int d = c->due_day - today;
        if (d < 0)
            d = 0;
        if (d < ndays)
            counts[d]++;
    }
}
