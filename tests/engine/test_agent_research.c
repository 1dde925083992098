/* engine/agent: TextRank, keyphrases, the research graph on every note, determinism, and
 * the graph layout. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/agent/graph.h"
#include "engine/agent/layout.h"
#include "engine/agent/runtime.h"
#include "engine/agent/textrank.h"
#include "engine/agent/trace.h"

Test(agent_textrank, hand_computed_scores)
{
    /* S0 and S1 share 2 of 3 content words; S2 shares none. Weighted PageRank (Mihalcea &
     * Tarau 2004, eq. 2, d = 0.85): an isolated sentence keeps 1 - d = 0.15; two sentences
     * linked only to each other converge to WS = 0.15 + 0.85 WS, i.e. 1.0 (derived). */
    const char *s[] = {"Cache memory grows.", "Cache memory shrinks.", "Bananas taste sweet."};
    double sc[3];
    int it = 0;
    cr_assert_eq(textrank_scores(s, 3, sc, &it, NULL), 0);
    cr_assert_float_eq(sc[2], 0.15, 1e-9);
    cr_assert_float_eq(sc[0], 1.0, 1e-3);
    cr_assert_float_eq(sc[1], 1.0, 1e-3);
    cr_assert(it > 1 && it < TEXTRANK_MAX_ITER);
    size_t top[2];
    cr_assert_eq(textrank_top(sc, 3, 2, top), 2);
    cr_assert_eq(top[0], 0);
    cr_assert_eq(top[1], 1);
}

Test(agent_textrank, hub_sentence_ranks_first)
{
    /* S1 overlaps both others; they do not overlap each other, so S1 collects both votes */
    const char *s[] = {"Paged attention stores blocks.", "Paged attention stores blocks of the KV cache.",
                       "The KV cache grows with context."};
    double sc[3];
    cr_assert_eq(textrank_scores(s, 3, sc, NULL, NULL), 0);
    cr_assert(sc[1] > sc[0] && sc[1] > sc[2], "%g %g %g", sc[0], sc[1], sc[2]);
}

Test(agent_textrank, keyphrases_prefer_repeated_phrases)
{
    /* RAKE: "kv cache" occurs 3 times as a candidate; each word has deg/freq = 6/3 = 2, so it
     * scores (2 + 2) x ln(1 + 3) = 5.55; the one-off "paged attention stores" scores
     * (3 + 3 + 3) x ln 2 x 0.5 = 3.12 (derived from the definitions in textrank.h) */
    const char *s[] = {"The KV cache is large.", "Paged attention stores the KV cache in blocks.",
                       "A fragment of memory is wasted (Kwon et al. 2023).", "We shrink the KV cache."};
    Keyphrase kp[8];
    size_t n = keyphrases_extract(s, 4, kp, 8);
    cr_assert(n >= 3);
    cr_assert_str_eq(kp[0].text, "kv cache", "got '%s'", kp[0].text);
    cr_assert_eq(kp[0].count, 3);
    cr_assert_float_eq(kp[0].score, 4 * log(4.0), 1e-5);
    for (size_t i = 0; i < n; i++)
        cr_assert_null(strstr(kp[i].text, "kwon"), "citations are not keyphrases: %s", kp[i].text);
    cr_assert(phrase_in("the KV-cache size", "kv cache"));
    cr_assert_not(phrase_in("a kvcache", "kv cache"));
}

/* ---------------------------------------------------------------- the research graph */

static Run *research(const Graph *g, const char *path, const AgentEnv *env)
{
    cJSON *in = cJSON_CreateObject();
    cJSON_AddStringToObject(in, "input", path);
    Run *r = NULL;
    RError err = {0};
    cr_assert_eq(run_new(g, in, env, &r, &err), 0, "%s", err.msg);
    cJSON_Delete(in);
    int steps = 0;
    while (run_step(r, &err) == 0)
        steps++;
    cr_assert(steps >= 6, "%s: only %d steps", path, steps);
    return r;
}

Test(agent_research, every_note_yields_summary_insights_questions)
{
    DIR *d = opendir("notes");
    if (!d)
        cr_skip_test("notes/ absent");
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load("content/graphs/research.yaml", &g, &err), 0, "%s", err.msg);
    AgentEnv env = {.notes_dir = "notes", .content_dir = "content"};
    struct dirent *de;
    int notes = 0;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 4 || strcmp(de->d_name + len - 3, ".md") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "notes/%s", de->d_name);
        Run *r = research(g, path, &env);
        notes++;
        cr_assert_eq(run_status(r), RUN_DONE, "%s: %s", path, run_head(r)->error ? run_head(r)->error : "");
        const cJSON *st = run_head(r)->state;
        cr_assert(cJSON_GetArraySize(cJSON_GetObjectItem(st, "summary")) > 0, "%s: empty summary", path);
        const cJSON *sentences = cJSON_GetObjectItem(st, "sentences");
        int cited_input = 0;
        const cJSON *ins;
        cJSON_ArrayForEach(ins, cJSON_GetObjectItem(st, "insights"))
        {
            const cJSON *src = cJSON_GetObjectItem(ins, "source");
            const char *doc = cJSON_GetObjectItem(src, "doc")->valuestring;
            if (strcmp(doc, path) != 0)
                continue; /* from a retrieved passage */
            int idx = cJSON_GetObjectItem(src, "sentence")->valueint;
            const cJSON *s = cJSON_GetArrayItem(sentences, idx);
            cr_assert_not_null(s, "%s: insight cites sentence %d of %d", path, idx, cJSON_GetArraySize(sentences));
            cr_assert_str_eq(cJSON_GetObjectItem(ins, "claim")->valuestring, cJSON_GetObjectItem(s, "text")->valuestring,
                             "%s: the claim is the cited sentence", path);
            cr_assert_eq(cJSON_GetObjectItem(src, "line")->valueint, cJSON_GetObjectItem(s, "line")->valueint);
            cited_input++;
        }
        cr_assert(cited_input >= 3, "%s: %d insights cite the input", path, cited_input);
        cr_assert(cJSON_GetArraySize(cJSON_GetObjectItem(st, "questions")) >= 3, "%s: too few questions", path);
        const char *report = cJSON_GetObjectItem(st, "report")->valuestring;
        cr_assert(strstr(report, "## Insights") && strstr(report, "## Questions"), "%s: report", path);
        run_free(r);
    }
    closedir(d);
    cr_assert(notes >= 1, "no notes found");
    graph_free(g);
}

Test(agent_research, cloze_blanks_a_number_of_the_claim)
{
    FILE *f = fopen("build-agent-test-note.txt", "w");
    cr_assert_not_null(f);
    fputs("Paged attention keeps the KV cache in fixed blocks. Blocks hold 16 tokens each in vLLM.\n\n"
          "Waste drops to under 4% of the cache, far less than with contiguous buffers.\n\n"
          "Contiguous buffers reserve the whole context for every request. "
          "The KV cache of one request grows with every token. "
          "Paged attention was faster than earlier systems at serving time.\n",
          f);
    fclose(f);
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load("content/graphs/research.yaml", &g, &err), 0);
    AgentEnv env = {.notes_dir = NULL};
    Run *r = research(g, "build-agent-test-note.txt", &env);
    const cJSON *st = run_head(r)->state;
    int cloze = 0;
    const cJSON *q;
    cJSON_ArrayForEach(q, cJSON_GetObjectItem(st, "questions"))
    {
        if (strcmp(cJSON_GetObjectItem(q, "type")->valuestring, "cloze") != 0)
            continue;
        cloze++;
        const char *text = cJSON_GetObjectItem(q, "question")->valuestring;
        const char *ans = cJSON_GetObjectItem(q, "answer")->valuestring;
        cr_assert(strstr(text, "____"), "%s", text);
        cr_assert(strcmp(ans, "16") == 0 || strcmp(ans, "4") == 0, "answer %s", ans);
    }
    cr_assert_eq(cloze, 2, "one cloze per numeric insight");
    /* no notes folder: retrieve fails twice (its retry policy) and the error edge goes on */
    const cJSON *e = cJSON_GetObjectItem(st, "error");
    if (cJSON_IsObject(e))
        cr_assert_str_eq(cJSON_GetObjectItem(e, "node")->valuestring, "retrieve");
    cr_assert_eq(run_status(r), RUN_DONE);
    run_free(r);
    graph_free(g);
    remove("build-agent-test-note.txt");
}

Test(agent_research, same_input_same_trace)
{
    if (access("notes", R_OK) != 0)
        cr_skip_test("notes/ absent");
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load("content/graphs/research.yaml", &g, &err), 0);
    AgentEnv env = {.notes_dir = "notes", .content_dir = "content"};
    DIR *d = opendir("notes");
    struct dirent *de;
    char path[512] = "";
    while ((de = readdir(d)))
        if (strstr(de->d_name, ".md") && (!path[0] || strcmp(de->d_name, path + 6) < 0))
            snprintf(path, sizeof path, "notes/%s", de->d_name);
    closedir(d);
    Run *a = research(g, path, &env);
    Run *b = research(g, path, &env);
    char *ta = trace_to_string(a), *tb = trace_to_string(b);
    cr_assert_str_eq(ta, tb, "two runs of %s differ", path);
    /* and the trace reloads to the same text */
    Run *c = NULL;
    cr_assert_eq(trace_load_string(g, &env, "mem", ta, &c, &err), 0, "%s", err.msg);
    char *tc = trace_to_string(c);
    cr_assert_str_eq(ta, tc);
    free(ta);
    free(tb);
    free(tc);
    run_free(a);
    run_free(b);
    run_free(c);
    graph_free(g);
}

/* ---------------------------------------------------------------- layout */

Test(agent_layout, research_graph_layers_and_loop)
{
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load("content/graphs/research.yaml", &g, &err), 0);
    GraphLayout l;
    cr_assert_eq(graph_layout(g, NULL, &l, &err), 0);
    /* longest path: load 0, summarize 1, extract 2, critique 3, retrieve 4, generate_questions 5
     * (below retrieve because of retrieve's error edge), report 6, END 7 — eight layers once
     * the loop retrieve -> extract_insights is set aside as a back edge */
    cr_assert_eq(l.layers, 8);
    cr_assert_eq(layout_box(&l, graph_node_index(g, "critique"))->layer, 3);
    cr_assert_eq(layout_box(&l, graph_node_index(g, "generate_questions"))->layer, 5);
    cr_assert_eq(layout_box(&l, GRAPH_END)->layer, 7);
    int back = 0;
    for (size_t i = 0; i < l.nedges; i++) {
        const LayoutEdge *e = &l.edges[i];
        if (e->back) {
            back++;
            cr_assert_str_eq(graph_node_name(g, e->from), "retrieve");
            cr_assert_str_eq(graph_node_name(g, e->to), "extract_insights");
        }
        /* the route starts on the source box's edge and ends next to the target box */
        const LayoutBox *s = layout_box(&l, e->from), *t = layout_box(&l, e->to);
        LayoutPoint p0 = e->pts[0], pn = e->pts[e->npts - 1];
        cr_assert(p0.x >= s->x && p0.x <= s->x + s->w && p0.y >= s->y && p0.y <= s->y + s->h);
        cr_assert(pn.x >= t->x - 1 && pn.x <= t->x + t->w && pn.y >= t->y - 1 && pn.y <= t->y + t->h);
    }
    cr_assert_eq(back, 1);
    /* boxes never overlap */
    for (size_t i = 0; i < l.nboxes; i++)
        for (size_t j = i + 1; j < l.nboxes; j++) {
            const LayoutBox *a = &l.boxes[i], *b = &l.boxes[j];
            bool apart = a->x + a->w <= b->x || b->x + b->w <= a->x || a->y + a->h <= b->y || b->y + b->h <= a->y;
            cr_assert(apart, "%s overlaps %s", a->label, b->label);
        }
    char *art = graph_layout_ascii(g, &l);
    cr_assert(strstr(art, "| extract_insights |<"), "the loop arrow enters extract_insights:\n%s", art);
    cr_assert(strstr(art, "false"), "branch labels are drawn");
    free(art);
    graph_layout_free(&l);
    graph_free(g);
}

/* A text from another field (plant biology) shares words but no topic with the notes: the
 * retrieve step adds no context, and the report says that nothing relevant was found. A
 * note of this field (LLM inference) finds a passage that holds one of its keyphrases. */
Test(agent_research, context_only_when_relevant)
{
    if (access("notes", R_OK) != 0)
        cr_skip_test("notes/ absent");
    Graph *g = NULL;
    RError err = {0};
    cr_assert_eq(graph_load("content/graphs/research.yaml", &g, &err), 0, "%s", err.msg);
    AgentEnv env = {.notes_dir = "notes", .content_dir = "content"};
    Run *r = research(g, "tests/fixtures/agent/other_field.md", &env);
    const cJSON *st = run_head(r)->state;
    cr_assert_gt(cJSON_GetObjectItem(st, "retrievals")->valuedouble, 0, "retrieve ran");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(st, "context")), 0);
    cr_assert(strstr(cJSON_GetObjectItem(st, "report")->valuestring, "Nothing relevant was found"));
    run_free(r);
    r = research(g, "notes/llm_inference.md", &env);
    st = run_head(r)->state;
    const cJSON *ctx = cJSON_GetArrayItem(cJSON_GetObjectItem(st, "context"), 0);
    cr_assert_not_null(ctx, "a related note is found (kv_cache_notes.md shares \"kv cache\")");
    cr_assert(cJSON_GetObjectItem(ctx, "matched")->valuestring[0]);
    run_free(r);
    graph_free(g);
}
