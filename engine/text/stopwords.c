/* English stopword lists for the lexical index (looked up by binary search). */
#include "engine/text/stopwords.h"

#include <string.h>

/* Lucene 9 EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (the set Anserini's BEIR "flat" runs use). */
static const char *const lucene_words[] = {
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
    "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with",
};

/* A general list of English function words, sorted (strcmp order). */
static const char *const english_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
    "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "yourself", "yourselves",
};

static const char *const *list_words(StopList list, size_t *n)
{
    switch (list) {
    case STOP_LUCENE:
        *n = sizeof lucene_words / sizeof lucene_words[0];
        return lucene_words;
    case STOP_ENGLISH:
        *n = sizeof english_words / sizeof english_words[0];
        return english_words;
    default:
        *n = 0;
        return NULL;
    }
}

bool stopword_is(StopList list, const char *word, size_t len)
{
    size_t n;
    const char *const *w = list_words(list, &n);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(w[mid], word, len);
        if (c == 0 && w[mid][len] != '\0')
            c = 1; /* the list word is longer */
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

const char *stoplist_name(StopList list)
{
    switch (list) {
    case STOP_NONE:
        return "none";
    case STOP_LUCENE:
        return "lucene";
    case STOP_ENGLISH:
        return "english";
    default:
        return "?";
    }
}

size_t stoplist_size(StopList list)
{
    size_t n;
    list_words(list, &n);
    return n;
}

const char *stoplist_word(StopList list, size_t i)
{
    size_t n;
    const char *const *w = list_words(list, &n);
    return i < n ? w[i] : NULL;
}
