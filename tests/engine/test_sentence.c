/* Tests for the sentence splitter: terminators, abbreviations, decimals, initials, quotes,
 * list items and blank lines. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "engine/text/sentence.h"

/* Splits text and joins the sentences with " | " for one readable comparison. */
static void split_join(const char *text, char *buf, size_t size)
{
    Span spans[64];
    size_t n = sentence_split(text, strlen(text), spans, 64);
    cr_assert_leq(n, 64);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        cr_assert_lt(spans[i].start, spans[i].end);
        used += (size_t)snprintf(buf + used, size - used, "%s%.*s", i ? " | " : "",
                                 (int)(spans[i].end - spans[i].start), text + spans[i].start);
    }
}

#define ASSERT_SPLIT(text, expected)                                                               \
    do {                                                                                           \
        char buf_[2048];                                                                           \
        split_join(text, buf_, sizeof buf_);                                                       \
        cr_assert_str_eq(buf_, expected);                                                          \
    } while (0)

Test(sentence, basic_terminators)
{
    ASSERT_SPLIT("The cache grows. It grows linearly! Does it fit? Yes.",
                 "The cache grows. | It grows linearly! | Does it fit? | Yes.");
    ASSERT_SPLIT("  No terminator at the end  ", "No terminator at the end");
    ASSERT_SPLIT("Wait... What?! Really.", "Wait... | What?! | Really.");
}

Test(sentence, lower_case_continuation)
{
    /* A full stop followed by a lower-case word is not a boundary. */
    ASSERT_SPLIT("It costs approx. ten dollars. Then it stops.",
                 "It costs approx. ten dollars. | Then it stops.");
    ASSERT_SPLIT("see the appendix. the next part", "see the appendix. the next part");
}

Test(sentence, abbreviations)
{
    ASSERT_SPLIT("Models (e.g. Llama) use RoPE. They scale.",
                 "Models (e.g. Llama) use RoPE. | They scale.");
    ASSERT_SPLIT("Some use GQA, i.e. Grouped attention. Others do not.",
                 "Some use GQA, i.e. Grouped attention. | Others do not.");
    ASSERT_SPLIT("Hoffmann et al. (2022) fit three approaches. See Fig. 3 for the fit.",
                 "Hoffmann et al. (2022) fit three approaches. | See Fig. 3 for the fit.");
    ASSERT_SPLIT("Dr. Smith met Prof. Jones. BM25 vs. Dense retrieval was the topic.",
                 "Dr. Smith met Prof. Jones. | BM25 vs. Dense retrieval was the topic.");
    ASSERT_SPLIT("Compare eq. 4 and cf. Table 2. Done.",
                 "Compare eq. 4 and cf. Table 2. | Done.");
    /* "etc." ends a sentence when a capital follows. */
    ASSERT_SPLIT("Keys, values, etc. The rest is free.", "Keys, values, etc. | The rest is free.");
}

Test(sentence, decimals_and_initials)
{
    ASSERT_SPLIT("The loss fell to 1.69 nats. It was 3.5x lower.",
                 "The loss fell to 1.69 nats. | It was 3.5x lower.");
    ASSERT_SPLIT("J. R. R. Tolkien wrote it. The U.S. Army read it.",
                 "J. R. R. Tolkien wrote it. | The U.S. Army read it.");
    ASSERT_SPLIT("Version 2. Then version 3.", "Version 2. | Then version 3.");
}

Test(sentence, quotes_and_brackets)
{
    ASSERT_SPLIT("He said \"Stop.\" Then he left.", "He said \"Stop.\" | Then he left.");
    ASSERT_SPLIT("It works (mostly.) \"Really?\" she asked.",
                 "It works (mostly.) | \"Really?\" she asked.");
    ASSERT_SPLIT("She wrote “Done.” “Next?”", "She wrote “Done.” | “Next?”");
}

Test(sentence, blank_lines_and_lists)
{
    ASSERT_SPLIT("A heading without stop\n\nThe body starts here. It continues\nover a line.",
                 "A heading without stop | The body starts here. | It continues\nover a line.");
    ASSERT_SPLIT("Steps:\n- load the model\n- run it. Check\n1. First item\n2) Second item\n",
                 "Steps: | load the model | run it. | Check | First item | Second item");
    ASSERT_SPLIT("\n\n   \n", "");
}

Test(sentence, offsets_and_capacity)
{
    const char *t = "One. Two. Three.";
    Span spans[2];
    size_t n = sentence_split(t, strlen(t), spans, 2);
    cr_assert_eq(n, 3, "the total is returned even when it exceeds cap");
    cr_assert_eq(spans[0].start, 0);
    cr_assert_eq(spans[0].end, 4);
    cr_assert_eq(spans[1].start, 5);
    cr_assert_eq(spans[1].end, 9);
    cr_assert_eq(sentence_split(t, strlen(t), NULL, 0), 3);
    cr_assert_eq(sentence_split(t, 4, spans, 2), 1, "len bounds the text");
    cr_assert_eq(sentence_split("", 0, spans, 2), 0);
}
