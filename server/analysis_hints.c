/* an_hints_change (analysis.h): what an edit changed among a tree's inline hints, so that a
 * cache of hints keeps the others. A hint pattern's predicates look at the match's nodes, their
 * ancestors and descendants (reach LOCAL), or at the code of the functions around it (FRAME:
 * #has-free-variables?). So an edit can change the matches rooted in the statement that holds
 * it (found again when next asked for), those rooted at its ancestors (re-run here, each from
 * its first byte: that starts only the patterns rooted there), and, for #has-free-variables?,
 * those rooted at the other defs of the innermost function around it, which alone see the
 * bindings it changed: when there are such defs, that whole function is found again when
 * asked for (re-running every def of a long test method full of local classes after each
 * keystroke cost more than looking again at the lines on screen). */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

#include "analysis_scan.h"
#include "xalloc.h"

static bool S_is(TSNode n, const char *type) { return strcmp(ts_node_type(n), type) == 0; }

static int S_cmp_key(const void *a, const void *b) {
  const an_node_key *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return x->symbol < y->symbol ? -1 : x->symbol > y->symbol;
}

static an_node_key S_key(TSNode n) {
  return (an_node_key){ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
}

/* Re-runs the matches rooted at `n` and records it. */
static void S_rerun(an_ctx *c, ans_scan *sc, TSNode n, size_t *cap, an_hint_change *out) {
  if (!kb_can_start_at(sc->k, sc->kind, ts_node_type(n))) return;
  an_node_key key = S_key(n);
  for (size_t i = 0; i < out->reran_count; i++)
    if (S_cmp_key(&key, &out->reran[i]) == 0) return;
  sc->only = &n;
  ans_exec(c, sc, n, key.start, key.start + 1, &out->rerun);
  if (out->reran_count == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    out->reran = xreallocarray(out->reran, *cap, sizeof *out->reran);
  }
  out->reran[out->reran_count++] = key;
}

/* True when every enabled FRAME pattern is rooted at a def: then the matches an edit of a
 * function can change are rooted at the defs in it, which the word `def` finds. */
static bool S_frame_at_defs(const kb *k, const ans_info *info, const unsigned char *enabled) {
  for (uint32_t p = 0; p < info->count; p++) {
    if (!(info->reach[p] & ANS_R_FRAME)) continue;
    uint32_t note = kb_pattern_note(k, KB_EXPLANATION, p);
    if (note == UINT32_MAX || (enabled && !enabled[note])) continue;
    const pat_shape *sh = kb_pattern_shape(k, KB_EXPLANATION, p);
    if (!sh || strcmp(sh->root, "function_definition") != 0) return false;
  }
  return true;
}

/* True when `fn` holds a def that is neither fn, nor around the statement s, nor inside it:
 * found by the keyword `def` in fn's text. */
static bool S_holds_other_def(TSNode root, const char *src, TSNode fn, TSNode s) {
  uint32_t fs = ts_node_start_byte(fn), fe = ts_node_end_byte(fn);
  uint32_t ss = ts_node_start_byte(s), se = ts_node_end_byte(s);
  for (uint32_t at = ans_find_word(src, fs, fe, fs, "def", 3); at != UINT32_MAX;
       at = ans_find_word(src, fs, fe, at + 1, "def", 3)) {
    if (at >= ss && at < se) continue;
    TSNode kw = ts_node_descendant_for_byte_range(root, at, at + 3);
    if (ts_node_is_null(kw) || ts_node_is_named(kw) || !S_is(kw, "def")) continue;
    TSNode def = ts_node_parent(kw);
    if (ts_node_is_null(def) || !S_is(def, "function_definition")) continue;
    uint32_t ds = ts_node_start_byte(def), de = ts_node_end_byte(def);
    if (ds <= ss && se <= de) continue; /* fn itself, or a def around s */
    return true;
  }
  return false;
}

void an_hints_change(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                     const unsigned char *enabled, uint32_t start, uint32_t old_end,
                     uint32_t new_end, scope_memo *memo, an_hint_change *out) {
  memset(out, 0, sizeof *out);
  out->start = start;
  out->old_end = old_end;
  out->new_end = new_end;
  const TSQuery *q = kb_query(k, KB_EXPLANATION);
  if (!q || !tree || start > old_end || start > new_end || new_end > len) {
    out->all = true;
    return;
  }
  out->root = ts_tree_root_node(tree);
  ans_info info = {0};
  ans_info_build(k, KB_EXPLANATION, q, enabled, &info);
  if (info.any & ~(unsigned)ANS_R_FRAME) {
    ans_info_clear(&info);
    out->all = true;
    return;
  }
  bool gap = false;
  TSNode s = ans_changed_statement(out->root, start, new_end, &gap);
  /* The ancestors of s, innermost first (in a gap, s itself: the block). */
  TSNode *chain = NULL;
  size_t n = 0, chain_cap = 0;
  for (TSNode a = gap ? s : ts_node_parent(s); !ts_node_is_null(a); a = ts_node_parent(a)) {
    if (n == chain_cap) {
      chain_cap = chain_cap ? chain_cap * 2 : 32;
      chain = xreallocarray(chain, chain_cap, sizeof *chain);
    }
    chain[n++] = a;
    if (n > ANS_MAX_NESTING) break;
  }
  if (n > ANS_MAX_NESTING) {
    free(chain);
    ans_info_clear(&info);
    out->all = true;
    return;
  }
  /* The outermost function around the change (for FRAME patterns in general), and the
   * innermost one that holds it (for #has-free-variables?: a def sees the bindings of the
   * functions around it only, so an edit in a function can change the free variables of the
   * defs in it, and of those around it, which are in the chain). */
  TSNode frame = {0}, inner = {0};
  bool framed = false, has_inner = false;
  if (info.any & ANS_R_FRAME) {
    if (!gap && S_is(s, "function_definition")) {
      frame = s;
      framed = true;
    }
    for (size_t i = 0; i < n; i++)
      if (S_is(chain[i], "function_definition")) {
        frame = chain[i];
        framed = true;
        if (!has_inner) {
          inner = chain[i];
          has_inner = true;
        }
      }
  }
  /* FRAME matches elsewhere in a function the edit changed are found again with it: the
   * whole of the outermost function, for FRAME patterns in general; for #has-free-variables?
   * (all rooted at defs), the innermost function, when it holds other defs (they alone see
   * the bindings the edit changed; the defs around it are in the chain). */
  TSNode widen = {0};
  bool widened = false;
  if (framed && !S_frame_at_defs(k, &info, enabled)) {
    widen = frame;
    widened = true;
  } else if (has_inner && !gap && S_holds_other_def(out->root, src, inner, s)) {
    /* (A change between statements, a blank line or a comment, binds nothing.) */
    widen = inner;
    widened = true;
  }
  if (widened) {
    gap = false;
    s = widen;
    size_t w = 0;
    while (w < n && ts_node_start_byte(chain[w]) >= ts_node_start_byte(widen) &&
           ts_node_end_byte(chain[w]) <= ts_node_end_byte(widen))
      w++;
    memmove(chain, chain + w, (n - w) * sizeof *chain);
    n -= w;
  }
  /* A hint goes at the end of a node: one anchored at the statement's last byte is in it. */
  out->redo_start = gap ? start : ts_node_start_byte(s);
  out->redo_end = (gap ? new_end : ts_node_end_byte(s)) + 1;
  ans_scan sc = ans_scan_of(c, k, KB_EXPLANATION, src, len, enabled);
  sc.roots = true;
  sc.by_hint = true;
  sc.a = 0;
  sc.b = UINT32_MAX;
  size_t cap = 0;
  /* The defs re-run for their free variables are those of the chain: the innermost is
   * walked whole (and of the functions around, the scopes that lead to it); the others hold
   * it and are answered by a walk of their own. */
  for (size_t i = 0; memo && i < n; i++) {
    if (!S_is(chain[i], "function_definition")) continue;
    scope_memo_set_range(memo, ts_node_start_byte(chain[i]), ts_node_end_byte(chain[i]));
    break;
  }
  scope_memo *before = pred_cache_use_scope(c->cache, memo);
  for (size_t i = 0; i < n && !out->rerun.truncated; i++) S_rerun(c, &sc, chain[i], &cap, out);
  free(chain);
  pred_cache_use_scope(c->cache, before);
  pred_cache_reset(c->cache);
  ans_info_clear(&info);
  if (out->rerun.too_deep || out->rerun.truncated || out->rerun.unrooted) out->all = true;
  if (out->reran_count > 1) qsort(out->reran, out->reran_count, sizeof *out->reran, S_cmp_key);
}

void an_hint_change_clear(an_hint_change *h) {
  an_findings_clear(&h->rerun);
  free(h->reran);
  memset(h, 0, sizeof *h);
}

bool an_hint_change_keep(const an_hint_change *h, an_node_key *root, uint32_t *anchor) {
  if (h->all) return false;
  uint32_t a = root->start, b = root->end;
  if (a < h->old_end && b > h->start) return false; /* meets the change */
  /* A node that ends where text was inserted, or starts where it ended, may have grown over
   * it: then it is not the same node any more. */
  bool touches = b == h->start || a == h->old_end;
  /* A kept root lies wholly before the change or wholly after it, and what lies inside it
   * moves with it: an anchor at its end, where text was inserted, stays. */
  int64_t delta = a >= h->old_end ? (int64_t)h->new_end - h->old_end : 0;
  a = (uint32_t)(a + delta);
  b = (uint32_t)(b + delta);
  if (touches && !ans_has_node(h->root, a, b, root->symbol)) return false;
  if (a >= h->redo_start && b <= h->redo_end) return false;
  an_node_key key = {a, b, root->symbol};
  if (h->reran_count &&
      bsearch(&key, h->reran, h->reran_count, sizeof key, S_cmp_key) != NULL)
    return false;
  *root = key;
  *anchor = (uint32_t)(*anchor + delta);
  return true;
}
