/* Number formatting for display (snprintf-style: return the length needed). */
#ifndef RAMPUP_TUI_FORMAT_H
#define RAMPUP_TUI_FORMAT_H

#include <stddef.h>

/* 1536 -> "1.50 KiB", 2113929216 -> "1.97 GiB" (binary units, 3 significant digits). */
int fmt_bytes(char *buf, size_t size, double bytes);
/* 7241732096 -> "7.24B", 1.4e12 -> "1.40T", 950 -> "950" (counts: k, M, B, T). */
int fmt_count(char *buf, size_t size, double n);
/* 5.76e23 -> "5.76e23"; small values plain ("0.05"). */
int fmt_sci(char *buf, size_t size, double v);
/* Seconds -> "42 s", "3.5 min", "7.2 h", "12.4 days", "3.1 years". */
int fmt_duration(char *buf, size_t size, double seconds);

#endif
