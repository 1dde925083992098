/* engine/notes: listing a notes folder, finding a note, reading with limits. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/notes.h"

#include "tests/engine/scratch_dir.h"

static char dir[] = "/tmp/rampup-notes-XXXXXX";

static void write_file(const char *name, const char *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(data, 1, len, f);
    fclose(f);
}

static void setup(void)
{
    scratch_make(dir);
    write_file("b_second.md", "intro\n\n# Second note\n", 22);
    write_file("a_first.md", "# First: a title\nbody\n", 22);
    write_file(".hidden.md", "# Hidden\n", 9);
    write_file("notes.txt", "not markdown\n", 13);
    write_file("binary.md", "# Bin\n\0\1\2", 9);
}

static void teardown(void)
{
    scratch_remove(dir);
}

TestSuite(notes, .init = setup, .fini = teardown);

Test(notes, lists_markdown_files_sorted_with_titles)
{
    NoteList l;
    RError err;
    cr_assert_eq(notes_list(dir, &l, &err), 0);
    cr_assert_eq(l.count, 3); /* a_first, b_second, binary; not hidden, not .txt */
    cr_assert_str_eq(l.items[0].name, "a_first.md");
    cr_assert_str_eq(l.items[0].title, "First: a title");
    cr_assert_str_eq(l.items[1].name, "b_second.md");
    cr_assert_str_eq(l.items[1].title, "Second note"); /* first "# " heading, not line 1 */
    cr_assert_eq(l.items[1].bytes, 22);
    cr_assert_eq(notes_find(&l, "b_second"), 1);
    cr_assert_eq(notes_find(&l, "A_FIRST.md"), 0);
    cr_assert_eq(notes_find(&l, "second note"), 1);
    cr_assert_eq(notes_find(&l, "nothing"), -1);
    notes_list_free(&l);
    notes_list_free(NULL);
}

Test(notes, missing_folder_is_an_error_with_its_path)
{
    NoteList l;
    RError err;
    cr_assert_eq(notes_list("/nonexistent/rampup", &l, &err), -1);
    cr_assert_str_eq(err.file, "/nonexistent/rampup");
    cr_assert(strstr(err.msg, "cannot open notes folder") != NULL);
}

Test(notes, read_refuses_binary_files)
{
    char path[256], *text;
    size_t len;
    RError err;
    snprintf(path, sizeof path, "%s/a_first.md", dir);
    cr_assert_eq(notes_read(path, &text, &len, &err), 0);
    cr_assert_eq(len, 22);
    cr_assert_str_eq(text, "# First: a title\nbody\n");
    free(text);
    snprintf(path, sizeof path, "%s/binary.md", dir);
    cr_assert_eq(notes_read(path, &text, &len, &err), -1);
    cr_assert(strstr(err.msg, "NUL") != NULL);
    cr_assert_null(text);
}

Test(notes, read_refuses_files_over_the_limit)
{
    char path[256], *text;
    size_t len;
    RError err;
    snprintf(path, sizeof path, "%s/huge.md", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(ftruncate(fileno(f), (off_t)NOTES_MAX_BYTES + 10), 0);
    fclose(f);
    /* A sparse file of NULs: refused for its size before its content is judged. */
    cr_assert_eq(notes_read(path, &text, &len, &err), -1);
    cr_assert(strstr(err.msg, "larger than") != NULL, "%s", err.msg);
}

/* `rampup notes show kv`: a unique prefix of a file name or a title picks the note; several
 * matches are all returned so the CLI can list them. */
Test(notes, prefix_of_name_or_title)
{
    NoteList l;
    RError err;
    cr_assert_eq(notes_list(dir, &l, &err), 0);
    size_t hits[4];
    cr_assert_eq(notes_find_prefix(&l, "a_f", hits, 4), 1);
    cr_assert_eq(hits[0], 0);
    cr_assert_eq(notes_find_prefix(&l, "SECOND", hits, 4), 1); /* title, any case */
    cr_assert_eq(hits[0], 1);
    cr_assert_eq(notes_find_prefix(&l, "b", hits, 4), 2); /* b_second.md and binary.md */
    cr_assert_eq(notes_find_prefix(&l, "f", hits, 4), 1); /* "First: ..." once, not twice */
    cr_assert_eq(notes_find_prefix(&l, "", hits, 4), 0);
    cr_assert_eq(notes_find_prefix(&l, "zz", hits, 4), 0);
    cr_assert_eq(notes_find_prefix(&l, "b", hits, 1), 2, "counts past cap");
    notes_list_free(&l);
}

Test(notes, limit_is_exact_8_mib_accepted_one_byte_more_refused)
{
    char path[256], *text;
    size_t len;
    RError err;
    snprintf(path, sizeof path, "%s/edge.md", dir);
    char *big = malloc(NOTES_MAX_BYTES + 1);
    memset(big, 'a', NOTES_MAX_BYTES + 1);
    write_file("edge.md", big, NOTES_MAX_BYTES);
    cr_assert_eq(notes_read(path, &text, &len, &err), 0, "%s", err.msg);
    cr_assert_eq(len, NOTES_MAX_BYTES);
    free(text);
    write_file("edge.md", big, NOTES_MAX_BYTES + 1);
    cr_assert_eq(notes_read(path, &text, &len, &err), -1);
    cr_assert_str_eq(err.msg, "file is larger than 8 MiB");
    free(big);
}

Test(notes, fifo_and_folder_named_md_are_skipped_and_said)
{
    char path[256];
    snprintf(path, sizeof path, "%s/pipe.md", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/folder.md", dir);
    cr_assert_eq(mkdir(path, 0700), 0);
    NoteList l;
    RError err;
    alarm(5); /* opening a FIFO without O_NONBLOCK would block here */
    cr_assert_eq(notes_list(dir, &l, &err), 0);
    alarm(0);
    cr_assert_eq(l.count, 3);
    cr_assert_eq(l.nskipped, 2);
    bool fifo = false, folder = false;
    for (size_t i = 0; i < l.nskipped; i++) {
        fifo |= strstr(l.skipped[i], "pipe.md: not a regular file (a FIFO), skipped") != NULL;
        folder |= strstr(l.skipped[i], "folder.md: not a regular file (a folder), skipped") != NULL;
    }
    cr_assert(fifo && folder, "%s", l.skipped[0]);
    notes_list_free(&l);
    char *text;
    size_t len;
    snprintf(path, sizeof path, "%s/pipe.md", dir);
    alarm(5);
    cr_assert_eq(notes_read(path, &text, &len, &err), -1);
    alarm(0);
    cr_assert_str_eq(err.msg, "not a regular file (a FIFO)");
}
