/* Tour playback as pure functions of time: animated values, typed prefixes, the scene playing
 * and the argument a pane receives. */
#include "engine/tour/tour.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/text/outbuf.h"
#include "engine/text/utf8.h"

double tour_anim_value(const TourAnim *a, double t)
{
    if (!(t > 0) || a->seconds <= 0)
        return t > 0 && a->seconds <= 0 ? a->to : a->from;
    double f = t >= a->seconds ? 1.0 : t / a->seconds;
    double v = a->log ? a->from * pow(a->to / a->from, f) : a->from + (a->to - a->from) * f;
    if (f >= 1.0)
        v = a->to; /* exact at the end, whatever pow rounds to */
    return a->integer ? floor(v + 0.5) : v;
}

long tour_anim_steps(const TourAnim *a, double t)
{
    if (!(t > 0) || !(a->seconds > 0))
        return 0;
    double n = floor(t / a->seconds);
    return n > 1e9 ? 1000000000L : (long)n;
}

size_t tour_anim_typed(const TourAnim *a, double t)
{
    size_t len = strlen(a->text);
    if (t < 0 || !(a->seconds > 0))
        return t < 0 ? 0 : len;
    double chars = floor(t / a->seconds) + 1;
    size_t off = 0;
    for (double c = 0; c < chars && off < len; c++) {
        uint32_t cp;
        off += utf8_decode(a->text + off, len - off, &cp);
    }
    return off;
}

/* Appends "name=value" (or a bare word when name is NULL) with a separating space. */
static void put(OutBuf *o, const char *name, const char *value)
{
    outbuf_printf(o, "%s%s%s%s", o->len ? " " : "", name ? name : "", name ? "=" : "", value);
}

size_t tour_scene_arg(const TourScene *s, double t, char *buf, size_t size)
{
    OutBuf o = outbuf_make(buf, size);
    const TourAnim *a = &s->anim;
    bool moves = a->kind == TOUR_ANIM_SWEEP || a->kind == TOUR_ANIM_RAMP;
    char typed[TOUR_TEXT_MAX];
    if (a->kind == TOUR_ANIM_TYPE) {
        size_t k = tour_anim_typed(a, t);
        memcpy(typed, a->text, k);
        typed[k] = '\0';
        put(&o, NULL, typed);
    } else if (s->open[0]) {
        put(&o, NULL, s->open);
    }
    for (size_t i = 0; i < s->nsettings; i++)
        if (!moves || strcmp(s->settings[i].name, a->setting) != 0)
            put(&o, s->settings[i].name, s->settings[i].value);
    if (moves) {
        char v[64];
        double x = tour_anim_value(a, t);
        if (a->integer)
            snprintf(v, sizeof v, "%.0f", x);
        else
            snprintf(v, sizeof v, "%.4g", x);
        put(&o, a->setting, v);
    }
    return o.len;
}

double tour_length(const Tour *t)
{
    double sum = 0;
    for (size_t i = 0; i < t->count; i++)
        sum += t->scenes[i].duration;
    return sum;
}

size_t tour_scene_at(const Tour *t, double seconds, double *into)
{
    double start = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (seconds < start + t->scenes[i].duration) {
            if (into)
                *into = seconds > start ? seconds - start : 0;
            return i;
        }
        start += t->scenes[i].duration;
    }
    if (into)
        *into = 0;
    return t->count;
}

int tour_parse_duration(const char *s, double *seconds)
{
    double total = 0;
    bool any = false;
    const char *units = "hms";
    int last_unit = -1;
    while (s && *s) {
        if (*s < '0' || *s > '9')
            return -1;
        double v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 7)
            v = v * 10 + (*s++ - '0'), digits++;
        if (*s >= '0' && *s <= '9')
            return -1; /* more than 7 digits */
        int u = 2;     /* a bare number is seconds, and only at the end */
        if (*s) {
            const char *p = strchr(units, *s);
            if (!p)
                return -1;
            u = (int)(p - units);
            s++;
        }
        if (u <= last_unit)
            return -1; /* "5s3m", "1m1m" */
        last_unit = u;
        total += v * (u == 0 ? 3600 : u == 1 ? 60 : 1);
        any = true;
    }
    if (!any || !(total > 0) || total > 86400)
        return -1;
    *seconds = total;
    return 0;
}

size_t tour_format_countdown(double seconds_left, char *buf, size_t size)
{
    bool over = seconds_left < 0;
    /* count down in whole seconds, rounding up, so "0:00" is shown only at the end */
    long s = over ? (long)floor(-seconds_left) : (long)ceil(seconds_left);
    if (s > 99L * 3600)
        s = 99L * 3600;
    int n = s >= 3600 ? snprintf(buf, size, "%s%ld:%02ld:%02ld", over ? "-" : "", s / 3600,
                                 s / 60 % 60, s % 60)
                      : snprintf(buf, size, "%s%ld:%02ld", over ? "-" : "", s / 60, s % 60);
    return n < 0 ? 0 : (size_t)n;
}
