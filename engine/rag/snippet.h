/* Search-result snippets as text: a chunk's Markdown flattened to one line of words, with no
 * heading marks, emphasis markers, table pipes or code fences. */
#ifndef RAMPUP_ENGINE_RAG_SNIPPET_H
#define RAMPUP_ENGINE_RAG_SNIPPET_H

#include <stddef.h>

/* Flattens Markdown src[0..len) into a new malloc'd string: the text of paragraphs, list
 * items, quotes and code in order, blocks separated by block_sep (NULL: a space), table cells
 * by ", " and rows by "; ", headings left out (a result shows its heading on its own line),
 * white space collapsed to single spaces. NULL when memory runs out. */
char *rag_snippet_text(const char *src, size_t len, const char *block_sep);

#endif
