/* Quiz = the research pipeline's load -> summarize -> extract_insights -> generate_questions,
 * run in-process on one note, plus the note's cards. */
#include "engine/study/quiz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "engine/agent/nodes.h"
#include "engine/notes.h"
#include "engine/text/markdown.h"

typedef struct Heading {
    int line;
    char text[160];
} Heading;

/* The note's headings (level 1-3) with their lines, for mapping a line to its section. */
static int headings_of(const char *path, Heading **out, size_t *n, RError *err)
{
    char *src;
    size_t len;
    if (notes_read(path, &src, &len, err) != 0)
        return -1;
    MdDoc *doc;
    int rc = md_parse(src, len, &doc, err);
    free(src);
    if (rc != 0)
        return -1;
    *n = 0;
    *out = calloc(doc->root.nchildren + 1, sizeof **out);
    if (!*out) {
        md_free(doc);
        return rerror_set(err, "out of memory");
    }
    for (size_t i = 0; i < doc->root.nchildren; i++) {
        const MdBlock *b = &doc->root.children[i];
        if (b->kind != MD_HEADING)
            continue;
        (*out)[*n].line = b->line;
        md_block_text(b, (*out)[*n].text, sizeof (*out)[*n].text);
        (*n)++;
    }
    md_free(doc);
    return 0;
}

static const char *section_at(const Heading *h, size_t n, int line)
{
    const char *s = "";
    for (size_t i = 0; i < n && h[i].line <= line; i++)
        s = h[i].text;
    return s;
}

/* Runs one node and moves its writes into state (every key of this chain replaces). */
static int step(NodeFn fn, const char *name, const char *params_json, cJSON *state,
                const AgentEnv *env, RError *err)
{
    cJSON *params = params_json ? cJSON_Parse(params_json) : NULL;
    NodeCall call = {.env = env, .state = state, .params = params, .node = name, .attempt = 1};
    cJSON *w = cJSON_CreateObject();
    int rc = w ? fn(&call, w, err) : rerror_set(err, "out of memory");
    cJSON_Delete(params);
    if (rc == 0) {
        cJSON *it = w->child;
        while (it) {
            cJSON *next = it->next;
            cJSON *moved = cJSON_DetachItemViaPointer(w, it);
            cJSON_DeleteItemFromObjectCaseSensitive(state, moved->string);
            cJSON_AddItemToObject(state, moved->string, moved);
            it = next;
        }
    }
    cJSON_Delete(w);
    return rc;
}

static int add_item(Quiz *q, const char *kind, const char *question, const char *answer,
                    const char *section, int line)
{
    if (q->count >= QUIZ_MAX_ITEMS)
        return 0;
    QuizItem *it = &q->items[q->count];
    memset(it, 0, sizeof *it);
    snprintf(it->kind, sizeof it->kind, "%s", kind);
    snprintf(it->section, sizeof it->section, "%s", section);
    it->line = line;
    it->question = strdup(question);
    it->answer = strdup(answer);
    if (!it->question || !it->answer) {
        free(it->question);
        free(it->answer);
        return -1;
    }
    q->count++;
    return 0;
}

static int agent_questions(const char *path, const char *notes_dir, const char *content_dir,
                           const Heading *h, size_t nh, Quiz *q, RError *err)
{
    AgentEnv env = {.notes_dir = notes_dir, .content_dir = content_dir};
    cJSON *state = cJSON_CreateObject();
    if (!state || !cJSON_AddStringToObject(state, "input", path)) {
        cJSON_Delete(state);
        return rerror_set(err, "out of memory");
    }
    /* More insights than the research graph asks for: a quiz covers the whole note. */
    int rc = step(node_load, "load", NULL, state, &env, err);
    if (rc == 0)
        rc = step(node_summarize, "summarize", "{\"sentences\": 5, \"keyphrases\": 8}", state,
                  &env, err);
    if (rc == 0)
        rc = step(node_extract_insights, "extract_insights", "{\"max\": 16, \"min\": 6}", state,
                  &env, err);
    if (rc == 0)
        rc = step(node_generate_questions, "generate_questions",
                  "{\"cloze\": 10, \"explain\": 0, \"why\": 5}", state, &env, err);
    if (rc != 0) {
        cJSON_Delete(state);
        return -1;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(state, "questions")) {
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "type"));
        const char *qs = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "question"));
        const char *an = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "answer"));
        const cJSON *src = cJSON_GetObjectItemCaseSensitive(it, "source");
        int line = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(src, "line"));
        if (!kind || !qs || !an || (strcmp(kind, "cloze") != 0 && strcmp(kind, "why") != 0))
            continue;
        if (add_item(q, kind, qs, an, section_at(h, nh, line), line) != 0) {
            cJSON_Delete(state);
            return rerror_set(err, "out of memory");
        }
    }
    cJSON_Delete(state);
    return 0;
}

int quiz_build(const char *notes_dir, const char *content_dir, const char *note,
               const CardDeck *deck, Quiz *out, RError *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->note, sizeof out->note, "%s", note);
    char path[4096];
    if (strchr(note, '/') || (size_t)snprintf(path, sizeof path, "%s/%s", notes_dir, note) >=
                                 sizeof path)
        return rerror_set(err, "bad note name '%.100s'", note);
    out->items = calloc(QUIZ_MAX_ITEMS, sizeof *out->items);
    if (!out->items)
        return rerror_set(err, "out of memory");
    Heading *h = NULL;
    size_t nh = 0;
    if (headings_of(path, &h, &nh, err) != 0 ||
        agent_questions(path, notes_dir, content_dir, h, nh, out, err) != 0) {
        free(h);
        quiz_free(out);
        return -1;
    }
    free(h);
    for (size_t i = 0; deck && i < deck->count; i++) {
        char file[256];
        const char *heading;
        const Card *c = &deck->items[i];
        if (cards_note_split(c->note, file, sizeof file, &heading) != 0 || strcmp(file, note))
            continue;
        if (add_item(out, "card", c->q, c->a, heading, 0) != 0) {
            quiz_free(out);
            return rerror_set(err, "out of memory");
        }
    }
    if (out->count == 0) {
        quiz_free(out);
        return rerror_set(err, "%s: nothing to ask about", note);
    }
    return 0;
}

void quiz_free(Quiz *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->count; i++) {
        free(q->items[i].question);
        free(q->items[i].answer);
    }
    free(q->items);
    q->items = NULL;
    q->count = 0;
}

void quiz_score(const Quiz *q, size_t *right, size_t *answered)
{
    *right = *answered = 0;
    for (size_t i = 0; i < q->count; i++) {
        *answered += q->items[i].verdict != 0;
        *right += q->items[i].verdict > 0;
    }
}

int quiz_item_target(const Quiz *q, size_t i, char *buf, size_t size)
{
    if (i >= q->count || !q->items[i].section[0])
        return snprintf(buf, size, "%s", q->note);
    return snprintf(buf, size, "%s#%s", q->note, q->items[i].section);
}
