#include "scope.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than this the text is not Python (CPython's parser stops at 200 brackets). */
#define S_MAX_DEPTH 4000

typedef enum { K_OUTSIDE, K_FUNCTION, K_CLASS, K_COMPREHENSION } S_kind;
enum { F_BOUND = 1, F_GLOBAL = 2, F_NONLOCAL = 4 };

/* How the identifiers below a node are used. */
typedef enum {
  M_EXPR,       /* read */
  M_BIND,       /* assigned, deleted, imported, a loop or `as` target */
  M_SKIP,       /* not a variable: attribute names, keyword names, module paths */
  M_PARAMS,     /* inside a parameter list: names are parameters */
  M_PARAM_ITEM, /* a parameter with a default or an annotation */
  M_GLOBAL,
  M_NONLOCAL,
  M_IMPORT,     /* `import a.b.c` binds a only */
  M_WALRUS,     /* `:=` binds in the nearest scope that is not a comprehension */
  M_CASE,       /* a `case` pattern */
  M_CASE_NAME,  /* a capture pattern: `case x` */
  M_CASE_VALUE  /* a dotted value pattern or class name: `case Color.RED`, `case Point()` */
} S_mode;

typedef struct {
  const char *type;
  int scope;  /* where the names below are resolved */
  int outer;  /* the scope around a parameter list or a comprehension */
  int inner;  /* the scope this node opens, or -1 */
  S_mode mode;
  bool first_clause; /* a comprehension's first `for`, whose iterable is evaluated outside */
  bool seen_clause;  /* (on a comprehension) its first `for` has been seen */
  bool whole;        /* inside a function that starts in the range: walked whole */
} S_frame;

typedef struct {
  int parent;
  S_kind kind;
  uint32_t start, end; /* the node that opens it */
} S_scope;

typedef struct {
  uint32_t hash;
  int scope;
  uint32_t start, len;
  unsigned flags;
} S_slot;

typedef struct {
  int scope;
  uint32_t start, len;
} S_ref;

typedef struct {
  const char *src;
  size_t len;
  S_scope *scopes;
  size_t nscopes, scopes_cap;
  S_slot *slots; /* open addressing, (scope, name) → flags */
  size_t nslots, slots_used;
  S_ref *refs; /* reads (and nonlocal declarations) inside the def asked about */
  size_t nrefs, refs_cap;
  uint32_t d_start, d_end; /* the def asked about */
  int d_scope;
  bool ranged;             /* only the defs starting in [ra, rb] will be asked about */
  uint32_t ra, rb;
} S_state;

/* Node types are compared many times per node: the first byte settles most comparisons. */
static inline bool S_is(const char *t, const char *s) { return t[0] == s[0] && strcmp(t, s) == 0; }

static bool S_is_comprehension(const char *t) {
  return S_is(t, "list_comprehension") || S_is(t, "set_comprehension") ||
         S_is(t, "dictionary_comprehension") || S_is(t, "generator_expression");
}

static uint32_t S_hash(const char *s, uint32_t n, int scope) {
  uint32_t h = 2166136261u ^ (uint32_t)scope;
  for (uint32_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static S_slot *S_find(S_state *st, int scope, uint32_t start, uint32_t len, bool create) {
  if (create && (st->slots_used + 1) * 2 > st->nslots) {
    size_t n = st->nslots ? st->nslots * 2 : 64;
    S_slot *grown = xcalloc(n, sizeof *grown);
    for (size_t i = 0; i < st->nslots; i++) {
      if (!st->slots[i].len) continue;
      size_t j = st->slots[i].hash & (n - 1);
      while (grown[j].len) j = (j + 1) & (n - 1);
      grown[j] = st->slots[i];
    }
    free(st->slots);
    st->slots = grown;
    st->nslots = n;
  }
  if (!st->nslots) return NULL;
  uint32_t h = S_hash(st->src + start, len, scope);
  for (size_t j = h & (st->nslots - 1);; j = (j + 1) & (st->nslots - 1)) {
    S_slot *s = &st->slots[j];
    if (!s->len) {
      if (!create) return NULL;
      *s = (S_slot){.hash = h, .scope = scope, .start = start, .len = len};
      st->slots_used++;
      return s;
    }
    if (s->hash == h && s->scope == scope && s->len == len &&
        memcmp(st->src + s->start, st->src + start, len) == 0)
      return s;
  }
}

static void S_flag(S_state *st, int scope, TSNode id, unsigned flag) {
  uint32_t a = ts_node_start_byte(id), b = ts_node_end_byte(id);
  if (b <= a || b > st->len) return;
  S_find(st, scope, a, b - a, true)->flags |= flag;
}

static void S_ref_add(S_state *st, int scope, TSNode id) {
  uint32_t a = ts_node_start_byte(id), b = ts_node_end_byte(id);
  if (b <= a || b > st->len || a < st->d_start || b > st->d_end) return;
  if (st->nrefs == st->refs_cap) {
    st->refs_cap = st->refs_cap ? st->refs_cap * 2 : 32;
    st->refs = xreallocarray(st->refs, st->refs_cap, sizeof *st->refs);
  }
  st->refs[st->nrefs++] = (S_ref){scope, a, b - a};
}

static int S_scope_new(S_state *st, int parent, S_kind kind) {
  if (st->nscopes == st->scopes_cap) {
    st->scopes_cap = st->scopes_cap ? st->scopes_cap * 2 : 16;
    st->scopes = xreallocarray(st->scopes, st->scopes_cap, sizeof *st->scopes);
  }
  st->scopes[st->nscopes] = (S_scope){parent, kind, 0, 0};
  return (int)st->nscopes++;
}

/* The field a cursor's node sits in, asked of tree-sitter only when a parent's type needs it
 * (in 0.20 it searches the parent's field map: most nodes' parents never look). */
typedef struct {
  const TSTreeCursor *cursor;
  const char *name;
  bool known;
} S_field;

static const char *S_field_name(S_field *f) {
  if (!f->known) {
    f->name = ts_tree_cursor_current_field_name(f->cursor);
    f->known = true;
  }
  return f->name;
}

/* The frame of a child (type `t`, in the field `field` tells) of the node framed by `p`. */
static S_frame S_child(S_frame *p, TSNode child, const char *t, S_field *field) {
  S_frame c = {.type = t, .scope = p->scope, .outer = p->outer, .inner = -1, .mode = p->mode,
               .whole = p->whole};
  const char *pt = p->type;
#define FIELD(x) (S_field_name(field) && S_is(field->name, x))
  if (p->mode == M_SKIP) return c;
  if (S_is(pt, "function_definition")) {
    if (FIELD("name")) c.mode = M_BIND;
    else if (FIELD("parameters"))
      c = (S_frame){t, p->inner, p->scope, -1, M_PARAMS, 0, 0, p->whole};
    else if (FIELD("body")) c.scope = p->inner, c.mode = M_EXPR;
    else if (FIELD("type_parameters")) c.mode = M_SKIP;
    else c.mode = M_EXPR;
  } else if (S_is(pt, "lambda")) {
    if (FIELD("parameters")) c = (S_frame){t, p->inner, p->scope, -1, M_PARAMS, 0, 0, p->whole};
    else c.scope = p->inner, c.mode = M_EXPR;
  } else if (S_is(pt, "class_definition")) {
    if (FIELD("name")) c.mode = M_BIND;
    else if (FIELD("body")) c.scope = p->inner, c.mode = M_EXPR;
    else if (FIELD("type_parameters")) c.mode = M_SKIP;
    else c.mode = M_EXPR;
  } else if (S_is_comprehension(pt)) {
    c.scope = p->inner;
    c.outer = p->scope;
    c.mode = M_EXPR;
    if (S_is(t, "for_in_clause")) {
      c.first_clause = !p->seen_clause;
      p->seen_clause = true;
    }
  } else if (S_is(pt, "for_in_clause")) {
    if (FIELD("left")) c.mode = M_BIND;
    else if (FIELD("right") && p->first_clause) c.scope = p->outer, c.mode = M_EXPR;
    else c.mode = M_EXPR;
  } else if (p->mode == M_PARAMS) {
    c.mode = (S_is(t, "default_parameter") || S_is(t, "typed_default_parameter") ||
              S_is(t, "typed_parameter"))
                 ? M_PARAM_ITEM
                 : M_PARAMS;
  } else if (p->mode == M_PARAM_ITEM) {
    if (FIELD("value") || FIELD("type")) c.scope = p->outer, c.mode = M_EXPR;
    else c.mode = M_PARAMS;
  } else if (S_is(pt, "attribute")) {
    c.mode = FIELD("attribute") ? M_SKIP : M_EXPR;
  } else if (S_is(pt, "subscript") || S_is(pt, "keyword_argument")) {
    c.mode = FIELD("name") ? M_SKIP : M_EXPR;
  } else if (S_is(pt, "assignment") || S_is(pt, "augmented_assignment") ||
             S_is(pt, "for_statement")) {
    c.mode = FIELD("left") ? M_BIND : M_EXPR;
  } else if (S_is(pt, "named_expression")) {
    c.mode = FIELD("name") ? M_WALRUS : M_EXPR;
  } else if (S_is(pt, "as_pattern")) {
    if (FIELD("alias")) c.mode = M_BIND;
    else if (p->mode == M_CASE && S_is(t, "identifier")) c.mode = M_BIND;
  } else if (S_is(pt, "import_statement") || S_is(pt, "import_from_statement")) {
    if (FIELD("name") && S_is(t, "dotted_name")) c.mode = M_IMPORT;
    else if (FIELD("name") && S_is(t, "aliased_import")) c.mode = M_EXPR;
    else c.mode = M_SKIP;
  } else if (S_is(pt, "aliased_import")) {
    c.mode = FIELD("alias") ? M_BIND : M_SKIP;
  } else if (S_is(pt, "future_import_statement") || S_is(pt, "type_alias_statement")) {
    c.mode = M_SKIP;
  } else if (p->mode == M_IMPORT) {
    /* The first name of `a.b.c` is the one bound. */
    c.mode = ts_node_start_byte(child) == (uint32_t)p->outer ? M_BIND : M_SKIP;
  } else if (S_is(pt, "global_statement")) {
    c.mode = M_GLOBAL;
  } else if (S_is(pt, "nonlocal_statement")) {
    c.mode = M_NONLOCAL;
  } else if (S_is(pt, "delete_statement")) {
    c.mode = M_BIND;
  } else if (p->mode == M_CASE_VALUE) {
    c.mode = ts_node_start_byte(child) == (uint32_t)p->outer ? M_EXPR : M_SKIP;
  } else if (p->mode == M_CASE || p->mode == M_CASE_NAME) {
    if (S_is(t, "dotted_name")) {
      c.mode = (!S_is(pt, "class_pattern") && ts_node_named_child_count(child) == 1)
                   ? M_CASE_NAME
                   : M_CASE_VALUE;
    } else if (S_is(t, "identifier")) {
      c.mode = S_is(pt, "keyword_pattern") ? M_SKIP : M_CASE_NAME;
    } else {
      c.mode = M_CASE;
    }
  } else if (S_is(t, "case_pattern")) {
    c.mode = M_CASE;
  } else if (p->mode != M_BIND) {
    c.mode = M_EXPR;
  }
#undef FIELD
  /* Modes that read the first child's start keep it in `outer` (unused there otherwise). */
  if (c.mode == M_IMPORT || c.mode == M_CASE_VALUE) c.outer = (int)ts_node_start_byte(child);
  return c;
}

/* Records what an identifier does in the frame `f`. */
static void S_identifier(S_state *st, const S_frame *f, TSNode id) {
  switch (f->mode) {
  case M_EXPR:
    S_ref_add(st, f->scope, id);
    break;
  case M_BIND:
  case M_PARAMS:
  case M_CASE_NAME:
    if (!(f->mode == M_CASE_NAME && ts_node_end_byte(id) - ts_node_start_byte(id) == 1 &&
          st->src[ts_node_start_byte(id)] == '_'))
      S_flag(st, f->scope, id, F_BOUND);
    break;
  case M_WALRUS: {
    int s = f->scope;
    while (st->scopes[s].kind == K_COMPREHENSION) s = st->scopes[s].parent;
    S_flag(st, s, id, F_BOUND);
    break;
  }
  case M_GLOBAL:
    S_flag(st, f->scope, id, F_GLOBAL);
    break;
  case M_NONLOCAL:
    S_flag(st, f->scope, id, F_NONLOCAL);
    S_ref_add(st, f->scope, id);
    break;
  default:
    break;
  }
}

/* Opens the scope of a def, lambda, class or comprehension framed by `f`. */
static void S_open(S_state *st, S_frame *f, TSNode n) {
  S_kind kind = S_is(f->type, "class_definition")         ? K_CLASS
                : S_is_comprehension(f->type)              ? K_COMPREHENSION
                : S_is(f->type, "function_definition") ||
                        S_is(f->type, "lambda")            ? K_FUNCTION
                                                           : K_OUTSIDE;
  if (kind == K_OUTSIDE) return;
  f->inner = S_scope_new(st, f->scope, kind);
  st->scopes[f->inner].start = ts_node_start_byte(n);
  st->scopes[f->inner].end = ts_node_end_byte(n);
  if (ts_node_start_byte(n) == st->d_start && ts_node_end_byte(n) == st->d_end &&
      kind == K_FUNCTION && st->d_scope < 0)
    st->d_scope = f->inner;
  /* A function that can be asked about is walked whole, every scope nested in it too. */
  if (st->ranged && kind == K_FUNCTION && st->ra <= ts_node_start_byte(n) &&
      ts_node_start_byte(n) <= st->rb)
    f->whole = true;
}

/* A def or class that neither holds the def asked about nor lies inside it only binds its
 * name where it stands: its body cannot bind names of the scopes that matter. With a range,
 * the defs asked about start in it: a def or class that does not meet the range and is not
 * inside one of them can hold none. */
static bool S_skip_body(const S_state *st, const S_frame *f, TSNode n) {
  const char *t = f->type;
  if (!S_is(t, "function_definition") && !S_is(t, "class_definition") && !S_is(t, "lambda"))
    return false;
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (st->ranged) return !f->whole && (b < st->ra || a > st->rb);
  bool holds = a <= st->d_start && st->d_end <= b;
  bool inside = st->d_start <= a && b <= st->d_end;
  return !holds && !inside;
}

/* Expressions that hold no statement: below them a name is bound only by `:=` (a lambda's
 * or a comprehension's own names stay in its scope). */
static bool S_pure_expression(const char *t) {
  static const char *const types[] = {
      "call", "argument_list", "attribute", "subscript", "binary_operator", "boolean_operator",
      "comparison_operator", "unary_operator", "not_operator", "string", "concatenated_string",
      "list", "tuple", "dictionary", "set", "pair", "parenthesized_expression",
      "conditional_expression", "await", "keyword_argument", "list_splat", "dictionary_splat",
      "slice", "list_comprehension", "set_comprehension", "dictionary_comprehension",
      "generator_expression"};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (S_is(t, types[i])) return true;
  return false;
}

/* True when nothing below `n` matters: its reads are outside every def that can be asked
 * about, and it binds no name (no `:=` in its text). */
static bool S_skip_expression(const S_state *st, const S_frame *f, TSNode n) {
  if (f->mode != M_EXPR || !S_pure_expression(f->type)) return false;
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  bool reads = st->ranged ? f->whole : (a < st->d_end && st->d_start < b);
  if (reads || b > st->len) return false;
  for (const char *p = memchr(st->src + a, ':', b - a); p;
       p = memchr(p + 1, ':', (size_t)(st->src + b - p - 1))) {
    if (p + 1 < st->src + b && p[1] == '=') return false;
    if (p + 1 >= st->src + b) break;
  }
  return true;
}

static void S_walk(S_state *st, TSNode outermost) {
  size_t cap = 64;
  S_frame *stack = xmalloc(cap * sizeof *stack);
  S_scope_new(st, -1, K_OUTSIDE); /* 0: the class or module around the outermost def */
  TSTreeCursor c = ts_tree_cursor_new(outermost);
  size_t depth = 0;
  stack[0] = (S_frame){.type = ts_node_type(outermost), .scope = 0, .inner = -1};
  S_open(st, &stack[0], outermost);
  /* The outermost def itself is never asked about (nothing around it to capture from). */
  stack[0].whole = false;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    S_frame *f = &stack[depth];
    bool descend = f->mode != M_SKIP && depth < S_MAX_DEPTH;
    if (S_is(f->type, "identifier")) {
      S_identifier(st, f, n);
      descend = false;
    } else if (depth > 0 && S_skip_body(st, f, n)) {
      TSNode name = ts_node_child_by_field_name(n, "name", 4);
      if (!ts_node_is_null(name)) S_flag(st, f->scope, name, F_BOUND);
      descend = false;
    } else if (descend && depth > 0 && S_skip_expression(st, f, n)) {
      descend = false;
    }
    if (descend && ts_tree_cursor_goto_first_child(&c)) {
      if (++depth == cap) stack = xreallocarray(stack, cap *= 2, sizeof *stack);
    } else {
      bool moved = false;
      while (depth > 0) {
        if (ts_tree_cursor_goto_next_sibling(&c)) {
          moved = true;
          break;
        }
        ts_tree_cursor_goto_parent(&c);
        depth--;
      }
      if (!moved) break;
    }
    TSNode child = ts_tree_cursor_current_node(&c);
    const char *t = ts_node_type(child);
    S_field field = {&c, NULL, false};
    stack[depth] = S_child(&stack[depth - 1], child, t, &field);
    S_open(st, &stack[depth], child);
  }
  ts_tree_cursor_delete(&c);
  free(stack);
}

/* True when the reference is free in the def asked about and bound in a function around it. */
static bool S_captured(S_state *st, const S_ref *r, int d_scope) {
  bool passed = false, first = true;
  for (int x = r->scope; x > 0; x = st->scopes[x].parent, first = false) {
    S_slot *s = S_find(st, x, r->start, r->len, false);
    unsigned fl = s ? s->flags : 0;
    if (fl & F_GLOBAL) return false;
    if (!(fl & F_NONLOCAL) && (fl & F_BOUND) && (first || st->scopes[x].kind != K_CLASS))
      return passed;
    if (x == d_scope) passed = true;
  }
  return false;
}

/* Insertion into a sorted, unique list (the lists are short: a few names). */
static void S_insert(const char *src, scope_name **names, size_t *count, size_t *cap,
                     scope_name nm) {
  size_t i = 0;
  for (; i < *count; i++) {
    const scope_name *x = &(*names)[i];
    uint32_t n = x->len < nm.len ? x->len : nm.len;
    int c = memcmp(src + x->start, src + nm.start, n);
    if (c == 0) c = x->len < nm.len ? -1 : x->len > nm.len;
    if (c == 0) return;
    if (c > 0) break;
  }
  if (*count == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *names = xreallocarray(*names, *cap, sizeof **names);
  }
  memmove(*names + i + 1, *names + i, (*count - i) * sizeof **names);
  (*names)[i] = nm;
  (*count)++;
}

/* A range of lines can cross a few outermost defs, and the predicates and the labels ask
 * about them in turn: a few analyses are kept, the oldest replaced first. */
#define S_MEMO_ENTRIES 4

typedef struct {
  const TSTree *tree;     /* NULL when empty */
  uint32_t start, end;    /* the outermost def analysed */
  S_state st;             /* its analysis, every nested scope and every read in it */
} S_memo_entry;

struct scope_memo {
  S_memo_entry e[S_MEMO_ENTRIES];
  unsigned next; /* the entry replaced next */
  bool ranged;   /* scope_memo_set_range */
  uint32_t ra, rb;
};

scope_memo *scope_memo_new(void) { return xcalloc(1, sizeof(scope_memo)); }

static void S_state_clear(S_state *st) {
  free(st->scopes);
  free(st->slots);
  free(st->refs);
  memset(st, 0, sizeof *st);
}

void scope_memo_reset(scope_memo *m) {
  if (!m) return;
  for (unsigned i = 0; i < S_MEMO_ENTRIES; i++) {
    S_state_clear(&m->e[i].st);
    m->e[i].tree = NULL;
  }
  m->next = 0;
  m->ranged = false;
}

void scope_memo_set_range(scope_memo *m, uint32_t start, uint32_t end) {
  if (!m) return;
  scope_memo_reset(m);
  m->ranged = true;
  m->ra = start < end ? start : end;
  m->rb = start < end ? end : start;
}

void scope_memo_free(scope_memo *m) {
  scope_memo_reset(m);
  free(m);
}

/* The outermost def around `def` (not `def` itself), found on the way down from the root. */
static bool S_outermost(TSNode def, TSNode *outermost) {
  uint32_t ds = ts_node_start_byte(def), de = ts_node_end_byte(def);
  bool found = false;
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(def.tree));
  for (int level = 0; level < S_MAX_DEPTH; level++) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (ts_node_eq(n, def)) break;
    if (!found && S_is(ts_node_type(n), "function_definition")) {
      *outermost = n;
      found = true;
    }
    /* The children that end before the def are skipped without being visited (a module
     * can have thousands). */
    if (ts_tree_cursor_goto_first_child_for_byte(&c, ds) < 0) break;
    bool in = false;
    for (;;) {
      TSNode k = ts_tree_cursor_current_node(&c);
      uint32_t ks = ts_node_start_byte(k), ke = ts_node_end_byte(k);
      in = ks <= ds && de <= ke && ke > ds;
      if (in || ks > ds || !ts_tree_cursor_goto_next_sibling(&c)) break;
    }
    if (!in) break;
  }
  ts_tree_cursor_delete(&c);
  return found;
}

/* The free variables of the function scope `d_scope` from the analysis `st`, whose reads
 * inside the def are refs[r0..r1). */
static size_t S_collect(S_state *st, int d_scope, size_t r0, size_t r1, scope_name *out,
                        size_t max) {
  scope_name *names = NULL;
  size_t count = 0, cap = 0;
  for (size_t i = r0; i < r1; i++) {
    const S_ref *r = &st->refs[i];
    if (S_captured(st, r, d_scope))
      S_insert(st->src, &names, &count, &cap, (scope_name){r->start, r->len});
  }
  for (size_t i = 0; i < count && i < max; i++) out[i] = names[i];
  free(names);
  return count;
}

size_t scope_free_variables(TSNode def, const char *src, size_t len, scope_memo *memo,
                          scope_name *out, size_t max) {
  if (ts_node_is_null(def)) return 0;
  if (S_is(ts_node_type(def), "identifier")) def = ts_node_parent(def);
  if (ts_node_is_null(def) || !S_is(ts_node_type(def), "function_definition")) return 0;
  uint32_t ds = ts_node_start_byte(def), de = ts_node_end_byte(def);
  TSNode outermost = {0};
  if (!S_outermost(def, &outermost)) return 0;
  uint32_t os = ts_node_start_byte(outermost), oe = ts_node_end_byte(outermost);

  if (!memo || (memo->ranged && (ds < memo->ra || ds > memo->rb))) {
    /* One def asked about: the bodies of the defs and classes that neither hold it nor lie
     * inside it are skipped. (A def outside a memo's range was not walked whole by it.) */
    S_state st = {.src = src, .len = len, .d_start = ds, .d_end = de, .d_scope = -1};
    S_walk(&st, outermost);
    size_t total = st.d_scope > 0 ? S_collect(&st, st.d_scope, 0, st.nrefs, out, max) : 0;
    S_state_clear(&st);
    return total;
  }
  /* With a memo, the whole outermost def is analysed once and every def inside it is
   * answered from that analysis. */
  S_memo_entry *m = NULL;
  for (unsigned i = 0; i < S_MEMO_ENTRIES && !m; i++) {
    S_memo_entry *x = &memo->e[i];
    if (x->tree == def.tree && x->start == os && x->end == oe && x->st.src == src) m = x;
  }
  if (!m) {
    m = &memo->e[memo->next];
    memo->next = (memo->next + 1) % S_MEMO_ENTRIES;
    S_state_clear(&m->st);
    m->tree = NULL;
    m->st = (S_state){.src = src, .len = len, .d_start = os, .d_end = oe, .d_scope = -1,
                      .ranged = memo->ranged, .ra = memo->ra, .rb = memo->rb};
    S_walk(&m->st, outermost);
    m->tree = def.tree;
    m->start = os;
    m->end = oe;
  }
  S_state *st = &m->st;
  int d_scope = -1;
  for (size_t i = 1; i < st->nscopes; i++) {
    if (st->scopes[i].kind == K_FUNCTION && st->scopes[i].start == ds && st->scopes[i].end == de) {
      d_scope = (int)i;
      break;
    }
  }
  if (d_scope < 0) return 0;
  /* The reads were recorded in document order: those of the def are one run. */
  size_t lo = 0, hi = st->nrefs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (st->refs[mid].start < ds) lo = mid + 1;
    else hi = mid;
  }
  size_t r0 = lo, r1 = lo;
  while (r1 < st->nrefs && st->refs[r1].start < de) r1++;
  return S_collect(st, d_scope, r0, r1, out, max);
}
