/* The YAML reader (content packs, config.json, graph specs, eval files): any bytes give a
 * document or an error with a position, never a crash or a hang. */
#include "tests/fuzz/fuzz.h"

#include <stdbool.h>

#include "engine/content/yaml.h"

FUZZ_TARGET
{
    YamlDoc *doc = NULL;
    RError err;
    if (yaml_load_string("fuzz.yaml", (const char *)data, size, &doc, &err) == 0) {
        const cJSON *root = yaml_root(doc);
        int line, col;
        for (const cJSON *it = root ? root->child : NULL; it; it = it->next) {
            yaml_pos(doc, it, &line, &col);
            if (it->string) {
                double d;
                long long v;
                bool b;
                const char *s;
                yaml_get_double(doc, root, it->string, false, &d, &err);
                yaml_get_int(doc, root, it->string, false, -1000, 1000, &v, &err);
                yaml_get_bool(doc, root, it->string, false, &b, &err);
                yaml_get_string(doc, root, it->string, false, &s, &err);
            }
        }
        yaml_doc_free(doc);
    }
    return 0;
}
