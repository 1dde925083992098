/* Tests for the parameter tables: argv, pairs (all or nothing), JSON round trips, suffixes,
 * name matching with aliases and did-you-mean, range messages and the usage text. */
#include <criterion/criterion.h>

#include <stddef.h>
#include <string.h>

#include "engine/param.h"

typedef struct Demo {
    uint64_t batch;
    uint64_t seq;
    int tp;
    double util;
    double params;
    int dtype;
    bool fast;
    char gpu[PARAM_NAME_MAX];
} Demo;

static const ParamName dtype_items[] = {
    {"fp32", NULL, (const char *const[]){"float32"}, 1},
    {"bf16", NULL, (const char *const[]){"bfloat16"}, 1},
    {"fp16", NULL, (const char *const[]){"float16", "half"}, 2},
    {"fp8", NULL, NULL, 0},
};
static const ParamNames dtypes = {"dtype", "dtype", NULL, dtype_items, 4};

static const ParamName gpu_items[] = {
    {"h100-sxm", "H100 SXM 80GB", (const char *const[]){"h100"}, 1},
    {"h200-sxm", "H200 SXM 141GB", NULL, 0},
    {"a100-sxm-80gb", "A100 SXM 80GB", (const char *const[]){"a100"}, 1},
    {"a100-sxm-40gb", "A100 SXM 40GB", NULL, 0},
    {"rtx-4090", "RTX 4090 24GB", (const char *const[]){"4090"}, 1},
};
static const ParamNames gpus = {"gpu", "GPU", "rampup kv --list-gpus", gpu_items, 5};
static const ParamNames *const lists[] = {&gpus};
static const ParamContext ctx = {lists, 1};

static const ParamSpec specs[] = {
    {.name = "gpu", .kind = PARAM_NAME, .offset = offsetof(Demo, gpu), .def_name = "h100-sxm",
     .help = "GPU preset", .list = "gpu"},
    {.name = "batch", .kind = PARAM_U64, .offset = offsetof(Demo, batch), .min = 1, .max = 1e15,
     .def = 1, .suffix = PARAM_SFX_DECIMAL, .help = "concurrent sequences"},
    {.name = "seq", .kind = PARAM_U64, .offset = offsetof(Demo, seq), .min = 16, .max = 4194304,
     .def = 4096, .unit = "tokens", .suffix = PARAM_SFX_BINARY, .help = "tokens per sequence"},
    {.name = "tp", .kind = PARAM_INT, .offset = offsetof(Demo, tp), .min = 1, .max = 4096,
     .def = 1, .help = "tensor-parallel degree"},
    {.name = "gpu_util", .kind = PARAM_REAL, .offset = offsetof(Demo, util), .min = 0.1,
     .max = 1, .def = 0.9, .help = "memory fraction", .alias = "util"},
    {.name = "params", .kind = PARAM_REAL, .offset = offsetof(Demo, params), .min = 1e6,
     .max = 1e16, .def = 7e10, .suffix = PARAM_SFX_DECIMAL, .help = "parameters"},
    {.name = "kv_dtype", .kind = PARAM_ENUM, .offset = offsetof(Demo, dtype), .def = 1,
     .choices = &dtypes, .help = "KV element format"},
    {.name = "fast", .kind = PARAM_BOOL, .offset = offsetof(Demo, fast), .def = 0,
     .help = "skip the slow part"},
};
static const ParamTable table = {"demo", specs, sizeof specs / sizeof specs[0], sizeof(Demo),
                                 "gpu"};

static Demo fresh(void)
{
    Demo d;
    memset(&d, 0, sizeof d);
    param_defaults(&table, &d);
    return d;
}

Test(param, defaults)
{
    Demo d = fresh();
    cr_assert_eq(d.batch, 1);
    cr_assert_eq(d.seq, 4096);
    cr_assert_eq(d.tp, 1);
    cr_assert_float_eq(d.util, 0.9, 1e-12);
    cr_assert_eq(d.dtype, 1);
    cr_assert_str_eq(d.gpu, "h100-sxm");
}

Test(param, argv_both_forms)
{
    char *argv[] = {"kv", "--batch", "8", "--seq=32k", "--gpu-util", "85%", "--kv-dtype=FP8",
                    "--fast", "--json"};
    int argc = sizeof argv / sizeof argv[0];
    Demo d = fresh();
    ParamMask given = 0;
    RError err;
    int i = 1;
    cr_assert_eq(param_argv(&table, &ctx, argc, argv, &i, &d, &given, &err), 1);
    cr_assert_eq(i, 2, "the value word is consumed");
    for (i = 3; i < 8; i++)
        cr_assert_eq(param_argv(&table, &ctx, argc, argv, &i, &d, &given, &err), 1, "%s", err.msg);
    cr_assert_eq(i, 8);
    cr_assert_eq(param_argv(&table, &ctx, argc, argv, &i, &d, &given, &err), 0,
                 "--json is not the table's");
    cr_assert_eq(d.batch, 8);
    cr_assert_eq(d.seq, 32768);
    cr_assert_float_eq(d.util, 0.85, 1e-12);
    cr_assert_eq(d.dtype, 3);
    cr_assert(d.fast);
    cr_assert(given & (1u << 1));
    cr_assert(!(given & (1u << 3)), "tp was not given");
}

Test(param, argv_errors)
{
    Demo d = fresh();
    RError err;
    char *missing[] = {"kv", "--tp"};
    int i = 1;
    cr_assert_eq(param_argv(&table, &ctx, 2, missing, &i, &d, NULL, &err), -1);
    cr_assert(strstr(err.msg, "--tp needs a value"), "%s", err.msg);
    char *range[] = {"kv", "--tp=0"};
    i = 1;
    cr_assert_eq(param_argv(&table, &ctx, 2, range, &i, &d, NULL, &err), -1);
    cr_assert_str_eq(err.msg, "--tp: expected an integer in 1..4096, got '0'");
    char *unknown[] = {"kv", "--frobnicate", "3"};
    i = 1;
    cr_assert_eq(param_argv(&table, &ctx, 3, unknown, &i, &d, NULL, &err), 0);
    char *alias_flag[] = {"kv", "--util", "0.5"};
    i = 1;
    cr_assert_eq(param_argv(&table, &ctx, 3, alias_flag, &i, &d, NULL, &err), 0,
                 "link aliases are not flags");
    char *underscore[] = {"kv", "--gpu_util", "0.5"};
    i = 1;
    cr_assert_eq(param_argv(&table, &ctx, 3, underscore, &i, &d, NULL, &err), 1);
    cr_assert_float_eq(d.util, 0.5, 1e-12);
}

Test(param, suffixes_binary_and_decimal)
{
    Demo d = fresh();
    RError err;
    const ParamSpec *seq = param_find(&table, "seq"), *batch = param_find(&table, "batch"),
                    *params = param_find(&table, "params");
    static const struct { const char *in; uint64_t want; } bin[] = {
        {"32k", 32768}, {"128K", 131072}, {"1M", 1048576}, {"4096", 4096}, {"1.5k", 1536},
        {"4e3", 4000}};
    for (size_t i = 0; i < sizeof bin / sizeof bin[0]; i++) {
        cr_assert_eq(param_parse_value(seq, &ctx, bin[i].in, "seq", &d, &err), 0, "%s", err.msg);
        cr_assert_eq(d.seq, bin[i].want, "%s", bin[i].in);
    }
    static const struct { const char *in; double want; } dec[] = {
        {"70B", 7e10}, {"15T", 1.5e13}, {"1.5e13", 1.5e13}, {"7M", 7e6},
        {"70.0B", 7e10}, {"1G", 1e9}};
    for (size_t i = 0; i < sizeof dec / sizeof dec[0]; i++) {
        cr_assert_eq(param_parse_value(params, &ctx, dec[i].in, "params", &d, &err), 0, "%s",
                     err.msg);
        cr_assert_float_eq(d.params, dec[i].want, 1e-3, "%s", dec[i].in);
    }
    cr_assert_eq(param_parse_value(batch, &ctx, "2k", "batch", &d, &err), 0);
    cr_assert_eq(d.batch, 2000, "request counts are decimal");
    static const char *const bad[] = {"", "k", "1.5", "32kk", "0x10", "inf", "nan", "1e400",
                                      "32 k", "-3", "5Q"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_neq(param_parse_value(seq, &ctx, bad[i], "seq", &d, &err), 0, "'%s'", bad[i]);
    cr_assert_neq(param_parse_value(seq, &ctx, "32B", "seq", &d, &err), 0,
                  "B is a decimal suffix only");
    cr_assert_str_eq(err.msg, "seq: expected an integer in 16..4M, got '32B'");
}

Test(param, format_reads_back)
{
    Demo d = fresh();
    char buf[64];
    RError err;
    const ParamSpec *seq = param_find(&table, "seq"), *params = param_find(&table, "params");
    d.seq = 32768;
    param_format(seq, &d, buf, sizeof buf);
    cr_assert_str_eq(buf, "32k");
    d.seq = 1048576;
    param_format(seq, &d, buf, sizeof buf);
    cr_assert_str_eq(buf, "1M");
    d.seq = 5000;
    param_format(seq, &d, buf, sizeof buf);
    cr_assert_str_eq(buf, "5000");
    double values[] = {7e10, 1.5e13, 6.7e9, 9999999, 1234567, 1e6, 3e15, 1.23456789e11};
    const char *want[] = {"70B", "15T", "6.7B", "9.999999M", "1.234567M", "1M", "3e15",
                          "123.456789B"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        d.params = values[i];
        param_format(params, &d, buf, sizeof buf);
        cr_assert_str_eq(buf, want[i]);
        Demo back = fresh();
        cr_assert_eq(param_parse_value(params, &ctx, buf, "params", &back, &err), 0, "%s", buf);
        cr_assert_eq(back.params, values[i], "%s reads back", buf);
    }
}

Test(param, names_aliases_prefix_case)
{
    RError err;
    static const struct { const char *in; const char *want; } ok[] = {
        {"H100", "h100-sxm"},        {"h100_sxm", "h100-sxm"}, {"H100 SXM 80GB", "h100-sxm"},
        {"a100", "a100-sxm-80gb"},   {"4090", "rtx-4090"},     {"h2", "h200-sxm"},
        {"A100-SXM-40", "a100-sxm-40gb"}, {"RTX", "rtx-4090"}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        long k = param_match(&gpus, ok[i].in, &err);
        cr_assert_geq(k, 0, "%s: %s", ok[i].in, err.msg);
        cr_assert_str_eq(gpus.items[k].name, ok[i].want, "%s", ok[i].in);
    }
    cr_assert_lt(param_match(&gpus, "H20O", &err), 0);
    cr_assert_str_eq(err.msg, "no GPU 'H20O': did you mean h200-sxm, h100-sxm? "
                              "(rampup kv --list-gpus lists them)");
    cr_assert_lt(param_match(&gpus, "a1", &err), 0, "ambiguous prefix");
    cr_assert(strstr(err.msg, "a100-sxm-80gb, a100-sxm-40gb"), "%s", err.msg);
    cr_assert_lt(param_match(&gpus, "zzzzzz", &err), 0);
    cr_assert_str_eq(err.msg, "no GPU 'zzzzzz' (rampup kv --list-gpus lists them)");
    Demo d = fresh();
    cr_assert_eq(param_parse_value(param_find(&table, "kv_dtype"), &ctx, "BFloat16", "kv_dtype",
                                   &d, &err), 0);
    cr_assert_eq(d.dtype, 1);
    cr_assert_neq(param_parse_value(param_find(&table, "kv_dtype"), &ctx, "fp", "kv_dtype", &d,
                                    &err), 0, "fp is ambiguous");
}

Test(param, pairs_all_or_nothing)
{
    Demo d = fresh();
    RError err;
    ParamMask given = 0;
    cr_assert_eq(param_parse_pairs(&table, &ctx, "a100 batch=8 seq=32k util=0.8", &d, &given,
                                   &err), 0, "%s", err.msg);
    cr_assert_str_eq(d.gpu, "a100-sxm-80gb");
    cr_assert_eq(d.batch, 8);
    cr_assert_eq(d.seq, 32768);
    cr_assert_float_eq(d.util, 0.8, 1e-12);
    Demo before = d;
    cr_assert_neq(param_parse_pairs(&table, &ctx, "batch=16 seq=nope", &d, NULL, &err), 0);
    cr_assert_eq(memcmp(&before, &d, sizeof d), 0, "nothing changed");
    cr_assert_str_eq(err.msg, "seq: expected an integer in 16..4M, got 'nope'");
    cr_assert_neq(param_parse_pairs(&table, &ctx, "batch=16 frob=2", &d, NULL, &err), 0);
    cr_assert(strncmp(err.msg, "unknown setting 'frob' (gpu, batch,", 35) == 0, "%s", err.msg);
    cr_assert_eq(memcmp(&before, &d, sizeof d), 0);
    cr_assert_neq(param_parse_pairs(&table, &ctx, "batch=16 h1o", &d, NULL, &err), 0);
    cr_assert(strstr(err.msg, "did you mean"), "%s", err.msg);
    cr_assert_eq(d.batch, 8);
}

Test(param, round_trip_argv_pairs_json)
{
    char *argv[] = {"x", "--gpu", "4090", "--batch=70k", "--seq", "128k", "--tp", "4",
                    "--kv-dtype", "half", "--params=15T", "--gpu-util=0.75"};
    int argc = sizeof argv / sizeof argv[0];
    Demo a = fresh();
    RError err;
    for (int i = 1; i < argc; i++)
        cr_assert_eq(param_argv(&table, &ctx, argc, argv, &i, &a, NULL, &err), 1, "%s", err.msg);
    char pairs[512];
    param_to_pairs(&table, &a, false, pairs, sizeof pairs);
    cr_assert_str_eq(pairs, "gpu=rtx-4090 batch=70k seq=128k tp=4 gpu_util=0.75 params=15T "
                            "kv_dtype=fp16 fast=false");
    Demo b = fresh();
    cr_assert_eq(param_parse_pairs(&table, &ctx, pairs, &b, NULL, &err), 0, "%s", err.msg);
    cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
    cJSON *o = cJSON_CreateObject();
    cr_assert_eq(param_to_json(&table, &b, o), 0);
    cr_assert_eq(param_to_json(&table, &b, o), 0, "replacing, not duplicating");
    cr_assert_eq(cJSON_GetArraySize(o), (int)table.count);
    char *text = cJSON_PrintUnformatted(o);
    cJSON *parsed = cJSON_Parse(text);
    Demo c = fresh();
    cr_assert_eq(param_from_json(&table, &ctx, parsed, &c, true, NULL, &err), 0, "%s", err.msg);
    cr_assert_eq(memcmp(&a, &c, sizeof a), 0);
    char changed[256];
    Demo dflt = fresh();
    param_to_pairs(&table, &dflt, true, changed, sizeof changed);
    cr_assert_str_eq(changed, "");
    cJSON_free(text);
    cJSON_Delete(parsed);
    cJSON_Delete(o);
}

Test(param, json_strict_and_lenient)
{
    RError err;
    cJSON *o = cJSON_Parse("{\"batch\": 8, \"tp\": 0, \"util\": 0.5, \"seq\": \"32k\", "
                           "\"gpu\": [1], \"other\": 3}");
    Demo d = fresh();
    cr_assert_neq(param_from_json(&table, &ctx, o, &d, true, NULL, &err), 0);
    cr_assert_eq(d.batch, 1, "strict: nothing applied");
    ParamMask given = 0;
    cr_assert_neq(param_from_json(&table, &ctx, o, &d, false, &given, &err), 0);
    cr_assert_str_eq(err.msg, "gpu: expected a string, got a JSON array");
    cr_assert_eq(d.batch, 8, "lenient: good members applied");
    cr_assert_eq(d.seq, 32768);
    cr_assert_float_eq(d.util, 0.5, 1e-12, "the alias key reads");
    cr_assert_eq(d.tp, 1, "a bad member is skipped");
    cr_assert_str_eq(d.gpu, "h100-sxm");
    cJSON_Delete(o);
}

Test(param, usage_and_ranges)
{
    char buf[4096];
    int n = param_usage(&table, buf, sizeof buf);
    cr_assert_lt(n, (int)sizeof buf);
    cr_assert(strstr(buf, "  --seq N              tokens per sequence: 16..4M tokens (default 4k)\n"),
              "%s", buf);
    cr_assert(strstr(buf, "--gpu-util X"), "%s", buf);
    cr_assert(strstr(buf, "--kv-dtype NAME      KV element format: fp32, bf16, fp16, fp8 (default bf16)"),
              "%s", buf);
    cr_assert(strstr(buf, "32k = 32768"), "binary rule stated");
    cr_assert(strstr(buf, "70B = 7e10"), "decimal rule stated");
    char small[8];
    cr_assert_eq(param_usage(&table, small, sizeof small), n, "snprintf-style length");
    char range[64];
    param_range_text(param_find(&table, "batch"), range, sizeof range);
    cr_assert_str_eq(range, "1..1e15");
}

Test(param, name_without_context_is_kept)
{
    Demo d = fresh();
    RError err;
    cr_assert_eq(param_parse_value(param_find(&table, "gpu"), NULL, "my-gpu", "gpu", &d, &err), 0);
    cr_assert_str_eq(d.gpu, "my-gpu");
    char longname[100];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    cr_assert_neq(param_parse_value(param_find(&table, "gpu"), NULL, longname, "gpu", &d, &err), 0);
}
