/* textDocument/inlayHint and inlayHint/resolve. Three kinds of hint, each backed by a note:
 * constructs (a note's `hint` after its @hint node: `generator`, `captures x`), parameters
 * (the same, on a node inside a parameter list: `tuple` after *args) and call arguments
 * (`base=` before the 16 of `int("ff", 16)`, from the signature tables). Only the asked
 * range is analysed; at most one construct hint per line, none inside a string. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "feat.h"
#include "hintlabel.h"
#include "sig.h"
#include "xalloc.h"

typedef struct {
  uint32_t byte;     /* where the hint goes */
  uint32_t row;      /* its line */
  uint32_t span;     /* the construct's length: the innermost wins a line */
  unsigned kind;     /* INLAY_CONSTRUCTS, INLAY_PARAMETERS or INLAY_CALL_ARGUMENTS */
  uint32_t note;
  const sig_row *sig;
  char label[96];
} S_hint;

typedef struct {
  S_hint *items;
  size_t count, cap;
} S_hints;

static void S_add(S_hints *h, const S_hint *x) {
  if (h->count == h->cap) {
    h->cap = h->cap ? h->cap * 2 : 32;
    h->items = xreallocarray(h->items, h->cap, sizeof *h->items);
  }
  h->items[h->count++] = *x;
}

static bool S_is(TSNode n, const char *t) { return strcmp(ts_node_type(n), t) == 0; }

/* What a hint's node sits in, read off the types of its ancestors (and its own). */
typedef struct {
  bool in_string; /* part of a string (an f-string's field): a hint would sit in its text */
  unsigned kind;  /* INLAY_PARAMETERS inside a parameter list (`*args`, `/`, a default),
                     else INLAY_CONSTRUCTS */
} S_place;

/* One walk down from the root to `n` (ts_node_parent climbs from the root at every step in
 * tree-sitter 0.20, so climbing n's ancestors one by one costs their depth squared). */
static S_place S_place_of(TSNode root, TSNode n) {
  enum { KEEP = 64 };
  const char *types[KEEP]; /* the last KEEP types of the path, a ring */
  size_t depth = 0;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (;;) {
    TSNode x = ts_tree_cursor_current_node(&c);
    types[depth++ % KEEP] = ts_node_type(x);
    if (ts_node_eq(x, n) || depth > 10000 || ts_tree_cursor_goto_first_child_for_byte(&c, s) < 0)
      break;
    /* The child that holds all of n: tree-sitter 0.20 can stop at one that ends before. */
    bool in = false;
    do {
      TSNode k = ts_tree_cursor_current_node(&c);
      if (ts_node_start_byte(k) > s) break;
      in = ts_node_end_byte(k) >= e && (ts_node_end_byte(k) > s || s == e);
    } while (!in && ts_tree_cursor_goto_next_sibling(&c));
    if (!in) break;
  }
  ts_tree_cursor_delete(&c);
  S_place pl = {false, INLAY_CONSTRUCTS};
  size_t kept = depth < KEEP ? depth : KEEP;
  /* From n up: a parameter list within four levels, a string before the enclosing block. */
  for (size_t up = 0; up < 4 && up < kept; up++) {
    const char *t = types[(depth - 1 - up) % KEEP];
    if (!strcmp(t, "parameters") || !strcmp(t, "lambda_parameters")) {
      pl.kind = INLAY_PARAMETERS;
      break;
    }
    if (!strcmp(t, "block") || !strcmp(t, "function_definition")) break;
  }
  for (size_t up = 0; up < kept; up++) {
    const char *t = types[(depth - 1 - up) % KEEP];
    if (!strcmp(t, "string")) {
      pl.in_string = true;
      break;
    }
    if (!strcmp(t, "block") || !strcmp(t, "module")) break;
  }
  return pl;
}

static void S_note_hints(const feat_env *env, doc *d, const TSTree *tree, uint32_t a, uint32_t b,
                         S_hints *out) {
  TSNode root = ts_tree_root_node(tree);
  /* Only notes that have a hint are asked for: the others' predicates (a walk of the whole
   * file for #not-bound-in-file?) would cost time for findings thrown away. */
  size_t nk = kb_count(env->k);
  unsigned char *hinted = xmalloc(nk ? nk : 1);
  bool any = false;
  for (size_t i = 0; i < nk; i++) {
    hinted[i] = (!env->enabled || env->enabled[i]) &&
                kb_note_text(kb_note_at(env->k, i), env->lang)->hint != NULL;
    any |= hinted[i];
  }
  an_findings found = {0};
  /* The predicates and the labels share one scope analysis per function (freed before the
   * request ends: the tree may change before the next). */
  scope_memo *memo = scope_memo_new();
  /* A def whose hint lies in [a, b] starts in it too (up to its `def` or `async`). */
  scope_memo_set_range(memo, a, b);
  if (any)
    an_hints(env->an, kb_hint_view(env->k), tree, doc_text(d), doc_length(d), a, b, hinted, memo,
             &found);
  free(hinted);
  for (size_t i = 0; i < found.count; i++) {
    const an_finding *f = &found.items[i];
    const kb_note *n = kb_note_at(env->k, f->note);
    const kb_text *t = kb_note_text(n, env->lang);
    if (!t->hint) continue;
    TSNode node = ts_node_descendant_for_byte_range(root, f->start_byte, f->end_byte);
    S_place place = S_place_of(root, node);
    unsigned kind = place.kind;
    if (!(env->inlay_kinds & kind) || place.in_string) continue;
    S_hint h = {.byte = f->hint_byte, .row = f->hint_point.row,
                .span = f->end_byte - f->start_byte, .kind = kind, .note = f->note};
    if (!hintlabel_expand(t->hint, f->hint_alt, node, doc_text(d), doc_length(d), memo,
                          h.label, sizeof h.label))
      continue;
    S_add(out, &h);
  }
  an_findings_clear(&found);
  scope_memo_free(memo);
}

/* The argument hints of one call. */
static void S_call(const feat_env *env, doc *d, TSNode call, uint32_t a, uint32_t b,
                   S_hints *out) {
  TSNode fn = ts_node_child_by_field_name(call, "function", 8);
  TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
  if (ts_node_is_null(fn) || ts_node_is_null(args) || !S_is(args, "argument_list")) return;
  const char *src = doc_text(d);
  /* The callee's text, when it is a plain name or a dotted path of names. */
  TSNode cur = fn;
  while (S_is(cur, "attribute")) cur = ts_node_child_by_field_name(cur, "object", 6);
  bool dotted = !ts_node_is_null(cur) && S_is(cur, "identifier");
  uint32_t cs = ts_node_start_byte(fn), ce = ts_node_end_byte(fn);
  for (uint32_t i = cs; dotted && i < ce; i++)
    if (src[i] == ' ' || src[i] == '\n' || src[i] == '\t' || src[i] == '\\' || src[i] == '#')
      dotted = false;
  /* Not a dotted name (`"a,b".split`, `f().split`): only `.method` rows can match. */
  if (!dotted) ce = cs;
  const char *method = NULL;
  size_t method_len = 0;
  if (S_is(fn, "attribute")) {
    TSNode m = ts_node_child_by_field_name(fn, "attribute", 9);
    if (!ts_node_is_null(m)) {
      method = src + ts_node_start_byte(m);
      method_len = ts_node_end_byte(m) - ts_node_start_byte(m);
    }
  }
  /* Positional arguments: those before the first keyword or unpacked argument. */
  TSNode pos[32];
  size_t npos = 0;
  uint32_t nargs = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < nargs && npos < 32; i++) {
    TSNode x = ts_node_named_child(args, i);
    if (S_is(x, "comment")) continue;
    if (S_is(x, "keyword_argument") || S_is(x, "list_splat") || S_is(x, "dictionary_splat") ||
        S_is(x, "parenthesized_list_splat"))
      break;
    pos[npos++] = x;
  }
  if (npos == 0 || (ce == cs && !method)) return;
  /* A call with more positional arguments than the row has parameters gets no hint. */
  size_t total = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    TSNode x = ts_node_named_child(args, i);
    if (!S_is(x, "comment") && !S_is(x, "keyword_argument") && !S_is(x, "dictionary_splat"))
      total++;
  }
  const sig_row *row = sig_lookup(env->sigs, src + cs, ce - cs, method, method_len, total);
  if (!row) return;
  long note = kb_find(env->k, row->note);
  if (note < 0 || (env->enabled && !env->enabled[note])) return;
  for (size_t i = 0; i < npos && i < row->count; i++) {
    uint32_t s = ts_node_start_byte(pos[i]);
    if (!row->shown[i] || s < a || s > b) continue;
    /* An argument that already says it: `base` or `self.base` for `base`. */
    TSNode last = pos[i];
    if (S_is(last, "attribute")) last = ts_node_child_by_field_name(last, "attribute", 9);
    if (!ts_node_is_null(last) && S_is(last, "identifier")) {
      size_t n = ts_node_end_byte(last) - ts_node_start_byte(last);
      if (n == strlen(row->params[i]) &&
          memcmp(src + ts_node_start_byte(last), row->params[i], n) == 0)
        continue;
    }
    S_hint h = {.byte = s, .row = ts_node_start_point(pos[i]).row, .kind = INLAY_CALL_ARGUMENTS,
                .note = (uint32_t)note, .sig = row};
    size_t pn = strlen(row->params[i]);
    if (pn + 2 > sizeof h.label) continue;
    memcpy(h.label, row->params[i], pn);
    memcpy(h.label + pn, "=", 2);
    S_add(out, &h);
  }
}

/* The child of the cursor's node that holds byte `at` (ends after it), the cursor moved
 * there; false when none does (or a child starts after it). */
static bool S_child_at(TSTreeCursor *c, uint32_t at) {
  if (ts_tree_cursor_goto_first_child_for_byte(c, at) < 0) return false;
  /* tree-sitter 0.20 also stops at a child that ends exactly at the byte. */
  while (ts_node_end_byte(ts_tree_cursor_current_node(c)) <= at)
    if (!ts_tree_cursor_goto_next_sibling(c)) return false;
  return ts_node_start_byte(ts_tree_cursor_current_node(c)) <= at;
}

/* The calls that hold byte `a` and start before it (a call spread over lines whose first
 * arguments lie above the range), outside strings. */
static void S_calls_around(const feat_env *env, doc *d, TSNode root, uint32_t a, uint32_t b,
                           S_hints *out) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (int depth = 0; depth < 1000 && S_child_at(&c, a); depth++) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (S_is(n, "string")) break;
    if (ts_node_start_byte(n) < a && S_is(n, "call")) S_call(env, d, n, a, b, out);
  }
  ts_tree_cursor_delete(&c);
}

/* The call whose argument list opens with the `(` at byte `at`, unless it starts before `a`
 * (S_calls_around has it) or lies in a string (an f-string's field). */
static void S_call_at_paren(const feat_env *env, doc *d, TSNode root, uint32_t at, uint32_t a,
                            uint32_t b, S_hints *out) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  TSNode parent = root;
  for (int depth = 0; depth < 1000 && S_child_at(&c, at); depth++) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (S_is(n, "string") || S_is(n, "comment")) break;
    if (ts_node_start_byte(n) == at && S_is(n, "argument_list")) {
      if (S_is(parent, "call") && ts_node_start_byte(parent) >= a)
        S_call(env, d, parent, a, b, out);
      break;
    }
    parent = n;
  }
  ts_tree_cursor_delete(&c);
}

static bool S_name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

/* Every call with a positional argument in [a, b], strings left out. Rather than walking
 * every node of the range (tree-sitter steps over each), the text is scanned for a `(`
 * after a name that some signature ends with (`int (`, `.split(`), and only those calls'
 * nodes are looked up; a call that opens above the range is found on the way down to a. */
static void S_call_hints(const feat_env *env, doc *d, const TSTree *tree, uint32_t a, uint32_t b,
                         S_hints *out) {
  TSNode root = ts_tree_root_node(tree);
  S_calls_around(env, d, root, a, b, out);
  const char *src = doc_text(d);
  size_t len = doc_length(d);
  uint32_t end = b < len ? b : (uint32_t)len;
  if (a >= end) return;
  for (uint32_t at = a; at < end; at++) {
    const char *p = memchr(src + at, '(', end - at);
    if (!p) break;
    at = (uint32_t)(p - src);
    /* The name before it, spaces and line continuations between allowed. */
    uint32_t e = at;
    while (e > 0 && (src[e - 1] == ' ' || src[e - 1] == '\t' || src[e - 1] == '\n' ||
                     src[e - 1] == '\r' || src[e - 1] == '\\'))
      e--;
    uint32_t s = e;
    while (s > 0 && S_name_char(src[s - 1])) s--;
    if (s < e && sig_may_call(env->sigs, src + s, e - s))
      S_call_at_paren(env, d, root, at, a, b, out);
  }
}

static int S_cmp(const void *x, const void *y) {
  const S_hint *p = x, *q = y;
  if (p->byte != q->byte) return p->byte < q->byte ? -1 : 1;
  if (p->kind != q->kind) return p->kind < q->kind ? -1 : 1;
  return p->note < q->note ? -1 : p->note > q->note;
}

/* At most one construct hint per line: the innermost construct's (then the first). */
static void S_one_per_line(S_hints *h) {
  for (size_t i = 0; i < h->count; i++) {
    S_hint *x = &h->items[i];
    if (x->kind != INLAY_CONSTRUCTS) continue;
    for (size_t j = i + 1; j < h->count; j++) {
      S_hint *y = &h->items[j];
      if (y->kind != INLAY_CONSTRUCTS || y->row != x->row) continue;
      S_hint *loser = y->span < x->span ? x : y;
      loser->kind = 0;
      if (loser == x) break;
    }
  }
}

static json_t *S_tooltip(const feat_env *env, const kb_note *n, const char *sig) {
  const kb_text *t = kb_note_text(n, env->lang);
  if (!sig) return json_string(t->summary_text);
  size_t len = strlen(sig) + strlen(t->summary_text) + 3;
  char *s = xmalloc(len);
  snprintf(s, len, "%s\n\n%s", sig, t->summary_text);
  json_t *j = json_string(s);
  free(s);
  return j;
}

json_t *inlay_compute(const feat_env *env, doc *d, doc_position start, doc_position end) {
  json_t *list = json_array();
  if (!env->inlay_kinds) return list;
  const TSTree *tree = doc_tree(d, env->parser);
  if (!tree) return list;
  size_t a = doc_offset_at(d, start, env->enc), b = doc_offset_at(d, end, env->enc);
  if (b < a) {
    size_t t = a;
    a = b;
    b = t;
  }
  S_hints hints = {0};
  if (env->inlay_kinds & (INLAY_CONSTRUCTS | INLAY_PARAMETERS))
    S_note_hints(env, d, tree, (uint32_t)a, (uint32_t)b, &hints);
  if ((env->inlay_kinds & INLAY_CALL_ARGUMENTS) && sig_count(env->sigs))
    S_call_hints(env, d, tree, (uint32_t)a, (uint32_t)b, &hints);
  if (hints.count > 1) qsort(hints.items, hints.count, sizeof *hints.items, S_cmp);
  S_one_per_line(&hints);
  for (size_t i = 0; i < hints.count; i++) {
    const S_hint *h = &hints.items[i];
    if (!h->kind) continue;
    const kb_note *n = kb_note_at(env->k, h->note);
    json_t *label;
    if (env->inlay_label_parts)
      label = json_pack("[{s:s,s:{s:s,s:s,s:[s]}}]", "value", h->label, "command", "title",
                        "Show note", "command", "pylore.showNote", "arguments", n->id);
    else
      label = json_string(h->label);
    json_t *data = h->sig ? json_pack("{s:s,s:s}", "note", n->id, "sig", h->sig->text)
                          : json_pack("{s:s}", "note", n->id);
    bool arg = h->kind == INLAY_CALL_ARGUMENTS;
    json_t *hint = json_pack("{s:o,s:o,s:b,s:b,s:o}", "position",
                             conv_position_json(doc_position_at(d, h->byte, env->enc)), "label",
                             label, "paddingLeft", !arg, "paddingRight", 0, "data", data);
    if (!hint) continue;
    if (arg) json_object_set_new(hint, "kind", json_integer(2));
    if (!env->inlay_lazy) json_object_set_new(hint, "tooltip", S_tooltip(env, n, h->sig ? h->sig->text : NULL));
    json_array_append_new(list, hint);
  }
  free(hints.items);
  return list;
}

json_t *inlay_resolve(const feat_env *env, const json_t *hint) {
  json_t *out = json_deep_copy(hint);
  if (!out) return NULL;
  const json_t *data = json_object_get(hint, "data");
  const json_t *id = json_object_get(data, "note");
  const json_t *sig = json_object_get(data, "sig");
  long at = json_is_string(id) ? kb_find(env->k, json_string_value(id)) : -1;
  if (at < 0) return out;
  json_object_set_new(out, "tooltip", S_tooltip(env, kb_note_at(env->k, (size_t)at),
                                                json_is_string(sig) ? json_string_value(sig) : NULL));
  return out;
}
