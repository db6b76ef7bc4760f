/* facts: what Python's scoping rules say about a syntax tree, learnt lazily: a lookup walks
 * only the scopes it needs (fscope.h: one scope's own statements, not the scopes nested in
 * it), each walked once per tree and kept until the facts are freed. For every name: where
 * it is bound and how (parameter, assignment, import and from which module, loop target,
 * with/except/match target, def, class, global, nonlocal), in which scope (module, def,
 * lambda, class, comprehension). A node's enclosing definitions, scopes and loops come from
 * its ancestors (a ptree_path, found once per node), with no walk at all. A name's bindings
 * in the whole file are found from its occurrences in the text (a word search, then the
 * identifiers there classified by their ancestors), once per name and tree.
 * Pure C, no I/O. A facts object borrows the tree and the source text it was built from:
 * both must outlive it. Not thread-safe: lookups fill its caches (one per thread, as the
 * predicate caches that own them). */
#ifndef PYLORE_FACTS_H
#define PYLORE_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "pred_tree.h"

typedef struct facts facts;

/* How a name is bound; a set of them is a bit mask. */
typedef enum {
  FACTS_PARAMETER = 1u << 0,  /* def/lambda parameter */
  FACTS_ASSIGNMENT = 1u << 1, /* =, augmented assignment, annotation, := */
  FACTS_IMPORT = 1u << 2,     /* import / from-import (the bound name) */
  FACTS_LOOP = 1u << 3,       /* target of a for statement or a comprehension's for clause */
  FACTS_WITH = 1u << 4,       /* with ... as NAME */
  FACTS_EXCEPT = 1u << 5,     /* except ... as NAME */
  FACTS_DEF = 1u << 6,        /* def NAME / async def NAME */
  FACTS_CLASS = 1u << 7,      /* class NAME */
  FACTS_GLOBAL = 1u << 8,     /* global NAME */
  FACTS_NONLOCAL = 1u << 9,   /* nonlocal NAME */
  FACTS_MATCH = 1u << 10,     /* capture pattern of a match statement's case */
  FACTS_ANY = (1u << 11) - 1
} facts_binding_kind;

/* The kind of a node's enclosing definition or frame. */
typedef enum {
  FACTS_MODULE = 1u << 0,
  FACTS_FUNCTION = 1u << 1,       /* def */
  FACTS_ASYNC_FUNCTION = 1u << 2, /* async def */
  FACTS_LAMBDA = 1u << 3,
  FACTS_CLASS_BODY = 1u << 4,
  FACTS_COMPREHENSION = 1u << 5,  /* list/set/dict comprehension, generator expression */
  FACTS_FOR = 1u << 6,            /* the body of a for statement (not its else) */
  FACTS_WHILE = 1u << 7           /* the body of a while statement (not its else) */
} facts_frame_kind;

/* Empty facts of `tree`, parsed from src[0..len) (both borrowed): nothing is walked until a
 * lookup needs it. NULL when tree or src is NULL. */
facts *facts_new(const TSTree *tree, const char *src, size_t len);
/* NULL is a no-op. */
void facts_free(facts *f);
/* The tree the facts describe. */
const TSTree *facts_tree(const facts *f);

/* Parses a binding kind's name ("parameter", "assignment", "import", "loop", "with",
 * "except", "def", "class", "global", "nonlocal", "match") or a frame kind's name
 * ("module", "function" (def or async def), "async_function", "lambda", "class", "loop" (for,
 * while or comprehension), "for", "while", "comprehension"). 0 when unknown. */
unsigned facts_binding_kind_named(const char *name, size_t len);
unsigned facts_frame_kind_named(const char *name, size_t len);

/* Every lookup about a node `n` takes `path`, a ptree_path the lookup points at the node it
 * needs (ptree_path_of: free when it already describes it). */

/* The kind (one facts_frame_kind bit) of the innermost def, lambda or class whose body holds
 * `n` (FACTS_MODULE when none). A def's name, decorators, parameters and defaults are
 * outside it. */
unsigned facts_enclosing(facts *f, ptree_path *path, TSNode n);
/* The union of the kinds of every frame whose body holds `n` (module included). */
unsigned facts_inside(facts *f, ptree_path *path, TSNode n);

/* Bindings of the name `n` (an identifier) in the scope it belongs to (for a name that is
 * itself bound, the scope it binds in: a parameter's is its function), as a mask of
 * facts_binding_kind. 0 when the scope does not bind it. */
unsigned facts_bound_in_scope(facts *f, ptree_path *path, TSNode n);
/* Every way the name (an identifier's text) is bound anywhere in the file. */
unsigned facts_bound_in_file(facts *f, TSNode n);

/* True when the expression `n` (a name, a dotted attribute chain, or a call of one) refers to
 * what an import binds: the name is looked up as Python does (the enclosing function scopes,
 * not class bodies, then the module; global/nonlocal followed), some binding found there is
 * an import, and the imported dotted name plus the attribute chain equals `module` + "." +
 * `name` (when `name` is not NULL) or is `module` or lies under it (when `name` is NULL). */
bool facts_imported_from(facts *f, ptree_path *path, TSNode n, const char *module, size_t module_len,
                         const char *name, size_t name_len);

/* True when the node `n` lies in the body of a loop (for statement or comprehension) of the
 * same function whose target binds a name spelled like `name` (an identifier). */
bool facts_in_loop_that_binds(facts *f, ptree_path *path, TSNode n, TSNode name);

/* True when the function `fn` (a def or lambda node, or an identifier whose latest binding
 * before it in its scope is a def) reads a free variable (one it does not bind itself) that
 * is the target of a loop holding `fn` in the same function: such a closure sees the
 * variable's value at call time, not at creation. */
bool facts_captures_loop_variable(facts *f, ptree_path *path, TSNode fn);

#endif
