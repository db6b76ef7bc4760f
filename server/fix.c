#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fix_internal.h"
#include "strbuf.h"
#include "syntax.h"
#include "tokcheck.h"
#include "xalloc.h"

/* ---- small helpers ---- */

/* The text of an edit. */
typedef strbuf S_str;

static void S_putn(S_str *b, const char *s, size_t n) { strbuf_put(b, s, n); }

static void S_puts(S_str *b, const char *s) { S_putn(b, s, strlen(s)); }

/* The source text of a node. */
typedef struct {
  const char *src;
  size_t len;
} S_text;

static void S_put_node(S_str *b, const S_text *t, TSNode n) {
  uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
  /* The tree was parsed from this text, so its nodes lie inside it; clamped all the same,
   * never to read past the text. */
  if (z > t->len) z = (uint32_t)t->len;
  if (a > z) a = z;
  S_putn(b, t->src + a, z - a);
}

static bool S_node_is(TSNode n, const char *type) {
  return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static bool S_node_text_is(const S_text *t, TSNode n, const char *s) {
  uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
  return z <= t->len && strlen(s) == z - a && memcmp(t->src + a, s, z - a) == 0;
}

/* Where the line holding byte `at` starts. */
static size_t S_line_start(const S_text *t, size_t at) {
  while (at > 0 && t->src[at - 1] != '\n' && t->src[at - 1] != '\r') at--;
  return at;
}

/* Where the content of the line holding byte `at` ends (before its terminator). */
static size_t S_line_end(const S_text *t, size_t at) {
  while (at < t->len && t->src[at] != '\n' && t->src[at] != '\r') at++;
  return at;
}

/* True when only spaces, tabs and form feeds precede byte `at` on its line; *indent gets the
 * line's start. */
static bool S_starts_line(const S_text *t, size_t at, size_t *line_start) {
  size_t ls = S_line_start(t, at);
  for (size_t i = ls; i < at; i++)
    if (t->src[i] != ' ' && t->src[i] != '\t' && t->src[i] != '\f') return false;
  *line_start = ls;
  return true;
}

/* The leading whitespace of the line holding byte `at`. */
static void S_put_indent_of(S_str *b, const S_text *t, size_t at) {
  size_t ls = S_line_start(t, at), i = ls;
  while (i < t->len && (t->src[i] == ' ' || t->src[i] == '\t')) i++;
  S_putn(b, t->src + ls, i - ls);
}

/* The document's line terminator: the first one it uses, "\n" when it has none. */
static const char *S_newline(const S_text *t) {
  for (size_t i = 0; i < t->len; i++) {
    if (t->src[i] == '\n') return "\n";
    if (t->src[i] == '\r') return i + 1 < t->len && t->src[i + 1] == '\n' ? "\r\n" : "\r";
  }
  return "\n";
}

/* Non-comment named children: comments are "extras" that may sit anywhere in a block. */
static TSNode S_stmt(TSNode block, uint32_t k) {
  uint32_t n = ts_node_named_child_count(block), seen = 0;
  for (uint32_t i = 0; i < n; i++) {
    TSNode c = ts_node_named_child(block, i);
    if (S_node_is(c, "comment")) continue;
    if (seen++ == k) return c;
  }
  TSNode none = {{0}, NULL, NULL};
  return none;
}

static uint32_t S_stmt_count(TSNode block) {
  uint32_t n = ts_node_named_child_count(block), count = 0;
  for (uint32_t i = 0; i < n; i++)
    if (!S_node_is(ts_node_named_child(block, i), "comment")) count++;
  return count;
}

/* True when another statement follows `stmt` on the row where it ends (`a; b`). */
static bool S_shares_end_row(TSNode stmt) {
  TSNode next = ts_node_next_named_sibling(stmt);
  while (!ts_node_is_null(next) && S_node_is(next, "comment")) next = ts_node_next_named_sibling(next);
  return !ts_node_is_null(next) && ts_node_start_point(next).row == ts_node_end_point(stmt).row;
}

/* The one-more-level indentation unit of a body whose header line is indented `outer`. */
static void S_put_unit(S_str *b, const S_text *t, size_t inner_at, size_t outer_at) {
  S_str inner = {0}, outer = {0};
  S_put_indent_of(&inner, t, inner_at);
  S_put_indent_of(&outer, t, outer_at);
  if (inner.len > outer.len &&
      memcmp(inner.s ? inner.s : "", outer.s ? outer.s : "", outer.len) == 0)
    S_putn(b, inner.s + outer.len, inner.len - outer.len);
  else
    S_puts(b, outer.len && memchr(outer.s, '\t', outer.len) ? "\t" : "    ");
  free(inner.s);
  free(outer.s);
}

static bool S_is_docstring(TSNode stmt) {
  if (!S_node_is(stmt, "expression_statement") || ts_node_named_child_count(stmt) != 1)
    return false;
  TSNode e = ts_node_named_child(stmt, 0);
  return S_node_is(e, "string") || S_node_is(e, "concatenated_string");
}

/* ---- one function per fix ---- */

typedef struct {
  const S_text *t;
  TSNode node; /* the finding's @construct */
  const an_finding *f;
  const an_findings *all;
  TSNode root;
  fix_edits *out;
} S_ctx;

static TSNode S_node_of(TSNode root, uint32_t start, uint32_t end) {
  TSNode n = ts_node_descendant_for_byte_range(root, start, end);
  if (ts_node_is_null(n) || ts_node_start_byte(n) != start || ts_node_end_byte(n) != end) {
    TSNode none = {{0}, NULL, NULL};
    return none;
  }
  return n;
}

static bool S_tuple_like(TSNode p) {
  return S_node_is(p, "pattern_list") || S_node_is(p, "tuple_pattern") ||
         S_node_is(p, "list_pattern") || S_node_is(p, "tuple") || S_node_is(p, "list") ||
         S_node_is(p, "parenthesized_expression") || S_node_is(p, "expression_list");
}

/* True when identifier `id`, whose parent is `p`, is bound by its context: an assignment or
 * `for` target (also inside tuple/list patterns), a walrus, an `as` target, an import, a def
 * or class name, a parameter, global/nonlocal. `written` tells whether `p` is a target,
 * asked only when `p` is a tuple or list of targets (see S_written). */
static bool S_binds(TSNode id, TSNode p, bool written) {
  static const char *const direct[] = {
      "named_expression", "as_pattern_target", "aliased_import", "global_statement",
      "nonlocal_statement", "default_parameter", "typed_default_parameter", "typed_parameter",
      "parameters", "lambda_parameters", "list_splat_pattern", "dictionary_splat_pattern",
      "keyword_separator", "import_statement", "import_from_statement", "dotted_name"};
  for (size_t i = 0; i < sizeof direct / sizeof *direct; i++)
    if (S_node_is(p, direct[i])) return true;
  if (S_node_is(p, "function_definition") || S_node_is(p, "class_definition"))
    return ts_node_eq(ts_node_child_by_field_name(p, "name", 4), id);
  return written;
}

/* Whether `n`, whose parent is `p`, is a target of =, +=, `for` or del, directly or inside a
 * tuple/list of targets; `p_written`: the same for `p` (asked only when `p` is a tuple). */
static bool S_written(TSNode p, TSNode n, bool p_written) {
  if (S_tuple_like(p)) return p_written;
  if (S_node_is(p, "assignment") || S_node_is(p, "augmented_assignment") ||
      S_node_is(p, "for_statement") || S_node_is(p, "for_in_clause"))
    return ts_node_eq(ts_node_child_by_field_name(p, "left", 4), n);
  return S_node_is(p, "delete_statement");
}

/* A walk of a subtree (its top included) that knows each node's parent and whether it is
 * written to, from the parent's answer: a ts_node_parent climb from every name would cost
 * O(depth²) each (it descends from the root at every step). */
typedef struct {
  TSTreeCursor c;
  TSNode *nodes; /* nodes[d + 1]: the node at depth d; nodes[0]: the top's parent */
  bool *written;
  size_t cap;
  int depth;
  bool started;
} S_bwalk;

static void S_bwalk_init(S_bwalk *w, TSNode top) {
  memset(w, 0, sizeof *w);
  w->cap = 64;
  w->nodes = xmalloc(w->cap * sizeof *w->nodes);
  w->written = xmalloc(w->cap * sizeof *w->written);
  w->c = ts_tree_cursor_new(top);
  /* the top's own parent and answer: one climb, for the top only */
  TSNode x = top, p = ts_node_parent(top);
  w->nodes[0] = p;
  while (!ts_node_is_null(p) && S_tuple_like(p)) {
    x = p;
    p = ts_node_parent(p);
  }
  w->written[0] = false;
  w->written[1] = !ts_node_is_null(p) && S_written(p, x, false);
  w->nodes[1] = top;
}

static void S_bwalk_free(S_bwalk *w) {
  ts_tree_cursor_delete(&w->c);
  free(w->nodes);
  free(w->written);
}

/* To the next node (pre-order, the top first); false at the end. */
static bool S_bwalk_next(S_bwalk *w) {
  if (!w->started) return w->started = true;
  if (!doc_cursor_next(&w->c, true, &w->depth)) return false;
  size_t d = (size_t)w->depth + 1;
  if (d >= w->cap) {
    w->cap *= 2;
    w->nodes = xreallocarray(w->nodes, w->cap, sizeof *w->nodes);
    w->written = xreallocarray(w->written, w->cap, sizeof *w->written);
  }
  w->nodes[d] = ts_tree_cursor_current_node(&w->c);
  w->written[d] = S_written(w->nodes[d - 1], w->nodes[d], w->written[d - 1]);
  return true;
}

typedef struct {
  const char *s;
  uint32_t n;
} S_name;

static int S_cmp_name(const void *x, const void *y) {
  const S_name *a = x, *b = y;
  int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);
  return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* True when a name read in `value` is bound somewhere in `scope` (the function's parameters
 * and body): moved into the body, the expression would read that binding instead of the one
 * around the `def` (`def reader(lnum=[lnum])`). The names bound in `scope` are gathered in
 * one walk and looked up (a walk of the scope per name read was quadratic). */
static bool S_reads_local(const S_text *t, TSNode value, TSNode scope) {
  S_name *bound = NULL;
  size_t nb = 0, cap = 0;
  S_bwalk w;
  S_bwalk_init(&w, scope);
  while (S_bwalk_next(&w)) {
    TSNode m = w.nodes[w.depth + 1];
    if (!S_node_is(m, "identifier") || !S_binds(m, w.nodes[w.depth], w.written[w.depth + 1]))
      continue;
    if (nb == cap) {
      cap = cap ? cap * 2 : 32;
      bound = xreallocarray(bound, cap, sizeof *bound);
    }
    bound[nb].s = t->src + ts_node_start_byte(m);
    bound[nb++].n = ts_node_end_byte(m) - ts_node_start_byte(m);
  }
  S_bwalk_free(&w);
  if (nb) qsort(bound, nb, sizeof *bound, S_cmp_name);
  bool clash = false;
  if (nb) {
    S_bwalk_init(&w, value);
    while (!clash && S_bwalk_next(&w)) {
      TSNode n = w.nodes[w.depth + 1], p = w.nodes[w.depth];
      if (!S_node_is(n, "identifier") ||
          (S_node_is(p, "attribute") &&
           ts_node_eq(ts_node_child_by_field_name(p, "attribute", 9), n)) ||
          (S_node_is(p, "keyword_argument") &&
           ts_node_eq(ts_node_child_by_field_name(p, "name", 4), n)))
        continue;
      S_name key = {t->src + ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n)};
      clash = bsearch(&key, bound, nb, sizeof *bound, S_cmp_name) != NULL;
    }
    S_bwalk_free(&w);
  }
  free(bound);
  return clash;
}

/* def f(x=[]): → def f(x=None): / if x is None: / x = [] */
static int S_mutable_default(S_ctx *c) {
  TSNode param = ts_node_parent(c->node), params = ts_node_parent(param);
  TSNode func = ts_node_parent(params);
  if (!S_node_is(params, "parameters") || !S_node_is(func, "function_definition")) return 0;
  TSNode body = ts_node_child_by_field_name(func, "body", 4);
  TSNode first = S_stmt(body, 0);
  if (ts_node_is_null(first)) return 0;
  /* Every mutable default of this function, in order: the guards go in together. */
  TSNode values[64];
  size_t nv = 0;
  for (size_t i = 0; c->all && i < c->all->count && nv < 64; i++) {
    const an_finding *o = &c->all->items[i];
    if (o->note != c->f->note) continue;
    TSNode v = S_node_of(c->root, o->start_byte, o->end_byte);
    if (!ts_node_is_null(v) && ts_node_eq(ts_node_parent(ts_node_parent(v)), params))
      values[nv++] = v;
  }
  if (nv == 0) values[nv++] = c->node;
  for (size_t i = 0; i < nv; i++)
    if (S_reads_local(c->t, values[i], params) || S_reads_local(c->t, values[i], body)) return 0;
  const char *nl = S_newline(c->t);
  /* The header's ':' (comments may stand between it and the body). */
  TSNode colon = ts_node_prev_sibling(body);
  while (!ts_node_is_null(colon) && S_node_is(colon, "comment")) colon = ts_node_prev_sibling(colon);
  bool one_line = !S_node_is(colon, ":") ||
                  ts_node_start_point(first).row == ts_node_end_point(colon).row;
  bool has_doc = S_is_docstring(first);
  if (one_line && has_doc) return 0;
  if (has_doc && S_shares_end_row(first)) return 0;
  size_t ls = 0;
  if (!one_line && !S_starts_line(c->t, ts_node_start_byte(first), &ls)) return 0;
  /* The guard lines, each "indent … newline". */
  S_str ind = {0}, g = {0};
  if (one_line) {
    S_put_indent_of(&ind, c->t, ts_node_start_byte(func));
    S_put_unit(&ind, c->t, ts_node_start_byte(func), ts_node_start_byte(func));
  } else {
    S_put_indent_of(&ind, c->t, ts_node_start_byte(first));
  }
  S_str unit = {0};
  S_put_unit(&unit, c->t, one_line ? ts_node_start_byte(func) : ts_node_start_byte(first),
             ts_node_start_byte(func));
  bool bad_name = false;
  for (size_t i = 0; i < nv && !bad_name; i++) {
    TSNode name = ts_node_child_by_field_name(ts_node_parent(values[i]), "name", 4);
    if (!S_node_is(name, "identifier")) {
      bad_name = true;
      break;
    }
    S_putn(&g, ind.s ? ind.s : "", ind.len);
    S_puts(&g, "if ");
    S_put_node(&g, c->t, name);
    S_puts(&g, " is None:");
    S_puts(&g, nl);
    S_putn(&g, ind.s ? ind.s : "", ind.len);
    S_putn(&g, unit.s ? unit.s : "", unit.len);
    S_put_node(&g, c->t, name);
    S_puts(&g, " = ");
    S_put_node(&g, c->t, values[i]);
    S_puts(&g, nl);
  }
  int rc = 0;
  if (!bad_name) {
    S_str e = {0};
    uint32_t at, to;
    if (one_line) {
      /* def f(x=[]): return x  →  the body moves to lines of its own */
      at = ts_node_end_byte(colon);
      to = ts_node_start_byte(first);
      S_puts(&e, nl);
      S_putn(&e, g.s, g.len);
      S_putn(&e, ind.s ? ind.s : "", ind.len);
    } else if (has_doc) {
      at = to = (uint32_t)S_line_end(c->t, ts_node_end_byte(first));
      S_puts(&e, nl);
      /* the guard without its last newline: the header line's own ends it */
      size_t nl_len = strlen(nl);
      S_putn(&e, g.s, g.len >= nl_len ? g.len - nl_len : 0);
    } else {
      at = to = (uint32_t)ls;
      S_putn(&e, g.s, g.len);
    }
    fix__edit(c->out, at, to, fix__take(&e));
    for (size_t i = 0; i < nv; i++)
      fix__edit_str(c->out, ts_node_start_byte(values[i]), ts_node_end_byte(values[i]), "None");
    rc = 1;
  }
  free(g.s);
  free(ind.s);
  free(unit.s);
  return rc;
}

/* f = lambda x, y=1: x + y → def f(x, y=1): / return x + y */
static int S_lambda_assignment(S_ctx *c) {
  TSNode assign = ts_node_parent(c->node), stmt = ts_node_parent(assign);
  TSNode block = ts_node_parent(stmt);
  if (!S_node_is(assign, "assignment") || !S_node_is(stmt, "expression_statement") ||
      ts_node_named_child_count(stmt) != 1 ||
      !(S_node_is(block, "block") || S_node_is(block, "module")))
    return 0;
  TSNode left = ts_node_child_by_field_name(assign, "left", 4);
  if (!S_node_is(left, "identifier") || !ts_node_is_null(ts_node_child_by_field_name(assign, "type", 4)))
    return 0;
  size_t ls = 0;
  if (!S_starts_line(c->t, ts_node_start_byte(stmt), &ls) || S_shares_end_row(stmt)) return 0;
  TSNode params = ts_node_child_by_field_name(c->node, "parameters", 10);
  TSNode body = ts_node_child_by_field_name(c->node, "body", 4);
  if (ts_node_is_null(body)) return 0;
  S_str e = {0};
  S_puts(&e, "def ");
  S_put_node(&e, c->t, left);
  S_puts(&e, "(");
  if (!ts_node_is_null(params)) S_put_node(&e, c->t, params);
  S_puts(&e, "):");
  S_puts(&e, S_newline(c->t));
  S_put_indent_of(&e, c->t, ts_node_start_byte(stmt));
  /* No body to copy the unit from: a tab when the line is indented with tabs. */
  S_str ind = {0};
  S_put_indent_of(&ind, c->t, ts_node_start_byte(stmt));
  S_puts(&e, ind.len && memchr(ind.s, '\t', ind.len) ? "\t" : "    ");
  free(ind.s);
  S_puts(&e, "return ");
  S_put_node(&e, c->t, body);
  fix__edit(c->out, ts_node_start_byte(stmt), ts_node_end_byte(stmt), fix__take(&e));
  return 1;
}

static bool S_is_literal(TSNode n) {
  static const char *const types[] = {"integer", "float", "string", "concatenated_string", "tuple"};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (S_node_is(n, types[i])) return true;
  if (S_node_is(n, "unary_operator")) {
    TSNode a = ts_node_child_by_field_name(n, "argument", 8);
    return S_node_is(a, "integer") || S_node_is(a, "float");
  }
  return false;
}

/* Replaces the operators of a comparison whose neighbouring operand passes `test`; spaces are
 * added where the new operator is a word and the old one touched its operands. */
static int S_swap_operators(S_ctx *c, bool (*test)(TSNode), const char *from1, const char *to1,
                            const char *from2, const char *to2) {
  uint32_t n = ts_node_child_count(c->node);
  int made = 0;
  for (uint32_t i = 0; i < n; i++) {
    TSNode op = ts_node_child(c->node, i);
    if (ts_node_is_named(op)) continue;
    const char *type = ts_node_type(op), *to = NULL;
    if (strcmp(type, from1) == 0) to = to1;
    else if (strcmp(type, from2) == 0) to = to2;
    if (!to) continue;
    if (!test(ts_node_prev_named_sibling(op)) && !test(ts_node_next_named_sibling(op))) continue;
    uint32_t a = ts_node_start_byte(op), z = ts_node_end_byte(op);
    char buf[16];
    snprintf(buf, sizeof buf, "%s%s%s",
             a > 0 && c->t->src[a - 1] != ' ' && c->t->src[a - 1] != '\t' ? " " : "", to,
             z < c->t->len && c->t->src[z] != ' ' && c->t->src[z] != '\t' ? " " : "");
    fix__edit_str(c->out, a, z, buf);
    made = 1;
  }
  return made;
}

static int S_is_literal_fix(S_ctx *c) {
  return S_swap_operators(c, S_is_literal, "is", "==", "is not", "!=");
}

static bool S_is_none(TSNode n) { return S_node_is(n, "none"); }

static int S_none_comparison(S_ctx *c) {
  return S_swap_operators(c, S_is_none, "==", "is", "!=", "is not");
}

/* `type(x)` with one positional argument: that argument, else a null node. */
static TSNode S_type_call_arg(const S_text *t, TSNode n) {
  TSNode none = {{0}, NULL, NULL};
  if (!S_node_is(n, "call")) return none;
  TSNode fn = ts_node_child_by_field_name(n, "function", 8);
  TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
  if (!S_node_is(fn, "identifier") || !S_node_text_is(t, fn, "type") ||
      !S_node_is(args, "argument_list") || ts_node_named_child_count(args) != 1)
    return none;
  TSNode a = ts_node_named_child(args, 0);
  if (S_node_is(a, "keyword_argument") || S_node_is(a, "list_splat") ||
      S_node_is(a, "dictionary_splat") || S_node_is(a, "comment"))
    return none;
  return a;
}

/* type(x) == T → isinstance(x, T); type(x) != T → not isinstance(x, T) */
static int S_type_comparison(S_ctx *c) {
  if (ts_node_named_child_count(c->node) != 2 || ts_node_child_count(c->node) != 3) return 0;
  TSNode l = ts_node_named_child(c->node, 0), r = ts_node_named_child(c->node, 1);
  TSNode op = ts_node_child(c->node, 1);
  TSNode lx = S_type_call_arg(c->t, l), rx = S_type_call_arg(c->t, r);
  if (!ts_node_is_null(lx) && !ts_node_is_null(rx)) return 0; /* type(a) == type(b) */
  TSNode x = ts_node_is_null(lx) ? rx : lx, type = ts_node_is_null(lx) ? l : r;
  if (ts_node_is_null(x)) return 0;
  bool ne = S_node_is(op, "!=");
  if (!ne && !S_node_is(op, "==")) return 0;
  S_str e = {0};
  S_puts(&e, ne ? "not isinstance(" : "isinstance(");
  S_put_node(&e, c->t, x);
  S_puts(&e, ", ");
  S_put_node(&e, c->t, type);
  S_puts(&e, ")");
  fix__edit(c->out, ts_node_start_byte(c->node), ts_node_end_byte(c->node), fix__take(&e));
  return 1;
}

/* except: → except Exception: */
static int S_bare_except(S_ctx *c) {
  if (!S_node_is(c->node, "except")) return 0;
  uint32_t z = ts_node_end_byte(c->node);
  fix__edit_str(c->out, z, z, " Exception");
  return 1;
}

/* print >>f, a, b, → print(a, b, file=f, end=" ") */
static int S_py2_print(S_ctx *c) {
  S_str e = {0};
  S_puts(&e, "print(");
  TSNode file = {{0}, NULL, NULL};
  bool trailing = false;
  size_t args = 0;
  uint32_t n = ts_node_child_count(c->node);
  for (uint32_t i = 1; i < n; i++) {
    TSNode ch = ts_node_child(c->node, i);
    if (S_node_is(ch, "comment")) {
      free(e.s);
      return 0; /* a comment inside the statement would be lost */
    }
    trailing = S_node_is(ch, ",");
    if (S_node_is(ch, "chevron")) {
      file = ts_node_named_child(ch, 0);
    } else if (ts_node_is_named(ch)) {
      if (args++) S_puts(&e, ", ");
      S_put_node(&e, c->t, ch);
    }
  }
  if (!ts_node_is_null(file)) {
    if (args) S_puts(&e, ", ");
    S_puts(&e, "file=");
    S_put_node(&e, c->t, file);
  }
  if (trailing) S_puts(&e, args || !ts_node_is_null(file) ? ", end=\" \"" : "end=\" \"");
  S_puts(&e, ")");
  fix__edit(c->out, ts_node_start_byte(c->node), ts_node_end_byte(c->node), fix__take(&e));
  return 1;
}

/* exec code in g, l → exec(code, g, l) */
static int S_py2_exec(S_ctx *c) {
  S_str e = {0};
  S_puts(&e, "exec(");
  uint32_t n = ts_node_child_count(c->node);
  size_t parts = 0;
  for (uint32_t i = 1; i < n; i++) {
    TSNode ch = ts_node_child(c->node, i);
    if (S_node_is(ch, "comment")) {
      free(e.s);
      return 0;
    }
    if (!ts_node_is_named(ch)) continue;
    if (parts++) S_puts(&e, ", ");
    S_put_node(&e, c->t, ch);
  }
  S_puts(&e, ")");
  if (parts == 0 || parts > 3) {
    free(e.s);
    return 0;
  }
  fix__edit(c->out, ts_node_start_byte(c->node), ts_node_end_byte(c->node), fix__take(&e));
  return 1;
}

static int S_py2_not_equal(S_ctx *c) {
  if (!S_node_is(c->node, "<>")) return 0;
  fix__edit_str(c->out, ts_node_start_byte(c->node), ts_node_end_byte(c->node), "!=");
  return 1;
}

/* Parents under which `k in d` needs no parentheses where a call stood. */
static bool S_low_precedence_ok(TSNode parent) {
  static const char *const ok[] = {
      "expression_statement", "if_statement", "elif_clause", "while_statement",
      "boolean_operator", "not_operator", "parenthesized_expression", "assignment",
      "augmented_assignment", "return_statement", "argument_list", "conditional_expression",
      "keyword_argument", "assert_statement", "list", "tuple", "set", "expression_list", "pair",
      "lambda"};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
    if (S_node_is(parent, ok[i])) return true;
  return false;
}

/* d.has_key(k) → k in d; not d.has_key(k) → k not in d */
static int S_has_key(S_ctx *c) {
  TSNode attr = ts_node_parent(c->node), call = ts_node_parent(attr);
  if (!S_node_is(attr, "attribute") || !S_node_is(call, "call")) return 0;
  TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
  TSNode obj = ts_node_child_by_field_name(attr, "object", 6);
  if (!S_node_is(args, "argument_list") || ts_node_named_child_count(args) != 1) return 0;
  TSNode key = ts_node_named_child(args, 0);
  static const char *const bad_key[] = {"keyword_argument", "list_splat", "dictionary_splat",
                                        "comment"};
  for (size_t i = 0; i < sizeof bad_key / sizeof *bad_key; i++)
    if (S_node_is(key, bad_key[i])) return 0;
  static const char *const wrap_key[] = {"comparison_operator", "not_operator",
                                         "boolean_operator", "conditional_expression", "lambda",
                                         "named_expression"};
  bool paren_key = false;
  for (size_t i = 0; i < sizeof wrap_key / sizeof *wrap_key; i++)
    if (S_node_is(key, wrap_key[i])) paren_key = true;
  TSNode target = call, parent = ts_node_parent(call);
  bool negated = S_node_is(parent, "not_operator");
  if (negated) {
    target = parent;
    parent = ts_node_parent(parent);
  }
  bool wrap = !S_low_precedence_ok(parent);
  S_str e = {0};
  if (wrap) S_puts(&e, "(");
  if (paren_key) S_puts(&e, "(");
  S_put_node(&e, c->t, key);
  if (paren_key) S_puts(&e, ")");
  S_puts(&e, negated ? " not in " : " in ");
  S_put_node(&e, c->t, obj);
  if (wrap) S_puts(&e, ")");
  fix__edit(c->out, ts_node_start_byte(target), ts_node_end_byte(target), fix__take(&e));
  return 1;
}

/* xrange → range, raw_input → input, unicode → str, d.iteritems() → d.items(), … */
static int S_py2_builtin(S_ctx *c) {
  static const char *const renames[][2] = {
      {"xrange", "range"},     {"raw_input", "input"},  {"unicode", "str"},
      {"basestring", "str"},   {"long", "int"},         {"iteritems", "items"},
      {"iterkeys", "keys"},    {"itervalues", "values"}};
  if (S_node_text_is(c->t, c->node, "has_key")) return S_has_key(c);
  for (size_t i = 0; i < sizeof renames / sizeof *renames; i++) {
    if (S_node_text_is(c->t, c->node, renames[i][0])) {
      fix__edit_str(c->out, ts_node_start_byte(c->node), ts_node_end_byte(c->node),
                    renames[i][1]);
      return 1;
    }
  }
  return 0; /* reduce needs an import, execfile a different call: no single certain edit */
}

/* class A(B): __metaclass__ = M → class A(B, metaclass=M): */
static int S_py2_metaclass(S_ctx *c) {
  TSNode assign = ts_node_parent(c->node), stmt = ts_node_parent(assign);
  TSNode block = ts_node_parent(stmt), cls = ts_node_parent(block);
  if (!S_node_is(assign, "assignment") || !S_node_is(stmt, "expression_statement") ||
      !S_node_is(cls, "class_definition") || ts_node_named_child_count(stmt) != 1)
    return 0;
  TSNode value = ts_node_child_by_field_name(assign, "right", 5);
  if (ts_node_is_null(value) || !ts_node_is_null(ts_node_child_by_field_name(assign, "type", 4)) ||
      S_node_is(value, "assignment") || S_node_is(value, "expression_list"))
    return 0;
  TSNode supers = ts_node_child_by_field_name(cls, "superclasses", 12);
  S_str h = {0};
  uint32_t at;
  if (!ts_node_is_null(supers)) {
    uint32_t n = ts_node_child_count(supers);
    TSNode close = ts_node_child(supers, n - 1);
    if (!S_node_is(close, ")") || n < 2) return 0;
    for (uint32_t i = 0; i < ts_node_named_child_count(supers); i++) {
      TSNode a = ts_node_named_child(supers, i);
      if (S_node_is(a, "keyword_argument") &&
          S_node_text_is(c->t, ts_node_child_by_field_name(a, "name", 4), "metaclass"))
        return 0;
    }
    TSNode before = ts_node_child(supers, n - 2);
    if (S_node_is(before, "(")) S_puts(&h, "");
    else if (S_node_is(before, ",")) S_puts(&h, " ");
    else S_puts(&h, ", ");
    S_puts(&h, "metaclass=");
    S_put_node(&h, c->t, value);
    at = ts_node_start_byte(close);
  } else {
    TSNode after = ts_node_child_by_field_name(cls, "type_parameters", 15);
    if (ts_node_is_null(after)) after = ts_node_child_by_field_name(cls, "name", 4);
    S_puts(&h, "(metaclass=");
    S_put_node(&h, c->t, value);
    S_puts(&h, ")");
    at = ts_node_end_byte(after);
  }
  char *header = fix__take(&h);
  /* The assignment goes: its whole line, or `pass` when the body has nothing else. */
  size_t ls;
  uint32_t del_a, del_z;
  const char *repl = "";
  if (S_stmt_count(block) == 1) {
    del_a = ts_node_start_byte(stmt);
    del_z = ts_node_end_byte(stmt);
    repl = "pass";
  } else if (S_starts_line(c->t, ts_node_start_byte(stmt), &ls) && !S_shares_end_row(stmt)) {
    size_t le = S_line_end(c->t, ts_node_end_byte(stmt));
    if (le < c->t->len && c->t->src[le] == '\r') le++;
    if (le < c->t->len && c->t->src[le] == '\n') le++;
    del_a = (uint32_t)ls;
    del_z = (uint32_t)le;
  } else {
    free(header);
    return 0;
  }
  fix__edit(c->out, at, at, header);
  fix__edit_str(c->out, del_a, del_z, repl);
  return 1;
}

/* s.lstrip("https://") → s.removeprefix("https://"); rstrip → removesuffix */
static int S_strip_multichar(S_ctx *c) {
  TSNode args = ts_node_parent(c->node), call = ts_node_parent(args);
  TSNode attr = ts_node_child_by_field_name(call, "function", 8);
  TSNode method = ts_node_child_by_field_name(attr, "attribute", 9);
  if (!S_node_is(call, "call") || !S_node_is(method, "identifier")) return 0;
  const char *to = S_node_text_is(c->t, method, "lstrip")   ? "removeprefix"
                   : S_node_text_is(c->t, method, "rstrip") ? "removesuffix"
                                                            : NULL;
  if (!to) return 0; /* strip() of both ends has no one-call equivalent */
  fix__edit_str(c->out, ts_node_start_byte(method), ts_node_end_byte(method), to);
  return 1;
}

static const struct {
  const char *id;
  int (*fn)(S_ctx *c);
} S_fixers[] = {
    {"mutable-default-argument", S_mutable_default},
    {"lambda-assignment", S_lambda_assignment},
    {"is-literal", S_is_literal_fix},
    {"none-comparison", S_none_comparison},
    {"type-comparison", S_type_comparison},
    {"bare-except", S_bare_except},
    {"py2-print", S_py2_print},
    {"py2-exec", S_py2_exec},
    {"py2-not-equal", S_py2_not_equal},
    {"py2-builtin", S_py2_builtin},
    {"py2-metaclass-attribute", S_py2_metaclass},
    {"strip-multichar", S_strip_multichar},
};

bool fix_implemented(const char *id) {
  if (fix__syntax_implemented(id)) return true;
  for (size_t i = 0; i < sizeof S_fixers / sizeof *S_fixers; i++)
    if (strcmp(S_fixers[i].id, id) == 0) return true;
  return false;
}

int fix_compute(const kb *k, const TSTree *tree, const char *src, size_t len,
                const an_finding *f, const an_findings *all, fix_edits *out) {
  const kb_note *n = kb_note_at(k, f->note);
  if (!n || !tree) return 0;
  S_text t = {src, len};
  S_ctx c = {.t = &t, .f = f, .all = all, .root = ts_tree_root_node(tree), .out = out};
  c.node = S_node_of(c.root, f->start_byte, f->end_byte);
  if (ts_node_is_null(c.node)) return 0;
  for (size_t i = 0; i < sizeof S_fixers / sizeof *S_fixers; i++) {
    if (strcmp(S_fixers[i].id, n->id) != 0) continue;
    size_t before = out->count;
    int rc = S_fixers[i].fn(&c);
    if (rc == 0) {
      /* A fix that gave up half-way leaves nothing behind. */
      for (size_t j = before; j < out->count; j++) free(out->items[j].text);
      out->count = before;
    }
    return rc;
  }
  return 0;
}
