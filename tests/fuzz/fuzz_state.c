/* The state file: any bytes in state.json load as an object (a corrupt file is moved aside),
 * and what loaded saves and loads again. */
#include "tests/fuzz/fuzz.h"

#include "engine/state.h"

FUZZ_TARGET
{
    const char *dir = fuzz_tmpdir();
    char path[128];
    snprintf(path, sizeof path, "%s/state.json", dir);
    if (fuzz_write(path, data, size) != 0)
        return 0;
    cJSON *st = NULL;
    char warning[512];
    RError err;
    if (state_load(dir, &st, warning, sizeof warning, &err) != 0)
        abort(); /* a regular file never fails: corrupt files are moved aside */
    /* Clear the files moved aside: state_load tries 100 free names per second. */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -f %s/state.json.corrupt-*", dir);
    if (warning[0] && system(cmd) != 0)
        abort();
    if (!cJSON_IsObject(st))
        abort();
    if (state_save(dir, st, &err) != 0)
        abort();
    cJSON_Delete(st);
    st = NULL;
    if (state_load(dir, &st, warning, sizeof warning, &err) != 0 || warning[0])
        abort(); /* what was saved loads cleanly */
    cJSON_Delete(st);
    return 0;
}
