/* The one number formatter: every figure the app, the CLI and the "why" text print goes
 * through these, so the same value reads the same everywhere. Three significant digits,
 * rounding carried into the next unit (999,999 is "1.00M", never "1000k"). snprintf-style:
 * each returns the length it needed. */
#ifndef RAMPUP_ENGINE_FORMAT_H
#define RAMPUP_ENGINE_FORMAT_H

#include <stddef.h>

/* Binary units, labelled so: 1536 -> "1.50 KiB", 2113929216 -> "1.97 GiB" (B KiB MiB GiB
 * TiB PiB EiB); under 1024 the exact count: "536 B". */
int fmt_bytes(char *buf, size_t size, double bytes);
/* Counts: 7241732096 -> "7.24B", 1.4e12 -> "1.40T", 950 -> "950", 999999 -> "1.00M"
 * (k M B T Q); past 999Q scientific. What fmt_count prints, a decimal setting accepts. */
int fmt_count(char *buf, size_t size, double n);
/* FLOPs and other wide-ranging values: 5.76e23; between 1e-3 and 1e5 plain ("0.05", "1234"). */
int fmt_sci(char *buf, size_t size, double v);
/* Seconds -> "42.0 s", "3.5 min", "7.2 h", "12.4 days", "3.1 years". */
int fmt_duration(char *buf, size_t size, double seconds);

#endif
