#include "predicate.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "scope.h"

typedef enum {
  P_EQ,
  P_MATCH,
  P_ANY_OF,
  P_HAS_ANCESTOR,
  P_HAS_PARENT,
  P_IN_ASYNC_FUNCTION,
  P_ANCESTOR_FIELD_EQ,
  P_ANCESTOR_FIELD_MATCH,
  P_HAS_DESCENDANT,
  P_USES_LOOP_VARIABLE,
  P_BOUND_IN_FILE,
  P_IS_PARAMETER,
  P_IN_FIELD,
  P_PARENT_HAS_DESCENDANT,
  P_PREVIOUS_DEF_USES_LOOP_VARIABLE,
  P_HAS_FREE_VARIABLES
} pred_op;

/* Argument shapes: C = capture, S = string, R = string compiled as a regex, F = field name,
 * V = capture or string, + = one or more strings. */
static const struct {
  const char *name;
  pred_op op;
  const char *shape;
} S_table[] = {
    {"eq?", P_EQ, "CV"},
    {"match?", P_MATCH, "CR"},
    {"any-of?", P_ANY_OF, "C+"},
    {"has-ancestor?", P_HAS_ANCESTOR, "C+"},
    {"has-parent?", P_HAS_PARENT, "C+"},
    {"in-async-function?", P_IN_ASYNC_FUNCTION, "C"},
    {"ancestor-field-eq?", P_ANCESTOR_FIELD_EQ, "CSFV"},
    {"ancestor-field-match?", P_ANCESTOR_FIELD_MATCH, "CSFR"},
    {"has-descendant?", P_HAS_DESCENDANT, "C+"},
    {"uses-loop-variable?", P_USES_LOOP_VARIABLE, "C"},
    {"bound-in-file?", P_BOUND_IN_FILE, "C"},
    {"is-parameter?", P_IS_PARAMETER, "C"},
    {"in-field?", P_IN_FIELD, "CF+"},
    {"parent-has-descendant?", P_PARENT_HAS_DESCENDANT, "C+"},
    {"previous-def-uses-loop-variable?", P_PREVIOUS_DEF_USES_LOOP_VARIABLE, "C"},
    {"has-free-variables?", P_HAS_FREE_VARIABLES, "C"},
};

typedef struct {
  const char *str; /* borrowed from the query */
  uint32_t len;
} pred_str;

typedef struct {
  pred_op op;
  bool negate;
  uint32_t capture;
  uint32_t other_capture; /* for V arguments given as a capture; UINT32_MAX otherwise */
  pred_str value;         /* for V arguments given as a string */
  pred_str type;          /* for S arguments (a node type) */
  TSFieldId field;
  regex_t *regex;
  pred_str *strings; /* for "+" shapes */
  uint32_t string_count;
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
  const char *shape = S_table[k].shape;
  uint32_t argc = n - 1;
  const TSQueryPredicateStep *args = steps + 1;
  size_t fixed = strlen(shape);
  bool variadic = shape[fixed - 1] == '+';
  if (variadic ? argc < fixed : argc != fixed)
    return S_fail(err, errlen, "#%s: wrong number of arguments%s", name, "");
  for (uint32_t i = 0; i < argc; i++) {
    char want = (variadic && i >= fixed - 1) ? '+' : shape[i];
    const TSQueryPredicateStep *a = &args[i];
    bool is_cap = a->type == TSQueryPredicateStepTypeCapture;
    const char *sv = is_cap ? NULL : ts_query_string_value_for_id(q, a->value_id, &len);
    switch (want) {
    case 'C':
      if (!is_cap) return S_fail(err, errlen, "#%s: argument %s must be a capture", name, i == 0 ? "1" : "n");
      out->capture = a->value_id;
      break;
    case 'V':
      if (is_cap)
        out->other_capture = a->value_id;
      else
        out->value = (pred_str){sv, len};
      break;
    case 'S':
      if (is_cap) return S_fail(err, errlen, "#%s: expected a node type, got a capture%s", name, "");
      out->type = (pred_str){sv, len};
      break;
    case 'F': {
      if (is_cap) return S_fail(err, errlen, "#%s: expected a field name, got a capture%s", name, "");
      TSFieldId f = ts_language_field_id_for_name(lang, sv, len);
      if (f == 0) return S_fail(err, errlen, "#%s: unknown field `%s`", name, sv);
      out->field = f;
      break;
    }
    case 'R': {
      if (is_cap) return S_fail(err, errlen, "#%s: expected a regular expression, got a capture%s", name, "");
      out->regex = malloc(sizeof *out->regex);
      if (!out->regex) return S_fail(err, errlen, "out of memory%s%s", "", "");
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
      pred_str *grown = realloc(out->strings, (out->string_count + 1) * sizeof *grown);
      if (!grown) return S_fail(err, errlen, "out of memory%s%s", "", "");
      out->strings = grown;
      out->strings[out->string_count++] = (pred_str){sv, len};
      break;
    }
    }
  }
  return 0;
}

pred_set *pred_set_new(const TSQuery *q, const TSLanguage *lang, char *err, size_t errlen, uint32_t *bad_pattern) {
  pred_set *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->query = q;
  s->pattern_count = ts_query_pattern_count(q);
  s->patterns = calloc(s->pattern_count ? s->pattern_count : 1, sizeof *s->patterns);
  if (!s->patterns) {
    free(s);
    return NULL;
  }
  for (uint32_t p = 0; p < s->pattern_count; p++) {
    uint32_t nsteps;
    const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(q, p, &nsteps);
    uint32_t start = 0;
    for (uint32_t i = 0; i < nsteps; i++) {
      if (steps[i].type != TSQueryPredicateStepTypeDone) continue;
      pred_pattern *pp = &s->patterns[p];
      pred *grown = realloc(pp->preds, (pp->count + 1) * sizeof *grown);
      if (!grown) {
        pred_set_free(s);
        return NULL;
      }
      pp->preds = grown;
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

/* ---- helpers over nodes ----
 * ts_node_parent costs a walk down from the root, so climbing is quadratic in the depth:
 * ancestor searches stop after S_MAX_UP levels, which only matters for absurd nesting
 * (generated code, 50,000 brackets) and keeps such files from stalling the server. */
#define S_MAX_UP 256

/* The ancestors of `n`, innermost first (out[0] is its parent), at most S_MAX_UP of them.
 * They are found on one walk down from the root: climbing with ts_node_parent walks down
 * once per level. */
static int S_ancestors(TSNode n, TSNode out[S_MAX_UP]) {
  TSNode ring[S_MAX_UP];
  size_t count = 0;
  uint32_t ns = ts_node_start_byte(n), ne = ts_node_end_byte(n);
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(n.tree));
  bool found = false;
  for (;;) {
    TSNode cur = ts_tree_cursor_current_node(&c);
    if (ts_node_eq(cur, n)) {
      found = true;
      break;
    }
    ring[count % S_MAX_UP] = cur;
    count++;
    /* The children before the first that reaches `ns` are skipped without being visited. */
    if (ts_tree_cursor_goto_first_child_for_byte(&c, ns) < 0) break;
    bool in = false;
    for (;;) {
      TSNode k = ts_tree_cursor_current_node(&c);
      uint32_t ks = ts_node_start_byte(k), ke = ts_node_end_byte(k);
      /* Only one child holds a non-empty range; an empty node (a MISSING token) can sit
       * where two meet, so it must be the node itself. */
      in = ts_node_eq(k, n) || (ks <= ns && ne <= ke && ns < ke);
      if (in || ks > ns || !ts_tree_cursor_goto_next_sibling(&c)) break;
    }
    if (!in) break;
  }
  ts_tree_cursor_delete(&c);
  int got = 0;
  if (found) {
    for (size_t i = 0; i < count && i < S_MAX_UP; i++) out[got++] = ring[(count - 1 - i) % S_MAX_UP];
  } else {
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p) && got < S_MAX_UP; p = ts_node_parent(p))
      out[got++] = p;
  }
  return got;
}

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
  char *buf = k < sizeof small ? small : malloc(k + 1);
  if (!buf) return false;
  memcpy(buf, src + a, k);
  buf[k] = '\0';
  bool ok = regexec(re, buf, 0, NULL, 0) == 0;
  if (buf != small) free(buf);
  return ok;
}

static bool S_type_in(TSNode n, const pred_str *types, uint32_t count) {
  const char *t = ts_node_type(n);
  size_t tl = strlen(t);
  for (uint32_t i = 0; i < count; i++) {
    if (types[i].len == tl && memcmp(types[i].str, t, tl) == 0) return true;
  }
  return false;
}

static bool S_type_is(TSNode n, const char *type) { return strcmp(ts_node_type(n), type) == 0; }

static bool S_contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) &&
         ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

static bool S_is_scope(TSNode n) {
  return S_type_is(n, "function_definition") || S_type_is(n, "lambda") ||
         S_type_is(n, "class_definition");
}

static bool S_in_async_function(TSNode n) {
  TSNode up[S_MAX_UP];
  int nup = S_ancestors(n, up);
  for (int i_up = 0; i_up < nup; i_up++) {
    TSNode p = up[i_up];
    if (S_type_is(p, "lambda")) return false;
    if (S_type_is(p, "function_definition")) {
      TSNode first = ts_node_child(p, 0);
      return !ts_node_is_null(first) && S_type_is(first, "async");
    }
  }
  return false;
}

/* Visits the subtree of `root` in document order without recursion (trees can be deep),
 * not entering nested scopes when `skip_scopes`. Stops when `visit` returns true. */
typedef bool (*S_visit_fn)(TSNode n, TSTreeCursor *c, void *ctx);
static bool S_walk(TSNode root, bool skip_scopes, S_visit_fn visit, void *ctx) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool found = false;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    bool is_root = ts_node_eq(n, root);
    if (!is_root && visit(n, &c, ctx)) {
      found = true;
      break;
    }
    bool descend = is_root || !(skip_scopes && S_is_scope(n));
    if (!doc_cursor_next(&c, descend, NULL)) break;
  }
  ts_tree_cursor_delete(&c);
  return found;
}

typedef struct {
  const pred_str *types;
  uint32_t count;
} S_types_ctx;

static bool S_visit_type(TSNode n, TSTreeCursor *c, void *ctx) {
  (void)c;
  S_types_ctx *t = ctx;
  return S_type_in(n, t->types, t->count);
}

/* ---- uses-loop-variable? ---- */

#define S_MAX_NAMES 32
typedef struct {
  const char *src;
  size_t len;
  TSNode names[S_MAX_NAMES]; /* loop variables */
  uint32_t name_count;
  TSNode params[S_MAX_NAMES];
  uint32_t param_count;
} S_loop_ctx;

static bool S_collect_identifiers(TSNode n, TSTreeCursor *c, void *ctx) {
  (void)c;
  S_loop_ctx *l = ctx;
  if (S_type_is(n, "identifier") && l->name_count < S_MAX_NAMES) l->names[l->name_count++] = n;
  return false;
}

static bool S_is_param_name(TSNode n, TSTreeCursor *c, void *ctx) {
  S_loop_ctx *l = ctx;
  if (!S_type_is(n, "identifier") || l->param_count >= S_MAX_NAMES) return false;
  TSNode parent = ts_node_parent(n);
  const char *pt = ts_node_type(parent);
  const char *field = ts_tree_cursor_current_field_name(c);
  /* A `name` field names a parameter only in a default parameter: in a default value such
   * as `a=g(i=1)` it is a keyword argument's name. */
  bool is_name = strcmp(pt, "parameters") == 0 || strcmp(pt, "lambda_parameters") == 0 ||
                 strcmp(pt, "list_splat_pattern") == 0 ||
                 strcmp(pt, "dictionary_splat_pattern") == 0 ||
                 (field && strcmp(field, "name") == 0 &&
                  (strcmp(pt, "default_parameter") == 0 ||
                   strcmp(pt, "typed_default_parameter") == 0)) ||
                 (strcmp(pt, "typed_parameter") == 0 && !field);
  if (is_name) l->params[l->param_count++] = n;
  return false;
}

static bool S_reads_loop_var(TSNode n, TSTreeCursor *c, void *ctx) {
  S_loop_ctx *l = ctx;
  if (!S_type_is(n, "identifier")) return false;
  const char *field = c ? ts_tree_cursor_current_field_name(c) : NULL;
  if (field && (strcmp(field, "attribute") == 0 || strcmp(field, "name") == 0)) {
    /* `obj.i` and `f(i=…)` do not read a variable named i. */
    TSNode parent = ts_node_parent(n);
    if (S_type_is(parent, "attribute") || S_type_is(parent, "keyword_argument")) return false;
  }
  for (uint32_t i = 0; i < l->name_count; i++) {
    if (!S_nodes_text_eq(l->src, l->len, n, l->names[i])) continue;
    bool shadowed = false;
    for (uint32_t j = 0; j < l->param_count && !shadowed; j++)
      shadowed = S_nodes_text_eq(l->src, l->len, n, l->params[j]);
    if (!shadowed) return true;
  }
  return false;
}

static bool S_uses_loop_variable(TSNode fn, const char *src, size_t len) {
  S_loop_ctx l = {.src = src, .len = len};
  TSNode up[S_MAX_UP];
  int nup = S_ancestors(fn, up);
  for (int i_up = 0; i_up < nup; i_up++) {
    TSNode p = up[i_up];
    if (S_is_scope(p)) break;
    if (S_type_is(p, "for_statement")) {
      TSNode body = ts_node_child_by_field_name(p, "body", 4);
      TSNode left = ts_node_child_by_field_name(p, "left", 4);
      if (!ts_node_is_null(body) && !ts_node_is_null(left) && S_contains(body, fn)) {
        if (S_type_is(left, "identifier")) {
          if (l.name_count < S_MAX_NAMES) l.names[l.name_count++] = left;
        } else {
          S_walk(left, false, S_collect_identifiers, &l);
        }
      }
    } else if (S_type_is(p, "list_comprehension") || S_type_is(p, "set_comprehension") ||
               S_type_is(p, "dictionary_comprehension") || S_type_is(p, "generator_expression")) {
      TSNode body = ts_node_child_by_field_name(p, "body", 4);
      if (ts_node_is_null(body) || !S_contains(body, fn)) continue;
      uint32_t nc = ts_node_named_child_count(p);
      for (uint32_t i = 0; i < nc; i++) {
        TSNode clause = ts_node_named_child(p, i);
        if (!S_type_is(clause, "for_in_clause")) continue;
        TSNode left = ts_node_child_by_field_name(clause, "left", 4);
        if (ts_node_is_null(left)) continue;
        if (S_type_is(left, "identifier")) {
          if (l.name_count < S_MAX_NAMES) l.names[l.name_count++] = left;
        } else {
          S_walk(left, false, S_collect_identifiers, &l);
        }
      }
    }
  }
  if (l.name_count == 0) return false;
  TSNode params = ts_node_child_by_field_name(fn, "parameters", 10);
  if (!ts_node_is_null(params)) S_walk(params, true, S_is_param_name, &l);
  TSNode body = ts_node_child_by_field_name(fn, "body", 4);
  if (ts_node_is_null(body)) return false;
  if (S_type_is(body, "identifier")) return S_reads_loop_var(body, NULL, &l) ;
  return S_walk(body, false, S_reads_loop_var, &l);
}

/* The `def` just before the statement that holds `n`, when it is named like `n` and reads a
 * loop variable (as #uses-loop-variable?): `def cb(): use(i)` then `handlers.append(cb)`. */
static bool S_previous_def_uses_loop_variable(TSNode n, const char *src, size_t len) {
  TSNode stmt = n;
  TSNode up[S_MAX_UP];
  int nup = S_ancestors(n, up);
  for (int i_up = 0; i_up < nup; i_up++) {
    TSNode p = up[i_up];
    if (S_type_is(p, "block") || S_type_is(p, "module")) break;
    stmt = p;
  }
  TSNode prev = ts_node_prev_named_sibling(stmt);
  if (ts_node_is_null(prev) || !S_type_is(prev, "function_definition")) return false;
  TSNode name = ts_node_child_by_field_name(prev, "name", 4);
  if (ts_node_is_null(name) || !S_nodes_text_eq(src, len, name, n)) return false;
  return S_uses_loop_variable(prev, src, len);
}

/* ---- not-bound-in-file? ---- */

struct pred_cache {
  const TSTree *tree; /* whose names `names` holds; NULL when empty */
  char **names;       /* sorted, every name bound somewhere in the file */
  size_t count, cap;
  scope_memo *scope;  /* for #has-free-variables?; NULL in a cache on the stack */
  scope_memo *own;    /* the cache's own memo (scope may be a caller's) */
};

pred_cache *pred_cache_new(void) {
  pred_cache *c = calloc(1, sizeof(pred_cache));
  if (c && !(c->scope = c->own = scope_memo_new())) {
    free(c);
    return NULL;
  }
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
  for (size_t i = 0; i < c->count; i++) free(c->names[i]);
  c->count = 0;
  c->tree = NULL;
  scope_memo_reset(c->own);
}

void pred_cache_free(pred_cache *c) {
  if (!c) return;
  pred_cache_reset(c);
  scope_memo_free(c->own);
  free(c->names);
  free(c);
}

/* Is this identifier (the cursor's current node) in a position that binds a name? */
static bool S_is_binding(TSNode n, TSTreeCursor *c) {
  TSNode parent = ts_node_parent(n);
  const char *pt = ts_node_type(parent);
  const char *field = ts_tree_cursor_current_field_name(c);
  static const char *const binding_parents[] = {
      "parameters", "lambda_parameters", "list_splat_pattern", "dictionary_splat_pattern",
      "pattern_list", "tuple_pattern", "list_pattern", "global_statement", "nonlocal_statement",
      "as_pattern_target", "typed_parameter", "dotted_name", "aliased_import"};
  for (size_t i = 0; i < sizeof binding_parents / sizeof binding_parents[0]; i++) {
    if (strcmp(pt, binding_parents[i]) != 0) continue;
    if (strcmp(pt, "dotted_name") == 0) {
      /* `import a.b` binds only a and `from m import c` binds c; the module a from-import
       * reads from binds nothing, nor does a name renamed with `as` (the alias is bound). */
      TSNode gp = ts_node_parent(parent);
      const char *gt = ts_node_type(gp);
      if (strcmp(gt, "import_statement") == 0) return ts_node_eq(ts_node_named_child(parent, 0), n);
      if (strcmp(gt, "import_from_statement") == 0 || strcmp(gt, "future_import_statement") == 0)
        return !ts_node_eq(ts_node_child_by_field_name(gp, "module_name", 11), parent);
      return false;
    }
    return true;
  }
  if (!field) return false;
  if (strcmp(field, "name") == 0)
    return strcmp(pt, "function_definition") == 0 || strcmp(pt, "class_definition") == 0 ||
           strcmp(pt, "default_parameter") == 0 || strcmp(pt, "typed_default_parameter") == 0 ||
           strcmp(pt, "named_expression") == 0 || strcmp(pt, "aliased_import") == 0;
  if (strcmp(field, "left") == 0)
    return strcmp(pt, "assignment") == 0 || strcmp(pt, "augmented_assignment") == 0 ||
           strcmp(pt, "for_statement") == 0 || strcmp(pt, "for_in_clause") == 0;
  if (strcmp(field, "alias") == 0) return true;
  return false;
}

typedef struct {
  const char *src;
  size_t len;
  pred_cache *cache;
} S_bound_ctx;

static bool S_collect_binding(TSNode n, TSTreeCursor *c, void *ctx) {
  S_bound_ctx *b = ctx;
  if (!S_type_is(n, "identifier") || !S_is_binding(n, c)) return false;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > b->len || s >= e) return false;
  pred_cache *pc = b->cache;
  if (pc->count == pc->cap) {
    size_t cap = pc->cap ? pc->cap * 2 : 64;
    char **grown = realloc(pc->names, cap * sizeof *grown);
    if (!grown) return false;
    pc->names = grown;
    pc->cap = cap;
  }
  char *name = malloc(e - s + 1);
  if (!name) return false;
  memcpy(name, b->src + s, e - s);
  name[e - s] = '\0';
  pc->names[pc->count++] = name;
  return false;
}

static int S_cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names bound in the file are collected once per tree (one walk), then looked up. */
static bool S_bound_in_file(TSNode n, const char *src, size_t len, pred_cache *cache) {
  TSNode root = ts_tree_root_node(n.tree);
  pred_cache local = {0};
  pred_cache *pc = cache ? cache : &local;
  if (pc->tree != n.tree) {
    pred_cache_reset(pc);
    S_bound_ctx b = {src, len, pc};
    S_walk(root, false, S_collect_binding, &b);
    if (pc->count) qsort(pc->names, pc->count, sizeof *pc->names, S_cmp_name);
    pc->tree = n.tree;
  }
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  bool found = false;
  if (pc->count > 0 && e <= len && s < e && e - s < 256) {
    char key[256];
    memcpy(key, src + s, e - s);
    key[e - s] = '\0';
    const char *k = key;
    found = bsearch(&k, pc->names, pc->count, sizeof *pc->names, S_cmp_name) != NULL;
  }
  if (pc == &local) {
    pred_cache_reset(&local);
    free(local.names);
  }
  return found;
}

/* ---- is-parameter? ---- */

/* True when the identifier names a parameter of the innermost enclosing def or lambda. */
static bool S_is_parameter(TSNode n, const char *src, size_t len) {
  TSNode fn;
  memset(&fn, 0, sizeof fn);
  TSNode up[S_MAX_UP];
  int nup = S_ancestors(n, up);
  for (int i_up = 0; i_up < nup; i_up++) {
    TSNode p = up[i_up];
    if (S_type_is(p, "function_definition") || S_type_is(p, "lambda")) {
      fn = p;
      break;
    }
    if (S_type_is(p, "class_definition")) return false;
  }
  if (ts_node_is_null(fn)) return false;
  TSNode params = ts_node_child_by_field_name(fn, "parameters", 10);
  if (ts_node_is_null(params)) return false;
  S_loop_ctx l = {.src = src, .len = len};
  S_walk(params, true, S_is_param_name, &l);
  for (uint32_t i = 0; i < l.param_count; i++) {
    if (S_nodes_text_eq(src, len, n, l.params[i])) return true;
  }
  return false;
}

/* ---- evaluation ---- */

static bool S_eval_node(const pred *p, TSNode n, const TSQueryMatch *m, const char *src,
                        size_t len, pred_cache *cache) {
  switch (p->op) {
  case P_EQ:
    if (p->other_capture != UINT32_MAX) {
      for (uint16_t i = 0; i < m->capture_count; i++) {
        if (m->captures[i].index == p->other_capture)
          return S_nodes_text_eq(src, len, n, m->captures[i].node);
      }
      return true; /* the other capture is absent (optional): nothing to compare */
    }
    return S_text_eq(src, len, n, p->value.str, p->value.len);
  case P_MATCH:
    return S_regex_node(p->regex, src, len, n);
  case P_ANY_OF:
    for (uint32_t i = 0; i < p->string_count; i++) {
      if (S_text_eq(src, len, n, p->strings[i].str, p->strings[i].len)) return true;
    }
    return false;
  case P_HAS_ANCESTOR: {
    TSNode up[S_MAX_UP];
    int nup = S_ancestors(n, up);
    for (int i_up = 0; i_up < nup; i_up++) {
      TSNode a = up[i_up];
      if (S_type_in(a, p->strings, p->string_count)) return true;
    }
    return false;
  }
  case P_HAS_PARENT: {
    TSNode a = ts_node_parent(n);
    return !ts_node_is_null(a) && S_type_in(a, p->strings, p->string_count);
  }
  case P_IN_ASYNC_FUNCTION:
    return S_in_async_function(n);
  case P_ANCESTOR_FIELD_EQ:
  case P_ANCESTOR_FIELD_MATCH: {
    TSNode other;
    memset(&other, 0, sizeof other);
    bool have_other = false;
    if (p->op == P_ANCESTOR_FIELD_EQ && p->other_capture != UINT32_MAX) {
      for (uint16_t i = 0; i < m->capture_count && !have_other; i++) {
        if (m->captures[i].index == p->other_capture) {
          other = m->captures[i].node;
          have_other = true;
        }
      }
      if (!have_other) return false;
    }
    TSNode up[S_MAX_UP];
    int nup = S_ancestors(n, up);
    for (int i_up = 0; i_up < nup; i_up++) {
      TSNode a = up[i_up];
      if (!S_type_in(a, &p->type, 1)) continue;
      TSNode f = ts_node_child_by_field_id(a, p->field);
      if (ts_node_is_null(f) || S_contains(f, n)) continue;
      bool hit = p->op == P_ANCESTOR_FIELD_MATCH ? S_regex_node(p->regex, src, len, f)
                 : have_other                    ? S_nodes_text_eq(src, len, f, other)
                                                 : S_text_eq(src, len, f, p->value.str, p->value.len);
      if (hit) return true;
    }
    return false;
  }
  case P_HAS_DESCENDANT: {
    S_types_ctx t = {p->strings, p->string_count};
    return S_walk(n, true, S_visit_type, &t);
  }
  case P_PARENT_HAS_DESCENDANT: {
    /* Lets a pattern rooted at a statement ask about its block; a pattern rooted at the
     * block would keep a query state alive over the whole block. */
    TSNode parent = ts_node_parent(n);
    if (ts_node_is_null(parent)) return false;
    S_types_ctx t = {p->strings, p->string_count};
    return S_walk(parent, true, S_visit_type, &t);
  }
  case P_USES_LOOP_VARIABLE:
    return S_uses_loop_variable(n, src, len);
  case P_BOUND_IN_FILE:
    return S_bound_in_file(n, src, len, cache);
  case P_IS_PARAMETER:
    return S_is_parameter(n, src, len);
  case P_PREVIOUS_DEF_USES_LOOP_VARIABLE:
    return S_previous_def_uses_loop_variable(n, src, len);
  case P_HAS_FREE_VARIABLES:
    return scope_free_variables(n, src, len, cache ? cache->scope : NULL, NULL, 0) > 0;
  case P_IN_FIELD: {
    TSNode up[S_MAX_UP];
    int nup = S_ancestors(n, up);
    for (int i_up = 0; i_up < nup; i_up++) {
      TSNode a = up[i_up];
      if (!S_type_in(a, p->strings, p->string_count)) continue;
      TSNode f = ts_node_child_by_field_id(a, p->field);
      if (!ts_node_is_null(f) && S_contains(f, n)) return true;
    }
    return false;
  }
  }
  return false;
}

static bool S_capture_present(const TSQueryMatch *m, uint32_t index) {
  for (uint16_t i = 0; i < m->capture_count; i++) {
    if (m->captures[i].index == index) return true;
  }
  return false;
}

static bool S_eval(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len,
                   pred_cache *cache, bool skip_file) {
  if (m->pattern_index >= s->pattern_count) return true;
  const pred_pattern *pp = &s->patterns[m->pattern_index];
  for (uint32_t i = 0; i < pp->count; i++) {
    const pred *p = &pp->preds[i];
    if (skip_file && p->op == P_BOUND_IN_FILE) continue;
    /* With the value capture absent (optional) there is nothing to compare: neither form
     * vetoes the match, as when the first capture is absent. Evaluating it would make
     * `#eq?` hold and so `#not-eq?` veto. */
    if (p->other_capture != UINT32_MAX && !S_capture_present(m, p->other_capture)) continue;
    /* A predicate holds when it holds for every node of its capture (quantified captures
     * give several); a capture absent from the match (optional) does not veto it. */
    for (uint16_t c = 0; c < m->capture_count; c++) {
      if (m->captures[c].index != p->capture) continue;
      if (S_eval_node(p, m->captures[c].node, m, src, len, cache) == p->negate) return false;
    }
  }
  return true;
}

bool pred_set_eval(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len,
                   pred_cache *cache) {
  return S_eval(s, m, src, len, cache, false);
}

bool pred_set_eval_local(const pred_set *s, const TSQueryMatch *m, const char *src, size_t len) {
  return S_eval(s, m, src, len, NULL, true);
}
