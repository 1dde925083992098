/* engine/fileio: regular files only (FIFOs never block, devices and folders are refused) and
 * whole-file reads bounded exactly at their limit. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/fileio.h"

#include "tests/engine/scratch_dir.h"

static char dir[] = "/tmp/rampup-fileio-XXXXXX";

static void setup(void)
{
    scratch_make(dir);
}

static void teardown(void)
{
    scratch_remove(dir);
}

TestSuite(fileio, .init = setup, .fini = teardown);

Test(fileio, only_regular_files_open)
{
    char fifo[300];
    snprintf(fifo, sizeof fifo, "%s/pipe", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    RError err;
    alarm(5); /* a blocking open of a FIFO without a writer would hang here */
    cr_assert_eq(fileio_open(fifo, &err), -1);
    alarm(0);
    cr_assert_str_eq(err.msg, "not a regular file (a FIFO)");
    cr_assert_str_eq(err.file, fifo);
    cr_assert_eq(fileio_open(dir, &err), -1);
    cr_assert_str_eq(err.msg, "not a regular file (a folder)");
    cr_assert_null(fileio_fopen("/dev/null", &err));
    cr_assert_str_eq(err.msg, "not a regular file (a character device)");
    cr_assert_eq(fileio_open("/nonexistent/x", &err), -1);
    cr_assert_eq(errno, ENOENT);
    cr_assert_str_eq(err.msg, "cannot open: No such file or directory");
}

Test(fileio, read_is_exact_at_its_limit)
{
    char path[300];
    snprintf(path, sizeof path, "%s/f", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("0123456789", f);
    fclose(f);
    char *text;
    size_t len;
    RError err;
    cr_assert_eq(fileio_read(path, 10, &text, &len, &err), 0, "%s", err.msg);
    cr_assert_eq(len, 10);
    cr_assert_str_eq(text, "0123456789");
    free(text);
    cr_assert_eq(fileio_read(path, 9, &text, &len, &err), -1);
    cr_assert_eq(errno, EFBIG);
    cr_assert_str_eq(err.msg, "file is larger than 9 B");
    cr_assert_null(text);
    /* A file whose size the kernel does not report (procfs says 0) is still bounded. */
    cr_assert_eq(fileio_read("/proc/self/status", 16, &text, &len, &err), -1);
    cr_assert_eq(errno, EFBIG);
    cr_assert_eq(fileio_read("/proc/self/status", 1 << 20, &text, &len, &err), 0, "%s", err.msg);
    cr_assert_gt(len, 16);
    cr_assert_eq(strlen(text), len);
    free(text);
}
