/* rampup: the terminal dashboard, or a headless subcommand. Wires the panes to the app. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "engine/state.h"
#include "panels/registry.h"
#include "tui/app.h"
#include "tui/cli/cli.h"
#include "tui/paths.h"

#ifndef RAMPUP_VERSION
#define RAMPUP_VERSION "dev"
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "usage: rampup [--notes DIR] [--content DIR] [--pane NAME] [--theme dark|light|mono]\n"
            "       rampup [--notes DIR] [--content DIR] COMMAND [ARGS…]\n"
            "\n"
            "A terminal dashboard for learning how LLM systems work. Without a command it starts\n"
            "the app; with one it prints to stdout and never starts the screen.\n"
            "\n"
            "options:\n"
            "  --pane NAME      open this pane first (");
    for (size_t i = 0; i < panel_class_count; i++)
        fprintf(out, "%s%s", i ? ", " : "", panel_classes[i]->name);
    fprintf(out,
            ")\n"
            "  --theme NAME     dark (default), light or mono; NO_COLOR also selects mono\n"
            "  --notes DIR      study notes folder (or RAMPUP_NOTES_DIR)\n"
            "  --content DIR    content folder (or RAMPUP_CONTENT_DIR)\n"
            "  --help, --version\n"
            "\n"
            "commands (each takes --help):\n");
    cli_print_commands();
    fprintf(out, "\nexit codes: 0 success, 1 failure, 2 usage error\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    const char *notes = NULL, *content = NULL, *pane = NULL, *theme_arg = NULL;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--notes") == 0 ? &notes
                          : strcmp(a, "--content") == 0 ? &content
                          : strcmp(a, "--pane") == 0 ? &pane
                          : strcmp(a, "--theme") == 0 ? &theme_arg : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "rampup: %s needs a value\ntry 'rampup --help'\n", a);
                return CLI_USAGE;
            }
            *slot = argv[++i];
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("rampup %s\n", RAMPUP_VERSION);
            return CLI_OK;
        } else if (a[0] == '-') {
            fprintf(stderr, "rampup: unknown option '%s'\ntry 'rampup --help'\n", a);
            return CLI_USAGE;
        } else {
            break;
        }
    }

    char content_dir[4096], notes_dir[4096];
    int content_ok = paths_resolve("content", content, "RAMPUP_CONTENT_DIR", content_dir,
                                   sizeof content_dir);
    int notes_ok = paths_resolve("notes", notes, "RAMPUP_NOTES_DIR", notes_dir, sizeof notes_dir);

    if (i < argc) {
        const char *pane_names[64];
        size_t npanes = 0;
        for (size_t k = 0; k < panel_class_count && npanes < 64; k++)
            pane_names[npanes++] = panel_classes[k]->name;
        CliEnv env = {content_dir, notes_dir, pane_names, npanes};
        int code = cli_dispatch(&env, argc - i, argv + i);
        if (code < 0) {
            fprintf(stderr, "rampup: unknown command '%s'\ntry 'rampup --help'\n", argv[i]);
            return CLI_USAGE;
        }
        return code;
    }
    if (pane || theme_arg) { /* validate before the screen starts */
        bool found = !pane;
        for (size_t k = 0; pane && k < panel_class_count; k++)
            found |= strcmp(panel_classes[k]->name, pane) == 0;
        if (!found) {
            fprintf(stderr, "rampup: no pane called '%s'\ntry 'rampup --help'\n", pane);
            return CLI_USAGE;
        }
    }
    ThemeKind theme = THEME_DARK;
    if (theme_arg && !theme_parse(theme_arg, &theme)) {
        fprintf(stderr, "rampup: unknown theme '%s' (dark, light, mono)\n", theme_arg);
        return CLI_USAGE;
    }
    if (notes_ok != 0)
        fprintf(stderr, "rampup: warning: notes folder %s not found\n", notes_dir);
    if (content_ok != 0)
        fprintf(stderr, "rampup: warning: content folder %s not found\n", content_dir);

    char state_path[4096];
    bool persist = state_dir(state_path, sizeof state_path) >= 0;
    AppConfig cfg = {
        .panels = panel_classes,
        .npanels = panel_class_count,
        .first_pane = pane,
        .content_dir = content_dir,
        .notes_dir = notes_dir,
        .state_dir = persist ? state_path : NULL,
        .theme = theme,
    };
    return app_run(&cfg);
}
