/* Hugging Face config.json -> KvModel, with the conventions of each model family.
 * Field names and defaults follow the transformers configuration classes of each family
 * (LlamaConfig, MistralConfig, Qwen2Config, Gemma2Config, Gemma3TextConfig, Phi3Config,
 * DeepseekV2Config/V3, FalconConfig, OPTConfig, GPT2Config, JambaConfig). */
#include "engine/kv/kv_config.h"

#include <stdio.h>
#include <string.h>

#include "engine/kv/kv_load.h"

typedef enum Family {
    FAM_GENERIC,
    FAM_LLAMA,
    FAM_MISTRAL,
    FAM_MIXTRAL,
    FAM_QWEN2,
    FAM_QWEN2_MOE,
    FAM_QWEN3,
    FAM_QWEN3_MOE,
    FAM_GEMMA,
    FAM_GEMMA2,
    FAM_GEMMA3,
    FAM_PHI3,
    FAM_DEEPSEEK,
    FAM_FALCON,
    FAM_OPT,
    FAM_GPT2,
    FAM_JAMBA,
} Family;

static const struct {
    const char *type;
    Family fam;
} families[] = {
    {"llama", FAM_LLAMA},           {"mistral", FAM_MISTRAL},       {"mixtral", FAM_MIXTRAL},
    {"qwen2", FAM_QWEN2},           {"qwen2_moe", FAM_QWEN2_MOE},   {"qwen3", FAM_QWEN3},
    {"qwen3_moe", FAM_QWEN3_MOE},   {"gemma", FAM_GEMMA},           {"gemma2", FAM_GEMMA2},
    {"gemma3", FAM_GEMMA3},         {"gemma3_text", FAM_GEMMA3},    {"phi3", FAM_PHI3},
    {"deepseek_v2", FAM_DEEPSEEK},  {"deepseek_v3", FAM_DEEPSEEK},  {"falcon", FAM_FALCON},
    {"RefinedWebModel", FAM_FALCON}, {"RefinedWeb", FAM_FALCON},    {"opt", FAM_OPT},
    {"gpt2", FAM_GPT2},             {"jamba", FAM_JAMBA},
};

typedef struct Cfg {
    const YamlDoc *doc;
    const cJSON *obj;
    RError *err;
} Cfg;

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The first of keys present with a non-null value. */
static const cJSON *find(const Cfg *c, const char *const *keys, const char **found)
{
    for (size_t i = 0; keys[i]; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(c->obj, keys[i]);
        if (it && !cJSON_IsNull(it)) {
            if (found)
                *found = keys[i];
            return it;
        }
    }
    return NULL;
}

static int missing(const Cfg *c, const char *const *keys)
{
    char alt[160] = "";
    size_t used = 0;
    for (size_t i = 1; keys[i] && used < sizeof alt; i++)
        used += (size_t)snprintf(alt + used, sizeof alt - used, "%s%s", i == 1 ? " (or " : ", ",
                                 keys[i]);
    if (keys[1] && used < sizeof alt)
        snprintf(alt + used, sizeof alt - used, ")");
    return yaml_error(c->doc, c->obj, c->err, "missing field \"%s\"%s", keys[0], alt);
}

/* Integer field under any of keys; absent or null leaves *out unchanged unless required. */
static int get_int(const Cfg *c, const char *const *keys, bool required, long long min,
                   long long max, long long *out)
{
    const char *key = NULL;
    if (!find(c, keys, &key))
        return required ? missing(c, keys) : 0;
    return yaml_get_int(c->doc, c->obj, key, true, min, max, out, c->err);
}

static int get_bool(const Cfg *c, const char *key, bool *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(c->obj, key);
    if (!it || cJSON_IsNull(it))
        return 0;
    return yaml_get_bool(c->doc, c->obj, key, true, out, c->err);
}

static bool has(const Cfg *c, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(c->obj, key);
    return it && !cJSON_IsNull(it);
}

/* Per-layer kinds from an explicit `layer_types` list (newer transformers configs). */
static int read_layer_types(const Cfg *c, const cJSON *types, KvModel *m)
{
    if (!cJSON_IsArray(types))
        return yaml_error(c->doc, types, c->err, "\"layer_types\": expected a list");
    if (cJSON_GetArraySize(types) != m->layers)
        return yaml_error(c->doc, types, c->err,
                          "\"layer_types\" has %d entries but num_hidden_layers is %d",
                          cJSON_GetArraySize(types), m->layers);
    int i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, types)
    {
        const char *s = cJSON_IsString(t) ? t->valuestring : "";
        if (strcmp(s, "full_attention") == 0)
            m->kind[i] = KV_LAYER_FULL;
        else if (strcmp(s, "sliding_attention") == 0)
            m->kind[i] = KV_LAYER_SLIDING;
        else if (strcmp(s, "mamba") == 0 || strcmp(s, "linear_attention") == 0)
            m->kind[i] = KV_LAYER_NONE;
        else
            return yaml_error(c->doc, t, c->err,
                              "\"layer_types\": unknown layer type (expected full_attention, "
                              "sliding_attention or mamba)");
        i++;
    }
    /* Detect the repeat period so that changing the layer count keeps the pattern. */
    for (int p = 1; p <= m->layers; p++) {
        bool ok = true;
        for (int j = p; j < m->layers && ok; j++)
            ok = m->kind[j] == m->kind[j - p];
        if (ok) {
            m->period = p;
            break;
        }
    }
    return 0;
}

/* Sliding windows, hybrid layers and MLA: fills m->kind[] and m->window. */
static int read_layout(const Cfg *c, Family f, KvModel *m)
{
    long long w = 0;
    if (get_int(c, KEYS("sliding_window"), false, 0, 1LL << 40, &w) != 0)
        return -1;
    bool use_sw = true;
    if (get_bool(c, "use_sliding_window", &use_sw) != 0)
        return -1;
    /* Qwen2/Qwen3 configs carry sliding_window (e.g. 131072) with use_sliding_window false:
     * the field is present but disabled (Qwen2Config). */
    if (!use_sw)
        w = 0;
    m->window = w;
    kv_model_fill(m, KV_LAYER_FULL);

    if (f == FAM_DEEPSEEK || has(c, "kv_lora_rank")) {
        long long v = 0;
        if (get_int(c, KEYS("kv_lora_rank"), true, 1, 1 << 20, &v) != 0)
            return -1;
        m->kv_lora_rank = (int)v;
        v = 0;
        if (get_int(c, KEYS("q_lora_rank"), false, 0, 1 << 20, &v) != 0)
            return -1;
        m->q_lora_rank = (int)v;
        if (get_int(c, KEYS("qk_rope_head_dim"), true, 0, 1 << 20, &v) != 0)
            return -1;
        m->qk_rope_dim = (int)v;
        if (get_int(c, KEYS("qk_nope_head_dim"), true, 0, 1 << 20, &v) != 0)
            return -1;
        m->qk_nope_dim = (int)v;
        if (get_int(c, KEYS("v_head_dim"), true, 1, 1 << 20, &v) != 0)
            return -1;
        m->v_head_dim = (int)v;
        m->head_dim = m->qk_nope_dim + m->qk_rope_dim;
        kv_model_fill(m, KV_LAYER_MLA);
        return 0;
    }
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(c->obj, "layer_types");
    if (types && !cJSON_IsNull(types)) {
        if (read_layer_types(c, types, m) != 0)
            return -1;
        for (int i = 0; i < m->layers; i++)
            if (m->kind[i] == KV_LAYER_SLIDING && m->window < 1)
                return missing(c, KEYS("sliding_window"));
        return 0;
    }
    if (f == FAM_JAMBA) {
        /* JambaConfig: attention iff i % attn_layer_period == attn_layer_offset, else Mamba. */
        long long period = 8, offset = 4;
        if (get_int(c, KEYS("attn_layer_period"), false, 1, KV_MAX_LAYERS, &period) != 0 ||
            get_int(c, KEYS("attn_layer_offset"), false, 0, KV_MAX_LAYERS, &offset) != 0)
            return -1;
        if (offset >= period)
            return yaml_error(c->doc, c->obj, c->err,
                              "attn_layer_offset (%lld) must be below attn_layer_period (%lld)",
                              offset, period);
        for (int i = 0; i < m->layers; i++)
            m->kind[i] = i % period == offset ? KV_LAYER_FULL : KV_LAYER_NONE;
        m->period = (int)period;
        return 0;
    }
    if (w <= 0)
        return 0;
    switch (f) {
    case FAM_GEMMA2:
        /* Gemma2: layer i is local (sliding) iff i is even (transformers Gemma2Attention:
         * `sliding_window if not bool(layer_idx % 2)`; litgpt sliding_window_indices). */
        for (int i = 0; i < m->layers; i++)
            m->kind[i] = i % 2 == 0 ? KV_LAYER_SLIDING : KV_LAYER_FULL;
        m->period = 2;
        return 0;
    case FAM_GEMMA3: {
        /* Gemma3: global iff (i + 1) % sliding_window_pattern == 0, pattern 6 by default
         * (Gemma3TextConfig; litgpt `[0 if (i+1) % 6 == 0 else 1]`). */
        long long p = 6;
        if (get_int(c, KEYS("sliding_window_pattern"), false, 1, KV_MAX_LAYERS, &p) != 0)
            return -1;
        for (int i = 0; i < m->layers; i++)
            m->kind[i] = (i + 1) % p == 0 ? KV_LAYER_FULL : KV_LAYER_SLIDING;
        m->period = (int)p;
        return 0;
    }
    case FAM_QWEN2:
    case FAM_QWEN2_MOE:
    case FAM_QWEN3:
    case FAM_QWEN3_MOE: {
        /* Qwen2Config: with use_sliding_window, layers i >= max_window_layers slide. The
         * default of use_sliding_window is false, so an absent flag means disabled. */
        bool on = false;
        if (get_bool(c, "use_sliding_window", &on) != 0)
            return -1;
        if (!on) {
            m->window = 0;
            return 0;
        }
        long long first = 0;
        if (get_int(c, KEYS("max_window_layers"), false, 0, KV_MAX_LAYERS, &first) != 0)
            return -1;
        for (int i = 0; i < m->layers; i++)
            m->kind[i] = i >= first ? KV_LAYER_SLIDING : KV_LAYER_FULL;
        m->period = 1; /* more layers repeat the last (sliding) one */
        return 0;
    }
    case FAM_GEMMA:
    case FAM_FALCON:
    case FAM_OPT:
    case FAM_GPT2:
        m->window = 0; /* these families have no sliding-window attention */
        return 0;
    default:
        /* Mistral, Mixtral, Phi-3 and llama-shaped unknowns: every layer slides. */
        kv_model_fill(m, KV_LAYER_SLIDING);
        return 0;
    }
}

/* Experts: which layers are MoE and their sizes. */
static int read_moe(const Cfg *c, Family f, KvModel *m)
{
    long long E = 0, k = 0, ie = 0, shared = 0;
    switch (f) {
    case FAM_DEEPSEEK: {
        if (get_int(c, KEYS("n_routed_experts"), false, 0, 1 << 16, &E) != 0)
            return -1;
        if (E == 0)
            return 0;
        long long first_dense = 0, freq = 1, n_shared = 0;
        if (get_int(c, KEYS("num_experts_per_tok"), true, 1, E, &k) != 0 ||
            get_int(c, KEYS("moe_intermediate_size"), true, 1, 1LL << 24, &ie) != 0 ||
            get_int(c, KEYS("n_shared_experts"), false, 0, 1 << 16, &n_shared) != 0 ||
            get_int(c, KEYS("first_k_dense_replace"), false, 0, KV_MAX_LAYERS, &first_dense) != 0 ||
            get_int(c, KEYS("moe_layer_freq"), false, 1, KV_MAX_LAYERS, &freq) != 0)
            return -1;
        /* DeepseekV2DecoderLayer: MoE iff i >= first_k_dense_replace and i % freq == 0. */
        for (int i = 0; i < m->layers; i++)
            m->moe[i] = i >= first_dense && i % freq == 0;
        shared = n_shared * ie;
        /* V3's noaux_tc routing adds e_score_correction_bias (one per expert). */
        const cJSON *tm = cJSON_GetObjectItemCaseSensitive(c->obj, "topk_method");
        m->router_bias = cJSON_IsString(tm) && strcmp(tm->valuestring, "noaux_tc") == 0;
        break;
    }
    case FAM_QWEN2_MOE:
    case FAM_QWEN3_MOE: {
        long long step = 1;
        if (get_int(c, KEYS("num_experts"), true, 1, 1 << 16, &E) != 0 ||
            get_int(c, KEYS("num_experts_per_tok"), true, 1, E, &k) != 0 ||
            get_int(c, KEYS("moe_intermediate_size"), true, 1, 1LL << 24, &ie) != 0 ||
            get_int(c, KEYS("shared_expert_intermediate_size"), false, 0, 1LL << 24, &shared) != 0 ||
            get_int(c, KEYS("decoder_sparse_step"), false, 1, KV_MAX_LAYERS, &step) != 0)
            return -1;
        /* Qwen2MoeDecoderLayer: MoE iff not in mlp_only_layers and (i + 1) % step == 0. */
        for (int i = 0; i < m->layers; i++)
            m->moe[i] = (i + 1) % step == 0;
        const cJSON *only = cJSON_GetObjectItemCaseSensitive(c->obj, "mlp_only_layers");
        const cJSON *it;
        if (cJSON_IsArray(only))
            cJSON_ArrayForEach(it, only)
            {
                if (!cJSON_IsNumber(it) || it->valueint < 0 || it->valueint >= m->layers)
                    return yaml_error(c->doc, it, c->err,
                                      "\"mlp_only_layers\": expected layer indices");
                m->moe[it->valueint] = 0;
            }
        m->shared_gate = shared > 0;
        break;
    }
    case FAM_JAMBA: {
        long long period = 2, offset = 1;
        if (get_int(c, KEYS("num_experts"), false, 1, 1 << 16, &E) != 0 ||
            get_int(c, KEYS("num_experts_per_tok"), false, 1, 1 << 16, &k) != 0 ||
            get_int(c, KEYS("expert_layer_period"), false, 1, KV_MAX_LAYERS, &period) != 0 ||
            get_int(c, KEYS("expert_layer_offset"), false, 0, KV_MAX_LAYERS, &offset) != 0)
            return -1;
        if (E <= 1)
            return 0;
        if (k < 1 || k > E)
            return missing(c, KEYS("num_experts_per_tok"));
        for (int i = 0; i < m->layers; i++)
            m->moe[i] = i % period == offset;
        ie = m->intermediate; /* JambaSparseMoeBlock experts use intermediate_size */
        long long a = m->period, b = period; /* the layout repeats with lcm(periods) */
        while (b) {
            long long t = a % b;
            a = b;
            b = t;
        }
        m->period = (int)(m->period / a * period);
        break;
    }
    default:
        /* Mixtral and llama-shaped MoEs: every layer, experts as wide as intermediate_size. */
        if (get_int(c, KEYS("num_local_experts", "num_experts"), false, 0, 1 << 16, &E) != 0)
            return -1;
        if (E <= 1)
            return 0;
        if (get_int(c, KEYS("num_experts_per_tok"), true, 1, E, &k) != 0)
            return -1;
        ie = m->intermediate;
        if (get_int(c, KEYS("moe_intermediate_size"), false, 1, 1LL << 24, &ie) != 0)
            return -1;
        for (int i = 0; i < m->layers; i++)
            m->moe[i] = 1;
        break;
    }
    m->experts = (int)E;
    m->experts_active = (int)k;
    m->moe_intermediate = ie;
    m->shared_intermediate = shared;
    return 0;
}

/* Mamba mixer sizes (JambaConfig defaults: d_state 16, d_conv 4, expand 2, dt_rank "auto"). */
static int read_mamba(const Cfg *c, KvModel *m)
{
    long long st = 16, cv = 4, ex = 2, dt = (m->hidden + 15) / 16;
    if (get_int(c, KEYS("mamba_d_state"), false, 1, 65536, &st) != 0 ||
        get_int(c, KEYS("mamba_d_conv"), false, 1, 1024, &cv) != 0 ||
        get_int(c, KEYS("mamba_expand"), false, 1, 64, &ex) != 0)
        return -1;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(c->obj, "mamba_dt_rank");
    if (r && !cJSON_IsNull(r) && !(cJSON_IsString(r) && strcmp(r->valuestring, "auto") == 0) &&
        get_int(c, KEYS("mamba_dt_rank"), false, 1, 1 << 20, &dt) != 0)
        return -1;
    bool conv_bias = true;
    if (get_bool(c, "mamba_conv_bias", &conv_bias) != 0)
        return -1;
    m->ssm_state = (int)st;
    m->ssm_conv = (int)cv;
    m->ssm_expand = (int)ex;
    m->ssm_dt_rank = (int)dt;
    m->ssm_conv_bias = conv_bias;
    m->ssm_inner_norms = true;
    return 0;
}

static Family family_of(const char *type)
{
    if (!type)
        return FAM_GENERIC;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strcmp(type, families[i].type) == 0)
            return families[i].fam;
    return FAM_GENERIC;
}

int kv_config_decode(const YamlDoc *doc, const cJSON *obj, KvModel *m, RError *err)
{
    kv_model_init(m);
    if (!cJSON_IsObject(obj))
        return yaml_error(doc, obj, err, "expected a JSON object with the model's configuration");
    /* Multimodal wrappers (Gemma-3, LLaVA, ...) keep the language model in text_config. */
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "text_config");
    if (cJSON_IsObject(text) && !cJSON_GetObjectItemCaseSensitive(obj, "num_hidden_layers"))
        obj = text;
    Cfg cfg = {doc, obj, err};
    const Cfg *c = &cfg;
    const cJSON *mt = cJSON_GetObjectItemCaseSensitive(obj, "model_type");
    if (mt && !cJSON_IsString(mt))
        return yaml_error(doc, mt, err, "\"model_type\": expected a string");
    const char *type = mt ? mt->valuestring : NULL;
    Family f = family_of(type);
    snprintf(m->family, sizeof m->family, "%s", type ? type : "unknown");
    const cJSON *np = cJSON_GetObjectItemCaseSensitive(obj, "_name_or_path");
    if (cJSON_IsString(np) && np->valuestring[0])
        snprintf(m->name, sizeof m->name, "%s", np->valuestring);

    long long layers = 0, hidden = 0, heads = 0, v;
    if (get_int(c, KEYS("num_hidden_layers", "n_layer", "n_layers", "num_layers"), true, 1,
                KV_MAX_LAYERS, &layers) != 0 ||
        get_int(c, KEYS("hidden_size", "n_embd", "d_model"), true, 1, 1 << 20, &hidden) != 0 ||
        get_int(c, KEYS("num_attention_heads", "n_head", "n_heads", "num_heads"), true, 1,
                1 << 16, &heads) != 0)
        return -1;
    m->hidden = hidden;
    m->heads = (int)heads;
    kv_model_set_layers(m, (int)layers);

    /* KV heads: falcon's multi_query means one; new_decoder_architecture uses num_kv_heads. */
    long long kvh = heads;
    if (f == FAM_FALCON) {
        bool mq = true, newarch = false;
        if (get_bool(c, "multi_query", &mq) != 0 || get_bool(c, "new_decoder_architecture", &newarch) != 0)
            return -1;
        if (newarch) {
            if (get_int(c, KEYS("num_kv_heads", "n_head_kv"), true, 1, heads, &kvh) != 0)
                return -1;
        } else if (mq) {
            kvh = 1;
        }
    } else if (get_int(c, KEYS("num_key_value_heads", "num_kv_heads", "n_head_kv", "multi_query_group_num"),
                       false, 1, heads, &kvh) != 0) {
        return -1;
    }
    m->kv_heads = (int)kvh;
    if (heads % kvh != 0) {
        /* Grouped-query attention: each K/V head serves heads / kv_heads query heads. */
        static const char *const kvkeys[] = {"num_key_value_heads", "num_kv_heads", "n_head_kv",
                                             "multi_query_group_num", NULL};
        const cJSON *at = obj;
        for (int i = 0; kvkeys[i]; i++)
            if (cJSON_GetObjectItemCaseSensitive(obj, kvkeys[i]))
                at = cJSON_GetObjectItemCaseSensitive(obj, kvkeys[i]);
        return yaml_error(doc, at, err,
                          "\"num_key_value_heads\" (%lld) must divide \"num_attention_heads\" "
                          "(%lld): each KV head serves a whole group of query heads",
                          kvh, heads);
    }

    v = 0;
    if (get_int(c, KEYS("head_dim", "kv_channels"), false, 1, 1 << 16, &v) != 0)
        return -1;
    if (v == 0) {
        if (hidden % heads != 0)
            return yaml_error(doc, obj, err,
                              "hidden_size %lld is not a multiple of num_attention_heads %lld; "
                              "the config needs \"head_dim\"", hidden, heads);
        v = hidden / heads;
    }
    m->head_dim = (int)v;

    /* FFN width: GPT-2 and Falcon default to 4 x hidden (GPT2Config n_inner None,
     * FalconConfig ffn_hidden_size None). */
    long long inter = (f == FAM_GPT2 || f == FAM_FALCON) ? 4 * hidden : 0;
    bool need_ffn = inter == 0;
    if (get_int(c, KEYS("intermediate_size", "ffn_dim", "n_inner", "ffn_hidden_size"), need_ffn,
                1, 1LL << 24, &inter) != 0)
        return -1;
    m->intermediate = inter;
    long long vocab = 0;
    if (get_int(c, KEYS("vocab_size", "padded_vocab_size"), true, 1, 1LL << 24, &vocab) != 0)
        return -1;
    m->vocab = vocab;
    long long maxpos = 0;
    if (get_int(c, KEYS("max_position_embeddings", "n_positions", "seq_length", "max_seq_len"),
                false, 0, 1LL << 40, &maxpos) != 0)
        return -1;
    m->max_pos = maxpos;

    /* Tied embeddings: on by default in Gemma, GPT-2, OPT and Falcon configs. */
    bool tied = f == FAM_GEMMA || f == FAM_GEMMA2 || f == FAM_GEMMA3 || f == FAM_GPT2 ||
                f == FAM_OPT || f == FAM_FALCON;
    if (get_bool(c, "tie_word_embeddings", &tied) != 0)
        return -1;
    m->tied_embeddings = tied;

    if (read_layout(c, f, m) != 0 || read_moe(c, f, m) != 0)
        return -1;
    if (f == FAM_JAMBA && read_mamba(c, m) != 0)
        return -1;

    /* Details that only the parameter count needs. */
    bool bias = false;
    switch (f) {
    case FAM_QWEN2:
    case FAM_QWEN2_MOE:
        m->qkv_bias = true; /* Qwen2Attention: q/k/v projections with bias=True */
        break;
    case FAM_QWEN3:
    case FAM_QWEN3_MOE:
        m->qk_norm = true;
        break;
    case FAM_GEMMA2:
        m->norms_per_layer = 4; /* input, post-attention, pre- and post-feedforward */
        break;
    case FAM_GEMMA3:
        m->norms_per_layer = 4;
        m->qk_norm = true;
        break;
    case FAM_FALCON: {
        bool parallel = true, newarch = false;
        if (get_bool(c, "bias", &bias) != 0 || get_bool(c, "parallel_attn", &parallel) != 0 ||
            get_bool(c, "new_decoder_architecture", &newarch) != 0)
            return -1;
        m->linear_bias = bias;
        m->gated_mlp = false;
        m->norm = KV_NORM_LAYER;
        m->norms_per_layer = newarch ? 2 : parallel ? 1 : 2;
        break;
    }
    case FAM_OPT:
        bias = true;
        if (get_bool(c, "enable_bias", &bias) != 0)
            return -1;
        m->linear_bias = bias;
        m->gated_mlp = false;
        m->norm = KV_NORM_LAYER;
        m->learned_pos = maxpos + 2; /* OPTLearnedPositionalEmbedding keeps an offset of 2 */
        break;
    case FAM_GPT2:
        m->linear_bias = true;
        m->gated_mlp = false;
        m->norm = KV_NORM_LAYER;
        m->learned_pos = maxpos;
        break;
    default:
        if (get_bool(c, "attention_bias", &bias) != 0)
            return -1;
        m->qkv_bias = bias;
        break;
    }
    return kv_model_validate(m, err) == 0 ? 0 : -1;
}

int kv_model_parse_config(const char *name, const char *text, size_t len, KvModel *out,
                          RError *err)
{
    YamlDoc *doc = NULL;
    if (yaml_load_string(name, text, len, &doc, err) != 0)
        return -1;
    int rc = kv_config_decode(doc, yaml_root(doc), out, err);
    if (rc == 0 && strcmp(out->name, "custom") == 0)
        snprintf(out->name, sizeof out->name, "%s", name);
    yaml_free(doc);
    return rc;
}

int kv_model_load_config(const char *path, KvModel *out, RError *err)
{
    YamlDoc *doc = NULL;
    if (yaml_load_file(path, &doc, err) != 0)
        return -1;
    int rc = kv_config_decode(doc, yaml_root(doc), out, err);
    if (rc == 0) {
        snprintf(out->source, sizeof out->source, "%s", path);
        if (strcmp(out->name, "custom") == 0) {
            const char *base = strrchr(path, '/');
            snprintf(out->name, sizeof out->name, "%s", base ? base + 1 : path);
        }
    }
    yaml_free(doc);
    return rc;
}
