/* The RAG topic's settings, declared once over RagSettings: the table behind `rampup rag` and
 * `rampup rag-eval`, and the RAG pane's links and saved state. */
#ifndef RAMPUP_ENGINE_RAG_RAG_PARAMS_H
#define RAMPUP_ENGINE_RAG_RAG_PARAMS_H

#include "engine/error.h"
#include "engine/param.h"
#include "engine/rag/retriever.h"

extern const ParamTable rag_params;      /* over RagSettings; defaults = rag_settings_default */
extern const ParamNames rag_method_names; /* bm25 lsa glove hybrid, in RagMethod order */

/* What the table's ranges cannot say: the dense half is lsa or glove, depth >= k. */
int rag_settings_check(const RagSettings *s, RError *err);

#endif
