/* rampup: the terminal dashboard, or a headless subcommand. Wires the panes to the app. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "engine/state.h"
#include "engine/tour/tour.h"
#include "panels/registry.h"
#include "tui/app.h"
#include "tui/cli/cli.h"
#include "tui/paths.h"

#ifndef RAMPUP_VERSION
#define RAMPUP_VERSION "dev"
#endif

/* `rampup tour check` opens every scene on its pane; the headless command may not reach the
 * app itself, so main hands it this. */
static int check_scenes(void *ctx, const Tour *t, FILE *report)
{
    return app_check_tour(ctx, t, report);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: rampup [--notes DIR] [--content DIR] [--pane NAME] [--theme NAME] [--fresh]\n"
            "              [--tour [--loop] [--idle SECONDS] [--from FILE]] [--timer DURATION]\n"
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
            "  --theme NAME     dark (default), light, mono or projector; NO_COLOR selects mono\n"
            "  --fresh          start from defaults in memory; the saved state is neither read\n"
            "                   nor written (booth mode always runs this way)\n"
            "  --tour           play the booth tour (content/tour.yaml) once; P stops it\n"
            "  --loop           with --tour: attract mode, looping until a key hands the app to a\n"
            "                   visitor, then resetting and resuming after --idle seconds\n"
            "  --idle SECONDS   idle time before the tour resumes (default 60)\n"
            "  --from FILE      the tour to play: a tour YAML file, or a note whose pane links\n"
            "                   become the scenes (notes/llm_inference.md)\n"
            "  --timer DURATION a countdown in the status bar (15m, 1h30m, 90s), red in the last\n"
            "                   minute; 'clock' shows the time of day\n"
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
    const char *from = NULL, *idle_arg = NULL, *timer_arg = NULL;
    bool tour = false, loop = false, fresh = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--notes") == 0 ? &notes
                          : strcmp(a, "--content") == 0 ? &content
                          : strcmp(a, "--pane") == 0 ? &pane
                          : strcmp(a, "--theme") == 0 ? &theme_arg
                          : strcmp(a, "--from") == 0 ? &from
                          : strcmp(a, "--idle") == 0 ? &idle_arg
                          : strcmp(a, "--timer") == 0 ? &timer_arg : NULL;
        bool *flag = strcmp(a, "--tour") == 0 ? &tour
                   : strcmp(a, "--loop") == 0 ? &loop
                   : strcmp(a, "--fresh") == 0 ? &fresh : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "rampup: %s needs a value\ntry 'rampup --help'\n", a);
                return CLI_USAGE;
            }
            *slot = argv[++i];
        } else if (flag) {
            *flag = true;
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
        const char *names[64];
        size_t npanes = 0;
        for (size_t k = 0; k < panel_class_count && npanes < 64; k++)
            names[npanes++] = panel_classes[k]->name;
        AppConfig check_cfg = {.panels = panel_classes, .npanels = panel_class_count,
                               .content_dir = content_dir, .notes_dir = notes_dir};
        CliEnv env = {content_dir, notes_dir, names, npanes, check_scenes, &check_cfg};
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
        fprintf(stderr, "rampup: unknown theme '%s' (dark, light, mono, projector)\n", theme_arg);
        return CLI_USAGE;
    }
    if ((loop || from || idle_arg) && !tour) {
        fprintf(stderr, "rampup: --loop, --idle and --from go with --tour\n");
        return CLI_USAGE;
    }
    double idle = 60, timer = 0;
    if (idle_arg && (tour_parse_duration(idle_arg, &idle) != 0 || idle > 3600)) {
        fprintf(stderr, "rampup: --idle: expected seconds between 1 and 3600 (or 2m), not '%s'\n",
                idle_arg);
        return CLI_USAGE;
    }
    if (timer_arg && strcmp(timer_arg, "clock") == 0)
        timer = -1;
    else if (timer_arg && tour_parse_duration(timer_arg, &timer) != 0) {
        fprintf(stderr, "rampup: --timer: expected a duration such as 15m, 1h30m, 90s or 'clock', not '%s'\n",
                timer_arg);
        return CLI_USAGE;
    }
    Tour scenes = {0};
    if (tour) { /* a broken tour is reported before the screen starts */
        char path[4200];
        snprintf(path, sizeof path, "%s/tour.yaml", content_dir);
        RError err;
        if (tour_open(from ? from : path, &scenes, &err) != 0) {
            char msg[1024];
            rerror_format(&err, msg, sizeof msg);
            fprintf(stderr, "rampup: %s\n", msg);
            return CLI_FAIL;
        }
    }
    if (notes_ok != 0)
        fprintf(stderr, "rampup: warning: notes folder %s not found\n", notes_dir);
    if (content_ok != 0)
        fprintf(stderr, "rampup: warning: content folder %s not found\n", content_dir);

    char state_path[4096];
    /* Booth mode never touches the owner's saved state: a visitor starts from defaults. */
    bool persist = !fresh && !tour && state_dir(state_path, sizeof state_path) >= 0;
    AppConfig cfg = {
        .panels = panel_classes,
        .npanels = panel_class_count,
        .first_pane = pane,
        .content_dir = content_dir,
        .notes_dir = notes_dir,
        .state_dir = persist ? state_path : NULL,
        .theme = theme,
        .tour = tour ? &scenes : NULL,
        .tour_loop = loop,
        .tour_idle = idle,
        .timer = timer,
    };
    int code = app_run(&cfg);
    tour_free(&scenes);
    return code;
}
