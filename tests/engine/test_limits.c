/* Every stated input bound, tested just under (accepted) and just over (refused with a clear
 * message): note 8 MiB (notes pane, `notes show`, the RAG loader), corpus cap, CSV 16 MiB,
 * YAML/JSON (content, config.json) 16 MiB, graph spec 1 MiB, state file 64 MiB. The bounds
 * README.md states are these constants. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/agent/graph.h"
#include "engine/content/yaml.h"
#include "engine/kv/kv_load.h"
#include "engine/notes.h"
#include "engine/rag/beir.h"
#include "engine/rag/corpus.h"
#include "engine/scaling/csv.h"
#include "engine/state.h"

#include "tests/engine/scratch_dir.h"

static char dir[] = "/tmp/rampup-limits-XXXXXX";

static void setup(void)
{
    scratch_make(dir);
}

static void teardown(void)
{
    scratch_remove(dir);
}

TestSuite(limits, .init = setup, .fini = teardown);

/* Writes head, then `fill` bytes of c, then tail: a file of exactly `size` bytes. */
static const char *make_file(const char *name, size_t size, const char *head, char c,
                             const char *tail)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t h = strlen(head), t = strlen(tail);
    cr_assert_geq(size, h + t);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(head, f);
    char buf[65536];
    memset(buf, c, sizeof buf);
    for (size_t left = size - h - t; left;) {
        size_t k = left < sizeof buf ? left : sizeof buf;
        cr_assert_eq(fwrite(buf, 1, k, f), k);
        left -= k;
    }
    fputs(tail, f);
    fclose(f);
    return path;
}

Test(limits, rag_loader_takes_an_8_mib_note_and_skips_one_byte_more)
{
    char sub[300];
    snprintf(sub, sizeof sub, "%s/corpus", dir);
    mkdir(sub, 0700);
    make_file("corpus/a_under.md", NOTES_MAX_BYTES, "# Under\n", 'w', " end\n");
    make_file("corpus/b_over.md", NOTES_MAX_BYTES + 1, "# Over\n", 'w', " end\n");
    RagCorpus *c = NULL;
    RError err;
    cr_assert_eq(corpus_load_dir(sub, NULL, &c, &err), 0, "%s", err.msg);
    cr_expect_eq(c->nfiles, 1);
    cr_expect_eq(c->bytes, NOTES_MAX_BYTES);
    cr_assert_eq(c->nwarnings, 1);
    cr_expect(strstr(c->warnings[0], "b_over.md: file is larger than 8 MiB, skipped"), "%s",
              c->warnings[0]);
    corpus_free(c);
}

Test(limits, corpus_stops_reading_once_the_cap_is_reached)
{
    char sub[300];
    snprintf(sub, sizeof sub, "%s/corpus", dir);
    mkdir(sub, 0700);
    make_file("corpus/a.md", 600, "# A\n", 'a', " word\n");
    make_file("corpus/b.md", 400, "# B\n", 'b', " word\n");
    make_file("corpus/c.md", 100, "# C\n", 'c', " word\n");
    RagCorpus *c = NULL;
    RError err;
    /* 1000 bytes: a (600) and b (400) are read, the cap is then reached, c is skipped. */
    cr_assert_eq(corpus_load_dir_progress(sub, NULL, 1000, NULL, NULL, &c, &err), 0, "%s", err.msg);
    cr_expect_eq(c->nfiles, 2);
    cr_assert_eq(c->nwarnings, 1);
    cr_expect(strstr(c->warnings[0], "c.md: the corpus already holds 1000 B, skipped"), "%s",
              c->warnings[0]);
    corpus_free(c);
    cr_assert_eq(corpus_load_dir_progress(sub, NULL, 1001, NULL, NULL, &c, &err), 0, "%s", err.msg);
    cr_expect_eq(c->nfiles, 3, "just under the cap every file is read");
    corpus_free(c);
}

Test(limits, csv_16_mib_accepted_one_byte_more_refused)
{
    ScalingData d;
    RError err;
    const char *p = make_file("runs.csv", SCALING_CSV_MAX_BYTES, "N,D,loss\n1e9,2e10,2.5\n#", 'x',
                              "\n");
    cr_assert_eq(scaling_csv_load(p, &d, &err), 0, "%s", err.msg);
    cr_expect_eq(d.count, 1);
    scaling_data_free(&d);
    p = make_file("runs.csv", SCALING_CSV_MAX_BYTES + 1, "N,D,loss\n1e9,2e10,2.5\n#", 'x', "\n");
    cr_assert_eq(scaling_csv_load(p, &d, &err), -1);
    cr_expect_str_eq(err.msg, "file is larger than 16 MiB");
}

Test(limits, config_json_16_mib_accepted_one_byte_more_refused)
{
    static const char head[] =
        "{\"model_type\": \"llama\", \"num_hidden_layers\": 2, \"hidden_size\": 64,"
        " \"num_attention_heads\": 2, \"num_key_value_heads\": 2, \"intermediate_size\": 128,"
        " \"vocab_size\": 100, \"max_position_embeddings\": 128, \"_name_or_path\": \"";
    KvModel m;
    RError err;
    const char *p = make_file("config.json", YAML_MAX_FILE_BYTES, head, 'n', "\"}\n");
    cr_assert_eq(kv_model_load_config(p, &m, &err), 0, "%s", err.msg);
    p = make_file("config.json", YAML_MAX_FILE_BYTES + 1, head, 'n', "\"}\n");
    cr_assert_eq(kv_model_load_config(p, &m, &err), -1);
    cr_expect_str_eq(err.msg, "file is larger than 16 MiB");
}

Test(limits, graph_spec_1_mib_accepted_one_byte_more_refused)
{
    static const char head[] = "name: big\nentry: inc\nstate:\n  n: {type: number, reducer: add}\n"
                               "nodes:\n  inc: {fn: count, params: {key: n, by: 1}}\n"
                               "edges:\n  - {from: inc, to: END}\n# ";
    Graph *g = NULL;
    RError err;
    const char *p = make_file("g.yaml", GRAPH_MAX_BYTES, head, 'c', "\n");
    cr_assert_eq(graph_load(p, &g, &err), 0, "%s", err.msg);
    graph_free(g);
    p = make_file("g.yaml", GRAPH_MAX_BYTES + 1, head, 'c', "\n");
    cr_assert_eq(graph_load(p, &g, &err), -1);
    cr_expect_str_eq(err.msg, "file is larger than 1 MiB");
}

Test(limits, state_64_mib_loaded_one_byte_more_moved_aside)
{
    cJSON *st = NULL;
    char warning[512];
    RError err;
    make_file("state.json", 64u << 20, "{\"pad\": \"", 'p', "\"}");
    cr_assert_eq(state_load(dir, &st, warning, sizeof warning, &err), 0, "%s", err.msg);
    cr_expect_str_empty(warning);
    cr_expect(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(st, "pad")));
    cJSON_Delete(st);
    make_file("state.json", (64u << 20) + 1, "{\"pad\": \"", 'p', "\"}");
    cr_assert_eq(state_load(dir, &st, warning, sizeof warning, &err), 0, "%s", err.msg);
    cr_expect(strstr(warning, "was corrupt (larger than 64 MiB)"), "%s", warning);
    cJSON_Delete(st);
}

Test(limits, beir_file_of_64_mib_read_one_byte_more_refused)
{
    char path[300];
    snprintf(path, sizeof path, "%s/corpus.jsonl", dir);
    RError err;
    /* One document, then a sparse tail up to the size (NUL bytes read as a blank line). */
    for (int over = 0; over <= 1; over++) {
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f);
        fputs("{\"_id\": \"d1\", \"title\": \"t\", \"text\": \"x\"}\n", f);
        cr_assert_eq(ftruncate(fileno(f), (off_t)RAG_CORPUS_MAX_BYTES + over), 0);
        fclose(f);
        Beir *b = beir_new();
        if (over) {
            cr_assert_eq(beir_load_corpus(b, path, &err), -1);
            cr_expect_str_eq(err.msg, "file is larger than 64 MiB");
        } else {
            cr_assert_eq(beir_load_corpus(b, path, &err), 0, "%s", err.msg);
            cr_expect_eq(b->corpus->n, 1);
        }
        beir_free(b);
    }
}
