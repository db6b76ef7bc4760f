#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* ---- grammar symbols and fields, resolved once per build ---- */

typedef struct {
  TSSymbol identifier, function_definition, lambda, class_definition, list_comprehension,
      set_comprehension, dictionary_comprehension, generator_expression, for_statement,
      while_statement, for_in_clause, parameters, lambda_parameters, list_splat_pattern,
      dictionary_splat_pattern, typed_parameter, default_parameter, typed_default_parameter,
      pattern_list, tuple_pattern, list_pattern, tuple, list, parenthesized_expression,
      assignment, augmented_assignment, named_expression, as_pattern, as_pattern_target,
      with_item, except_clause, except_group_clause, global_statement, nonlocal_statement,
      import_statement, import_from_statement, future_import_statement, aliased_import,
      dotted_name, relative_import, import_prefix, attribute, keyword_argument, call,
      case_pattern, splat_pattern, keyword_pattern, async_kw;
  TSFieldId f_body, f_left, f_right, f_name, f_alias, f_module_name, f_attribute, f_object,
      f_function;
} S_grammar;

static TSSymbol S_sym(const TSLanguage *l, const char *name, bool named) {
  return ts_language_symbol_for_name(l, name, (uint32_t)strlen(name), named);
}

static TSFieldId S_field(const TSLanguage *l, const char *name) {
  return ts_language_field_id_for_name(l, name, (uint32_t)strlen(name));
}

static void S_grammar_init(S_grammar *g, const TSLanguage *l) {
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
#define S_LOOPS (FACTS_FOR | FACTS_WHILE | FACTS_COMPREHENSION)

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
  uint32_t loop_first, loop_count; /* names bound by this loop's targets (into loop_names) */
} S_frame;

typedef struct {
  uint32_t name;  /* interned */
  unsigned kind;  /* one facts_binding_kind bit */
  int32_t scope;  /* frame the name is bound in */
  int32_t loop;   /* for FACTS_LOOP: the loop's frame; else -1 */
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

struct facts {
  const TSTree *tree;
  const char *src;
  size_t len;
  S_grammar g;
  S_frame *frames;
  size_t frame_count, frame_cap;
  S_binding *bindings;
  size_t binding_count, binding_cap;
  S_read *reads;
  size_t read_count, read_cap;
  uint32_t *read_first; /* per name: first index into reads (grouped by name after the pass) */
  uint32_t *loop_names; /* names bound by loops, grouped by frame */
  char *pool;
  size_t pool_len, pool_cap;
  S_name *names;
  size_t name_count, name_cap;
  unsigned *name_kinds; /* per name: every kind it is bound by in the file */
  uint32_t *name_table; /* open addressing: name index + 1 */
  size_t name_table_cap;
  S_slot *slots;
  size_t slot_count, slot_cap;
  bool oom;
};

static bool S_grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return true;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * size);
  if (!q) return false;
  *p = q;
  *cap = c;
  return true;
}

static uint32_t S_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static uint32_t S_pool_add(facts *f, const char *s, size_t n) {
  if (!S_grow((void **)&f->pool, &f->pool_cap, f->pool_len + n + 1, 1)) {
    f->oom = true;
    return 0;
  }
  uint32_t off = (uint32_t)f->pool_len;
  memcpy(f->pool + off, s, n);
  f->pool[off + n] = '\0';
  f->pool_len += n + 1;
  return off;
}

/* The index of a name, or UINT32_MAX when it was never seen (and `add` is false). */
static uint32_t S_intern(facts *f, const char *s, size_t n, bool add) {
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
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t) {
      f->oom = true;
      return UINT32_MAX;
    }
    for (size_t k = 0; k < f->name_count; k++) {
      size_t i = f->names[k].hash & (cap - 1);
      while (t[i]) i = (i + 1) & (cap - 1);
      t[i] = (uint32_t)k + 1;
    }
    free(f->name_table);
    f->name_table = t;
    f->name_table_cap = cap;
  }
  if (!S_grow((void **)&f->names, &f->name_cap, f->name_count + 1, sizeof *f->names)) {
    f->oom = true;
    return UINT32_MAX;
  }
  uint32_t off = S_pool_add(f, s, n);
  if (f->oom) return UINT32_MAX;
  uint32_t id = (uint32_t)f->name_count++;
  f->names[id] = (S_name){off, (uint32_t)n, h};
  size_t i = h & (f->name_table_cap - 1);
  while (f->name_table[i]) i = (i + 1) & (f->name_table_cap - 1);
  f->name_table[i] = id + 1;
  return id;
}

static uint32_t S_intern_node(facts *f, TSNode n, bool add) {
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (b > f->len || a >= b) return UINT32_MAX;
  return S_intern(f, f->src + a, b - a, add);
}

static uint64_t S_key(int32_t scope, uint32_t name) {
  return ((uint64_t)(uint32_t)(scope + 1) << 32) | name;
}

static S_slot *S_slot_find(const facts *f, int32_t scope, uint32_t name) {
  if (!f->slot_cap) return NULL;
  uint64_t key = S_key(scope, name);
  size_t mask = f->slot_cap - 1;
  for (size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;; i = (i + 1) & mask) {
    if (f->slots[i].key == 0) return NULL;
    if (f->slots[i].key == key) return &f->slots[i];
  }
}

static S_slot *S_slot_get(facts *f, int32_t scope, uint32_t name) {
  S_slot *s = S_slot_find(f, scope, name);
  if (s) return s;
  if ((f->slot_count + 1) * 2 > f->slot_cap) {
    size_t cap = f->slot_cap ? f->slot_cap * 2 : 256;
    S_slot *t = calloc(cap, sizeof *t);
    if (!t) {
      f->oom = true;
      return NULL;
    }
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
static int32_t S_holder_from(const facts *f, int32_t i, uint32_t s, uint32_t e, const void *id) {
  while (i >= 0 && !S_region_holds(&f->frames[i], s, e, id)) i = f->frames[i].up;
  return i;
}

/* The innermost frame whose region holds `n`: the last frame starting at or before n, then
 * up its chain (every frame holding n contains that frame's node). */
static int32_t S_frame_of(const facts *f, TSNode n) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  size_t lo = 0, hi = f->frame_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->frames[mid].node_start <= s)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return -1;
  return S_holder_from(f, (int32_t)lo - 1, s, e, n.id);
}

static int32_t S_scope_of(const facts *f, TSNode n) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  int32_t i = S_frame_of(f, n);
  while (i >= 0 && !(f->frames[i].kind & S_SCOPES)) i = S_holder_from(f, f->frames[i].up, s, e, n.id);
  return i;
}

/* ---- the pass ---- */

typedef struct {
  facts *f;
  TSNode *anc;      /* anc[d]: the node at depth d of the walk */
  TSFieldId *fld;   /* fld[d]: the field anc[d] sits in, in anc[d - 1] */
  size_t anc_cap;
  int32_t *open;    /* frames whose nodes contain the current node, innermost last */
  int *open_depth;
  size_t open_count, open_cap, open_depth_cap;
} S_build;

static bool S_is_comprehension(const S_grammar *g, TSSymbol s) {
  return s == g->list_comprehension || s == g->set_comprehension ||
         s == g->dictionary_comprehension || s == g->generator_expression;
}

static void S_push_frame(S_build *b, TSNode n, int depth, unsigned kind) {
  facts *f = b->f;
  const S_grammar *g = &f->g;
  if (!S_grow((void **)&f->frames, &f->frame_cap, f->frame_count + 1, sizeof *f->frames) ||
      !S_grow((void **)&b->open, &b->open_cap, b->open_count + 1, sizeof *b->open) ||
      !S_grow((void **)&b->open_depth, &b->open_depth_cap, b->open_count + 1,
              sizeof *b->open_depth)) {
    f->oom = true;
    return;
  }
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
static void S_qual_dotted(const facts *f, S_qual *q, TSNode dn) {
  bool single = ts_node_symbol(dn) == f->g.identifier;
  uint32_t nc = single ? 1 : ts_node_named_child_count(dn);
  for (uint32_t i = 0; i < nc; i++) {
    TSNode id = single ? dn : ts_node_named_child(dn, i);
    if (ts_node_symbol(id) != f->g.identifier) continue;
    uint32_t a = ts_node_start_byte(id), e = ts_node_end_byte(id);
    if (e > f->len || a >= e) continue;
    if (q->len > 0 && q->buf[q->len - 1] != '.') S_qual_put(q, ".", 1);
    S_qual_put(q, f->src + a, e - a);
  }
}

/* Appends the module a from-import reads from ("os.path", "..pkg", "."). */
static void S_qual_from_module(const facts *f, S_qual *q, TSNode stmt) {
  const S_grammar *g = &f->g;
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
  facts *f = b->f;
  const S_grammar *g = &f->g;
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

static bool S_is_container(const S_grammar *g, TSSymbol s) {
  return s == g->pattern_list || s == g->tuple_pattern || s == g->list_pattern ||
         s == g->list_splat_pattern || s == g->dictionary_splat_pattern || s == g->tuple ||
         s == g->list || s == g->parenthesized_expression;
}

enum { S_READ = 0, S_NOT_A_NAME = -1 };

/* What the identifier at depth d does: a binding kind, S_READ, or S_NOT_A_NAME (an
 * attribute's name, a keyword argument's name, a module path in an import). `*ctx` is the
 * depth of the node that gives a binding its meaning (the for statement of a loop target,
 * the def of a parameter or of a def's name). */
static int S_classify(const S_build *b, int d, int *ctx) {
  const S_grammar *g = &b->f->g;
  if (d < 1) return S_READ;
  TSNode parent = b->anc[d - 1];
  TSSymbol ps = ts_node_symbol(parent);
  TSFieldId field = b->fld[d];
  *ctx = d - 1;
  if (ps == g->dotted_name) {
    if (d < 2) return S_READ;
    TSSymbol gs = ts_node_symbol(b->anc[d - 2]);
    if (gs == g->import_statement)
      return ts_node_eq(ts_node_named_child(parent, 0), b->anc[d]) ? FACTS_IMPORT : S_NOT_A_NAME;
    if (gs == g->import_from_statement || gs == g->future_import_statement)
      return b->fld[d - 1] == g->f_name ? FACTS_IMPORT : S_NOT_A_NAME;
    if (gs == g->relative_import || gs == g->aliased_import) return S_NOT_A_NAME;
    if ((gs == g->case_pattern || gs == g->keyword_pattern) &&
        ts_node_named_child_count(parent) == 1)
      return FACTS_MATCH;
    return ts_node_eq(ts_node_named_child(parent, 0), b->anc[d]) ? S_READ : S_NOT_A_NAME;
  }
  if (ps == g->aliased_import) return field == g->f_alias ? FACTS_IMPORT : S_NOT_A_NAME;
  if (ps == g->attribute) return field == g->f_attribute ? S_NOT_A_NAME : S_READ;
  if (ps == g->keyword_argument) return field == g->f_name ? S_NOT_A_NAME : S_READ;
  if (ps == g->keyword_pattern)
    return ts_node_eq(ts_node_named_child(parent, 0), b->anc[d]) ? S_NOT_A_NAME : S_READ;
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
      ts_node_symbol(b->anc[d - 2]) == g->case_pattern) {
    /* case P as NAME: the name follows the `as` */
    uint32_t nc = ts_node_named_child_count(parent);
    return nc > 0 && ts_node_eq(ts_node_named_child(parent, nc - 1), b->anc[d]) ? FACTS_MATCH
                                                                                 : S_READ;
  }
  /* Targets may be nested in tuples, lists and stars: climb past them. */
  int k = d - 1;
  while (k > 0 && S_is_container(g, ts_node_symbol(b->anc[k]))) k--;
  TSSymbol cs = ts_node_symbol(b->anc[k]);
  TSFieldId cf = b->fld[k + 1];
  *ctx = k;
  if (cs == g->parameters || cs == g->lambda_parameters || cs == g->typed_parameter)
    return FACTS_PARAMETER;
  if ((cs == g->assignment || cs == g->augmented_assignment) && cf == g->f_left)
    return FACTS_ASSIGNMENT;
  if (cs == g->named_expression && cf == g->f_name) return FACTS_ASSIGNMENT;
  if ((cs == g->for_statement || cs == g->for_in_clause) && cf == g->f_left) return FACTS_LOOP;
  if (cs == g->as_pattern_target && k >= 2) {
    TSSymbol owner = ts_node_symbol(b->anc[k - 2]);
    if (owner == g->with_item) return FACTS_WITH;
    if (owner == g->except_clause || owner == g->except_group_clause) return FACTS_EXCEPT;
  }
  return S_READ;
}

static void S_add_identifier(S_build *b, int d) {
  facts *f = b->f;
  const S_grammar *g = &f->g;
  TSNode n = b->anc[d];
  int ctx = d;
  int kind = S_classify(b, d, &ctx);
  if (kind == S_NOT_A_NAME) return;
  uint32_t name = S_intern_node(f, n, true);
  if (name == UINT32_MAX) return;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (kind == S_READ) {
    if (!S_grow((void **)&f->reads, &f->read_cap, f->read_count + 1, sizeof *f->reads)) {
      f->oom = true;
      return;
    }
    f->reads[f->read_count++] = (S_read){name, s, S_open_scope(b, s, e, n.id, false)};
    return;
  }
  S_binding bd;
  memset(&bd, 0, sizeof bd);
  bd.name = name;
  bd.kind = (unsigned)kind;
  bd.loop = -1;
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
  if (bd.scope < 0) bd.scope = 0;
  if (kind == FACTS_LOOP) {
    TSNode loop = b->anc[ctx];
    if (ts_node_symbol(loop) == g->for_in_clause && ctx >= 1) loop = b->anc[ctx - 1];
    bd.loop = S_open_frame_for(b, loop);
  } else if (kind == FACTS_DEF) {
    bd.owner = b->anc[d - 1];
  } else if (kind == FACTS_IMPORT) {
    S_import_qual(b, d, &bd.qual_off, &bd.qual_len);
  }
  if (f->oom) return;
  if (!S_grow((void **)&f->bindings, &f->binding_cap, f->binding_count + 1, sizeof *f->bindings)) {
    f->oom = true;
    return;
  }
  S_slot *slot = S_slot_get(f, bd.scope, name);
  if (!slot) return;
  int32_t idx = (int32_t)f->binding_count;
  f->bindings[f->binding_count++] = bd;
  if (slot->last >= 0)
    f->bindings[slot->last].next = idx;
  else
    slot->first = idx;
  slot->last = idx;
  slot->kinds |= (unsigned)kind;
}

static bool S_ensure_depth(S_build *b, int depth) {
  size_t need = (size_t)depth + 1;
  if (need <= b->anc_cap) return true;
  size_t cap = b->anc_cap ? b->anc_cap * 2 : 64;
  while (cap < need) cap *= 2;
  TSNode *a = realloc(b->anc, cap * sizeof *a);
  if (!a) return false;
  b->anc = a;
  TSFieldId *fl = realloc(b->fld, cap * sizeof *fl);
  if (!fl) return false;
  b->fld = fl;
  b->anc_cap = cap;
  return true;
}

/* Groups reads by name (keeping document order within a name) and loop targets by loop. */
static bool S_index(facts *f) {
  f->read_first = calloc(f->name_count + 1, sizeof *f->read_first);
  f->name_kinds = calloc(f->name_count + 1, sizeof *f->name_kinds);
  if (!f->read_first || !f->name_kinds) return false;
  for (size_t i = 0; i < f->read_count; i++) f->read_first[f->reads[i].name + 1]++;
  for (size_t i = 0; i < f->name_count; i++) f->read_first[i + 1] += f->read_first[i];
  S_read *sorted = malloc((f->read_count ? f->read_count : 1) * sizeof *sorted);
  uint32_t *fill = malloc((f->name_count + 1) * sizeof *fill);
  if (!sorted || !fill) {
    free(sorted);
    free(fill);
    return false;
  }
  memcpy(fill, f->read_first, (f->name_count + 1) * sizeof *fill);
  for (size_t i = 0; i < f->read_count; i++) sorted[fill[f->reads[i].name]++] = f->reads[i];
  free(f->reads);
  f->reads = sorted;
  free(fill);

  size_t loops = 0;
  for (size_t i = 0; i < f->binding_count; i++) {
    f->name_kinds[f->bindings[i].name] |= f->bindings[i].kind;
    if (f->bindings[i].loop >= 0) {
      f->frames[f->bindings[i].loop].loop_count++;
      loops++;
    }
  }
  f->loop_names = malloc((loops ? loops : 1) * sizeof *f->loop_names);
  if (!f->loop_names) return false;
  uint32_t at = 0;
  for (size_t i = 0; i < f->frame_count; i++) {
    f->frames[i].loop_first = at;
    at += f->frames[i].loop_count;
    f->frames[i].loop_count = 0;
  }
  for (size_t i = 0; i < f->binding_count; i++) {
    int32_t l = f->bindings[i].loop;
    if (l < 0) continue;
    S_frame *fr = &f->frames[l];
    f->loop_names[fr->loop_first + fr->loop_count++] = f->bindings[i].name;
  }
  return true;
}

facts *facts_new(const TSTree *tree, const char *src, size_t len) {
  if (!tree || !src) return NULL;
  facts *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->tree = tree;
  f->src = src;
  f->len = len;
  S_grammar_init(&f->g, ts_tree_language(tree));
  const S_grammar *g = &f->g;
  S_build b = {.f = f};
  TSNode root = ts_tree_root_node(tree);
  TSTreeCursor c = ts_tree_cursor_new(root);
  int depth = 0;
  bool ok = true;
  for (;;) {
    if (!S_ensure_depth(&b, depth)) {
      ok = false;
      break;
    }
    TSNode n = ts_tree_cursor_current_node(&c);
    b.anc[depth] = n;
    b.fld[depth] = ts_tree_cursor_current_field_id(&c);
    while (b.open_count > 0 && b.open_depth[b.open_count - 1] >= depth) b.open_count--;
    TSSymbol sym = ts_node_symbol(n);
    bool named = ts_node_is_named(n);
    if (depth == 0) {
      S_push_frame(&b, n, depth, FACTS_MODULE);
    } else if (!named) {
      /* keywords and punctuation: nothing to record */
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
    if (f->oom) {
      ok = false;
      break;
    }
    if (!doc_cursor_next(&c, true, &depth)) break;
  }
  ts_tree_cursor_delete(&c);
  free(b.anc);
  free(b.fld);
  free(b.open);
  free(b.open_depth);
  if (!ok || !S_index(f)) {
    facts_free(f);
    return NULL;
  }
  return f;
}

void facts_free(facts *f) {
  if (!f) return;
  free(f->frames);
  free(f->bindings);
  free(f->reads);
  free(f->read_first);
  free(f->loop_names);
  free(f->pool);
  free(f->names);
  free(f->name_kinds);
  free(f->name_table);
  free(f->slots);
  free(f);
}

const TSTree *facts_tree(const facts *f) { return f->tree; }

/* ---- names of kinds ---- */

static unsigned S_lookup(const char *const *names, const unsigned *bits, size_t n,
                         const char *s, size_t len) {
  for (size_t i = 0; i < n; i++) {
    if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) return bits[i];
  }
  return 0;
}

unsigned facts_binding_kind_named(const char *s, size_t len) {
  static const char *const names[] = {"parameter", "assignment", "import", "loop",
                                      "with",      "except",     "def",    "class",
                                      "global",    "nonlocal",   "match"};
  static const unsigned bits[] = {FACTS_PARAMETER, FACTS_ASSIGNMENT, FACTS_IMPORT, FACTS_LOOP,
                                  FACTS_WITH,      FACTS_EXCEPT,     FACTS_DEF,    FACTS_CLASS,
                                  FACTS_GLOBAL,    FACTS_NONLOCAL,   FACTS_MATCH};
  return S_lookup(names, bits, sizeof bits / sizeof bits[0], s, len);
}

unsigned facts_frame_kind_named(const char *s, size_t len) {
  static const char *const names[] = {"module", "function", "async_function", "lambda", "class",
                                      "loop",   "for",      "while",          "comprehension"};
  static const unsigned bits[] = {FACTS_MODULE,
                                  FACTS_FUNCTION | FACTS_ASYNC_FUNCTION,
                                  FACTS_ASYNC_FUNCTION,
                                  FACTS_LAMBDA,
                                  FACTS_CLASS_BODY,
                                  S_LOOPS,
                                  FACTS_FOR,
                                  FACTS_WHILE,
                                  FACTS_COMPREHENSION};
  return S_lookup(names, bits, sizeof bits / sizeof bits[0], s, len);
}

/* ---- lookups ---- */

unsigned facts_enclosing(const facts *f, TSNode n) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  for (int32_t i = S_frame_of(f, n); i >= 0; i = S_holder_from(f, f->frames[i].up, s, e, n.id)) {
    if (f->frames[i].kind & (S_DEFINITIONS | FACTS_MODULE)) return f->frames[i].kind;
  }
  return FACTS_MODULE;
}

unsigned facts_inside(const facts *f, TSNode n) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  unsigned kinds = FACTS_MODULE;
  for (int32_t i = S_frame_of(f, n); i >= 0; i = S_holder_from(f, f->frames[i].up, s, e, n.id))
    kinds |= f->frames[i].kind;
  return kinds;
}

/* The binding made by the identifier `n` itself, or -1 (bindings are in document order). */
static int32_t S_binding_at(const facts *f, TSNode n) {
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
    if (f->bindings[i].end == e) return (int32_t)i;
  }
  return -1;
}

static int32_t S_name_scope(const facts *f, TSNode n) {
  int32_t b = S_binding_at(f, n);
  return b >= 0 ? f->bindings[b].scope : S_scope_of(f, n);
}

static unsigned S_kinds(const facts *f, int32_t scope, uint32_t name) {
  const S_slot *s = S_slot_find(f, scope, name);
  return s ? s->kinds : 0;
}

unsigned facts_bound_in_scope(const facts *f, TSNode n) {
  uint32_t name = S_intern_node((facts *)f, n, false);
  if (name == UINT32_MAX) return 0;
  int32_t scope = S_name_scope(f, n);
  return scope < 0 ? 0 : S_kinds(f, scope, name);
}

unsigned facts_bound_in_file(const facts *f, TSNode n) {
  uint32_t name = S_intern_node((facts *)f, n, false);
  return name == UINT32_MAX ? 0 : f->name_kinds[name];
}

/* The scope whose binding a read of `name` in `scope` finds, as Python looks it up: the
 * scope itself, then the enclosing function scopes (class bodies are seen only from their
 * own body), then the module; `global` sends the lookup to the module, `nonlocal` past its
 * own scope. -1 when nothing binds it. */
static int32_t S_resolve(const facts *f, int32_t scope, uint32_t name) {
  bool first = true;
  for (int32_t cur = scope; cur >= 0; cur = f->frames[cur].scope_up, first = false) {
    if (!first && f->frames[cur].kind == FACTS_CLASS_BODY) continue;
    unsigned k = S_kinds(f, cur, name);
    if (!k) continue;
    if (k & FACTS_GLOBAL) return S_kinds(f, 0, name) ? 0 : -1;
    if (k & FACTS_NONLOCAL) continue;
    return cur;
  }
  return -1;
}

/* Does full == want, where full = qual followed by ".part" for each part? */
static bool S_qual_eq(const char *qual, size_t qlen, const char *const *parts,
                      const size_t *plen, size_t nparts, const char *want, size_t wlen,
                      bool prefix_ok) {
  size_t at = 0;
  if (qlen > wlen || memcmp(qual, want, qlen) != 0) {
    return false;
  }
  at = qlen;
  for (size_t i = 0; i < nparts; i++) {
    if (at == wlen) return prefix_ok;
    if (want[at] != '.' || at + 1 + plen[i] > wlen || memcmp(want + at + 1, parts[i], plen[i]) != 0)
      return false;
    at += 1 + plen[i];
  }
  return at == wlen;
}

#define S_MAX_PARTS 16

bool facts_imported_from(const facts *f, TSNode n, const char *module, size_t module_len,
                         const char *name, size_t name_len) {
  const S_grammar *g = &f->g;
  if (ts_node_symbol(n) == g->call) n = ts_node_child_by_field_id(n, g->f_function);
  /* a.b.c: collect c, b (outermost first), then a */
  const char *parts[S_MAX_PARTS];
  size_t plen[S_MAX_PARTS];
  size_t np = 0;
  while (!ts_node_is_null(n) && ts_node_symbol(n) == g->attribute) {
    TSNode attr = ts_node_child_by_field_id(n, g->f_attribute);
    if (ts_node_is_null(attr) || np == S_MAX_PARTS) return false;
    uint32_t a = ts_node_start_byte(attr), e = ts_node_end_byte(attr);
    if (e > f->len || a >= e) return false;
    parts[np] = f->src + a;
    plen[np++] = e - a;
    n = ts_node_child_by_field_id(n, g->f_object);
  }
  if (ts_node_is_null(n) || ts_node_symbol(n) != g->identifier) return false;
  for (size_t i = 0; i < np / 2; i++) { /* innermost first */
    const char *t = parts[i];
    parts[i] = parts[np - 1 - i];
    parts[np - 1 - i] = t;
    size_t tl = plen[i];
    plen[i] = plen[np - 1 - i];
    plen[np - 1 - i] = tl;
  }
  uint32_t id = S_intern_node((facts *)f, n, false);
  if (id == UINT32_MAX || !(f->name_kinds[id] & FACTS_IMPORT)) return false;
  int32_t scope = S_resolve(f, S_name_scope(f, n), id);
  if (scope < 0) return false;
  char want[512];
  size_t wlen = module_len;
  if (module_len >= sizeof want || (name && module_len + 1 + name_len >= sizeof want)) return false;
  memcpy(want, module, module_len);
  if (name) {
    want[wlen++] = '.';
    memcpy(want + wlen, name, name_len);
    wlen += name_len;
  }
  const S_slot *slot = S_slot_find(f, scope, id);
  for (int32_t i = slot ? slot->first : -1; i >= 0; i = f->bindings[i].next) {
    const S_binding *bd = &f->bindings[i];
    if (bd->kind != FACTS_IMPORT) continue;
    const char *q = f->pool + bd->qual_off;
    if (S_qual_eq(q, bd->qual_len, parts, plen, np, want, wlen, false)) return true;
    /* Without a name, anything under the module counts. */
    if (!name && (S_qual_eq(q, bd->qual_len, parts, plen, np, want, wlen, true) ||
                  (bd->qual_len > wlen && memcmp(q, want, wlen) == 0 && q[wlen] == '.')))
      return true;
  }
  return false;
}

/* Does the loop of frame fr run [s, e) once per iteration? */
static bool S_in_loop(const S_frame *fr, uint32_t s, uint32_t e) {
  return (fr->kind & S_LOOPS) && fr->loop_start <= s && e <= fr->loop_end && fr->loop_start < fr->loop_end;
}

/* Does loop frame l bind `name`? */
static bool S_loop_binds(const facts *f, int32_t l, uint32_t name) {
  const S_frame *fr = &f->frames[l];
  for (uint32_t i = 0; i < fr->loop_count; i++) {
    if (f->loop_names[fr->loop_first + i] == name) return true;
  }
  return false;
}

bool facts_in_loop_that_binds(const facts *f, TSNode n, TSNode name_node) {
  uint32_t name = S_intern_node((facts *)f, name_node, false);
  if (name == UINT32_MAX || !(f->name_kinds[name] & FACTS_LOOP)) return false;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  for (int32_t i = S_frame_of(f, n); i >= 0; i = S_holder_from(f, f->frames[i].up, s, e, n.id)) {
    const S_frame *fr = &f->frames[i];
    if (fr->kind & S_DEFINITIONS) return false;
    if (S_in_loop(fr, s, e) && S_loop_binds(f, i, name)) return true;
  }
  return false;
}

/* The frame made for node n (a def or lambda), or -1. */
static int32_t S_frame_for_node(const facts *f, TSNode n) {
  uint32_t s = ts_node_start_byte(n);
  size_t lo = 0, hi = f->frame_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->frames[mid].node_start < s)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < f->frame_count && f->frames[i].node_start == s; i++) {
    if (f->frames[i].node.id == n.id) return (int32_t)i;
  }
  return -1;
}

/* Does function frame fn read `name` without binding it (in itself or in a scope nested in
 * it between the read and fn)? global/nonlocal declarations do not make a name local. */
static bool S_reads_free(const facts *f, int32_t fn, uint32_t name) {
  const S_frame *fr = &f->frames[fn];
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
      if (cur == fn) break;
      cur = f->frames[cur].scope_up;
    }
    if (!local && cur == fn) return true;
  }
  return false;
}

bool facts_captures_loop_variable(const facts *f, TSNode x) {
  const S_grammar *g = &f->g;
  TSSymbol sym = ts_node_symbol(x);
  int32_t fn = -1;
  if (sym == g->function_definition || sym == g->lambda) {
    fn = S_frame_for_node(f, x);
  } else if (sym == g->identifier) {
    uint32_t name = S_intern_node((facts *)f, x, false);
    if (name == UINT32_MAX || !(f->name_kinds[name] & FACTS_DEF)) return false;
    const S_slot *slot = S_slot_find(f, S_name_scope(f, x), name);
    int32_t latest = -1;
    for (int32_t i = slot ? slot->first : -1; i >= 0 && f->bindings[i].start < ts_node_start_byte(x);
         i = f->bindings[i].next)
      latest = i;
    if (latest < 0 || f->bindings[latest].kind != FACTS_DEF) return false;
    fn = S_frame_for_node(f, f->bindings[latest].owner);
  }
  if (fn < 0) return false;
  uint32_t s = ts_node_start_byte(x), e = ts_node_end_byte(x);
  for (int32_t i = S_frame_of(f, x); i >= 0; i = S_holder_from(f, f->frames[i].up, s, e, x.id)) {
    const S_frame *fr = &f->frames[i];
    if (fr->kind & S_DEFINITIONS) return false;
    if (!S_in_loop(fr, s, e)) continue;
    for (uint32_t k = 0; k < fr->loop_count; k++) {
      if (S_reads_free(f, fn, f->loop_names[fr->loop_first + k])) return true;
    }
  }
  return false;
}
