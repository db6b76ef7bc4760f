/* textDocument/inlayHint and inlayHint/resolve. Three kinds of hint, each backed by a note:
 * constructs (a note's `hint` after its @hint node: `generator`, `captures x`), parameters
 * (the same, on a node inside a parameter list: `tuple` after *args) and call arguments
 * (`base=` before the 16 of `int("ff", 16)`, from the signature tables). Only the asked
 * range is analysed; at most one construct hint per line, none inside a string. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "feat.h"
#include "hintcache.h"
#include "hintlabel.h"
#include "sig.h"
#include "xalloc.h"

typedef struct {
  hc_hint h;          /* kind: INLAY_CONSTRUCTS, INLAY_PARAMETERS or INLAY_CALL_ARGUMENTS */
  uint32_t row;       /* its line, filled before the one-per-line rule */
  const sig_row *sig; /* call arguments: the signature */
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

/* The hint of finding f (an_hints' or an_hints_change's), with its label; false when it has
 * none (its kind is off, it sits in a string, its label is empty). */
static bool S_hint_of(const feat_env *env, doc *d, TSNode root, const an_finding *f,
                      scope_memo *memo, S_hint *out) {
  const kb_text *t = kb_note_text(kb_note_at(env->k, f->note), env->lang);
  if (!t->hint) return false;
  TSNode node = ts_node_descendant_for_byte_range(root, f->start_byte, f->end_byte);
  S_place place = S_place_of(root, node);
  if (!(env->inlay_kinds & place.kind) || place.in_string) return false;
  *out = (S_hint){.h = {.byte = f->hint_byte, .span = f->end_byte - f->start_byte,
                        .root = {f->root_start, f->root_end, f->root_symbol},
                        .note = f->note, .kind = place.kind}};
  return hintlabel_expand(t->hint, f->hint_alt, node, doc_text(d), doc_length(d), memo,
                          out->h.label, sizeof out->h.label) > 0;
}

/* The notes that have a hint and are on: those an_hints looks for. NULL when none is. */
static unsigned char *S_hinted(const feat_env *env) {
  size_t nk = kb_count(env->k);
  unsigned char *hinted = xmalloc(nk ? nk : 1);
  bool any = false;
  for (size_t i = 0; i < nk; i++) {
    hinted[i] = (!env->enabled || env->enabled[i]) &&
                kb_note_text(kb_note_at(env->k, i), env->lang)->hint != NULL;
    any |= hinted[i];
  }
  if (!any) {
    free(hinted);
    return NULL;
  }
  return hinted;
}

/* The note hints anchored in [a, b]. Returns false when some match's root could not be told,
 * or the text nests too deeply there: what was found cannot be carried across an edit. */
static bool S_note_hints(const feat_env *env, doc *d, const TSTree *tree,
                         const unsigned char *hinted, uint32_t a, uint32_t b, S_hints *out) {
  TSNode root = ts_tree_root_node(tree);
  an_findings found = {0};
  /* The predicates and the labels share one scope analysis per function (freed before the
   * request ends: the tree may change before the next). */
  scope_memo *memo = scope_memo_new();
  /* A def whose hint lies in [a, b] starts in it too (up to its `def` or `async`). */
  scope_memo_set_range(memo, a, b);
  an_hints(env->an, kb_hint_view(env->k), tree, doc_text(d), doc_length(d), a, b, hinted, memo,
           &found);
  for (size_t i = 0; i < found.count; i++) {
    S_hint h;
    if (S_hint_of(env, d, root, &found.items[i], memo, &h)) S_add(out, &h);
  }
  bool carried = !found.unrooted && !found.too_deep && !found.truncated;
  an_findings_clear(&found);
  scope_memo_free(memo);
  return carried;
}

/* The note hints anchored in [a, b], through the document's cache: carried across the edits
 * since its revision when `found` says what changed, and completed where it has not looked. */
static void S_cached_hints(const feat_env *env, doc *d, const TSTree *tree, hc_cache *cache,
                           const fnd_set *found, const unsigned char *hinted, uint32_t a,
                           uint32_t b, S_hints *out) {
  hc_stamp stamp = {env->k, env->enabled, (int)env->lang, env->inlay_kinds};
  uint64_t rev = doc_revision(d);
  TSNode root = ts_tree_root_node(tree);
  if (!hc_is(cache, rev, &stamp)) {
    if (found && found->change_known && hc_is(cache, found->change_from, &stamp)) {
      an_hint_change ch;
      scope_memo *memo = scope_memo_new();
      an_hints_change(env->an, kb_hint_view(env->k), tree, doc_text(d), doc_length(d), hinted,
                      found->change_start, found->change_old_end, found->change_new_end, memo,
                      &ch);
      hc_apply(cache, rev, &ch);
      for (size_t i = 0; i < ch.rerun.count; i++) {
        S_hint h;
        if (hc_covered(cache, ch.rerun.items[i].hint_byte) &&
            S_hint_of(env, d, root, &ch.rerun.items[i], memo, &h))
          hc_add(cache, &h.h);
      }
      an_hint_change_clear(&ch);
      scope_memo_free(memo);
    } else {
      hc_start(cache, rev, &stamp);
    }
  }
  enum { MAX_GAPS = 8 };
  uint32_t gaps[MAX_GAPS][2];
  uint32_t end = b < UINT32_MAX ? b + 1 : b;
  size_t n = hc_gaps(cache, a, end, gaps, MAX_GAPS);
  if (n > MAX_GAPS) {
    /* Many small holes: one run over them all (what it finds where the cache has looked
     * already is dropped below). */
    gaps[0][1] = end;
    n = 1;
  }
  for (size_t g = 0; g < n; g++) {
    S_hints fresh = {0};
    if (!S_note_hints(env, d, tree, hinted, gaps[g][0], gaps[g][1] - 1, &fresh))
      hc_keep_revision_only(cache);
    for (size_t i = 0; i < fresh.count; i++)
      if (!hc_covered(cache, fresh.items[i].h.byte)) hc_add(cache, &fresh.items[i].h);
    free(fresh.items);
    hc_cover(cache, gaps[g][0], gaps[g][1]);
  }
  hc_hint *got = NULL;
  size_t count = 0, cap = 0;
  hc_collect(cache, a, b, &got, &count, &cap);
  for (size_t i = 0; i < count; i++) S_add(out, &(S_hint){.h = got[i]});
  free(got);
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
    S_hint h = {.h = {.byte = s, .kind = INLAY_CALL_ARGUMENTS, .note = (uint32_t)note},
                .sig = row};
    size_t pn = strlen(row->params[i]);
    if (pn + 2 > sizeof h.h.label) continue;
    memcpy(h.h.label, row->params[i], pn);
    memcpy(h.h.label + pn, "=", 2);
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
  const hc_hint *p = &((const S_hint *)x)->h, *q = &((const S_hint *)y)->h;
  if (p->byte != q->byte) return p->byte < q->byte ? -1 : 1;
  if (p->kind != q->kind) return p->kind < q->kind ? -1 : 1;
  return p->note < q->note ? -1 : p->note > q->note;
}

/* At most one construct hint per line: the innermost construct's (then the first). */
static void S_one_per_line(S_hints *h) {
  for (size_t i = 0; i < h->count; i++) {
    S_hint *x = &h->items[i];
    if (x->h.kind != INLAY_CONSTRUCTS) continue;
    for (size_t j = i + 1; j < h->count; j++) {
      S_hint *y = &h->items[j];
      if (y->h.kind != INLAY_CONSTRUCTS || y->row != x->row) continue;
      S_hint *loser = y->h.span < x->h.span ? x : y;
      loser->h.kind = 0;
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

json_t *inlay_compute(const feat_env *env, doc *d, hc_cache *cache, const fnd_set *found,
                      doc_position start, doc_position end) {
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
  unsigned char *hinted =
      env->inlay_kinds & (INLAY_CONSTRUCTS | INLAY_PARAMETERS) ? S_hinted(env) : NULL;
  if (hinted && cache)
    S_cached_hints(env, d, tree, cache, found, hinted, (uint32_t)a, (uint32_t)b, &hints);
  else if (hinted)
    S_note_hints(env, d, tree, hinted, (uint32_t)a, (uint32_t)b, &hints);
  free(hinted);
  if ((env->inlay_kinds & INLAY_CALL_ARGUMENTS) && sig_count(env->sigs))
    S_call_hints(env, d, tree, (uint32_t)a, (uint32_t)b, &hints);
  if (hints.count > 1) qsort(hints.items, hints.count, sizeof *hints.items, S_cmp);
  for (size_t i = 0; i < hints.count; i++)
    hints.items[i].row = doc_position_at(d, hints.items[i].h.byte, DOC_UTF8).line;
  S_one_per_line(&hints);
  for (size_t i = 0; i < hints.count; i++) {
    const S_hint *sh = &hints.items[i];
    const hc_hint *h = &sh->h;
    if (!h->kind) continue;
    const kb_note *n = kb_note_at(env->k, h->note);
    json_t *label;
    if (env->inlay_label_parts)
      label = json_pack("[{s:s,s:{s:s,s:s,s:[s]}}]", "value", h->label, "command", "title",
                        "Show note", "command", "pylore.showNote", "arguments", n->id);
    else
      label = json_string(h->label);
    json_t *data = sh->sig ? json_pack("{s:s,s:s}", "note", n->id, "sig", sh->sig->text)
                          : json_pack("{s:s}", "note", n->id);
    bool arg = h->kind == INLAY_CALL_ARGUMENTS;
    json_t *hint = json_pack("{s:o,s:o,s:b,s:b,s:o}", "position",
                             conv_position_json(doc_position_at(d, h->byte, env->enc)), "label",
                             label, "paddingLeft", !arg, "paddingRight", 0, "data", data);
    if (!hint) continue;
    if (arg) json_object_set_new(hint, "kind", json_integer(2));
    if (!env->inlay_lazy) json_object_set_new(hint, "tooltip", S_tooltip(env, n, sh->sig ? sh->sig->text : NULL));
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
