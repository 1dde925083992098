// bench_rag's bridges to Xapian and FAISS (C++). Each half compiles to a stub when its
// library is absent (HAVE_XAPIAN / HAVE_FAISS are set by tests/bench/rag.mk).
#include "tests/bench/rag_ext.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#ifdef HAVE_XAPIAN
#include <xapian.h>

struct XapBench {
    Xapian::WritableDatabase db;
    Xapian::QueryParser qp;
    Xapian::Stem stem{"english"};
    std::string dir;
};

extern "C" const char *xap_version(void) { return Xapian::version_string(); }

extern "C" XapBench *xap_build(const char *const *texts, size_t n, const char *dir, char *msg,
                               size_t len)
{
    try {
        XapBench *x = new XapBench;
        x->dir = dir;
        x->db = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        Xapian::TermGenerator tg;
        tg.set_stemmer(x->stem);
        for (size_t i = 0; i < n; i++) {
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(texts[i] ? texts[i] : "");
            x->db.add_document(doc); // docid i + 1
        }
        x->db.commit();
        x->qp.set_stemmer(x->stem);
        x->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        x->qp.set_database(x->db);
        return x;
    } catch (const Xapian::Error &e) {
        std::snprintf(msg, len, "xapian: %s", e.get_description().c_str());
        return nullptr;
    }
}

extern "C" int xap_search(XapBench *x, const char *query, size_t k, RagHit *out, size_t *nout)
{
    *nout = 0;
    try {
        Xapian::Query q;
        try {
            q = x->qp.parse_query(query);
        } catch (const Xapian::QueryParserError &) {
            q = x->qp.parse_query(query, 0); // claims with stray operators: plain terms
        }
        Xapian::Enquire enq(x->db);
        enq.set_query(q);
        enq.set_weighting_scheme(Xapian::BM25Weight()); // the default, made explicit
        Xapian::MSet m = enq.get_mset(0, (Xapian::doccount)k);
        for (auto it = m.begin(); it != m.end(); ++it) {
            out[*nout].doc = *it - 1;
            out[*nout].score = (float)it.get_weight();
            (*nout)++;
        }
        return 0;
    } catch (const Xapian::Error &) {
        return -1;
    }
}

extern "C" void xap_free(XapBench *x) { delete x; }
#else
extern "C" const char *xap_version(void) { return nullptr; }
extern "C" XapBench *xap_build(const char *const *, size_t, const char *, char *msg, size_t len)
{
    std::snprintf(msg, len, "built without Xapian");
    return nullptr;
}
extern "C" int xap_search(XapBench *, const char *, size_t, RagHit *, size_t *nout)
{
    *nout = 0;
    return -1;
}
extern "C" void xap_free(XapBench *) {}
#endif

#ifdef HAVE_FAISS
#include <faiss/IndexFlat.h>
#include <faiss/index_io.h>

struct FaissBench {
    faiss::IndexFlatIP index;
    explicit FaissBench(size_t dim) : index((faiss::Index::idx_t)dim) {}
};

extern "C" const char *faissb_version(void)
{
#ifdef FAISS_VERSION_MAJOR
    static char v[32];
    std::snprintf(v, sizeof v, "%d.%d.%d", FAISS_VERSION_MAJOR, FAISS_VERSION_MINOR,
                  FAISS_VERSION_PATCH);
    return v;
#else
    return "unknown";
#endif
}

extern "C" FaissBench *faissb_new(const float *vecs, size_t n, size_t dim)
{
    FaissBench *f = new FaissBench(dim);
    f->index.add((faiss::Index::idx_t)n, vecs);
    return f;
}

extern "C" void faissb_search(FaissBench *f, const float *q, size_t nq, size_t k, RagHit *out)
{
    std::vector<float> D(nq * k);
    std::vector<faiss::Index::idx_t> I(nq * k);
    f->index.search((faiss::Index::idx_t)nq, q, (faiss::Index::idx_t)k, D.data(), I.data());
    for (size_t i = 0; i < nq * k; i++) {
        out[i].doc = I[i] < 0 ? UINT32_MAX : (uint32_t)I[i];
        out[i].score = D[i];
    }
}

extern "C" void faissb_free(FaissBench *f) { delete f; }
#else
extern "C" const char *faissb_version(void) { return nullptr; }
extern "C" FaissBench *faissb_new(const float *, size_t, size_t) { return nullptr; }
extern "C" void faissb_search(FaissBench *, const float *, size_t, size_t, RagHit *) {}
extern "C" void faissb_free(FaissBench *) {}
#endif
