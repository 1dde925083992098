/* `rampup notes list [--json]` and `rampup notes show NAME|PATH [--width N]`. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/figure/check.h"
#include "engine/figure/figure.h"
#include "engine/notes.h"
#include "engine/study/cards.h"
#include "engine/text/markdown.h"

static int notes_help(void)
{
    puts("usage: rampup notes list [--json]\n"
         "       rampup notes show NAME|PATH [--width N]\n"
         "       rampup notes check [--json]\n"
         "\n"
         "list  the notes in the notes folder (--notes DIR or RAMPUP_NOTES_DIR) with their titles\n"
         "show  print one note as plain text, wrapped at --width columns (default 80); NAME is a\n"
         "      file name, a name without .md, a title, a unique prefix of either (kv), or a\n"
         "      path to any Markdown file\n"
         "check every live figure {{kv ...}} and every pane: link of every note, and each card's\n"
         "      note section (content/cards.yaml); problems as file:line:col, exit 1");
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
        if (i < 0) { /* a unique prefix of a file name or a title will do */
            size_t hits[16];
            size_t n = notes_find_prefix(&list, name, hits, 16);
            if (n == 1) {
                i = (long)hits[0];
            } else if (n > 1) {
                fprintf(stderr, "rampup: '%s' matches %zu notes:\n", name, n);
                for (size_t k = 0; k < n && k < 16; k++)
                    fprintf(stderr, "  %-24s %s\n", list.items[hits[k]].name,
                            list.items[hits[k]].title);
                notes_list_free(&list);
                return cli_fail("give more of the name");
            } else {
                notes_list_free(&list);
                return cli_fail("no note called '%s' in %s (see 'rampup notes list')", name,
                                env->notes_dir);
            }
        }
        snprintf(path, sizeof path, "%s", list.items[i].path);
        notes_list_free(&list);
    }
    char *text;
    size_t len;
    if (figure_read_note(path, env->content_dir, &text, &len, &err) != 0)
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

/* One problem: "file:line:col: message" or a JSON object. */
static void report_issue(cJSON *arr, const char *file, const FigureIssue *it)
{
    if (!arr) {
        fprintf(stderr, "%s:%d:%d: %s\n", file, it->line, it->col, it->msg);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", file);
    cJSON_AddNumberToObject(o, "line", it->line);
    cJSON_AddNumberToObject(o, "col", it->col);
    cJSON_AddStringToObject(o, "message", it->msg);
    cJSON_AddItemToArray(arr, o);
}

static int notes_check_cmd(const CliEnv *env, bool json)
{
    NoteList list;
    RError err;
    FigureCtx *ctx;
    if (notes_list(env->notes_dir, &list, &err) != 0)
        return cli_fail_err(&err);
    if (figure_ctx_new(env->content_dir, &ctx, &err) != 0) {
        notes_list_free(&list);
        return cli_fail_err(&err);
    }
    CheckEnv cenv = {env->notes_dir, env->content_dir, env->panes, env->npanes};
    CheckCounts counts = {0, 0};
    size_t problems = 0, ncards = 0;
    cJSON *root = json ? cJSON_CreateObject() : NULL;
    cJSON *arr = root ? cJSON_AddArrayToObject(root, "issues") : NULL;
    for (size_t i = 0; i < list.count; i++) {
        char *text;
        size_t len;
        FigureIssues issues = {0};
        if (notes_read(list.items[i].path, &text, &len, &err) != 0) {
            figure_issue_add(&issues, 1, 1, "%s", err.msg);
        } else {
            check_note(ctx, &cenv, text, len, &issues, &counts);
            free(text);
        }
        for (size_t k = 0; k < issues.count; k++)
            report_issue(arr, list.items[i].path, &issues.items[k]);
        problems += issues.count;
        figure_issues_free(&issues);
    }
    char cards_path[4096];
    snprintf(cards_path, sizeof cards_path, "%s/cards.yaml", env->content_dir);
    CardDeck deck;
    if (access(cards_path, F_OK) == 0) { /* by name: opening a FIFO would block */
        FigureIssues issues = {0};
        if (cards_load(cards_path, &deck, &err) != 0) {
            figure_issue_add(&issues, err.line, err.col, "%s", err.msg);
        } else {
            ncards = deck.count;
            check_cards(ctx, &deck, env->notes_dir, &issues);
            cards_free(&deck);
        }
        for (size_t k = 0; k < issues.count; k++)
            report_issue(arr, cards_path, &issues.items[k]);
        problems += issues.count;
        figure_issues_free(&issues);
    }
    int rc = problems ? CLI_FAIL : CLI_OK;
    if (root) {
        cJSON_AddNumberToObject(root, "notes", (double)list.count);
        cJSON_AddNumberToObject(root, "figures", (double)counts.figures);
        cJSON_AddNumberToObject(root, "links", (double)counts.links);
        cJSON_AddNumberToObject(root, "cards", (double)ncards);
        cJSON_AddBoolToObject(root, "ok", problems == 0);
        if (cli_json_print(root) != CLI_OK)
            rc = CLI_FAIL;
        cJSON_Delete(root);
    } else {
        printf("%zu notes: %zu live figures, %zu pane links; %zu cards: %zu problem%s\n",
               list.count, counts.figures, counts.links, ncards, problems,
               problems == 1 ? "" : "s");
    }
    figure_ctx_free(ctx);
    notes_list_free(&list);
    return rc;
}

int cli_notes(const CliEnv *env, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return argc < 2 ? cli_usage("notes", "expected 'list', 'show' or 'check'") : notes_help();
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
    if (strcmp(argv[1], "check") == 0) {
        bool json = argc == 3 && strcmp(argv[2], "--json") == 0;
        if (argc > 3 || (argc == 3 && !json))
            return cli_usage("notes", "check takes only --json");
        return notes_check_cmd(env, json);
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
