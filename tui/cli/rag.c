/* `rampup rag "query"`: searches the notes (or any folder) and prints the ranked chunks. */
#include "tui/cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rag/rag_params.h"
#include "engine/rag/snippet.h"
#include "tui/cli/rag.h"

static void usage(FILE *f)
{
    char opts[4096];
    param_usage(&rag_params, opts, sizeof opts);
    fputs("usage: rampup rag \"query\" [--corpus DIR] [options]\n"
          "Searches the .md and .txt files of DIR (default: the notes) chunk by chunk.\n"
          "Query syntax: 'word must appear as typed; !word must not appear.\n"
          "\n"
          "  --corpus DIR           the folder to search (default: the notes)\n"
          "  --json                 one JSON object\n"
          "  -k N                   the same as --k N\n",
          f);
    fputs(opts, f);
}

/* Options shared with rag-eval (tui/cli/rag.h): the rag_params table. */
int cli_rag_parse_common(const char *cmd, int argc, char **argv, int *i, RagSettings *s)
{
    RError err;
    int r = param_argv(&rag_params, NULL, argc, argv, i, s, NULL, &err);
    if (r == 0 && strcmp(argv[*i], "-k") == 0) { /* the short form people know from grep */
        if (*i + 1 >= argc)
            r = rerror_set(&err, "-k needs a value (results wanted)");
        else
            r = param_parse_value(param_find(&rag_params, "k"), NULL, argv[++*i], "-k", s, &err)
                    ? -1 : 1;
    }
    if (r > 0 && rag_settings_check(s, &err) != 0)
        r = -1;
    if (r < 0) {
        cli_usage(cmd, "%s", err.msg);
        return -CLI_USAGE;
    }
    return r;
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
        } else if (a[0] == '-' && a[1]) {
            return cli_unknown_option("rag", a);
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
    ChunkOptions co = chunk_default(true);
    co.figures_from = env->content_dir; /* the notes' live figures as a reader sees them */
    if (corpus_load_dir(dir, &co, &corpus, &err) != 0)
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
        cJSON_AddBoolToObject(o, "only_stopwords", rag_query_only_stopwords(&pipe));
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
        if (n == 0 && rag_query_only_stopwords(&pipe))
            printf("the query has only stop words (the, of, is...): nothing to rank by\n");
        for (size_t i = 0; i < n; i++) {
            const RagDoc *d = &corpus->docs[res[i].doc];
            char snip[200];
            char *flat = rag_snippet_text(d->text, strlen(d->text), " · ");
            one_line(flat ? flat : d->text, 150, snip, sizeof snip);
            free(flat);
            printf("%2d  %7.3f  %s:%d-%d  %s\n      %s\n", res[i].rank, res[i].score, d->source,
                   d->line_start, d->line_end, d->heading, snip);
        }
    }
    free(res);
    rag_engine_free(eng);
    corpus_free(corpus);
    return status;
}
