/* an_pitfalls_update (analysis.h): the pitfall matches after an edit, from the matches before
 * it. What decides where the patterns are re-run (the changed statement, its ancestors and
 * their siblings, the roots of the matches whose probed words the edit touched) and how the
 * kept matches are shifted lives here; running the query is analysis_scan.h's. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

#include "analysis_scan.h"
#include "xalloc.h"

/* Occurrences of w[0..n) as a whole word in text[a..b) (the bounds count as word ends). */
static uint32_t S_count_word(const char *text, uint32_t a, uint32_t b, const char *w, uint32_t n) {
  uint32_t count = 0;
  for (uint32_t at = ans_find_word(text, a, b, a, w, n); at != UINT32_MAX;
       at = ans_find_word(text, a, b, at + 1, w, n))
    count++;
  return count;
}

/* A node identity that survives the shift of the text around an edit. */
typedef struct {
  uint32_t start, end;
  TSSymbol symbol;
} S_key;

static int S_cmp_key(const void *a, const void *b) {
  const S_key *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return x->symbol < y->symbol ? -1 : x->symbol > y->symbol;
}

typedef struct {
  S_key *items;
  size_t count, cap;
} S_keys;

static void S_keys_add(S_keys *k, TSNode n) {
  if (k->count == k->cap) {
    size_t cap = k->cap ? k->cap * 2 : 32;
    k->items = xreallocarray(k->items, cap, sizeof *k->items);
    k->cap = cap;
  }
  k->items[k->count++] = (S_key){ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
}

/* Where the re-run happens, and how an old root maps into the new text. */
typedef struct {
  an_span ch;
  uint32_t s_start, s_end; /* the statement re-run whole (or the block, in a gap) */
  bool gap;                /* the change lies between the statements of that block */
  uint32_t stmt_start, stmt_end; /* the smallest statement holding the change */
  TSNode root;             /* of the new tree */
  const S_keys *reran;     /* sorted: the other nodes whose rooted matches were re-run */
} S_region;

/* Maps an old root to the new text; false when it must be dropped (re-run or gone). */
static bool S_keep(const S_region *r, uint32_t *start, uint32_t *end, TSSymbol symbol) {
  uint32_t a = *start, b = *end;
  if (a < r->ch.old_end && b > r->ch.start) return false; /* meets the change */
  if (a == b && a >= r->ch.start && a <= r->ch.old_end) return false;
  /* A node that ends where text was inserted, or starts where it ended, may have grown over
   * it: then it is not the same node any more (its new self is re-run with the statement). */
  bool touches = b == r->ch.start || a == r->ch.old_end;
  if (a >= r->ch.old_end) {
    a = a - r->ch.old_end + r->ch.new_end;
    b = b - r->ch.old_end + r->ch.new_end;
  }
  if (touches && !ans_has_node(r->root, a, b, symbol)) return false;
  bool inside = !r->gap && r->s_start <= a && b <= r->s_end;
  bool around = a <= r->s_start && r->s_end <= b;
  if (inside || around) return false;
  S_key key = {a, b, symbol};
  if (r->reran->count &&
      bsearch(&key, r->reran->items, r->reran->count, sizeof key, S_cmp_key) != NULL)
    return false;
  *start = a;
  *end = b;
  return true;
}

static uint32_t S_shift(const S_region *r, uint32_t x) {
  return x >= r->ch.old_end ? x - r->ch.old_end + r->ch.new_end : x;
}

/* True when the change can have touched what the word w[0..n) means: it occurs in the
 * statement that changed (before any widening), or the change made or unmade an occurrence.
 * That is read around the change only: the change and n + 1 bytes on each side, in the old
 * text and in the new; occurrences further away are the same in both. */
static bool S_word_touched(const S_region *r, const char *src, size_t len, const char *w,
                           uint32_t n) {
  if (S_count_word(src, r->stmt_start, r->stmt_end, w, n) > 0) return true;
  const an_span *ch = &r->ch;
  uint32_t a = ch->start > n + 1 ? ch->start - n - 1 : 0;
  uint32_t old_b = ch->old_end + n + 1 < ch->old_len ? ch->old_end + n + 1 : (uint32_t)ch->old_len;
  uint32_t new_b = ch->new_end + n + 1 < len ? ch->new_end + n + 1 : (uint32_t)len;
  return S_count_word(ch->old_src, a, old_b, w, n) != S_count_word(src, a, new_b, w, n);
}

/* The old matches whose outcome hangs on a probed word the change touched (a name's
 * bindings, a class's attributes): their roots, in the new tree, go to `roots`. False when
 * some root cannot be found again (then only a whole run is right). */
static bool S_probes_touched(const an_findings *old, const S_region *r, const char *src,
                             size_t len, S_keys *roots) {
  for (size_t i = 0; i < old->probe_count; i++) {
    an_probe p = old->probes[i];
    uint32_t rs = p.root_start, re = p.root_end;
    if (!S_keep(r, &rs, &re, p.root_symbol)) continue; /* its match is re-run */
    if (p.frame) {
      /* The change lies in (or at an end of) the function the match looks at. */
      if (p.start_byte > r->ch.old_end || r->ch.start > p.end_byte) continue;
    } else {
      int64_t d = p.root_start >= r->ch.old_end ? (int64_t)r->ch.new_end - r->ch.old_end : 0;
      uint32_t ns = (uint32_t)(p.start_byte + d), ne = (uint32_t)(p.end_byte + d);
      if (ne > len) return false;
      if (!S_word_touched(r, src, len, src + ns, ne - ns)) continue;
    }
    if (roots->count && roots->items[roots->count - 1].start == rs &&
        roots->items[roots->count - 1].end == re && roots->items[roots->count - 1].symbol == p.root_symbol)
      continue;
    if (roots->count == roots->cap) {
      size_t cap = roots->cap ? roots->cap * 2 : 16;
      roots->items = xreallocarray(roots->items, cap, sizeof *roots->items);
      roots->cap = cap;
    }
    roots->items[roots->count++] = (S_key){rs, re, p.root_symbol};
  }
  return true;
}

/* The node of the new tree with that range and type. */
static bool S_find_node(TSNode root, S_key k, TSNode *out) {
  TSNode n = ts_node_descendant_for_byte_range(root, k.start, k.end);
  while (!ts_node_is_null(n) && ts_node_start_byte(n) == k.start && ts_node_end_byte(n) == k.end) {
    if (ts_node_symbol(n) == k.symbol) {
      *out = n;
      return true;
    }
    n = ts_node_parent(n);
  }
  return false;
}

static bool S_meets(TSNode n, uint32_t a, uint32_t b) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (s == e) return s >= a && s <= b;
  return (s < b && e > a) || (a == b && s < a && a < e);
}

/* For patterns that look at the statements around: re-runs the matches rooted at each child
 * of `parent` but `skip`, recording them in `reran`. */
static void S_rerun_children(an_ctx *c, ans_scan *sc, const kb *k, const ans_info *info,
                             TSNode parent, TSNode skip, S_keys *reran, an_findings *out) {
  bool all = info->any & ANS_R_SIBLINGS;
  uint32_t n = ts_node_child_count(parent);
  for (uint32_t i = 0; i < n; i++) {
    TSNode sib = ts_node_child(parent, i);
    /* In a gap, a comment the change met is re-run whatever the patterns' reach. */
    bool met = ts_node_eq(parent, skip) && S_meets(sib, sc->gap_a, sc->gap_b);
    if (!(all && ans_sibling_root(info, sib)) && !met) continue;
    if (ts_node_eq(sib, skip) || !kb_can_start_at(k, KB_PITFALL, ts_node_type(sib))) continue;
    sc->only = &sib;
    uint32_t at = ts_node_start_byte(sib);
    ans_exec(c, sc, sib, at, at + 1, out);
    S_keys_add(reran, sib);
  }
}

/* The whole-tree run an update falls back to; 0 is an_pitfalls_update's "not incremental". */
static int S_whole_run(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                       const unsigned char *enabled, an_findings *out) {
  an_pitfalls(c, k, tree, src, len, enabled, out);
  return 0;
}

int an_pitfalls_update(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                       const unsigned char *enabled, const an_findings *old, an_span ch,
                       an_findings *out) {
  const TSQuery *q = kb_query(k, KB_PITFALL);
  if (!q || !tree) return 0;
  if (old->too_deep || old->truncated || old->unrooted || !ch.old_src ||
      ch.old_len - ch.old_end != len - ch.new_end || ch.start > ch.old_end ||
      ch.start > ch.new_end || ch.new_end > len)
    return S_whole_run(c, k, tree, src, len, enabled, out);
  /* An edit deepens the nesting by at most the brackets it inserts (an opening one) or
   * removes (a closing one): a bound that spares scanning the text while it stays low. */
  uint64_t bound = (uint64_t)old->nesting + (ch.new_end - ch.start) + (ch.old_end - ch.start);
  if (bound > ANS_MAX_NESTING) {
    out->nesting = ans_nesting(src, len);
    if (out->nesting > ANS_MAX_NESTING) {
      out->too_deep = true;
      return 0;
    }
  } else {
    out->nesting = (uint32_t)bound;
  }
  ans_info info = {0};
  ans_info_build(k, KB_PITFALL, q, enabled, &info);
  if (info.any & ANS_R_ANYWHERE) {
    ans_info_clear(&info);
    return S_whole_run(c, k, tree, src, len, enabled, out);
  }
  /* The statement to re-run: the smallest that holds the change (or, in a gap, the block:
   * only the matches rooted at it and above it are re-run). */
  TSNode root = ts_tree_root_node(tree);
  bool gap = false;
  TSNode s = ans_changed_statement(root, ch.start, ch.new_end, &gap);
  uint32_t stmt_start = ts_node_start_byte(s), stmt_end = ts_node_end_byte(s);
  S_keys reran = {0};
  S_region reg = {.ch = ch, .s_start = ts_node_start_byte(s), .s_end = ts_node_end_byte(s),
                  .gap = gap, .stmt_start = stmt_start, .stmt_end = stmt_end, .root = root,
                  .reran = &reran};
  /* The file's imports of some modules: a whole run when the change touched one's name. */
  for (size_t i = 0; i < info.module_count; i++) {
    if (S_word_touched(&reg, src, len, info.modules[i].str, info.modules[i].len)) {
      ans_info_clear(&info);
      return S_whole_run(c, k, tree, src, len, enabled, out);
    }
  }
  /* The matches elsewhere whose outcome hangs on a word the change touched. */
  S_keys touched = {0};
  if (!S_probes_touched(old, &reg, src, len, &touched)) {
    free(touched.items);
    ans_info_clear(&info);
    return S_whole_run(c, k, tree, src, len, enabled, out);
  }
  ans_scan sc = ans_scan_of(c, k, KB_PITFALL, src, len, enabled);
  sc.roots = true;
  sc.info = &info;
  sc.gap_a = ch.start;
  sc.gap_b = ch.new_end;
  if (!gap) {
    /* 1. Every match rooted in the statement. */
    ans_exec(c, &sc, s, 0, UINT32_MAX, out);
  } else {
    /* 1. The matches rooted at the block, and at its statements for the patterns that look
     *    at the statements around. */
    if (kb_can_start_at(k, KB_PITFALL, ts_node_type(s))) {
      sc.only = &s;
      uint32_t at = ts_node_start_byte(s);
      ans_exec(c, &sc, s, at, at + 1, out);
    }
    S_rerun_children(c, &sc, k, &info, s, s, &reran, out);
  }
  /* 2. The matches rooted at its ancestors, and (for patterns that look at the statements
   *    around) at the ancestors' siblings. */
  TSNode chain = s;
  while (!out->truncated && !ts_node_eq(chain, root)) {
    TSNode parent = ts_node_parent(chain);
    if (ts_node_is_null(parent)) break;
    S_rerun_children(c, &sc, k, &info, parent, chain, &reran, out);
    if (kb_can_start_at(k, KB_PITFALL, ts_node_type(parent))) {
      sc.only = &parent;
      uint32_t at = ts_node_start_byte(parent);
      ans_exec(c, &sc, parent, at, at + 1, out);
    }
    chain = parent;
  }
  /* 3. The matches rooted where a touched word is probed. A root not found again in the new
   *    tree leaves only a whole run right. */
  bool lost = false;
  for (size_t i = 0; !out->truncated && i < touched.count; i++) {
    TSNode at_node;
    if (!S_find_node(root, touched.items[i], &at_node)) {
      lost = true;
      break;
    }
    sc.only = &at_node;
    uint32_t at = ts_node_start_byte(at_node);
    ans_exec(c, &sc, at_node, at, at + 1, out);
    S_keys_add(&reran, at_node);
  }
  free(touched.items);
  pred_cache_reset(c->cache);
  if (lost) {
    free(reran.items);
    ans_info_clear(&info);
    an_findings_clear(out);
    return S_whole_run(c, k, tree, src, len, enabled, out);
  }
  if (reran.count) qsort(reran.items, reran.count, sizeof *reran.items, S_cmp_key);
  /* 4. Every other old match, shifted. A kept root lies wholly before the change or wholly
   * after it, and what lies inside it moves with it: a construct that ends where text was
   * inserted after it stays where it is (S_shift alone would move its end). */
  int64_t delta = (int64_t)ch.new_end - (int64_t)ch.old_end;
  for (size_t i = 0; i < old->count; i++) {
    an_finding f = old->items[i];
    bool after = f.root_start >= ch.old_end;
    if (!S_keep(&reg, &f.root_start, &f.root_end, f.root_symbol)) continue;
    if (after) {
      f.start_byte = (uint32_t)(f.start_byte + delta);
      f.end_byte = (uint32_t)(f.end_byte + delta);
      f.hint_byte = (uint32_t)(f.hint_byte + delta);
    }
    ans_push(out, &f);
  }
  for (size_t i = 0; i < old->probe_count; i++) {
    an_probe p = old->probes[i];
    bool after = p.root_start >= ch.old_end;
    if (!S_keep(&reg, &p.root_start, &p.root_end, p.root_symbol)) continue;
    if (p.frame) {
      /* An untouched frame lies wholly before or after the change; the module's never. */
      p.start_byte = S_shift(&reg, p.start_byte);
      p.end_byte = S_shift(&reg, p.end_byte);
    } else if (after) {
      p.start_byte = (uint32_t)(p.start_byte + delta);
      p.end_byte = (uint32_t)(p.end_byte + delta);
    }
    ans_push_probe(out, &p);
  }
  free(reran.items);
  ans_info_clear(&info);
  ans_sort_unique(out, 0, false);
  ans_sort_probes(out);
  return out->truncated ? 0 : 1;
}
