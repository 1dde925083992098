/* `rampup tour check [FILE]` and `rampup tour list [FILE]`: a booth tour validated headless.
 * FILE is a tour YAML file or a note (*.md), whose pane links make the scenes. */
#include "tui/cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "engine/tour/tour.h"

static int tour_help(void)
{
    puts("usage: rampup tour check [FILE]\n"
         "       rampup tour list [FILE]\n"
         "\n"
         "check  validate a tour: its format (file:line:col on the first error), that every\n"
         "       scene names a pane that exists, and each scene's settings\n"
         "list   print the scenes: pane, argument, animation, duration and caption\n"
         "FILE defaults to content/tour.yaml; a .md note gives the tour `--tour --from` plays.");
    return CLI_OK;
}

static bool pane_known(const CliEnv *env, const char *name)
{
    for (size_t i = 0; i < env->npanes; i++)
        if (strcmp(env->panes[i], name) == 0)
            return true;
    return false;
}

static const char *anim_name(TourAnimKind k)
{
    static const char *const names[] = {"-", "sweep", "step", "type", "ramp"};
    return names[k];
}

int cli_tour(const CliEnv *env, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return argc < 2 ? cli_usage("tour", "expected check or list") : tour_help();
    bool check = strcmp(argv[1], "check") == 0;
    if (!check && strcmp(argv[1], "list") != 0)
        return cli_usage("tour", "unknown subcommand '%s'", argv[1]);
    if (argc > 3)
        return cli_usage("tour", "expected at most one FILE");
    char path[4200];
    if (argc == 3)
        snprintf(path, sizeof path, "%s", argv[2]);
    else
        snprintf(path, sizeof path, "%s/tour.yaml", env->content_dir);
    Tour t;
    RError err;
    if (tour_open(path, &t, &err) != 0)
        return cli_fail_err(&err);
    int rc = CLI_OK;
    for (size_t i = 0; i < t.count; i++) {
        const TourScene *s = &t.scenes[i];
        if (check && !env->check_scenes && !pane_known(env, s->pane)) {
            fprintf(stderr, "rampup: %s:%d: scene %zu: no pane called '%s'\n", path, s->line, i + 1,
                    s->pane);
            rc = CLI_FAIL;
        }
        if (!check) {
            char arg[512];
            tour_scene_arg(s, 0, arg, sizeof arg);
            printf("%2zu  %-8s %-5s %4.0fs  %s\n    %s%s%s\n", i + 1, s->pane,
                   anim_name(s->anim.kind), s->duration, arg, s->caption[0],
                   s->caption[1][0] ? " / " : "", s->caption[1]);
        }
    }
    if (check && env->check_scenes && env->check_scenes(env->check_ctx, &t, stderr) != 0)
        rc = CLI_FAIL;
    if (check && rc == CLI_OK)
        printf("%s: %zu scenes, %.0f s, ok\n", path, t.count, tour_length(&t));
    tour_free(&t);
    return rc;
}
