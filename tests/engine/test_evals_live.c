/* Live evals on the shipped notes and judgments: every judged section exists, the run
 * finishes in steps, means carry intervals; the tool-call eval gives a Wilson interval. */
#include <criterion/criterion.h>

#include <string.h>

#include "engine/evals/live.h"

Test(live, doc_matching_by_heading_path)
{
    cr_assert(live_doc_matches("rag.md", "RAG > Lexical retrieval > BM25", "rag.md#BM25"));
    cr_assert(live_doc_matches("rag.md", "RAG > Lexical retrieval > BM25",
                               "rag.md#Lexical retrieval"));
    cr_assert(!live_doc_matches("rag.md", "RAG > Lexical retrieval > BM25", "rag.md#BM2"));
    cr_assert(!live_doc_matches("kv.md", "RAG > BM25", "rag.md#BM25"));
    cr_assert(!live_doc_matches("rag.md", "RAG > BM25", "rag.md"));
    cr_assert(live_doc_matches("kv.md", "KV > MHA, GQA, MQA", "kv.md#MHA, GQA, MQA"));
}

Test(live, qrels_file_and_steps)
{
    LiveEval *e;
    RError err;
    cr_assert_eq(live_eval_new("notes", "content", "content/evals/notes_qrels.yaml", "content/glove", &e,
                               &err),
                 0, "%s", err.msg);
    cr_assert_geq(e->qrels.n, 40);
    cr_assert_eq(e->unmatched, 0, "unmatched section %s", e->unmatched_ref);
    for (size_t q = 0; q < e->qrels.n; q++)
        cr_assert_gt(e->qrels.items[q].nrel_docs, 0, "%s", e->qrels.items[q].q);
    /* a few queries per step: progress grows, not done yet */
    cr_assert_eq(live_eval_step(e, 5, &err), 0);
    double p = live_eval_progress(e);
    cr_assert(p > 0 && p < 0.1);
    cr_assert_eq(live_eval_run(e, &err), 0, "%s", err.msg);
    cr_assert(e->done);
    cr_assert_float_eq(live_eval_progress(e), 1.0, 1e-12);
    const LiveMethod *bm = &e->methods[RAG_BM25];
    cr_assert(bm->available);
    cr_assert(bm->mean_ndcg > 0.2 && bm->mean_ndcg <= 1, "%f", bm->mean_ndcg);
    cr_assert(bm->ci_ndcg.low <= bm->mean_ndcg && bm->mean_ndcg <= bm->ci_ndcg.high);
    cr_assert(bm->ci_ndcg.high - bm->ci_ndcg.low > 0.01);
    for (size_t q = 0; q < e->qrels.n; q++)
        cr_assert(bm->ndcg[q] >= 0 && bm->ndcg[q] <= 1 + 1e-12);
    const LiveMethod *hy = &e->methods[RAG_HYBRID];
    cr_assert_eq(hy->vs_bm25.iters, LIVE_BOOT);
    cr_assert_float_eq(hy->vs_bm25.diff, hy->mean_ndcg - bm->mean_ndcg, 1e-9);
    cr_assert(hy->vs_bm25.ci.low <= hy->vs_bm25.diff && hy->vs_bm25.diff <= hy->vs_bm25.ci.high);
    for (size_t i = 1; i < e->qrels.n; i++) /* weakest first */
        cr_assert(bm->ndcg[bm->order[i - 1]] <= bm->ndcg[bm->order[i]]);
    live_eval_free(e);
}

Test(live, bad_qrels)
{
    LiveQrels q;
    RError err;
    cr_assert_eq(live_qrels_load("/nonexistent.yaml", &q, &err), -1);
    cr_assert_eq(live_qrels_load("content/benchmarks.yaml", &q, &err), -1);
    cr_assert(strstr(err.msg, "questions"), "%s", err.msg);
}

Test(live, tool_calls_with_interval)
{
    LiveTools t;
    RError err;
    cr_assert_eq(live_tools_run("content", "content/evals/tool_calls.yaml", &t, &err), 0, "%s",
                 err.msg);
    cr_assert_geq(t.report.n, 30);
    cr_assert_float_eq(t.ci.point, t.report.accuracy, 1e-12);
    cr_assert(t.ci.low < t.ci.point || t.ci.point == 0);
    live_tools_free(&t);
}
