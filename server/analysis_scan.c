#include "analysis_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "xalloc.h"

#define AN_MATCH_LIMIT 256


an_ctx *an_ctx_new(void) {
  an_ctx *c = xcalloc(1, sizeof *c);
  c->cursor = ts_query_cursor_new();
  /* In-progress matches are kept per open node; in deeply nested code (50,000 brackets) a
   * pattern such as (list (lambda)) keeps one per level and every step revisits them all,
   * which is quadratic. A cap bounds that; ordinary code never comes near it. */
  ts_query_cursor_set_match_limit(c->cursor, AN_MATCH_LIMIT);
  c->cache = pred_cache_new();
  return c;
}

void an_ctx_free(an_ctx *c) {
  if (!c) return;
  ts_query_cursor_delete(c->cursor);
  pred_cache_free(c->cache);
  free(c);
}

void an_ctx_set_budget(an_ctx *c, double ms) { c->budget = ms > 0 ? ms / 1e3 : 0; }

/* The budget counts the analysing thread's CPU time, not the wall clock: a busy machine must
 * not cut short an analysis that would finish. */
static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void an_findings_clear(an_findings *f) {
  free(f->items);
  free(f->probes);
  memset(f, 0, sizeof *f);
}

void ans_push(an_findings *f, const an_finding *x) {
  if (f->count == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 16;
    f->items = xreallocarray(f->items, cap, sizeof *f->items);
    f->cap = cap;
  }
  f->items[f->count++] = *x;
}

void ans_push_probe(an_findings *f, const an_probe *x) {
  if (f->probe_count == f->probe_cap) {
    size_t cap = f->probe_cap ? f->probe_cap * 2 : 8;
    f->probes = xreallocarray(f->probes, cap, sizeof *f->probes);
    f->probe_cap = cap;
  }
  f->probes[f->probe_count++] = *x;
}

/* Document order, then the wider range first, then every other field: a total order, so
 * that the same matches always give the same list whatever order they were found in. */
static int S_cmp_finding(const void *a, const void *b) {
  const an_finding *x = a, *y = b;
  if (x->start_byte != y->start_byte) return x->start_byte < y->start_byte ? -1 : 1;
  if (x->end_byte != y->end_byte) return x->end_byte > y->end_byte ? -1 : 1;
  if (x->note != y->note) return x->note < y->note ? -1 : 1;
  if (x->hint_byte != y->hint_byte) return x->hint_byte < y->hint_byte ? -1 : 1;
  if (x->hint_captured != y->hint_captured) return x->hint_captured ? -1 : 1;
  if (x->hint_alt != y->hint_alt) return x->hint_alt < y->hint_alt ? -1 : 1;
  if (x->root_start != y->root_start) return x->root_start < y->root_start ? -1 : 1;
  if (x->root_end != y->root_end) return x->root_end < y->root_end ? -1 : 1;
  if (x->root_symbol != y->root_symbol) return x->root_symbol < y->root_symbol ? -1 : 1;
  return 0;
}

static bool S_same_report(const an_finding *x, const an_finding *y) {
  return x->note == y->note && x->start_byte == y->start_byte && x->end_byte == y->end_byte;
}

/* Sorts findings[from..] and drops repeats: with `by_report`, every finding of one note on
 * one range but the first (several patterns of a note can match the same node); otherwise
 * only identical ones. */
void ans_sort_unique(an_findings *f, size_t from, bool by_report) {
  size_t n = f->count - from;
  if (n < 2) return;
  an_finding *a = f->items + from;
  qsort(a, n, sizeof *a, S_cmp_finding);
  size_t w = 1;
  for (size_t r = 1; r < n; r++) {
    if (by_report ? S_same_report(&a[r], &a[w - 1]) : S_cmp_finding(&a[r], &a[w - 1]) == 0) {
      /* Of a hover pattern and a hint pattern on the same node, keep the hint's. */
      if (by_report && a[r].hint_captured && !a[w - 1].hint_captured) a[w - 1] = a[r];
      continue;
    }
    a[w++] = a[r];
  }
  f->count = from + w;
}

static int S_cmp_probe(const void *a, const void *b) {
  const an_probe *x = a, *y = b;
  if (x->start_byte != y->start_byte) return x->start_byte < y->start_byte ? -1 : 1;
  if (x->end_byte != y->end_byte) return x->end_byte < y->end_byte ? -1 : 1;
  if (x->root_start != y->root_start) return x->root_start < y->root_start ? -1 : 1;
  if (x->root_end != y->root_end) return x->root_end < y->root_end ? -1 : 1;
  if (x->root_symbol != y->root_symbol) return x->root_symbol < y->root_symbol ? -1 : 1;
  if (x->frame != y->frame) return x->frame ? 1 : -1;
  return 0;
}

void ans_sort_probes(an_findings *f) {
  if (f->probe_count < 2) return;
  qsort(f->probes, f->probe_count, sizeof *f->probes, S_cmp_probe);
  size_t w = 1;
  for (size_t r = 1; r < f->probe_count; r++)
    if (S_cmp_probe(&f->probes[r], &f->probes[w - 1]) != 0) f->probes[w++] = f->probes[r];
  f->probe_count = w;
}

void an_unique(const an_findings *in, an_findings *out) {
  out->too_deep = in->too_deep;
  out->truncated = in->truncated;
  for (size_t i = 0; i < in->count; i++) {
    /* `in` is sorted: the repeats of a report follow it. Of a hover pattern and a hint
     * pattern on the same node, the hint's is kept. */
    if (out->count && S_same_report(&in->items[i], &out->items[out->count - 1])) {
      an_finding *last = &out->items[out->count - 1];
      if (in->items[i].hint_captured && !last->hint_captured) *last = in->items[i];
      continue;
    }
    ans_push(out, &in->items[i]);
  }
}

/* ---- what each pattern's predicates look at ---- */


static const struct {
  const char *name;
  unsigned reach;
} S_reach_table[] = {
    {"eq?", ANS_R_LOCAL}, {"not-eq?", ANS_R_LOCAL}, {"match?", ANS_R_LOCAL}, {"not-match?", ANS_R_LOCAL},
    {"any-of?", ANS_R_LOCAL}, {"not-any-of?", ANS_R_LOCAL},
    {"has-ancestor?", ANS_R_LOCAL}, {"not-has-ancestor?", ANS_R_LOCAL},
    {"has-parent?", ANS_R_LOCAL}, {"not-has-parent?", ANS_R_LOCAL},
    {"in-async-function?", ANS_R_LOCAL}, {"not-in-async-function?", ANS_R_LOCAL},
    {"ancestor-field-eq?", ANS_R_LOCAL}, {"not-ancestor-field-eq?", ANS_R_LOCAL},
    {"ancestor-field-match?", ANS_R_LOCAL}, {"not-ancestor-field-match?", ANS_R_LOCAL},
    {"has-descendant?", ANS_R_LOCAL}, {"not-has-descendant?", ANS_R_LOCAL},
    {"uses-loop-variable?", ANS_R_LOCAL}, {"not-uses-loop-variable?", ANS_R_LOCAL},
    {"is-parameter?", ANS_R_LOCAL}, {"not-is-parameter?", ANS_R_LOCAL},
    {"in-field?", ANS_R_LOCAL}, {"not-in-field?", ANS_R_LOCAL},
    {"innermost-ancestor?", ANS_R_LOCAL}, {"not-innermost-ancestor?", ANS_R_LOCAL},
    {"enclosing?", ANS_R_LOCAL}, {"not-enclosing?", ANS_R_LOCAL},
    {"inside?", ANS_R_LOCAL}, {"not-inside?", ANS_R_LOCAL},
    {"parent-has-descendant?", ANS_R_SIBLINGS}, {"not-parent-has-descendant?", ANS_R_SIBLINGS},
    {"previous-def-uses-loop-variable?", ANS_R_SIBLINGS},
    {"not-previous-def-uses-loop-variable?", ANS_R_SIBLINGS},
    {"always-reaches?", ANS_R_FRAME}, {"not-always-reaches?", ANS_R_FRAME},
    {"in-loop-over?", ANS_R_FRAME}, {"not-in-loop-over?", ANS_R_FRAME},
    {"in-loop-that-binds?", ANS_R_FRAME}, {"not-in-loop-that-binds?", ANS_R_FRAME},
    {"captures-loop-variable?", ANS_R_FRAME}, {"not-captures-loop-variable?", ANS_R_FRAME},
    {"bound-in-file?", ANS_R_NAME}, {"not-bound-in-file?", ANS_R_NAME},
    {"bound-in-scope?", ANS_R_NAME}, {"not-bound-in-scope?", ANS_R_NAME},
    {"imported-from?", ANS_R_NAME}, {"not-imported-from?", ANS_R_NAME},
    {"class-attribute?", ANS_R_CLASS}, {"not-class-attribute?", ANS_R_CLASS},
    {"only-indexes?", ANS_R_FRAME}, {"not-only-indexes?", ANS_R_FRAME},
    {"file-imports?", ANS_R_IMPORTS}, {"not-file-imports?", ANS_R_IMPORTS},
    /* A def's free variables are the names its outermost function binds (scope.h). */
    {"has-free-variables?", ANS_R_FRAME}, {"not-has-free-variables?", ANS_R_FRAME},
};


void ans_info_clear(ans_info *in) {
  free(in->reach);
  free(in->name_capture);
  free(in->sibling_roots);
  free(in->modules);
  memset(in, 0, sizeof *in);
}

/* True when a pattern that looks at the statements around can start at this node. */
bool ans_sibling_root(const ans_info *in, TSNode n) {
  if (in->sibling_any) return true;
  const char *t = ts_node_type(n);
  for (size_t i = 0; i < in->sibling_root_count; i++)
    if (strcmp(in->sibling_roots[i], t) == 0) return true;
  return false;
}

void ans_info_build(const kb *k, kb_kind kind, const TSQuery *q, const unsigned char *enabled,
                     ans_info *in) {
  uint32_t n = ts_query_pattern_count(q);
  in->count = n;
  in->any = 0;
  in->reach = xcalloc(n ? n : 1, sizeof *in->reach);
  in->name_capture = xreallocarray(NULL, n ? n : 1, sizeof *in->name_capture);
  in->sibling_roots = xreallocarray(NULL, n ? n : 1, sizeof *in->sibling_roots);
  for (uint32_t p = 0; p < n; p++) {
    for (int j = 0; j < 4; j++) in->name_capture[p][j] = UINT32_MAX;
    uint32_t steps;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q, p, &steps);
    for (uint32_t i = 0; i < steps;) {
      /* A predicate: its name (a string), arguments, then a Done step. */
      uint32_t len = 0;
      const char *name = st[i].type == TSQueryPredicateStepTypeString
                             ? ts_query_string_value_for_id(q, st[i].value_id, &len)
                             : NULL;
      unsigned reach = ANS_R_ANYWHERE;
      for (size_t t = 0; name && t < sizeof S_reach_table / sizeof S_reach_table[0]; t++) {
        if (strlen(S_reach_table[t].name) == len && memcmp(S_reach_table[t].name, name, len) == 0)
          reach = S_reach_table[t].reach;
      }
      if (reach == ANS_R_NAME || reach == ANS_R_CLASS) {
        int j = 0;
        if (i + 1 < steps && st[i + 1].type == TSQueryPredicateStepTypeCapture) {
          while (j < 4 && in->name_capture[p][j] != UINT32_MAX &&
                 in->name_capture[p][j] != st[i + 1].value_id)
            j++;
        } else {
          j = 4;
        }
        if (j < 4)
          in->name_capture[p][j] = st[i + 1].value_id;
        else
          reach = ANS_R_ANYWHERE;
      }
      in->reach[p] |= reach;
      uint32_t note = kb_pattern_note(k, kind, p);
      bool on = note != UINT32_MAX && (!enabled || enabled[note]);
      for (uint32_t a = i + 1; on && reach == ANS_R_IMPORTS && a < steps &&
                               st[a].type != TSQueryPredicateStepTypeDone; a++) {
        if (st[a].type != TSQueryPredicateStepTypeString) continue;
        uint32_t ml;
        const char *m = ts_query_string_value_for_id(q, st[a].value_id, &ml);
        const char *dot = memchr(m, '.', ml);
        if (dot) ml = (uint32_t)(dot - m);
        if (in->module_count == in->module_cap) {
          size_t cap = in->module_cap ? in->module_cap * 2 : 4;
          in->modules = xreallocarray(in->modules, cap, sizeof *in->modules);
          in->module_cap = cap;
        }
        in->modules[in->module_count].str = m;
        in->modules[in->module_count++].len = ml;
      }
      while (i < steps && st[i].type != TSQueryPredicateStepTypeDone) i++;
      i++;
    }
    /* A pattern without a single root (a sequence of siblings) can start outside the
     * statement re-run: only a whole run finds its matches. */
    if (!kb_pattern_shape(k, kind, p)) in->reach[p] |= ANS_R_ANYWHERE;
    uint32_t note = kb_pattern_note(k, kind, p);
    if (note == UINT32_MAX || (enabled && !enabled[note])) continue;
    in->any |= in->reach[p];
    if (in->reach[p] & ANS_R_SIBLINGS) {
      const pat_shape *sh = kb_pattern_shape(k, kind, p);
      if (!sh || !sh->root[0])
        in->sibling_any = true;
      else
        in->sibling_roots[in->sibling_root_count++] = sh->root;
    }
  }
}

/* ---- running a query ---- */


/* up[d] = the d-th ancestor of n (up[0] = n) for d <= top, found by one descent from the
 * root (ts_node_parent descends from the root on every call in tree-sitter 0.20, so a climb
 * of d levels costs d descents). Returns how many were found (up to top + 1), 0 when the
 * descent lost the node (zero-width nodes at a boundary): then the caller climbs. */
static unsigned S_ancestors(TSNode n, unsigned top, TSNode *up) {
  enum { RING = 32 };
  TSNode ring[RING];
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  TSTreeCursor tc = ts_tree_cursor_new(ts_tree_root_node(n.tree));
  size_t depth = 0;
  bool ok = false;
  for (unsigned guard = 0; guard <= ANS_MAX_NESTING * 4; guard++) {
    TSNode cur = ts_tree_cursor_current_node(&tc);
    ring[depth % RING] = cur;
    if (cur.id == n.id) {
      ok = true;
      break;
    }
    if (ts_tree_cursor_goto_first_child_for_byte(&tc, s) < 0) break;
    bool in = false;
    do {
      TSNode c = ts_tree_cursor_current_node(&tc);
      uint32_t cs = ts_node_start_byte(c), ce = ts_node_end_byte(c);
      if (cs > s) break;
      if (c.id == n.id || (cs <= s && ce >= e && (ce > s || cs == ce))) {
        in = true;
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&tc));
    if (!in) break;
    depth++;
  }
  ts_tree_cursor_delete(&tc);
  if (!ok) return 0;
  unsigned count = 0;
  for (unsigned d = 0; d <= top && d <= depth && d < RING; d++) up[count++] = ring[(depth - d) % RING];
  return count;
}

/* The node a match of `pattern` started at, found by climbing from its @construct as many
 * levels as the pattern's text puts between them; when alternatives put it at several depths,
 * the one depth whose node has the root's type. False when that is not known. */
static bool S_root(const ans_scan *sc, uint32_t pattern, TSNode construct, TSNode *root) {
  const pat_shape *sh = kb_pattern_shape(sc->k, sc->kind, pattern);
  if (!sh) return false;
  bool one = (sh->depths & (sh->depths - 1)) == 0;
  if (!one && !sh->root[0]) return false;
  unsigned top = 0;
  while (top < 31 && (sh->depths >> (top + 1)) != 0) top++;
  TSNode up[32];
  unsigned have = top > 0 ? S_ancestors(construct, top, up) : 0;
  TSNode n = construct, found;
  int hits = 0;
  for (unsigned d = 0; d < 32 && (sh->depths >> d) != 0; d++) {
    if (d > 0) n = have ? (d < have ? up[d] : (TSNode){0}) : ts_node_parent(n);
    if (ts_node_is_null(n)) break;
    if (!(sh->depths & (1u << d))) continue;
    if (one) {
      *root = n;
      return true;
    }
    if (strcmp(ts_node_type(n), sh->root) == 0) {
      found = n;
      hits++;
    }
  }
  if (hits != 1) return false;
  *root = found;
  return true;
}

/* Sets the finding's root; false when the match is not rooted at sc->only. */
static bool S_match_root(const ans_scan *sc, const TSQueryMatch *m, TSNode construct,
                         an_finding *f, an_findings *out) {
  TSNode root;
  if (!S_root(sc, m->pattern_index, construct, &root)) {
    out->unrooted = true;
    root = construct;
  } else if (sc->only && !ts_node_eq(root, *sc->only)) {
    return false;
  }
  f->root_start = ts_node_start_byte(root);
  f->root_end = ts_node_end_byte(root);
  f->root_symbol = ts_node_symbol(root);
  return true;
}

/* The outermost def holding [a, b) (the frame an edit re-runs for the patterns that look
 * anywhere in their function), by one descent from the tree's root; [0, UINT32_MAX) when none
 * does (the module). */
static void S_frame_of(TSNode any, uint32_t a, uint32_t b, uint32_t *fs, uint32_t *fe) {
  TSTreeCursor tc = ts_tree_cursor_new(ts_tree_root_node(any.tree));
  *fs = 0;
  *fe = UINT32_MAX;
  for (unsigned level = 0; level <= ANS_MAX_NESTING; level++) {
    TSNode n = ts_tree_cursor_current_node(&tc);
    if (strcmp(ts_node_type(n), "function_definition") == 0) {
      *fs = ts_node_start_byte(n);
      *fe = ts_node_end_byte(n);
      break;
    }
    if (ts_tree_cursor_goto_first_child_for_byte(&tc, a) < 0) break;
    /* tree-sitter 0.20 also stops at a child that ends exactly at the byte. */
    while (ts_node_end_byte(ts_tree_cursor_current_node(&tc)) <= a && a < b &&
           ts_tree_cursor_goto_next_sibling(&tc)) {
    }
    TSNode child = ts_tree_cursor_current_node(&tc);
    if (ts_node_start_byte(child) > a || ts_node_end_byte(child) < b) break;
  }
  ts_tree_cursor_delete(&tc);
}

/* Runs the query from `start` with the cursor limited to [ra, rb) and appends the findings
 * that pass the range filter, the note filter and the predicates. */
/* True when the nodes of `start` that meet [ra, rb) (those the query cursor descends into)
 * nest more than `limit` levels below it. A cursor walk; it skips the subtrees too short to
 * matter: each level of Python's syntax adds a token, so a node of b bytes holds at most a
 * few levels per byte (4 here, with room to spare), and ordinary code is hardly walked. */
static bool S_deeper_than(TSNode start, uint32_t ra, uint32_t rb, uint32_t limit) {
  TSTreeCursor tc = ts_tree_cursor_new(start);
  uint32_t depth = 0;
  bool deep = false;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&tc);
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    bool meets = s < rb && (e > ra || s == ra);
    bool tall = (uint64_t)depth + 4 * (uint64_t)(e - s) + 16 > limit;
    if ((meets || depth == 0) && tall && ts_tree_cursor_goto_first_child(&tc)) {
      if (++depth > limit) {
        deep = true;
        break;
      }
      continue;
    }
    bool more = true;
    while (more && !ts_tree_cursor_goto_next_sibling(&tc)) {
      more = depth > 0 && ts_tree_cursor_goto_parent(&tc);
      depth -= more;
    }
    if (!more) break;
  }
  ts_tree_cursor_delete(&tc);
  return deep;
}

void ans_exec(an_ctx *c, const ans_scan *sc, TSNode start, uint32_t ra, uint32_t rb,
              an_findings *out) {
  if (S_deeper_than(start, ra, rb, ANS_MAX_DEPTH)) {
    out->too_deep = true;
    return;
  }
  TSQueryCursor *cur = c->cursor;
  ts_query_cursor_set_byte_range(cur, ra, rb);
  ts_query_cursor_exec(cur, sc->q, start);
  TSQueryMatch m;
  while (ts_query_cursor_next_match(cur, &m)) {
    if (sc->deadline > 0 && S_now() > sc->deadline) {
      out->truncated = true;
      break;
    }
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
    an_finding f = {.note = note, .start_byte = s, .end_byte = e};
    /* The root costs a climb of parents (linear in the depth each, in tree-sitter 0.20): it is
     * found before the predicates only when it filters the match or a probe needs it. */
    const uint32_t *ncs = sc->roots && sc->info ? sc->info->name_capture[m.pattern_index] : NULL;
    uint32_t nc = ncs ? ncs[0] : UINT32_MAX;
    bool framed = sc->roots && sc->info && (sc->info->reach[m.pattern_index] & ANS_R_FRAME);
    bool rooted = false;
    if (sc->roots && sc->only) {
      if (!S_match_root(sc, &m, cn, &f, out)) continue;
      rooted = true;
    }
    if (nc != UINT32_MAX || framed) {
      /* A match that fails on its own fails whatever the rest of the file says; most matches
       * of such patterns (every assignment to a name, for one) fail here, before the climb
       * that finds their root. */
      if (!pred_set_eval_local(sc->preds, &m, sc->src, sc->len)) continue;
      if (sc->roots && !rooted) {
        if (!S_match_root(sc, &m, cn, &f, out)) continue;
        rooted = true;
      }
    }
    if (framed) {
      /* Whether its predicates hold or not, the match depends on its frame's code. */
      an_probe p = {.root_start = f.root_start, .root_end = f.root_end,
                    .root_symbol = f.root_symbol, .frame = true};
      S_frame_of(cn, f.root_start, f.root_end, &p.start_byte, &p.end_byte);
      ans_push_probe(out, &p);
    }
    if (nc != UINT32_MAX) {
      for (uint16_t i = 0; i < m.capture_count; i++) {
        uint32_t ci = m.captures[i].index;
        if (ci != ncs[0] && ci != ncs[1] && ci != ncs[2] && ci != ncs[3]) continue;
        /* Whether the predicate holds or not, the match depends on that name's bindings. */
        uint32_t ps = ts_node_start_byte(m.captures[i].node), pe = ps;
        uint32_t ce = ts_node_end_byte(m.captures[i].node);
        while (pe < ce && pe < sc->len && ans_word_char((unsigned char)sc->src[pe])) pe++;
        an_probe p = {.start_byte = ps,
                      .end_byte = pe,
                      .root_start = f.root_start, .root_end = f.root_end,
                      .root_symbol = f.root_symbol};
        ans_push_probe(out, &p);
      }
    }
    if (sc->preds && !pred_set_trivial(sc->preds, m.pattern_index) &&
        !pred_set_eval(sc->preds, &m, sc->src, sc->len, c->cache))
      continue;
    if (sc->roots && !rooted && !S_match_root(sc, &m, cn, &f, out)) continue;
    TSNode at = have_h ? hn : cn;
    f.hint_byte = ts_node_end_byte(at);
    f.hint_captured = have_h;
    f.hint_alt = (uint8_t)(have_h ? alt : 1);
    /* Rows are not shifted by incremental updates: only explanation runs give the point. */
    if (!sc->roots) f.hint_point = ts_node_end_point(at);
    ans_push(out, &f);
  }
}

/* The deepest nesting of brackets in the text. */
uint32_t ans_nesting(const char *src, size_t len) {
  uint32_t depth = 0, max = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = src[i];
    if (ch == '(' || ch == '[' || ch == '{') {
      if (++depth > max) max = depth;
    } else if ((ch == ')' || ch == ']' || ch == '}') && depth > 0) {
      depth--;
    }
  }
  return max;
}

bool an_too_deep(const char *src, size_t len) { return ans_nesting(src, len) > ANS_MAX_NESTING; }

ans_scan ans_scan_of(an_ctx *c, const kb *k, kb_kind kind, const char *src, size_t len,
                        const unsigned char *enabled) {
  return (ans_scan){.k = k, .kind = kind, .q = kb_query(k, kind), .preds = kb_predicates(k, kind),
                  .construct = kb_construct_capture(k, kind), .hint = kb_hint_capture(k, kind),
                  .src = src, .len = len, .enabled = enabled,
                  .deadline = c->budget > 0 ? S_now() + c->budget : 0};
}


uint32_t ans_find_word(const char *text, uint32_t a, uint32_t b, uint32_t from, const char *w,
                       uint32_t n) {
  if (n == 0 || b < from || b - from < n || from < a) return UINT32_MAX;
  for (const char *p = text + from, *e = text + b; (p = memchr(p, w[0], (size_t)(e - p))) != NULL;
       p++) {
    if ((size_t)(e - p) < n) break;
    if (memcmp(p, w, n) == 0 && (p == text + a || !ans_word_char((unsigned char)p[-1])) &&
        (p + n == e || !ans_word_char((unsigned char)p[n])))
      return (uint32_t)(p - text);
  }
  return UINT32_MAX;
}

bool ans_word_char(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch >= 0x80;
}

bool ans_has_node(TSNode root, uint32_t a, uint32_t b, TSSymbol symbol) {
  TSNode n = ts_node_descendant_for_byte_range(root, a, b);
  while (!ts_node_is_null(n) && ts_node_start_byte(n) == a && ts_node_end_byte(n) == b) {
    if (ts_node_symbol(n) == symbol) return true;
    n = ts_node_parent(n);
  }
  return false;
}

static bool S_is_statement(TSNode n) {
  const char *t = ts_node_type(n);
  size_t l = strlen(t);
  return (l > 10 && strcmp(t + l - 10, "_statement") == 0) || strcmp(t, "function_definition") == 0 ||
         strcmp(t, "class_definition") == 0 || strcmp(t, "decorated_definition") == 0;
}

bool ans_is_filler(TSNode n) {
  const char *t = ts_node_type(n);
  return strcmp(t, "comment") == 0 || strcmp(t, "line_continuation") == 0;
}

/* True when no child of `n` but comments meets or touches [a, b]: the change lies between
 * its statements. (Touching counts: text deleted at a statement's end, or typed there, was or
 * is now part of it, though no node of the new tree meets the change.) */
static bool S_in_gap(TSNode n, uint32_t a, uint32_t b) {
  uint32_t count = ts_node_child_count(n);
  if (count == 0) return false;
  for (uint32_t i = 0; i < count; i++) {
    TSNode ch = ts_node_child(n, i);
    bool touches = ts_node_start_byte(ch) <= b && ts_node_end_byte(ch) >= a;
    if (touches && !ans_is_filler(ch)) return false;
    if (ts_node_start_byte(ch) > b) break;
  }
  return true;
}

TSNode ans_changed_statement(TSNode root, uint32_t start, uint32_t new_end, bool *gap) {
  /* The smallest node that holds [start, new_end] (as ts_node_descendant_for_byte_range finds
   * it), its parent, and the innermost statement on the way to each, by one descent from the
   * root: ts_node_parent descends from the root at every call in tree-sitter 0.20, so climbing
   * from the node costs its depth squared (95 s in the middle of 100,000 `and`s). */
  TSNode last = root, parent = root, stmt_last = root, stmt_parent = root;
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool down = ts_tree_cursor_goto_first_child(&c);
  while (down) {
    TSNode k = ts_tree_cursor_current_node(&c);
    uint32_t ks = ts_node_start_byte(k), ke = ts_node_end_byte(k);
    if (ke < new_end || ke <= start) {
      down = ts_tree_cursor_goto_next_sibling(&c);
      continue;
    }
    if (start < ks) break;
    parent = last;
    stmt_parent = stmt_last;
    last = k;
    if (S_is_statement(k)) stmt_last = k;
    down = ts_tree_cursor_goto_first_child(&c);
  }
  ts_tree_cursor_delete(&c);
  TSNode s = last, stmt = stmt_last;
  if (ans_is_filler(s) && !ts_node_eq(s, root)) {
    s = parent;
    stmt = stmt_parent;
  }
  *gap = !S_is_statement(s) && S_in_gap(s, start, new_end);
  return *gap ? s : stmt;
}
