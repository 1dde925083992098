/* The RAG parameter table. Defaults and their evidence: rag_settings_default (retriever.c). */
#include "engine/rag/rag_params.h"

#include <stddef.h>
#include <stdint.h>

#include "engine/rag/bm25.h"
#include "engine/rag/lsa.h"

/* The table stores enums as int and counts as uint64_t. */
_Static_assert(sizeof(RagMethod) == sizeof(int) && sizeof(RagFusion) == sizeof(int),
               "enum fields are ints");
_Static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t fields are 64-bit");

static const ParamName method_items[] = {
    {"bm25", "BM25", "lexical|okapi"},
    {"lsa", "LSA", "lsi"},
    {"glove", "GloVe (SIF)", "sif"},
    {"hybrid", "hybrid (BM25 + dense)", NULL},
};
const ParamNames rag_method_names = {"method", "retrieval method", NULL, method_items, 4};

static const ParamName fusion_items[] = {
    {"rrf", "reciprocal rank fusion", "reciprocal"},
    {"blend", "min-max score blend", "minmax"},
};
static const ParamNames fusion_names = {"fusion", "fusion", NULL, fusion_items, 2};

#define F(field) offsetof(RagSettings, field)
static const ParamSpec specs[] = {
    {.name = "method", .kind = PARAM_ENUM, .offset = F(method), .def = RAG_HYBRID,
     .choices = &rag_method_names, .help = "retrieval (hybrid: BM25 fused with --dense)"},
    {.name = "k", .kind = PARAM_U64, .offset = F(k), .min = 1, .max = 1000, .def = 10,
     .help = "results wanted"},
    {.name = "k1", .kind = PARAM_REAL, .offset = F(k1), .min = 0, .max = 100,
     .def = BM25_DEFAULT_K1, .help = "BM25 term-frequency saturation"},
    {.name = "b", .kind = PARAM_REAL, .offset = F(b), .min = 0, .max = 1, .def = BM25_DEFAULT_B,
     .help = "BM25 length normalisation"},
    {.name = "dense", .kind = PARAM_ENUM, .offset = F(dense), .def = RAG_LSA,
     .choices = &rag_method_names, .help = "the hybrid's dense half (lsa or glove)"},
    {.name = "fusion", .kind = PARAM_ENUM, .offset = F(fusion), .def = RAG_FUSE_BLEND,
     .choices = &fusion_names, .help = "how the hybrid fuses (rrf: reciprocal rank, k = 60)"},
    {.name = "weight", .kind = PARAM_REAL, .offset = F(weight), .min = 0, .max = 1, .def = 0.1,
     .help = "the dense list's weight in the fusion"},
    {.name = "depth", .kind = PARAM_U64, .offset = F(depth), .min = 1, .max = 100000,
     .def = 100, .help = "list depth fused (at least k)"},
    {.name = "rank", .kind = PARAM_U64, .offset = F(lsa_rank), .min = 1, .max = LSA_MAX_RANK,
     .def = LSA_MAX_RANK, .help = "LSA rank (clamped to the corpus)", .alias = "lsa_rank"},
};
#undef F

const ParamTable rag_params = {"rag", specs, sizeof specs / sizeof specs[0], sizeof(RagSettings),
                               NULL};

int rag_settings_check(const RagSettings *s, RError *err)
{
    if (s->dense != RAG_LSA && s->dense != RAG_GLOVE)
        return rerror_set(err, "dense: expected lsa or glove, got %s", rag_method_name(s->dense));
    if (s->depth < s->k)
        return rerror_set(err, "depth (%zu) must be at least k (%zu)", s->depth, s->k);
    return 0;
}
