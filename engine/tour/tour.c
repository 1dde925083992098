/* Tour files: content/tour.yaml decoded into TourScene records, with file:line:col errors. */
#include "engine/tour/tour.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/content/yaml.h"
#include "engine/text/utf8.h"
#include "engine/tour/tour_priv.h"

/* A string that must fit `size` bytes and be printable UTF-8 (captions reach the screen). */
static int copy_text(const YamlDoc *doc, const cJSON *node, const char *what, char *dst,
                     size_t size, RError *err)
{
    if (!cJSON_IsString(node))
        return yaml_error(doc, node, err, "%s: expected a string", what);
    const char *s = node->valuestring;
    size_t n = strlen(s);
    if (n == 0)
        return yaml_error(doc, node, err, "%s is empty", what);
    if (n >= size)
        return yaml_error(doc, node, err, "%s is longer than %zu bytes", what, size - 1);
    if (!utf8_valid(s, n))
        return yaml_error(doc, node, err, "%s is not valid UTF-8", what);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 32 || s[i] == 127)
            return yaml_error(doc, node, err, "%s holds a control character", what);
    memcpy(dst, s, n + 1);
    return 0;
}

/* A setting name: letters, digits, '_', '-', '.'. */
static bool valid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return false;
    return true;
}

/* A scalar setting value as text: strings as they are, numbers in shortest round-trip form. */
static int value_text(const YamlDoc *doc, const cJSON *v, const char *name, char *dst,
                      size_t size, RError *err)
{
    if (cJSON_IsNumber(v)) {
        if (!isfinite(v->valuedouble))
            return yaml_error(doc, v, err, "setting '%s' must be a finite number", name);
        snprintf(dst, size, "%.17g", v->valuedouble);
        /* prefer the short form when it reads back the same */
        char shortv[64];
        snprintf(shortv, sizeof shortv, "%.15g", v->valuedouble);
        if (strtod(shortv, NULL) == v->valuedouble)
            snprintf(dst, size, "%s", shortv);
        return 0;
    }
    if (cJSON_IsBool(v)) {
        snprintf(dst, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
        return 0;
    }
    if (!cJSON_IsString(v))
        return yaml_error(doc, v, err, "setting '%s': expected a number or a string", name);
    char what[64];
    snprintf(what, sizeof what, "setting '%s'", name);
    if (copy_text(doc, v, what, dst, size, err) != 0)
        return -1;
    if (strpbrk(dst, " \t,&?="))
        return yaml_error(doc, v, err, "setting '%s': a value holds no spaces, ',', '&', '?' or '='",
                          name);
    return 0;
}

static int add_setting(const YamlDoc *doc, const cJSON *at, TourScene *sc, const char *name,
                       size_t name_len, RError *err)
{
    if (sc->nsettings >= TOUR_MAX_SETTINGS)
        return yaml_error(doc, at, err, "more than %d settings in one scene", TOUR_MAX_SETTINGS);
    TourSetting *s = &sc->settings[sc->nsettings];
    if (name_len >= sizeof s->name)
        return yaml_error(doc, at, err, "setting name longer than %zu bytes", sizeof s->name - 1);
    memcpy(s->name, name, name_len);
    s->name[name_len] = '\0';
    if (!valid_name(s->name))
        return yaml_error(doc, at, err, "setting name '%s' may hold only letters, digits, '_', '-', '.'",
                          s->name);
    for (size_t i = 0; i < sc->nsettings; i++)
        if (strcmp(sc->settings[i].name, s->name) == 0)
            return yaml_error(doc, at, err, "setting '%s' given twice", s->name);
    sc->nsettings++;
    return 0;
}

/* settings: {name: value, …} or ["name=value", …]. */
static int decode_settings(const YamlDoc *doc, const cJSON *node, TourScene *sc, RError *err)
{
    const cJSON *it;
    if (cJSON_IsObject(node)) {
        cJSON_ArrayForEach(it, node)
        {
            if (add_setting(doc, it, sc, it->string, strlen(it->string), err) != 0 ||
                value_text(doc, it, it->string, sc->settings[sc->nsettings - 1].value,
                           TOUR_VALUE_MAX, err) != 0)
                return -1;
        }
        return 0;
    }
    if (!cJSON_IsArray(node))
        return yaml_error(doc, node, err, "settings: expected a mapping or a list of \"name=value\"");
    cJSON_ArrayForEach(it, node)
    {
        const char *eq = cJSON_IsString(it) ? strchr(it->valuestring, '=') : NULL;
        if (!eq || eq == it->valuestring)
            return yaml_error(doc, it, err, "settings: expected \"name=value\"");
        if (add_setting(doc, it, sc, it->valuestring, (size_t)(eq - it->valuestring), err) != 0)
            return -1;
        cJSON tmp = *it;
        tmp.valuestring = (char *)eq + 1;
        TourSetting *s = &sc->settings[sc->nsettings - 1];
        if (!*tmp.valuestring)
            return yaml_error(doc, it, err, "setting '%s' has no value", s->name);
        if (value_text(doc, &tmp, s->name, s->value, sizeof s->value, err) != 0) {
            int line, col;
            if (yaml_pos(doc, it, &line, &col)) /* tmp has no position of its own */
                err->line = line, err->col = col;
            return -1;
        }
    }
    return 0;
}

/* Rejects keys outside `allowed` (NULL-terminated), so a typo is an error, not ignored. */
static int only_keys(const YamlDoc *doc, const cJSON *obj, const char *what,
                     const char *const *allowed, RError *err)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj)
    {
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = strcmp(it->string, allowed[i]) == 0;
        if (!ok) {
            char list[256] = "";
            for (size_t i = 0; allowed[i]; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                         allowed[i]);
            return yaml_error(doc, it, err, "%s: unknown key '%s' (expected %s)", what, it->string,
                              list);
        }
    }
    return 0;
}

static int get_seconds(const YamlDoc *doc, const cJSON *obj, const char *key, bool required,
                       double lo, double hi, double *out, RError *err)
{
    if (yaml_get_double(doc, obj, key, required, out, err) != 0)
        return -1;
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (n && !(*out >= lo && *out <= hi))
        return yaml_error(doc, n, err, "'%s' must be between %g and %g seconds", key, lo, hi);
    return 0;
}

static int get_end(const YamlDoc *doc, const cJSON *obj, const char *key, double *out, RError *err)
{
    if (yaml_get_double(doc, obj, key, true, out, err) != 0)
        return -1;
    if (!isfinite(*out) || fabs(*out) > 1e30)
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(obj, key), err,
                          "'%s' must be a finite number below 1e30", key);
    return 0;
}

/* animate: one of {sweep: NAME, from, to, over, path}, {step: S}, {type: TEXT, every},
 * {ramp: NAME, from, to, over}. */
static int decode_anim(const YamlDoc *doc, const cJSON *node, TourAnim *a, RError *err)
{
    if (!cJSON_IsObject(node))
        return yaml_error(doc, node, err, "animate: expected a mapping (sweep, step, type or ramp)");
    static const char *const kinds[] = {"sweep", "step", "type", "ramp"};
    const cJSON *which = NULL;
    for (size_t i = 0; i < 4; i++) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(node, kinds[i]);
        if (!k)
            continue;
        if (which)
            return yaml_error(doc, k, err, "animate: one of sweep, step, type or ramp, not two");
        which = k;
        a->kind = (TourAnimKind)(TOUR_ANIM_SWEEP + i);
    }
    if (!which)
        return yaml_error(doc, node, err, "animate: expected a key sweep, step, type or ramp");
    switch (a->kind) {
    case TOUR_ANIM_SWEEP:
    case TOUR_ANIM_RAMP: {
        static const char *const sweep_keys[] = {"sweep", "from", "to", "over", "path", NULL};
        static const char *const ramp_keys[] = {"ramp", "from", "to", "over", NULL};
        bool sweep = a->kind == TOUR_ANIM_SWEEP;
        if (only_keys(doc, node, "animate", sweep ? sweep_keys : ramp_keys, err) != 0 ||
            copy_text(doc, which, sweep ? "sweep" : "ramp", a->setting, sizeof a->setting, err) != 0)
            return -1;
        if (!valid_name(a->setting))
            return yaml_error(doc, which, err, "'%s' is not a setting name", a->setting);
        a->seconds = 0;
        if (get_end(doc, node, "from", &a->from, err) != 0 ||
            get_end(doc, node, "to", &a->to, err) != 0 ||
            get_seconds(doc, node, "over", true, 0.5, TOUR_MAX_SECONDS, &a->seconds, err) != 0)
            return -1;
        const char *path = "linear";
        if (yaml_get_string(doc, node, "path", false, &path, err) != 0)
            return -1;
        if (strcmp(path, "log") != 0 && strcmp(path, "linear") != 0)
            return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(node, "path"), err,
                              "path: expected linear or log, found '%s'", path);
        a->log = strcmp(path, "log") == 0;
        if (a->log && !(a->from > 0 && a->to > 0))
            return yaml_error(doc, node, err, "a log sweep needs from and to above zero");
        if (!sweep && !(a->from >= 0 && a->to > a->from))
            return yaml_error(doc, node, err, "a ramp rises: 0 <= from < to");
        /* whole ends give whole values (token counts); huge ones stay in e-notation */
        a->integer = a->from == floor(a->from) && a->to == floor(a->to) && fabs(a->from) < 1e15 &&
                     fabs(a->to) < 1e15;
        return 0;
    }
    case TOUR_ANIM_STEP: {
        static const char *const keys[] = {"step", NULL};
        if (only_keys(doc, node, "animate", keys, err) != 0 ||
            get_seconds(doc, node, "step", true, 0.2, 60, &a->seconds, err) != 0)
            return -1;
        return 0;
    }
    case TOUR_ANIM_TYPE: {
        static const char *const keys[] = {"type", "every", NULL};
        a->seconds = 0.15;
        if (only_keys(doc, node, "animate", keys, err) != 0 ||
            copy_text(doc, which, "type", a->text, sizeof a->text, err) != 0 ||
            get_seconds(doc, node, "every", false, 0.02, 5, &a->seconds, err) != 0)
            return -1;
        return 0;
    }
    case TOUR_ANIM_NONE: break;
    }
    return 0;
}

/* caption: "text" or ["line 1", "line 2"]. */
static int decode_caption(const YamlDoc *doc, const cJSON *node, TourScene *sc, RError *err)
{
    int n = cJSON_IsString(node) ? 1 : cJSON_IsArray(node) ? cJSON_GetArraySize(node) : 0;
    if (n < 1 || n > 2)
        return yaml_error(doc, node, err, "caption: expected a string or a list of one or two lines");
    for (int i = 0; i < n; i++) {
        const cJSON *line = cJSON_IsString(node) ? node : cJSON_GetArrayItem(node, i);
        if (copy_text(doc, line, "caption", sc->caption[i], sizeof sc->caption[i], err) != 0)
            return -1;
        size_t cols = utf8_length(sc->caption[i], strlen(sc->caption[i]));
        if (cols > TOUR_CAPTION_COLS)
            return yaml_error(doc, line, err,
                              "caption line of %zu characters: at most %d fit the banner at 80 columns",
                              cols, TOUR_CAPTION_COLS);
    }
    return 0;
}

static int decode_scene(const YamlDoc *doc, const cJSON *item, TourScene *sc, RError *err)
{
    static const char *const keys[] = {"pane", "open", "settings", "animate", "caption",
                                       "headline", "duration", NULL};
    if (!cJSON_IsObject(item))
        return yaml_error(doc, item, err, "expected a mapping describing one scene");
    memset(sc, 0, sizeof *sc);
    int col;
    yaml_pos(doc, item, &sc->line, &col);
    if (only_keys(doc, item, "scene", keys, err) != 0)
        return -1;
    const cJSON *n;
    if (!(n = cJSON_GetObjectItemCaseSensitive(item, "pane")))
        return yaml_error(doc, item, err, "missing required key \"pane\"");
    if (copy_text(doc, n, "pane", sc->pane, sizeof sc->pane, err) != 0)
        return -1;
    if (!valid_name(sc->pane))
        return yaml_error(doc, n, err, "'%s' is not a pane name", sc->pane);
    if ((n = cJSON_GetObjectItemCaseSensitive(item, "open")) &&
        copy_text(doc, n, "open", sc->open, sizeof sc->open, err) != 0)
        return -1;
    if ((n = cJSON_GetObjectItemCaseSensitive(item, "settings")) &&
        decode_settings(doc, n, sc, err) != 0)
        return -1;
    if ((n = cJSON_GetObjectItemCaseSensitive(item, "animate")) && decode_anim(doc, n, &sc->anim, err) != 0)
        return -1;
    if (!(n = cJSON_GetObjectItemCaseSensitive(item, "caption")))
        return yaml_error(doc, item, err, "missing required key \"caption\"");
    if (decode_caption(doc, n, sc, err) != 0)
        return -1;
    if ((n = cJSON_GetObjectItemCaseSensitive(item, "headline"))) {
        if (copy_text(doc, n, "headline", sc->headline, sizeof sc->headline, err) != 0)
            return -1;
        if (!valid_name(sc->headline))
            return yaml_error(doc, n, err, "headline: expected a figure name such as 'seed', not '%s'",
                              sc->headline);
    }
    sc->duration = TOUR_DEFAULT_SECONDS;
    if (get_seconds(doc, item, "duration", false, TOUR_MIN_SECONDS, TOUR_MAX_SECONDS,
                    &sc->duration, err) != 0)
        return -1;
    const TourAnim *a = &sc->anim;
    if ((a->kind == TOUR_ANIM_SWEEP || a->kind == TOUR_ANIM_RAMP) && a->seconds > sc->duration)
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(item, "animate"), err,
                          "the animation (%g s) is longer than the scene (%g s)", a->seconds,
                          sc->duration);
    if (a->kind == TOUR_ANIM_TYPE && sc->open[0])
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(item, "open"), err,
                          "a typing scene types its own query: drop 'open'");
    return 0;
}

static int decode(YamlDoc *doc, Tour *out, RError *err)
{
    const cJSON *root = yaml_root(doc);
    static const char *const top[] = {"tour", NULL};
    if (cJSON_IsObject(root) && only_keys(doc, root, "tour file", top, err) != 0)
        return -1;
    const cJSON *list = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "tour") : NULL;
    if (!cJSON_IsArray(list))
        return yaml_error(doc, list ? list : root, err, "expected a top-level 'tour:' list of scenes");
    int n = cJSON_GetArraySize(list);
    if (n == 0)
        return yaml_error(doc, list, err, "the 'tour:' list is empty");
    if (n > TOUR_MAX_SCENES)
        return yaml_error(doc, cJSON_GetArrayItem(list, TOUR_MAX_SCENES), err,
                          "more than %d scenes", TOUR_MAX_SCENES);
    out->scenes = calloc((size_t)n, sizeof *out->scenes);
    if (!out->scenes)
        return rerror_set(err, "out of memory");
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (decode_scene(doc, item, &out->scenes[out->count], err) != 0)
            return -1;
        out->count++;
    }
    return 0;
}

static int finish(YamlDoc *doc, const char *name, Tour *out, RError *err)
{
    snprintf(out->file, sizeof out->file, "%s", name);
    int rc = decode(doc, out, err);
    yaml_free(doc);
    if (rc != 0)
        tour_free(out);
    return rc;
}

int tour_need_regular_file(const char *path, RError *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return rerror_at(err, path, 0, 0, "not a regular file");
    return 0;
}

int tour_load(const char *path, Tour *out, RError *err)
{
    memset(out, 0, sizeof *out);
    if (tour_need_regular_file(path, err) != 0)
        return -1;
    YamlDoc *doc = NULL;
    if (yaml_load_file(path, &doc, err) != 0)
        return -1;
    return finish(doc, path, out, err);
}

int tour_load_string(const char *name, const char *text, size_t len, Tour *out, RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc = NULL;
    if (yaml_load_string(name, text, len, &doc, err) != 0)
        return -1;
    return finish(doc, name, out, err);
}

void tour_free(Tour *t)
{
    if (!t)
        return;
    free(t->scenes);
    t->scenes = NULL;
    t->count = 0;
}
