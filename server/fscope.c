#include "fscope.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "xalloc.h"

/* ---- grammar symbols and fields, resolved once per build ---- */



static TSSymbol S_sym(const TSLanguage *l, const char *name, bool named) {
  return ts_language_symbol_for_name(l, name, (uint32_t)strlen(name), named);
}

static TSFieldId S_field(const TSLanguage *l, const char *name) {
  return ts_language_field_id_for_name(l, name, (uint32_t)strlen(name));
}

void fscope_grammar_init(fscope_grammar *g, const TSLanguage *l) {
#define SYM(x) g->x = S_sym(l, #x, true)
  SYM(identifier); SYM(function_definition); SYM(lambda); SYM(class_definition);
  SYM(list_comprehension); SYM(set_comprehension); SYM(dictionary_comprehension);
  SYM(generator_expression); SYM(for_statement); SYM(while_statement); SYM(for_in_clause);
  SYM(parameters); SYM(lambda_parameters); SYM(list_splat_pattern);
  SYM(dictionary_splat_pattern); SYM(typed_parameter); SYM(default_parameter);
  SYM(typed_default_parameter); SYM(pattern_list); SYM(tuple_pattern); SYM(list_pattern);
  SYM(tuple); SYM(list); SYM(parenthesized_expression); SYM(assignment);
  SYM(augmented_assignment); SYM(named_expression); SYM(as_pattern); SYM(as_pattern_target);
  SYM(with_item); SYM(except_clause); SYM(except_group_clause); SYM(global_statement);
  SYM(nonlocal_statement); SYM(import_statement); SYM(import_from_statement);
  SYM(future_import_statement); SYM(aliased_import); SYM(dotted_name); SYM(relative_import);
  SYM(import_prefix); SYM(attribute); SYM(keyword_argument); SYM(call); SYM(case_pattern);
  SYM(splat_pattern); SYM(keyword_pattern);
#undef SYM
  g->async_kw = S_sym(l, "async", false);
  g->f_body = S_field(l, "body");
  g->f_left = S_field(l, "left");
  g->f_right = S_field(l, "right");
  g->f_name = S_field(l, "name");
  g->f_alias = S_field(l, "alias");
  g->f_module_name = S_field(l, "module_name");
  g->f_attribute = S_field(l, "attribute");
  g->f_object = S_field(l, "object");
  g->f_function = S_field(l, "function");
}

/* ---- the recorded facts ---- */

#define S_SCOPES (FACTS_MODULE | FACTS_FUNCTION | FACTS_ASYNC_FUNCTION | FACTS_LAMBDA | \
                  FACTS_CLASS_BODY | FACTS_COMPREHENSION)
#define S_DEFINITIONS (FACTS_FUNCTION | FACTS_ASYNC_FUNCTION | FACTS_LAMBDA | FACTS_CLASS_BODY)

/* A def, lambda, class, comprehension, loop or the module. Frames are stored in pre-order,
 * so their node starts never decrease. The region is the part whose code runs inside the
 * frame: a def's body (not its name, decorators or defaults), a loop's body (not its
 * iterable or else), a comprehension minus its first iterable (the `ex` range), which Python
 * evaluates in the enclosing scope. */
typedef struct {
  TSNode node;
  uint32_t node_start;
  uint32_t start, end;       /* region */
  uint32_t ex_start, ex_end; /* excluded from the region (empty when ex_start == ex_end) */
  uint32_t loop_start, loop_end; /* what runs once per iteration: a loop's body, a
                                    comprehension's element expression */
  unsigned kind;             /* one facts_frame_kind bit */
  int32_t up;                /* frame whose node contains this one's node; -1 for the module */
  int32_t scope_up;          /* nearest scope frame whose region holds this frame's node */
} S_frame;

typedef struct {
  uint32_t name;  /* interned */
  unsigned kind;  /* one facts_binding_kind bit */
  int32_t scope;  /* frame the name is bound in */
  uint32_t start, end;
  TSNode owner;   /* the def for FACTS_DEF; the identifier itself otherwise */
  uint32_t qual_off, qual_len; /* for imports: the imported dotted name, in the pool */
  int32_t next;   /* next binding of the same name in the same scope; -1 */
} S_binding;

typedef struct {
  uint32_t name, start;
  int32_t scope;
} S_read;

typedef struct {
  uint32_t off, len, hash;
} S_name;

typedef struct {
  uint64_t key; /* (scope + 1) << 32 | name; 0 = empty */
  int32_t first, last;
  unsigned kinds;
} S_slot;

struct fscope {
  const TSTree *tree;
  const char *src;
  size_t len;
  const fscope_grammar *g;
  S_frame *frames;
  size_t frame_count, frame_cap;
  S_binding *bindings;
  size_t binding_count, binding_cap;
  S_read *reads;
  size_t read_count, read_cap;
  uint32_t *read_first; /* per name: first index into reads (grouped by name after the pass) */
  char *pool;
  size_t pool_len, pool_cap;
  S_name *names;
  size_t name_count, name_cap;
  uint32_t *name_table; /* open addressing: name index + 1 */
  size_t name_table_cap;
  S_slot *slots;
  size_t slot_count, slot_cap;
};

static void S_grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  *p = xreallocarray(*p, c, size);
  *cap = c;
}

static uint32_t S_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static uint32_t S_pool_add(fscope *f, const char *s, size_t n) {
  S_grow((void **)&f->pool, &f->pool_cap, f->pool_len + n + 1, 1);
  uint32_t off = (uint32_t)f->pool_len;
  memcpy(f->pool + off, s, n);
  f->pool[off + n] = '\0';
  f->pool_len += n + 1;
  return off;
}

/* The index of a name, or UINT32_MAX when it was never seen (and `add` is false). */
static uint32_t S_intern(fscope *f, const char *s, size_t n, bool add) {
  uint32_t h = S_hash(s, n);
  if (f->name_table_cap) {
    size_t mask = f->name_table_cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t e = f->name_table[i];
      if (e == 0) break;
      const S_name *nm = &f->names[e - 1];
      if (nm->hash == h && nm->len == n && memcmp(f->pool + nm->off, s, n) == 0) return e - 1;
    }
  }
  if (!add) return UINT32_MAX;
  if ((f->name_count + 1) * 2 > f->name_table_cap) {
    size_t cap = f->name_table_cap ? f->name_table_cap * 2 : 256;
    uint32_t *t = xcalloc(cap, sizeof *t);
    for (size_t k = 0; k < f->name_count; k++) {
      size_t i = f->names[k].hash & (cap - 1);
      while (t[i]) i = (i + 1) & (cap - 1);
      t[i] = (uint32_t)k + 1;
    }
    free(f->name_table);
    f->name_table = t;
    f->name_table_cap = cap;
  }
  S_grow((void **)&f->names, &f->name_cap, f->name_count + 1, sizeof *f->names);
  uint32_t off = S_pool_add(f, s, n);
  uint32_t id = (uint32_t)f->name_count++;
  f->names[id] = (S_name){off, (uint32_t)n, h};
  size_t i = h & (f->name_table_cap - 1);
  while (f->name_table[i]) i = (i + 1) & (f->name_table_cap - 1);
  f->name_table[i] = id + 1;
  return id;
}

static uint32_t S_intern_node(fscope *f, TSNode n, bool add) {
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (b > f->len || a >= b) return UINT32_MAX;
  return S_intern(f, f->src + a, b - a, add);
}

static uint64_t S_key(int32_t scope, uint32_t name) {
  return ((uint64_t)(uint32_t)(scope + 1) << 32) | name;
}

static S_slot *S_slot_find(const fscope *f, int32_t scope, uint32_t name) {
  if (!f->slot_cap) return NULL;
  uint64_t key = S_key(scope, name);
  size_t mask = f->slot_cap - 1;
  for (size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;; i = (i + 1) & mask) {
    if (f->slots[i].key == 0) return NULL;
    if (f->slots[i].key == key) return &f->slots[i];
  }
}

static S_slot *S_slot_get(fscope *f, int32_t scope, uint32_t name) {
  S_slot *s = S_slot_find(f, scope, name);
  if (s) return s;
  if ((f->slot_count + 1) * 2 > f->slot_cap) {
    size_t cap = f->slot_cap ? f->slot_cap * 2 : 256;
    S_slot *t = xcalloc(cap, sizeof *t);
    for (size_t k = 0; k < f->slot_cap; k++) {
      if (!f->slots[k].key) continue;
      uint64_t key = f->slots[k].key;
      size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
      while (t[i].key) i = (i + 1) & (cap - 1);
      t[i] = f->slots[k];
    }
    free(f->slots);
    f->slots = t;
    f->slot_cap = cap;
  }
  uint64_t key = S_key(scope, name);
  size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (f->slot_cap - 1);
  while (f->slots[i].key) i = (i + 1) & (f->slot_cap - 1);
  f->slots[i] = (S_slot){key, -1, -1, 0};
  f->slot_count++;
  return &f->slots[i];
}

/* ---- regions ---- */

static bool S_region_holds(const S_frame *fr, uint32_t s, uint32_t e, const void *id) {
  if (fr->node.id == id) return false;
  if (s < fr->start || e > fr->end) return false;
  if (fr->ex_start < fr->ex_end && s >= fr->ex_start && e <= fr->ex_end) return false;
  return true;
}

/* From frame i up through the nodes' nesting, the first frame whose region holds [s, e). */
static int32_t S_holder_from(const fscope *f, int32_t i, uint32_t s, uint32_t e, const void *id) {
  while (i >= 0 && !S_region_holds(&f->frames[i], s, e, id)) i = f->frames[i].up;
  return i;
}

/* ---- the pass ---- */

typedef struct {
  fscope *f;
  TSNode *anc;      /* anc[d]: the node at depth d of the walk */
  TSFieldId *fld;   /* fld[d]: the field anc[d] sits in, in anc[d - 1] */
  size_t anc_cap;
  int32_t *open;    /* frames whose nodes contain the current node, innermost last */
  int *open_depth;
  size_t open_count, open_cap, open_depth_cap;
} S_build;

static bool S_is_comprehension(const fscope_grammar *g, TSSymbol s) {
  return s == g->list_comprehension || s == g->set_comprehension ||
         s == g->dictionary_comprehension || s == g->generator_expression;
}

static void S_push_frame(S_build *b, TSNode n, int depth, unsigned kind) {
  fscope *f = b->f;
  const fscope_grammar *g = f->g;
  S_grow((void **)&f->frames, &f->frame_cap, f->frame_count + 1, sizeof *f->frames);
  S_grow((void **)&b->open, &b->open_cap, b->open_count + 1, sizeof *b->open);
  S_grow((void **)&b->open_depth, &b->open_depth_cap, b->open_count + 1, sizeof *b->open_depth);
  S_frame fr;
  memset(&fr, 0, sizeof fr);
  fr.node = n;
  fr.node_start = ts_node_start_byte(n);
  fr.kind = kind;
  fr.start = fr.node_start;
  fr.end = ts_node_end_byte(n);
  if (kind == FACTS_MODULE) {
    /* the module holds everything, comments before its first statement included */
    fr.node_start = fr.start = 0;
    fr.end = UINT32_MAX;
  } else if (kind & (S_DEFINITIONS | FACTS_FOR | FACTS_WHILE)) {
    TSNode body = ts_node_child_by_field_id(n, g->f_body);
    if (ts_node_is_null(body)) {
      fr.start = fr.end = fr.node_start; /* broken code: an empty region */
    } else {
      fr.start = ts_node_start_byte(body);
      fr.end = ts_node_end_byte(body);
    }
  } else if (kind == FACTS_COMPREHENSION) {
    TSNode body = ts_node_child_by_field_id(n, g->f_body);
    if (!ts_node_is_null(body)) {
      fr.loop_start = ts_node_start_byte(body);
      fr.loop_end = ts_node_end_byte(body);
    }
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
      TSNode c = ts_node_named_child(n, i);
      if (ts_node_symbol(c) != g->for_in_clause) continue;
      TSNode right = ts_node_child_by_field_id(c, g->f_right);
      if (!ts_node_is_null(right)) {
        fr.ex_start = ts_node_start_byte(right);
        fr.ex_end = ts_node_end_byte(right);
      }
      break;
    }
  }
  if (kind & (FACTS_FOR | FACTS_WHILE)) {
    fr.loop_start = fr.start;
    fr.loop_end = fr.end;
  }
  int32_t up = b->open_count ? b->open[b->open_count - 1] : -1;
  fr.up = up;
  /* The scope around the frame's node: up the open frames to one whose region holds it. */
  int32_t sc = S_holder_from(f, up, fr.node_start, ts_node_end_byte(n), n.id);
  while (sc >= 0 && !(f->frames[sc].kind & S_SCOPES))
    sc = S_holder_from(f, f->frames[sc].up, fr.node_start, ts_node_end_byte(n), n.id);
  fr.scope_up = sc;
  f->frames[f->frame_count] = fr;
  b->open[b->open_count] = (int32_t)f->frame_count;
  b->open_depth[b->open_count] = depth;
  b->open_count++;
  f->frame_count++;
}

/* The frame opened for node `n` (an ancestor of the current node), or -1. */
static int32_t S_open_frame_for(const S_build *b, TSNode n) {
  for (size_t i = b->open_count; i-- > 0;) {
    if (b->f->frames[b->open[i]].node.id == n.id) return b->open[i];
  }
  return -1;
}

/* The innermost open scope whose region holds [s, e). */
static int32_t S_open_scope(const S_build *b, uint32_t s, uint32_t e, const void *id,
                            bool skip_comprehensions) {
  for (size_t i = b->open_count; i-- > 0;) {
    const S_frame *fr = &b->f->frames[b->open[i]];
    if (!(fr->kind & S_SCOPES)) continue;
    if (skip_comprehensions && fr->kind == FACTS_COMPREHENSION) continue;
    if (fr->kind != FACTS_MODULE && !S_region_holds(fr, s, e, id)) continue;
    return b->open[i];
  }
  return -1;
}

/* A dotted name being built (an import's module and name). */
typedef struct {
  char buf[512];
  size_t len;
  bool overflow;
} S_qual;

static void S_qual_put(S_qual *q, const char *s, size_t n) {
  if (q->len + n >= sizeof q->buf) {
    q->overflow = true;
    return;
  }
  memcpy(q->buf + q->len, s, n);
  q->len += n;
}

/* Appends the identifiers of `dn` (a dotted_name or an identifier) joined by dots, without
 * the spaces or comments that may sit between them. */
static void S_qual_dotted(const fscope *f, S_qual *q, TSNode dn) {
  bool single = ts_node_symbol(dn) == f->g->identifier;
  uint32_t nc = single ? 1 : ts_node_named_child_count(dn);
  for (uint32_t i = 0; i < nc; i++) {
    TSNode id = single ? dn : ts_node_named_child(dn, i);
    if (ts_node_symbol(id) != f->g->identifier) continue;
    uint32_t a = ts_node_start_byte(id), e = ts_node_end_byte(id);
    if (e > f->len || a >= e) continue;
    if (q->len > 0 && q->buf[q->len - 1] != '.') S_qual_put(q, ".", 1);
    S_qual_put(q, f->src + a, e - a);
  }
}

/* Appends the module a from-import reads from ("os.path", "..pkg", "."). */
static void S_qual_from_module(const fscope *f, S_qual *q, TSNode stmt) {
  const fscope_grammar *g = f->g;
  if (ts_node_symbol(stmt) == g->future_import_statement) {
    S_qual_put(q, "__future__", 10);
    return;
  }
  TSNode m = ts_node_child_by_field_id(stmt, g->f_module_name);
  if (ts_node_is_null(m)) return;
  if (ts_node_symbol(m) == g->dotted_name) {
    S_qual_dotted(f, q, m);
    return;
  }
  /* relative_import: an import_prefix of dots, then an optional dotted name */
  uint32_t nc = ts_node_named_child_count(m);
  for (uint32_t i = 0; i < nc; i++) {
    TSNode c = ts_node_named_child(m, i);
    if (ts_node_symbol(c) == g->import_prefix) {
      uint32_t a = ts_node_start_byte(c), e = ts_node_end_byte(c);
      for (uint32_t k = a; k < e && k < f->len; k++) {
        if (f->src[k] == '.') S_qual_put(q, ".", 1);
      }
    } else if (ts_node_symbol(c) == g->dotted_name) {
      S_qual_dotted(f, q, c);
    }
  }
}

/* The imported dotted name that the identifier at depth d (an import binding) stands for:
 * `import a.b` binds a to the module a, `import a.b as c` binds c to a.b, `from m import x
 * as y` binds y to m.x. Stored in the pool. */
static void S_import_qual(S_build *b, int d, uint32_t *off, uint32_t *len) {
  fscope *f = b->f;
  const fscope_grammar *g = f->g;
  TSNode parent = b->anc[d - 1];
  TSNode stmt = b->anc[d - 2];
  S_qual q;
  q.len = 0;
  q.overflow = false;
  if (ts_node_symbol(parent) == g->aliased_import) {
    if (ts_node_symbol(stmt) != g->import_statement) S_qual_from_module(f, &q, stmt);
    if (q.len > 0 && q.buf[q.len - 1] != '.') S_qual_put(&q, ".", 1);
    TSNode name = ts_node_child_by_field_id(parent, g->f_name);
    if (!ts_node_is_null(name)) S_qual_dotted(f, &q, name);
  } else if (ts_node_symbol(stmt) == g->import_statement) {
    S_qual_dotted(f, &q, b->anc[d]);
  } else {
    S_qual_from_module(f, &q, stmt);
    if (q.len > 0 && q.buf[q.len - 1] != '.') S_qual_put(&q, ".", 1);
    S_qual_dotted(f, &q, b->anc[d]);
  }
  if (q.overflow) q.len = 0;
  *off = S_pool_add(f, q.buf, q.len);
  *len = (uint32_t)q.len;
}

static bool S_is_container(const fscope_grammar *g, TSSymbol s) {
  return s == g->pattern_list || s == g->tuple_pattern || s == g->list_pattern ||
         s == g->list_splat_pattern || s == g->dictionary_splat_pattern || s == g->tuple ||
         s == g->list || s == g->parenthesized_expression;
}

enum { S_READ = 0, S_NOT_A_NAME = -1 };

/* What the identifier at depth d does: a binding kind, S_READ, or S_NOT_A_NAME (an
 * attribute's name, a keyword argument's name, a module path in an import). `*ctx` is the
 * depth of the node that gives a binding its meaning (the for statement of a loop target,
 * the def of a parameter or of a def's name). */
static int S_classify(const fscope_grammar *g, const TSNode *anc, const TSFieldId *fld, int d,
                      int *ctx) {
  if (d < 1) return S_READ;
  TSNode parent = anc[d - 1];
  TSSymbol ps = ts_node_symbol(parent);
  TSFieldId field = fld[d];
  *ctx = d - 1;
  if (ps == g->dotted_name) {
    if (d < 2) return S_READ;
    TSSymbol gs = ts_node_symbol(anc[d - 2]);
    if (gs == g->import_statement)
      return ts_node_eq(ts_node_named_child(parent, 0), anc[d]) ? FACTS_IMPORT : S_NOT_A_NAME;
    if (gs == g->import_from_statement || gs == g->future_import_statement)
      return fld[d - 1] == g->f_name ? FACTS_IMPORT : S_NOT_A_NAME;
    if (gs == g->relative_import || gs == g->aliased_import) return S_NOT_A_NAME;
    if ((gs == g->case_pattern || gs == g->keyword_pattern) &&
        ts_node_named_child_count(parent) == 1)
      return FACTS_MATCH;
    return ts_node_eq(ts_node_named_child(parent, 0), anc[d]) ? S_READ : S_NOT_A_NAME;
  }
  if (ps == g->aliased_import) return field == g->f_alias ? FACTS_IMPORT : S_NOT_A_NAME;
  if (ps == g->attribute) return field == g->f_attribute ? S_NOT_A_NAME : S_READ;
  if (ps == g->keyword_argument) return field == g->f_name ? S_NOT_A_NAME : S_READ;
  if (ps == g->keyword_pattern)
    return ts_node_eq(ts_node_named_child(parent, 0), anc[d]) ? S_NOT_A_NAME : S_READ;
  if (ps == g->global_statement) return FACTS_GLOBAL;
  if (ps == g->nonlocal_statement) return FACTS_NONLOCAL;
  if (ps == g->function_definition) return field == g->f_name ? FACTS_DEF : S_READ;
  if (ps == g->class_definition) return field == g->f_name ? FACTS_CLASS : S_READ;
  if (ps == g->parameters || ps == g->lambda_parameters) return FACTS_PARAMETER;
  if (ps == g->default_parameter || ps == g->typed_default_parameter)
    return field == g->f_name ? FACTS_PARAMETER : S_READ;
  if (ps == g->typed_parameter) return field == 0 ? FACTS_PARAMETER : S_READ;
  if (ps == g->splat_pattern) return FACTS_MATCH;
  if (ps == g->as_pattern && field == 0 && d >= 2 &&
      ts_node_symbol(anc[d - 2]) == g->case_pattern) {
    /* case P as NAME: the name follows the `as` */
    uint32_t nc = ts_node_named_child_count(parent);
    return nc > 0 && ts_node_eq(ts_node_named_child(parent, nc - 1), anc[d]) ? FACTS_MATCH
                                                                                 : S_READ;
  }
  /* Targets may be nested in tuples, lists and stars: climb past them. */
  int k = d - 1;
  while (k > 0 && S_is_container(g, ts_node_symbol(anc[k]))) k--;
  TSSymbol cs = ts_node_symbol(anc[k]);
  TSFieldId cf = fld[k + 1];
  *ctx = k;
  if (cs == g->parameters || cs == g->lambda_parameters || cs == g->typed_parameter)
    return FACTS_PARAMETER;
  if ((cs == g->assignment || cs == g->augmented_assignment) && cf == g->f_left)
    return FACTS_ASSIGNMENT;
  if (cs == g->named_expression && cf == g->f_name) return FACTS_ASSIGNMENT;
  if ((cs == g->for_statement || cs == g->for_in_clause) && cf == g->f_left) return FACTS_LOOP;
  if (cs == g->as_pattern_target && k >= 2) {
    TSSymbol owner = ts_node_symbol(anc[k - 2]);
    if (owner == g->with_item) return FACTS_WITH;
    if (owner == g->except_clause || owner == g->except_group_clause) return FACTS_EXCEPT;
  }
  return S_READ;
}

int fscope_classify(const fscope_grammar *g, const TSNode *anc, const TSFieldId *fld, int d) {
  int ctx = d;
  int k = S_classify(g, anc, fld, d, &ctx);
  return k < 0 ? 0 : k;
}

static void S_add_identifier(S_build *b, int d) {
  fscope *f = b->f;
  const fscope_grammar *g = f->g;
  TSNode n = b->anc[d];
  int ctx = d;
  int kind = S_classify(g, b->anc, b->fld, d, &ctx);
  if (kind == S_NOT_A_NAME) return;
  uint32_t name = S_intern_node(f, n, true);
  if (name == UINT32_MAX) return;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (kind == S_READ) {
    S_grow((void **)&f->reads, &f->read_cap, f->read_count + 1, sizeof *f->reads);
    f->reads[f->read_count++] = (S_read){name, s, S_open_scope(b, s, e, n.id, false)};
    return;
  }
  S_binding bd;
  memset(&bd, 0, sizeof bd);
  bd.name = name;
  bd.kind = (unsigned)kind;
  bd.start = s;
  bd.end = e;
  bd.owner = n;
  bd.next = -1;
  if (kind == FACTS_PARAMETER) {
    /* The innermost def or lambda whose parameters hold the name. */
    bd.scope = -1;
    for (int k = ctx; k >= 0 && bd.scope < 0; k--) {
      TSSymbol ks = ts_node_symbol(b->anc[k]);
      if (ks == g->function_definition || ks == g->lambda) bd.scope = S_open_frame_for(b, b->anc[k]);
    }
  } else if (kind == FACTS_ASSIGNMENT && ts_node_symbol(b->anc[ctx]) == g->named_expression) {
    bd.scope = S_open_scope(b, s, e, n.id, true); /* := binds outside comprehensions */
  } else {
    bd.scope = S_open_scope(b, s, e, n.id, false);
  }
  if (kind == FACTS_DEF) {
    bd.owner = b->anc[d - 1];
  } else if (kind == FACTS_IMPORT) {
    S_import_qual(b, d, &bd.qual_off, &bd.qual_len);
  }
  if (bd.scope < 0) {
    /* Bound in a scope around the root (the root def's own name, a := in a root
     * comprehension): recorded so that lookups know, in no slot. */
    bd.scope = FSCOPE_OUTSIDE;
    S_grow((void **)&f->bindings, &f->binding_cap, f->binding_count + 1, sizeof *f->bindings);
    f->bindings[f->binding_count++] = bd;
    return;
  }
  S_grow((void **)&f->bindings, &f->binding_cap, f->binding_count + 1, sizeof *f->bindings);
  S_slot *slot = S_slot_get(f, bd.scope, name);
  int32_t idx = (int32_t)f->binding_count;
  f->bindings[f->binding_count++] = bd;
  if (slot->last >= 0)
    f->bindings[slot->last].next = idx;
  else
    slot->first = idx;
  slot->last = idx;
  slot->kinds |= (unsigned)kind;
}

static void S_ensure_depth(S_build *b, int depth) {
  size_t need = (size_t)depth + 1;
  if (need <= b->anc_cap) return;
  size_t cap = b->anc_cap ? b->anc_cap * 2 : 64;
  while (cap < need) cap *= 2;
  b->anc = xreallocarray(b->anc, cap, sizeof *b->anc);
  b->fld = xreallocarray(b->fld, cap, sizeof *b->fld);
  b->anc_cap = cap;
}

/* Groups reads by name, keeping document order within a name. */
static void S_index(fscope *f) {
  f->read_first = xcalloc(f->name_count + 1, sizeof *f->read_first);
  for (size_t i = 0; i < f->read_count; i++) f->read_first[f->reads[i].name + 1]++;
  for (size_t i = 0; i < f->name_count; i++) f->read_first[i + 1] += f->read_first[i];
  S_read *sorted = xcalloc(f->read_count ? f->read_count : 1, sizeof *sorted);
  uint32_t *fill = xcalloc(f->name_count + 1, sizeof *fill);
  memcpy(fill, f->read_first, (f->name_count + 1) * sizeof *fill);
  for (size_t i = 0; i < f->read_count; i++) sorted[fill[f->reads[i].name]++] = f->reads[i];
  free(f->reads);
  f->reads = sorted;
  free(fill);
}

fscope *fscope_new(const fscope_grammar *g, TSNode root, unsigned kind, bool deep,
                   const char *src, size_t len) {
  if (!src || ts_node_is_null(root)) return NULL;
  fscope *f = xcalloc(1, sizeof *f);
  f->src = src;
  f->len = len;
  f->g = g;
  S_build b = {.f = f};
  TSTreeCursor c = ts_tree_cursor_new(root);
  int depth = 0;
  for (;;) {
    S_ensure_depth(&b, depth);
    TSNode n = ts_tree_cursor_current_node(&c);
    b.anc[depth] = n;
    b.fld[depth] = ts_tree_cursor_current_field_id(&c);
    while (b.open_count > 0 && b.open_depth[b.open_count - 1] >= depth) b.open_count--;
    TSSymbol sym = ts_node_symbol(n);
    bool named = ts_node_is_named(n);
    bool descend = true;
    if (depth == 0) {
      S_push_frame(&b, n, depth, kind);
    } else if (!named) {
      /* keywords and punctuation: nothing to record */
    } else if (!deep && depth >= 2 && b.fld[depth] == g->f_body &&
               (ts_node_symbol(b.anc[depth - 1]) == g->function_definition ||
                ts_node_symbol(b.anc[depth - 1]) == g->class_definition)) {
      descend = false; /* a nested scope's body: its own fscope */
    } else if (sym == g->identifier) {
      S_add_identifier(&b, depth);
    } else if (sym == g->function_definition) {
      TSNode first = ts_node_child(n, 0);
      bool async = !ts_node_is_null(first) && ts_node_symbol(first) == g->async_kw;
      S_push_frame(&b, n, depth, async ? FACTS_ASYNC_FUNCTION : FACTS_FUNCTION);
    } else if (sym == g->lambda) {
      S_push_frame(&b, n, depth, FACTS_LAMBDA);
    } else if (sym == g->class_definition) {
      S_push_frame(&b, n, depth, FACTS_CLASS_BODY);
    } else if (S_is_comprehension(g, sym)) {
      S_push_frame(&b, n, depth, FACTS_COMPREHENSION);
    } else if (sym == g->for_statement) {
      S_push_frame(&b, n, depth, FACTS_FOR);
    } else if (sym == g->while_statement) {
      S_push_frame(&b, n, depth, FACTS_WHILE);
    }
    if (!doc_cursor_next(&c, descend, &depth)) break;
  }
  ts_tree_cursor_delete(&c);
  free(b.anc);
  free(b.fld);
  free(b.open);
  free(b.open_depth);
  S_index(f);
  return f;
}

void fscope_free(fscope *f) {
  if (!f) return;
  free(f->frames);
  free(f->bindings);
  free(f->reads);
  free(f->read_first);
  free(f->pool);
  free(f->names);
  free(f->name_table);
  free(f->slots);
  free(f);
}

/* ---- lookups ---- */

static unsigned S_kinds(const fscope *f, int32_t scope, uint32_t name) {
  const S_slot *s = S_slot_find(f, scope, name);
  return s ? s->kinds : 0;
}

unsigned fscope_kinds(const fscope *f, const char *name, size_t len) {
  uint32_t id = S_intern((fscope *)f, name, len, false);
  return id == UINT32_MAX ? 0 : S_kinds(f, 0, id);
}

int32_t fscope_binding_scope_at(const fscope *f, TSNode n) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  size_t lo = 0, hi = f->binding_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->bindings[mid].start < s)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < f->binding_count && f->bindings[i].start == s; i++) {
    if (f->bindings[i].end == e) return f->bindings[i].scope;
  }
  return -1;
}

TSNode fscope_frame_node(const fscope *f, int32_t frame) {
  if (frame < 0 || (size_t)frame >= f->frame_count) {
    TSNode null;
    memset(&null, 0, sizeof null);
    return null;
  }
  return f->frames[frame].node;
}

bool fscope_next_binding(const fscope *f, const char *name, size_t len, int32_t *it,
                         fscope_binding *out) {
  int32_t i;
  if (*it < 0) {
    uint32_t id = S_intern((fscope *)f, name, len, false);
    const S_slot *slot = id == UINT32_MAX ? NULL : S_slot_find(f, 0, id);
    i = slot ? slot->first : -1;
  } else {
    i = f->bindings[*it].next;
  }
  if (i < 0) return false;
  const S_binding *bd = &f->bindings[i];
  *out = (fscope_binding){bd->kind, bd->start, bd->owner, f->pool + bd->qual_off, bd->qual_len};
  *it = i;
  return true;
}

bool fscope_reads_free(const fscope *f, const char *name_text, size_t name_len) {
  uint32_t name = S_intern((fscope *)f, name_text, name_len, false);
  if (name == UINT32_MAX || f->frame_count == 0) return false;
  const S_frame *fr = &f->frames[0];
  uint32_t lo = f->read_first[name], hi = f->read_first[name + 1];
  /* first read at or after the region's start */
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (f->reads[mid].start < fr->start)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (uint32_t i = lo; i < f->read_first[name + 1] && f->reads[i].start < fr->end; i++) {
    bool local = false;
    int32_t cur = f->reads[i].scope;
    for (bool first = true; cur >= 0; first = false) {
      bool visible = first || f->frames[cur].kind != FACTS_CLASS_BODY;
      if (visible && (S_kinds(f, cur, name) & ~(unsigned)(FACTS_GLOBAL | FACTS_NONLOCAL))) {
        local = true;
        break;
      }
      if (cur == 0) break;
      cur = f->frames[cur].scope_up;
    }
    if (!local && cur == 0) return true;
  }
  return false;
}
