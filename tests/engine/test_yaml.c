/* Tests for the YAML/JSON reader: core-schema scalars, positions, aliases, and exact
 * file:line:col error messages for broken content. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/content/yaml.h"

static YamlDoc *load_ok(const char *text)
{
    YamlDoc *doc = NULL;
    RError err = { 0 };
    int rc = yaml_load_string("t.yaml", text, strlen(text), &doc, &err);
    cr_assert_eq(rc, 0, "unexpected error: %s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    cr_assert_not_null(doc);
    return doc;
}

/* Loads text that must fail and returns the formatted "file:line:col: msg". */
static void load_fail(const char *text, char *buf, size_t size)
{
    YamlDoc *doc = (YamlDoc *)0x1;
    RError err = { 0 };
    int rc = yaml_load_string("t.yaml", text, strlen(text), &doc, &err);
    cr_assert_eq(rc, -1, "expected an error for: %s", text);
    cr_assert_null(doc);
    rerror_format(&err, buf, size);
}

#define ASSERT_FAILS(text, expected)                                                               \
    do {                                                                                           \
        char buf_[600];                                                                            \
        load_fail(text, buf_, sizeof buf_);                                                        \
        cr_assert_str_eq(buf_, expected);                                                          \
    } while (0)

static const cJSON *get(const YamlDoc *doc, const char *key)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(yaml_root(doc), key);
    cr_assert_not_null(n, "missing key %s", key);
    return n;
}

static void assert_num(const YamlDoc *doc, const char *key, double want)
{
    const cJSON *n = get(doc, key);
    cr_assert(cJSON_IsNumber(n), "%s is not a number", key);
    cr_assert_eq(n->valuedouble, want, "%s: %.17g != %.17g", key, n->valuedouble, want);
}

static void assert_str(const YamlDoc *doc, const char *key, const char *want)
{
    const cJSON *n = get(doc, key);
    cr_assert(cJSON_IsString(n), "%s is not a string", key);
    cr_assert_str_eq(n->valuestring, want);
}

/* YAML 1.2.2 spec, 10.3.2 "Tag Resolution" (core schema) gives each of these resolutions. */
Test(yaml, core_schema_numbers)
{
    YamlDoc *doc = load_ok("int: 42\nneg: -17\nplus: +12\nlead0: 007\nfloat: 2.5\nexp: 1e-3\n"
                           "exp2: 6.02E+23\ndot: .5\nhex: 0x1F\noct: 0o17\n"
                           "big: 9007199254740993\n");
    assert_num(doc, "int", 42);
    assert_num(doc, "neg", -17);
    assert_num(doc, "plus", 12);
    assert_num(doc, "lead0", 7); /* leading zeros are decimal in 1.2; octal needs 0o */
    assert_num(doc, "float", 2.5);
    assert_num(doc, "exp", 1e-3);
    assert_num(doc, "exp2", 6.02e23);
    assert_num(doc, "dot", 0.5);
    assert_num(doc, "hex", 31);
    assert_num(doc, "oct", 15);
    /* 2^53 + 1 is not representable: kept as the nearest double, 2^53. */
    assert_num(doc, "big", 9007199254740992.0);
    yaml_free(doc);
}

Test(yaml, core_schema_special_floats)
{
    YamlDoc *doc = load_ok("a: .inf\nb: -.Inf\nc: +.INF\nd: .nan\n");
    cr_assert(isinf(get(doc, "a")->valuedouble) && get(doc, "a")->valuedouble > 0);
    cr_assert(isinf(get(doc, "b")->valuedouble) && get(doc, "b")->valuedouble < 0);
    cr_assert(isinf(get(doc, "c")->valuedouble) && get(doc, "c")->valuedouble > 0);
    cr_assert(isnan(get(doc, "d")->valuedouble));
    yaml_free(doc);
}

Test(yaml, core_schema_bools_nulls_strings)
{
    YamlDoc *doc = load_ok("t: true\nT: True\nf: FALSE\nn1: null\nn2: ~\nn3:\n"
                           "yes: yes\nno: no\non: on\nq: \"12\"\ns: '1e-3'\nu: 1_000\n"
                           "v: 1.2.3\nw: !!str 5\nx: ! 7\nlit: |\n  a\n  b\n");
    cr_assert(cJSON_IsTrue(get(doc, "t")));
    cr_assert(cJSON_IsTrue(get(doc, "T")));
    cr_assert(cJSON_IsFalse(get(doc, "f")));
    cr_assert(cJSON_IsNull(get(doc, "n1")));
    cr_assert(cJSON_IsNull(get(doc, "n2")));
    cr_assert(cJSON_IsNull(get(doc, "n3")));
    /* YAML 1.1 booleans are plain strings in 1.2. */
    assert_str(doc, "yes", "yes");
    assert_str(doc, "no", "no");
    assert_str(doc, "on", "on");
    assert_str(doc, "q", "12");
    assert_str(doc, "s", "1e-3");
    assert_str(doc, "u", "1_000");
    assert_str(doc, "v", "1.2.3");
    assert_str(doc, "w", "5");
    assert_str(doc, "x", "7");
    assert_str(doc, "lit", "a\nb\n");
    yaml_free(doc);
}

Test(yaml, positions)
{
    YamlDoc *doc = load_ok("# comment\nmodel:\n  name: llama\n  layers: [1, 2,\n     3]\n");
    const cJSON *model = get(doc, "model");
    int line = 0, col = 0;
    cr_assert(yaml_pos(doc, model, &line, &col));
    cr_assert_eq(line, 3);
    cr_assert_eq(col, 3);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(model, "name");
    cr_assert(yaml_pos(doc, name, &line, &col));
    cr_assert_eq(line, 3);
    cr_assert_eq(col, 9);
    const cJSON *three = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(model, "layers"), 2);
    cr_assert(yaml_pos(doc, three, &line, &col));
    cr_assert_eq(line, 5);
    cr_assert_eq(col, 6);
    cJSON *other = cJSON_CreateNull();
    cr_assert_not(yaml_pos(doc, other, &line, &col));
    cJSON_Delete(other);
    cr_assert_str_eq(yaml_name(doc), "t.yaml");
    yaml_free(doc);
}

Test(yaml, crlf_and_utf8_columns)
{
    /* Columns count characters: "é" is one column although it is two bytes. */
    YamlDoc *doc = load_ok("a: 1\r\nnamé: x\r\nb: 2\r\n");
    int line = 0, col = 0;
    cr_assert(yaml_pos(doc, get(doc, "namé"), &line, &col));
    cr_assert_eq(line, 2);
    cr_assert_eq(col, 7);
    cr_assert(yaml_pos(doc, get(doc, "b"), &line, &col));
    cr_assert_eq(line, 3);
    yaml_free(doc);
}

Test(yaml, anchors_aliases_merge)
{
    YamlDoc *doc = load_ok("base: &b {x: 1, y: 2}\ncopy: *b\n"
                           "over: {<<: *b, y: 3, z: 4}\n"
                           "multi:\n  <<: [{p: 1}, {p: 2, q: 5}]\n  r: 6\n"
                           "s: &s hello\nt: *s\n");
    const cJSON *copy = get(doc, "copy");
    cr_assert_eq(cJSON_GetObjectItemCaseSensitive(copy, "y")->valuedouble, 2);
    const cJSON *over = get(doc, "over");
    cr_assert_eq(cJSON_GetArraySize(over), 3);
    cr_assert_eq(cJSON_GetObjectItemCaseSensitive(over, "x")->valuedouble, 1);
    cr_assert_eq(cJSON_GetObjectItemCaseSensitive(over, "y")->valuedouble, 3);
    cr_assert_eq(cJSON_GetObjectItemCaseSensitive(over, "z")->valuedouble, 4);
    const cJSON *multi = get(doc, "multi");
    /* The first mapping in a merge list wins (yaml.org/type/merge.html). */
    cr_assert_eq(cJSON_GetObjectItemCaseSensitive(multi, "p")->valuedouble, 1);
    cr_assert_eq(cJSON_GetObjectItemCaseSensitive(multi, "q")->valuedouble, 5);
    assert_str(doc, "t", "hello");
    /* The alias copy points back at the anchored node's position. */
    int line = 0, col = 0;
    cr_assert(yaml_pos(doc, cJSON_GetObjectItemCaseSensitive(copy, "x"), &line, &col));
    cr_assert_eq(line, 1);
    cr_assert_eq(col, 14);
    /* The original anchored mapping is untouched by the merge that overrides y. */
    cr_assert_eq(cJSON_GetObjectItemCaseSensitive(get(doc, "base"), "y")->valuedouble, 2);
    yaml_free(doc);
}

Test(yaml, json_document)
{
    const char *json = "{\n\t\"a\": 1,\n\t\"b\": [1.5e+10, true, null, \"x\\/y\\u00e9\"],\n"
                       "\t\"c\":{\"d\":-0.25}\n}\n";
    YamlDoc *doc = load_ok(json);
    assert_num(doc, "a", 1);
    const cJSON *b = get(doc, "b");
    cr_assert_eq(cJSON_GetArrayItem(b, 0)->valuedouble, 1.5e10);
    cr_assert(cJSON_IsTrue(cJSON_GetArrayItem(b, 1)));
    cr_assert(cJSON_IsNull(cJSON_GetArrayItem(b, 2)));
    cr_assert_str_eq(cJSON_GetArrayItem(b, 3)->valuestring, "x/y\xc3\xa9");
    int line = 0, col = 0;
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(get(doc, "c"), "d");
    cr_assert_eq(d->valuedouble, -0.25);
    cr_assert(yaml_pos(doc, d, &line, &col));
    cr_assert_eq(line, 4);
    cr_assert_eq(col, 11);
    yaml_free(doc);
}

Test(yaml, reference_config_json)
{
    const char *path = "../shared/reference/model-configs.json";
    if (access(path, R_OK) != 0)
        cr_skip_test("%s absent", path);
    YamlDoc *doc = NULL;
    RError err = { 0 };
    cr_assert_eq(yaml_load_file(path, &doc, &err), 0, "%s", err.msg);
    const cJSON *llama = cJSON_GetObjectItemCaseSensitive(yaml_root(doc), "Llama-2-7B");
    long long layers = 0, hidden = 0;
    /* Llama 2 7B: 32 layers, hidden size 4096 (Touvron et al. 2023, Table 1 / HF config.json). */
    cr_assert_eq(yaml_get_int(doc, llama, "num_hidden_layers", true, 1, 1000, &layers, &err), 0);
    cr_assert_eq(yaml_get_int(doc, llama, "hidden_size", true, 1, 1 << 20, &hidden, &err), 0);
    cr_assert_eq(layers, 32);
    cr_assert_eq(hidden, 4096);
    /* The file loads in full: its derived parameter count is an integer-valued double. */
    double params = 0;
    cr_assert_eq(yaml_get_double(doc, llama, "derived_params", true, &params, &err), 0);
    cr_assert_eq(params, 6738415616.0);
    yaml_free(doc);
}

Test(yaml, load_file_and_missing_file)
{
    char path[] = "/tmp/rampup_yaml_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    const char *text = "a: 1\nb:\n\tc: 2\n";
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    YamlDoc *doc = NULL;
    RError err = { 0 };
    cr_assert_eq(yaml_load_file(path, &doc, &err), -1);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.col, 1);
    unlink(path);
    cr_assert_eq(yaml_load_file("/nonexistent/x.yaml", &doc, &err), -1);
    char buf[600];
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "/nonexistent/x.yaml: cannot open: No such file or directory");
}

Test(yaml, empty_document_is_null)
{
    YamlDoc *doc = load_ok("# only a comment\n");
    cr_assert(cJSON_IsNull(yaml_root(doc)));
    yaml_free(doc);
    yaml_free(NULL);
}

Test(yaml, error_tab_indentation)
{
    ASSERT_FAILS("a: 1\nb:\n\tc: 2\n",
                 "t.yaml:3:1: found character that cannot start any token (a tab; YAML "
                 "indentation must use spaces) while scanning for the next token");
}

Test(yaml, error_unclosed_quote)
{
    ASSERT_FAILS("a: 1\nb: \"unclosed\nc: 2\n",
                 "t.yaml:4:1: found unexpected end of stream while scanning a quoted scalar "
                 "that started at 2:4");
}

Test(yaml, error_bad_indentation)
{
    ASSERT_FAILS("a:\n  b: 1\n c: 2\n",
                 "t.yaml:3:2: did not find expected key while parsing a block mapping that "
                 "started at 1:1");
}

Test(yaml, error_duplicate_key)
{
    ASSERT_FAILS("name: a\nlayers: 2\nname: b\n",
                 "t.yaml:3:1: duplicate key \"name\" (first defined at 1:1)");
    ASSERT_FAILS("m:\n  k: 1\n  j: {x: 1, x: 2}\n",
                 "t.yaml:3:13: duplicate key \"x\" (first defined at 3:7)");
}

Test(yaml, error_duplicate_key_in_large_mapping)
{
    /* Past 16 keys the reader switches to a hash index; duplicates must still be found. */
    size_t cap = 64 * 1024;
    char *text = malloc(cap);
    size_t n = 0;
    for (int i = 0; i < 2000; i++)
        n += (size_t)snprintf(text + n, cap - n, "k%d: %d\n", i, i);
    snprintf(text + n, cap - n, "k1234: again\n");
    char buf[600];
    load_fail(text, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:2001:1: duplicate key \"k1234\" (first defined at 1235:1)");
    free(text);
}

Test(yaml, error_deep_nesting)
{
    char text[1000];
    memset(text, '[', 300);
    memset(text + 300, ']', 300);
    text[600] = '\0';
    ASSERT_FAILS(text, "t.yaml:1:257: nesting deeper than 256 levels");
}

Test(yaml, error_alias_bomb)
{
    /* "Billion laughs": 9^8 ~ 43 million nodes if expanded. */
    ASSERT_FAILS("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                 "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                 "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                 "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n",
                 "t.yaml:7:8: too many nodes from aliases (limit 1000000)");
}

Test(yaml, error_misc)
{
    ASSERT_FAILS("a: 1\n---\nb: 2\n", "t.yaml:2:1: expected a single document, found a second one");
    ASSERT_FAILS("a: *nope\n", "t.yaml:1:4: unknown alias \"*nope\"");
    ASSERT_FAILS("? [1]\n: 2\n", "t.yaml:1:3: a sequence cannot be a mapping key (keys must be "
                                 "scalars)");
    ASSERT_FAILS("a: !!int 2.5\n", "t.yaml:1:4: \"2.5\" is not an integer");
    ASSERT_FAILS("a: !!bool yes\n", "t.yaml:1:4: \"yes\" is not a valid !!bool");
    ASSERT_FAILS("a: !custom 1\n", "t.yaml:1:4: unsupported tag \"!custom\"");
    ASSERT_FAILS("a: <<\nb: {<<: 3}\n", "t.yaml:2:9: merge key \"<<\" expects a mapping or a "
                                        "list of mappings");
    ASSERT_FAILS("a: [1, 2\n", "t.yaml:2:1: did not find expected ',' or ']' while parsing a "
                               "flow sequence that started at 1:4");
}

Test(yaml, error_invalid_utf8)
{
    char buf[600];
    load_fail("a: \xff\xfe\n", buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml: invalid leading UTF-8 octet at byte 3");
}

Test(yaml, typed_getters)
{
    YamlDoc *doc = load_ok("n: 12\nf: 2.5\ns: \"x\"\nb: true\nneg: -3\nhuge: 1e30\n");
    const cJSON *root = yaml_root(doc);
    RError err = { 0 };
    long long v = -1;
    cr_assert_eq(yaml_get_int(doc, root, "n", true, 0, 100, &v, &err), 0);
    cr_assert_eq(v, 12);
    v = 99;
    cr_assert_eq(yaml_get_int(doc, root, "absent", false, 0, 100, &v, &err), 0);
    cr_assert_eq(v, 99, "an absent optional key leaves *out unchanged");
    double d = 0;
    cr_assert_eq(yaml_get_double(doc, root, "n", true, &d, &err), 0);
    cr_assert_eq(d, 12);
    const char *s = NULL;
    cr_assert_eq(yaml_get_string(doc, root, "s", true, &s, &err), 0);
    cr_assert_str_eq(s, "x");
    bool b = false;
    cr_assert_eq(yaml_get_bool(doc, root, "b", true, &b, &err), 0);
    cr_assert(b);

    char buf[600];
    cr_assert_eq(yaml_get_int(doc, root, "layers", true, 0, 100, &v, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:1:1: missing required key \"layers\"");
    cr_assert_eq(yaml_get_int(doc, root, "f", true, 0, 100, &v, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:2:4: \"f\": expected an integer, found 2.5");
    cr_assert_eq(yaml_get_int(doc, root, "s", true, 0, 100, &v, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:3:4: \"s\": expected an integer, found a string");
    cr_assert_eq(yaml_get_int(doc, root, "neg", true, 0, 100, &v, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:5:6: \"neg\": -3 is out of range [0, 100]");
    cr_assert_eq(yaml_get_int(doc, root, "huge", true, 0, 100, &v, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:6:7: \"huge\": 1e+30 is out of range [0, 100]");
    cr_assert_eq(yaml_get_string(doc, root, "n", true, &s, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:1:4: \"n\": expected a string, found a number");
    cr_assert_eq(yaml_get_bool(doc, root, "s", true, &b, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:3:4: \"s\": expected true or false, found a string");
    cr_assert_eq(yaml_get_double(doc, get(doc, "n"), "x", true, &d, &err), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:1:4: expected a mapping with key \"x\", found a number");
    cr_assert_eq(yaml_error(doc, get(doc, "b"), &err, "bad %s", "thing"), -1);
    rerror_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:4:4: bad thing");
    yaml_free(doc);
}

Test(yaml, large_document)
{
    /* 100k entries load without trouble and keep positions. */
    size_t cap = 8u << 20;
    char *text = malloc(cap);
    size_t n = 0;
    for (int i = 0; i < 100000; i++)
        n += (size_t)snprintf(text + n, cap - n, "key%d: {a: %d, b: [1, \"s\"]}\n", i, i);
    YamlDoc *doc = NULL;
    RError err = { 0 };
    cr_assert_eq(yaml_load_string("big.yaml", text, n, &doc, &err), 0, "%s", err.msg);
    const cJSON *last = cJSON_GetObjectItemCaseSensitive(yaml_root(doc), "key99999");
    cr_assert_not_null(last);
    int line = 0, col = 0;
    cr_assert(yaml_pos(doc, cJSON_GetObjectItemCaseSensitive(last, "a"), &line, &col));
    cr_assert_eq(line, 100000);
    cr_assert_eq(col, 15);
    yaml_free(doc);
    free(text);
}
