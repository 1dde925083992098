/* Live figures: values through kv_estimate, units, errors with positions, code left alone,
 * and the note checker (figures, pane links, card references). */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "engine/figure/check.h"
#include "engine/figure/figure.h"
#include "engine/rag/corpus.h"

static FigureCtx *ctx;

static void setup(void)
{
    RError err;
    cr_assert_eq(figure_ctx_new("content", &ctx, &err), 0, "%s", err.msg);
}

static void teardown(void)
{
    figure_ctx_free(ctx);
}

static void eval_ok(const char *spec, const char *want)
{
    char out[128];
    RError err;
    cr_assert_eq(figure_eval(ctx, spec, out, sizeof out, NULL, &err), 0, "%s: %s", spec, err.msg);
    cr_expect_str_eq(out, want, "%s", spec);
}

/* Llama-3.1-70B (meta-llama/Llama-3.1-70B config.json: 80 layers, 8 KV heads, head_dim
 * 8192/64 = 128), bf16: 2 x 80 x 8 x 128 x 2 B = 327,680 B a token; 32k tokens = 10 GiB. */
Test(figure, kv_values, .init = setup, .fini = teardown)
{
    eval_ok("kv model=llama-3.1-70b seq=32k field=kv_bytes unit=GiB", "10 GiB");
    eval_ok("kv llama-3.1-70b field=kv_bytes_per_token", "327,680");
    eval_ok("kv llama-3.1-70b field=kv_bytes_per_token unit=KiB", "320 KiB");
    eval_ok("kv llama-3.1-70b seq=32768 batch=4 kv=fp8 field=kv_bytes unit=GiB", "20 GiB");
    eval_ok("kv llama-3.1-70b seq=32k field=kv_bytes unit=GB digits=2", "10.74 GB");
    eval_ok("  kv   llama-3.1-70b  field=kv_bytes  unit=MiB  ", "1,280 MiB"); /* seq 4096 */
}

/* Chinchilla approach 3 (Hoffmann et al. 2022, eq. 10 fit: E 1.6934, A 406.4, B 410.7,
 * alpha 0.3392, beta 0.2849): Chinchilla itself, 70B on 1.4T, at loss 1.9206; the optimum of
 * Gopher's 5.76e23 FLOP (as `rampup scaling --compute 5.76e23 --law chinchilla3` prints). */
Test(figure, scaling_values, .init = setup, .fini = teardown)
{
    eval_ok("scaling law=chinchilla3 params=70B tokens=1.4T field=loss digits=3", "1.921");
    eval_ok("scaling chinchilla3 compute=5.76e23 field=params unit=billion", "40.4 billion");
    eval_ok("scaling chinchilla3 compute=5.76e23 field=tokens unit=trillion", "2.38 trillion");
    eval_ok("scaling chinchilla3 params=70B tokens=1.4T field=tokens_per_param", "20");
    eval_ok("scaling chinchilla3 params=70B tokens=1.4T field=compute unit=trillion",
            "588,000,000,000 trillion"); /* 6ND = 5.88e23 FLOP */
}

static void eval_bad(const char *spec, const char *want, size_t want_bad)
{
    char out[128];
    RError err;
    size_t bad = 999;
    cr_assert_eq(figure_eval(ctx, spec, out, sizeof out, &bad, &err), -1, "%s evaluated", spec);
    cr_expect(strstr(err.msg, want) != NULL, "%s: got '%s', want '%s'", spec, err.msg, want);
    cr_expect_eq(bad, want_bad, "%s: bad at %zu, want %zu", spec, bad, want_bad);
}

Test(figure, errors_point_at_the_token, .init = setup, .fini = teardown)
{
    eval_bad("kv model=llama-9 field=kv_bytes", "unknown model 'llama-9'", 3);
    eval_bad("kv llama-3.1-70b field=kv_byte", "unknown kv field 'kv_byte'", 17);
    eval_bad("kv llama-3.1-70b field=kv_bytes unit=GiBs", "unknown unit 'GiBs'", 32);
    eval_bad("kv llama-3.1-70b field=params unit=GiB", "is a count", 30);
    eval_bad("kv llama-3.1-70b seq=32q field=kv_bytes", "seq: expected", 17);
    eval_bad("kv llama-3.1-70b colour=red field=kv_bytes", "unknown kv setting 'colour'", 17);
    eval_bad("kv llama-3.1-70b", "names no field", 0);
    eval_bad("kv field=kv_bytes", "names no model", 0);
    eval_bad("kvv llama-3.1-70b field=kv_bytes", "unknown figure topic 'kvv'", 0);
    eval_bad("", "starts with its topic", 0);
    eval_bad("scaling compute=1e23 field=params", "names no law", 0);
    eval_bad("scaling chinchilla3 params=70B field=loss", "give both params and tokens", 0);
    eval_bad("scaling chinchilla3 compute=1e23 field=loss unit=GiB", "plain number", 44);
    eval_bad("scaling law=chinchilla9 compute=1e23 field=loss", "unknown law", 8);
}

Test(figure, expand_in_prose_not_in_code, .init = setup, .fini = teardown)
{
    const char *src = "# T\n"
                      "A 32k context holds {{kv llama-3.1-70b seq=32k field=kv_bytes unit=GiB}}.\n"
                      "Write `{{kv ...}}` to embed one.\n"
                      "```\n{{kv llama-3.1-70b field=kv_bytes}}\n```\n"
                      "Bad: {{kv llama-3.1-70b field=nope}} and {{kv unclosed\n";
    char *out;
    size_t len;
    FigureIssues issues = {0};
    RError err;
    cr_assert_eq(figure_expand(ctx, src, strlen(src), &out, &len, &issues, &err), 0);
    cr_expect(strstr(out, "A 32k context holds 10 GiB.\n") != NULL, "%s", out);
    cr_expect(strstr(out, "Write `{{kv ...}}` to embed one.") != NULL, "%s", out);
    cr_expect(strstr(out, "```\n{{kv llama-3.1-70b field=kv_bytes}}\n```") != NULL, "%s", out);
    cr_expect(strstr(out, "Bad: [figure error] and [figure error]kv unclosed\n") != NULL, "%s",
              out);
    cr_assert_eq(issues.count, 2);
    cr_expect_eq(issues.items[0].line, 7);
    cr_expect_eq(issues.items[0].col, 25, "col %d", issues.items[0].col); /* field= */
    cr_expect_eq(issues.items[1].line, 7);
    cr_expect_eq(issues.items[1].col, 42, "col %d", issues.items[1].col); /* its {{ */
    cr_expect_eq(strlen(out), len);
    free(out);
    figure_issues_free(&issues);
    /* An escape sequence quoted in a message is defused. */
    const char *esc = "{{kv \x1b[2Jx field=kv_bytes}}\n";
    cr_assert_eq(figure_expand(ctx, esc, strlen(esc), &out, &len, &issues, &err), 0);
    cr_assert_eq(issues.count, 1);
    cr_expect(strchr(issues.items[0].msg, '\x1b') == NULL, "%s", issues.items[0].msg);
    free(out);
    figure_issues_free(&issues);
}

static const char *const panes[] = {"home", "notes", "kv", "scaling", "rag", "agents", "study",
                                    "infer"};

static size_t check(const char *src, FigureIssues *issues)
{
    CheckEnv env = {"notes", "content", panes, sizeof panes / sizeof panes[0]};
    CheckCounts counts = {0, 0};
    check_note(ctx, &env, src, strlen(src), issues, &counts);
    return counts.links;
}

Test(figure, pane_links_checked, .init = setup, .fini = teardown)
{
    FigureIssues is = {0};
    const char *good = "[a](<pane:kv llama-3.1-70b seq=32768 batch=1 tp=8 gpus=8 kv=bf16 "
                       "gpu=h100-sxm>) [b](<pane:notes rag.md#Reciprocal rank fusion>) "
                       "[c](pane:agents research) [d](<pane:scaling chinchilla3 compute=1e23>) "
                       "[e](<pane:study quiz rag.md>) [f](pane:rag) "
                       "[g](<pane:infer defaults llama-2-7b gpu=h100-sxm view=roofline>)\n";
    cr_expect_eq(check(good, &is), 7);
    for (size_t i = 0; i < is.count; i++)
        cr_expect(0, "unexpected: %d:%d: %s", is.items[i].line, is.items[i].col, is.items[i].msg);
    figure_issues_free(&is);

    const char *bad = "x\n[a](pane:kvv llama-3.1-70b)\n"
                      "[b](<pane:kv llama-3.1-70b sq=4>)\n"
                      "[c](<pane:notes rag.md#No such heading>)\n"
                      "[d](pane:agents nothing)\n"
                      "[e](<pane:scaling law=kaplan-9>)\n"
                      "[f](<pane:infer defaults rate=fast>)\n";
    check(bad, &is);
    cr_assert_eq(is.count, 6);
    cr_expect(strstr(is.items[0].msg, "unknown pane 'kvv'"));
    cr_expect_eq(is.items[0].line, 2);
    cr_expect_eq(is.items[0].col, 10);
    cr_expect(strstr(is.items[1].msg, "unknown kv setting 'sq'"), "%s", is.items[1].msg);
    cr_expect_eq(is.items[1].col, 28);
    cr_expect(strstr(is.items[2].msg, "no heading 'No such heading'"), "%s", is.items[2].msg);
    cr_expect(strstr(is.items[3].msg, "no agent graph 'nothing'"), "%s", is.items[3].msg);
    cr_expect(strstr(is.items[4].msg, "unknown law"), "%s", is.items[4].msg);
    cr_expect(strstr(is.items[5].msg, "rate"), "%s", is.items[5].msg);
    cr_expect_eq(is.items[5].col, 26, "col %d", is.items[5].col);
    figure_issues_free(&is);
}

Test(figure, card_references_checked, .init = setup, .fini = teardown)
{
    CardDeck d;
    RError err;
    const char *text = "cards:\n  - id: a\n    topic: rag\n    note: rag.md#BM25\n    q: Q\n    a: A\n"
                       "  - id: b\n    topic: rag\n    note: rag.md#Nope\n    q: Q\n    a: A\n"
                       "  - id: c\n    topic: kv\n    note: rag.md#BM25\n    q: Q\n"
                       "    a: \"{{kv llama-3.1-70b seq=32k field=kv_bytes unit=GiB}}\"\n"
                       "  - id: d\n    topic: kv\n    note: rag.md#BM25\n    q: Q\n"
                       "    a: \"{{kv llama-3.1-70b field=nope}}\"\n";
    cr_assert_eq(cards_load_string("c.yaml", text, strlen(text), &d, &err), 0);
    FigureIssues is = {0};
    check_cards(ctx, &d, "notes", &is);
    cr_assert_eq(is.count, 2);
    cr_expect_eq(is.items[0].line, 7);
    cr_expect(strstr(is.items[0].msg, "card b: no heading 'Nope'"), "%s", is.items[0].msg);
    cr_expect(strstr(is.items[1].msg, "card d, a: unknown kv field 'nope'"), "%s",
              is.items[1].msg);
    figure_issues_free(&is);
    /* A numeric answer can be a live figure. */
    cr_assert_eq(figure_expand_cards(ctx, &d, &err), 0);
    cr_expect_str_eq(d.items[2].a, "10 GiB");
    cr_expect_str_eq(d.items[3].a, "[figure error]");
    cards_free(&d);
}

/* Every reader of the notes sees values, not specs: the RAG index (and through it search,
 * the research agent's retrieve step and the live evals) expands the shipped notes' figures. */
Test(figure, the_notes_index_holds_values_not_specs)
{
    RError err;
    ChunkOptions co = chunk_default(true);
    RagCorpus *raw, *read;
    cr_assert_eq(corpus_load_dir("notes", &co, &raw, &err), 0, "%s", err.msg);
    co.figures_from = "content";
    cr_assert_eq(corpus_load_dir("notes", &co, &read, &err), 0, "%s", err.msg);
    size_t specs_raw = 0, specs_read = 0;
    for (size_t i = 0; i < raw->n; i++)
        specs_raw += strstr(raw->docs[i].text, "{{") != NULL;
    for (size_t i = 0; i < read->n; i++)
        specs_read += strstr(read->docs[i].text, "{{") != NULL;
    cr_expect_gt(specs_raw, 10, "the shipped notes carry live figures");
    cr_expect_eq(specs_read, 0, "expanded: none left");
    corpus_free(raw);
    corpus_free(read);
}
