#include "predicate.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "facts.h"
#include "scope.h"
#include "pred_tree.h"
#include "xalloc.h"

typedef enum {
  /* text */
  P_EQ,
  P_MATCH,
  P_ANY_OF,
  /* structure (pred_tree.h) */
  P_HAS_ANCESTOR,
  P_HAS_PARENT,
  P_ANCESTOR_FIELD_EQ,
  P_ANCESTOR_FIELD_MATCH,
  P_IN_FIELD,
  P_HAS_DESCENDANT,
  P_ALWAYS_REACHES,
  P_IN_LOOP_OVER,
  P_INNERMOST_ANCESTOR,
  P_ONLY_INDEXES,
  P_CLASS_ATTRIBUTE,
  P_FILE_IMPORTS,
  /* names and scopes (facts.h) */
  P_ENCLOSING,
  P_INSIDE,
  P_BOUND_IN_SCOPE,
  P_BOUND_IN_FILE,
  P_IMPORTED_FROM,
  P_IN_LOOP_THAT_BINDS,
  P_CAPTURES_LOOP_VARIABLE,
  /* closures (scope.h) */
  P_HAS_FREE_VARIABLES
} pred_op;

/* Argument shapes: C = capture (the first is the node the predicate is about; a second and
 * a third are other_capture and third_capture), c = an optional last capture, S = string, R = string
 * compiled as a regex, F = field name, V = capture or string; a last + is one or more
 * strings, a last * zero or more. B and K are like + and * with strings that name binding
 * kinds (B) or frame kinds (K) of facts.h, checked when the query loads. */
static const struct {
  const char *name;
  pred_op op;
  const char *shape;
  bool facts; /* needs the facts of the tree */
} S_table[] = {
    {"eq?", P_EQ, "CV", false},
    {"match?", P_MATCH, "CR", false},
    {"any-of?", P_ANY_OF, "C+", false},
    {"has-ancestor?", P_HAS_ANCESTOR, "C+", false},
    {"has-parent?", P_HAS_PARENT, "C+", false},
    {"ancestor-field-eq?", P_ANCESTOR_FIELD_EQ, "CSFV", false},
    {"ancestor-field-match?", P_ANCESTOR_FIELD_MATCH, "CSFR", false},
    {"in-field?", P_IN_FIELD, "CF+", false},
    {"has-descendant?", P_HAS_DESCENDANT, "C+", false},
    {"always-reaches?", P_ALWAYS_REACHES, "C+", false},
    {"in-loop-over?", P_IN_LOOP_OVER, "CV*", false},
    {"innermost-ancestor?", P_INNERMOST_ANCESTOR, "C+", false},
    {"only-indexes?", P_ONLY_INDEXES, "CCC", false},
    {"class-attribute?", P_CLASS_ATTRIBUTE, "C+", false},
    {"file-imports?", P_FILE_IMPORTS, "C+", false},
    {"enclosing?", P_ENCLOSING, "CK", true},
    {"inside?", P_INSIDE, "CK", true},
    {"bound-in-scope?", P_BOUND_IN_SCOPE, "CB", true},
    {"bound-in-file?", P_BOUND_IN_FILE, "CB", true},
    {"imported-from?", P_IMPORTED_FROM, "CS*", true},
    {"in-loop-that-binds?", P_IN_LOOP_THAT_BINDS, "Cc", true},
    {"captures-loop-variable?", P_CAPTURES_LOOP_VARIABLE, "C", true},
    {"has-free-variables?", P_HAS_FREE_VARIABLES, "C", false},
};

typedef ptree_str pred_str; /* borrowed from the query */

typedef struct {
  pred_op op;
  bool negate;
  uint32_t capture;
  uint32_t other_capture; /* for V arguments given as a capture, c, or a second C;
                           * UINT32_MAX otherwise */
  uint32_t third_capture; /* a third C; UINT32_MAX otherwise */
  pred_str value;         /* for V arguments given as a string */
  pred_str type;          /* for S arguments (a node type) */
  TSFieldId field;
  regex_t *regex;
  pred_str *strings; /* for "+" and "*" shapes */
  uint32_t string_count;
  unsigned kinds;    /* for B and K shapes: the mask of the kinds named (all when none) */
  bool facts;
} pred;

typedef struct {
  pred *preds;
  uint32_t count;
} pred_pattern;

struct pred_set {
  const TSQuery *query;
  pred_pattern *patterns;
  uint32_t pattern_count;
};

struct pred_cache {
  facts *facts;       /* of the tree last asked about; NULL until a predicate needs them */
  ptree_path path;    /* ancestors of the node last asked about */
  scope_memo *scope;  /* for #has-free-variables?; NULL in a cache on the stack */
  scope_memo *own;    /* the cache's own memo (scope may be a caller's) */
};

pred_cache *pred_cache_new(void) {
  pred_cache *c = xcalloc(1, sizeof(pred_cache));
  c->scope = c->own = scope_memo_new();
  return c;
}

scope_memo *pred_cache_use_scope(pred_cache *c, scope_memo *memo) {
  if (!c) return NULL;
  scope_memo *before = c->scope;
  c->scope = memo ? memo : c->own;
  return before;
}

void pred_cache_reset(pred_cache *c) {
  if (!c) return;
  facts_free(c->facts);
  c->facts = NULL;
  ptree_path_forget(&c->path);
  scope_memo_reset(c->own);
}

void pred_cache_free(pred_cache *c) {
  if (!c) return;
  pred_cache_reset(c);
  ptree_path_clear(&c->path);
  scope_memo_free(c->own);
  free(c);
}

static void S_pred_clear(pred *p) {
  if (p->regex) {
    regfree(p->regex);
    free(p->regex);
  }
  free(p->strings);
}

void pred_set_free(pred_set *s) {
  if (!s) return;
  for (uint32_t i = 0; i < s->pattern_count; i++) {
    for (uint32_t j = 0; j < s->patterns[i].count; j++) S_pred_clear(&s->patterns[i].preds[j]);
    free(s->patterns[i].preds);
  }
  free(s->patterns);
  free(s);
}

static int S_fail(char *err, size_t errlen, const char *fmt, const char *a, const char *b) {
  if (errlen) snprintf(err, errlen, fmt, a, b);
  return -1;
}

/* Builds one predicate from steps[0..n) (the name string first). */
static int S_compile_one(const TSQuery *q, const TSLanguage *lang, const TSQueryPredicateStep *steps, uint32_t n,
                         pred *out, char *err, size_t errlen) {
  uint32_t len;
  memset(out, 0, sizeof *out);
  out->other_capture = UINT32_MAX;
  out->third_capture = UINT32_MAX;
  if (n == 0 || steps[0].type != TSQueryPredicateStepTypeString)
    return S_fail(err, errlen, "a predicate must start with its name%s%s", "", "");
  const char *name = ts_query_string_value_for_id(q, steps[0].value_id, &len);
  /* tree-sitter also emits #set! and #is? directives; pylore supports neither. */
  bool negate = strncmp(name, "not-", 4) == 0;
  const char *base = negate ? name + 4 : name;
  size_t k = 0, nt = sizeof S_table / sizeof S_table[0];
  for (; k < nt; k++) {
    if (strcmp(S_table[k].name, base) == 0) break;
  }
  if (k == nt) return S_fail(err, errlen, "unknown predicate #%s%s", name, "");
  out->op = S_table[k].op;
  out->negate = negate;
  out->facts = S_table[k].facts;
  const char *shape = S_table[k].shape;
  uint32_t argc = n - 1;
  const TSQueryPredicateStep *args = steps + 1;
  size_t fixed = strlen(shape);
  char last = shape[fixed - 1];
  /* the minimum and maximum number of arguments */
  size_t min = fixed, max = fixed;
  if (last == '+' || last == 'B' || last == 'K') max = SIZE_MAX;
  if (last == '*' || last == 'c' || last == 'B') min = fixed - 1;
  if (last == '*') max = SIZE_MAX;
  if (argc < min || argc > max) return S_fail(err, errlen, "#%s: wrong number of arguments%s", name, "");
  bool repeat = last == '+' || last == '*' || last == 'B' || last == 'K';
  for (uint32_t i = 0; i < argc; i++) {
    char want = (repeat && i >= fixed - 1) ? last : shape[i];
    if (want == '*') want = '+';
    const TSQueryPredicateStep *a = &args[i];
    bool is_cap = a->type == TSQueryPredicateStepTypeCapture;
    const char *sv = is_cap ? NULL : ts_query_string_value_for_id(q, a->value_id, &len);
    switch (want) {
    case 'C':
      if (!is_cap) return S_fail(err, errlen, "#%s: argument %s must be a capture", name, i == 0 ? "1" : "n");
      if (i == 0)
        out->capture = a->value_id;
      else if (out->other_capture == UINT32_MAX)
        out->other_capture = a->value_id;
      else
        out->third_capture = a->value_id;
      break;
    case 'c':
      if (!is_cap) return S_fail(err, errlen, "#%s: argument %s must be a capture", name, "2");
      out->other_capture = a->value_id;
      break;
    case 'V':
      if (is_cap)
        out->other_capture = a->value_id;
      else
        out->value = (pred_str){sv, len};
      break;
    case 'S':
      if (is_cap) return S_fail(err, errlen, "#%s: expected a string, got a capture%s", name, "");
      out->type = (pred_str){sv, len};
      break;
    case 'B':
    case 'K': {
      if (is_cap) return S_fail(err, errlen, "#%s: expected a kind, got a capture%s", name, "");
      unsigned bit = want == 'B' ? facts_binding_kind_named(sv, len) : facts_frame_kind_named(sv, len);
      if (!bit) return S_fail(err, errlen, "#%s: unknown kind `%s`", name, sv);
      out->kinds |= bit;
      break;
    }
    case 'F': {
      if (is_cap) return S_fail(err, errlen, "#%s: expected a field name, got a capture%s", name, "");
      TSFieldId f = ts_language_field_id_for_name(lang, sv, len);
      if (f == 0) return S_fail(err, errlen, "#%s: unknown field `%s`", name, sv);
      out->field = f;
      break;
    }
    case 'R': {
      if (is_cap) return S_fail(err, errlen, "#%s: expected a regular expression, got a capture%s", name, "");
      out->regex = xmalloc(sizeof *out->regex);
      int rc = regcomp(out->regex, sv, REG_EXTENDED | REG_NOSUB);
      if (rc != 0) {
        char why[128];
        regerror(rc, out->regex, why, sizeof why);
        free(out->regex);
        out->regex = NULL;
        if (errlen) snprintf(err, errlen, "#%s: bad regular expression \"%s\": %s", name, sv, why);
        return -1;
      }
      break;
    }
    case '+': {
      if (is_cap) return S_fail(err, errlen, "#%s: expected strings after the capture%s", name, "");
      out->strings = xreallocarray(out->strings, out->string_count + 1, sizeof *out->strings);
      out->strings[out->string_count++] = (pred_str){sv, len};
      break;
    }
    }
  }
  if ((last == 'B' || last == 'K') && out->kinds == 0) out->kinds = ~0u;
  return 0;
}

pred_set *pred_set_new(const TSQuery *q, const TSLanguage *lang, char *err, size_t errlen, uint32_t *bad_pattern) {
  pred_set *s = xcalloc(1, sizeof *s);
  s->query = q;
  s->pattern_count = ts_query_pattern_count(q);
  s->patterns = xcalloc(s->pattern_count ? s->pattern_count : 1, sizeof *s->patterns);
  for (uint32_t p = 0; p < s->pattern_count; p++) {
    uint32_t nsteps;
    const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(q, p, &nsteps);
    uint32_t start = 0;
    for (uint32_t i = 0; i < nsteps; i++) {
      if (steps[i].type != TSQueryPredicateStepTypeDone) continue;
      pred_pattern *pp = &s->patterns[p];
      pp->preds = xreallocarray(pp->preds, pp->count + 1, sizeof *pp->preds);
      if (S_compile_one(q, lang, steps + start, i - start, &pp->preds[pp->count], err, errlen) != 0) {
        S_pred_clear(&pp->preds[pp->count]);
        if (bad_pattern) *bad_pattern = p;
        pred_set_free(s);
        return NULL;
      }
      pp->count++;
      start = i + 1;
    }
  }
  return s;
}

bool pred_set_trivial(const pred_set *s, uint32_t pattern_index) {
  return pattern_index >= s->pattern_count || s->patterns[pattern_index].count == 0;
}

/* ---- evaluation ---- */

static bool S_text_eq(const char *src, size_t len, TSNode n, const char *s, size_t slen) {
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (b > len || a > b) return false;
  return (size_t)(b - a) == slen && memcmp(src + a, s, slen) == 0;
}

static bool S_nodes_text_eq(const char *src, size_t len, TSNode x, TSNode y) {
  uint32_t b = ts_node_end_byte(y), a = ts_node_start_byte(y);
  if (b > len || a > b) return false;
  return S_text_eq(src, len, x, src + a, b - a);
}

static bool S_regex_node(const regex_t *re, const char *src, size_t len, TSNode n) {
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (b > len || a > b) return false;
  char small[256];
  size_t k = b - a;
  char *buf = k < sizeof small ? small : xmalloc(k + 1);
  memcpy(buf, src + a, k);
  buf[k] = '\0';
  bool ok = regexec(re, buf, 0, NULL, 0) == 0;
  if (buf != small) free(buf);
  return ok;
}

static bool S_capture_node(const TSQueryMatch *m, uint32_t index, TSNode *out) {
  for (uint16_t i = 0; i < m->capture_count; i++) {
    if (m->captures[i].index == index) {
      *out = m->captures[i].node;
      return true;
    }
  }
  return false;
}

/* The facts of n's tree, built on first use and kept in the cache until it is reset. */
static facts *S_facts(pred_cache *cache, pred_cache *local, TSNode n, const char *src, size_t len) {
  pred_cache *pc = cache ? cache : local;
  if (pc->facts && facts_tree(pc->facts) != n.tree) {
    facts_free(pc->facts);
    pc->facts = NULL;
  }
  if (!pc->facts) pc->facts = facts_new(n.tree, src, len);
  return pc->facts;
}

static bool S_eval_facts(const pred *p, TSNode n, const TSQueryMatch *m, facts *f,
                         ptree_path *path) {
  switch (p->op) {
  case P_ENCLOSING:
    return (facts_enclosing(f, path, n) & p->kinds) != 0;
  case P_INSIDE:
    return (facts_inside(f, path, n) & p->kinds) != 0;
  case P_BOUND_IN_SCOPE:
    return (facts_bound_in_scope(f, path, n) & p->kinds) != 0;
  case P_BOUND_IN_FILE:
    return (facts_bound_in_file(f, n) & p->kinds) != 0;
  case P_IMPORTED_FROM:
    if (p->string_count == 0) return facts_imported_from(f, path, n, p->type.str, p->type.len, NULL, 0);
    for (uint32_t i = 0; i < p->string_count; i++) {
      if (facts_imported_from(f, path, n, p->type.str, p->type.len, p->strings[i].str, p->strings[i].len))
        return true;
    }
    return false;
  case P_IN_LOOP_THAT_BINDS: {
    TSNode name = n;
    if (p->other_capture != UINT32_MAX && !S_capture_node(m, p->other_capture, &name)) return false;
    return facts_in_loop_that_binds(f, path, n, name);
  }
  case P_CAPTURES_LOOP_VARIABLE:
    return facts_captures_loop_variable(f, path, n);
  default:
    return false;
  }
}

static bool S_eval_node(const pred *p, TSNode n, const TSQueryMatch *m, const char *src,
                        size_t len, pred_cache *cache, pred_cache *local) {
  pred_cache *pc = cache ? cache : local;
  /* `handlers.append(cb)` is everywhere; only a def of that name in a block around it
   * makes the question worth the tree's facts. */
  if (p->op == P_CAPTURES_LOOP_VARIABLE && strcmp(ts_node_type(n), "identifier") == 0) {
    ptree_path_of(&pc->path, n);
    if (!ptree_def_before(&pc->path, n, src, len)) return false;
  }
  if (p->facts) {
    facts *f = S_facts(cache, local, n, src, len);
    return f && S_eval_facts(p, n, m, f, &pc->path);
  }
  switch (p->op) {
  case P_EQ: {
    TSNode other;
    if (p->other_capture != UINT32_MAX)
      return !S_capture_node(m, p->other_capture, &other) || S_nodes_text_eq(src, len, n, other);
    return S_text_eq(src, len, n, p->value.str, p->value.len);
  }
  case P_MATCH:
    return S_regex_node(p->regex, src, len, n);
  case P_ANY_OF:
    for (uint32_t i = 0; i < p->string_count; i++) {
      if (S_text_eq(src, len, n, p->strings[i].str, p->strings[i].len)) return true;
    }
    return false;
  case P_HAS_DESCENDANT:
    return ptree_has_descendant(n, p->strings, p->string_count);
  case P_FILE_IMPORTS:
    return ptree_file_imports(n, src, len, p->strings, p->string_count);
  case P_ONLY_INDEXES: {
    TSNode region, seq;
    if (!S_capture_node(m, p->other_capture, &region) || !S_capture_node(m, p->third_capture, &seq))
      return false;
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    uint32_t sa = ts_node_start_byte(seq), sb = ts_node_end_byte(seq);
    if (b > len || a > b || sb > len || sa > sb) return false;
    return ptree_only_indexes(region, src, len, src + a, b - a, src + sa, sb - sa);
  }
  case P_HAS_FREE_VARIABLES:
    return scope_free_variables(n, src, len, cache ? cache->scope : NULL, NULL, 0) > 0;
  default:
    break;
  }
  /* The rest look at the ancestors, found once per node. */
  ptree_path_of(&pc->path, n);
  const ptree_path *path = &pc->path;
  switch (p->op) {
  case P_HAS_ANCESTOR:
    for (size_t i = 0; i < path->depth; i++) {
      if (ptree_type_in(path->nodes[i], p->strings, p->string_count)) return true;
    }
    return false;
  case P_HAS_PARENT:
    return path->depth > 0 && ptree_type_in(path->nodes[path->depth - 1], p->strings, p->string_count);
  case P_IN_FIELD:
    /* some ancestor of one of the types holds n (or n's ancestor) in that field */
    for (size_t i = 0; i < path->depth; i++) {
      if (path->fields[i + 1] == p->field && ptree_type_in(path->nodes[i], p->strings, p->string_count))
        return true;
    }
    return false;
  case P_ANCESTOR_FIELD_EQ:
  case P_ANCESTOR_FIELD_MATCH: {
    TSNode other;
    bool have_other = false;
    if (p->op == P_ANCESTOR_FIELD_EQ && p->other_capture != UINT32_MAX) {
      have_other = S_capture_node(m, p->other_capture, &other);
      if (!have_other) return false;
    }
    for (size_t i = path->depth; i-- > 0;) {
      TSNode a = path->nodes[i];
      if (path->fields[i + 1] == p->field || !ptree_type_in(a, &p->type, 1)) continue;
      TSNode fnode = ts_node_child_by_field_id(a, p->field);
      if (ts_node_is_null(fnode)) continue;
      bool hit = p->op == P_ANCESTOR_FIELD_MATCH ? S_regex_node(p->regex, src, len, fnode)
                 : have_other                    ? S_nodes_text_eq(src, len, fnode, other)
                                                 : S_text_eq(src, len, fnode, p->value.str, p->value.len);
      if (hit) return true;
    }
    return false;
  }
  case P_INNERMOST_ANCESTOR:
    /* of the ancestors with one of the types, the innermost has the first type */
    for (size_t i = path->depth; i-- > 0;) {
      if (ptree_type_in(path->nodes[i], p->strings, p->string_count))
        return ptree_type_in(path->nodes[i], p->strings, 1);
    }
    return false;
  case P_ALWAYS_REACHES:
    return ptree_always_reaches(path, n, p->strings, p->string_count);
  case P_CLASS_ATTRIBUTE:
    return ptree_class_attribute(path, n, src, len, p->strings, p->string_count);
  case P_IN_LOOP_OVER: {
    TSNode seq;
    if (p->other_capture != UINT32_MAX) {
      if (!S_capture_node(m, p->other_capture, &seq)) return false;
      uint32_t a = ts_node_start_byte(seq), b = ts_node_end_byte(seq);
      if (b > len || a > b) return false;
      return ptree_in_loop_over(path, n, src, len, src + a, b - a, p->strings, p->string_count);
    }
    return ptree_in_loop_over(path, n, src, len, p->value.str, p->value.len, p->strings, p->string_count);
  }
  default:
    return false;
  }
}

static bool S_eval(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len,
                   pred_cache *cache, bool skip_file) {
  if (m->pattern_index >= s->pattern_count) return true;
  const pred_pattern *pp = &s->patterns[m->pattern_index];
  pred_cache local;
  memset(&local, 0, sizeof local);
  bool ok = true;
  for (uint32_t i = 0; i < pp->count && ok; i++) {
    const pred *p = &pp->preds[i];
    if (skip_file && (p->op == P_BOUND_IN_FILE || p->op == P_BOUND_IN_SCOPE ||
                      p->op == P_IMPORTED_FROM || p->op == P_CLASS_ATTRIBUTE ||
                      p->op == P_ALWAYS_REACHES || p->op == P_IN_LOOP_OVER ||
                      p->op == P_IN_LOOP_THAT_BINDS || p->op == P_CAPTURES_LOOP_VARIABLE ||
                      p->op == P_ONLY_INDEXES))
      continue;
    TSNode other;
    /* With the value capture absent (optional) there is nothing to compare: neither form
     * vetoes the match, as when the first capture is absent. Evaluating it would make
     * `#eq?` hold and so `#not-eq?` veto. */
    if (p->other_capture != UINT32_MAX && !S_capture_node(m, p->other_capture, &other)) continue;
    if (p->third_capture != UINT32_MAX && !S_capture_node(m, p->third_capture, &other)) continue;
    /* A predicate holds when it holds for every node of its capture (quantified captures
     * give several); a capture absent from the match (optional) does not veto it. */
    for (uint16_t c = 0; c < m->capture_count && ok; c++) {
      if (m->captures[c].index != p->capture) continue;
      if (S_eval_node(p, m->captures[c].node, m, src, len, cache, &local) == p->negate) ok = false;
    }
  }
  facts_free(local.facts);
  ptree_path_clear(&local.path);
  return ok;
}

bool pred_set_eval(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len,
                   pred_cache *cache) {
  return S_eval(s, m, src, len, cache, false);
}

bool pred_set_eval_local(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len) {
  return S_eval(s, m, src, len, NULL, true);
}
