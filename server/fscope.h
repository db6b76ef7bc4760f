/* fscope: the bindings and reads of one Python scope, learnt by walking only that scope's
 * subtree. facts.c builds one lazily for each scope a lookup needs (and caches it per tree):
 * the module, a def, a lambda, a class body or a comprehension. A shallow walk stops at the
 * bodies of the defs and classes nested in the root (their names, decorators, parameters and
 * defaults are still walked: they bind or are evaluated in the root's scope); a deep walk
 * (for the free variables of a closure) goes everywhere below the root. Frame 0 is the root;
 * frames of nested defs, lambdas, comprehensions and loops follow in pre-order.
 * Pure C, no I/O. An fscope borrows the tree, the grammar and the text: they must outlive it.
 * Read-only after fscope_new. */
#ifndef PYLORE_FSCOPE_H
#define PYLORE_FSCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "facts.h"

/* Grammar symbols and fields, resolved once per tree by facts.c. */
typedef struct {
  TSSymbol identifier, function_definition, lambda, class_definition, list_comprehension,
      set_comprehension, dictionary_comprehension, generator_expression, for_statement,
      while_statement, for_in_clause, parameters, lambda_parameters, list_splat_pattern,
      dictionary_splat_pattern, typed_parameter, default_parameter, typed_default_parameter,
      pattern_list, tuple_pattern, list_pattern, tuple, list, parenthesized_expression,
      assignment, augmented_assignment, named_expression, as_pattern, as_pattern_target,
      with_item, except_clause, except_group_clause, global_statement, nonlocal_statement,
      import_statement, import_from_statement, future_import_statement, aliased_import,
      dotted_name, relative_import, import_prefix, attribute, keyword_argument, call,
      case_pattern, splat_pattern, keyword_pattern, async_kw;
  TSFieldId f_body, f_left, f_right, f_name, f_alias, f_module_name, f_attribute, f_object,
      f_function;
} fscope_grammar;
void fscope_grammar_init(fscope_grammar *g, const TSLanguage *l);

typedef struct fscope fscope;

/* A binding in a scope around the root (the root def's own name, a := in a root
 * comprehension). */
#define FSCOPE_OUTSIDE (-2)

/* Walks the subtree of `root` (whose frame kind, a facts_frame_kind bit, is `kind`). NULL
 * when src is NULL or root is a null node. */
fscope *fscope_new(const fscope_grammar *g, TSNode root, unsigned kind, bool deep,
                   const char *src, size_t len);
void fscope_free(fscope *f); /* NULL is a no-op */

/* How the root's scope binds name[0..len): a mask of facts_binding_kind, 0 when it does not. */
unsigned fscope_kinds(const fscope *f, const char *name, size_t len);

/* The binding made by the identifier `n` itself: the frame it binds in (0: the root; above 0:
 * a nested def or lambda for a parameter, see fscope_frame_node; FSCOPE_OUTSIDE), or -1 when
 * `n` binds nothing. */
int32_t fscope_binding_scope_at(const fscope *f, TSNode n);
TSNode fscope_frame_node(const fscope *f, int32_t frame);

/* One binding of a name in the root's scope. */
typedef struct {
  unsigned kind;          /* one facts_binding_kind bit */
  uint32_t start;
  TSNode owner;           /* the def for FACTS_DEF; the identifier otherwise */
  const char *qual;       /* imports: the imported dotted name ("os.path", "m.x") */
  uint32_t qual_len;
} fscope_binding;

/* The bindings of name[0..len) in the root's scope, in document order: `*it` starts at -1;
 * returns false after the last. */
bool fscope_next_binding(const fscope *f, const char *name, size_t len, int32_t *it,
                         fscope_binding *out);

/* Deep walks only: does the root (a def or lambda) read name[0..len) without binding it (in
 * itself or in a scope nested in it between the read and the root)? global/nonlocal
 * declarations do not make a name local. */
bool fscope_reads_free(const fscope *f, const char *name, size_t len);

/* What the identifier anc[d] does, given its ancestors anc[0..d) and the field each of
 * anc[1..d] sits in (fld): one facts_binding_kind bit, or 0 for a read or a word that is
 * not a name (an attribute's, a keyword argument's). */
int fscope_classify(const fscope_grammar *g, const TSNode *anc, const TSFieldId *fld, int d);

#endif
