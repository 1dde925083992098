/* The retrieve node: BM25 search of the notes (engine/rag) for context on the keyphrases the
 * insights do not cover yet. A passage is added only when it is relevant: it holds every word
 * (stemmed, stop words aside) of at least one of the keyphrases searched for. BM25 alone ranks
 * a passage that shares two common words ("runs", "mostly") with a text from another field;
 * a shared phrase ("calvin cycle", "tool calling") is evidence of a shared topic. */
#include "engine/agent/nodes.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/bm25.h"
#include "engine/rag/corpus.h"
#include "engine/rag/query.h"

static const cJSON *get(const cJSON *o, const char *k)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* True when the corpus source (relative path) names the input file. */
static bool same_file(const char *input, const char *source)
{
    size_t a = strlen(input), b = strlen(source);
    return b && a >= b && strcmp(input + a - b, source) == 0 && (a == b || input[a - b - 1] == '/');
}

/* The first keyphrase of `phrases` whose every indexed word occurs in doc, or NULL. */
static const char *shared_phrase(const Bm25Index *idx, const cJSON *phrases, uint32_t doc)
{
    const cJSON *kp;
    cJSON_ArrayForEach(kp, phrases)
    {
        if (!cJSON_IsString(kp))
            continue;
        RagPipeline pp;
        rag_query_parse(kp->valuestring, true, &idx->analyzer, idx, &pp);
        size_t words = 0, found = 0;
        for (size_t i = 0; i < pp.nterms; i++) {
            if (pp.terms[i].stopword)
                continue;
            words++;
            found += pp.terms[i].id >= 0 && bm25_tf(idx, pp.terms[i].id, doc) > 0;
        }
        if (words > 0 && found == words)
            return kp->valuestring;
    }
    return NULL;
}

int node_retrieve(const NodeCall *c, cJSON *w, RError *err)
{
    if (!c->env || !c->env->notes_dir)
        return rerror_set(err, "retrieve: no notes folder to search");
    /* the query: keyphrases the critique found missing, else all keyphrases */
    char query[1024] = "";
    const cJSON *missing = get(get(c->state, "critique"), "missing");
    const cJSON *src = cJSON_GetArraySize(missing) > 0 ? missing : get(c->state, "keyphrases");
    const cJSON *kp;
    cJSON_ArrayForEach(kp, src) if (cJSON_IsString(kp) && strlen(query) + strlen(kp->valuestring) + 2 < sizeof query)
    {
        strcat(query, kp->valuestring);
        strcat(query, " ");
    }
    if (!query[0])
        return rerror_set(err, "retrieve: nothing to search for (no keyphrases)");
    query[strlen(query) - 1] = '\0'; /* the last separator */
    RagCorpus *corpus = NULL;
    ChunkOptions co = chunk_default(true);
    co.figures_from = c->env->content_dir; /* the notes' live figures, expanded */
    if (corpus_load_dir(c->env->notes_dir, &co, &corpus, err))
        return -1;
    const char **texts = corpus_texts(corpus);
    Bm25Index *idx = NULL;
    if (!texts || bm25_build(texts, corpus->n, NULL, &idx, err)) {
        free(texts);
        corpus_free(corpus);
        return err && err->msg[0] ? -1 : rerror_set(err, "out of memory");
    }
    free(texts);
    const cJSON *input = get(c->state, "input");
    const char *in = cJSON_IsString(input) ? input->valuestring : "";
    const cJSON *have = get(c->state, "context");
    const cJSON *kp2 = get(c->params, "k");
    int want = cJSON_IsNumber(kp2) ? kp2->valueint : 2;
    RagHit hits[32];
    size_t nh = 0;
    int rc = bm25_search(idx, query, 32, hits, &nh, NULL, err);
    cJSON *ctx = cJSON_AddArrayToObject(w, "context");
    int added = 0;
    for (size_t i = 0; rc == 0 && i < nh && added < want; i++) {
        const RagDoc *d = &corpus->docs[hits[i].doc];
        if (same_file(in, d->source))
            continue;
        const char *phrase = shared_phrase(idx, src, hits[i].doc);
        if (!phrase)
            continue;
        bool dup = false;
        const cJSON *h;
        cJSON_ArrayForEach(h, have) if (strcmp(cJSON_GetStringValue(get(h, "source")) ? cJSON_GetStringValue(get(h, "source")) : "", d->id) == 0) dup = true;
        if (dup)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", d->id);
        cJSON_AddStringToObject(o, "heading", d->heading);
        cJSON_AddNumberToObject(o, "line", d->line_start);
        cJSON_AddNumberToObject(o, "score", (double)(int)(hits[i].score * 1000) / 1000);
        cJSON_AddStringToObject(o, "matched", phrase);
        cJSON_AddStringToObject(o, "text", d->text);
        cJSON_AddItemToArray(ctx, o);
        added++;
    }
    bm25_free(idx);
    corpus_free(corpus);
    if (rc)
        return -1;
    cJSON_AddStringToObject(w, "query", query);
    cJSON_AddNumberToObject(w, "retrievals", 1);
    return 0;
}
