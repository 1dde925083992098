/* A handout: a Markdown title and a "why" text (formulas with their numbers) in a fenced
 * block, for panes and commands whose figures are explained by such a text (`e`, --markdown). */
#ifndef RAMPUP_ENGINE_TEXT_HANDOUT_H
#define RAMPUP_ENGINE_TEXT_HANDOUT_H

/* A new string (the caller frees it), or NULL when memory runs out. */
char *handout_from_why(const char *title, const char *why);

#endif
