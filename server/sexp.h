/* sexp: a scanner over the S-expression text of tree-sitter queries: skips blanks and
 * `;` comments, skips one balanced (...) / [...] group or "string", and reads the node types
 * a pattern can start at, off its text (a hover runs the queries only from the ancestors of
 * the position that have such a type; see analysis.c). Pure C; borrows the text. */
#ifndef PYLORE_SEXP_H
#define PYLORE_SEXP_H

#include <stdbool.h>
#include <stddef.h>

/* The first character at or after t that is not a blank or inside a comment. */
const char *sexp_skip_space(const char *t);
/* The character after the group (or string) starting at t. */
const char *sexp_skip_group(const char *t);

/* Receives one root node type (not NUL-terminated); returns 0, or -1 to stop (out of
 * memory). */
typedef int (*sexp_add_fn)(void *ctx, const char *name, size_t len);
/* Passes to `add` every node type the pattern starting at t can be rooted at (each
 * alternative of a [...] at the top). False when that cannot be told (a wildcard, a
 * top-level sequence of siblings: then any node can be one) or when `add` fails. */
bool sexp_pattern_roots(const char *t, sexp_add_fn add, void *ctx);

#endif
