/* Text analysis for indexing and queries: tokenize, fold, drop stopwords, stem. */
#ifndef RAMPUP_ENGINE_TEXT_ANALYZE_H
#define RAMPUP_ENGINE_TEXT_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/text/stopwords.h"
#include "engine/text/tokenize.h"

typedef struct AnalyzerOptions {
    StopList stop;       /* stopword list applied to the folded token (before stemming) */
    bool stem;           /* Porter stemmer (engine/text/porter.h) */
    bool split_joiners;  /* split tokens at the '.' and '\'' that tokenize() keeps inside */
    bool possessive;     /* drop a trailing "'s" (Lucene's EnglishPossessiveFilter) */
    size_t min_len;      /* drop terms shorter than this many bytes (0 or 1 keep all) */
} AnalyzerOptions;

/* The options the index uses unless told otherwise: chosen on SciFact train (README). */
AnalyzerOptions analyzer_default(void);

typedef struct Term {
    char text[TOKEN_MAX_BYTES + 1];    /* the index term: folded, maybe stemmed */
    size_t len;                        /* strlen(text) */
    char surface[TOKEN_MAX_BYTES + 1]; /* the folded token before stemming */
    size_t start;                      /* byte offsets in the input */
    size_t end;
} Term;

/* Calls fn for each term; stops early with fn's non-zero value. Returns 0 otherwise. */
typedef int (*TermFn)(const Term *term, void *ctx);
int analyze(const char *text, size_t len, const AnalyzerOptions *opt, TermFn fn, void *ctx);

/* Analyzes one token from tokenize() (possessive, joiners, stopwords, stemming): calls fn for
 * each of its terms (none, one, or several when split at joiners). Returns fn's first
 * non-zero value, else 0. For callers that cache per token. */
int analyze_token(const Token *tok, const AnalyzerOptions *opt, TermFn fn, void *ctx);

/* Analyzes one word (a query term): writes the index term into out (TOKEN_MAX_BYTES + 1
 * bytes). Returns 0, or -1 when the word yields no term (a stopword, or no letters). */
int analyze_word(const char *word, const AnalyzerOptions *opt, char *out);

#endif
