/* Display formatting of bytes, counts, scientific values and durations. */
#include "tui/format.h"

#include <math.h>
#include <stdio.h>

static int fmt3(char *buf, size_t size, double v, const char *unit)
{
    if (v >= 100)
        return snprintf(buf, size, "%.0f%s", v, unit);
    if (v >= 10)
        return snprintf(buf, size, "%.1f%s", v, unit);
    return snprintf(buf, size, "%.2f%s", v, unit);
}

int fmt_bytes(char *buf, size_t size, double bytes)
{
    static const char *const units[] = {" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB"};
    if (!isfinite(bytes))
        return snprintf(buf, size, "overflow");
    double v = fabs(bytes);
    int u = 0;
    while (v >= 1024 && u < 6) {
        v /= 1024;
        u++;
    }
    if (u == 0)
        return snprintf(buf, size, "%s%.0f B", bytes < 0 ? "-" : "", v);
    if (bytes < 0 && size > 1) {
        buf[0] = '-';
        return 1 + fmt3(buf + 1, size - 1, v, units[u]);
    }
    return fmt3(buf, size, v, units[u]);
}

int fmt_count(char *buf, size_t size, double n)
{
    static const char *const units[] = {"", "k", "M", "B", "T", "Q"};
    if (!isfinite(n))
        return snprintf(buf, size, "overflow");
    double v = fabs(n);
    int u = 0;
    while (v >= 1000 && u < 5) {
        v /= 1000;
        u++;
    }
    if (v >= 1000)
        return snprintf(buf, size, "%.2e", n);
    if (u == 0 && v == floor(v))
        return snprintf(buf, size, "%.0f", n);
    return fmt3(buf, size, n < 0 ? -v : v, units[u]);
}

int fmt_sci(char *buf, size_t size, double v)
{
    if (!isfinite(v))
        return snprintf(buf, size, "%s", isnan(v) ? "n/a" : "inf");
    double a = fabs(v);
    if (a != 0 && (a >= 1e5 || a < 1e-3)) {
        int e = (int)floor(log10(a));
        double m = v / pow(10, e);
        if (fabs(m) >= 9.995) { /* rounding carried into the next decade */
            m /= 10;
            e++;
        }
        return snprintf(buf, size, "%.2fe%d", m, e);
    }
    return snprintf(buf, size, "%.4g", v);
}

int fmt_duration(char *buf, size_t size, double s)
{
    if (!isfinite(s))
        return snprintf(buf, size, "n/a");
    if (s < 1e-3)
        return snprintf(buf, size, "%.1f µs", s * 1e6);
    if (s < 1)
        return snprintf(buf, size, "%.1f ms", s * 1e3);
    if (s < 120)
        return snprintf(buf, size, "%.1f s", s);
    if (s < 7200)
        return snprintf(buf, size, "%.1f min", s / 60);
    if (s < 172800)
        return snprintf(buf, size, "%.1f h", s / 3600);
    if (s < 3 * 365.25 * 86400)
        return snprintf(buf, size, "%.1f days", s / 86400);
    return snprintf(buf, size, "%.1f years", s / (365.25 * 86400));
}
