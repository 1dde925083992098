/* content/cards.yaml -> CardDeck, strictly: every error has file:line:col. */
#include "engine/study/cards.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/content/yaml.h"

static const char *const topics[] = {
    "inference", "kv", "agents", "multimodal", "rag", "scaling", "evals",
    "inference_systems", "training_systems", NULL,
};

const char *const *cards_topics(void)
{
    return topics;
}

static bool known_topic(const char *t)
{
    for (size_t i = 0; topics[i]; i++)
        if (strcmp(t, topics[i]) == 0)
            return true;
    return false;
}

static bool valid_id(const char *id)
{
    if (!*id || strlen(id) >= CARD_ID_MAX)
        return false;
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
              *c == '.'))
            return false;
    return true;
}

int cards_note_split(const char *ref, char *file, size_t fsize, const char **heading)
{
    const char *hash = strchr(ref, '#');
    if (!hash || hash == ref || !hash[1] || (size_t)(hash - ref) >= fsize)
        return -1;
    memcpy(file, ref, (size_t)(hash - ref));
    file[hash - ref] = '\0';
    *heading = hash + 1;
    return 0;
}

/* Control characters (C0 but newline, DEL, C1) become '?': card text reaches terminals. */
static void scrub(char *s)
{
    for (unsigned char *c = (unsigned char *)s; *c; c++) {
        if ((*c < 0x20 && *c != '\n') || *c == 0x7f)
            *c = '?';
        else if (*c == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f)
            c[0] = c[1] = '?';
    }
}

static int text_field(const YamlDoc *doc, const cJSON *obj, const char *key, char **out,
                      RError *err)
{
    const char *s;
    if (yaml_get_string(doc, obj, key, true, &s, err) != 0)
        return -1;
    const cJSON *node = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!*s)
        return yaml_error(doc, node, err, "'%s' is empty", key);
    if (strlen(s) > CARD_TEXT_MAX)
        return yaml_error(doc, node, err, "'%s' is longer than %d bytes", key, CARD_TEXT_MAX);
    *out = strdup(s);
    if (!*out)
        return yaml_error(doc, node, err, "out of memory");
    scrub(*out);
    return 0;
}

static int decode_card(const YamlDoc *doc, const cJSON *item, Card *c, RError *err)
{
    if (!cJSON_IsObject(item))
        return yaml_error(doc, item, err, "expected a mapping with id, topic, note, q and a");
    const cJSON *key;
    cJSON_ArrayForEach(key, item) {
        static const char *const allowed[] = {"id", "topic", "note", "q", "a", NULL};
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            ok = ok || strcmp(key->string, allowed[i]) == 0;
        if (!ok)
            return yaml_error(doc, key, err, "unknown key '%s' (expected id, topic, note, q, a)",
                              key->string);
    }
    yaml_pos(doc, item, &c->line, &c->col);
    const char *id, *topic;
    if (yaml_get_string(doc, item, "id", true, &id, err) != 0)
        return -1;
    if (!valid_id(id))
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(item, "id"), err,
                          "id '%.80s' must be 1-%d characters of a-z, 0-9, '-', '_', '.'", id,
                          CARD_ID_MAX - 1);
    strcpy(c->id, id);
    if (yaml_get_string(doc, item, "topic", true, &topic, err) != 0)
        return -1;
    if (!known_topic(topic))
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(item, "topic"), err,
                          "unknown topic '%.40s' (expected inference, kv, agents, multimodal, "
                          "rag, scaling, evals, inference_systems or training_systems)", topic);
    strcpy(c->topic, topic);
    if (text_field(doc, item, "note", &c->note, err) != 0)
        return -1;
    char file[256];
    const char *heading;
    if (cards_note_split(c->note, file, sizeof file, &heading) != 0 ||
        strlen(file) < 4 || strcmp(file + strlen(file) - 3, ".md") != 0)
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(item, "note"), err,
                          "note '%.80s' must be 'file.md#Heading'", c->note);
    if (text_field(doc, item, "q", &c->q, err) != 0)
        return -1;
    return text_field(doc, item, "a", &c->a, err);
}

static int decode(const YamlDoc *doc, CardDeck *out, RError *err)
{
    const cJSON *root = yaml_root(doc);
    const cJSON *list = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "cards")
                                             : NULL;
    if (!cJSON_IsArray(list))
        return yaml_error(doc, list ? list : root, err, "expected a top-level 'cards:' list");
    int n = cJSON_GetArraySize(list);
    if (n > CARDS_MAX)
        return yaml_error(doc, list, err, "%d cards: at most %d", n, CARDS_MAX);
    out->items = calloc(n ? (size_t)n : 1, sizeof *out->items);
    if (!out->items)
        return rerror_set(err, "out of memory");
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        Card *c = &out->items[out->count++];
        if (decode_card(doc, item, c, err) != 0)
            return -1;
        for (size_t j = 0; j + 1 < out->count; j++)
            if (strcmp(out->items[j].id, c->id) == 0)
                return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(item, "id"), err,
                                  "duplicate id '%s' (first at line %d)", c->id,
                                  out->items[j].line);
    }
    return 0;
}

static int finish(YamlDoc *doc, int rc, const char *name, CardDeck *out)
{
    yaml_free(doc);
    if (rc != 0) {
        cards_free(out);
        return -1;
    }
    snprintf(out->path, sizeof out->path, "%s", name);
    return 0;
}

int cards_load(const char *path, CardDeck *out, RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc;
    if (yaml_load_file(path, &doc, err) != 0)
        return -1;
    return finish(doc, decode(doc, out, err), path, out);
}

int cards_load_string(const char *name, const char *text, size_t len, CardDeck *out,
                      RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc;
    if (yaml_load_string(name, text, len, &doc, err) != 0)
        return -1;
    return finish(doc, decode(doc, out, err), name, out);
}

void cards_free(CardDeck *deck)
{
    if (!deck)
        return;
    for (size_t i = 0; i < deck->count; i++) {
        free(deck->items[i].note);
        free(deck->items[i].q);
        free(deck->items[i].a);
    }
    free(deck->items);
    deck->items = NULL;
    deck->count = 0;
}

long cards_find(const CardDeck *deck, const char *id)
{
    for (size_t i = 0; i < deck->count; i++)
        if (strcmp(deck->items[i].id, id) == 0)
            return (long)i;
    return -1;
}
