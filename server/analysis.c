#include "analysis.h"

#include <stdlib.h>
#include <string.h>

#include "analysis_scan.h"
#include "xalloc.h"

/* The top-level statement that holds [a, b], or the root when none does. */
static TSNode S_top_statement(TSNode root, uint32_t a, uint32_t b) {
  TSNode top = ts_node_first_child_for_byte(root, a);
  /* tree-sitter 0.20 also returns a child that ends exactly at the byte. */
  while (!ts_node_is_null(top) && ts_node_end_byte(top) <= a) top = ts_node_next_sibling(top);
  if (ts_node_is_null(top) || ts_node_start_byte(top) > a || ts_node_end_byte(top) < b) return root;
  return top;
}

/* How many named-node levels below its pattern's root a @construct of this query can sit;
 * UINT32_MAX when some pattern's shape is not known. */
static uint32_t S_max_construct_depth(const kb *k, kb_kind kind) {
  const TSQuery *q = kb_query(k, kind);
  uint32_t max = 0, n = q ? ts_query_pattern_count(q) : 0;
  for (uint32_t p = 0; p < n; p++) {
    const pat_shape *sh = kb_pattern_shape(k, kind, p);
    if (!sh) return UINT32_MAX;
    for (uint32_t d = 31; d > max; d--)
      if (sh->depths & (1u << d)) max = d;
  }
  return max;
}

/* The findings whose construct contains `byte`, enough of them for the innermost: a construct
 * that contains the byte is captured by a pattern rooted at an ancestor of the byte, so the
 * query runs only from ancestors. It runs from an ancestor limited to that ancestor's first
 * byte: that starts the patterns rooted there (and at the nodes below it that start at the
 * same byte) while the cursor walks little more than the ancestor's children. Running it once
 * over the byte from the top would step over every sibling on the way down (the cursor does
 * not skip them), which in a long dict costs milliseconds.
 *
 * Two things keep deep nesting linear. Ancestors that start at the same byte (the calls of
 * `f()()()…`, the operands of `a and b and …`) form one group: one run from the topmost of
 * them that can start a pattern covers them all (one run per ancestor would walk the chain
 * below each again). And the walk goes from the innermost group outwards and stops once no
 * pattern rooted higher can capture a construct as narrow as the narrowest found: a
 * pattern's construct lies at most `reach` levels below its root. Deeper than
 * ANS_MAX_DEPTH levels, nothing is looked for. */
static void S_point(an_ctx *c, ans_scan *sc, TSNode root, uint32_t byte, an_findings *out) {
  TSNode top = root;
  if (!kb_module_rooted(sc->k, sc->kind)) top = S_top_statement(root, byte, byte);
  TSNode *path = NULL;
  size_t n = 0, cap = 0;
  TSTreeCursor tc = ts_tree_cursor_new(top);
  for (;;) {
    if (n > ANS_MAX_DEPTH) {
      out->too_deep = true;
      break;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      path = xreallocarray(path, cap, sizeof *path);
    }
    path[n++] = ts_tree_cursor_current_node(&tc);
    if (ts_tree_cursor_goto_first_child_for_byte(&tc, byte) < 0) break;
    /* tree-sitter 0.20 also stops at a child that ends exactly at the byte. */
    while (ts_node_end_byte(ts_tree_cursor_current_node(&tc)) <= byte &&
           ts_tree_cursor_goto_next_sibling(&tc)) {
    }
    TSNode child = ts_tree_cursor_current_node(&tc);
    if (ts_node_start_byte(child) > byte || ts_node_end_byte(child) <= byte) break;
  }
  ts_tree_cursor_delete(&tc);
  if (out->too_deep) n = 0;
  uint32_t reach = S_max_construct_depth(sc->k, sc->kind);
  uint32_t best = UINT32_MAX; /* the narrowest construct found */
  size_t from = out->count;
  for (size_t hi = n; hi > 0 && !out->truncated;) {
    /* The group path[lo..hi): the ancestors that start where path[hi - 1] does. */
    size_t lo = hi - 1;
    uint32_t s = ts_node_start_byte(path[lo]);
    while (lo > 0 && ts_node_start_byte(path[lo - 1]) == s) lo--;
    /* The narrowest construct a pattern rooted in the group can capture. */
    if (reach != UINT32_MAX && best != UINT32_MAX) {
      size_t deepest = hi - 1 + reach < n ? hi - 1 + reach : n - 1;
      if (ts_node_end_byte(path[deepest]) - ts_node_start_byte(path[deepest]) > best) break;
    }
    for (size_t i = lo; i < hi; i++) {
      if (!kb_can_start_at(sc->k, sc->kind, ts_node_type(path[i]))) continue;
      ans_exec(c, sc, path[i], s, s + 1, out);
      break;
    }
    for (size_t i = from; i < out->count; i++) {
      uint32_t w = out->items[i].end_byte - out->items[i].start_byte;
      if (w < best) best = w;
    }
    from = out->count;
    hi = lo;
  }
  free(path);
}

static void S_run(an_ctx *c, const kb *k, kb_kind kind, const TSTree *tree, const char *src,
                  size_t len, bool ranged, uint32_t start_byte, uint32_t end_byte,
                  const unsigned char *enabled, an_findings *out) {
  const TSQuery *q = kb_query(k, kind);
  if (!q || !tree) return;
  if (!(ranged && start_byte == end_byte) && an_too_deep(src, len)) {
    out->too_deep = true;
    return;
  }
  ans_scan sc = ans_scan_of(c, k, kind, src, len, enabled);
  sc.ranged = ranged;
  sc.a = start_byte;
  sc.b = end_byte;
  size_t from = out->count;
  TSNode root = ts_tree_root_node(tree);
  if (start_byte == end_byte) {
    S_point(c, &sc, root, start_byte, out);
  } else {
    /* A range (inlay hints). The cursor does not descend into nodes outside the range, but
     * it steps over every sibling at each level; in a long module the top level dominates,
     * so when the range lies inside one top-level statement (and no pattern is rooted at
     * the module), the query starts from that statement. */
    TSNode start = root;
    if (!kb_module_rooted(k, kind)) start = S_top_statement(root, start_byte, end_byte);
    ans_exec(c, &sc, start, start_byte, end_byte, out);
  }
  pred_cache_reset(c->cache);
  ans_sort_unique(out, from, true);
}


/* Brackets nested deeper than ANS_MAX_NESTING around or inside [a, b]: the tree levels above
 * `a` (a node per bracket or more, so never fewer than the brackets open there) and the
 * brackets opened inside [a, b]. Reads only that much of the file, unlike an_too_deep. */
static bool S_too_deep_at(TSNode root, const char *src, size_t len, uint32_t a, uint32_t b) {
  TSTreeCursor tc = ts_tree_cursor_new(root);
  long levels = 0;
  while (levels <= ANS_MAX_NESTING && ts_tree_cursor_goto_first_child_for_byte(&tc, a) >= 0)
    levels++;
  ts_tree_cursor_delete(&tc);
  if (levels > ANS_MAX_NESTING) return true;
  if (b > len) b = (uint32_t)len;
  return a < b && an_too_deep(src + a, b - a);
}

void an_hints(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
              uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
              scope_memo *memo, an_findings *out) {
  const TSQuery *q = kb_query(k, KB_EXPLANATION);
  if (!q || !tree) return;
  if (end_byte < start_byte) {
    uint32_t t = start_byte;
    start_byte = end_byte;
    end_byte = t;
  }
  TSNode root = ts_tree_root_node(tree);
  if (S_too_deep_at(root, src, len, start_byte, end_byte)) {
    out->too_deep = true;
    return;
  }
  ans_scan sc = {.k = k, .kind = KB_EXPLANATION, .q = q, .preds = kb_predicates(k, KB_EXPLANATION),
               .construct = kb_construct_capture(k, KB_EXPLANATION),
               .hint = kb_hint_capture(k, KB_EXPLANATION), .src = src, .len = len,
               .enabled = enabled, .ranged = true, .by_hint = true, .roots = true,
               .a = start_byte, .b = end_byte};
  /* A hint goes at the end of a node the match captured, so the node the pattern is rooted
   * at ends at or after the anchor and starts before it: it meets [a - 1, b + 1), and the
   * cursor, limited to that range, starts every such pattern. It still steps over the
   * siblings of the nodes it descends through (it does not skip them), so unless a pattern
   * starts at the module, the query runs on each top-level statement that meets the range:
   * the thousands of others are never stepped over. */
  uint32_t ra = start_byte ? start_byte - 1 : 0;
  uint32_t rb = end_byte < UINT32_MAX ? end_byte + 1 : end_byte;
  size_t from = out->count;
  scope_memo *before = pred_cache_use_scope(c->cache, memo);
  if (kb_module_rooted(k, KB_EXPLANATION)) {
    ans_exec(c, &sc, root, ra, rb, out);
  } else {
    TSTreeCursor tc = ts_tree_cursor_new(root);
    if (ts_tree_cursor_goto_first_child_for_byte(&tc, ra) >= 0) {
      do {
        TSNode top = ts_tree_cursor_current_node(&tc);
        if (ts_node_start_byte(top) >= rb) break;
        if (ts_node_end_byte(top) > ra) ans_exec(c, &sc, top, ra, rb, out);
      } while (ts_tree_cursor_goto_next_sibling(&tc));
    }
    ts_tree_cursor_delete(&tc);
  }
  pred_cache_use_scope(c->cache, before);
  pred_cache_reset(c->cache);
  ans_sort_unique(out, from, true);
}

void an_pitfalls(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                 const unsigned char *enabled, an_findings *out) {
  const TSQuery *q = kb_query(k, KB_PITFALL);
  if (!q || !tree) return;
  out->nesting = ans_nesting(src, len);
  if (out->nesting > ANS_MAX_NESTING) {
    out->too_deep = true;
    return;
  }
  ans_info info = {0};
  ans_info_build(k, KB_PITFALL, q, enabled, &info);
  ans_scan sc = ans_scan_of(c, k, KB_PITFALL, src, len, enabled);
  sc.roots = true;
  sc.info = &info;
  size_t from = out->count;
  ans_exec(c, &sc, ts_tree_root_node(tree), 0, UINT32_MAX, out);
  pred_cache_reset(c->cache);
  ans_sort_unique(out, from, false);
  ans_sort_probes(out);
  ans_info_clear(&info);
}

void an_explanations(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                     uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
                     an_findings *out) {
  S_run(c, k, KB_EXPLANATION, tree, src, len, true, start_byte, end_byte, enabled, out);
}

void an_hover(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
              uint32_t byte, const unsigned char *enabled, const an_findings *pitfalls,
              an_findings *out) {
  an_findings all = {0};
  if (pitfalls) {
    /* The document's pitfalls are known (diagnostics computed them): no query to run. */
    for (size_t i = 0; i < pitfalls->count; i++) {
      const an_finding *f = &pitfalls->items[i];
      if (f->start_byte > byte) break; /* sorted by start */
      if (byte < f->end_byte && (!enabled || enabled[f->note])) ans_push(&all, f);
    }
  } else {
    S_run(c, k, KB_PITFALL, tree, src, len, true, byte, byte, enabled, &all);
  }
  S_run(c, k, KB_EXPLANATION, tree, src, len, true, byte, byte, enabled, &all);
  if (all.count) {
    size_t best = 0;
    for (size_t i = 1; i < all.count; i++) {
      uint32_t w = all.items[i].end_byte - all.items[i].start_byte;
      if (w < all.items[best].end_byte - all.items[best].start_byte) best = i;
    }
    an_finding inner = all.items[best];
    /* Pitfalls were collected first, so they come first among the ties. */
    for (size_t i = 0; i < all.count; i++) {
      if (all.items[i].start_byte == inner.start_byte && all.items[i].end_byte == inner.end_byte)
        ans_push(out, &all.items[i]);
    }
  }
  out->too_deep |= all.too_deep;
  out->truncated |= all.truncated;
  an_findings_clear(&all);
}
