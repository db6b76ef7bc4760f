#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "kb_internal.h"
#include "sexp.h"
#include "xalloc.h"

/* Building the combined query of each kind: every note's query concatenated, compiled once,
 * its patterns mapped back to their notes, its predicates compiled, its root node types
 * read. A note whose query breaks the combination is found by compiling it alone. */

/* Compiles a query alone, to report its own errors with its own offsets. */
static int S_check_query(const char *path, const char *src, kb_problems *pr) {
  uint32_t offset = 0;
  TSQueryError type = TSQueryErrorNone;
  TSQuery *q = ts_query_new(doc_language(), src, (uint32_t)strlen(src), &offset, &type);
  if (!q) {
    static const char *const names[] = {"none", "syntax", "node type", "field", "capture",
                                        "structure", "language"};
    const char *what = (unsigned)type < sizeof names / sizeof names[0] ? names[type] : "unknown";
    /* Offsets are bytes; a line:column helps a person find them too. */
    int line = 1, col = 1;
    for (uint32_t i = 0; i < offset && src[i]; i++) {
      if (src[i] == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    kb_problems_add(pr, "%s: query error (%s) at byte %u (line %d, column %d)", path, what, offset,
                    line, col);
    return -1;
  }
  int rc = 0;
  uint32_t cap_count = ts_query_capture_count(q), have_construct = 0;
  for (uint32_t i = 0; i < cap_count; i++) {
    uint32_t len;
    const char *name = ts_query_capture_name_for_id(q, i, &len);
    if (len == 9 && strncmp(name, "construct", 9) == 0) have_construct = 1;
  }
  if (ts_query_pattern_count(q) == 0) {
    kb_problems_add(pr, "%s: the query has no pattern", path);
    rc = -1;
  } else if (!have_construct) {
    kb_problems_add(pr, "%s: the query has no @construct capture", path);
    rc = -1;
  }
  char err[256] = "";
  uint32_t bad = 0;
  pred_set *ps = rc == 0 ? pred_set_new(q, doc_language(), err, sizeof err, &bad) : NULL;
  if (rc == 0 && !ps) {
    kb_problems_add(pr, "%s: pattern at byte %u: %s", path, ts_query_start_byte_for_pattern(q, bad),
                    err);
    rc = -1;
  }
  pred_set_free(ps);
  ts_query_delete(q);
  return rc;
}

static int S_add_root(void *ctx, const char *name, size_t len) {
  kb_combined *c = ctx;
  for (size_t i = 0; i < c->root_count; i++) {
    if (strlen(c->roots[i]) == len && strncmp(c->roots[i], name, len) == 0) return 0;
  }
  c->roots = xreallocarray(c->roots, c->root_count + 1, sizeof *c->roots);
  c->roots[c->root_count++] = xstrndup(name, len);
  return 0;
}

static int S_cmp_root(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void kb_combined_clear(kb_combined *c) {
  for (size_t i = 0; i < c->root_count; i++) free(c->roots[i]);
  free(c->roots);
  pred_set_free(c->preds);
  if (c->query) ts_query_delete(c->query);
  free(c->pattern_note);
  free(c->shape);
  free(c->shape_known);
  memset(c, 0, sizeof *c);
  c->construct_capture = c->hint_capture = UINT32_MAX;
}

/* A combined query's source: pieces of note queries, one after the other; piece i starts
 * at starts[i] and comes from note which[i]. */
typedef struct {
  char *src;
  size_t len;
  uint32_t *starts, *which;
  size_t count;
} S_text;

static void S_text_clear(S_text *t) {
  free(t->src);
  free(t->starts);
  free(t->which);
  memset(t, 0, sizeof *t);
}

/* Every query of the notes of `kind`, each note one piece. */
static void S_concat(const kb *k, kb_kind kind, S_text *t) {
  memset(t, 0, sizeof *t);
  size_t total = 0, n_notes = 0;
  for (size_t i = 0; i < k->count; i++) {
    if (k->notes[i]->kind != kind) continue;
    total += strlen(k->notes[i]->query_src) + 2;
    n_notes++;
  }
  if (n_notes == 0) return;
  t->src = xmalloc(total + 1);
  t->starts = xreallocarray(NULL, n_notes, sizeof *t->starts);
  t->which = xreallocarray(NULL, n_notes, sizeof *t->which);
  for (size_t i = 0; i < k->count; i++) {
    if (k->notes[i]->kind != kind) continue;
    t->starts[t->count] = (uint32_t)t->len;
    t->which[t->count++] = (uint32_t)i;
    size_t l = strlen(k->notes[i]->query_src);
    memcpy(t->src + t->len, k->notes[i]->query_src, l);
    t->len += l;
    t->src[t->len++] = '\n';
  }
  t->src[t->len] = '\0';
}

/* Compiles `t` into `c`: the query, each pattern's note, shape and root types, the
 * predicates and the captures. */
static int S_compile(const kb *k, kb_kind kind, const S_text *t, kb_combined *c,
                     kb_problems *pr, bool quiet) {
  kb_combined_clear(c);
  if (t->count == 0) return 0;
  const char *src = t->src;
  size_t len = t->len, n_notes = t->count;
  const uint32_t *starts = t->starts, *which = t->which;
  uint32_t offset;
  TSQueryError type;
  c->query = ts_query_new(doc_language(), src, (uint32_t)len, &offset, &type);
  int rc = 0;
  if (!c->query) {
    /* Each note compiled alone; together they can still fail (e.g. a comment left open at the
     * end of one file). Name the note that holds the offset. */
    size_t at = 0;
    while (at + 1 < n_notes && starts[at + 1] <= offset) at++;
    if (!quiet)
      kb_problems_add(pr, "%s: the query does not combine with the others (error at byte %u)",
                      k->notes[which[at]]->query_path, offset - starts[at]);
    rc = -1;
  } else {
    c->pattern_count = ts_query_pattern_count(c->query);
    size_t np = c->pattern_count ? c->pattern_count : 1;
    c->pattern_note = xreallocarray(NULL, np, sizeof *c->pattern_note);
    c->shape = xreallocarray(NULL, np, sizeof *c->shape);
    c->shape_known = xreallocarray(NULL, np, sizeof *c->shape_known);
    for (uint32_t p = 0; p < c->pattern_count; p++) {
      uint32_t start = ts_query_start_byte_for_pattern(c->query, p);
      c->shape_known[p] = pat_capture_shape(src + start, len - start, "construct", &c->shape[p]) == 0;
      /* A pattern's outermost node type, read off its text: "((module", "[(module" … */
      const char *s = src + start;
      while (*s == '(' || *s == '[' || *s == ' ' || *s == '\t' || *s == '\n') s++;
      if (strncmp(s, "module", 6) == 0 && (s[6] == ')' || s[6] == ' ' || s[6] == '\n'))
        c->module_rooted = true;
      if (!c->any_root && !sexp_pattern_roots(src + start, S_add_root, c)) c->any_root = true;
      size_t at = 0;
      while (at + 1 < n_notes && starts[at + 1] <= start) at++;
      c->pattern_note[p] = which[at];
    }
    if (c->root_count) qsort(c->roots, c->root_count, sizeof *c->roots, S_cmp_root);
    char err[256];
    uint32_t bad = 0;
    c->preds = pred_set_new(c->query, doc_language(), err, sizeof err, &bad);
    if (!c->preds) {
      if (!quiet) kb_problems_add(pr, "combined %s query: %s", kb_kind_name(kind), err);
      rc = -1;
    }
    for (uint32_t i = 0; i < ts_query_capture_count(c->query); i++) {
      uint32_t l;
      const char *name = ts_query_capture_name_for_id(c->query, i, &l);
      if (l == 9 && strncmp(name, "construct", 9) == 0) c->construct_capture = i;
      if (l == 4 && strncmp(name, "hint", 4) == 0) c->hint_capture = i;
      if (i < KB_MAX_CAPTURES && l == 4 && strncmp(name, "hint", 4) == 0) c->hint_alt[i] = 1;
      if (i < KB_MAX_CAPTURES && l == 6 && strncmp(name, "hint.", 5) == 0 && name[5] >= '2' &&
          name[5] <= '9')
        c->hint_alt[i] = (uint8_t)(name[5] - '0');
    }
  }
  if (rc != 0) kb_combined_clear(c);
  return rc;
}

static int S_build_combined(kb *k, kb_kind kind, kb_combined *c, kb_problems *pr, bool quiet) {
  S_text t;
  S_concat(k, kind, &t);
  int rc = S_compile(k, kind, &t, c, pr, quiet);
  S_text_clear(&t);
  return rc;
}

/* ---- the hint view ---- */

void kb_hint_view_clear(kb *k) {
  if (!k || !k->hint_view) return;
  kb_combined_clear(&k->hint_view->combined[KB_EXPLANATION]);
  kb_combined_clear(&k->hint_view->combined[KB_PITFALL]);
  free(k->hint_view);
  k->hint_view = NULL;
}

/* True when pattern p of the explanation query can place a hint: its note has a hint (in
 * some language) and, when the note marks where the hint goes (@hint, @hint.N), the
 * pattern captures such a node. */
static bool S_places_hint(const kb *k, const kb_combined *c, uint32_t p) {
  const kb_note *n = k->notes[c->pattern_note[p]];
  bool hinted = false;
  for (int l = 0; l < KB_LANG_COUNT; l++) hinted |= n->text[l] && n->text[l]->hint;
  if (!hinted) return false;
  if (!n->has_hint_capture) return true;
  uint32_t captures = ts_query_capture_count(c->query);
  for (uint32_t i = 0; i < captures && i < KB_MAX_CAPTURES; i++) {
    if (c->hint_alt[i] && ts_query_capture_quantifier_for_id(c->query, p, i) != TSQuantifierZero)
      return true;
  }
  return false;
}

/* Builds k's hint view from its compiled explanation query: the text of every pattern that
 * places a hint (from its first byte to the next pattern's: the comments between go along),
 * compiled into a query of its own. A smaller query is cheaper to run (fewer patterns to
 * start at each node, fewer predicates to evaluate); the findings are the same. */
static int S_build_hint_view(kb *k) {
  kb_hint_view_clear(k);
  const kb_combined *c = &k->combined[KB_EXPLANATION];
  if (!c->query || !c->pattern_note) return 0;
  S_text all, hint = {0};
  S_concat(k, KB_EXPLANATION, &all);
  int rc = 0;
  hint.src = xmalloc(all.len + c->pattern_count + 1);
  hint.starts = xreallocarray(NULL, c->pattern_count ? c->pattern_count : 1, sizeof *hint.starts);
  hint.which = xreallocarray(NULL, c->pattern_count ? c->pattern_count : 1, sizeof *hint.which);
  kb *v = xcalloc(1, sizeof *v);
  for (uint32_t p = 0; rc == 0 && p < c->pattern_count; p++) {
    if (!S_places_hint(k, c, p)) continue;
    uint32_t a = ts_query_start_byte_for_pattern(c->query, p);
    uint32_t b = p + 1 < c->pattern_count ? ts_query_start_byte_for_pattern(c->query, p + 1)
                                          : (uint32_t)all.len;
    if (b < a || b > all.len) {
      rc = -1;
      break;
    }
    hint.starts[hint.count] = (uint32_t)hint.len;
    hint.which[hint.count++] = c->pattern_note[p];
    memcpy(hint.src + hint.len, all.src + a, b - a);
    hint.len += b - a;
    hint.src[hint.len++] = '\n';
  }
  if (rc == 0) {
    hint.src[hint.len] = '\0';
    for (int i = 0; i < 2; i++) kb_combined_clear(&v->combined[i]);
    v->notes = k->notes;
    v->count = v->cap = k->count;
    rc = S_compile(k, KB_EXPLANATION, &hint, &v->combined[KB_EXPLANATION], NULL, true);
  }
  if (rc == 0) {
    k->hint_view = v;
  } else {
    kb_combined_clear(&v->combined[KB_EXPLANATION]);
    free(v);
  }
  S_text_clear(&all);
  S_text_clear(&hint);
  return rc;
}

const kb *kb_hint_view(const kb *k) { return k->hint_view ? k->hint_view : k; }

/* Drops the notes of `kind` whose query fails on its own, reporting why. Returns how many. */
static size_t S_drop_broken(kb *k, kb_kind kind, kb_problems *pr) {
  size_t w = 0, dropped = 0;
  for (size_t r = 0; r < k->count; r++) {
    kb_note *n = k->notes[r];
    if (n->kind == kind && S_check_query(n->query_path, n->query_src, pr) != 0) {
      kb_note_free(n);
      dropped++;
    } else {
      k->notes[w++] = n;
    }
  }
  k->count = w;
  return dropped;
}

typedef struct {
  kb *k;
  bool hints; /* build the hint view too */
  int rc;
} S_build_job;

static void *S_build_explanations(void *arg) {
  S_build_job *job = arg;
  job->rc = S_build_combined(job->k, KB_EXPLANATION, &job->k->combined[KB_EXPLANATION], NULL,
                             true);
  /* The hint view is built from it, while the other thread still builds the pitfalls. */
  if (job->rc == 0 && job->hints) S_build_hint_view(job->k);
  return NULL;
}

int kb_compile_kinds(kb *k, bool explanations, bool pitfalls, kb_problems *pr) {
  int rc = 0;
  bool want[2] = {explanations, pitfalls};
  if (explanations && pitfalls) {
    /* tree-sitter spends tens of milliseconds analysing each combined query; the two kinds
     * are independent, so they are built side by side. Quiet builds write no problems, and
     * a failure is redone below, one kind at a time, to report it. */
    kb_hint_view_clear(k);
    S_build_job job = {k, true, -1};
    pthread_t tid;
    bool threaded = pthread_create(&tid, NULL, S_build_explanations, &job) == 0;
    S_build_combined(k, KB_PITFALL, &k->combined[KB_PITFALL], NULL, true);
    if (threaded) pthread_join(tid, NULL);
  }
  for (int kind = 0; kind < 2; kind++) {
    if (!want[kind]) continue;
    kb_combined *c = &k->combined[kind];
    if (c->query && c->preds) continue;
    if (S_build_combined(k, (kb_kind)kind, c, pr, true) == 0) continue;
    /* Dropping notes renumbers the others: the other kind's table must be rebuilt too. */
    if (S_drop_broken(k, (kb_kind)kind, pr) > 0) {
      kind = -1;
      for (int i = 0; i < 2; i++) kb_combined_clear(&k->combined[i]);
      kb_hint_view_clear(k);
      continue;
    }
    if (S_build_combined(k, (kb_kind)kind, c, pr, false) != 0) rc = -1;
  }
  /* Out of memory, the view is left out: kb_hint_view gives the whole kb, as good if slower. A
   * view built from an explanation query since rebuilt is stale. */
  if (k->hint_view && (!explanations || !k->combined[KB_EXPLANATION].query ||
                       k->hint_view->notes != k->notes || k->hint_view->count != k->count))
    kb_hint_view_clear(k);
  if (explanations && k->combined[KB_EXPLANATION].query && !k->hint_view) S_build_hint_view(k);
  return rc;
}

int kb_compile(kb *k, kb_problems *pr) { return kb_compile_kinds(k, true, true, pr); }

const TSQuery *kb_query(const kb *k, kb_kind kind) { return k->combined[kind].query; }
const pat_shape *kb_pattern_shape(const kb *k, kb_kind kind, uint32_t p) {
  const kb_combined *c = &k->combined[kind];
  return p < c->pattern_count && c->shape && c->shape_known[p] ? &c->shape[p] : NULL;
}

uint32_t kb_pattern_note(const kb *k, kb_kind kind, uint32_t p) {
  const kb_combined *c = &k->combined[kind];
  return p < c->pattern_count ? c->pattern_note[p] : UINT32_MAX;
}
uint32_t kb_construct_capture(const kb *k, kb_kind kind) {
  return k->combined[kind].construct_capture;
}
uint32_t kb_hint_capture(const kb *k, kb_kind kind) { return k->combined[kind].hint_capture; }
unsigned kb_hint_alternative(const kb *k, kb_kind kind, uint32_t capture) {
  return capture < KB_MAX_CAPTURES ? k->combined[kind].hint_alt[capture] : 0;
}
const pred_set *kb_predicates(const kb *k, kb_kind kind) { return k->combined[kind].preds; }
bool kb_module_rooted(const kb *k, kb_kind kind) { return k->combined[kind].module_rooted; }
bool kb_can_start_at(const kb *k, kb_kind kind, const char *type) {
  const kb_combined *c = &k->combined[kind];
  if (c->any_root) return true;
  if (c->root_count == 0) return false;
  return bsearch(&type, c->roots, c->root_count, sizeof *c->roots, S_cmp_root) != NULL;
}
