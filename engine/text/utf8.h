/* UTF-8 decoding, validation and simple case folding; locale-free. */
#ifndef RAMPUP_ENGINE_TEXT_UTF8_H
#define RAMPUP_ENGINE_TEXT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point at s[0..len). Stores it in *cp (U+FFFD for an invalid or truncated
 * sequence, overlong forms and surrogates included) and returns the bytes consumed (>= 1 when
 * len > 0, 0 when len == 0). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (at least 4 bytes); returns the byte count (1..4). Invalid code points
 * encode as U+FFFD. */
size_t utf8_encode(uint32_t cp, char *out);

/* True when s[0..len) is well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);

/* Number of code points in s[0..len) (invalid bytes count one each). */
size_t utf8_length(const char *s, size_t len);

/* Simple case folding: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic upper case to
 * lower case; any other code point is returned unchanged. */
uint32_t utf8_fold(uint32_t cp);

/* True for letters and digits (ASCII, and every code point >= U+00C0 that is not
 * punctuation or a space in the ranges this module knows). */
bool utf8_is_alnum(uint32_t cp);

/* True for ASCII white space, U+00A0, U+2000..U+200A, U+2028, U+2029, U+3000. */
bool utf8_is_space(uint32_t cp);

#endif
