/* bench_rag's C view of the two outside engines it compares against: Xapian (BM25, C++) and
 * FAISS (IndexFlatIP, C++). Built as stubs that report "absent" when a library is missing. */
#ifndef RAMPUP_TESTS_BENCH_RAG_EXT_H
#define RAMPUP_TESTS_BENCH_RAG_EXT_H

#include <stddef.h>

#include "engine/rag/hit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct XapBench XapBench;

/* Xapian version string, or NULL when the bench was built without Xapian. */
const char *xap_version(void);
/* Indexes texts into a fresh on-disk glass database under dir (English stemmer, Xapian's
 * default BM25Weight). NULL with a message on failure. */
XapBench *xap_build(const char *const *texts, size_t n, const char *dir, char *msg, size_t len);
/* Parses query with QueryParser (English stemmer, STEM_SOME, default OR) and writes up to k
 * hits (doc = index into texts). Returns 0 or -1. */
int xap_search(XapBench *x, const char *query, size_t k, RagHit *out, size_t *nout);
void xap_free(XapBench *x);

typedef struct FaissBench FaissBench;

/* FAISS version string, or NULL when the bench was built without FAISS. */
const char *faissb_version(void);
FaissBench *faissb_new(const float *vecs, size_t n, size_t dim);
/* IndexFlatIP::search for nq queries; out holds nq × k hits. */
void faissb_search(FaissBench *f, const float *q, size_t nq, size_t k, RagHit *out);
void faissb_free(FaissBench *f);

#ifdef __cplusplus
}
#endif

#endif
