/* udiff: a unified diff (as `diff -u` prints it, 3 lines of context) between two texts, for
 * `pylore check --diff`. Lines are compared with their terminators, so a changed line ending
 * shows. Myers' O(ND) algorithm: fast when the texts differ in few lines, which is the case
 * for fixes. Pure C. */
#ifndef PYLORE_UDIFF_H
#define PYLORE_UDIFF_H

#include <stddef.h>

/* The diff of a → b with "--- name_a" / "+++ name_b" headers; "" when the texts are equal.
 * A malloc'd string the caller frees. */
char *udiff_unified(const char *a, size_t alen, const char *b, size_t blen, const char *name_a,
                    const char *name_b);

#endif
