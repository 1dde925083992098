/* Tests for the state file: location rules, atomic round trip, corrupt files moved aside,
 * and errors that leave the old file intact. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "engine/state.h"

static char tmpdir[256];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rampup_state_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", tmpdir, tmpdir);
    cr_assert_eq(system(cmd), 0);
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "r");
    cr_assert_not_null(fp, "cannot open %s", path);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Number of entries in dir whose name starts with prefix; the last one goes to found. */
static int count_prefix(const char *dir, const char *prefix, char *found, size_t size)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            n++;
            if (found)
                snprintf(found, size, "%s/%s", dir, e->d_name);
        }
    }
    closedir(d);
    return n;
}

TestSuite(state, .init = setup, .fini = teardown);

Test(state, dir_prefers_xdg_state_home)
{
    char buf[512];
    setenv("XDG_STATE_HOME", "/x/state", 1);
    setenv("HOME", "/home/u", 1);
    cr_assert_eq(state_dir(buf, sizeof buf), (int)strlen("/x/state/rampup"));
    cr_assert_str_eq(buf, "/x/state/rampup");
    /* XDG Base Directory spec: relative paths are invalid and must be ignored. */
    setenv("XDG_STATE_HOME", "relative/state", 1);
    state_dir(buf, sizeof buf);
    cr_assert_str_eq(buf, "/home/u/.local/state/rampup");
    unsetenv("XDG_STATE_HOME");
    state_dir(buf, sizeof buf);
    cr_assert_str_eq(buf, "/home/u/.local/state/rampup");
    unsetenv("HOME");
    cr_assert_eq(state_dir(buf, sizeof buf), -1);
    setenv("XDG_STATE_HOME", "/y", 1);
    char small[8];
    cr_assert_eq(state_dir(small, sizeof small), (int)strlen("/y/rampup"), "snprintf-style length");
    cr_assert_str_eq(small, "/y/ramp");
}

Test(state, missing_file_gives_empty_object)
{
    cJSON *st = NULL;
    char warn[600] = "x";
    RError err = { 0 };
    cr_assert_eq(state_load(tmpdir, &st, warn, sizeof warn, &err), 0, "%s", err.msg);
    cr_assert(cJSON_IsObject(st));
    cr_assert_null(st->child);
    cr_assert_str_eq(warn, "");
    cJSON_Delete(st);
}

Test(state, round_trip_creates_nested_dirs)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/a/b/rampup", tmpdir);
    cJSON *st = cJSON_CreateObject();
    cJSON_AddStringToObject(st, "last_pane", "notes");
    cJSON *pos = cJSON_AddObjectToObject(st, "notes");
    cJSON_AddNumberToObject(pos, "kv_cache_notes.md", 42);
    cJSON_AddStringToObject(st, "unicode", "r\xc3\xa9sum\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
    RError err = { 0 };
    cr_assert_eq(state_save(dir, st, &err), 0, "%s", err.msg);
    struct stat sb;
    char path[500];
    snprintf(path, sizeof path, "%s/state.json", dir);
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600, "state is private to the user");
    cr_assert_eq(count_prefix(dir, "state.json.tmp", NULL, 0), 0, "no temp file left behind");

    cJSON *back = NULL;
    char warn[600];
    cr_assert_eq(state_load(dir, &back, warn, sizeof warn, &err), 0, "%s", err.msg);
    cr_assert(cJSON_Compare(st, back, 1));
    cr_assert_str_eq(warn, "");

    /* Saving again replaces the file. */
    cJSON_ReplaceItemInObject(st, "last_pane", cJSON_CreateString("kv"));
    cr_assert_eq(state_save(dir, st, &err), 0);
    cJSON_Delete(back);
    cr_assert_eq(state_load(dir, &back, warn, sizeof warn, &err), 0);
    cr_assert_str_eq(cJSON_GetObjectItem(back, "last_pane")->valuestring, "kv");
    cJSON_Delete(back);
    cJSON_Delete(st);
}

static void check_corrupt(const char *content, const char *why)
{
    char path[400];
    snprintf(path, sizeof path, "%s/state.json", tmpdir);
    write_text(path, content);
    cJSON *st = NULL;
    char warn[1200];
    RError err = { 0 };
    cr_assert_eq(state_load(tmpdir, &st, warn, sizeof warn, &err), 0, "%s", err.msg);
    cr_assert(cJSON_IsObject(st));
    cr_assert_null(st->child, "defaults after a corrupt file");
    cJSON_Delete(st);
    cr_assert_neq(access(path, F_OK), 0, "the corrupt file is no longer in the way");
    char aside[600];
    cr_assert_eq(count_prefix(tmpdir, "state.json.corrupt-", aside, sizeof aside), 1);
    cr_assert_str_eq(read_text(aside), content, "nothing is lost: the bytes are kept aside");
    char expected[1200];
    snprintf(expected, sizeof expected, "%s was corrupt (%s); moved to %s and started from defaults",
             path, why, aside);
    cr_assert_str_eq(warn, expected);
}

Test(state, corrupt_json_moved_aside)
{
    check_corrupt("{\n  \"last_pane\": \"notes\",\n  \"x\": [1, 2\n}\n", "invalid JSON at 4:1");
}

Test(state, non_object_moved_aside)
{
    check_corrupt("[1, 2, 3]\n", "not a JSON object");
}

Test(state, truncated_file_moved_aside)
{
    check_corrupt("{\"a\": tr", "invalid JSON at 1:7");
}

Test(state, second_corruption_gets_new_name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/state.json", tmpdir);
    cJSON *st = NULL;
    char warn[1200];
    RError err = { 0 };
    for (int i = 0; i < 2; i++) {
        write_text(path, i ? "second" : "first");
        cr_assert_eq(state_load(tmpdir, &st, warn, sizeof warn, &err), 0);
        cJSON_Delete(st);
    }
    cr_assert_eq(count_prefix(tmpdir, "state.json.corrupt-", NULL, 0), 2,
                 "a second corrupt file within the same second must not overwrite the first");
}

Test(state, unwritable_folder_reports_error)
{
    /* A regular file where a folder should be fails even for root. */
    char file[400], dir[500];
    snprintf(file, sizeof file, "%s/plainfile", tmpdir);
    write_text(file, "x");
    snprintf(dir, sizeof dir, "%s/sub", file);
    cJSON *st = cJSON_CreateObject();
    RError err = { 0 };
    cr_assert_eq(state_save(dir, st, &err), -1);
    char buf[800], expected[800];
    rerror_format(&err, buf, sizeof buf);
    snprintf(expected, sizeof expected, "%s: cannot create state folder: Not a directory", file);
    cr_assert_str_eq(buf, expected);
    cJSON_Delete(st);
}

Test(state, failed_write_keeps_old_file)
{
    cJSON *st = cJSON_CreateObject();
    cJSON_AddNumberToObject(st, "v", 1);
    RError err = { 0 };
    cr_assert_eq(state_save(tmpdir, st, &err), 0);
    /* Block the temp file name with a folder: the new write fails before the rename. */
    char tmp[500];
    snprintf(tmp, sizeof tmp, "%s/state.json.tmp-%ld", tmpdir, (long)getpid());
    cr_assert_eq(mkdir(tmp, 0700), 0);
    cJSON_ReplaceItemInObject(st, "v", cJSON_CreateNumber(2));
    cr_assert_eq(state_save(tmpdir, st, &err), -1);
    cr_assert_str_eq(err.file, tmp);
    cr_assert_str_eq(err.msg, "cannot write state: Is a directory");
    cJSON *back = NULL;
    char warn[600];
    cr_assert_eq(state_load(tmpdir, &back, warn, sizeof warn, &err), 0);
    cr_assert_eq(cJSON_GetObjectItem(back, "v")->valuedouble, 1, "the old state is intact");
    cJSON_Delete(back);
    cJSON_Delete(st);
    if (geteuid() != 0) {
        /* Without root, a read-only folder also fails cleanly. */
        chmod(tmpdir, 0500);
        rmdir(tmp);
        cr_assert_eq(state_save(tmpdir, st = cJSON_CreateObject(), &err), -1);
        cJSON_Delete(st);
        chmod(tmpdir, 0700);
    }
}

Test(state, unreadable_file_is_an_error_not_corruption)
{
    if (geteuid() == 0)
        cr_skip_test("root can read any file");
    char path[400];
    snprintf(path, sizeof path, "%s/state.json", tmpdir);
    write_text(path, "{}");
    chmod(path, 0);
    cJSON *st = NULL;
    RError err = { 0 };
    cr_assert_eq(state_load(tmpdir, &st, NULL, 0, &err), -1);
    cr_assert_str_eq(err.msg, "cannot open: Permission denied");
    cr_assert_eq(access(path, F_OK), 0, "the file is not moved");
}

Test(state, fifo_is_an_error_and_never_blocks)
{
    char path[400];
    snprintf(path, sizeof path, "%s/state.json", tmpdir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    cJSON *st = NULL;
    RError err = {0};
    alarm(5); /* a blocking open would hang here; the alarm fails the test instead */
    cr_assert_eq(state_load(tmpdir, &st, NULL, 0, &err), -1);
    alarm(0);
    cr_assert_str_eq(err.msg, "not a regular file (a FIFO)");
    cr_assert_null(st);
}

Test(state, stale_temp_files_removed_live_ones_kept)
{
    char dead[400], live[400], other[400];
    /* pid_max is at most 2^22 on Linux (proc(5)), so this pid cannot be running. */
    snprintf(dead, sizeof dead, "%s/state.json.tmp-%d", tmpdir, (1 << 22) + 7);
    snprintf(live, sizeof live, "%s/state.json.tmp-%ld", tmpdir, (long)getpid());
    snprintf(other, sizeof other, "%s/state.json.tmp-notapid", tmpdir);
    write_text(dead, "{\"half\":");
    write_text(live, "{}");
    write_text(other, "{}");
    cJSON *st = NULL;
    RError err = {0};
    cr_assert_eq(state_load(tmpdir, &st, NULL, 0, &err), 0, "%s", err.msg);
    cJSON_Delete(st);
    cr_assert_neq(access(dead, F_OK), 0, "a dead process's temp file is removed");
    cr_assert_eq(access(live, F_OK), 0, "a running save's temp file is kept");
    cr_assert_eq(access(other, F_OK), 0, "names that are not ours are kept");
}

Test(state, file_over_the_limit_is_moved_aside)
{
    char path[400], aside[600];
    snprintf(path, sizeof path, "%s/state.json", tmpdir);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    cr_assert_eq(ftruncate(fileno(fp), (64 << 20) + 1), 0); /* sparse: 64 MiB + 1 byte */
    fclose(fp);
    cJSON *st = NULL;
    RError err = {0};
    char warning[512];
    cr_assert_eq(state_load(tmpdir, &st, warning, sizeof warning, &err), 0, "%s", err.msg);
    cJSON_Delete(st);
    cr_assert(strstr(warning, "larger than 64 MiB"), "%s", warning);
    cr_assert_eq(count_prefix(tmpdir, "state.json.corrupt-", aside, sizeof aside), 1);
}

/* Kill test: a child saves a growing counter again and again and reports each save that
 * returned; it is SIGKILLed at a random moment, hundreds of times. After every kill the state
 * must load without being called corrupt, and hold the newest completed save (or the one the
 * kill interrupted after its rename). The temp file a kill leaves is removed by the next load. */
Test(state, hundreds_of_sigkills_during_saves, .timeout = 180)
{
    enum { KILLS = 300 };
    long base = 0;
    unsigned seed = 15;
    int survived = 0, mid_save = 0;
    for (int k = 0; k < KILLS; k++) {
        int pfd[2];
        cr_assert_eq(pipe(pfd), 0);
        pid_t pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
            close(pfd[0]);
            char pad[3000];
            for (long i = base + 1;; i++) {
                cJSON *st = cJSON_CreateObject();
                cJSON_AddNumberToObject(st, "n", (double)i);
                size_t plen = (size_t)(i * 37 % (sizeof pad - 1)); /* sizes vary: short writes */
                memset(pad, 'x', plen);
                pad[plen] = '\0';
                cJSON_AddStringToObject(st, "pad", pad);
                RError err;
                if (state_save(tmpdir, st, &err) == 0 && write(pfd[1], &i, sizeof i) != sizeof i)
                    _exit(1);
                cJSON_Delete(st);
            }
        }
        close(pfd[1]);
        usleep((useconds_t)(rand_r(&seed) % 4000)); /* 0-4 ms: before, during or between saves */
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        long done = base, i;
        while (read(pfd[0], &i, sizeof i) == sizeof i)
            done = i;
        close(pfd[0]);
        mid_save += count_prefix(tmpdir, "state.json.tmp-", NULL, 0) > 0;
        cJSON *st = NULL;
        char warning[512] = "";
        RError err = {0};
        cr_assert_eq(state_load(tmpdir, &st, warning, sizeof warning, &err), 0, "kill %d: %s", k,
                     err.msg);
        cr_assert_str_empty(warning, "kill %d: %s", k, warning);
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(st, "n");
        long got = cJSON_IsNumber(n) ? (long)n->valuedouble : 0;
        cr_assert(got == done || got == done + 1, "kill %d: state holds %ld, newest completed %ld",
                  k, got, done);
        cJSON_Delete(st);
        base = got;
        survived++;
    }
    cr_assert_eq(survived, KILLS);
    cr_assert_eq(count_prefix(tmpdir, "state.json.tmp-", NULL, 0), 0, "temp files left behind");
    /* The test must have hit what it is about: kills in the middle of a save. */
    cr_assert_geq(mid_save, KILLS / 20, "only %d of %d kills landed during a save", mid_save,
                  KILLS);
    cr_assert_gt(base, KILLS / 10, "the saves made progress (%ld)", base);
    cr_log_info("%d kills survived, %d during a save, %ld saves completed", survived, mid_save,
                base);
}
