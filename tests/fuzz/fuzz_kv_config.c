/* The Hugging Face config.json reader, then the KV report on what it accepted. */
#include "tests/fuzz/fuzz.h"

#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"

FUZZ_TARGET
{
    KvModel m;
    RError err;
    if (kv_model_parse_config("config.json", (const char *)data, size, &m, &err) == 0) {
        KvQuery q;
        kv_query_init(&q);
        KvReport r;
        kv_estimate(&m, &q, &r, &err);
        uint64_t total, active;
        kv_model_params(&m, &total, &active);
    }
    return 0;
}
