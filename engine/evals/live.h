/* Live evals of rampup itself: the RAG pane's retrieval methods on the notes, judged by
 * content/evals/notes_qrels.yaml, run a few queries at a time so a pane stays responsive;
 * and the calculator agent's tool-call accuracy on content/evals/tool_calls.yaml. */
#ifndef RAMPUP_ENGINE_EVALS_LIVE_H
#define RAMPUP_ENGINE_EVALS_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/agent/tools.h"
#include "engine/error.h"
#include "engine/evals/evals.h"
#include "engine/rag/retriever.h"

#define LIVE_MAX_QUESTIONS 2000
#define LIVE_MAX_RELEVANT 32
#define LIVE_K 10
#define LIVE_BOOT 2000 /* bootstrap resamples for the interval of each mean */
#define LIVE_MAX_JUDGED (64 * 1024 * 1024) /* questions x chunks: the relevance matrix bound */

typedef struct LiveQuestion {
    char *q;          /* owned */
    char **rel;       /* owned: "file.md#Heading" */
    size_t nrel;
    size_t nrel_docs; /* chunks of the corpus judged relevant */
    int line;         /* where the question is in the qrels file */
} LiveQuestion;

typedef struct LiveQrels {
    LiveQuestion *items; /* owned */
    size_t n;
} LiveQrels;

/* `questions:` list of {q, relevant: [file.md#Heading, ...]}. Errors carry file:line:col. */
int live_qrels_load(const char *path, LiveQrels *out, RError *err);
void live_qrels_free(LiveQrels *q);

/* Whether a chunk (source file, "Title > Section > Sub" heading path) falls under a judged
 * section "file.md#Section": same file and Section is one of the path's headings. */
bool live_doc_matches(const char *source, const char *heading_path, const char *ref);

typedef struct LiveMethod {
    RagMethod method;
    bool prepared;        /* its index is built (or found impossible) */
    bool available;       /* false when its index could not be built (e.g. no GloVe) */
    char why[160];        /* the reason when not available */
    double *ndcg, *recall, *rr; /* owned, per question: nDCG@10, recall@10, RR@10 */
    long *top;            /* owned, per question: corpus index of the first hit (-1: none) */
    size_t *order;        /* owned: question indices, weakest nDCG@10 first (when done) */
    size_t done;          /* questions scored */
    double mean_ndcg, mean_recall, mean_rr;
    EvalsInterval ci_ndcg, ci_recall, ci_rr; /* 95 % bootstrap intervals of the means */
    EvalsBootstrap vs_bm25; /* paired nDCG@10 difference to BM25 on the same questions */
} LiveMethod;

typedef struct LiveEval {
    RagCorpus *corpus;   /* owned: the notes */
    RagEngine *engine;   /* owned */
    LiveQrels qrels;     /* owned */
    uint8_t *rel;        /* owned: qrels.n x corpus->n relevance (0/1) */
    size_t unmatched;    /* judged sections that match no chunk (a renamed heading) */
    char unmatched_ref[160]; /* the first of them */
    LiveMethod methods[RAG_METHOD_COUNT];
    int cur;             /* method being run */
    size_t steps, total; /* queries run so far / in all */
    bool done;
    RagResult *res;      /* owned scratch: LIVE_K */
} LiveEval;

/* Loads the notes under notes_dir, indexes them, reads the judgments. glove_dir may be NULL
 * (the GloVe and hybrid-with-GloVe methods are then marked unavailable). */
int live_eval_new(const char *notes_dir, const char *content_dir, const char *qrels_path,
                  const char *glove_dir, LiveEval **out, RError *err);
/* Runs up to `budget` queries (building a method's index counts as one). Returns 1 when
 * everything is done, 0 when there is more, -1 on error. */
int live_eval_step(LiveEval *e, size_t budget, RError *err);
/* Runs to the end. */
int live_eval_run(LiveEval *e, RError *err);
double live_eval_progress(const LiveEval *e); /* 0 .. 1 */
void live_eval_free(LiveEval *e);

/* The calculator agent's tool-call accuracy with its Wilson interval. */
typedef struct LiveTools {
    ToolEvalReport report; /* owned: per-item results (report.items) */
    EvalsInterval ci;      /* accuracy (tool and arguments right), 95 % Wilson */
} LiveTools;
int live_tools_run(const char *content_dir, const char *path, LiveTools *out, RError *err);
void live_tools_free(LiveTools *t);

#endif
