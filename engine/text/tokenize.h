/* Word tokenizer: splits UTF-8 text into case-folded alphanumeric tokens with byte offsets. */
#ifndef RAMPUP_ENGINE_TEXT_TOKENIZE_H
#define RAMPUP_ENGINE_TEXT_TOKENIZE_H

#include <stddef.h>

/* Tokens longer than this many bytes are cut (and still counted once). */
#define TOKEN_MAX_BYTES 64

typedef struct Token {
    char text[TOKEN_MAX_BYTES + 1]; /* case-folded, NUL-terminated UTF-8 */
    size_t start;                   /* byte offset of the token in the input */
    size_t end;                     /* one past its last byte */
} Token;

/* A token is a maximal run of letters and digits (utf8_is_alnum); an apostrophe or a
 * period between two letters/digits stays inside ("don't", "3.5"); case is folded.
 * Calls fn(token, ctx) for each token in order; stops early and returns the non-zero value
 * fn returns. Returns 0 otherwise. */
typedef int (*TokenFn)(const Token *tok, void *ctx);
int tokenize(const char *text, size_t len, TokenFn fn, void *ctx);

/* Convenience: number of tokens in text. */
size_t tokenize_count(const char *text, size_t len);

#endif
