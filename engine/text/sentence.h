/* Sentence splitter for English prose and notes (abbreviations, decimals, list items). */
#ifndef RAMPUP_ENGINE_TEXT_SENTENCE_H
#define RAMPUP_ENGINE_TEXT_SENTENCE_H

#include <stddef.h>

typedef struct Span {
    size_t start; /* byte offset */
    size_t end;   /* one past the last byte; surrounding white space trimmed */
} Span;

/* Splits text[0..len) into sentences. A sentence ends at . ! ? (optionally followed by
 * closing quotes/brackets) followed by white space and an upper-case letter, digit or
 * opening quote, or at a blank line; not after common abbreviations (e.g., i.e., et al.,
 * Fig., vs., Dr.) nor inside decimals (3.5) or initials. A line that starts with a list
 * marker ("- ", "* ", "+ ", "1. ", "1) ") also starts a new sentence, and the marker is left
 * out of the span. "etc." followed by a capital does end a sentence. Fills up to `cap` spans
 * (out may be NULL when cap is 0) and returns the total number of sentences found (which may
 * exceed cap). */
size_t sentence_split(const char *text, size_t len, Span *out, size_t cap);

#endif
