/* hintlabel: a note's `hint` front-matter value made into the label of one inline hint.
 * The value is one or more alternatives separated by " | "; a match that captures @hint
 * shows the first, @hint.2 the second, and so on. An alternative may hold placeholders that
 * are computed from the syntax tree at the construct:
 *   {captures}      the free variables of the def (scope.h), "x, y"
 *   {applied}       the decorators of a decorated definition applied to its name, "deco(f)"
 *   {decorators}    how many decorators the definition has
 *   {chain}         a chained comparison spelled out, "a < b and b < c"
 *   {parenthesised} a nested conditional expression with the inner ones parenthesised
 * A placeholder that has nothing to say (no free variable) makes the label empty: no hint.
 * Pure C: nodes and text in, a UTF-8 string out. */
#ifndef PYLORE_HINTLABEL_H
#define PYLORE_HINTLABEL_H

#include <stddef.h>
#include <tree_sitter/api.h>

#include "scope.h"

/* The number of alternatives of a hint value (0 for NULL or ""). */
unsigned hintlabel_alternatives(const char *value);
/* 0 when every placeholder of `value` is known; else -1 with the reason in err. */
int hintlabel_check(const char *value, char *err, size_t errlen);
/* True when alternative `alt` (1-based) holds a placeholder (its label depends on the code). */
int hintlabel_is_template(const char *value, unsigned alt);
/* Writes alternative `alt` of `value`, placeholders filled in for the construct `node`, to
 * out (`memo`, which may be NULL, keeps the scope analysis between calls on one tree) (always NUL-terminated when cap > 0; cut at a character boundary with "…" when too
 * long). Returns the label's length in bytes; 0 when there is no label (no such alternative,
 * or a placeholder with nothing to say). */
size_t hintlabel_expand(const char *value, unsigned alt, TSNode node, const char *src,
                        size_t len, scope_memo *memo, char *out, size_t cap);

#endif
