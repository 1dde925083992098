/* Display formatting of bytes, counts, scientific values and durations. */
#include "engine/format.h"

#include <math.h>
#include <stdio.h>

/* Decimals that leave three significant digits of v (v >= 0). */
static int decimals3(double v)
{
    if (v >= 99.95)
        return 0;
    if (v >= 9.995)
        return 1;
    if (v >= 0.9995 || v == 0)
        return 2;
    return 3;
}

/* v as it prints with three significant digits (to decide a carry into the next unit). */
static double rounded3(double v)
{
    double s = pow(10, decimals3(v));
    return round(v * s) / s;
}

int fmt_bytes(char *buf, size_t size, double bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (!isfinite(bytes))
        return snprintf(buf, size, "overflow");
    const char *sign = bytes < 0 ? "-" : "";
    double v = fabs(bytes);
    if (v < 1024)
        return snprintf(buf, size, "%s%.0f B", sign, v);
    int u = 0;
    while (u < 6 && (v >= 1024 || rounded3(v) >= 1000)) {
        v /= 1024;
        u++;
    }
    return snprintf(buf, size, "%s%.*f %s", sign, decimals3(v), v, units[u]);
}

int fmt_count(char *buf, size_t size, double n)
{
    static const char *const units[] = {"", "k", "M", "B", "T", "Q"};
    if (!isfinite(n))
        return snprintf(buf, size, "overflow");
    const char *sign = n < 0 ? "-" : "";
    double v = fabs(n);
    if (v < 1000 && v == floor(v))
        return snprintf(buf, size, "%s%.0f", sign, v);
    int u = 0;
    while (u < 5 && rounded3(v) >= 1000) {
        v /= 1000;
        u++;
    }
    if (rounded3(v) >= 1000)
        return fmt_sci(buf, size, n);
    return snprintf(buf, size, "%s%.*f%s", sign, decimals3(v), v, units[u]);
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
    if (a >= 1000)
        return snprintf(buf, size, "%.0f", v);
    return snprintf(buf, size, "%.3g", v);
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
