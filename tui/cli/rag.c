/* `rampup rag "query"`: searches the notes (or any folder) and prints the ranked chunks. */
#include "tui/cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/cli/rag.h"

static void usage(FILE *f)
{
    fputs("usage: rampup rag \"query\" [--corpus DIR] [-k N] [--method bm25|lsa|glove|hybrid]\n"
          "                  [--k1 X] [--b Y] [--dense lsa|glove] [--fusion rrf|blend]\n"
          "                  [--weight W] [--rank R] [--json]\n"
          "Searches the .md and .txt files of DIR (default: the notes) chunk by chunk.\n"
          "Query syntax: 'word must appear as typed; !word must not appear.\n"
          "  --method   hybrid (default: BM25 fused with --dense), bm25, lsa or glove\n"
          "  --dense    lsa (default, rank 512 clamped to the corpus) or glove\n"
          "  --fusion   blend (default: min-max scores) or rrf (reciprocal rank, k = 60)\n"
          "  --weight   the dense list's weight in the fusion, 0..1 (default 0.1)\n"
          "  --k1 --b   BM25 parameters (default 0.9 and 0.4)\n",
          f);
}

/* Options shared with rag-eval (tui/cli/rag.h). */
int cli_rag_parse_common(const char *cmd, int argc, char **argv, int *i, RagSettings *s)
{
    const char *a = argv[*i];
    const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (strcmp(a, "--method") == 0 || strcmp(a, "--dense") == 0) {
        int m = v ? rag_method_parse(v) : -1;
        if (m < 0 || (strcmp(a, "--dense") == 0 && m != RAG_LSA && m != RAG_GLOVE)) {
            cli_usage(cmd, "%s: expected %s", a,
                      a[2] == 'm' ? "bm25, lsa, glove or hybrid" : "lsa or glove");
            return -CLI_USAGE;
        }
        if (a[2] == 'm')
            s->method = (RagMethod)m;
        else
            s->dense = (RagMethod)m;
    } else if (strcmp(a, "--k1") == 0) {
        if (!v || !cli_parse_double(v, 0.0, 100.0, &s->k1)) {
            cli_usage(cmd, "--k1: expected a number in [0, 100]");
            return -CLI_USAGE;
        }
    } else if (strcmp(a, "--b") == 0) {
        if (!v || !cli_parse_double(v, 0.0, 1.0, &s->b)) {
            cli_usage(cmd, "--b: expected a number in [0, 1]");
            return -CLI_USAGE;
        }
    } else if (strcmp(a, "--weight") == 0) {
        if (!v || !cli_parse_double(v, 0.0, 1.0, &s->weight)) {
            cli_usage(cmd, "--weight: expected a number in [0, 1]");
            return -CLI_USAGE;
        }
    } else if (strcmp(a, "--fusion") == 0) {
        if (v && strcmp(v, "rrf") == 0)
            s->fusion = RAG_FUSE_RRF;
        else if (v && strcmp(v, "blend") == 0)
            s->fusion = RAG_FUSE_BLEND;
        else {
            cli_usage(cmd, "--fusion: expected rrf or blend");
            return -CLI_USAGE;
        }
    } else if (strcmp(a, "--rank") == 0) {
        long long r;
        if (!v || !cli_parse_ll(v, 1, LSA_MAX_RANK, &r)) {
            cli_usage(cmd, "--rank: expected an integer in [1, %d]", LSA_MAX_RANK);
            return -CLI_USAGE;
        }
        s->lsa_rank = (size_t)r;
    } else {
        return 0;
    }
    (*i)++;
    return 1;
}

/* The text with runs of white space collapsed, cut to about max bytes between characters. */
static void one_line(const char *text, size_t max, char *out, size_t size)
{
    size_t o = 0;
    int space = 0;
    for (const char *p = text; *p && o + 5 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c & 0xC0) != 0x80 && o >= max)
            break; /* only ever stop before a character's first byte */
        if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space) {
            out[o++] = ' ';
            space = 0;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
}

int cli_rag(const CliEnv *env, int argc, char **argv)
{
    RagSettings s = rag_settings_default();
    const char *query = NULL, *dir = env->notes_dir;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        }
        int rc = cli_rag_parse_common("rag", argc, argv, &i, &s);
        if (rc < 0)
            return -rc;
        if (rc)
            continue;
        if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--corpus") == 0) {
            if (i + 1 >= argc)
                return cli_usage("rag", "--corpus needs a folder");
            dir = argv[++i];
        } else if (strcmp(a, "-k") == 0) {
            long long k;
            if (i + 1 >= argc || !cli_parse_ll(argv[i + 1], 1, 1000, &k))
                return cli_usage("rag", "-k: expected an integer in [1, 1000]");
            s.k = (size_t)k;
            i++;
        } else if (a[0] == '-' && a[1] == '-') {
            return cli_usage("rag", "unknown option '%s'", a);
        } else if (!query) {
            query = a;
        } else {
            return cli_usage("rag", "one query only (quote it): unexpected '%s'", a);
        }
    }
    if (!query)
        return cli_usage("rag", "missing the query");
    if (!dir)
        return cli_fail("rag: no notes folder; give --corpus DIR");
    RError err;
    rerror_clear(&err);
    RagCorpus *corpus;
    if (corpus_load_dir(dir, NULL, &corpus, &err) != 0)
        return cli_fail_err(&err);
    for (size_t i = 0; i < corpus->nwarnings; i++)
        fprintf(stderr, "rampup: warning: %s\n", corpus->warnings[i]);
    if (corpus->n == 0) {
        corpus_free(corpus);
        return cli_fail("%s: no .md or .txt files with text to search", dir);
    }
    char glove[2048];
    snprintf(glove, sizeof glove, "%s/glove", env->content_dir ? env->content_dir : "content");
    RagEngine *eng;
    if (rag_engine_new(corpus, NULL, glove, &eng, &err) != 0) {
        corpus_free(corpus);
        return cli_fail_err(&err);
    }
    RagResult *res = calloc(s.k, sizeof *res);
    size_t n = 0;
    RagPipeline pipe;
    int status = CLI_OK;
    if (!res) {
        status = cli_fail("rag: out of memory");
    } else if (rag_engine_search(eng, &s, query, res, &n, &pipe, &err) != 0) {
        status = cli_fail_err(&err);
    } else if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "query", query);
        cJSON_AddStringToObject(o, "method", rag_method_name(s.method));
        cJSON_AddStringToObject(o, "corpus", dir);
        cli_json_add_u64(o, "files", corpus->nfiles);
        cli_json_add_u64(o, "chunks", corpus->n);
        cJSON_AddNumberToObject(o, "index_seconds", eng->bm25_seconds + eng->lsa_seconds +
                                                        eng->sif_seconds);
        cJSON *arr = cJSON_AddArrayToObject(o, "results");
        for (size_t i = 0; i < n; i++) {
            const RagDoc *d = &corpus->docs[res[i].doc];
            cJSON *r = cJSON_CreateObject();
            cli_json_add_u64(r, "rank", (unsigned long long)res[i].rank);
            cJSON_AddStringToObject(r, "source", d->source);
            cJSON_AddStringToObject(r, "heading", d->heading);
            cJSON_AddNumberToObject(r, "score", res[i].score);
            cJSON_AddStringToObject(r, "text", d->text);
            cli_json_add_u64(r, "line_start", (unsigned long long)d->line_start);
            cli_json_add_u64(r, "line_end", (unsigned long long)d->line_end);
            cJSON_AddItemToArray(arr, r);
        }
        status = cli_json_print(o);
        cJSON_Delete(o);
    } else {
        printf("%zu result%s for \"%s\" (%s) over %zu chunks of %zu files in %s\n", n,
               n == 1 ? "" : "s", query, rag_method_name(s.method), corpus->n, corpus->nfiles,
               dir);
        for (size_t i = 0; i < n; i++) {
            const RagDoc *d = &corpus->docs[res[i].doc];
            char snip[200];
            one_line(d->text, 150, snip, sizeof snip);
            printf("%2d  %7.3f  %s:%d-%d  %s\n      %s\n", res[i].rank, res[i].score, d->source,
                   d->line_start, d->line_end, d->heading, snip);
        }
    }
    free(res);
    rag_engine_free(eng);
    corpus_free(corpus);
    return status;
}
