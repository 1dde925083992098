/* Extractive text analysis for the research pipeline: TextRank sentence scores and RAKE
 * keyphrases over a list of sentences. */
#ifndef RAMPUP_ENGINE_AGENT_TEXTRANK_H
#define RAMPUP_ENGINE_AGENT_TEXTRANK_H

#include <stddef.h>

#include "engine/error.h"

/* TextRank damping factor d = 0.85 and convergence threshold 1e-4 (Mihalcea & Tarau 2004,
 * "TextRank: Bringing Order into Texts", §2.1). */
#define TEXTRANK_DAMPING 0.85
#define TEXTRANK_EPSILON 1e-4
#define TEXTRANK_MAX_ITER 200

/* Scores sentences with TextRank: a graph whose edge weights are the sentence similarity
 * |Si ∩ Sj| / (log|Si| + log|Sj|) over stemmed content words (§4.1), ranked with weighted
 * PageRank. scores[n] is filled; *iterations gets the number of power iterations. */
int textrank_scores(const char *const *sentences, size_t n, double *scores, int *iterations, RError *err);

/* The indices of the k best sentences in document order (ties: earlier first). Returns the
 * count written to out (min(k, n)). */
size_t textrank_top(const double *scores, size_t n, size_t k, size_t *out);

typedef struct Keyphrase {
    char text[96]; /* folded words joined by single spaces */
    double score;  /* RAKE score (sum of deg/freq) x ln(1 + count), halved for one-off phrases */
    int count;     /* occurrences as a candidate */
} Keyphrase;

/* RAKE keyphrases (Rose et al. 2010, "Automatic keyword extraction from individual
 * documents"): candidates are runs of up to 3 content words between stopwords and
 * punctuation; a word scores deg(w)/freq(w); a phrase the sum of its words. Fills up to cap,
 * best first, and returns the count. */
size_t keyphrases_extract(const char *const *sentences, size_t n, Keyphrase *out, size_t cap);

/* True when the sentence contains the phrase as whole folded words. */
int phrase_in(const char *sentence, const char *phrase);

#endif
