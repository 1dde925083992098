/* See handout.h. */
#include "engine/text/handout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *handout_from_why(const char *title, const char *why)
{
    static const char fmt[] = "# rampup handout: %s\n\n## Why: the formulas with the numbers\n\n"
                              "```text\n%s%s```\n";
    const char *nl = why[0] && why[strlen(why) - 1] != '\n' ? "\n" : "";
    int n = snprintf(NULL, 0, fmt, title, why, nl);
    char *md = n > 0 ? malloc((size_t)n + 1) : NULL;
    if (md)
        snprintf(md, (size_t)n + 1, fmt, title, why, nl);
    return md;
}
