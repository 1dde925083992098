/* BM25 checked by hand on a tiny corpus, plus the query syntax, highlights and explain parts. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "engine/rag/bm25.h"
#include "engine/rag/query.h"
#include "engine/rag/retriever.h"

static const char *const docs[] = {
    "the cat sat",            /* 3 terms */
    "the dog sat on the log", /* 6 terms */
    "cats and dogs",          /* 3 terms */
};

/* Plain analyzer (no stopwords, no stemming) so every number below is countable by eye. */
static Bm25Index *tiny(void)
{
    AnalyzerOptions an = analyzer_default();
    an.stem = false;
    an.stop = STOP_NONE;
    Bm25Index *idx = NULL;
    RError err;
    cr_assert_eq(bm25_build(docs, 3, &an, &idx, &err), 0);
    return idx;
}

Test(bm25, counts)
{
    Bm25Index *idx = tiny();
    cr_assert_eq(idx->ndocs, 3);
    cr_assert_eq(idx->ntokens, 12);
    cr_assert_float_eq(idx->avgdl, 4.0, 1e-12);
    cr_assert_eq(bm25_df(idx, bm25_term_id(idx, "the")), 2);
    cr_assert_eq(bm25_df(idx, bm25_term_id(idx, "cat")), 1);
    cr_assert_eq(bm25_term_id(idx, "bird"), -1);
    cr_assert_eq(bm25_tf(idx, bm25_term_id(idx, "the"), 1), 2);
    cr_assert_eq(bm25_tf(idx, bm25_term_id(idx, "the"), 2), 0);
    bm25_free(idx);
}

/* Lucene BM25 (k1 = 0.9, b = 0.4), by hand, N = 3, avgdl = 4:
 *   idf(cat) = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(8/3)        = 0.980829
 *   idf(sat) = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6)        = 0.470004
 *   doc 0 (dl 3): tf part = 1 / (1 + 0.9 (0.6 + 0.4 · 3/4)) = 1/1.81 = 0.552486
 *   doc 1 (dl 6): tf part = 1 / (1 + 0.9 (0.6 + 0.4 · 6/4)) = 1/2.08 = 0.480769
 *   "cat sat": doc 0 = (0.980829 + 0.470004) · 0.552486 = 0.801565
 *              doc 1 = 0.470004 · 0.480769             = 0.225963 */
Test(bm25, scores_by_hand)
{
    Bm25Index *idx = tiny();
    cr_assert_float_eq(bm25_idf(idx, bm25_term_id(idx, "cat")), log(8.0 / 3.0), 1e-12);
    cr_assert_float_eq(bm25_idf(idx, bm25_term_id(idx, "sat")), log(1.6), 1e-12);
    cr_assert_float_eq(bm25_tf_part(idx, 1, 3), 1.0 / 1.81, 1e-12);
    cr_assert_float_eq(bm25_tf_part(idx, 2, 6), 2.0 / (2.0 + 0.9 * 1.2), 1e-12);
    RagHit hits[3];
    size_t n;
    RError err;
    cr_assert_eq(bm25_search(idx, "cat sat", 3, hits, &n, NULL, &err), 0);
    cr_assert_eq(n, 2); /* doc 2 matches neither term */
    cr_assert_eq(hits[0].doc, 0);
    cr_assert_float_eq(hits[0].score, 0.801565, 1e-5);
    cr_assert_eq(hits[1].doc, 1);
    cr_assert_float_eq(hits[1].score, 0.225963, 1e-5);
    /* b = 0 removes length normalization: both "sat" documents get the same tf part */
    bm25_set_params(idx, 1.2, 0.0);
    cr_assert_eq(bm25_search(idx, "sat", 3, hits, &n, NULL, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert_float_eq(hits[0].score, hits[1].score, 1e-7);
    cr_assert_lt(hits[0].doc, hits[1].doc); /* ties by lower id */
    bm25_free(idx);
}

/* The explain API reproduces the hand computation above term by term, and its total equals
 * the score bm25_search gives the same document. */
Test(bm25, explain_matches_scores_by_hand)
{
    Bm25Index *idx = tiny();
    long ids[3] = {bm25_term_id(idx, "cat"), bm25_term_id(idx, "sat"), -1};
    Bm25TermExplain ex[3];
    double total = bm25_explain(idx, ids, NULL, 3, 0, ex);
    cr_assert_eq(ex[0].tf, 1);
    cr_assert_eq(ex[0].df, 1);
    cr_assert_float_eq(ex[0].idf, log(8.0 / 3.0), 1e-12);
    cr_assert_float_eq(ex[0].tf_part, 1.0 / 1.81, 1e-12);
    cr_assert_float_eq(ex[0].score, log(8.0 / 3.0) / 1.81, 1e-12);
    cr_assert_eq(ex[1].df, 2);
    cr_assert_float_eq(ex[1].score, log(1.6) / 1.81, 1e-12);
    cr_assert_eq(ex[2].id, -1); /* not in the index: contributes nothing */
    cr_assert_float_eq(ex[2].score, 0.0, 1e-15);
    cr_assert_float_eq(total, 0.801565, 1e-6);
    /* doc 1 has "sat" but not "cat": tf 0 gives tf part 0 */
    total = bm25_explain(idx, ids, NULL, 2, 1, ex);
    cr_assert_eq(ex[0].tf, 0);
    cr_assert_float_eq(ex[0].tf_part, 0.0, 1e-15);
    cr_assert_float_eq(total, 0.225963, 1e-6);
    /* the totals agree with bm25_search, and weights scale the contribution */
    RagHit hits[3];
    size_t n;
    RError err;
    cr_assert_eq(bm25_search(idx, "cat sat sat", 3, hits, &n, NULL, &err), 0);
    double w[2] = {1.0, 2.0};
    total = bm25_explain(idx, ids, w, 2, hits[0].doc, ex);
    cr_assert_float_eq(ex[1].score, 2.0 * log(1.6) / 1.81, 1e-12);
    cr_assert_float_eq(total, hits[0].score, 1e-5);
    bm25_free(idx);
}

Test(bm25, repeated_query_terms_count_twice)
{
    Bm25Index *idx = tiny();
    RagHit one[3], two[3];
    size_t n1, n2;
    RError err;
    bm25_search(idx, "cat", 3, one, &n1, NULL, &err);
    bm25_search(idx, "cat cat", 3, two, &n2, NULL, &err);
    cr_assert_float_eq(two[0].score, 2 * one[0].score, 1e-6);
    bm25_free(idx);
}

Test(bm25, empty_corpus_and_query)
{
    Bm25Index *idx = NULL;
    RError err;
    cr_assert_eq(bm25_build(NULL, 0, NULL, &idx, &err), 0);
    RagHit h[1];
    size_t n = 9;
    cr_assert_eq(bm25_search(idx, "anything", 1, h, &n, NULL, &err), 0);
    cr_assert_eq(n, 0);
    bm25_free(idx);
    /* an empty (or all-stopword) first document has length 0 and matches nothing */
    const char *texts[] = {"", NULL, "the of and", "words here"};
    cr_assert_eq(bm25_build(texts, 4, NULL, &idx, &err), 0);
    cr_assert_eq(idx->doclen[0], 0);
    cr_assert_eq(idx->doclen[2], 0);
    cr_assert_eq(bm25_search(idx, "words", 1, h, &n, NULL, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(h[0].doc, 3);
    bm25_free(idx);
    idx = tiny();
    cr_assert_eq(bm25_search(idx, "", 3, h, &n, NULL, &err), 0);
    cr_assert_eq(n, 0);
    bm25_free(idx);
}

Test(query, syntax_not_and_exact)
{
    AnalyzerOptions an = analyzer_default(); /* stemming on: "cats" -> "cat" */
    RagCorpus *c = corpus_new();
    RError err;
    for (int i = 0; i < 3; i++)
        cr_assert_eq(corpus_add(c, "d", "", "", docs[i], 0, 0, &err), 0);
    const char **texts = corpus_texts(c);
    Bm25Index *idx;
    cr_assert_eq(bm25_build(texts, c->n, &an, &idx, &err), 0);
    RagHit h[3];
    size_t n;
    RagPipeline p;
    /* "cats" stems to "cat": both doc 0 and doc 2 match */
    cr_assert_eq(rag_query_bm25(idx, c, "cats", false, 3, h, &n, NULL, &p, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(p.nterms, 1);
    cr_assert_str_eq(p.terms[0].term, "cat");
    cr_assert_eq(p.terms[0].df, 2);
    /* 'cats: exact, so only doc 2 (which says "cats") */
    rag_query_bm25(idx, c, "'cats", false, 3, h, &n, NULL, &p, &err);
    cr_assert_eq(n, 1);
    cr_assert_eq(h[0].doc, 2);
    cr_assert_eq(p.filtered, 1);
    /* !dog removes docs 1 and 2 ("dogs" stems to "dog") */
    rag_query_bm25(idx, c, "sat cats !dog", false, 3, h, &n, NULL, &p, &err);
    cr_assert_eq(n, 1);
    cr_assert_eq(h[0].doc, 0);
    cr_assert_eq(p.terms[2].kind, RAG_TERM_NOT);
    /* plain mode: the ! is punctuation, dog scores */
    rag_query_bm25(idx, c, "!dog", true, 3, h, &n, NULL, &p, &err);
    cr_assert_eq(n, 2);
    /* stopwords are flagged, not scored */
    rag_query_parse("the cat", false, &an, idx, &p);
    cr_assert_eq(p.nterms, 2);
    cr_assert(p.terms[0].stopword);
    cr_assert_not(p.terms[1].stopword);
    cr_assert(rag_query_has_scoring_terms(&p));
    rag_query_parse("the !cat", false, &an, idx, &p);
    cr_assert_not(rag_query_has_scoring_terms(&p));
    /* highlights: "Cats" and "cat" both match the stem "cat" */
    rag_query_parse("cat", false, &an, idx, &p);
    const char *t = "Cats chase a cat.";
    RagSpan sp[4];
    cr_assert_eq(rag_query_highlight(&p, &an, t, strlen(t), sp, 4), 2);
    cr_assert_eq(sp[0].start, 0);
    cr_assert_eq(sp[0].end, 4);
    cr_assert_eq(sp[1].start, 13);
    cr_assert_eq(sp[1].end, 16);
    bm25_free(idx);
    free(texts);
    corpus_free(c);
}

/* The retriever: BM25 through the engine equals bm25_search, and the hybrid records where
 * each fused result came from. */
Test(retriever, bm25_and_hybrid_bookkeeping)
{
    static const char *const texts[] = {
        "paged attention stores the kv cache in blocks",
        "speculative decoding with a draft model",
        "the kv cache grows with the context length",
        "chinchilla scaling laws for compute optimal training",
        "blocks of sixteen tokens in a page table",
    };
    RagCorpus *c = corpus_new();
    RError err;
    for (int i = 0; i < 5; i++)
        cr_assert_eq(corpus_add(c, "d", "", "", texts[i], 0, 0, &err), 0);
    RagEngine *e;
    cr_assert_eq(rag_engine_new(c, NULL, NULL, &e, &err), 0);
    RagSettings s = rag_settings_default();
    s.method = RAG_BM25;
    s.k = 5;
    RagResult r[5];
    size_t n;
    RagPipeline p;
    cr_assert_eq(rag_engine_search(e, &s, "kv cache blocks", r, &n, &p, &err), 0);
    RagHit h[5];
    size_t nh;
    cr_assert_eq(bm25_search(e->bm25, "kv cache blocks", 5, h, &nh, NULL, &err), 0);
    cr_assert_eq(n, nh);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(r[i].doc, h[i].doc);
        cr_assert_float_eq(r[i].score, h[i].score, 1e-6);
        cr_assert_eq(r[i].rank_bm25, (int)i + 1);
        cr_assert(isnan(r[i].cos_dense));
    }
    /* hybrid with the dense weight at 0: the blend keeps BM25's order for BM25's matches
     * (all but the last: min-max maps the lowest BM25 score to 0, the same as a miss) */
    s.method = RAG_HYBRID;
    s.dense = RAG_LSA;
    s.lsa_rank = 4;
    s.fusion = RAG_FUSE_BLEND;
    s.weight = 0.0;
    cr_assert_eq(rag_engine_search(e, &s, "kv cache blocks", r, &n, &p, &err), 0, "%s", err.msg);
    cr_assert_eq(n, 5);
    cr_assert_geq(nh, 3);
    for (size_t i = 0; i + 1 < nh; i++) {
        cr_assert_eq(r[i].doc, h[i].doc);
        cr_assert_eq(r[i].rank_bm25, (int)i + 1);
        cr_assert_gt(r[i].rank_dense, 0); /* every doc is in the dense list */
        cr_assert_geq(r[i].cos_dense, -1.0001);
        cr_assert_leq(r[i].cos_dense, 1.0001);
    }
    /* a NOT term keeps excluded documents out of the dense list too */
    cr_assert_eq(rag_engine_search(e, &s, "kv cache !blocks", r, &n, &p, &err), 0);
    for (size_t i = 0; i < n; i++)
        cr_assert(r[i].doc != 0 && r[i].doc != 4, "doc %u holds 'blocks'", r[i].doc);
    /* no words, only a filter, or only unknown words: nothing to rank by, so no results (the
     * dense side must not return every document at cosine 0) */
    static const char *const empty[] = {"", "   ", "!blocks", "zzzqqq"};
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(rag_engine_search(e, &s, empty[i], r, &n, &p, &err), 0);
        cr_assert_eq(n, 0, "query '%s' gave %zu results", empty[i], n);
    }
    rag_engine_free(e);
    corpus_free(c);
}
