/* The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980). */
#include "engine/text/porter.h"

#include <stdbool.h>
#include <string.h>

/* Working state: the word is b[0..k]; j marks the end of the stem once a suffix matched. */
typedef struct Stem {
    char *b;
    int k;
    int j;
} Stem;

/* A consonant is a letter other than a, e, i, o, u, and other than y preceded by a consonant
 * (paper, section 2). */
static bool cons(const Stem *s, int i)
{
    switch (s->b[i]) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        return false;
    case 'y':
        return i == 0 ? true : !cons(s, i - 1);
    default:
        return true;
    }
}

/* m, the number of VC sequences in b[0..j]: [C](VC)^m[V]. */
static int measure(const Stem *s)
{
    int n = 0, i = 0;
    for (;;) {
        if (i > s->j)
            return n;
        if (!cons(s, i))
            break;
        i++;
    }
    i++;
    for (;;) {
        for (;;) {
            if (i > s->j)
                return n;
            if (cons(s, i))
                break;
            i++;
        }
        i++;
        n++;
        for (;;) {
            if (i > s->j)
                return n;
            if (!cons(s, i))
                break;
            i++;
        }
        i++;
    }
}

/* *v*: the stem b[0..j] contains a vowel. */
static bool vowel_in_stem(const Stem *s)
{
    for (int i = 0; i <= s->j; i++)
        if (!cons(s, i))
            return true;
    return false;
}

/* *d: b[i-1..i] is a double consonant. */
static bool double_cons(const Stem *s, int i)
{
    return i >= 1 && s->b[i] == s->b[i - 1] && cons(s, i);
}

/* *o: b[i-2..i] is consonant-vowel-consonant and the last is not w, x or y. */
static bool cvc(const Stem *s, int i)
{
    if (i < 2 || !cons(s, i) || cons(s, i - 1) || !cons(s, i - 2))
        return false;
    char c = s->b[i];
    return c != 'w' && c != 'x' && c != 'y';
}

/* True when b[0..k] ends with suf; sets j to the end of the remaining stem. */
static bool ends(Stem *s, const char *suf)
{
    int n = (int)strlen(suf);
    if (n > s->k + 1)
        return false;
    if (memcmp(s->b + s->k - n + 1, suf, (size_t)n) != 0)
        return false;
    s->j = s->k - n;
    return true;
}

/* Replaces b[j+1..k] with rep. */
static void set_to(Stem *s, const char *rep)
{
    int n = (int)strlen(rep);
    memcpy(s->b + s->j + 1, rep, (size_t)n);
    s->k = s->j + n;
}

/* Replaces the suffix when m > 0. */
static void replace_m0(Stem *s, const char *rep)
{
    if (measure(s) > 0)
        set_to(s, rep);
}

/* Step 1a (plurals) and 1b (-ed, -ing). */
static void step1ab(Stem *s)
{
    if (s->b[s->k] == 's') {
        if (ends(s, "sses"))
            s->k -= 2;
        else if (ends(s, "ies"))
            set_to(s, "i");
        else if (s->b[s->k - 1] != 's')
            s->k--;
    }
    if (ends(s, "eed")) {
        if (measure(s) > 0)
            s->k--;
    } else if ((ends(s, "ed") || ends(s, "ing")) && vowel_in_stem(s)) {
        s->k = s->j;
        if (ends(s, "at"))
            set_to(s, "ate");
        else if (ends(s, "bl"))
            set_to(s, "ble");
        else if (ends(s, "iz"))
            set_to(s, "ize");
        else if (double_cons(s, s->k)) {
            s->k--;
            char c = s->b[s->k];
            if (c == 'l' || c == 's' || c == 'z')
                s->k++;
        } else {
            s->j = s->k;
            if (measure(s) == 1 && cvc(s, s->k))
                set_to(s, "e");
        }
    }
}

/* Step 1c: y -> i when the stem has a vowel. */
static void step1c(Stem *s)
{
    if (ends(s, "y") && vowel_in_stem(s))
        s->b[s->k] = 'i';
}

/* Tables for steps 2 and 3: suffix, replacement; tried in order, the first match decides. */
typedef struct Rule {
    const char *suffix;
    const char *rep;
} Rule;

static const Rule step2_rules[] = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},   {"anci", "ance"},
    {"izer", "ize"},    {"bli", "ble"},     {"alli", "al"},     {"entli", "ent"},
    {"eli", "e"},       {"ousli", "ous"},   {"ization", "ize"}, {"ation", "ate"},
    {"ator", "ate"},    {"alism", "al"},    {"iveness", "ive"}, {"fulness", "ful"},
    {"ousness", "ous"}, {"aliti", "al"},    {"iviti", "ive"},   {"biliti", "ble"},
    {"logi", "log"},
};

static const Rule step3_rules[] = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
    {"ical", "ic"},  {"ful", ""},   {"ness", ""},
};

/* Steps 2 and 3 dispatch on the penultimate (2) or last (3) letter in the paper's reference
 * code; with the tables ordered as there, trying the rules whose suffix shares that letter in
 * order gives the same result. */
static void apply_rules(Stem *s, const Rule *rules, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ends(s, rules[i].suffix)) {
            replace_m0(s, rules[i].rep);
            return;
        }
    }
}

static void step2(Stem *s)
{
    if (s->k < 1)
        return;
    apply_rules(s, step2_rules, sizeof step2_rules / sizeof step2_rules[0]);
}

static void step3(Stem *s)
{
    apply_rules(s, step3_rules, sizeof step3_rules / sizeof step3_rules[0]);
}

/* Step 4: drop -ant, -ence, -ment … when m > 1. The first suffix that matches decides, even
 * when m is too small to drop it. */
static void step4(Stem *s)
{
    static const char *const suffixes[] = {
        "al",  "ance", "ence", "er",  "ic",  "able", "ible", "ant", "ement", "ment",
        "ent", "ion",  "ou",   "ism", "ate", "iti",  "ous",  "ive", "ize",
    };
    if (s->k < 1)
        return;
    size_t n = sizeof suffixes / sizeof suffixes[0];
    size_t i = 0;
    for (; i < n; i++) {
        if (ends(s, suffixes[i])) {
            if (strcmp(suffixes[i], "ion") == 0 &&
                !(s->j >= 0 && (s->b[s->j] == 's' || s->b[s->j] == 't')))
                continue; /* -ion only after s or t; no later suffix ends in n */
            break;
        }
    }
    if (i == n)
        return;
    if (measure(s) > 1)
        s->k = s->j;
}

/* Step 5: drop a final -e (m > 1, or m = 1 and not *o) and -ll -> -l when m > 1. */
static void step5(Stem *s)
{
    s->j = s->k;
    if (s->b[s->k] == 'e') {
        int a = measure(s);
        if (a > 1 || (a == 1 && !cvc(s, s->k - 1)))
            s->k--;
    }
    /* As in the reference code, m is still measured up to the old end of the word. */
    if (s->b[s->k] == 'l' && double_cons(s, s->k) && measure(s) > 1)
        s->k--;
}

size_t porter_stem(char *word, size_t len)
{
    if (len <= 2) {
        word[len] = '\0';
        return len;
    }
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z') {
            word[len] = '\0';
            return len;
        }
    Stem s = {word, (int)len - 1, 0};
    step1ab(&s);
    if (s.k > 0) {
        step1c(&s);
        step2(&s);
        step3(&s);
        step4(&s);
        step5(&s);
    }
    word[s.k + 1] = '\0';
    return (size_t)s.k + 1;
}
