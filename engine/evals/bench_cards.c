/* content/benchmarks.yaml -> BenchCardList, with the intervals computed (see cards.h). */
#include "engine/evals/bench_cards.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/content/yaml.h"

static int get_score(const YamlDoc *doc, const cJSON *obj, const char *key, double *out,
                     RError *err)
{
    if (yaml_get_double(doc, obj, key, true, out, err) != 0)
        return -1;
    if (!(*out >= 0 && *out <= 1))
        return yaml_error(doc, cJSON_GetObjectItemCaseSensitive(obj, key), err,
                          "\"%s\" must be a score between 0 and 1", key);
    return 0;
}

static int decode_size(const YamlDoc *doc, const cJSON *item, double score, BenchCardSize *s,
                       RError *err)
{
    if (!cJSON_IsObject(item))
        return yaml_error(doc, item, err, "expected a mapping {split, n, source}");
    if (yaml_get_string_buf(doc, item, "split", true, s->split, sizeof s->split, err) != 0 ||
        yaml_get_string_buf(doc, item, "source", true, s->source, sizeof s->source, err) != 0 ||
        yaml_get_int(doc, item, "n", true, 1, EVALS_MAX_N, &s->n, err) != 0)
        return -1;
    EvalsInterval worst;
    long long c = (long long)(score * (double)s->n + 0.5);
    if (evals_wilson(c, s->n, 0.95, &s->ci, err) != 0 ||
        evals_wilson(s->n / 2, s->n, 0.95, &worst, err) != 0)
        return -1;
    s->ci.point = score;
    s->half_worst = (worst.high - worst.low) / 2;
    return 0;
}

static int decode_list(const YamlDoc *doc, const cJSON *item, const char *key, size_t max,
                       const cJSON **out, RError *err)
{
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(item, key);
    if (!l)
        return yaml_error(doc, item, err, "missing required key \"%s\"", key);
    if (!cJSON_IsArray(l) || cJSON_GetArraySize(l) < 1)
        return yaml_error(doc, l, err, "\"%s\" must be a non-empty list", key);
    if ((size_t)cJSON_GetArraySize(l) > max)
        return yaml_error(doc, l, err, "\"%s\" has more than %zu entries", key, max);
    *out = l;
    return 0;
}

static int decode_card(const YamlDoc *doc, const cJSON *item, BenchCard *c, RError *err)
{
    if (!cJSON_IsObject(item))
        return yaml_error(doc, item, err, "expected a mapping describing one benchmark");
    if (yaml_get_string_buf(doc, item, "name", true, c->name, sizeof c->name, err) != 0 ||
        yaml_get_string_buf(doc, item, "title", true, c->title, sizeof c->title, err) != 0 ||
        yaml_get_string_buf(doc, item, "paper", true, c->paper, sizeof c->paper, err) != 0 ||
        yaml_get_string_buf(doc, item, "format", true, c->format, sizeof c->format, err) != 0 ||
        yaml_get_string_buf(doc, item, "metric", true, c->metric, sizeof c->metric, err) != 0 ||
        get_score(doc, item, "chance", &c->chance, err) != 0 ||
        get_score(doc, item, "example_score", &c->example_score, err) != 0)
        return -1;
    const cJSON *sizes, *pit, *e;
    if (decode_list(doc, item, "sizes", BENCH_CARD_MAX_SIZES, &sizes, err) != 0 ||
        decode_list(doc, item, "pitfalls", BENCH_CARD_MAX_PITFALLS, &pit, err) != 0)
        return -1;
    cJSON_ArrayForEach(e, sizes)
    {
        if (decode_size(doc, e, c->example_score, &c->sizes[c->nsizes], err) != 0)
            return -1;
        c->nsizes++;
    }
    cJSON_ArrayForEach(e, pit)
    {
        if (!cJSON_IsString(e))
            return yaml_error(doc, e, err, "a pitfall must be a string");
        if (strlen(e->valuestring) >= sizeof c->pitfalls[0])
            return yaml_error(doc, e, err, "pitfall longer than %zu characters",
                              sizeof c->pitfalls[0] - 1);
        strcpy(c->pitfalls[c->npitfalls++], e->valuestring);
    }
    return 0;
}

int bench_cards_load(const char *path, BenchCardList *out, RError *err)
{
    memset(out, 0, sizeof *out);
    YamlDoc *doc = NULL;
    const cJSON *list, *e;
    int rc = yaml_load_list(path, "benchmarks", BENCH_CARDS_MAX, &doc, &list, err);
    if (rc == 0 && !(out->items = calloc((size_t)cJSON_GetArraySize(list), sizeof *out->items)))
        rc = rerror_set(err, "out of memory");
    if (rc == 0)
        cJSON_ArrayForEach(e, list)
        {
            if ((rc = decode_card(doc, e, &out->items[out->n], err)) != 0)
                break;
            out->n++;
        }
    yaml_free(doc);
    if (rc != 0)
        bench_cards_free(out);
    return rc;
}

void bench_cards_free(BenchCardList *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

const BenchCard *bench_cards_find(const BenchCardList *l, const char *name)
{
    for (size_t i = 0; name && i < l->n; i++)
        if (strcasecmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}
