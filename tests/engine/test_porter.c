/* The Porter stemmer against the examples of the paper (M. F. Porter, "An algorithm for
 * suffix stripping", Program 14(3):130-137, 1980) and of its reference vocabulary. */
#include <criterion/criterion.h>

#include <string.h>

#include "engine/text/porter.h"

typedef struct Pair {
    const char *word;
    const char *stem;
} Pair;

/* Each step's examples from the paper, taken through the whole algorithm (the paper lists
 * the output of one step; these are the final stems, as in Porter's voc.txt/output.txt). */
static const Pair paper[] = {
    /* step 1a */
    {"caresses", "caress"}, {"ponies", "poni"}, {"ties", "ti"}, {"caress", "caress"},
    {"cats", "cat"},
    /* step 1b */
    {"feed", "feed"}, {"agreed", "agre"}, {"plastered", "plaster"}, {"bled", "bled"},
    {"motoring", "motor"}, {"sing", "sing"}, {"conflated", "conflat"}, {"troubled", "troubl"},
    {"sized", "size"}, {"hopping", "hop"}, {"tanned", "tan"}, {"falling", "fall"},
    {"hissing", "hiss"}, {"fizzed", "fizz"}, {"failing", "fail"}, {"filing", "file"},
    /* step 1c */
    {"happy", "happi"}, {"sky", "sky"},
    /* step 2 */
    {"relational", "relat"}, {"conditional", "condit"}, {"rational", "ration"},
    {"valenci", "valenc"}, {"hesitanci", "hesit"}, {"digitizer", "digit"},
    {"conformabli", "conform"}, {"radicalli", "radic"}, {"differentli", "differ"},
    {"vileli", "vile"}, {"analogousli", "analog"}, {"vietnamization", "vietnam"},
    {"predication", "predic"}, {"operator", "oper"}, {"feudalism", "feudal"},
    {"decisiveness", "decis"}, {"hopefulness", "hope"}, {"callousness", "callous"},
    {"formaliti", "formal"}, {"sensitiviti", "sensit"}, {"sensibiliti", "sensibl"},
    /* step 3 */
    {"triplicate", "triplic"}, {"formative", "form"}, {"formalize", "formal"},
    {"electriciti", "electr"}, {"electrical", "electr"}, {"hopeful", "hope"},
    {"goodness", "good"},
    /* step 4 */
    {"revival", "reviv"}, {"allowance", "allow"}, {"inference", "infer"},
    {"airliner", "airlin"}, {"gyroscopic", "gyroscop"}, {"adjustable", "adjust"},
    {"defensible", "defens"}, {"irritant", "irrit"}, {"replacement", "replac"},
    {"adjustment", "adjust"}, {"dependent", "depend"}, {"adoption", "adopt"},
    {"homologou", "homolog"}, {"communism", "commun"}, {"activate", "activ"},
    {"angulariti", "angular"}, {"homologous", "homolog"}, {"effective", "effect"},
    {"bowdlerize", "bowdler"},
    /* step 5 */
    {"probate", "probat"}, {"rate", "rate"}, {"cease", "ceas"}, {"controll", "control"},
    {"roll", "roll"},
    /* the paper's section 3 example of a conflation class */
    {"generalizations", "gener"}, {"oscillators", "oscil"},
};

Test(porter, paper_examples)
{
    for (size_t i = 0; i < sizeof paper / sizeof paper[0]; i++) {
        char buf[64];
        strcpy(buf, paper[i].word);
        size_t n = porter_stem(buf, strlen(buf));
        cr_expect_str_eq(buf, paper[i].stem, "%s -> %s, want %s", paper[i].word, buf,
                         paper[i].stem);
        cr_expect_eq(n, strlen(paper[i].stem));
    }
}

/* The reference implementation's two departures from the paper (tartarus.org/martin). */
Test(porter, reference_departures)
{
    char a[32] = "apology"; /* logi -> log (step 2), then step 4/5 leave "apolog" */
    porter_stem(a, strlen(a));
    cr_assert_str_eq(a, "apolog");
    char b[32] = "ideologies";
    porter_stem(b, strlen(b));
    cr_assert_str_eq(b, "ideolog");
}

Test(porter, leaves_short_and_non_letters)
{
    char a[8] = "is";
    cr_assert_eq(porter_stem(a, 2), 2);
    cr_assert_str_eq(a, "is");
    char b[16] = "covid19s";
    porter_stem(b, strlen(b));
    cr_assert_str_eq(b, "covid19s");
    char c[16] = "caf\xC3\xA9s";
    porter_stem(c, strlen(c));
    cr_assert_str_eq(c, "caf\xC3\xA9s");
    char d[8] = "";
    cr_assert_eq(porter_stem(d, 0), 0);
}
