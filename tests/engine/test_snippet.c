/* engine/rag: result snippets as text, reference sections left out, stop-word queries. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/corpus.h"
#include "engine/rag/query.h"
#include "engine/rag/snippet.h"

static char *flat(const char *md)
{
    char *s = rag_snippet_text(md, strlen(md), " | ");
    cr_assert_not_null(s);
    return s;
}

Test(snippet, markdown_marks_are_gone)
{
    char *s = flat("## Heading\n\nSome **bold** and *emph* and `code` text.\n\n"
                   "- one\n- two\n\n```c\nint x;\n```\n");
    cr_assert_str_eq(s, "Some bold and emph and code text. | one | two | int x;");
    free(s);
}

Test(snippet, tables_read_as_rows)
{
    char *s = flat("| law | a |\n|---|---|\n| kaplan | 0.73 |\n| chinchilla | 0.50 |\n");
    cr_assert_null(strchr(s, '|'), "%s", s);
    cr_assert_str_eq(s, "law, a; kaplan, 0.73; chinchilla, 0.50;");
    free(s);
}

Test(snippet, empty_and_heading_only)
{
    char *s = flat("");
    cr_assert_str_eq(s, "");
    free(s);
    s = flat("# Only a heading\n");
    cr_assert_str_eq(s, "");
    free(s);
}

Test(corpus, reference_sections)
{
    cr_assert(corpus_is_refs("Scaling laws > Sources"));
    cr_assert(corpus_is_refs("Notes > References > Papers"));
    cr_assert(corpus_is_refs("bibliography"));
    cr_assert_not(corpus_is_refs("Scaling laws > Sources of error"));
    cr_assert_not(corpus_is_refs(""));
    cr_assert_not(corpus_is_refs(NULL));
}

/* The shipped notes each end in "## Sources": none of those chunks is indexed. */
Test(corpus, notes_leave_out_sources)
{
    RagCorpus *c;
    RError err;
    cr_assert_eq(corpus_load_dir("notes", NULL, &c, &err), 0, "%s", err.msg);
    cr_assert_geq(c->nrefs, 7);
    for (size_t i = 0; i < c->n; i++)
        cr_assert_not(corpus_is_refs(c->docs[i].heading), "%s", c->docs[i].heading);
    corpus_free(c);
}

Test(query, only_stopwords)
{
    AnalyzerOptions an = analyzer_default();
    RagPipeline p;
    rag_query_parse("the of is", false, &an, NULL, &p);
    cr_assert(rag_query_only_stopwords(&p));
    rag_query_parse("the cache", false, &an, NULL, &p);
    cr_assert_not(rag_query_only_stopwords(&p));
    rag_query_parse("", false, &an, NULL, &p);
    cr_assert_not(rag_query_only_stopwords(&p));
}
