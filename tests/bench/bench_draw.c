/* make bench: per pane, the median time to draw one frame on a headless screen, and the time
 * from start to the first frame, at 80×24 and 200×60. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "panels/registry.h"
#include "tui/app.h"
#include "tui/paths.h"

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    char content[4096], notes[4096];
    paths_resolve("content", "content", NULL, content, sizeof content);
    paths_resolve("notes", "notes", NULL, notes, sizeof notes);
    AppConfig cfg = {
        .panels = panel_classes,
        .npanels = panel_class_count,
        .content_dir = content,
        .notes_dir = notes,
        .state_dir = NULL, /* never touch the user's state */
        .theme = THEME_DARK,
    };
    puts("draw benchmark (headless ncurses, xterm-256color, 200 frames per pane)");
    if (app_bench(&cfg, 24, 80, 200) != 0 || app_bench(&cfg, 60, 200, 200) != 0) {
        fputs("bench_draw: could not start a headless screen\n", stderr);
        return 1;
    }
    return 0;
}
