/* Markdown parse, the plain-text renderer at a width taken from the input, block text, and
 * the RAG chunker over the same bytes: any note gives a tree and text in bounded time. */
#include "tests/fuzz/fuzz.h"

#include "engine/text/chunk.h"
#include "engine/text/markdown.h"
#include "engine/text/sanitize.h"

static void md_walk(const MdBlock *b, int depth)
{
    char buf[64];
    md_block_text(b, buf, sizeof buf);
    for (size_t i = 0; i < b->nchildren && depth < 64; i++)
        md_walk(&b->children[i], depth + 1);
}

FUZZ_TARGET
{
    if (size < 1)
        return 0;
    int width = 1 + data[0] % 120; /* widths 1..120, the narrowest included */
    const char *src = (const char *)data + 1;
    size_t len = size - 1;
    MdDoc *doc = NULL;
    RError err;
    if (md_parse(src, len, &doc, &err) == 0) {
        md_walk(&doc->root, 0);
        char *text = md_render_text(doc, width);
        if (text) {
            /* The renderer keeps control bytes out (the parser maps them to U+FFFD). */
            for (const char *p = text; *p; p++)
                if (*p == 0x1b)
                    abort();
            free(text);
        }
        md_free(doc);
    }
    ChunkOptions o = chunk_default(data[0] & 1);
    ChunkList cl = {0};
    if (chunk_text(src, len, &o, &cl, &err) == 0) {
        for (size_t i = 0; i < cl.n; i++)
            if (cl.items[i].start > cl.items[i].end || cl.items[i].end > len)
                abort();
        chunk_list_free(&cl);
    }
    return 0;
}
