/* ASCII case-insensitive substring test, as headings, titles and names are matched. */
#ifndef RAMPUP_ENGINE_TEXT_NOCASE_H
#define RAMPUP_ENGINE_TEXT_NOCASE_H

#include <stdbool.h>

/* True when needle occurs in hay, ignoring ASCII case (an empty needle always occurs). */
bool text_contains_nocase(const char *hay, const char *needle);

#endif
