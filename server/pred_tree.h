/* pred_tree: the structural questions predicates ask of a syntax tree: a node's ancestors
 * (and the field each sits in), what a subtree contains, and whether every path through a
 * run of statements reaches a statement of some type. Knows node types and fields, not
 * Python's scoping (that is facts.h).
 * ts_node_parent walks down from the root on every call, so climbing from a node is
 * quadratic in its depth; an ancestor chain here is found by one descent from the root and
 * kept for the next question about the same node. Pure C, no I/O. */
#ifndef PYLORE_PRED_TREE_H
#define PYLORE_PRED_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

/* The ancestors of one node, root first. Owns its arrays and a cursor left on the node, so
 * that the next node, when it comes later in the document (query matches do), is found by
 * climbing to the common ancestor and stepping forward from there: a whole document's worth
 * of questions then costs about one walk, not one scan of the module's statements each. */
typedef struct {
  const void *target;   /* id of the node described; NULL when empty */
  const TSTree *tree;
  TSNode *nodes;        /* nodes[0] is the root, nodes[depth - 1] the parent */
  TSFieldId *fields;    /* fields[i]: the field nodes[i] sits in (fields[depth]: the node's) */
  size_t depth, cap;
  TSTreeCursor cursor;  /* on the target, with nodes[] its ancestors; valid when has_cursor */
  bool has_cursor;
} ptree_path;

/* Frees the arrays and the cursor (not the struct) and empties it. */
void ptree_path_clear(ptree_path *p);
/* Forgets the node described (keeps the arrays): call before the tree is freed. */
void ptree_path_forget(ptree_path *p);
/* Fills `p` with the ancestors of `n` (no-op when it already describes n). */
void ptree_path_of(ptree_path *p, TSNode n);

/* A list of node types, borrowed from the query. */
typedef struct {
  const char *str;
  uint32_t len;
} ptree_str;

bool ptree_type_in(TSNode n, const ptree_str *types, uint32_t count);

/* Does the subtree of `n` (n excluded) hold a node of one of the types, without looking
 * inside nested def, lambda or class? */
bool ptree_has_descendant(TSNode n, const ptree_str *types, uint32_t count);

/* Does every path of execution from the statement holding `n` (or, when `n` is a block or
 * the module, from its first statement) to the end of that block reach a statement of one
 * of the types? if/elif/else, try and with statements are followed into; a return, break,
 * continue or raise (not of those types) leaves without reaching; loops and nested
 * definitions are stepped over. `path` must describe `n`. */
bool ptree_always_reaches(const ptree_path *path, TSNode n, const ptree_str *types,
                          uint32_t count);

/* Is `n` in the body of a `for` loop (of the same function: def, lambda and class bodies
 * stop the search) whose iterable's text is `seq`, or a call of one of `funcs` whose first
 * argument's text is `seq` (`enumerate(xs)`)? `path` must describe `n`. */
bool ptree_in_loop_over(const ptree_path *path, TSNode n, const char *src, size_t len,
                        const char *seq, size_t seq_len, const ptree_str *funcs, uint32_t count);

/* Is there, in a block holding `n` (up to the innermost enclosing def, lambda or class), a
 * `def` statement before the one holding `n` whose name is spelled like `n`'s text? A cheap
 * necessary condition that spares building a tree's facts for the usual `xs.append(x)`.
 * `path` must describe `n`. */
bool ptree_def_before(const ptree_path *path, TSNode n, const char *src, size_t len);

/* Within `region`, is every reference to the name `name` (an identifier's text) the whole
 * index of a subscription `seq[name]` (seq's text equal to `seq`) that is read, not assigned,
 * augmented or deleted, with at least one such read? An identifier that is an attribute's
 * name (`x.name`) or a keyword argument's name is not a reference. src[0..len) is the text
 * the tree was parsed from. */
bool ptree_only_indexes(TSNode region, const char *src, size_t len, const char *name,
                        size_t name_len, const char *seq, size_t seq_len);

/* Does `n` (an identifier, the attribute name of `obj.NAME`) name a class attribute as an
 * instance sees it: `n` lies in a method (a def, decorated or not, directly in a class body)
 * of a class whose body assigns NAME a value of one of the `types` (a node type, or
 * `f()` for a call of the name `f`), and no assignment `x.NAME = ...` in that class creates
 * an instance attribute that would hide it? `path` must describe `n`. */
bool ptree_class_attribute(const ptree_path *path, TSNode n, const char *src, size_t len,
                           const ptree_str *types, uint32_t count);

/* Does the file holding `n` import one of the modules (or a module under one) anywhere:
 * `import m`, `import m.x as y`, `from m import x`, `from m.x import *`? Relative imports do
 * not count. Walks the statements of the whole tree (not expressions), so it is meant for
 * matches that are already rare. */
bool ptree_file_imports(TSNode n, const char *src, size_t len, const ptree_str *modules,
                        uint32_t count);

#endif
