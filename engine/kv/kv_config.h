/* Internal to engine/kv: decodes one parsed config object (a config.json root or a preset's
 * `config:` mapping) into a KvModel. Not for use outside engine/kv (it exposes cJSON). */
#ifndef RAMPUP_ENGINE_KV_KV_CONFIG_H
#define RAMPUP_ENGINE_KV_KV_CONFIG_H

#include "engine/content/yaml.h"
#include "engine/error.h"
#include "engine/kv/kv.h"

/* Fills *out from obj (name left as "custom" unless the object has _name_or_path). */
int kv_config_decode(const YamlDoc *doc, const cJSON *obj, KvModel *out, RError *err);

#endif
