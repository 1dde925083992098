/* Search everywhere: note sections, cards, panes and pane links in one BM25 index. */
#include <criterion/criterion.h>

#include <string.h>

#include "engine/study/find.h"

static const FindPane panes[] = {
    {"home", "Home", "what rampup is"},
    {"notes", "Notes", "the study notes"},
    {"kv", "KV cache", "KV-cache and serving memory"},
    {"rag", "RAG", "retrieval: BM25, LSA, GloVe"},
    {"study", "Study", "flashcards on a spaced schedule"},
};

static FindIndex *idx;
static CardDeck deck;

static void setup(void)
{
    RError err;
    cr_assert_eq(cards_load("tests/fixtures/cards/cards.yaml", &deck, &err), 0, "%s", err.msg);
    cr_assert_eq(find_build("notes", "content", &deck, panes, 5, &idx, &err), 0, "%s", err.msg);
}

static void teardown(void)
{
    find_free(idx);
    cards_free(&deck);
}

static const FindItem *top(const char *q, size_t *n)
{
    static size_t out[8];
    *n = find_search(idx, q, out, 8);
    return *n ? find_item(idx, out[0]) : NULL;
}

static bool has(const char *q, FindKind kind, const char *pane, const char *arg)
{
    size_t out[8];
    size_t n = find_search(idx, q, out, 8);
    for (size_t i = 0; i < n; i++) {
        const FindItem *it = find_item(idx, out[i]);
        if (it->kind == kind && strcmp(it->pane, pane) == 0 && strcmp(it->arg, arg) == 0)
            return true;
    }
    return false;
}

Test(find, every_kind_is_found, .init = setup, .fini = teardown)
{
    size_t n;
    const FindItem *it = top("kv", &n);
    cr_assert_not_null(it);
    cr_expect_eq(it->kind, FIND_PANE, "'kv' finds the KV pane first, got %s", it->title);
    cr_expect_str_eq(it->pane, "kv");
    cr_expect(has("bm25", FIND_NOTE, "notes", "rag.md#BM25"));
    cr_expect(has("k1 saturation", FIND_CARD, "study", "card rag-001"));
    cr_expect(has("reciprocal rank fusion", FIND_NOTE, "notes", "rag.md#Reciprocal rank fusion"));
    /* A pane link in a note opens that pane in the state it names. */
    size_t out[8];
    n = find_search(idx, "llama-3.1-70b", out, 8);
    bool link = false;
    for (size_t i = 0; i < n; i++) {
        const FindItem *l = find_item(idx, out[i]);
        if (l->kind == FIND_LINK && strcmp(l->pane, "kv") == 0 && strstr(l->arg, "llama-3.1-70b"))
            link = true;
    }
    cr_expect(link, "no kv pane link for llama-3.1-70b");
}

Test(find, partial_words_and_nothing, .init = setup, .fini = teardown)
{
    size_t n;
    const FindItem *it = top("Stud", &n); /* half-typed: a title match */
    cr_assert_not_null(it);
    cr_expect_str_eq(it->pane, "study");
    cr_expect_null(top("zzzqqq", &n));
    cr_expect_eq(n, 0);
    cr_expect_null(top("", &n));
}

Test(find, one_hit_per_target, .init = setup, .fini = teardown)
{
    size_t out[8];
    size_t n = find_search(idx, "bm25", out, 8);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const FindItem *a = find_item(idx, out[i]), *b = find_item(idx, out[j]);
            cr_expect(strcmp(a->pane, b->pane) != 0 || strcmp(a->arg, b->arg) != 0,
                      "duplicate target %s %s", a->pane, a->arg);
        }
}
