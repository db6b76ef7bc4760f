/* predicate: evaluation of query predicates (#eq?, #match?, #has-ancestor?, …).
 * tree-sitter parses predicates but leaves their meaning to the client. A pred_set is built
 * once per query: every predicate is checked (name, arity, argument kinds), regular
 * expressions are compiled, and evaluation after a match is then cheap. The list of
 * predicates and their meaning is documented in knowledge/README.md. */
#ifndef PYLORE_PREDICATE_H
#define PYLORE_PREDICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "scope.h"

typedef struct pred_set pred_set;

/* Compiles the predicates of every pattern of `q` (borrowed; must outlive the set), whose
 * language is `lang` (field names are resolved in it). Returns
 * NULL on an unknown predicate or bad arguments, with a message in err naming the predicate
 * and *bad_pattern set to the pattern's index (when not NULL). */
pred_set *pred_set_new(const TSQuery *q, const TSLanguage *lang, char *err, size_t errlen, uint32_t *bad_pattern);
/* NULL is a no-op. */
void pred_set_free(pred_set *s);
/* What predicates learn about a whole tree (its facts, facts.h: built on the first predicate
 * that needs them) and about the node last asked about (its ancestors), kept between
 * evaluations on the same tree. One per thread; it must be reset (or freed) before the tree
 * it describes is freed, since a new tree may reuse the address. */
typedef struct pred_cache pred_cache;
pred_cache *pred_cache_new(void);
void pred_cache_reset(pred_cache *c);
void pred_cache_free(pred_cache *c);
/* Makes #has-free-variables? use `memo` (borrowed, NULL for the cache's own) and returns the
 * memo it used before: a caller that asks scope questions of its own about the same tree
 * shares the analysis. */
scope_memo *pred_cache_use_scope(pred_cache *c, scope_memo *memo);

/* True when every predicate of the match's pattern holds. `src` is the text the tree was
 * parsed from; `cache` may be NULL (then nothing is remembered). Thread-safe for distinct
 * caches (the set is read-only). */
bool pred_set_eval(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len,
                   pred_cache *cache);
/* The same, leaving out the predicates whose answer hangs on more than the match's own
 * statement: a word's meaning elsewhere in the file (#bound-in-file?, #bound-in-scope?,
 * #imported-from?, #class-attribute?) or the code of the function around it
 * (#always-reaches?, #in-loop-over?, #in-loop-that-binds?, #captures-loop-variable?,
 * #only-indexes?). A match that fails this fails whatever the rest of the file says. */
bool pred_set_eval_local(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len);
/* True when the pattern has no predicates (lets callers skip work). */
bool pred_set_trivial(const pred_set *s, uint32_t pattern_index);

#endif
