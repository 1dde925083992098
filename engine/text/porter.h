/* The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980). */
#ifndef RAMPUP_ENGINE_TEXT_PORTER_H
#define RAMPUP_ENGINE_TEXT_PORTER_H

#include <stddef.h>

/* Stems word[0..len) in place and NUL-terminates it; returns the new length (<= len).
 * Words of one or two letters and words holding anything but 'a'..'z' (digits, non-ASCII
 * letters, apostrophes) are returned unchanged, so give it case-folded tokens.
 * The rules are the 1980 paper's with the two departures of Porter's own reference
 * implementation (tartarus.org/martin/PorterStemmer): step 2 maps "bli" -> "ble" instead of
 * "abli" -> "able", and adds "logi" -> "log". */
size_t porter_stem(char *word, size_t len);

#endif
