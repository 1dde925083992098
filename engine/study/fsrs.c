/* FSRS-6. Formulas from "The Algorithm" (open-spaced-repetition/fsrs4anki wiki, FSRS-6
 * section); default parameters from fsrs-rs (src/inference.rs, DEFAULT_PARAMETERS), the array
 * the reference implementations (ts-fsrs, py-fsrs) and Anki ship. Without same-day learning
 * steps w17..w19 (short-term stability) never apply, and a lapse's stability is capped by the
 * stability before it. */
#include "engine/study/fsrs.h"

#include <math.h>
#include <stdio.h>
#include <strings.h>

#define S_MIN 0.001 /* days: stability floor */

static const double default_w[FSRS_NPARAMS] = {
    0.212,  1.2931, 2.3065, 8.2956, /* w0..w3: initial stability for again, hard, good, easy */
    6.4133, 0.8334,                 /* w4, w5: initial difficulty */
    3.0194, 0.001,                  /* w6: difficulty step per grade; w7: mean reversion */
    1.8722, 0.1666, 0.796,          /* w8..w10: stability growth on recall */
    1.4835, 0.0614, 0.2629, 1.6483, /* w11..w14: stability after a lapse */
    0.6014, 1.8729,                 /* w15: hard penalty; w16: easy bonus */
    0.5425, 0.0912, 0.0658,         /* w17..w19: same-day reviews (unused here) */
    0.1542,                         /* w20: forgetting-curve decay */
};

void fsrs_params_default(FsrsParams *p)
{
    for (int i = 0; i < FSRS_NPARAMS; i++)
        p->w[i] = default_w[i];
    p->retention = 0.9;
    p->max_interval = FSRS_MAX_INTERVAL;
}

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* The power-law forgetting curve R(t, S) = (1 + F t / S)^-decay, with F chosen so that
 * R(S, S) = 0.9. */
static double decay_of(const FsrsParams *p)
{
    return -p->w[20];
}

static double factor_of(const FsrsParams *p)
{
    return pow(0.9, 1.0 / decay_of(p)) - 1.0;
}

double fsrs_retrievability(const FsrsParams *p, double elapsed, double stability)
{
    if (stability <= 0)
        return 0;
    return pow(1.0 + factor_of(p) * elapsed / stability, decay_of(p));
}

/* The interval at which R falls to the desired retention, in whole days within the cap. */
static int interval_of(const FsrsParams *p, double stability)
{
    double days = stability / factor_of(p) * (pow(p->retention, 1.0 / decay_of(p)) - 1.0);
    double r = round(days);
    if (r < 1)
        r = 1;
    if (r > p->max_interval)
        r = p->max_interval;
    return (int)r;
}

static double init_difficulty_raw(const FsrsParams *p, int g)
{
    return p->w[4] - exp(p->w[5] * (g - 1)) + 1.0;
}

static FsrsMemory first_review(const FsrsParams *p, int g)
{
    FsrsMemory m;
    m.stability = fmax(p->w[g - 1], 0.1);
    m.difficulty = clampd(init_difficulty_raw(p, g), 1, 10);
    return m;
}

/* The grade moves D by -w6 (g - 3), damped linearly as D nears 10, then D reverts a little
 * (w7) towards the initial difficulty of an easy first review. */
static double next_difficulty(const FsrsParams *p, double d, int g)
{
    double delta = -p->w[6] * (g - 3);
    double damped = d + delta * (10.0 - d) / 9.0;
    double reverted = p->w[7] * init_difficulty_raw(p, FSRS_EASY) + (1.0 - p->w[7]) * damped;
    return clampd(reverted, 1, 10);
}

static double recall_stability(const FsrsParams *p, double d, double s, double r, int g)
{
    const double *w = p->w;
    double hard = g == FSRS_HARD ? w[15] : 1.0;
    double easy = g == FSRS_EASY ? w[16] : 1.0;
    double growth = exp(w[8]) * (11.0 - d) * pow(s, -w[9]) * (exp((1.0 - r) * w[10]) - 1.0);
    return clampd(s * (1.0 + growth * hard * easy), S_MIN, FSRS_MAX_INTERVAL);
}

static double lapse_stability(const FsrsParams *p, double d, double s, double r)
{
    const double *w = p->w;
    double sf = w[11] * pow(d, -w[12]) * (pow(s + 1.0, w[13]) - 1.0) * exp((1.0 - r) * w[14]);
    sf = clampd(sf, S_MIN, FSRS_MAX_INTERVAL);
    return fmin(fmax(s, S_MIN), sf); /* forgetting never raises stability */
}

static FsrsMemory next_memory(const FsrsParams *p, const FsrsMemory *m, int elapsed, int g)
{
    if (!m || m->stability <= 0)
        return first_review(p, g);
    double r = fsrs_retrievability(p, elapsed, m->stability);
    FsrsMemory out;
    out.stability = g == FSRS_AGAIN ? lapse_stability(p, m->difficulty, m->stability, r)
                                    : recall_stability(p, m->difficulty, m->stability, r, g);
    out.difficulty = next_difficulty(p, m->difficulty, g);
    return out;
}

void fsrs_preview(const FsrsParams *p, const FsrsMemory *m, int elapsed, FsrsOutcome out[4])
{
    if (elapsed < 0)
        elapsed = 0;
    for (int g = FSRS_AGAIN; g <= FSRS_EASY; g++) {
        out[g - 1].memory = next_memory(p, m, elapsed, g);
        out[g - 1].interval = interval_of(p, out[g - 1].memory.stability);
    }
    /* Buttons stay ordered, as in Anki: again <= hard < good < easy. As in the reference, this
     * can take good and easy up to 2 days past the cap. */
    if (out[0].interval > out[1].interval)
        out[0].interval = out[1].interval;
    for (int i = 1; i < 4; i++)
        if (out[i].interval <= out[i - 1].interval)
            out[i].interval = out[i - 1].interval + 1;
}

int fsrs_review(const FsrsParams *p, const FsrsMemory *m, int elapsed, int grade,
                FsrsOutcome *out, RError *err)
{
    if (grade < FSRS_AGAIN || grade > FSRS_EASY)
        return rerror_set(err, "grade %d is not 1..4 (again, hard, good, easy)", grade);
    if (elapsed < 0)
        return rerror_set(err, "elapsed days %d is negative", elapsed);
    if (m && m->stability != 0 &&
        (!(m->stability >= S_MIN) || !(m->stability <= FSRS_MAX_INTERVAL) ||
         !(m->difficulty >= 1) || !(m->difficulty <= 10)))
        return rerror_set(err, "invalid memory state (stability %g, difficulty %g)",
                          m->stability, m->difficulty);
    FsrsOutcome all[4];
    fsrs_preview(p, m, elapsed, all);
    *out = all[grade - 1];
    return 0;
}

int fsrs_simulate(const FsrsParams *p, const int *grades, const int *days, size_t n,
                  FsrsOutcome *out, RError *err)
{
    FsrsMemory m = {0, 0};
    for (size_t i = 0; i < n; i++) {
        int elapsed = i == 0 ? 0 : days[i] - days[i - 1];
        if (days[i] < 0 || elapsed < 0)
            return rerror_set(err, "review %zu: day %d comes before the day of the review "
                              "before it", i + 1, days[i]);
        if (fsrs_review(p, &m, elapsed, grades[i], &out[i], err) != 0) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            return rerror_set(err, "review %zu: %s", i + 1, msg);
        }
        m = out[i].memory;
    }
    return 0;
}

static const char *const grade_names[] = {"again", "hard", "good", "easy"};

int fsrs_grade_parse(const char *s)
{
    for (int g = 1; g <= 4; g++)
        if (strcasecmp(s, grade_names[g - 1]) == 0 || (s[0] == '0' + g && s[1] == '\0'))
            return g;
    return 0;
}

const char *fsrs_grade_name(int grade)
{
    return grade >= 1 && grade <= 4 ? grade_names[grade - 1] : "?";
}

int fsrs_interval_label(int days, char *buf, size_t size)
{
    /* Anki's units: days under a month, months (30 days) under a year (365 days), years. */
    if (days < 30)
        return snprintf(buf, size, "%dd", days);
    if (days < 365)
        return snprintf(buf, size, "%.1fmo", days / 30.0);
    return snprintf(buf, size, "%.1fy", days / 365.0);
}
