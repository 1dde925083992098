/* Word tokenizer: splits UTF-8 text into case-folded alphanumeric tokens with byte offsets. */
#include "engine/text/tokenize.h"

#include <stdbool.h>
#include <stdint.h>

#include "engine/text/utf8.h"

/* Joiners kept inside a token when a letter or digit follows on both sides: the ASCII
 * apostrophe, U+2019 (typographic apostrophe, written as ASCII ') and the period. */
static bool is_joiner(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '.';
}

static void tok_append(Token *t, size_t *used, uint32_t cp)
{
    char buf[4];
    size_t n = utf8_encode(cp, buf);
    if (*used + n > TOKEN_MAX_BYTES)
        return; /* cut, on a code point boundary */
    for (size_t i = 0; i < n; i++)
        t->text[(*used)++] = buf[i];
    t->text[*used] = '\0';
}

int tokenize(const char *text, size_t len, TokenFn fn, void *ctx)
{
    if (!text)
        return 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp);
        if (!utf8_is_alnum(cp)) {
            i += n;
            continue;
        }
        Token tok;
        size_t used = 0;
        tok.text[0] = '\0';
        tok.start = i;
        tok_append(&tok, &used, utf8_fold(cp));
        i += n;
        while (i < len) {
            n = utf8_decode(text + i, len - i, &cp);
            if (utf8_is_alnum(cp)) {
                tok_append(&tok, &used, utf8_fold(cp));
                i += n;
                continue;
            }
            if (is_joiner(cp) && i + n < len) {
                uint32_t next;
                size_t m = utf8_decode(text + i + n, len - i - n, &next);
                if (utf8_is_alnum(next)) {
                    tok_append(&tok, &used, cp == 0x2019 ? '\'' : cp);
                    tok_append(&tok, &used, utf8_fold(next));
                    i += n + m;
                    continue;
                }
            }
            break;
        }
        tok.end = i;
        int rc = fn(&tok, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

static int count_fn(const Token *tok, void *ctx)
{
    (void)tok;
    (*(size_t *)ctx)++;
    return 0;
}

size_t tokenize_count(const char *text, size_t len)
{
    size_t n = 0;
    tokenize(text, len, count_fn, &n);
    return n;
}
