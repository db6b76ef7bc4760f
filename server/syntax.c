#include "syntax_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "tokcheck.h"
#include "xalloc.h"

static const struct {
  const char *id, *cpython;
} S_kinds[K_COUNT] = {
    [K_UNEXPECTED_INDENT] = {"unexpected-indent", "unexpected indent"},
    [K_EXPECTED_INDENT] = {"expected-indented-block",
                           "expected an indented block after {what} on line {line}"},
    [K_UNINDENT] = {"unindent-mismatch", "unindent does not match any outer indentation level"},
    [K_TABS] = {"mixed-tabs-spaces", "inconsistent use of tabs and spaces in indentation"},
    [K_COLON] = {"missing-colon", "expected ':'"},
    [K_UNCLOSED] = {"unclosed-bracket", "'{open}' was never closed"},
    [K_MISMATCHED] = {"mismatched-bracket",
                      "closing parenthesis '{close}' does not match opening parenthesis '{open}' "
                      "on line {line}"},
    [K_UNMATCHED] = {"unmatched-bracket", "unmatched '{close}'"},
    [K_UNTERMINATED] = {"unterminated-string",
                        "unterminated string literal (detected at line {line})"},
    [K_FULLWIDTH] = {"fullwidth-punctuation", "invalid character '{char}' ({code})"},
    [K_INVALID_CHAR] = {"invalid-character", "invalid character '{char}' ({code})"},
    [K_BACKTICK] = {"py2-backticks", "invalid syntax"},
    [K_BACKSLASH] = {"stray-backslash", "unexpected character after line continuation character"},
    [K_ASSIGN_IN_CONDITION] = {"assign-in-condition",
                               "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    [K_KEYWORD_NAME] = {"keyword-as-name", "invalid syntax"},
    [K_MISSING_COMMA] = {"missing-comma", "invalid syntax. Perhaps you forgot a comma?"},
    [K_ORPHAN_CLAUSE] = {"orphan-clause", "invalid syntax"},
    [K_OUTSIDE_FUNCTION] = {"outside-function", "'{keyword}' outside function"},
    [K_OUTSIDE_LOOP] = {"outside-loop", "'{keyword}' outside loop"},
    [K_OUTSIDE_ASYNC] = {"await-outside-async", "'await' outside async function"},
    [K_INVALID] = {"syntax-error", "invalid syntax"},
};

const char *const syn_ids[] = {
    "unexpected-indent", "expected-indented-block", "unindent-mismatch", "mixed-tabs-spaces",
    "missing-colon", "unclosed-bracket", "mismatched-bracket", "unmatched-bracket",
    "unterminated-string", "fullwidth-punctuation", "invalid-character", "py2-backticks",
    "stray-backslash", "assign-in-condition", "keyword-as-name", "missing-comma",
    "orphan-clause", "outside-function", "outside-loop", "await-outside-async", "syntax-error",
    NULL};

/* Never NULL (memory failures abort, xalloc.h). */
syn_err *syn__add(syn_list *l, syn_kind kind, syn_level level, uint32_t start, uint32_t end) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    l->items = xreallocarray(l->items, cap, sizeof *l->items);
    l->cap = cap;
  }
  syn_err *e = &l->items[l->count++];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->level = level;
  e->start = start;
  e->end = end;
  e->order = start;
  e->stmt_start = start;
  e->stmt_end = end;
  return e;
}

/* ---- the tokenizer's errors ---- */

void syn__from_tokcheck(const tc_errors *te, syn_list *l, size_t limit) {
  for (size_t i = 0; i < te->count && i < limit; i++) {
    const tc_error *t = &te->items[i];
    syn_kind kind = K_INVALID;
    switch (t->kind) {
    case TC_UNEXPECTED_INDENT: kind = K_UNEXPECTED_INDENT; break;
    case TC_EXPECTED_INDENT: kind = K_EXPECTED_INDENT; break;
    case TC_UNINDENT_MISMATCH: kind = K_UNINDENT; break;
    case TC_TAB_ERROR: kind = K_TABS; break;
    case TC_MISSING_COLON: kind = K_COLON; break;
    case TC_UNCLOSED_BRACKET: kind = K_UNCLOSED; break;
    case TC_MISMATCHED_BRACKET: kind = K_MISMATCHED; break;
    case TC_UNMATCHED_BRACKET: kind = K_UNMATCHED; break;
    case TC_UNTERMINATED_STRING:
    case TC_UNTERMINATED_TRIPLE: kind = K_UNTERMINATED; break;
    case TC_FULLWIDTH: kind = K_FULLWIDTH; break;
    case TC_INVALID_CHAR: kind = K_INVALID_CHAR; break;
    case TC_BACKTICK: kind = K_BACKTICK; break;
    case TC_BACKSLASH: kind = K_BACKSLASH; break;
    case TC_TOO_DEEP: kind = K_INVALID; break;
    case TC_MISSING_COMMA: kind = K_MISSING_COMMA; break;
    case TC_ASSIGN_IN_CONDITION: kind = K_ASSIGN_IN_CONDITION; break;
    case TC_ORPHAN_CLAUSE: kind = K_ORPHAN_CLAUSE; break;
    case TC_EXPECTED_EXCEPT: kind = K_INVALID; break;
    case TC_GENERIC: kind = K_INVALID; break;
    case TC_KEYWORD_NAME: kind = K_KEYWORD_NAME; break;
    }
    syn_err *e = syn__add(l, kind, t->lexical ? L_LEXICAL : t->generic ? L_GENERIC : L_PARSE,
                          t->byte, t->end_byte);
    e->order = t->order_byte;
    e->from_tok = true;
    e->stmt_start = t->stmt_start;
    e->stmt_end = t->stmt_end;
    e->line = t->other_row + 1;
    e->cp = t->codepoint;
    e->ascii = t->ascii;
    e->open = t->open;
    e->close = t->close;
    if (t->what) snprintf(e->what, sizeof e->what, "%s", t->what);
    if (t->kind == TC_UNEXPECTED_INDENT || t->kind == TC_TAB_ERROR ||
        t->kind == TC_UNINDENT_MISMATCH)
      e->stmt_end = e->end; /* the indentation itself; the line's own tokens are fine */
  }
}

/* ---- the tree's errors ---- */

static const char *const S_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield", NULL};

static bool S_is_keyword(const char *s, size_t n) {
  if (n < 2 || n > 8) return false;
  for (size_t i = 0; S_keywords[i]; i++)
    if (strlen(S_keywords[i]) == n && memcmp(S_keywords[i], s, n) == 0) return true;
  return false;
}

static bool S_type_is(TSNode n, const char *type) { return strcmp(ts_node_type(n), type) == 0; }

static TSNode S_first_leaf(TSNode n) {
  while (ts_node_child_count(n) > 0) n = ts_node_child(n, 0);
  return n;
}

static TSNode S_last_leaf(TSNode n) {
  uint32_t c;
  while ((c = ts_node_child_count(n)) > 0) n = ts_node_child(n, c - 1);
  return n;
}

/* The leaf after `n` in the whole tree (NULL node at the end). */
static TSNode S_next_leaf(TSNode n) {
  for (;;) {
    TSNode s = ts_node_next_sibling(n);
    if (!ts_node_is_null(s)) return S_first_leaf(s);
    n = ts_node_parent(n);
    if (ts_node_is_null(n)) return n;
  }
}

static TSNode S_prev_leaf(TSNode n) {
  for (;;) {
    TSNode s = ts_node_prev_sibling(n);
    if (!ts_node_is_null(s)) return S_last_leaf(s);
    n = ts_node_parent(n);
    if (ts_node_is_null(n)) return n;
  }
}

bool syn__leaf_is(TSNode n, const char *type) {
  return !ts_node_is_null(n) && !ts_node_is_named(n) && S_type_is(n, type);
}

/* The text of an anonymous keyword leaf, or of an identifier that is a keyword. */
static bool S_keyword_leaf(TSNode n, const char *src, char *kw, size_t kwlen) {
  if (ts_node_is_null(n)) return false;
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (!S_is_keyword(src + a, b - a)) return false;
  if (ts_node_is_named(n) && !S_type_is(n, "identifier") && !S_type_is(n, "none") &&
      !S_type_is(n, "true") && !S_type_is(n, "false"))
    return false;
  snprintf(kw, kwlen, "%.*s", (int)(b - a), src + a);
  return true;
}

static bool S_is_expression_start(TSNode n) {
  if (ts_node_is_null(n)) return false;
  if (ts_node_is_named(n))
    return !S_type_is(n, "comment") && !S_type_is(n, "ERROR") && !S_type_is(n, "keyword_argument");
  const char *t = ts_node_type(n);
  return strcmp(t, "(") == 0 || strcmp(t, "[") == 0 || strcmp(t, "{") == 0 ||
         strcmp(t, "-") == 0 || strcmp(t, "not") == 0 || strcmp(t, "lambda") == 0 ||
         strcmp(t, "await") == 0 || strcmp(t, "\"") == 0;
}

static bool S_in_brackets(TSNode n) {
  const char *t = ts_node_type(n);
  return strcmp(t, "list") == 0 || strcmp(t, "tuple") == 0 || strcmp(t, "set") == 0 ||
         strcmp(t, "dictionary") == 0 || strcmp(t, "argument_list") == 0 ||
         strcmp(t, "parameters") == 0 || strcmp(t, "pair") == 0 ||
         strcmp(t, "parenthesized_expression") == 0 || strcmp(t, "subscript") == 0;
}

/* Reads one ERROR node as the shape of a common mistake; else "invalid syntax" at the
 * first token that cannot continue. */
static void S_from_error(TSNode err, const char *src, syn_list *l) {
  TSNode parent = ts_node_parent(err);
  TSNode first = S_first_leaf(err);
  TSNode prev_sib = ts_node_prev_sibling(err);
  uint32_t es = ts_node_start_byte(err), ee = ts_node_end_byte(err);
  char kw[16];
  /* A PEP 750 template string (`t"..."`, Python 3.14): tree-sitter-python 0.23.6 does not
   * know the `t` prefix and reads it as a name before a string. */
  TSNode after = ts_node_next_sibling(err);
  if (ts_node_child_count(err) == 1 && S_type_is(first, "identifier") && !ts_node_is_null(after) &&
      S_type_is(after, "string") && ts_node_start_byte(after) == ee && ee - es <= 2) {
    bool t_prefix = false;
    for (uint32_t i = es; i < ee; i++) t_prefix |= (src[i] | 0x20) == 't';
    if (t_prefix && (ee - es == 1 || (src[es] | 0x20) == 'r' || (src[es + 1] | 0x20) == 'r'))
      return;
  }
  /* `if x = 1:` — the condition, then an ERROR holding `=` and the rest. */
  if (syn__leaf_is(first, "=") && !ts_node_is_null(parent) &&
      (S_type_is(parent, "if_statement") || S_type_is(parent, "elif_clause") ||
       S_type_is(parent, "while_statement")) &&
      !ts_node_is_null(prev_sib) && ts_node_is_named(prev_sib)) {
    syn_err *e = syn__add(l, K_ASSIGN_IN_CONDITION, L_PARSE, ts_node_start_byte(prev_sib),
                     ts_node_end_byte(first));
    e->order = ts_node_start_byte(first);
    return;
  }
  /* A missing comma: an item right after another item inside brackets. */
  if (!ts_node_is_null(parent) && S_in_brackets(parent) && !ts_node_is_null(prev_sib) &&
      ts_node_is_named(prev_sib) && S_is_expression_start(first) &&
      !S_keyword_leaf(first, src, kw, sizeof kw)) {
    syn_err *e = syn__add(l, K_MISSING_COMMA, L_PARSE, ts_node_start_byte(prev_sib),
                     ts_node_end_byte(first));
    e->order = ts_node_start_byte(first);
    return;
  }
  /* `[1 2]` as tree-sitter sometimes sees it: the ERROR holds the first item, the second
   * follows. */
  TSNode next_sib = ts_node_next_sibling(err);
  if (!ts_node_is_null(parent) && S_in_brackets(parent) && !ts_node_is_null(next_sib) &&
      ts_node_is_named(next_sib) && ts_node_named_child_count(err) == 1 &&
      ts_node_child_count(err) == 1 && S_is_expression_start(next_sib)) {
    syn_err *e = syn__add(l, K_MISSING_COMMA, L_PARSE, es, ts_node_end_byte(next_sib));
    e->order = ts_node_start_byte(next_sib);
    return;
  }
  /* A keyword where a name goes: `class = 1`, `x.for`, `def f(if)`. */
  /* Only the ERROR's first few tokens: finding the next leaf costs a walk over siblings,
   * and an ERROR can hold a whole file. */
  int budget = 8;
  for (TSNode leaf = first; !ts_node_is_null(leaf) && ts_node_start_byte(leaf) < ee && budget-- > 0;
       leaf = S_next_leaf(leaf)) {
    if (!S_keyword_leaf(leaf, src, kw, sizeof kw)) continue;
    TSNode nx = S_next_leaf(leaf), pv = S_prev_leaf(leaf);
    (void)nx;
    /* (`from .` and `None.x` are fine: a keyword before a dot is no name) */
    bool as_target = syn__leaf_is(nx, "=") || syn__leaf_is(pv, ".") || syn__leaf_is(pv, "def") ||
                     syn__leaf_is(pv, "class");
    if (strcmp(kw, "else") == 0 || strcmp(kw, "elif") == 0 || strcmp(kw, "except") == 0 ||
        strcmp(kw, "finally") == 0) {
      if (ts_node_start_byte(leaf) == es && !as_target) {
        syn_err *e = syn__add(l, K_ORPHAN_CLAUSE, L_PARSE, ts_node_start_byte(leaf),
                         ts_node_end_byte(leaf));
        snprintf(e->what, sizeof e->what, "%s", kw);
        return;
      }
    }
    if (as_target) {
      syn_err *e = syn__add(l, K_KEYWORD_NAME, L_PARSE, ts_node_start_byte(leaf), ts_node_end_byte(leaf));
      snprintf(e->what, sizeof e->what, "%s", kw);
      return;
    }
    break;
  }
  /* Generic: the token CPython stops at. tree-sitter's ERROR either holds the tokens it
   * skipped (starting at the failing one) or the statement it could not finish (starting
   * at the statement's first word, the failing token inside or right after). */
  TSNode at = first;
  if (S_keyword_leaf(first, src, kw, sizeof kw) || ts_node_start_byte(err) == 0 ||
      ts_node_is_null(prev_sib)) {
    at = S_last_leaf(err);
  }
  syn_err *e = syn__add(l, K_INVALID, L_GENERIC, ts_node_start_byte(at), ts_node_end_byte(at));
  e->node_start = es;
  e->node_end = ee;
}

/* The tree's errors: only subtrees holding one are walked. */
void syn__tree_errors(const TSTree *tree, const char *src, const syn_symbols *known,
                      syn_list *l) {
  TSNode root = ts_tree_root_node(tree);
  bool has_error = ts_node_has_error(root);
  if (!has_error) return;
  syn_symbols sym;
  if (known) sym = *known;
  else syn__symbols_init(ts_tree_language(tree), &sym);
  TSTreeCursor cur = ts_tree_cursor_new(root);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cur);
    bool descend = true;
    TSSymbol symbol = ts_node_symbol(n);
    const char *type = ts_node_type(n);
    if (ts_node_is_missing(n)) {
      /* tree-sitter made up a token: CPython stops at the token after it. */
      TSNode nx = S_next_leaf(n);
      uint32_t at = ts_node_is_null(nx) ? ts_node_start_byte(n) : ts_node_start_byte(nx);
      uint32_t to = ts_node_is_null(nx) ? at : ts_node_end_byte(nx);
      syn_err *e = syn__add(l, strcmp(type, ":") == 0 ? K_COLON : K_INVALID, L_GENERIC, at, to);
      if (e && strcmp(type, ":") == 0) {
        e->level = L_PARSE;
        e->start = e->end = ts_node_start_byte(n);
      }
      descend = false;
    } else if (symbol == (TSSymbol)-1 && !ts_node_eq(n, root)) {
      S_from_error(n, src, l);
      descend = false;
    } else if (symbol == sym.string && !ts_node_has_error(n)) {
      descend = false; /* its parts are text (an f-string's fields are rarely code to check) */
    } else if (symbol == sym.identifier) {
      uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
      char kw[16];
      if (S_keyword_leaf(n, src, kw, sizeof kw)) {
        /* tree-sitter takes a keyword for a name in some places (`else:` reads as an
         * annotation, `x.class` as an attribute): CPython refuses every one. */
        TSNode p = ts_node_parent(n);
        bool clause = (strcmp(kw, "else") == 0 || strcmp(kw, "elif") == 0 ||
                       strcmp(kw, "except") == 0 || strcmp(kw, "finally") == 0) &&
                      !ts_node_is_null(p) && ts_node_start_byte(p) == a;
        syn_err *e = syn__add(l, clause ? K_ORPHAN_CLAUSE : K_KEYWORD_NAME, L_PARSE, a, b);
        snprintf(e->what, sizeof e->what, "%s", kw);
      }
    }
    if (!ts_node_has_error(n) || ts_node_child_count(n) == 0) descend = false;
    if (l->count >= l->limit || !doc_cursor_next(&cur, descend, NULL)) break;
  }
  ts_tree_cursor_delete(&cur);
  /* tree-sitter: `None = 1` is an ERROR holding `none`, handled above; an assignment to a
   * literal keyword that parses is checked here. */
}

/* ---- messages ---- */

/* Appends `s` to buf[*n..cap). */
static void S_put(char *buf, size_t cap, size_t *n, const char *s) {
  size_t k = strlen(s);
  if (*n + k >= cap) k = cap - *n - 1;
  memcpy(buf + *n, s, k);
  *n += k;
  buf[*n] = '\0';
}

static void S_utf8(uint32_t cp, char out[5]) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    out[1] = 0;
  } else if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    out[2] = 0;
  } else if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    out[3] = 0;
  } else {
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    out[4] = 0;
  }
}

/* Fills the template's {placeholders} with the error's specifics. */
static void S_format(const char *tpl, const syn_err *e, char *out, size_t cap) {
  size_t n = 0;
  out[0] = '\0';
  for (const char *p = tpl; *p && n + 1 < cap;) {
    if (*p == '{') {
      const char *close = strchr(p, '}');
      char val[48] = "";
      bool known = true;
      size_t k = close ? (size_t)(close - p - 1) : 0;
      if (close && k == 4 && memcmp(p + 1, "line", 4) == 0) {
        snprintf(val, sizeof val, "%u", e->line);
      } else if (close && k == 4 && memcmp(p + 1, "char", 4) == 0) {
        if (e->cp < 0x20 || e->cp == 0x7F || (e->cp >= 0x80 && e->cp < 0xA0)) val[0] = '\0';
        else S_utf8(e->cp, val);
      } else if (close && k == 4 && memcmp(p + 1, "code", 4) == 0) {
        snprintf(val, sizeof val, "U+%04X", e->cp);
      } else if (close && k == 5 && memcmp(p + 1, "ascii", 5) == 0) {
        snprintf(val, sizeof val, "%c", e->ascii ? e->ascii : '?');
      } else if (close && k == 4 && memcmp(p + 1, "open", 4) == 0) {
        snprintf(val, sizeof val, "%c", e->open ? e->open : '?');
      } else if (close && k == 5 && memcmp(p + 1, "close", 5) == 0) {
        snprintf(val, sizeof val, "%c", e->close ? e->close : '?');
      } else if (close && ((k == 4 && memcmp(p + 1, "what", 4) == 0) ||
                           (k == 7 && memcmp(p + 1, "keyword", 7) == 0))) {
        snprintf(val, sizeof val, "%s", e->what);
      } else {
        known = false;
      }
      if (known) {
        S_put(out, cap, &n, val);
        p = close + 1;
        continue;
      }
    }
    out[n++] = *p++;
    out[n] = '\0';
  }
}

static int S_cmp_start(const void *a, const void *b) {
  const syn_err *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int S_cmp_order(const void *a, const void *b) {
  const syn_err *x = a, *y = b;
  if (x->order != y->order) return x->order < y->order ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Lines end at '\n', "\r\n" or a lone '\r', as in LSP. */
static bool S_breaks_at(const char *src, size_t len, size_t i) {
  return src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n'));
}

/* 1 + the number of line breaks in src[from..to) (to <= len). */
size_t syn__line_count(const char *src, size_t len, size_t from, size_t to) {
  size_t n = 1;
  for (size_t i = from; i < to; i++) n += S_breaks_at(src, len, i);
  return n;
}

/* Writes the line starts after the breaks in src[from..to) to out. */
void syn__line_starts(const char *src, size_t len, size_t from, size_t to, uint32_t *out) {
  size_t k = 0;
  for (size_t i = from; i < to; i++)
    if (S_breaks_at(src, len, i)) out[k++] = (uint32_t)(i + 1);
}

/* Line starts, to turn byte offsets into points. */
static TSPoint S_point(const uint32_t *starts, size_t lines, uint32_t byte) {
  size_t lo = 0, hi = lines;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (starts[mid] <= byte) lo = mid;
    else hi = mid;
  }
  return (TSPoint){(uint32_t)lo, byte - starts[lo]};
}

/* True when bytes a <= b lie in the same top-level statement of the module. */
/* The top-level statements' ranges, in order (pairs), for S_same_top. Caller frees. */
static uint32_t *S_tops(const TSTree *tree, size_t *n) {
  TSNode root = ts_tree_root_node(tree);
  uint32_t count = ts_node_child_count(root);
  uint32_t *r = xreallocarray(NULL, count ? count : 1, 2 * sizeof *r);
  *n = 0;
  TSTreeCursor c = ts_tree_cursor_new(root);
  if (ts_tree_cursor_goto_first_child(&c)) {
    do {
      TSNode x = ts_tree_cursor_current_node(&c);
      r[2 * *n] = ts_node_start_byte(x);
      r[2 * *n + 1] = ts_node_end_byte(x);
      (*n)++;
    } while (*n < count && ts_tree_cursor_goto_next_sibling(&c));
  }
  ts_tree_cursor_delete(&c);
  return r;
}

/* True when bytes a <= b lie in the same top-level statement (binary search in tops). */
static bool S_same_top(const uint32_t *tops, size_t n, uint32_t a, uint32_t b) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (tops[2 * mid + 1] <= a) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && tops[2 * lo] <= a && b < tops[2 * lo + 1];
}

/* The errors found (tokcheck's, the placements', the tree's, in that order), weighed as
 * CPython would and written to `out`. `starts` (lines of them) are the text's line starts,
 * or NULL to find them here. Frees l->items. */
void syn__finish(syn_list *lp, const tc_errors *te, const TSTree *tree, const kb *k,
                 kb_lang lang, const unsigned char *enabled, const char *src, size_t len,
                 size_t max, const uint32_t *starts_in, size_t lines_in, syn_errors *out) {
  syn_list l = *lp;
  /* tree-sitter-python 0.23.6 closes blocks at a line inside brackets that starts left of the
   * block (valid Python): its errors on such a statement are its own, and so are its
   * generic errors after it (a real error there is still found by tokcheck if it is one of
   * tokcheck's kinds). */
  if (te->lax_count) {
    size_t keep = 0;
    for (size_t i = 0; i < l.count; i++) {
      const syn_err *e = &l.items[i];
      bool drop = false;
      for (size_t j = 0; j + 1 < te->lax_count && !e->from_tok && !drop; j += 2) {
        uint32_t a = te->lax[j], b = te->lax[j + 1];
        drop = (e->start >= a && e->start < b) ||
               (e->node_end > e->node_start && e->node_start >= a && e->node_start < b);
      }
      /* its recovery goes on past the statement: its generic errors after it are doubtful */
      if (!e->from_tok && e->level == L_GENERIC && e->start >= te->lax[0]) drop = true;
      if (!drop) l.items[keep++] = *e;
    }
    l.count = keep;
  }
  if (l.count == 0 || max == 0) {
    free(l.items);
    return;
  }
  /* Drop what follows from a tokenizer error: tree-sitter's errors on its logical line, and
   * after an unclosed bracket or string, everything. Compile-time errors exist only when
   * the file parses. */
  size_t ntops = 0;
  uint32_t *tops = tree ? S_tops(tree, &ntops) : NULL;
  bool any_syntax = false, any_lexical = false;
  for (size_t i = 0; i < l.count; i++) {
    if (l.items[i].level != L_COMPILE) any_syntax = true;
    if (l.items[i].level == L_LEXICAL) any_lexical = true;
  }
  size_t w = 0;
  for (size_t i = 0; i < l.count; i++) {
    syn_err *e = &l.items[i];
    bool drop = any_syntax && e->level == L_COMPILE;
    for (size_t j = 0; j < l.count && !drop; j++) {
      const syn_err *t = &l.items[j];
      if (!t->from_tok || j == i) continue;
      if (e->from_tok) {
        /* The tokenizer's own parse-level findings inside a bracket that turns out unclosed
         * or mismatched: CPython's parser stopped earlier, in the same confusion. */
        if (e->level == L_PARSE && (t->kind == K_UNCLOSED || t->kind == K_MISMATCHED) &&
            e->start >= t->stmt_start && e->start < t->stmt_end)
          drop = true;
        continue;
      }
      /* on the tokenizer error's logical line, or after what it swallowed */
      if (e->start >= t->stmt_start && e->start < t->stmt_end) drop = true;
      /* a generic error of tree-sitter's recovery around it, or elsewhere in the same
       * top-level statement (tree-sitter's recovery often starts far before the token that
       * failed, at the class holding a broken method, and goes on after it): the tokenizer
       * knows where */
      if (e->level == L_GENERIC && t->start >= e->node_start && t->start < e->node_end)
        drop = true;
      if (e->level == L_GENERIC && tops &&
          S_same_top(tops, ntops, e->start < t->start ? e->start : t->start,
                     e->start < t->start ? t->start : e->start))
        drop = true;
    }
    if (!drop) l.items[w++] = *e;
  }
  l.count = w;
  free(tops);
  /* CPython reports the error it meets first; a generic one gives way to any tokenizer
   * error in the file (its full-source tokenize check). The generic errors met before that
   * tokenizer error are left out, so that the first error shown is CPython's. */
  qsort(l.items, l.count, sizeof *l.items, S_cmp_order);
  if (l.count && l.items[0].level == L_GENERIC && any_lexical) {
    const syn_err *lex = NULL;
    for (size_t i = 0; i < l.count && !lex; i++)
      if (l.items[i].level == L_LEXICAL) lex = &l.items[i];
    /* A bracket left open is met only at the end of the file, and CPython blames it only
     * for a parse that failed inside it. */
    uint32_t lex_order = lex->order, from = lex->kind == K_UNCLOSED ? lex->start : 0;
    uint32_t first_order = l.items[0].order;
    w = 0;
    for (size_t i = 0; i < l.count; i++) {
      /* CPython's parse stopped at the generic error: what it would have met after it and
       * before the tokenizer error is not reported either */
      if ((l.items[i].level == L_GENERIC || l.items[i].level == L_PARSE) &&
          l.items[i].order < lex_order && l.items[i].start >= from &&
          l.items[i].order >= first_order)
        continue;
      l.items[w++] = l.items[i];
    }
    l.count = w;
  }
  /* One error per logical line / statement: the first one met. */
  w = 0;
  for (size_t i = 0; i < l.count; i++) {
    bool follow = false;
    for (size_t j = 0; j < w && !follow; j++) {
      const syn_err *p = &l.items[j];
      if (l.items[i].start >= p->stmt_start && l.items[i].start < p->stmt_end) follow = true;
      if (l.items[i].start == p->start) follow = true;
    }
    if (!follow) l.items[w++] = l.items[i];
  }
  l.count = w;
  qsort(l.items, l.count, sizeof *l.items, S_cmp_start);
  /* Points. */
  size_t lines = lines_in;
  uint32_t *own = NULL;
  const uint32_t *starts = starts_in;
  if (!starts) {
    lines = syn__line_count(src, len, 0, len);
    own = xreallocarray(NULL, lines, sizeof *own);
    own[0] = 0;
    syn__line_starts(src, len, 0, len, own + 1);
    starts = own;
  }
  for (size_t i = 0; i < l.count && out->count < max; i++) {
    const syn_err *e = &l.items[i];
    long note = k ? kb_find(k, S_kinds[e->kind].id) : -1;
    if (enabled && note >= 0 && !enabled[note]) continue;
    if (out->count == out->cap) {
      size_t cap = out->cap ? out->cap * 2 : 8;
      out->items = xreallocarray(out->items, cap, sizeof *out->items);
      out->cap = cap;
    }
    syn_error *x = &out->items[out->count++];
    x->start_byte = e->start;
    x->end_byte = e->end >= e->start ? e->end : e->start;
    x->start = S_point(starts, lines, x->start_byte);
    x->end = S_point(starts, lines, x->end_byte);
    x->note = note >= 0 ? (uint32_t)note : UINT32_MAX;
    x->id = S_kinds[e->kind].id;
    const char *tpl = S_kinds[e->kind].cpython;
    if (note >= 0) tpl = kb_note_text(kb_note_at(k, (size_t)note), lang)->summary_text;
    S_format(tpl, e, x->message, sizeof x->message);
  }
  free(own);
  free(l.items);
}

void syn_check(const kb *k, kb_lang lang, const unsigned char *enabled, const TSTree *tree,
               const char *src, size_t len, size_t max, syn_errors *out) {
  syn_list l = {0};
  tc_errors te = {0};
  tc_check(src, len, &te);
  /* Only the first errors of each source are weighed against each other (the pairs are
   * compared): enough to report `max`, and a file with an error on every line stays fast. */
  size_t limit = 4 * max + 64;
  syn__from_tokcheck(&te, &l, limit);
  l.limit = l.count + limit;
  if (tree) {
    syn__placements(tree, &te, &l);
    syn__tree_errors(tree, src, NULL, &l);
  }
  syn__finish(&l, &te, tree, k, lang, enabled, src, len, max, NULL, 0, out);
  tc_errors_clear(&te);
}

void syn_errors_clear(syn_errors *e) {
  free(e->items);
  e->items = NULL;
  e->count = e->cap = 0;
}

bool syn_errors_within(const syn_errors *e, uint32_t start, uint32_t end) {
  for (size_t i = 0; i < e->count; i++)
    if (e->items[i].start_byte >= start && e->items[i].start_byte < end) return true;
  return false;
}

long syn_errors_at(const syn_errors *e, uint32_t byte) {
  for (size_t i = 0; i < e->count; i++) {
    const syn_error *x = &e->items[i];
    if (x->start_byte <= byte && (byte < x->end_byte || byte == x->start_byte)) return (long)i;
    if (x->start_byte == x->end_byte && x->start_byte > 0 && byte + 1 == x->start_byte)
      return (long)i;
  }
  return -1;
}
