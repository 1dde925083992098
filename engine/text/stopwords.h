/* English stopword lists for the lexical index (looked up by binary search). */
#ifndef RAMPUP_ENGINE_TEXT_STOPWORDS_H
#define RAMPUP_ENGINE_TEXT_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum StopList {
    STOP_NONE = 0, /* keep every word */
    STOP_LUCENE,   /* the 33 words of Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET */
    STOP_ENGLISH,  /* 127 English function words: pronouns, articles, auxiliaries, prepositions */
    STOP_COUNT
} StopList;

/* True when word[0..len) (case-folded) is on the list. */
bool stopword_is(StopList list, const char *word, size_t len);

/* Short name ("none", "lucene", "english") and the number of words on the list. */
const char *stoplist_name(StopList list);
size_t stoplist_size(StopList list);

/* The list's i-th word in sorted order (NULL past the end); used by tests and the pane. */
const char *stoplist_word(StopList list, size_t i);

#endif
