/* One sanitizer for every string that comes from a file and goes to a terminal: no byte of
 * a note, config, corpus, CSV or graph spec can move the cursor, clear the screen, retitle
 * the window, write the clipboard (OSC 52) or reorder what is shown.
 *
 * Visible forms:
 *   ESC (0x1B)                        -> "\e"
 *   other C0 controls and DEL         -> "^@" … "^_", "^?"
 *                                        (\n and \t kept with SANITIZE_KEEP_NL)
 *   C1 controls U+0080…U+009F (UTF-8) -> "<U+009B>"
 *   bidi embeddings, overrides and isolates U+202A…U+202E, U+2066…U+2069 (Trojan Source,
 *   CVE-2021-42574)                   -> "<U+202E>"
 *   invalid UTF-8 (stray bytes, overlong forms, surrogates, truncated sequences, raw C1
 *   bytes)                            -> U+FFFD, one per maximal ill-formed subpart
 * Everything else (valid UTF-8 text) passes unchanged. Pure, no globals, no allocation. */
#ifndef RAMPUP_ENGINE_TEXT_SANITIZE_H
#define RAMPUP_ENGINE_TEXT_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SANITIZE_KEEP_NL = 1 }; /* keep \n and \t as they are (multi-line output) */

/* Where visible bytes go. Returns 0, or -1 to stop (the error is passed back). */
typedef int (*SanitizeSink)(void *ctx, const char *s, size_t n);

/* Streaming state, so a UTF-8 sequence split across two writes is judged as one. Zero it
 * (or call sanitize_init) before the first feed. */
typedef struct Sanitizer {
    int flags;
    int need;          /* continuation bytes still expected */
    unsigned char lo;  /* allowed range of the next continuation byte */
    unsigned char hi;
    uint32_t cp;       /* code point so far */
    unsigned char seq[4];
    int nseq;
} Sanitizer;

void sanitize_init(Sanitizer *z, int flags);
/* Feeds n bytes; the visible form goes to sink. Returns 0 or the sink's -1. */
int sanitize_feed(Sanitizer *z, const char *s, size_t n, SanitizeSink sink, void *ctx);
/* Ends the stream: an unfinished sequence becomes U+FFFD. */
int sanitize_finish(Sanitizer *z, SanitizeSink sink, void *ctx);

/* One-shot, snprintf-style: writes the visible form of s[0..n) (n == (size_t)-1: strlen) to
 * out (always NUL-terminated when size > 0, cut at a character boundary) and returns the length
 * the whole visible form needs. */
size_t sanitize_str(const char *s, size_t n, int flags, char *out, size_t size);

/* True when s[0..n) would pass unchanged. */
bool sanitize_is_clean(const char *s, size_t n, int flags);

/* True for the bidi controls shown as <U+XXXX>. */
bool sanitize_is_bidi(uint32_t cp);

#endif
