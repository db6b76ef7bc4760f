/* notecheck: proves notes against their own examples. For each note: every example parses,
 * `python` and `python bad` blocks are matched by the note's query, `python nomatch` and
 * `python good` blocks are not, and zh.md carries the same examples as en.md (compared
 * token by token, comments ignored). Pure C over kb and analysis. */
#ifndef PYLORE_NOTECHECK_H
#define PYLORE_NOTECHECK_H

#include "kb.h"

/* Checks note `index` of a compiled kb; appends one problem per failed example. Returns the
 * number of problems found (0 = the note proves its query). */
int nc_check_note(const kb *k, size_t index, kb_problems *problems);

#endif
