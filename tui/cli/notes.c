/* `rampup notes list [--json]` and `rampup notes show NAME|PATH [--width N]`. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/notes.h"
#include "engine/text/markdown.h"

static int notes_help(void)
{
    puts("usage: rampup notes list [--json]\n"
         "       rampup notes show NAME|PATH [--width N]\n"
         "\n"
         "list  the notes in the notes folder (--notes DIR or RAMPUP_NOTES_DIR) with their titles\n"
         "show  print one note as plain text, wrapped at --width columns (default 80); NAME is a\n"
         "      file name, a name without .md, a title, or a path to any Markdown file");
    return CLI_OK;
}

static int notes_list_cmd(const CliEnv *env, bool json)
{
    NoteList list;
    RError err;
    if (notes_list(env->notes_dir, &list, &err) != 0)
        return cli_fail_err(&err);
    for (size_t i = 0; i < list.nskipped; i++)
        fprintf(stderr, "rampup: %s\n", list.skipped[i]);
    int rc = CLI_OK;
    if (json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "dir", env->notes_dir);
        cJSON *arr = cJSON_AddArrayToObject(root, "notes");
        for (size_t i = 0; i < list.count; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", list.items[i].name);
            cJSON_AddStringToObject(o, "title", list.items[i].title);
            cJSON_AddStringToObject(o, "path", list.items[i].path);
            cli_json_add_u64(o, "bytes", list.items[i].bytes);
            cJSON_AddItemToArray(arr, o);
        }
        rc = cli_json_print(root);
        cJSON_Delete(root);
    } else {
        for (size_t i = 0; i < list.count; i++)
            printf("%-24s %s\n", list.items[i].name, list.items[i].title);
    }
    notes_list_free(&list);
    return rc;
}

static int notes_show_cmd(const CliEnv *env, const char *name, int width)
{
    char path[4096];
    NoteList list = {0};
    RError err;
    if (strchr(name, '/')) {
        snprintf(path, sizeof path, "%s", name);
    } else {
        if (notes_list(env->notes_dir, &list, &err) != 0)
            return cli_fail_err(&err);
        long i = notes_find(&list, name);
        if (i < 0) {
            notes_list_free(&list);
            return cli_fail("no note called '%s' in %s (see 'rampup notes list')", name,
                            env->notes_dir);
        }
        snprintf(path, sizeof path, "%s", list.items[i].path);
        notes_list_free(&list);
    }
    char *text;
    size_t len;
    if (notes_read(path, &text, &len, &err) != 0)
        return cli_fail_err(&err);
    MdDoc *doc;
    if (md_parse(text, len, &doc, &err) != 0) {
        free(text);
        return cli_fail_err(&err);
    }
    char *out = md_render_text(doc, width);
    md_free(doc);
    free(text);
    if (!out)
        return cli_fail("out of memory");
    fputs(out, stdout);
    free(out);
    return CLI_OK;
}

int cli_notes(const CliEnv *env, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return argc < 2 ? cli_usage("notes", "expected 'list' or 'show'") : notes_help();
    if (strcmp(argv[1], "list") == 0) {
        bool json = false;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--json") == 0)
                json = true;
            else
                return cli_usage("notes", "unexpected argument '%s'", argv[i]);
        }
        return notes_list_cmd(env, json);
    }
    if (strcmp(argv[1], "show") == 0) {
        const char *name = NULL;
        long long width = 80;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--width") == 0) {
                if (i + 1 >= argc || !cli_parse_ll(argv[++i], 20, 1000, &width))
                    return cli_usage("notes", "--width takes a number from 20 to 1000");
            } else if (!name) {
                name = argv[i];
            } else {
                return cli_usage("notes", "unexpected argument '%s'", argv[i]);
            }
        }
        if (!name)
            return cli_usage("notes", "show needs a note name or path");
        return notes_show_cmd(env, name, (int)width);
    }
    return cli_usage("notes", "unknown subcommand '%s'", argv[1]);
}
