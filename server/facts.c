#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fscope.h"
#include "xalloc.h"

#define S_SCOPES (FACTS_MODULE | FACTS_FUNCTION | FACTS_ASYNC_FUNCTION | FACTS_LAMBDA | \
                  FACTS_CLASS_BODY | FACTS_COMPREHENSION)
#define S_DEFINITIONS (FACTS_FUNCTION | FACTS_ASYNC_FUNCTION | FACTS_LAMBDA | FACTS_CLASS_BODY)
#define S_LOOPS (FACTS_FOR | FACTS_WHILE | FACTS_COMPREHENSION)

/* A scope walked, keyed by its node and the depth of the walk. */
typedef struct {
  const void *id; /* NULL: empty slot */
  bool deep;
  fscope *fs;
} S_entry;

/* A name whose bindings in the whole file were looked up. */
typedef struct {
  uint32_t start, len; /* an occurrence of it in the text */
  unsigned kinds;
} S_word;

struct facts {
  const TSTree *tree;
  const char *src;
  size_t len;
  fscope_grammar g;
  S_entry *scopes;
  size_t scope_count, scope_cap; /* open addressing, scope_cap a power of two */
  S_word *words;
  size_t word_count, word_cap;
  TSNode *anc;        /* scratch for bound_in_file's descents */
  TSFieldId *fld;
  size_t anc_cap;
};

facts *facts_new(const TSTree *tree, const char *src, size_t len) {
  if (!tree || !src) return NULL;
  facts *f = xcalloc(1, sizeof *f);
  f->tree = tree;
  f->src = src;
  f->len = len;
  fscope_grammar_init(&f->g, ts_tree_language(tree));
  return f;
}

void facts_free(facts *f) {
  if (!f) return;
  for (size_t i = 0; i < f->scope_cap; i++) fscope_free(f->scopes[i].fs);
  free(f->scopes);
  free(f->words);
  free(f->anc);
  free(f->fld);
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

/* ---- frames, from a node's ancestors ---- */

/* The frame kind a node opens (one facts_frame_kind bit), 0 when none. The root is the
 * module. */
static unsigned S_frame_kind(const facts *f, TSNode n, bool is_root) {
  const fscope_grammar *g = &f->g;
  if (is_root) return FACTS_MODULE;
  TSSymbol s = ts_node_symbol(n);
  if (s == g->function_definition) {
    TSNode first = ts_node_child(n, 0);
    return !ts_node_is_null(first) && ts_node_symbol(first) == g->async_kw ? FACTS_ASYNC_FUNCTION
                                                                           : FACTS_FUNCTION;
  }
  if (s == g->lambda) return FACTS_LAMBDA;
  if (s == g->class_definition) return FACTS_CLASS_BODY;
  if (s == g->list_comprehension || s == g->set_comprehension ||
      s == g->dictionary_comprehension || s == g->generator_expression)
    return FACTS_COMPREHENSION;
  if (s == g->for_statement) return FACTS_FOR;
  if (s == g->while_statement) return FACTS_WHILE;
  return 0;
}

/* Does the frame of path->nodes[i] (of kind k) run the code of n? A def, lambda or class runs
 * its body (not its name, decorators, parameters or defaults), a loop its body (not its
 * iterable or else), a comprehension all but its first iterable (evaluated outside it). */
static bool S_holds(const facts *f, const ptree_path *p, TSNode n, size_t i, unsigned k) {
  if (k == FACTS_MODULE) return true;
  if (k != FACTS_COMPREHENSION) return p->fields[i + 1] == f->g.f_body;
  TSNode c = p->nodes[i];
  uint32_t nc = ts_node_named_child_count(c);
  for (uint32_t j = 0; j < nc; j++) {
    TSNode clause = ts_node_named_child(c, j);
    if (ts_node_symbol(clause) != f->g.for_in_clause) continue;
    TSNode right = ts_node_child_by_field_id(clause, f->g.f_right);
    if (ts_node_is_null(right)) return true;
    uint32_t a = ts_node_start_byte(right), b = ts_node_end_byte(right);
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    return !(a < b && s >= a && e <= b);
  }
  return true;
}

/* Does the loop of path->nodes[i] (of kind k, holding n) run n once per iteration? */
static bool S_in_loop(const facts *f, const ptree_path *p, size_t i, unsigned k) {
  if (k == FACTS_COMPREHENSION) return p->fields[i + 1] == f->g.f_body;
  return (k & (FACTS_FOR | FACTS_WHILE)) != 0;
}

unsigned facts_enclosing(facts *f, ptree_path *p, TSNode n) {
  ptree_path_of(p, n);
  for (size_t i = p->depth; i-- > 1;) {
    unsigned k = S_frame_kind(f, p->nodes[i], false);
    if ((k & S_DEFINITIONS) && S_holds(f, p, n, i, k)) return k;
  }
  return FACTS_MODULE;
}

unsigned facts_inside(facts *f, ptree_path *p, TSNode n) {
  unsigned kinds = FACTS_MODULE;
  ptree_path_of(p, n);
  for (size_t i = p->depth; i-- > 1;) {
    unsigned k = S_frame_kind(f, p->nodes[i], false);
    if (k && S_holds(f, p, n, i, k)) kinds |= k;
  }
  return kinds;
}

/* ---- scopes, walked on demand ---- */

static size_t S_hash_id(const void *id, bool deep) {
  uintptr_t x = (uintptr_t)id;
  x ^= x >> 17;
  x *= (uintptr_t)0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 7) ^ (size_t)deep;
}

/* The scope of `node` (of frame kind `kind`, not a null node), walked now or before. */
static const fscope *S_scope(facts *f, TSNode node, unsigned kind, bool deep) {
  if (f->scope_cap) {
    size_t mask = f->scope_cap - 1;
    for (size_t i = S_hash_id(node.id, deep) & mask; f->scopes[i].id; i = (i + 1) & mask) {
      if (f->scopes[i].id == node.id && f->scopes[i].deep == deep) return f->scopes[i].fs;
    }
  }
  if ((f->scope_count + 1) * 2 > f->scope_cap) {
    size_t cap = f->scope_cap ? f->scope_cap * 2 : 32;
    S_entry *t = xcalloc(cap, sizeof *t);
    for (size_t k = 0; k < f->scope_cap; k++) {
      if (!f->scopes[k].id) continue;
      size_t i = S_hash_id(f->scopes[k].id, f->scopes[k].deep) & (cap - 1);
      while (t[i].id) i = (i + 1) & (cap - 1);
      t[i] = f->scopes[k];
    }
    free(f->scopes);
    f->scopes = t;
    f->scope_cap = cap;
  }
  /* never NULL: facts_new refused a NULL src */
  fscope *fs = fscope_new(&f->g, node, kind, deep, f->src, f->len);
  size_t i = S_hash_id(node.id, deep) & (f->scope_cap - 1);
  while (f->scopes[i].id) i = (i + 1) & (f->scope_cap - 1);
  f->scopes[i] = (S_entry){node.id, deep, fs};
  f->scope_count++;
  return fs;
}

/* Where a name is bound: the scope of path->nodes[at] (walked, in *fs). */
typedef struct {
  size_t at;
  const fscope *fs;
} S_where;

/* The scope an identifier n belongs to (for a name it binds itself, the scope it binds in:
 * a parameter's is its function, a := in a comprehension the scope around). `p` describes
 * n. False when the path is empty or n is bound in no scope of it. */
static bool S_scope_of_name(facts *f, const ptree_path *p, TSNode n, S_where *w) {
  size_t i = p->depth;
  unsigned k = 0;
  while (i-- > 0) {
    k = S_frame_kind(f, p->nodes[i], i == 0);
    if ((k & S_SCOPES) && S_holds(f, p, n, i, k)) break;
  }
  if (i == SIZE_MAX) return false; /* no root: an empty path */
  const fscope *fs = S_scope(f, p->nodes[i], k, false);
  int32_t b = fscope_binding_scope_at(fs, n);
  if (b == FSCOPE_OUTSIDE) {
    /* A := target: the nearest scope around that is not a comprehension. */
    while (i-- > 0) {
      k = S_frame_kind(f, p->nodes[i], i == 0);
      if ((k & S_SCOPES) && k != FACTS_COMPREHENSION && S_holds(f, p, n, i, k)) break;
    }
    if (i == SIZE_MAX) return false;
    fs = S_scope(f, p->nodes[i], k, false);
  } else if (b > 0) {
    /* A parameter: its def or lambda is an ancestor of n. */
    TSNode def = fscope_frame_node(fs, b);
    size_t j = p->depth;
    while (j-- > i + 1 && p->nodes[j].id != def.id) {
    }
    if (j <= i) return false;
    i = j;
    fs = S_scope(f, def, S_frame_kind(f, def, false), false);
  }
  *w = (S_where){i, fs};
  return true;
}

static bool S_text(const facts *f, TSNode n, const char **s, size_t *len) {
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (b > f->len || a >= b) return false;
  *s = f->src + a;
  *len = b - a;
  return true;
}

unsigned facts_bound_in_scope(facts *f, ptree_path *p, TSNode n) {
  const char *s;
  size_t len;
  S_where w;
  if (!S_text(f, n, &s, &len)) return 0;
  ptree_path_of(p, n);
  if (!S_scope_of_name(f, p, n, &w)) return 0;
  return fscope_kinds(w.fs, s, len);
}

/* The scope whose binding a read of the name finds, from where it belongs (w), as Python
 * looks it up: that scope, then the enclosing function scopes (class bodies are seen only
 * from their own body), then the module; `global` sends the lookup to the module,
 * `nonlocal` past its own scope. False when nothing binds it. */
static bool S_resolve(facts *f, const ptree_path *p, TSNode n, const char *s, size_t len,
                      S_where *w) {
  bool first = true;
  for (size_t i = w->at + 1; i-- > 0; first = false) {
    unsigned k = S_frame_kind(f, p->nodes[i], i == 0);
    if (!(k & S_SCOPES)) continue;
    if (!first && (k == FACTS_CLASS_BODY || !S_holds(f, p, n, i, k))) continue;
    const fscope *fs = first ? w->fs : S_scope(f, p->nodes[i], k, false);
    unsigned kinds = fscope_kinds(fs, s, len);
    if (!kinds) continue;
    if (kinds & FACTS_GLOBAL) {
      const fscope *mod = S_scope(f, p->nodes[0], FACTS_MODULE, false);
      if (!fscope_kinds(mod, s, len)) return false;
      *w = (S_where){0, mod};
      return true;
    }
    if (kinds & FACTS_NONLOCAL) continue;
    *w = (S_where){i, fs};
    return true;
  }
  return false;
}

/* Does full == want, where full = qual followed by ".part" for each part? */
static bool S_qual_eq(const char *qual, size_t qlen, const char *const *parts,
                      const size_t *plen, size_t nparts, const char *want, size_t wlen,
                      bool prefix_ok) {
  if (qlen > wlen || memcmp(qual, want, qlen) != 0) return false;
  size_t at = qlen;
  for (size_t i = 0; i < nparts; i++) {
    if (at == wlen) return prefix_ok;
    if (want[at] != '.' || at + 1 + plen[i] > wlen || memcmp(want + at + 1, parts[i], plen[i]) != 0)
      return false;
    at += 1 + plen[i];
  }
  return at == wlen;
}

#define S_MAX_PARTS 16

bool facts_imported_from(facts *f, ptree_path *p, TSNode n, const char *module,
                         size_t module_len, const char *name, size_t name_len) {
  const fscope_grammar *g = &f->g;
  if (ts_node_symbol(n) == g->call) n = ts_node_child_by_field_id(n, g->f_function);
  /* a.b.c: collect c, b (outermost first), then a */
  const char *parts[S_MAX_PARTS];
  size_t plen[S_MAX_PARTS];
  size_t np = 0;
  while (!ts_node_is_null(n) && ts_node_symbol(n) == g->attribute) {
    TSNode attr = ts_node_child_by_field_id(n, g->f_attribute);
    if (ts_node_is_null(attr) || np == S_MAX_PARTS) return false;
    if (!S_text(f, attr, &parts[np], &plen[np])) return false;
    np++;
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
  char want[512];
  size_t wlen = module_len;
  if (module_len >= sizeof want || (name && module_len + 1 + name_len >= sizeof want)) return false;
  memcpy(want, module, module_len);
  if (name) {
    want[wlen++] = '.';
    memcpy(want + wlen, name, name_len);
    wlen += name_len;
  }
  const char *s;
  size_t len;
  S_where w;
  if (!S_text(f, n, &s, &len)) return false;
  ptree_path_of(p, n);
  if (!S_scope_of_name(f, p, n, &w) || !S_resolve(f, p, n, s, len, &w)) return false;
  fscope_binding bd;
  for (int32_t it = -1; fscope_next_binding(w.fs, s, len, &it, &bd);) {
    if (bd.kind != FACTS_IMPORT) continue;
    if (S_qual_eq(bd.qual, bd.qual_len, parts, plen, np, want, wlen, false)) return true;
    /* Without a name, anything under the module counts. */
    if (!name && (S_qual_eq(bd.qual, bd.qual_len, parts, plen, np, want, wlen, true) ||
                  (bd.qual_len > wlen && memcmp(bd.qual, want, wlen) == 0 && bd.qual[wlen] == '.')))
      return true;
  }
  return false;
}

/* ---- loops ---- */

static bool S_is_container(const fscope_grammar *g, TSSymbol s) {
  return s == g->pattern_list || s == g->tuple_pattern || s == g->list_pattern ||
         s == g->list_splat_pattern || s == g->dictionary_splat_pattern || s == g->tuple ||
         s == g->list || s == g->parenthesized_expression;
}

/* Calls `hit` on each name the target `t` (a for's or a for clause's left side) binds, until
 * it returns true: the names nested in tuples, lists and stars (not those in attributes and
 * subscripts, which are read). Iterative: targets can nest as deep as the text does. */
typedef bool (*S_name_fn)(const facts *f, const char *name, size_t len, const void *arg);

static bool S_each_target(const facts *f, TSNode t, S_name_fn hit, const void *arg) {
  if (ts_node_is_null(t)) return false;
  TSTreeCursor c = ts_tree_cursor_new(t);
  bool found = false, descend = true;
  for (bool more = true; more && !found; more = doc_cursor_next(&c, descend, NULL)) {
    TSNode n = ts_tree_cursor_current_node(&c);
    TSSymbol s = ts_node_symbol(n);
    descend = S_is_container(&f->g, s);
    const char *ts;
    size_t tl;
    if (s == f->g.identifier && S_text(f, n, &ts, &tl)) found = hit(f, ts, tl, arg);
  }
  ts_tree_cursor_delete(&c);
  return found;
}

typedef struct {
  const char *name;
  size_t len;
} S_str;

static bool S_same_name(const facts *f, const char *name, size_t len, const void *arg) {
  (void)f;
  const S_str *want = arg;
  return want->len == len && memcmp(want->name, name, len) == 0;
}

static bool S_target_binds(const facts *f, TSNode t, const char *name, size_t len) {
  S_str want = {name, len};
  return S_each_target(f, t, S_same_name, &want);
}

/* Do the targets of the loop `loop` (of kind k) bind name[0..len)? */
static bool S_loop_binds(const facts *f, TSNode loop, unsigned k, const char *name, size_t len) {
  if (k == FACTS_FOR) return S_target_binds(f, ts_node_child_by_field_id(loop, f->g.f_left), name, len);
  if (k != FACTS_COMPREHENSION) return false;
  uint32_t nc = ts_node_named_child_count(loop);
  for (uint32_t i = 0; i < nc; i++) {
    TSNode c = ts_node_named_child(loop, i);
    if (ts_node_symbol(c) == f->g.for_in_clause &&
        S_target_binds(f, ts_node_child_by_field_id(c, f->g.f_left), name, len))
      return true;
  }
  return false;
}

bool facts_in_loop_that_binds(facts *f, ptree_path *p, TSNode n, TSNode name_node) {
  const char *name;
  size_t len;
  if (!S_text(f, name_node, &name, &len)) return false;
  ptree_path_of(p, n);
  for (size_t i = p->depth; i-- > 1;) {
    unsigned k = S_frame_kind(f, p->nodes[i], false);
    if (!k || !S_holds(f, p, n, i, k)) continue;
    if (k & S_DEFINITIONS) return false;
    if ((k & S_LOOPS) && S_in_loop(f, p, i, k) && S_loop_binds(f, p->nodes[i], k, name, len))
      return true;
  }
  return false;
}

/* Does the closure (a deep fscope) read the name without binding it? */
static bool S_read_free(const facts *f, const char *name, size_t len, const void *arg) {
  (void)f;
  return fscope_reads_free(arg, name, len);
}

static bool S_any_target(const facts *f, TSNode t, const fscope *fn) {
  return S_each_target(f, t, S_read_free, fn);
}

bool facts_captures_loop_variable(facts *f, ptree_path *p, TSNode x) {
  const fscope_grammar *g = &f->g;
  TSSymbol sym = ts_node_symbol(x);
  TSNode fn;
  ptree_path_of(p, x);
  if (sym == g->function_definition || sym == g->lambda) {
    fn = x;
  } else if (sym == g->identifier) {
    /* the latest binding of the name before x in its scope, when it is a def */
    const char *s;
    size_t len;
    S_where w;
    if (!S_text(f, x, &s, &len) || !S_scope_of_name(f, p, x, &w)) return false;
    fscope_binding bd, latest = {0};
    bool have = false;
    for (int32_t it = -1; fscope_next_binding(w.fs, s, len, &it, &bd) &&
                          bd.start < ts_node_start_byte(x);) {
      latest = bd;
      have = true;
    }
    if (!have || latest.kind != FACTS_DEF) return false;
    fn = latest.owner;
  } else {
    return false;
  }
  const fscope *deep = NULL;
  for (size_t i = p->depth; i-- > 1;) {
    unsigned k = S_frame_kind(f, p->nodes[i], false);
    if (!k || !S_holds(f, p, x, i, k)) continue;
    if (k & S_DEFINITIONS) return false;
    if (!(k & S_LOOPS) || !S_in_loop(f, p, i, k)) continue;
    if (!deep && !(deep = S_scope(f, fn, S_frame_kind(f, fn, false), true))) return false;
    TSNode loop = p->nodes[i];
    if (k == FACTS_FOR && S_any_target(f, ts_node_child_by_field_id(loop, g->f_left), deep))
      return true;
    if (k == FACTS_COMPREHENSION) {
      uint32_t nc = ts_node_named_child_count(loop);
      for (uint32_t j = 0; j < nc; j++) {
        TSNode c = ts_node_named_child(loop, j);
        if (ts_node_symbol(c) == g->for_in_clause &&
            S_any_target(f, ts_node_child_by_field_id(c, g->f_left), deep))
          return true;
      }
    }
  }
  return false;
}

/* ---- a name's bindings in the whole file ---- */

static bool S_word_char(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch >= 0x80;
}

static void S_ensure_anc(facts *f, size_t need) {
  if (need <= f->anc_cap) return;
  size_t cap = f->anc_cap ? f->anc_cap * 2 : 64;
  while (cap < need) cap *= 2;
  f->anc = xreallocarray(f->anc, cap, sizeof *f->anc);
  f->fld = xreallocarray(f->fld, cap, sizeof *f->fld);
  f->anc_cap = cap;
}

/* The binding kind of the identifier at [at, at + len), if there is one: one descent from
 * the root records its ancestors, which classify it. */
static unsigned S_kind_at(facts *f, TSTreeCursor *c, uint32_t at, uint32_t len) {
  ts_tree_cursor_reset(c, ts_tree_root_node(f->tree));
  int d = 0;
  for (;;) {
    S_ensure_anc(f, (size_t)d + 1);
    TSNode n = ts_tree_cursor_current_node(c);
    f->anc[d] = n;
    f->fld[d] = ts_tree_cursor_current_field_id(c);
    if (ts_node_symbol(n) == f->g.identifier && ts_node_start_byte(n) == at &&
        ts_node_end_byte(n) == at + len)
      return (unsigned)fscope_classify(&f->g, f->anc, f->fld, d);
    if (ts_tree_cursor_goto_first_child_for_byte(c, at) < 0) return 0;
    /* tree-sitter 0.20 also stops at a child that ends exactly at the byte. */
    while (ts_node_end_byte(ts_tree_cursor_current_node(c)) <= at &&
           ts_tree_cursor_goto_next_sibling(c)) {
    }
    TSNode child = ts_tree_cursor_current_node(c);
    if (ts_node_start_byte(child) > at || ts_node_end_byte(child) < at + len) return 0;
    d++;
  }
}

unsigned facts_bound_in_file(facts *f, TSNode n) {
  const char *s;
  size_t len;
  if (!S_text(f, n, &s, &len)) return 0;
  for (size_t i = 0; i < len; i++)
    if (!S_word_char((unsigned char)s[i])) return 0; /* not a name: bound nowhere */
  for (size_t i = 0; i < f->word_count; i++) {
    const S_word *w = &f->words[i];
    if (w->len == len && memcmp(f->src + w->start, s, len) == 0) return w->kinds;
  }
  unsigned kinds = 0;
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(f->tree));
  const char *end = f->src + f->len;
  for (const char *q = f->src; (q = memchr(q, s[0], (size_t)(end - q))) != NULL; q++) {
    if ((size_t)(end - q) < len) break;
    if (memcmp(q, s, len) != 0 || (q > f->src && S_word_char((unsigned char)q[-1])) ||
        (q + len < end && S_word_char((unsigned char)q[len])))
      continue;
    kinds |= S_kind_at(f, &c, (uint32_t)(q - f->src), (uint32_t)len);
  }
  ts_tree_cursor_delete(&c);
  if (f->word_count == f->word_cap) {
    size_t cap = f->word_cap ? f->word_cap * 2 : 8;
    f->words = xreallocarray(f->words, cap, sizeof *f->words);
    f->word_cap = cap;
  }
  f->words[f->word_count++] = (S_word){(uint32_t)(s - f->src), (uint32_t)len, kinds};
  return kinds;
}
