/* Handouts (`e` in a pane, `--markdown`): the KV and Scaling Markdown carry the figures and the
 * formulas; the text builder sizes and truncates safely. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "engine/kv/kv.h"
#include "engine/kv/kv_load.h"
#include "engine/scaling/markdown.h"
#include "engine/text/outbuf.h"

Test(handout, outbuf_counts_and_truncates)
{
    char small[8];
    OutBuf o = outbuf_make(small, sizeof small);
    outbuf_printf(&o, "%s", "hello ");
    outbuf_printf(&o, "%d", 12345);
    cr_assert_eq(o.len, 11);
    cr_assert_str_eq(small, "hello 1");
    OutBuf count = outbuf_make(NULL, 0);
    outbuf_printf(&count, "%s", "abc");
    cr_assert_eq(count.len, 3);
}

/* Llama-2-70B (config.json: 80 layers, 8 KV heads of 128, hidden 8192): 327,680 B of KV per
 * token; the seed formula's hidden-size width is 64 heads, 8x too big. */
Test(handout, kv_markdown_has_figures_and_formulas)
{
    KvPresetList presets;
    RError err;
    cr_assert_eq(kv_presets_load("content/models.yaml", &presets, &err), 0, "%s", err.msg);
    const KvPreset *p = kv_presets_find(&presets, "llama-2-70b");
    cr_assert_not_null(p);
    KvQuery q;
    kv_query_init(&q);
    q.gpu_mem_bytes = 80e9;
    KvReport r;
    cr_assert_eq(kv_estimate(&p->model, &q, &r, &err), 0, "%s", err.msg);
    size_t need = kv_markdown(&p->model, &q, &r, "H100", NULL, 0);
    char *md = malloc(need + 1);
    cr_assert_eq(kv_markdown(&p->model, &q, &r, "H100", md, need + 1), need);
    cr_assert_eq(strlen(md), need);
    cr_assert(strstr(md, "# KV cache and serving memory: llama-2-70b\n"));
    cr_assert(strstr(md, "| KV per token | 320.0 KiB | 327680 B |"));
    cr_assert(strstr(md, "| seed formula error | 8.00x the right value | |"));
    cr_assert(strstr(md, "## Why: the formulas with these numbers\n\n```text\n"));
    cr_assert(strstr(md, "Seed formula = batch x seq x layers x 2 x hidden x bytes"));
    cr_assert_eq(strcmp(md + need - 4, "```\n"), 0, "the fence is closed");
    free(md);
    kv_presets_free(&presets);
}

/* Hoffmann et al. 2022 approach 1 at Gopher's budget (5.76e23 FLOP): ~68B parameters on
 * ~1.4T tokens, about 20 tokens per parameter. */
Test(handout, scaling_markdown_lists_every_law)
{
    ScalingQuery q = {.law = LAW_CHINCHILLA3, .compute = 5.76e23, .params = 4.04e10,
                      .tokens = 2.38e12, .gpus = 1, .mfu = 0.4};
    size_t need = scaling_markdown(&q, NULL, 0);
    char *md = malloc(need + 1);
    scaling_markdown(&q, md, need + 1);
    cr_assert(strstr(md, "# Compute-optimal training for C = 5.76e23 FLOP"));
    cr_assert(strstr(md, "| Chinchilla approach 1 | 67.8B | 1.42T | 20.9 |"), "%s", md);
    cr_assert(strstr(md, "Chinchilla approach 3 (selected)"));
    cr_assert(strstr(md, "(WebText2 nats)"));
    cr_assert(strstr(md, "```text\nChinchilla approach 3\n"));
    free(md);
}
