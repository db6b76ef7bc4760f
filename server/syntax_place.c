/* syntax_place: the checks CPython's compiler makes on a tree that parses, at the keywords
 * tokcheck marked: `return`/`yield` outside a function, `break`/`continue` outside a loop,
 * `await` outside `async def`. One walk down the tree for all of them; after an edit, the
 * previous revision's results are kept where the edit leaves their deciding range alone.
 * See syntax_internal.h. */
#include "syntax_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The placement check of one marked keyword: its error (kind < 0: none) and the range of
 * the outermost node the check looked at, which decides it. An edit away from that range
 * that leaves the tree there the same (tree-sitter's changed ranges) leaves the result the
 * same. */
struct syn_place {
  uint32_t mark;
  uint32_t lo, hi;  /* the deciding range, closed: [lo, hi] */
  uint32_t start, end;
  const char *what; /* static: "return", "await" … or NULL */
  signed char kind; /* a syn_kind, or -1 */
  bool done;        /* computed (marks after a misread statement are not: see te->lax) */
};

void syn__symbols_init(const TSLanguage *lang, syn_symbols *y) {
  static const char *const names[5] = {"return_statement", "yield", "await", "break_statement",
                                       "continue_statement"};
  y->identifier = ts_language_symbol_for_name(lang, "identifier", 10, true);
  y->string = ts_language_symbol_for_name(lang, "string", 6, true);
  for (int i = 0; i < 5; i++)
    y->placement[i] = ts_language_symbol_for_name(lang, names[i], (uint32_t)strlen(names[i]), true);
}

/* ---- placement: one walk down the tree for all the marks ----
 *
 * ts_node_parent descends from the root on every call (tree-sitter 0.20), so climbing from a
 * keyword to its function or loop cost O(depth²), and O(depth³) over a chain of keywords
 * (`await await … x`). Instead a cursor goes down once towards the marks in order, and each
 * node on its path carries the answer of the climb that would start above it, computed from
 * its parent's: every node is entered at most once, whatever the depth or the marks. */

/* What the climb from above a node decides for one kind of keyword: the error (-1: none) and
 * the range of the node that decided it (hi == UINT32_MAX: none did, the module's). */
typedef struct {
  signed char kind;
  uint32_t lo, hi;
} S_ctx;

enum { C_RETURN, C_YIELD, C_AWAIT, C_JUMP, C_COUNT };

/* One node on the cursor's path. */
typedef struct {
  TSNode node;
  S_ctx ctx[C_COUNT]; /* for a keyword at this node (the climb starts at its parent) */
  TSNode body;        /* a for/while statement's body: a break there is in the loop */
  bool is_async;      /* a function_definition's `async` */
} S_pathnode;

typedef struct {
  TSSymbol function, lambda, cls, genexp, for_stmt, while_stmt;
} S_ctx_symbols;

typedef struct {
  TSTreeCursor cur;
  S_pathnode *path;
  size_t depth, cap; /* path[0 .. depth - 1], path[depth - 1] the cursor's node */
  S_ctx_symbols sym;
  TSNode root;
  /* where the cursor is: at the path's last node, whose children are still to be looked at
   * (W_FRESH) or all end before the marks (W_DONE); or at a child of it (W_CHILD) */
  enum { W_FRESH, W_DONE, W_CHILD } state;
  uint32_t last; /* the previous mark: marks go forward, else the walk starts again */
  bool started;
} S_walk;

static void S_walk_init(S_walk *w, TSNode root) {
  memset(w, 0, sizeof *w);
  const TSLanguage *lang = ts_tree_language(root.tree);
  w->sym.function = ts_language_symbol_for_name(lang, "function_definition", 19, true);
  w->sym.lambda = ts_language_symbol_for_name(lang, "lambda", 6, true);
  w->sym.cls = ts_language_symbol_for_name(lang, "class_definition", 16, true);
  w->sym.genexp = ts_language_symbol_for_name(lang, "generator_expression", 20, true);
  w->sym.for_stmt = ts_language_symbol_for_name(lang, "for_statement", 13, true);
  w->sym.while_stmt = ts_language_symbol_for_name(lang, "while_statement", 15, true);
  w->root = root;
  w->cur = ts_tree_cursor_new(root);
}

static void S_walk_free(S_walk *w) {
  ts_tree_cursor_delete(&w->cur);
  free(w->path);
}

static S_ctx S_ctx_at(TSNode p, signed char kind) {
  return (S_ctx){kind, ts_node_start_byte(p), ts_node_end_byte(p)};
}

/* Pushes the cursor's node; its contexts follow from its parent's (the old climb, one step). */
static void S_walk_push(S_walk *w) {
  if (w->depth == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 64;
    w->path = xreallocarray(w->path, cap, sizeof *w->path);
    w->cap = cap;
  }
  S_pathnode *lv = &w->path[w->depth];
  lv->node = ts_tree_cursor_current_node(&w->cur);
  lv->body = (TSNode){0};
  lv->is_async = false;
  TSSymbol s = ts_node_symbol(lv->node);
  if (s == w->sym.for_stmt || s == w->sym.while_stmt)
    lv->body = ts_node_child_by_field_name(lv->node, "body", 4);
  else if (s == w->sym.function)
    lv->is_async = syn__leaf_is(ts_node_child(lv->node, 0), "async"); /* `async def` */
  if (w->depth == 0) {
    /* above the module, nothing: outside any function or loop */
    lv->ctx[C_RETURN] = lv->ctx[C_YIELD] = lv->ctx[C_AWAIT] =
        (S_ctx){K_OUTSIDE_FUNCTION, 0, UINT32_MAX};
    lv->ctx[C_JUMP] = (S_ctx){K_OUTSIDE_LOOP, 0, UINT32_MAX};
    w->depth++;
    return;
  }
  /* CPython's rules: a def holds `return` and `yield` (`await` only if it is `async def`)
   * and ends the search of a `break` for its loop; a class body is outside any function or
   * loop; a generator expression may hold an `await`; a lambda a `yield` but no `await`; a
   * for/while body (not its header or else clause) holds `break` and `continue`. */
  const S_pathnode *up = &w->path[w->depth - 1];
  TSNode p = up->node;
  TSSymbol ps = ts_node_symbol(p);
  for (int c = 0; c < C_COUNT; c++) lv->ctx[c] = up->ctx[c];
  if (ps == w->sym.function) {
    lv->ctx[C_RETURN] = lv->ctx[C_YIELD] = S_ctx_at(p, -1);
    lv->ctx[C_AWAIT] = S_ctx_at(p, up->is_async ? -1 : K_OUTSIDE_ASYNC);
    lv->ctx[C_JUMP] = S_ctx_at(p, K_OUTSIDE_LOOP);
  } else if (ps == w->sym.genexp) {
    /* an `await` in a generator expression makes it an asynchronous generator (3.7+) */
    lv->ctx[C_AWAIT] = S_ctx_at(p, -1);
  } else if (ps == w->sym.lambda) {
    lv->ctx[C_YIELD] = S_ctx_at(p, -1);
    lv->ctx[C_AWAIT] = S_ctx_at(p, K_OUTSIDE_ASYNC);
    /* a `return` or `break` in a lambda is misread code: its answer is the one above, and
     * the lambda is its deciding range only when nothing above decides (as the old climb) */
    static const int soft[2] = {C_RETURN, C_JUMP};
    for (int i = 0; i < 2; i++)
      if (lv->ctx[soft[i]].hi == UINT32_MAX) {
        lv->ctx[soft[i]].lo = ts_node_start_byte(p);
        lv->ctx[soft[i]].hi = ts_node_end_byte(p);
      }
  } else if (ps == w->sym.cls) {
    lv->ctx[C_RETURN] = lv->ctx[C_YIELD] = lv->ctx[C_AWAIT] = S_ctx_at(p, K_OUTSIDE_FUNCTION);
    lv->ctx[C_JUMP] = S_ctx_at(p, K_OUTSIDE_LOOP);
  } else if ((ps == w->sym.for_stmt || ps == w->sym.while_stmt) && !ts_node_is_null(up->body) &&
             ts_node_eq(up->body, lv->node)) {
    lv->ctx[C_JUMP] = S_ctx_at(p, -1);
  }
  w->depth++;
}

/* Moves the path down to the smallest node spanning [mark, mark + 1), the node
 * ts_node_descendant_for_byte_range finds (at each level the first child ending after the
 * mark, if it starts at or before it), from where the previous mark left it: the marks go
 * forward, so each node is entered once and each child looked at once in the whole walk. */
static void S_walk_to(S_walk *w, uint32_t mark) {
  if (!w->started || mark < w->last) {
    ts_tree_cursor_reset(&w->cur, w->root);
    w->depth = 0;
    w->state = W_FRESH;
    w->started = true;
    S_walk_push(w);
  }
  w->last = mark;
  for (;;) {
    if (w->state != W_CHILD) {
      /* the cursor is at the path's last node */
      if (w->depth > 1 && ts_node_end_byte(w->path[w->depth - 1].node) <= mark) {
        w->depth--;
        if (ts_tree_cursor_goto_next_sibling(&w->cur)) {
          w->state = W_CHILD;
        } else {
          ts_tree_cursor_goto_parent(&w->cur);
          w->state = W_DONE;
        }
        continue;
      }
      if (w->state == W_DONE) return;
      if (!ts_tree_cursor_goto_first_child(&w->cur)) {
        w->state = W_DONE;
        return;
      }
      w->state = W_CHILD;
      continue;
    }
    /* the cursor is at a child of the path's last node, those before it end before the mark */
    TSNode c = ts_tree_cursor_current_node(&w->cur);
    if (ts_node_end_byte(c) <= mark) {
      if (!ts_tree_cursor_goto_next_sibling(&w->cur)) {
        ts_tree_cursor_goto_parent(&w->cur);
        w->state = W_DONE;
      }
      continue;
    }
    if (ts_node_start_byte(c) > mark) return;
    w->state = W_FRESH;
    S_walk_push(w);
  }
}

/* The placement check of the keyword tokcheck marked at `mark`: the node there (or its parent
 * or grandparent) if it is a `return`, `yield`, `await`, `break` or `continue` that parses,
 * decided by its path's context. */
static void S_place_compute(S_walk *w, bool has_error, const syn_symbols *sym, uint32_t mark,
                            syn_place *r) {
  r->mark = mark;
  r->kind = -1;
  r->what = NULL;
  r->start = r->end = 0;
  r->done = true;
  r->lo = 0;
  r->hi = UINT32_MAX;
  S_walk_to(w, mark);
  for (size_t up = 0; up < 3 && up < w->depth; up++) {
    const S_pathnode *lv = &w->path[w->depth - 1 - up];
    TSNode n = lv->node;
    r->lo = ts_node_start_byte(n);
    r->hi = ts_node_end_byte(n);
    TSSymbol s = ts_node_symbol(n);
    int c = s == sym->placement[0]   ? C_RETURN
            : s == sym->placement[1] ? C_YIELD
            : s == sym->placement[2] ? C_AWAIT
            : s == sym->placement[3] || s == sym->placement[4] ? C_JUMP
                                                               : -1;
    if (c < 0) continue;
    if (ts_node_start_byte(n) == mark && (!has_error || !ts_node_has_error(n))) {
      r->lo = lv->ctx[c].lo;
      r->hi = lv->ctx[c].hi;
      if (lv->ctx[c].kind >= 0) {
        r->kind = lv->ctx[c].kind;
        r->start = ts_node_start_byte(n);
        r->end = ts_node_end_byte(n);
        r->what = r->kind == K_OUTSIDE_ASYNC ? NULL
                  : c == C_RETURN            ? "return"
                  : c == C_YIELD             ? "yield"
                  : c == C_AWAIT             ? "await"
                  : s == sym->placement[3]   ? "break"
                                             : "continue";
      }
    }
    break;
  }
}


/* Adds the error of a placement check to the list. */
static void S_add_place(const syn_place *r, syn_list *l) {
  if (r->kind < 0) return;
  syn_err *e = syn__add(l, (syn_kind)r->kind, L_COMPILE, r->start, r->end);
  if (e && r->what) snprintf(e->what, sizeof e->what, "%s", r->what);
}

/* The marks the placement checks look at: those before the first statement tree-sitter
 * misreads (see te->lax), after which its blocks are not Python's. */
static size_t S_marks_checked(const tc_errors *te) {
  size_t n = te->mark_count;
  if (te->lax_count)
    for (size_t i = 0; i < te->mark_count; i++)
      if (te->marks[i] >= te->lax[0]) return i;
  return n;
}

/* The placement of the keywords tokcheck marked: one walk down towards them (a walk of the
 * whole tree would cost a fifth of the parse). */
void syn__placements(const TSTree *tree, const tc_errors *te, syn_list *l) {
  TSNode root = ts_tree_root_node(tree);
  bool has_error = ts_node_has_error(root);
  syn_symbols sym;
  syn__symbols_init(ts_tree_language(tree), &sym);
  S_walk w;
  S_walk_init(&w, root);
  size_t n = S_marks_checked(te);
  for (size_t i = 0; i < n; i++) {
    syn_place r;
    S_place_compute(&w, has_error, &sym, te->marks[i], &r);
    S_add_place(&r, l);
  }
  S_walk_free(&w);
}

/* The placement checks, reusing the previous revision's where the edit (and what it changed
 * in the tree) leaves their deciding range alone. */
void syn__places_update(syn_places *s, const syn_span *sp, const TSTree *tree,
                        const tc_errors *te, syn_list *l) {
  TSNode root = ts_tree_root_node(tree);
  bool has_error = ts_node_has_error(root);
  /* symbols looked up once per language (a lookup walks every symbol's name) */
  if (s->lang != ts_tree_language(tree)) {
    s->lang = ts_tree_language(tree);
    syn__symbols_init(s->lang, &s->sym);
  }
  const syn_symbols sym = s->sym;
  syn_place *np = xreallocarray(NULL, te->mark_count ? te->mark_count : 1, sizeof *np);
  bool reuse = sp && s->pl_valid && s->root_error == has_error;
  int64_t delta = sp ? (int64_t)sp->new_end - (int64_t)sp->old_end : 0;
  size_t oi = 0;
  for (size_t i = 0; i < te->mark_count; i++) {
    uint32_t m = te->marks[i];
    syn_place r = {.mark = m, .kind = -1};
    while (reuse && oi < s->npl) {
      const syn_place *o = &s->pl[oi];
      if (o->mark >= sp->start && o->mark < sp->old_end) {
        oi++;
        continue;
      }
      int64_t mm = o->mark < sp->start ? (int64_t)o->mark : (int64_t)o->mark + delta;
      if (mm < (int64_t)m) {
        oi++;
        continue;
      }
      if (mm == (int64_t)m && o->done && (o->hi < sp->start || o->lo > sp->old_end)) {
        r = *o;
        r.mark = m;
        if (o->lo > sp->old_end) {
          r.lo = (uint32_t)(r.lo + delta);
          r.hi = (uint32_t)(r.hi + delta);
          r.start = (uint32_t)(r.start + delta);
          r.end = (uint32_t)(r.end + delta);
        }
      }
      break;
    }
    np[i] = r;
  }
  size_t n = S_marks_checked(te);
  S_walk w;
  S_walk_init(&w, root);
  for (size_t i = 0; i < n; i++) {
    if (!np[i].done) S_place_compute(&w, has_error, &sym, np[i].mark, &np[i]);
    S_add_place(&np[i], l);
  }
  S_walk_free(&w);
  free(s->pl);
  s->pl = np;
  s->npl = te->mark_count;
  s->pl_valid = true;
  s->root_error = has_error;
}
