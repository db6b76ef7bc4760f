#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "predicate.h"

#define AN_MATCH_LIMIT 256
/* Brackets nested deeper than this are not Python any more (CPython stops at 200), and
 * tree-sitter's query cursor is quadratic in the depth: such files are not queried. */
#define AN_MAX_NESTING 1000

struct an_ctx {
  TSQueryCursor *cursor;
  pred_cache *cache; /* valid during one run only: the tree may be freed after it */
};

an_ctx *an_ctx_new(void) {
  an_ctx *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->cursor = ts_query_cursor_new();
  /* In-progress matches are kept per open node; in deeply nested code (50,000 brackets) a
   * pattern such as (list (lambda)) keeps one per level and every step revisits them all,
   * which is quadratic. A cap bounds that; ordinary code never comes near it. */
  if (c->cursor) ts_query_cursor_set_match_limit(c->cursor, AN_MATCH_LIMIT);
  c->cache = pred_cache_new();
  if (!c->cursor || !c->cache) {
    if (c->cursor) ts_query_cursor_delete(c->cursor);
    pred_cache_free(c->cache);
    free(c);
    return NULL;
  }
  return c;
}

void an_ctx_free(an_ctx *c) {
  if (!c) return;
  ts_query_cursor_delete(c->cursor);
  pred_cache_free(c->cache);
  free(c);
}

void an_findings_clear(an_findings *f) {
  free(f->items);
  f->items = NULL;
  f->count = f->cap = 0;
  f->too_deep = false;
}

void an_syntax_errors_clear(an_syntax_errors *e) {
  free(e->items);
  e->items = NULL;
  e->count = e->cap = 0;
}

static int S_push(an_findings *f, const an_finding *x) {
  if (f->count == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 16;
    an_finding *grown = realloc(f->items, cap * sizeof *grown);
    if (!grown) return -1;
    f->items = grown;
    f->cap = cap;
  }
  f->items[f->count++] = *x;
  return 0;
}

static int S_cmp_finding(const void *a, const void *b) {
  const an_finding *x = a, *y = b;
  if (x->start_byte != y->start_byte) return x->start_byte < y->start_byte ? -1 : 1;
  if (x->end_byte != y->end_byte) return x->end_byte > y->end_byte ? -1 : 1;
  if (x->note != y->note) return x->note < y->note ? -1 : 1;
  return 0;
}

/* Sorts findings[from..] and drops repeats (several patterns of one note can match the same
 * node). */
static void S_sort_unique(an_findings *f, size_t from) {
  size_t n = f->count - from;
  if (n < 2) return;
  an_finding *a = f->items + from;
  qsort(a, n, sizeof *a, S_cmp_finding);
  size_t w = 1;
  for (size_t r = 1; r < n; r++) {
    if (a[r].note == a[w - 1].note && a[r].start_byte == a[w - 1].start_byte &&
        a[r].end_byte == a[w - 1].end_byte) {
      /* Of a hover pattern and a hint pattern on the same node, keep the hint's. */
      if (a[r].hint_captured && !a[w - 1].hint_captured) a[w - 1] = a[r];
      continue;
    }
    a[w++] = a[r];
  }
  f->count = from + w;
}

/* What one scan looks for: the query of one kind, and the byte range asked for. */
typedef struct {
  const kb *k;
  kb_kind kind;
  const TSQuery *q;
  const pred_set *preds;
  uint32_t construct, hint;
  const char *src;
  size_t len;
  const unsigned char *enabled;
  bool ranged;
  bool by_hint;  /* keep the matches whose hint anchor lies in [a, b] (inlay hints) */
  uint32_t a, b; /* a == b: constructs containing byte a; else constructs meeting [a, b] */
} S_scan;

/* Runs the query from `start` with the cursor limited to [ra, rb) and appends the findings
 * that pass the range filter, the note filter and the predicates. */
static int S_exec(an_ctx *c, const S_scan *sc, TSNode start, uint32_t ra, uint32_t rb,
                  an_findings *out) {
  TSQueryCursor *cur = c->cursor;
  ts_query_cursor_set_byte_range(cur, ra, rb);
  ts_query_cursor_exec(cur, sc->q, start);
  TSQueryMatch m;
  while (ts_query_cursor_next_match(cur, &m)) {
    uint32_t note = kb_pattern_note(sc->k, sc->kind, m.pattern_index);
    if (note == UINT32_MAX || (sc->enabled && !sc->enabled[note])) continue;
    TSNode cn, hn;
    memset(&cn, 0, sizeof cn);
    memset(&hn, 0, sizeof hn);
    bool have_c = false, have_h = false;
    unsigned alt = 0;
    for (uint16_t i = 0; i < m.capture_count; i++) {
      unsigned a = kb_hint_alternative(sc->k, sc->kind, m.captures[i].index);
      if (m.captures[i].index == sc->construct && !have_c) {
        cn = m.captures[i].node;
        have_c = true;
      }
      if (a && !have_h) {
        hn = m.captures[i].node;
        have_h = true;
        alt = a;
      }
    }
    if (!have_c) continue;
    uint32_t s = ts_node_start_byte(cn), e = ts_node_end_byte(cn);
    if (sc->by_hint) {
      /* A note that says where its hint goes (@hint) shows it only there; its other
       * patterns are for hovers. Checked before the predicates, which can cost a walk. */
      if (!have_h && kb_note_at(sc->k, note)->has_hint_capture) continue;
      uint32_t h = ts_node_end_byte(have_h ? hn : cn);
      if (h < sc->a || h > sc->b) continue;
    } else if (sc->ranged) {
      /* The cursor admits every match that touches its range through any node (a whole
       * function for its name): keep only constructs that meet the asked range. */
      if (sc->a == sc->b ? !(s <= sc->a && sc->a < e) : (e < sc->a || s > sc->b)) continue;
    }
    if (sc->preds && !pred_set_trivial(sc->preds, m.pattern_index) &&
        !pred_set_eval(sc->preds, &m, sc->src, sc->len, c->cache))
      continue;
    an_finding f = {.note = note, .start_byte = s, .end_byte = e,
                    .start = ts_node_start_point(cn), .end = ts_node_end_point(cn)};
    TSNode at = have_h ? hn : cn;
    f.hint_byte = ts_node_end_byte(at);
    f.hint_point = ts_node_end_point(at);
    f.hint_captured = have_h;
    f.hint_alt = (uint8_t)(have_h ? alt : 1);
    if (S_push(out, &f) != 0) return -1;
  }
  return 0;
}

/* The top-level statement that holds [a, b], or the root when none does. */
static TSNode S_top_statement(TSNode root, uint32_t a, uint32_t b) {
  TSNode top = ts_node_first_child_for_byte(root, a);
  /* tree-sitter 0.20 also returns a child that ends exactly at the byte. */
  while (!ts_node_is_null(top) && ts_node_end_byte(top) <= a) top = ts_node_next_sibling(top);
  if (ts_node_is_null(top) || ts_node_start_byte(top) > a || ts_node_end_byte(top) < b) return root;
  return top;
}

bool an_too_deep(const char *src, size_t len) {
  long depth = 0, max = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = src[i];
    if (ch == '(' || ch == '[' || ch == '{') {
      if (++depth > max) max = depth;
    } else if ((ch == ')' || ch == ']' || ch == '}') && depth > 0) {
      depth--;
    }
  }
  return max > AN_MAX_NESTING;
}

static int S_run(an_ctx *c, const kb *k, kb_kind kind, const TSTree *tree, const char *src,
                 size_t len, bool ranged, uint32_t start_byte, uint32_t end_byte,
                 const unsigned char *enabled, an_findings *out) {
  const TSQuery *q = kb_query(k, kind);
  if (!q || !tree) return 0;
  if (!(ranged && start_byte == end_byte) && an_too_deep(src, len)) {
    out->too_deep = true;
    return 0;
  }
  S_scan sc = {.k = k, .kind = kind, .q = q, .preds = kb_predicates(k, kind),
               .construct = kb_construct_capture(k, kind), .hint = kb_hint_capture(k, kind),
               .src = src, .len = len, .enabled = enabled, .ranged = ranged, .a = start_byte,
               .b = end_byte};
  size_t from = out->count;
  TSNode root = ts_tree_root_node(tree);
  int rc;
  if (!ranged) {
    rc = S_exec(c, &sc, root, 0, UINT32_MAX, out);
  } else if (start_byte == end_byte) {
    /* A point (hover). A construct that contains the point is captured by a pattern whose
     * root is an ancestor of the point. The query runs from each ancestor at which some
     * pattern can start, limited to that ancestor's first byte: that starts the patterns
     * rooted there while the cursor walks little more than the ancestor's children. Running
     * it once over the point from the top would make the cursor step over every sibling on
     * the way down (it does not skip them), which in a long dict or concatenated string
     * costs milliseconds. */
    TSNode top = root;
    if (!kb_module_rooted(k, kind)) top = S_top_statement(root, start_byte, start_byte);
    TSTreeCursor tc = ts_tree_cursor_new(top);
    rc = 0;
    for (unsigned level = 0;; level++) {
      if (level > AN_MAX_NESTING) {
        out->too_deep = true;
        break;
      }
      TSNode n = ts_tree_cursor_current_node(&tc);
      if (kb_can_start_at(k, kind, ts_node_type(n))) {
        uint32_t s = ts_node_start_byte(n);
        rc = S_exec(c, &sc, n, s, s + 1, out);
        if (rc != 0) break;
      }
      if (ts_tree_cursor_goto_first_child_for_byte(&tc, start_byte) < 0) break;
      /* tree-sitter 0.20 also stops at a child that ends exactly at the byte. */
      while (ts_node_end_byte(ts_tree_cursor_current_node(&tc)) <= start_byte &&
             ts_tree_cursor_goto_next_sibling(&tc)) {
      }
      TSNode child = ts_tree_cursor_current_node(&tc);
      if (ts_node_start_byte(child) > start_byte || ts_node_end_byte(child) <= start_byte) break;
    }
    ts_tree_cursor_delete(&tc);
  } else {
    /* A range (inlay hints). The cursor does not descend into nodes outside the range, but
     * it steps over every sibling at each level; in a long module the top level dominates,
     * so when the range lies inside one top-level statement (and no pattern is rooted at
     * the module), the query starts from that statement. */
    TSNode start = root;
    if (!kb_module_rooted(k, kind)) start = S_top_statement(root, start_byte, end_byte);
    rc = S_exec(c, &sc, start, start_byte, end_byte, out);
  }
  pred_cache_reset(c->cache);
  S_sort_unique(out, from);
  return rc;
}

/* Brackets nested deeper than AN_MAX_NESTING around or inside [a, b]: the tree levels above
 * `a` (a node per bracket or more, so never fewer than the brackets open there) and the
 * brackets opened inside [a, b]. Reads only that much of the file, unlike an_too_deep. */
static bool S_too_deep_at(TSNode root, const char *src, size_t len, uint32_t a, uint32_t b) {
  TSTreeCursor tc = ts_tree_cursor_new(root);
  long levels = 0;
  while (levels <= AN_MAX_NESTING && ts_tree_cursor_goto_first_child_for_byte(&tc, a) >= 0)
    levels++;
  ts_tree_cursor_delete(&tc);
  if (levels > AN_MAX_NESTING) return true;
  if (b > len) b = (uint32_t)len;
  return a < b && an_too_deep(src + a, b - a);
}

int an_hints(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
             uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
             scope_memo *memo, an_findings *out) {
  const TSQuery *q = kb_query(k, KB_EXPLANATION);
  if (!q || !tree) return 0;
  if (end_byte < start_byte) {
    uint32_t t = start_byte;
    start_byte = end_byte;
    end_byte = t;
  }
  TSNode root = ts_tree_root_node(tree);
  if (S_too_deep_at(root, src, len, start_byte, end_byte)) {
    out->too_deep = true;
    return 0;
  }
  S_scan sc = {.k = k, .kind = KB_EXPLANATION, .q = q, .preds = kb_predicates(k, KB_EXPLANATION),
               .construct = kb_construct_capture(k, KB_EXPLANATION),
               .hint = kb_hint_capture(k, KB_EXPLANATION), .src = src, .len = len,
               .enabled = enabled, .ranged = true, .by_hint = true, .a = start_byte,
               .b = end_byte};
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
  int rc = 0;
  if (kb_module_rooted(k, KB_EXPLANATION)) {
    rc = S_exec(c, &sc, root, ra, rb, out);
  } else {
    TSTreeCursor tc = ts_tree_cursor_new(root);
    if (ts_tree_cursor_goto_first_child_for_byte(&tc, ra) >= 0) {
      do {
        TSNode top = ts_tree_cursor_current_node(&tc);
        if (ts_node_start_byte(top) >= rb) break;
        if (ts_node_end_byte(top) > ra) rc = S_exec(c, &sc, top, ra, rb, out);
      } while (rc == 0 && ts_tree_cursor_goto_next_sibling(&tc));
    }
    ts_tree_cursor_delete(&tc);
  }
  pred_cache_use_scope(c->cache, before);
  pred_cache_reset(c->cache);
  S_sort_unique(out, from);
  return rc;
}

int an_pitfalls(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                const unsigned char *enabled, an_findings *out) {
  return S_run(c, k, KB_PITFALL, tree, src, len, false, 0, 0, enabled, out);
}

int an_explanations(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                    uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
                    an_findings *out) {
  return S_run(c, k, KB_EXPLANATION, tree, src, len, true, start_byte, end_byte, enabled, out);
}

int an_hover(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
             uint32_t byte, const unsigned char *enabled, const an_findings *pitfalls,
             an_findings *out) {
  an_findings all = {0};
  int rc = 0;
  if (pitfalls) {
    /* The document's pitfalls are known (diagnostics computed them): no query to run. */
    for (size_t i = 0; i < pitfalls->count && rc == 0; i++) {
      const an_finding *f = &pitfalls->items[i];
      if (f->start_byte <= byte && byte < f->end_byte && (!enabled || enabled[f->note]))
        rc = S_push(&all, f);
    }
  } else {
    rc = S_run(c, k, KB_PITFALL, tree, src, len, true, byte, byte, enabled, &all);
  }
  if (rc == 0) rc = S_run(c, k, KB_EXPLANATION, tree, src, len, true, byte, byte, enabled, &all);
  if (rc == 0 && all.count) {
    size_t best = 0;
    for (size_t i = 1; i < all.count; i++) {
      uint32_t w = all.items[i].end_byte - all.items[i].start_byte;
      if (w < all.items[best].end_byte - all.items[best].start_byte) best = i;
    }
    an_finding inner = all.items[best];
    /* Pitfalls were collected first, so they come first among the ties. */
    for (size_t i = 0; i < all.count && rc == 0; i++) {
      if (all.items[i].start_byte == inner.start_byte && all.items[i].end_byte == inner.end_byte)
        rc = S_push(out, &all.items[i]);
    }
  }
  out->too_deep |= all.too_deep;
  an_findings_clear(&all);
  return rc;
}

static int S_push_error(an_syntax_errors *e, TSNode n, const char *message) {
  if (e->count == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 8;
    an_syntax_error *grown = realloc(e->items, cap * sizeof *grown);
    if (!grown) return -1;
    e->items = grown;
    e->cap = cap;
  }
  an_syntax_error *x = &e->items[e->count++];
  x->start_byte = ts_node_start_byte(n);
  x->end_byte = ts_node_end_byte(n);
  x->start = ts_node_start_point(n);
  x->end = ts_node_end_point(n);
  snprintf(x->message, sizeof x->message, "%s", message);
  return 0;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not valid. */
static size_t S_utf8_len(const unsigned char *s, size_t n) {
  if (s[0] < 0x80) return 1;
  size_t need = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (need == 0 || need > n || (need == 2 && s[0] < 0xC2)) return 0;
  for (size_t i = 1; i < need; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if (need == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))) return 0;
  if (need == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || s[0] > 0xF4 || (s[0] == 0xF4 && s[1] >= 0x90)))
    return 0;
  return need;
}

/* A short quote of the source at an error, for a message that must be valid UTF-8: up to the
 * end of the line, about 24 bytes, whole characters only; control characters become spaces
 * and invalid bytes U+FFFD. */
static void S_quote(const char *src, size_t len, uint32_t start, uint32_t end, char *out,
                    size_t outlen) {
  size_t n = 0;
  const unsigned char *u = (const unsigned char *)src;
  size_t stop = end < len ? end : len;
  for (size_t i = start; i < stop && n + 8 < outlen;) {
    if (u[i] == '\n' || u[i] == '\r') break;
    if (n >= 24) {
      memcpy(out + n, "\xE2\x80\xA6", 3); /* … */
      n += 3;
      break;
    }
    size_t k = S_utf8_len(u + i, stop - i);
    if (k == 0) {
      memcpy(out + n, "\xEF\xBF\xBD", 3);
      n += 3;
      i++;
    } else if (k == 1) {
      out[n++] = (u[i] < 0x20 || u[i] == 0x7f) ? ' ' : (char)u[i];
      i++;
    } else {
      memcpy(out + n, u + i, k);
      n += k;
      i += k;
    }
  }
  out[n] = '\0';
}

static bool S_is_error(TSNode n) { return strcmp(ts_node_type(n), "ERROR") == 0; }

int an_syntax(const TSTree *tree, const char *src, size_t len, size_t max, an_syntax_errors *out) {
  if (!tree) return 0;
  TSNode root = ts_tree_root_node(tree);
  if (!ts_node_has_error(root)) return 0;
  TSTreeCursor cur = ts_tree_cursor_new(root);
  size_t found = 0;
  int rc = 0;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cur);
    bool descend = ts_node_has_error(n);
    if (ts_node_is_missing(n)) {
      char msg[160];
      const char *type = ts_node_type(n);
      snprintf(msg, sizeof msg, "syntax error: missing `%s`", type);
      if (S_push_error(out, n, msg) != 0) rc = -1;
      found++;
      descend = false;
    } else if (S_is_error(n) && !ts_node_eq(n, root)) {
      char quote[64], msg[160];
      S_quote(src, len, ts_node_start_byte(n), ts_node_end_byte(n), quote, sizeof quote);
      if (quote[0])
        snprintf(msg, sizeof msg, "syntax error: unexpected `%s`", quote);
      else
        snprintf(msg, sizeof msg, "syntax error");
      if (S_push_error(out, n, msg) != 0) rc = -1;
      found++;
      descend = false;
    } else if (S_is_error(n)) {
      /* The whole file failed to parse; its children say where. */
      descend = true;
    }
    if (found >= max || rc != 0 || !doc_cursor_next(&cur, descend, NULL)) break;
  }
  ts_tree_cursor_delete(&cur);
  /* A file that fails to parse as a whole can be one ERROR node holding only tokens (100
   * unclosed brackets): nothing inside says where, so point at its start. */
  if (rc == 0 && found == 0 && max > 0) {
    TSNode first = ts_node_child_count(root) ? ts_node_child(root, 0) : root;
    char quote[64], msg[160];
    S_quote(src, len, ts_node_start_byte(first), ts_node_end_byte(first), quote, sizeof quote);
    snprintf(msg, sizeof msg, quote[0] ? "syntax error: unexpected `%s`" : "syntax error", quote);
    rc = S_push_error(out, first, msg);
  }
  return rc;
}
