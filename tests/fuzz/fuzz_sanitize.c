/* The terminal sanitizer: its output never holds ESC, C0/C1 controls, bidi controls or
 * ill-formed UTF-8, it is a fixed point (sanitizing it again changes nothing), and split
 * writes give what one write gives. */
#include "tests/fuzz/fuzz.h"

#include "engine/text/sanitize.h"
#include "engine/text/utf8.h"

typedef struct SanAcc {
    char *buf;
    size_t n, cap;
} SanAcc;

static int san_acc(void *ctx, const char *s, size_t n)
{
    SanAcc *a = ctx;
    if (a->n + n > a->cap)
        abort();
    memcpy(a->buf + a->n, s, n);
    a->n += n;
    return 0;
}

FUZZ_TARGET
{
    if (size > 4096)
        return 0;
    size_t cap = 8 * size + 16; /* "<U+XXXX>" is 8 bytes for 3 of input */
    char *out = malloc(cap), *again = malloc(cap);
    size_t need = sanitize_str((const char *)data, size, SANITIZE_KEEP_NL, out, cap);
    if (need >= cap)
        abort();
    for (size_t i = 0; i < need; i++) {
        unsigned char c = (unsigned char)out[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            abort();
    }
    if (!utf8_valid(out, need) || !sanitize_is_clean(out, need, SANITIZE_KEEP_NL))
        abort();
    for (size_t i = 0; i < need;) {
        uint32_t cp;
        i += utf8_decode(out + i, need - i, &cp);
        if ((cp >= 0x80 && cp <= 0x9f) || sanitize_is_bidi(cp))
            abort();
    }
    /* Split where the first byte says: the same result. */
    size_t cut = size ? data[0] % (size + 1) : 0;
    Sanitizer z;
    sanitize_init(&z, SANITIZE_KEEP_NL);
    SanAcc a = {again, 0, cap};
    sanitize_feed(&z, (const char *)data, cut, san_acc, &a);
    sanitize_feed(&z, (const char *)data + cut, size - cut, san_acc, &a);
    sanitize_finish(&z, san_acc, &a);
    if (a.n != need || memcmp(again, out, need) != 0)
        abort();
    free(out);
    free(again);
    return 0;
}
