/* A scratch folder per test (Criterion runs each test in its own process): made by
 * scratch_make() from a mkdtemp template, removed with everything in it by scratch_remove(). */
#ifndef RAMPUP_TESTS_ENGINE_SCRATCH_DIR_H
#define RAMPUP_TESTS_ENGINE_SCRATCH_DIR_H

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>

static inline void scratch_make(char *tmpl)
{
    cr_assert_not_null(mkdtemp(tmpl), "mkdtemp %s", tmpl);
}

static inline void scratch_remove(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

#endif
