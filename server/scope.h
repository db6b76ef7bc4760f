/* scope: Python's name resolution over a tree-sitter-python tree, the way CPython's symbol
 * table does it, for one question: which names does a function take from the functions
 * around it (its closure's free variables, `f.__code__.co_freevars` less the implicit
 * `__class__`). A name is free in a def when the def (or a scope nested in it) reads, assigns
 * through `nonlocal`, or deletes it without binding it itself, and an enclosing function,
 * lambda or comprehension binds it; class bodies are skipped, `global` stops the search.
 * Pure C: nodes and byte ranges in, byte ranges out; no I/O. The walk is iterative. */
#ifndef PYLORE_SCOPE_H
#define PYLORE_SCOPE_H

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

/* A name, as a byte range of the source text. */
typedef struct {
  uint32_t start, len;
} scope_name;

/* What was learnt about one outermost function (every def in it), so that asking about
 * many defs of one function walks it once. One per thread; it describes one tree and must
 * be reset before that tree is edited or freed (a new tree may reuse the address). */
typedef struct scope_memo scope_memo;
scope_memo *scope_memo_new(void);
void scope_memo_reset(scope_memo *m); /* NULL is a no-op; forgets the range too */
/* Only defs that start in [start, end] (bytes) will be asked about (inlay hints over a range):
 * the memo then walks, of an outermost function, only what they depend on (the scopes that
 * meet the range, and the whole of every def starting in it), not its other nested bodies.
 * A def outside the range is still answered, by a walk of its own. Resets the memo. */
void scope_memo_set_range(scope_memo *m, uint32_t start, uint32_t end);
void scope_memo_free(scope_memo *m);  /* NULL is a no-op */

/* The free variables of `def` (a function_definition, or the name identifier of one), sorted
 * by name, without repeats; up to `max` are written to `out` (which may be NULL when max is
 * 0). Returns how many there are in all (0 for a def that no function encloses). `src`/`len`
 * is the text the tree was parsed from. `memo` may be NULL (then only what this def needs is
 * walked). */
size_t scope_free_variables(TSNode def, const char *src, size_t len, scope_memo *memo,
                          scope_name *out, size_t max);

#endif
