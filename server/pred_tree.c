#include "pred_tree.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "xalloc.h"

void ptree_path_forget(ptree_path *p) {
  if (p->has_cursor) ts_tree_cursor_delete(&p->cursor);
  p->has_cursor = false;
  p->target = NULL;
  p->tree = NULL;
  p->depth = 0;
}

void ptree_path_clear(ptree_path *p) {
  ptree_path_forget(p);
  free(p->nodes);
  free(p->fields);
  memset(p, 0, sizeof *p);
}

/* Room for one more node and the target's field after it (fields[depth] is written even
 * when the path is empty: the target is the root). */
static void S_reserve(ptree_path *p) {
  if (p->depth + 2 > p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 64;
    p->nodes = xreallocarray(p->nodes, cap, sizeof *p->nodes);
    p->fields = xreallocarray(p->fields, cap, sizeof *p->fields);
    p->cap = cap;
  }
}

static void S_push(ptree_path *p, TSNode n, TSFieldId field) {
  S_reserve(p);
  p->nodes[p->depth] = n;
  p->fields[p->depth] = field;
  p->depth++;
}

/* The slow way, for the rare node the descent cannot find (a zero-width node that touches
 * a sibling's end): climb, then reverse. Fields are unknown (0) there. */
static void S_climb(ptree_path *p, TSNode n) {
  p->depth = 0;
  for (TSNode a = ts_node_parent(n); !ts_node_is_null(a); a = ts_node_parent(a)) S_push(p, a, 0);
  for (size_t i = 0; i < p->depth / 2; i++) {
    TSNode t = p->nodes[i];
    p->nodes[i] = p->nodes[p->depth - 1 - i];
    p->nodes[p->depth - 1 - i] = t;
  }
  S_reserve(p);
  p->fields[p->depth] = 0;
}

static bool S_holds(TSNode a, uint32_t s, uint32_t e) {
  uint32_t as = ts_node_start_byte(a), ae = ts_node_end_byte(a);
  return as <= s && e <= ae && as < ae;
}

/* Puts the cursor on the child of the current node from which to scan for [s, e): the
 * child the cursor came from when that one starts at or before s (matches come in
 * document order), else the first child. `from` is the depth of the path to resume at. */
static bool S_resume(ptree_path *p, uint32_t s, uint32_t e, size_t *resume_depth) {
  /* chain: nodes[0..depth-1] then the old target, at index depth */
  size_t k = p->depth;
  TSNode top = ts_tree_cursor_current_node(&p->cursor);
  if (!S_holds(top, s, e)) {
    while (k > 0 && !S_holds(p->nodes[k - 1], s, e)) {
      ts_tree_cursor_goto_parent(&p->cursor);
      k--;
    }
    if (k == 0) return false;
    /* the cursor is on chain[k], which does not hold n; its parent chain[k - 1] does */
    if (ts_node_start_byte(ts_tree_cursor_current_node(&p->cursor)) > s) return false;
    *resume_depth = k; /* scan siblings from the cursor, under nodes[k - 1] */
    p->depth = k;
    return true;
  }
  /* the old target holds n: descend from it */
  *resume_depth = k + 1;
  S_push(p, top, ts_tree_cursor_current_field_id(&p->cursor));
  return ts_tree_cursor_goto_first_child(&p->cursor);
}

void ptree_path_of(ptree_path *p, TSNode n) {
  if (p->target == n.id && p->tree == n.tree && p->has_cursor) return;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  size_t resume = 0;
  bool resumed = false;
  if (p->has_cursor && p->tree == n.tree && p->target) {
    /* n may be an ancestor of the node described: then its path is a prefix */
    for (size_t i = p->depth; i-- > 0;) {
      if (p->nodes[i].id != n.id) continue;
      for (size_t k = p->depth; k > i; k--) ts_tree_cursor_goto_parent(&p->cursor);
      p->depth = i;
      p->target = n.id;
      return;
    }
    resumed = S_resume(p, s, e, &resume);
    if (!resumed) {
      ts_tree_cursor_delete(&p->cursor);
      p->has_cursor = false;
    }
  } else if (p->has_cursor) {
    ts_tree_cursor_delete(&p->cursor);
    p->has_cursor = false;
  }
  if (!resumed) {
    p->depth = 0;
    p->cursor = ts_tree_cursor_new(ts_tree_root_node(n.tree));
    p->has_cursor = true;
  }
  p->target = NULL;
  p->tree = n.tree;
  bool found = false;
  TSFieldId field = resumed ? ts_tree_cursor_current_field_id(&p->cursor) : 0;
  bool scanning = resumed; /* the cursor is on a child to scan from */
  for (;;) {
    if (scanning) {
      bool next = false;
      for (;;) {
        TSNode ch = ts_tree_cursor_current_node(&p->cursor);
        uint32_t cs = ts_node_start_byte(ch), ce = ts_node_end_byte(ch);
        if (ch.id == n.id || (cs <= s && e <= ce && cs < ce)) {
          next = true;
          break;
        }
        if (cs > s || !ts_tree_cursor_goto_next_sibling(&p->cursor)) break;
      }
      if (!next) break;
      field = ts_tree_cursor_current_field_id(&p->cursor);
    }
    TSNode cur = ts_tree_cursor_current_node(&p->cursor);
    if (cur.id == n.id) {
      found = true;
      break;
    }
    S_push(p, cur, field);
    if (!ts_tree_cursor_goto_first_child(&p->cursor)) break;
    scanning = true;
  }
  (void)resume;
  if (found) {
    S_reserve(p);
    p->fields[p->depth] = field;
  } else {
    /* Not found from here: the cursor is lost; the slow climb gives the ancestors. Without
     * a cursor, the next question starts from the root. */
    ts_tree_cursor_delete(&p->cursor);
    p->has_cursor = false;
    S_climb(p, n);
  }
  p->target = n.id;
}

static bool S_name_in(const char *t, const ptree_str *types, uint32_t count) {
  size_t tl = strlen(t);
  for (uint32_t i = 0; i < count; i++) {
    if (types[i].len == tl && memcmp(types[i].str, t, tl) == 0) return true;
  }
  return false;
}

bool ptree_type_in(TSNode n, const ptree_str *types, uint32_t count) {
  return S_name_in(ts_node_type(n), types, count);
}

static bool S_type_is(TSNode n, const char *type) {
  return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static bool S_is_scope(TSNode n) {
  return S_type_is(n, "function_definition") || S_type_is(n, "lambda") ||
         S_type_is(n, "class_definition");
}

bool ptree_has_descendant(TSNode root, const ptree_str *types, uint32_t count) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool found = false;
  bool descend = true;
  while (doc_cursor_next(&c, descend, NULL)) {
    /* Every node of a body passes here: its type is read once (not once per comparison). */
    const char *t = ts_node_type(ts_tree_cursor_current_node(&c));
    if (S_name_in(t, types, count)) {
      found = true;
      break;
    }
    descend = !((t[0] == 'f' && strcmp(t, "function_definition") == 0) ||
                (t[0] == 'l' && strcmp(t, "lambda") == 0) ||
                (t[0] == 'c' && strcmp(t, "class_definition") == 0));
  }
  ts_tree_cursor_delete(&c);
  return found;
}

/* ---- always-reaches ---- */

typedef enum { S_FALLS, S_REACHES, S_ESCAPES } S_flow;

typedef struct {
  const ptree_str *types;
  uint32_t count;
} S_targets;

static S_flow S_statement(TSNode st, const S_targets *t);

/* The statements of a block (or module) from the first that starts at or after `from`. */
static S_flow S_sequence(TSNode block, uint32_t from, const S_targets *t) {
  TSTreeCursor c = ts_tree_cursor_new(block);
  S_flow r = S_FALLS;
  if (ts_tree_cursor_goto_first_child(&c)) {
    do {
      TSNode st = ts_tree_cursor_current_node(&c);
      if (!ts_node_is_named(st) || ts_node_start_byte(st) < from || S_type_is(st, "comment"))
        continue;
      r = S_statement(st, t);
      if (r != S_FALLS) break;
    } while (ts_tree_cursor_goto_next_sibling(&c));
  }
  ts_tree_cursor_delete(&c);
  return r;
}

static S_flow S_block(TSNode block, const S_targets *t) {
  if (ts_node_is_null(block)) return S_FALLS;
  return S_sequence(block, 0, t);
}

static S_flow S_statement(TSNode st, const S_targets *t) {
  if (ptree_type_in(st, t->types, t->count)) return S_REACHES;
  const char *type = ts_node_type(st);
  if (!strcmp(type, "return_statement") || !strcmp(type, "break_statement") ||
      !strcmp(type, "continue_statement") || !strcmp(type, "raise_statement"))
    return S_ESCAPES;
  if (!strcmp(type, "with_statement")) return S_block(ts_node_child_by_field_name(st, "body", 4), t);
  if (!strcmp(type, "if_statement")) {
    /* Every branch must reach; without an else, the condition can skip them all. */
    S_flow r = S_block(ts_node_child_by_field_name(st, "consequence", 11), t);
    if (r == S_ESCAPES) return r;
    bool all = r == S_REACHES, has_else = false;
    uint32_t nc = ts_node_named_child_count(st);
    for (uint32_t i = 0; i < nc; i++) {
      TSNode alt = ts_node_named_child(st, i);
      S_flow b;
      if (S_type_is(alt, "elif_clause")) {
        b = S_block(ts_node_child_by_field_name(alt, "consequence", 11), t);
      } else if (S_type_is(alt, "else_clause")) {
        has_else = true;
        b = S_block(ts_node_child_by_field_name(alt, "body", 4), t);
      } else {
        continue;
      }
      if (b == S_ESCAPES) return b;
      all = all && b == S_REACHES;
    }
    return all && has_else ? S_REACHES : S_FALLS;
  }
  if (!strcmp(type, "try_statement")) {
    /* The finally block runs on every path; otherwise the body (or its else) and every
     * handler must reach. */
    S_flow body = S_block(ts_node_child_by_field_name(st, "body", 4), t);
    S_flow els = S_FALLS, fin = S_FALLS;
    bool handlers_reach = true, escapes = body == S_ESCAPES;
    uint32_t nc = ts_node_named_child_count(st);
    for (uint32_t i = 0; i < nc; i++) {
      TSNode cl = ts_node_named_child(st, i);
      TSNode blk = ts_node_named_child(cl, ts_node_named_child_count(cl) - 1);
      if (S_type_is(cl, "except_clause") || S_type_is(cl, "except_group_clause")) {
        S_flow h = S_block(blk, t);
        escapes = escapes || h == S_ESCAPES;
        handlers_reach = handlers_reach && h == S_REACHES;
      } else if (S_type_is(cl, "else_clause")) {
        els = S_block(ts_node_child_by_field_name(cl, "body", 4), t);
        escapes = escapes || els == S_ESCAPES;
      } else if (S_type_is(cl, "finally_clause")) {
        fin = S_block(blk, t);
      }
    }
    if (fin == S_REACHES) return S_REACHES;
    if (escapes || fin == S_ESCAPES) return S_ESCAPES;
    return (body == S_REACHES || els == S_REACHES) && handlers_reach ? S_REACHES : S_FALLS;
  }
  return S_FALLS;
}

bool ptree_always_reaches(const ptree_path *path, TSNode n, const ptree_str *types,
                          uint32_t count) {
  S_targets t = {types, count};
  if (S_type_is(n, "block") || S_type_is(n, "module")) return S_block(n, &t) == S_REACHES;
  /* The statement holding n: the child of its innermost block (or module). */
  for (size_t i = path->depth; i-- > 0;) {
    TSNode a = path->nodes[i];
    if (!S_type_is(a, "block") && !S_type_is(a, "module")) continue;
    TSNode st = i + 1 < path->depth ? path->nodes[i + 1] : n;
    return S_sequence(a, ts_node_start_byte(st), &t) == S_REACHES;
  }
  return false;
}

static bool S_def_named(TSNode st, const char *src, size_t len, uint32_t a, uint32_t b) {
  if (S_type_is(st, "decorated_definition")) st = ts_node_child_by_field_name(st, "definition", 10);
  if (ts_node_is_null(st) || !S_type_is(st, "function_definition")) return false;
  TSNode name = ts_node_child_by_field_name(st, "name", 4);
  if (ts_node_is_null(name)) return false;
  uint32_t x = ts_node_start_byte(name), y = ts_node_end_byte(name);
  return y <= len && b <= len && y - x == b - a && memcmp(src + x, src + a, b - a) == 0;
}

bool ptree_def_before(const ptree_path *path, TSNode n, const char *src, size_t len) {
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  for (size_t i = path->depth; i-- > 0;) {
    TSNode blk = path->nodes[i];
    if (S_is_scope(blk)) return false;
    if (!S_type_is(blk, "block") && !S_type_is(blk, "module")) continue;
    uint32_t before = ts_node_start_byte(i + 1 < path->depth ? path->nodes[i + 1] : n);
    TSTreeCursor c = ts_tree_cursor_new(blk);
    bool found = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
      do {
        TSNode st = ts_tree_cursor_current_node(&c);
        if (ts_node_start_byte(st) >= before) break;
        if (S_def_named(st, src, len, a, b)) found = true;
      } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (found) return true;
  }
  return false;
}

static bool S_text_is(TSNode n, const char *src, size_t len, const char *s, size_t slen) {
  if (ts_node_is_null(n)) return false;
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  return b <= len && a <= b && b - a == slen && memcmp(src + a, s, slen) == 0;
}

bool ptree_in_loop_over(const ptree_path *path, TSNode n, const char *src, size_t len,
                        const char *seq, size_t seq_len, const ptree_str *funcs, uint32_t count) {
  for (size_t i = path->depth; i-- > 0;) {
    TSNode a = path->nodes[i];
    if (S_is_scope(a)) return false;
    if (!S_type_is(a, "for_statement")) continue;
    TSNode body = ts_node_child_by_field_name(a, "body", 4);
    TSNode on_path = i + 1 < path->depth ? path->nodes[i + 1] : n;
    if (ts_node_is_null(body) || !ts_node_eq(body, on_path)) continue;
    TSNode right = ts_node_child_by_field_name(a, "right", 5);
    if (ts_node_is_null(right)) continue;
    if (S_text_is(right, src, len, seq, seq_len)) return true;
    if (!count || !S_type_is(right, "call")) continue;
    TSNode fn = ts_node_child_by_field_name(right, "function", 8);
    TSNode args = ts_node_child_by_field_name(right, "arguments", 9);
    if (ts_node_is_null(fn) || ts_node_is_null(args) || !S_type_is(fn, "identifier")) continue;
    bool named = false;
    for (uint32_t k = 0; k < count && !named; k++) named = S_text_is(fn, src, len, funcs[k].str, funcs[k].len);
    TSNode first = ts_node_named_child(args, 0);
    if (named && !ts_node_is_null(first) && S_text_is(first, src, len, seq, seq_len)) return true;
  }
  return false;
}

/* ---- index-only names, class attributes, imports ---- */

static bool S_same(TSNode a, TSNode b) { return !ts_node_is_null(a) && !ts_node_is_null(b) && a.id == b.id; }

static bool S_tuple_like(TSNode p) {
  const char *t = ts_node_type(p);
  return !strcmp(t, "pattern_list") || !strcmp(t, "tuple_pattern") || !strcmp(t, "list_pattern") ||
         !strcmp(t, "tuple") || !strcmp(t, "list") || !strcmp(t, "parenthesized_expression") ||
         !strcmp(t, "expression_list") || !strcmp(t, "list_splat_pattern");
}

/* How a node is written to, if it is: a target of =, an augmented assignment, del, or a for
 * clause, directly or inside a tuple/list of targets. T_BINDS: by `=` or `for` (which bind
 * it), T_OTHER: by `+=` or `del`. */
enum { T_NONE, T_OTHER, T_BINDS };

/* The answer for `n` whose parent is `p`, given the answer for `p` (used only when `p` is a
 * tuple or list of targets). */
static int S_target_under(TSNode p, TSNode n, int p_target) {
  if (S_tuple_like(p)) return p_target;
  const char *t = ts_node_type(p);
  if (!strcmp(t, "delete_statement")) return T_OTHER;
  bool binds = !strcmp(t, "assignment") || !strcmp(t, "for_statement") || !strcmp(t, "for_in_clause");
  if (binds || !strcmp(t, "augmented_assignment"))
    return S_same(ts_node_child_by_field_name(p, "left", 4), n) ? (binds ? T_BINDS : T_OTHER)
                                                                : T_NONE;
  return T_NONE;
}

/* The same by climbing: for the top of a walk only (ts_node_parent costs a descent from the
 * root, so a climb over d levels costs d descents). */
static int S_target_climb(TSNode n) {
  TSNode p = ts_node_parent(n);
  while (!ts_node_is_null(p) && S_tuple_like(p)) {
    n = p;
    p = ts_node_parent(p);
  }
  return ts_node_is_null(p) ? T_NONE : S_target_under(p, n, T_NONE);
}

/* A walk of the subtree of `top` (not `top` itself) that knows each node's parent, and
 * whether the node is written to, without climbing: each node's answer follows from its
 * parent's (a climb from every name in a deep list of targets cost O(depth²) each). */
typedef struct {
  TSTreeCursor c;
  TSNode *nodes; /* nodes[d]: the node at depth d of the walk, nodes[0] = top */
  signed char *target;
  size_t cap;
  int depth;
} S_twalk;

static void S_twalk_init(S_twalk *w, TSNode top) {
  memset(w, 0, sizeof *w);
  w->cap = 64;
  w->nodes = xcalloc(w->cap, sizeof *w->nodes);
  w->target = xcalloc(w->cap, sizeof *w->target);
  w->c = ts_tree_cursor_new(top);
  w->nodes[0] = top;
  w->target[0] = (signed char)(S_tuple_like(top) ? S_target_climb(top) : T_NONE);
}

static void S_twalk_free(S_twalk *w) {
  ts_tree_cursor_delete(&w->c);
  free(w->nodes);
  free(w->target);
}

/* To the next node (pre-order); false at the end. */
static bool S_twalk_next(S_twalk *w) {
  if (!doc_cursor_next(&w->c, true, &w->depth)) return false;
  size_t d = (size_t)w->depth;
  if (d >= w->cap) {
    size_t cap = w->cap * 2;
    w->nodes = xreallocarray(w->nodes, cap, sizeof *w->nodes);
    w->target = xreallocarray(w->target, cap, sizeof *w->target);
    w->cap = cap;
  }
  TSNode n = ts_tree_cursor_current_node(&w->c);
  w->nodes[d] = n;
  w->target[d] = (signed char)S_target_under(w->nodes[d - 1], n, w->target[d - 1]);
  return true;
}

bool ptree_only_indexes(TSNode region, const char *src, size_t len, const char *name,
                        size_t name_len, const char *seq, size_t seq_len) {
  S_twalk w;
  S_twalk_init(&w, region);
  bool ok = true, seen = false;
  while (ok && S_twalk_next(&w)) {
    TSNode n = w.nodes[w.depth];
    if (!S_type_is(n, "identifier") || !S_text_is(n, src, len, name, name_len)) continue;
    TSNode p = w.nodes[w.depth - 1];
    const char *pt = ts_node_type(p);
    if (!strcmp(pt, "attribute") && S_same(ts_node_child_by_field_name(p, "attribute", 9), n)) continue;
    if (!strcmp(pt, "keyword_argument") && S_same(ts_node_child_by_field_name(p, "name", 4), n)) continue;
    ok = !strcmp(pt, "subscript") && S_same(ts_node_child_by_field_name(p, "subscript", 9), n) &&
         ts_node_named_child_count(p) == 2 &&
         S_text_is(ts_node_child_by_field_name(p, "value", 5), src, len, seq, seq_len) &&
         w.target[w.depth - 1] == T_NONE;
    seen = true;
  }
  S_twalk_free(&w);
  return ok && seen;
}

/* Does the value node `v` have one of the types (`f()`: a call of the name f)? */
static bool S_value_is(TSNode v, const char *src, size_t len, const ptree_str *types,
                       uint32_t count) {
  if (ts_node_is_null(v)) return false;
  TSNode fn = S_type_is(v, "call") ? ts_node_child_by_field_name(v, "function", 8) : v;
  for (uint32_t i = 0; i < count; i++) {
    const ptree_str *t = &types[i];
    if (t->len > 2 && !memcmp(t->str + t->len - 2, "()", 2)) {
      if (S_type_is(v, "call") && S_type_is(fn, "identifier") &&
          S_text_is(fn, src, len, t->str, t->len - 2))
        return true;
    } else if (ptree_type_in(v, t, 1)) {
      return true;
    }
  }
  return false;
}

/* Does the class body `body` assign NAME = value of one of the types, at its top level? */
static bool S_class_binds(TSNode body, const char *src, size_t len, const char *name,
                          size_t name_len, const ptree_str *types, uint32_t count) {
  uint32_t nc = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < nc; i++) {
    TSNode st = ts_node_named_child(body, i);
    if (!S_type_is(st, "expression_statement") || ts_node_named_child_count(st) != 1) continue;
    TSNode a = ts_node_named_child(st, 0);
    bool hit = false;
    /* a = b = value: every left side of the chain is bound to the last value */
    while (S_type_is(a, "assignment")) {
      TSNode left = ts_node_child_by_field_name(a, "left", 4);
      hit = hit || (S_type_is(left, "identifier") && S_text_is(left, src, len, name, name_len));
      TSNode right = ts_node_child_by_field_name(a, "right", 5);
      if (!S_type_is(right, "assignment")) {
        if (hit) return S_value_is(right, src, len, types, count);
        break;
      }
      a = right;
    }
  }
  return false;
}

/* Is NAME assigned with `=` as an attribute of a name (`self.NAME = ...`) anywhere in `cls`? */
static bool S_assigns_attribute(TSNode cls, const char *src, size_t len, const char *name,
                                size_t name_len) {
  S_twalk w;
  S_twalk_init(&w, cls);
  bool found = false;
  while (!found && S_twalk_next(&w)) {
    TSNode n = w.nodes[w.depth];
    if (!S_type_is(n, "attribute")) continue;
    TSNode obj = ts_node_child_by_field_name(n, "object", 6);
    TSNode attr = ts_node_child_by_field_name(n, "attribute", 9);
    if (!S_type_is(obj, "identifier") || !S_text_is(attr, src, len, name, name_len)) continue;
    /* `self.NAME += ...` mutates the shared object before it binds; only `=` (or a for
     * target) makes the instance its own attribute. */
    found = w.target[w.depth] == T_BINDS;
  }
  S_twalk_free(&w);
  return found;
}

bool ptree_class_attribute(const ptree_path *path, TSNode n, const char *src, size_t len,
                           const ptree_str *types, uint32_t count) {
  /* the nearest def, and the class right above it */
  size_t i = path->depth;
  while (i-- > 0) {
    TSNode a = path->nodes[i];
    if (S_type_is(a, "function_definition")) break;
    if (S_type_is(a, "lambda") || S_type_is(a, "class_definition")) return false;
  }
  if (i == (size_t)-1 || i < 2) return false;
  size_t k = i - 1;
  if (S_type_is(path->nodes[k], "decorated_definition")) {
    if (k < 2) return false;
    k--;
  }
  if (!S_type_is(path->nodes[k], "block") || !S_type_is(path->nodes[k - 1], "class_definition"))
    return false;
  TSNode cls = path->nodes[k - 1], body = path->nodes[k];
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (b > len || a > b) return false;
  const char *name = src + a;
  size_t name_len = b - a;
  return S_class_binds(body, src, len, name, name_len, types, count) &&
         !S_assigns_attribute(cls, src, len, name, name_len);
}

/* Is the dotted name `d` one of the modules, or under one? */
static bool S_module_in(TSNode d, const char *src, size_t len, const ptree_str *modules,
                        uint32_t count) {
  if (!S_type_is(d, "dotted_name")) return false;
  uint32_t a = ts_node_start_byte(d), b = ts_node_end_byte(d);
  if (b > len || a > b) return false;
  for (uint32_t i = 0; i < count; i++) {
    size_t ml = modules[i].len;
    if (b - a >= ml && memcmp(src + a, modules[i].str, ml) == 0 && (b - a == ml || src[a + ml] == '.'))
      return true;
  }
  return false;
}

/* Statements that can hold other statements; imports are never inside expressions. */
static bool S_holds_statements(TSNode n) {
  static const char *const types[] = {
      "module", "block", "if_statement", "elif_clause", "else_clause", "try_statement",
      "except_clause", "except_group_clause", "finally_clause", "with_statement",
      "for_statement", "while_statement", "function_definition", "class_definition",
      "decorated_definition", "match_statement", "case_clause"};
  const char *t = ts_node_type(n);
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
    if (!strcmp(t, types[i])) return true;
  }
  return false;
}

bool ptree_file_imports(TSNode n, const char *src, size_t len, const ptree_str *modules,
                        uint32_t count) {
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(n.tree));
  bool found = false, descend = true;
  while (!found && doc_cursor_next(&c, descend, NULL)) {
    TSNode s = ts_tree_cursor_current_node(&c);
    descend = S_holds_statements(s);
    if (S_type_is(s, "import_from_statement")) {
      found = S_module_in(ts_node_child_by_field_name(s, "module_name", 11), src, len, modules, count);
    } else if (S_type_is(s, "import_statement")) {
      uint32_t nc = ts_node_named_child_count(s);
      for (uint32_t i = 0; i < nc && !found; i++) {
        TSNode name = ts_node_named_child(s, i);
        if (S_type_is(name, "aliased_import")) name = ts_node_child_by_field_name(name, "name", 4);
        found = S_module_in(name, src, len, modules, count);
      }
    }
  }
  ts_tree_cursor_delete(&c);
  return found;
}
