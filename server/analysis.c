#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "predicate.h"

#define AN_MATCH_LIMIT 256
/* Brackets nested deeper than this are not Python any more (CPython stops at 200), and
 * tree-sitter's query cursor is quadratic in the depth: such files are not queried. */
#define AN_MAX_NESTING 1000
/* Tree levels below the node a query starts from. Chains without brackets nest too (the
 * calls of `f()()()…`, `not not …`, `a and b and …`: a level per link), and past 65,535
 * levels tree-sitter 0.20.7's query cursor (16-bit depths in its match states) no longer
 * finishes; long before that such code is not Python anyone writes. */
#define AN_MAX_DEPTH 3000

struct an_ctx {
  TSQueryCursor *cursor;
  pred_cache *cache; /* valid during one run only: the tree may be freed after it */
  double budget;     /* seconds per call; 0: none */
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

static int S_push_probe(an_findings *f, const an_probe *x) {
  if (f->probe_count == f->probe_cap) {
    size_t cap = f->probe_cap ? f->probe_cap * 2 : 8;
    an_probe *grown = realloc(f->probes, cap * sizeof *grown);
    if (!grown) return -1;
    f->probes = grown;
    f->probe_cap = cap;
  }
  f->probes[f->probe_count++] = *x;
  return 0;
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
static void S_sort_unique(an_findings *f, size_t from, bool by_report) {
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
  return 0;
}

static void S_sort_probes(an_findings *f) {
  if (f->probe_count < 2) return;
  qsort(f->probes, f->probe_count, sizeof *f->probes, S_cmp_probe);
  size_t w = 1;
  for (size_t r = 1; r < f->probe_count; r++)
    if (S_cmp_probe(&f->probes[r], &f->probes[w - 1]) != 0) f->probes[w++] = f->probes[r];
  f->probe_count = w;
}

int an_unique(const an_findings *in, an_findings *out) {
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
    if (S_push(out, &in->items[i]) != 0) return -1;
  }
  return 0;
}

/* ---- what each pattern's predicates look at ---- */

/* How far from its match a predicate looks. A match depends on its root's subtree, plus:
 *   LOCAL     nothing else, or the root's ancestors and their own fields, which an edit can
 *             change only by also changing the statement that holds the root;
 *   SIBLINGS  the statements around an ancestor (the parent's block, the previous one);
 *   NAME      whether the text of a captured name is bound anywhere in the file.
 * A predicate missing from this table is assumed to look anywhere: a query that uses it is
 * always analysed from scratch. Adding a predicate means giving it its reach here. */
enum {
  R_LOCAL = 0, R_SIBLINGS = 1, R_NAME = 2, R_ANYWHERE = 4, R_FRAME = 8, R_IMPORTS = 16,
  R_CLASS = 32
};

/* R_FRAME: anything in the innermost function holding the match (the statements after it,
 * the loops around it): the statement re-run is widened to that function. R_NAME: the name
 * is the leading identifier of the capture's text (`time` of `time.sleep(1)`), and the
 * predicate asks how that name is bound, possibly anywhere in the file. R_IMPORTS: the
 * file's import statements (a whole run when the edit touches one or their number changes).
 * R_CLASS: anything in the class holding the match (its class-level assignments, the
 * assignments in its methods): the statement re-run is widened to the outermost class. */
static const struct {
  const char *name;
  unsigned reach;
} S_reach_table[] = {
    {"eq?", R_LOCAL}, {"not-eq?", R_LOCAL}, {"match?", R_LOCAL}, {"not-match?", R_LOCAL},
    {"any-of?", R_LOCAL}, {"not-any-of?", R_LOCAL},
    {"has-ancestor?", R_LOCAL}, {"not-has-ancestor?", R_LOCAL},
    {"has-parent?", R_LOCAL}, {"not-has-parent?", R_LOCAL},
    {"in-async-function?", R_LOCAL}, {"not-in-async-function?", R_LOCAL},
    {"ancestor-field-eq?", R_LOCAL}, {"not-ancestor-field-eq?", R_LOCAL},
    {"ancestor-field-match?", R_LOCAL}, {"not-ancestor-field-match?", R_LOCAL},
    {"has-descendant?", R_LOCAL}, {"not-has-descendant?", R_LOCAL},
    {"uses-loop-variable?", R_LOCAL}, {"not-uses-loop-variable?", R_LOCAL},
    {"is-parameter?", R_LOCAL}, {"not-is-parameter?", R_LOCAL},
    {"in-field?", R_LOCAL}, {"not-in-field?", R_LOCAL},
    {"innermost-ancestor?", R_LOCAL}, {"not-innermost-ancestor?", R_LOCAL},
    {"enclosing?", R_LOCAL}, {"not-enclosing?", R_LOCAL},
    {"inside?", R_LOCAL}, {"not-inside?", R_LOCAL},
    {"parent-has-descendant?", R_SIBLINGS}, {"not-parent-has-descendant?", R_SIBLINGS},
    {"previous-def-uses-loop-variable?", R_SIBLINGS},
    {"not-previous-def-uses-loop-variable?", R_SIBLINGS},
    {"always-reaches?", R_FRAME}, {"not-always-reaches?", R_FRAME},
    {"in-loop-over?", R_FRAME}, {"not-in-loop-over?", R_FRAME},
    {"in-loop-that-binds?", R_FRAME}, {"not-in-loop-that-binds?", R_FRAME},
    {"captures-loop-variable?", R_FRAME}, {"not-captures-loop-variable?", R_FRAME},
    {"bound-in-file?", R_NAME}, {"not-bound-in-file?", R_NAME},
    {"bound-in-scope?", R_NAME}, {"not-bound-in-scope?", R_NAME},
    {"imported-from?", R_NAME}, {"not-imported-from?", R_NAME},
    {"class-attribute?", R_CLASS}, {"not-class-attribute?", R_CLASS},
    {"only-indexes?", R_FRAME}, {"not-only-indexes?", R_FRAME},
    {"file-imports?", R_IMPORTS}, {"not-file-imports?", R_IMPORTS},
};

/* The reach of every pattern of a query, and for R_NAME ones the capture holding the name. */
typedef struct {
  unsigned *reach;
  uint32_t (*name_capture)[4]; /* up to 4 name captures per pattern; UINT32_MAX: none */
  uint32_t count;
  unsigned any; /* the union of the enabled patterns' reaches */
  /* The root types of the enabled R_SIBLINGS patterns (borrowed from the kb); with
   * sibling_any, some has no single root type. */
  const char **sibling_roots;
  size_t sibling_root_count;
  bool sibling_any;
} S_info;

static void S_info_clear(S_info *in) {
  free(in->reach);
  free(in->name_capture);
  free(in->sibling_roots);
  memset(in, 0, sizeof *in);
}

/* True when a pattern that looks at the statements around can start at this node. */
static bool S_sibling_root(const S_info *in, TSNode n) {
  if (in->sibling_any) return true;
  const char *t = ts_node_type(n);
  for (size_t i = 0; i < in->sibling_root_count; i++)
    if (strcmp(in->sibling_roots[i], t) == 0) return true;
  return false;
}

static int S_info_build(const kb *k, kb_kind kind, const TSQuery *q, const unsigned char *enabled,
                        S_info *in) {
  uint32_t n = ts_query_pattern_count(q);
  in->count = n;
  in->any = 0;
  in->reach = calloc(n ? n : 1, sizeof *in->reach);
  in->name_capture = malloc((n ? n : 1) * sizeof *in->name_capture);
  in->sibling_roots = malloc((n ? n : 1) * sizeof *in->sibling_roots);
  if (!in->reach || !in->name_capture || !in->sibling_roots) return -1;
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
      unsigned reach = R_ANYWHERE;
      for (size_t t = 0; name && t < sizeof S_reach_table / sizeof S_reach_table[0]; t++) {
        if (strlen(S_reach_table[t].name) == len && memcmp(S_reach_table[t].name, name, len) == 0)
          reach = S_reach_table[t].reach;
      }
      if (reach == R_NAME) {
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
          reach = R_ANYWHERE;
      }
      in->reach[p] |= reach;
      while (i < steps && st[i].type != TSQueryPredicateStepTypeDone) i++;
      i++;
    }
    /* A pattern without a single root (a sequence of siblings) can start outside the
     * statement re-run: only a whole run finds its matches. */
    if (!kb_pattern_shape(k, kind, p)) in->reach[p] |= R_ANYWHERE;
    uint32_t note = kb_pattern_note(k, kind, p);
    if (note == UINT32_MAX || (enabled && !enabled[note])) continue;
    in->any |= in->reach[p];
    if (in->reach[p] & R_SIBLINGS) {
      const pat_shape *sh = kb_pattern_shape(k, kind, p);
      if (!sh || !sh->root[0])
        in->sibling_any = true;
      else
        in->sibling_roots[in->sibling_root_count++] = sh->root;
    }
  }
  return 0;
}

/* ---- running a query ---- */

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
  bool by_hint;         /* keep the matches whose hint anchor lies in [a, b] (inlay hints) */
  uint32_t a, b;        /* a == b: constructs containing byte a; else constructs meeting [a, b] */
  bool roots;           /* find each match's root (pitfall runs) */
  const S_info *info;   /* with roots: probes are recorded */
  const TSNode *only;   /* keep only the matches rooted at this node */
  uint32_t gap_a, gap_b; /* the change, when it lies between statements */
  double deadline;      /* 0: none */
} S_scan;

/* The node a match of `pattern` started at, found by climbing from its @construct as many
 * levels as the pattern's text puts between them; when alternatives put it at several depths,
 * the one depth whose node has the root's type. False when that is not known. */
static bool S_root(const S_scan *sc, uint32_t pattern, TSNode construct, TSNode *root) {
  const pat_shape *sh = kb_pattern_shape(sc->k, sc->kind, pattern);
  if (!sh) return false;
  bool one = (sh->depths & (sh->depths - 1)) == 0;
  if (!one && !sh->root[0]) return false;
  TSNode n = construct, found;
  int hits = 0;
  for (unsigned d = 0; d < 32 && (sh->depths >> d) != 0; d++) {
    if (d > 0) n = ts_node_parent(n);
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

static bool S_word_char(unsigned char ch);

/* Sets the finding's root; false when the match is not rooted at sc->only. */
static bool S_match_root(const S_scan *sc, const TSQueryMatch *m, TSNode construct,
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

/* Runs the query from `start` with the cursor limited to [ra, rb) and appends the findings
 * that pass the range filter, the note filter and the predicates. Nothing
 * (and `too_deep`) when the nodes it would walk nest past AN_MAX_DEPTH. */
static int S_exec(an_ctx *c, const S_scan *sc, TSNode start, uint32_t ra, uint32_t rb,
                  an_findings *out) {
  if (S_deeper_than(start, ra, rb, AN_MAX_DEPTH)) {
    out->too_deep = true;
    return 0;
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
    bool rooted = false;
    if (sc->roots && (sc->only || nc != UINT32_MAX)) {
      if (!S_match_root(sc, &m, cn, &f, out)) continue;
      rooted = true;
    }
    if (nc != UINT32_MAX) {
      /* A match that fails without the file's facts fails whatever they are. */
      if (!pred_set_eval_local(sc->preds, &m, sc->src, sc->len)) continue;
      for (uint16_t i = 0; i < m.capture_count; i++) {
        uint32_t ci = m.captures[i].index;
        if (ci != ncs[0] && ci != ncs[1] && ci != ncs[2] && ci != ncs[3]) continue;
        /* Whether the predicate holds or not, the match depends on that name's bindings. */
        uint32_t ps = ts_node_start_byte(m.captures[i].node), pe = ps;
        uint32_t ce = ts_node_end_byte(m.captures[i].node);
        while (pe < ce && pe < sc->len && S_word_char((unsigned char)sc->src[pe])) pe++;
        an_probe p = {.start_byte = ps,
                      .end_byte = pe,
                      .root_start = f.root_start, .root_end = f.root_end,
                      .root_symbol = f.root_symbol};
        if (S_push_probe(out, &p) != 0) return -1;
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

/* The deepest nesting of brackets in the text. */
static uint32_t S_nesting(const char *src, size_t len) {
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

bool an_too_deep(const char *src, size_t len) { return S_nesting(src, len) > AN_MAX_NESTING; }

static S_scan S_scan_of(an_ctx *c, const kb *k, kb_kind kind, const char *src, size_t len,
                        const unsigned char *enabled) {
  return (S_scan){.k = k, .kind = kind, .q = kb_query(k, kind), .preds = kb_predicates(k, kind),
                  .construct = kb_construct_capture(k, kind), .hint = kb_hint_capture(k, kind),
                  .src = src, .len = len, .enabled = enabled,
                  .deadline = c->budget > 0 ? S_now() + c->budget : 0};
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
 * AN_MAX_DEPTH levels, nothing is looked for. */
static int S_point(an_ctx *c, S_scan *sc, TSNode root, uint32_t byte, an_findings *out) {
  TSNode top = root;
  if (!kb_module_rooted(sc->k, sc->kind)) top = S_top_statement(root, byte, byte);
  TSNode *path = NULL;
  size_t n = 0, cap = 0;
  TSTreeCursor tc = ts_tree_cursor_new(top);
  for (;;) {
    if (n > AN_MAX_DEPTH) {
      out->too_deep = true;
      break;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      TSNode *grown = realloc(path, cap * sizeof *path);
      if (!grown) {
        free(path);
        ts_tree_cursor_delete(&tc);
        return -1;
      }
      path = grown;
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
  int rc = 0;
  if (out->too_deep) n = 0;
  uint32_t reach = S_max_construct_depth(sc->k, sc->kind);
  uint32_t best = UINT32_MAX; /* the narrowest construct found */
  size_t from = out->count;
  for (size_t hi = n; hi > 0 && rc == 0 && !out->truncated;) {
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
      rc = S_exec(c, sc, path[i], s, s + 1, out);
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
  return rc;
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
  S_scan sc = S_scan_of(c, k, kind, src, len, enabled);
  sc.ranged = ranged;
  sc.a = start_byte;
  sc.b = end_byte;
  size_t from = out->count;
  TSNode root = ts_tree_root_node(tree);
  int rc;
  if (start_byte == end_byte) {
    rc = S_point(c, &sc, root, start_byte, out);
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
  S_sort_unique(out, from, true);
  return rc;
}

/* Counts the occurrences of each probed name as a word of the text. */
static void S_count_probes(an_findings *f, const char *src, size_t len);
static uint32_t S_word_count_text(const char *src, uint32_t a, uint32_t b, const char *w);

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
  S_sort_unique(out, from, true);
  return rc;
}

int an_pitfalls(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                const unsigned char *enabled, an_findings *out) {
  const TSQuery *q = kb_query(k, KB_PITFALL);
  if (!q || !tree) return 0;
  out->nesting = S_nesting(src, len);
  if (out->nesting > AN_MAX_NESTING) {
    out->too_deep = true;
    return 0;
  }
  S_info info = {0};
  int rc = S_info_build(k, KB_PITFALL, q, enabled, &info);
  if (rc == 0) {
    S_scan sc = S_scan_of(c, k, KB_PITFALL, src, len, enabled);
    sc.roots = true;
    sc.info = &info;
    size_t from = out->count;
    rc = S_exec(c, &sc, ts_tree_root_node(tree), 0, UINT32_MAX, out);
    pred_cache_reset(c->cache);
    S_sort_unique(out, from, false);
    S_sort_probes(out);
    S_count_probes(out, src, len);
    out->imports = S_word_count_text(src, 0, (uint32_t)len, "import");
  }
  S_info_clear(&info);
  return rc;
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
      if (f->start_byte > byte) break; /* sorted by start */
      if (byte < f->end_byte && (!enabled || enabled[f->note])) rc = S_push(&all, f);
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
  out->truncated |= all.truncated;
  an_findings_clear(&all);
  return rc;
}

/* ---- incremental update ---- */

static bool S_word_char(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch >= 0x80;
}

/* Occurrences of src[ns..ne) as a whole word in src[a..b). */
static uint32_t S_word_count(const char *src, uint32_t a, uint32_t b, uint32_t ns, uint32_t ne) {
  uint32_t n = ne - ns, count = 0;
  if (n == 0 || b - a < n) return 0;
  const char *p = src + a, *end = src + b;
  while ((p = memchr(p, src[ns], (size_t)(end - p))) != NULL) {
    if ((size_t)(end - p) < n) break;
    if (memcmp(p, src + ns, n) == 0 && (p == src + a || !S_word_char((unsigned char)p[-1])) &&
        (p + n == end || !S_word_char((unsigned char)p[n])))
      count++;
    p++;
  }
  return count;
}

/* Occurrences of the word `w` in src[a..b). */
static uint32_t S_word_count_text(const char *src, uint32_t a, uint32_t b, const char *w) {
  uint32_t n = (uint32_t)strlen(w), count = 0;
  if (b - a < n) return 0;
  for (const char *p = src + a, *end = src + b; (p = memchr(p, w[0], (size_t)(end - p))) != NULL; p++) {
    if ((size_t)(end - p) < n) break;
    if (memcmp(p, w, n) == 0 && (p == src || !S_word_char((unsigned char)p[-1])) &&
        (p + n == end || !S_word_char((unsigned char)p[n])))
      count++;
  }
  return count;
}

static void S_count_probes(an_findings *f, const char *src, size_t len) {
  for (size_t i = 0; i < f->probe_count; i++) {
    an_probe *p = &f->probes[i];
    p->count = UINT32_MAX;
    /* The same name is often probed many times: count it once. */
    for (size_t j = 0; j < i; j++) {
      const an_probe *q = &f->probes[j];
      if (q->end_byte - q->start_byte == p->end_byte - p->start_byte &&
          memcmp(src + q->start_byte, src + p->start_byte, p->end_byte - p->start_byte) == 0) {
        p->count = q->count;
        break;
      }
    }
    if (p->count == UINT32_MAX)
      p->count = S_word_count(src, 0, (uint32_t)len, p->start_byte, p->end_byte);
  }
}

static bool S_is_statement(TSNode n) {
  const char *t = ts_node_type(n);
  size_t l = strlen(t);
  return (l > 10 && strcmp(t + l - 10, "_statement") == 0) || strcmp(t, "function_definition") == 0 ||
         strcmp(t, "class_definition") == 0 || strcmp(t, "decorated_definition") == 0;
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

static int S_keys_add(S_keys *k, TSNode n) {
  if (k->count == k->cap) {
    size_t cap = k->cap ? k->cap * 2 : 32;
    S_key *grown = realloc(k->items, cap * sizeof *grown);
    if (!grown) return -1;
    k->items = grown;
    k->cap = cap;
  }
  k->items[k->count++] = (S_key){ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
  return 0;
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

/* True when the new tree has a node of that range and type. */
static bool S_has_node(TSNode root, uint32_t a, uint32_t b, TSSymbol symbol) {
  TSNode n = ts_node_descendant_for_byte_range(root, a, b);
  while (!ts_node_is_null(n) && ts_node_start_byte(n) == a && ts_node_end_byte(n) == b) {
    if (ts_node_symbol(n) == symbol) return true;
    n = ts_node_parent(n);
  }
  return false;
}

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
  if (touches && !S_has_node(r->root, a, b, symbol)) return false;
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

/* True when a name that an old match probed could now be bound differently: it occurs in the
 * statement that changed (before any widening) or a different number of times. */
static bool S_probes_touched(const an_findings *old, const S_region *r, const char *src,
                             size_t len) {
  for (size_t i = 0; i < old->probe_count; i++) {
    an_probe p = old->probes[i];
    uint32_t rs = p.root_start, re = p.root_end;
    if (!S_keep(r, &rs, &re, p.root_symbol)) continue; /* its match is re-run */
    uint32_t ns = S_shift(r, p.start_byte), ne = S_shift(r, p.end_byte);
    if (ne > len) return true;
    /* A token whose binding role changed lies in the statement that changed. */
    if (S_word_count(src, r->stmt_start, r->stmt_end, ns, ne) > 0) return true;
    if (S_word_count(src, 0, (uint32_t)len, ns, ne) != p.count) return true;
  }
  return false;
}

static bool S_meets(TSNode n, uint32_t a, uint32_t b) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (s == e) return s >= a && s <= b;
  return (s < b && e > a) || (a == b && s < a && a < e);
}

/* A comment or a line continuation: text between tokens that no statement owns. (Not
 * ts_node_is_extra: the tokens error recovery skips are extras too.) */
static bool S_is_filler(TSNode n) {
  const char *t = ts_node_type(n);
  return strcmp(t, "comment") == 0 || strcmp(t, "line_continuation") == 0;
}

/* True when no child of `n` but comments meets [a, b]: the change lies between its
 * statements. */
static bool S_in_gap(TSNode n, uint32_t a, uint32_t b) {
  uint32_t count = ts_node_child_count(n);
  if (count == 0) return false;
  for (uint32_t i = 0; i < count; i++) {
    TSNode ch = ts_node_child(n, i);
    if (S_meets(ch, a, b) && !S_is_filler(ch)) return false;
    if (ts_node_start_byte(ch) > b) break;
  }
  return true;
}

/* For patterns that look at the statements around: re-runs the matches rooted at each child
 * of `parent` but `skip`, recording them in `reran`. */
static int S_rerun_children(an_ctx *c, S_scan *sc, const kb *k, const S_info *info,
                            TSNode parent, TSNode skip, S_keys *reran, an_findings *out) {
  bool all = info->any & R_SIBLINGS;
  int rc = 0;
  uint32_t n = ts_node_child_count(parent);
  for (uint32_t i = 0; i < n && rc == 0; i++) {
    TSNode sib = ts_node_child(parent, i);
    /* In a gap, a comment the change met is re-run whatever the patterns' reach. */
    bool met = ts_node_eq(parent, skip) && S_meets(sib, sc->gap_a, sc->gap_b);
    if (!(all && S_sibling_root(info, sib)) && !met) continue;
    if (ts_node_eq(sib, skip) || !kb_can_start_at(k, KB_PITFALL, ts_node_type(sib))) continue;
    sc->only = &sib;
    uint32_t at = ts_node_start_byte(sib);
    rc = S_exec(c, sc, sib, at, at + 1, out);
    if (rc == 0) rc = S_keys_add(reran, sib);
  }
  return rc;
}

int an_pitfalls_update(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                       const unsigned char *enabled, const an_findings *old, an_span ch,
                       an_findings *out) {
  const TSQuery *q = kb_query(k, KB_PITFALL);
  if (!q || !tree) return 0;
  if (old->too_deep || old->truncated || old->unrooted || ch.start > ch.old_end ||
      ch.start > ch.new_end || ch.new_end > len)
    return an_pitfalls(c, k, tree, src, len, enabled, out);
  /* An edit deepens the nesting by at most the brackets it inserts (an opening one) or
   * removes (a closing one): a bound that spares scanning the text while it stays low. */
  uint64_t bound = (uint64_t)old->nesting + (ch.new_end - ch.start) + (ch.old_end - ch.start);
  if (bound > AN_MAX_NESTING) {
    out->nesting = S_nesting(src, len);
    if (out->nesting > AN_MAX_NESTING) {
      out->too_deep = true;
      return 0;
    }
  } else {
    out->nesting = (uint32_t)bound;
  }
  S_info info = {0};
  if (S_info_build(k, KB_PITFALL, q, enabled, &info) != 0) {
    S_info_clear(&info);
    return -1;
  }
  if (info.any & R_ANYWHERE) {
    S_info_clear(&info);
    return an_pitfalls(c, k, tree, src, len, enabled, out);
  }
  /* The statement to re-run: the smallest that holds the change. When the change lies
   * between the statements of a block (a blank line typed, a comment), no statement changed:
   * only the matches rooted at the block and above it are re-run (the "gap" case). */
  TSNode root = ts_tree_root_node(tree);
  TSNode s = ts_node_descendant_for_byte_range(root, ch.start, ch.new_end);
  if (!ts_node_is_null(s) && S_is_filler(s) && !ts_node_eq(s, root)) s = ts_node_parent(s);
  bool gap = !ts_node_is_null(s) && !S_is_statement(s) && S_in_gap(s, ch.start, ch.new_end);
  if (info.any & (R_FRAME | R_CLASS)) gap = false;
  while (!gap && !ts_node_is_null(s) && !ts_node_eq(s, root) && !S_is_statement(s))
    s = ts_node_parent(s);
  if (ts_node_is_null(s)) s = root;
  uint32_t stmt_start = ts_node_start_byte(s), stmt_end = ts_node_end_byte(s);
  /* Patterns that look anywhere in their function (and at the defs nested in it): the
   * outermost function holding the change is re-run (the module when there is none). */
  if (info.any & R_FRAME) {
    TSNode outer = root;
    for (TSNode n = s; !ts_node_is_null(n) && !ts_node_eq(n, root); n = ts_node_parent(n))
      if (strcmp(ts_node_type(n), "function_definition") == 0) outer = n;
    s = outer;
  }
  /* Patterns that look anywhere in their class: the outermost class holding the change. */
  if (info.any & R_CLASS) {
    TSNode outer = s;
    for (TSNode n = s; !ts_node_is_null(n) && !ts_node_eq(n, root); n = ts_node_parent(n))
      if (strcmp(ts_node_type(n), "class_definition") == 0) outer = n;
    s = outer;
  }
  S_keys reran = {0};
  S_region reg = {.ch = ch, .s_start = ts_node_start_byte(s), .s_end = ts_node_end_byte(s),
                  .gap = gap, .stmt_start = stmt_start, .stmt_end = stmt_end, .root = root,
                  .reran = &reran};
  int rc = 0;
  static const char import_word[] = "import";
  out->imports = S_word_count_text(src, 0, (uint32_t)len, import_word);
  if ((info.any & R_IMPORTS) &&
      (out->imports != old->imports ||
       S_word_count_text(src, stmt_start, stmt_end, import_word) > 0)) {
    S_info_clear(&info);
    an_findings_clear(out);
    return an_pitfalls(c, k, tree, src, len, enabled, out);
  }
  if (S_probes_touched(old, &reg, src, len)) {
    S_info_clear(&info);
    return an_pitfalls(c, k, tree, src, len, enabled, out);
  }
  S_scan sc = S_scan_of(c, k, KB_PITFALL, src, len, enabled);
  sc.roots = true;
  sc.info = &info;
  sc.gap_a = ch.start;
  sc.gap_b = ch.new_end;
  if (!gap) {
    /* 1. Every match rooted in the statement. */
    rc = S_exec(c, &sc, s, 0, UINT32_MAX, out);
  } else {
    /* 1. The matches rooted at the block, and at its statements for the patterns that look
     *    at the statements around. */
    if (kb_can_start_at(k, KB_PITFALL, ts_node_type(s))) {
      sc.only = &s;
      uint32_t at = ts_node_start_byte(s);
      rc = S_exec(c, &sc, s, at, at + 1, out);
    }
    rc = rc == 0 ? S_rerun_children(c, &sc, k, &info, s, s, &reran, out) : rc;
  }
  /* 2. The matches rooted at its ancestors, and (for patterns that look at the statements
   *    around) at the ancestors' siblings. */
  TSNode chain = s;
  while (rc == 0 && !out->truncated && !ts_node_eq(chain, root)) {
    TSNode parent = ts_node_parent(chain);
    if (ts_node_is_null(parent)) break;
    rc = S_rerun_children(c, &sc, k, &info, parent, chain, &reran, out);
    if (rc == 0 && kb_can_start_at(k, KB_PITFALL, ts_node_type(parent))) {
      sc.only = &parent;
      uint32_t at = ts_node_start_byte(parent);
      rc = S_exec(c, &sc, parent, at, at + 1, out);
    }
    chain = parent;
  }
  pred_cache_reset(c->cache);
  if (rc == 0 && reran.count) qsort(reran.items, reran.count, sizeof *reran.items, S_cmp_key);
  /* 3. Every other old match, shifted. */
  for (size_t i = 0; rc == 0 && i < old->count; i++) {
    an_finding f = old->items[i];
    if (!S_keep(&reg, &f.root_start, &f.root_end, f.root_symbol)) continue;
    f.start_byte = S_shift(&reg, f.start_byte);
    f.end_byte = S_shift(&reg, f.end_byte);
    f.hint_byte = S_shift(&reg, f.hint_byte);
    rc = S_push(out, &f);
  }
  for (size_t i = 0; rc == 0 && i < old->probe_count; i++) {
    an_probe p = old->probes[i];
    if (!S_keep(&reg, &p.root_start, &p.root_end, p.root_symbol)) continue;
    p.start_byte = S_shift(&reg, p.start_byte);
    p.end_byte = S_shift(&reg, p.end_byte);
    rc = S_push_probe(out, &p);
  }
  free(reran.items);
  S_info_clear(&info);
  if (rc != 0) return -1;
  S_sort_unique(out, 0, false);
  S_sort_probes(out);
  S_count_probes(out, src, len);
  return out->truncated ? 0 : 1;
}
