/* The terminal-safe visible form of untrusted text; see sanitize.h for the mapping. */
#include "engine/text/sanitize.h"

#include <string.h>

bool sanitize_is_bidi(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void sanitize_init(Sanitizer *z, int flags)
{
    memset(z, 0, sizeof *z);
    z->flags = flags;
}

/* Output is gathered in a small buffer so the sink sees few, large writes. */
typedef struct Out {
    SanitizeSink sink;
    void *ctx;
    char buf[512];
    size_t n;
    int rc;
} Out;

static void out_flush(Out *o)
{
    if (o->n && o->rc == 0)
        o->rc = o->sink(o->ctx, o->buf, o->n);
    o->n = 0;
}

static void out_put(Out *o, const char *s, size_t n)
{
    if (o->n + n > sizeof o->buf)
        out_flush(o);
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

static const char hex[] = "0123456789ABCDEF";

static void put_ucode(Out *o, uint32_t cp)
{
    char b[8] = {'<', 'U', '+', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15],
                 hex[cp & 15], '>'};
    out_put(o, b, sizeof b);
}

static void put_fffd(Out *o)
{
    out_put(o, "\xEF\xBF\xBD", 3);
}

static void put_ascii(Out *o, int flags, unsigned char b)
{
    if (b >= 0x20 && b < 0x7F) {
        out_put(o, (const char *)&b, 1);
    } else if ((b == '\n' || b == '\t') && (flags & SANITIZE_KEEP_NL)) {
        out_put(o, (const char *)&b, 1);
    } else if (b == 0x1B) {
        out_put(o, "\\e", 2);
    } else {
        char c[2] = {'^', b == 0x7F ? '?' : (char)(b + 0x40)};
        out_put(o, c, 2);
    }
}

/* A complete, well-formed sequence. */
static void put_seq(Out *o, const Sanitizer *z)
{
    if ((z->cp >= 0x80 && z->cp <= 0x9F) || sanitize_is_bidi(z->cp))
        put_ucode(o, z->cp);
    else
        out_put(o, (const char *)z->seq, (size_t)z->nseq);
}

/* Lead byte: sets the expected length and the range of the first continuation byte so that
 * overlong forms, surrogates and code points past U+10FFFF are rejected (Unicode 15, table 3-7). */
static bool start_seq(Sanitizer *z, unsigned char b)
{
    z->lo = 0x80;
    z->hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        z->need = 1;
        z->cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        z->need = 2;
        z->cp = b & 0x0F;
        if (b == 0xE0)
            z->lo = 0xA0;
        if (b == 0xED)
            z->hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        z->need = 3;
        z->cp = b & 0x07;
        if (b == 0xF0)
            z->lo = 0x90;
        if (b == 0xF4)
            z->hi = 0x8F;
    } else {
        return false;
    }
    z->seq[0] = b;
    z->nseq = 1;
    return true;
}

static void feed_byte(Sanitizer *z, Out *o, unsigned char b)
{
    if (z->need) {
        if (b >= z->lo && b <= z->hi) {
            z->cp = (z->cp << 6) | (b & 0x3F);
            z->seq[z->nseq++] = b;
            z->lo = 0x80;
            z->hi = 0xBF;
            if (--z->need == 0)
                put_seq(o, z);
            return;
        }
        put_fffd(o); /* the ill-formed prefix; b starts afresh */
        z->need = 0;
    }
    if (b < 0x80)
        put_ascii(o, z->flags, b);
    else if (!start_seq(z, b))
        put_fffd(o);
}

int sanitize_feed(Sanitizer *z, const char *s, size_t n, SanitizeSink sink, void *ctx)
{
    Out o = {.sink = sink, .ctx = ctx};
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        /* Fast path: a run of printable ASCII goes through untouched. */
        if (!z->need && u[i] >= 0x20 && u[i] < 0x7F) {
            size_t j = i;
            while (j < n && u[j] >= 0x20 && u[j] < 0x7F)
                j++;
            out_flush(&o);
            if (o.rc == 0)
                o.rc = sink(ctx, s + i, j - i);
            i = j - 1;
            continue;
        }
        feed_byte(z, &o, u[i]);
    }
    out_flush(&o);
    return o.rc;
}

int sanitize_finish(Sanitizer *z, SanitizeSink sink, void *ctx)
{
    Out o = {.sink = sink, .ctx = ctx};
    if (z->need)
        put_fffd(&o);
    z->need = 0;
    out_flush(&o);
    return o.rc;
}

typedef struct StrSink {
    char *out;
    size_t size, len, need;
} StrSink;

static int str_sink(void *ctx, const char *s, size_t n)
{
    StrSink *t = ctx;
    t->need += n;
    if (t->size && t->len + 1 < t->size) {
        size_t room = t->size - 1 - t->len, k = n < room ? n : room;
        memcpy(t->out + t->len, s, k);
        t->len += k;
    }
    return 0;
}

/* Length of s[0..len) without a UTF-8 sequence cut short at its end. */
static size_t utf8_whole(const char *s, size_t len)
{
    size_t i = len, back = 0;
    while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        back++;
    }
    if (i == 0 || (unsigned char)s[i - 1] < 0xC0)
        return len;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return back + 1 == want ? len : i - 1;
}

size_t sanitize_str(const char *s, size_t n, int flags, char *out, size_t size)
{
    if (n == (size_t)-1)
        n = strlen(s);
    Sanitizer z;
    sanitize_init(&z, flags);
    StrSink t = {out, size, 0, 0};
    sanitize_feed(&z, s, n, str_sink, &t);
    sanitize_finish(&z, str_sink, &t);
    if (size) {
        if (t.len < t.need) /* cut: never leave half a character */
            t.len = utf8_whole(out, t.len);
        out[t.len] = '\0';
    }
    return t.need;
}

typedef struct CleanSink {
    const char *s;
    size_t len, pos;
    bool clean;
} CleanSink;

static int clean_sink(void *ctx, const char *s, size_t n)
{
    CleanSink *c = ctx;
    if (n > c->len - c->pos || memcmp(c->s + c->pos, s, n) != 0) {
        c->clean = false;
        return -1;
    }
    c->pos += n;
    return 0;
}

bool sanitize_is_clean(const char *s, size_t n, int flags)
{
    Sanitizer z;
    sanitize_init(&z, flags);
    CleanSink c = {s, n, 0, true};
    /* The visible form can be longer than s; compare only while it can still match. */
    if (sanitize_feed(&z, s, n, clean_sink, &c) != 0 || sanitize_finish(&z, clean_sink, &c) != 0)
        return false;
    return c.clean && c.pos == n;
}
