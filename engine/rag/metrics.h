/* Ranking metrics as trec_eval / pytrec_eval compute them for BEIR: nDCG@k, recall@k,
 * reciprocal rank@k and average precision. */
#ifndef RAMPUP_ENGINE_RAG_METRICS_H
#define RAMPUP_ENGINE_RAG_METRICS_H

#include <stddef.h>

/* Inputs for one query: gains[i] is the judged relevance of the document ranked i+1 (0 when
 * unjudged); ideal[0..nideal) are the relevances of every judged-relevant document (any
 * order); nrel is the number of documents with relevance > 0. */

/* DCG@k / IDCG@k with gain = relevance and discount log2(rank + 1) (Järvelin & Kekäläinen
 * 2002, as in trec_eval's ndcg_cut). 0 when nothing is relevant. */
double metric_ndcg(const double *gains, size_t n, const double *ideal, size_t nideal, size_t k);

/* Relevant documents in the top k / nrel. */
double metric_recall(const double *gains, size_t n, size_t nrel, size_t k);

/* 1 / rank of the first relevant document within the top k, else 0. */
double metric_rr(const double *gains, size_t n, size_t k);

/* Average precision over the n ranked documents: the mean over all nrel relevant documents
 * of precision at each relevant rank (unretrieved relevant documents count 0). */
double metric_ap(const double *gains, size_t n, size_t nrel);

#endif
