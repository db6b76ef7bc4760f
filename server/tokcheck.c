#include "tokcheck_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static tc_error *S_add(tc_tok *t, tc_kind kind, size_t byte, size_t end, uint32_t row,
                       uint32_t col, size_t order, bool lexical) {
  tc_errors *e = t->out;
  if (e->count == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 8;
    e->items = xreallocarray(e->items, cap, sizeof *e->items);
    e->cap = cap;
  }
  tc_error *x = &e->items[e->count++];
  memset(x, 0, sizeof *x);
  x->kind = kind;
  x->byte = (uint32_t)byte;
  x->end_byte = (uint32_t)end;
  x->row = row;
  x->col = col;
  x->order_byte = (uint32_t)order;
  x->lexical = lexical;
  x->stmt_start = (uint32_t)t->ll_start;
  x->stmt_end = (uint32_t)t->n;
  return x;
}

/* An error that ends tokenizing: everything after it follows from it. */
tc_error *tc__fatal(tc_tok *t, tc_kind kind, size_t byte, size_t end, uint32_t row,
                    uint32_t col, size_t order) {
  t->stop = true;
  return S_add(t, kind, byte, end, row, col, order, true);
}

static uint32_t S_col(const tc_tok *t, size_t byte) { return (uint32_t)(byte - t->line_start); }

/* At a line break (\n, \r\n or \r) at t->i: steps over it and starts the next line. */
bool tc__newline(tc_tok *t) {
  if (t->i >= t->n) return false;
  unsigned char c = t->s[t->i];
  if (c == '\n') {
    t->i++;
  } else if (c == '\r') {
    t->i += (t->i + 1 < t->n && t->s[t->i + 1] == '\n') ? 2 : 1;
  } else {
    return false;
  }
  t->row++;
  t->line_start = t->i;
  return true;
}

bool tc__is_nl(const tc_tok *t, size_t i) {
  return i < t->n && (t->s[i] == '\n' || t->s[i] == '\r');
}


/* The description CPython gives a block header ("expected an indented block after …"). */
static const char *S_header(const unsigned char *w, size_t n, bool *soft) {
  static const struct {
    const char *kw, *what;
  } heads[] = {
      {"if", "'if' statement"},         {"elif", "'elif' statement"},
      {"else", "'else' statement"},     {"for", "'for' statement"},
      {"while", "'while' statement"},   {"with", "'with' statement"},
      {"try", "'try' statement"},       {"except", "'except' statement"},
      {"finally", "'finally' statement"}, {"def", "function definition"},
      {"class", "class definition"},    {"match", "'match' statement"},
      {"case", "'case' statement"},
  };
  *soft = false;
  for (size_t k = 0; k < sizeof heads / sizeof *heads; k++) {
    if (strlen(heads[k].kw) == n && memcmp(heads[k].kw, w, n) == 0) {
      *soft = k >= 11;
      return heads[k].what;
    }
  }
  return NULL;
}

/* Token classes, for the missing-comma check. */
enum { C_ATOM, C_CLOSE, C_OPEN, C_SEP, C_OP };

enum { H_NONE, H_IF, H_ELIF, H_ELSE, H_FOR, H_WHILE, H_TRY, H_EXCEPT, H_FINALLY, H_OTHER };

/* w[0..n) is kw (compared byte by byte up to kw's end: no strlen on every word read). */
static bool S_word_is(const unsigned char *w, size_t n, const char *kw) {
  if (n == 0 || (unsigned char)kw[0] != w[0]) return false;
  return strncmp((const char *)w, kw, n) == 0 && kw[n] == '\0';
}

static int S_head_code(const unsigned char *w, size_t n) {
  if (S_word_is(w, n, "if")) return H_IF;
  if (S_word_is(w, n, "elif")) return H_ELIF;
  if (S_word_is(w, n, "else")) return H_ELSE;
  if (S_word_is(w, n, "for")) return H_FOR;
  if (S_word_is(w, n, "while")) return H_WHILE;
  if (S_word_is(w, n, "try")) return H_TRY;
  if (S_word_is(w, n, "except")) return H_EXCEPT;
  if (S_word_is(w, n, "finally")) return H_FINALLY;
  if (S_word_is(w, n, "async")) return H_FOR; /* async for/with/def: may take an else only as for */
  return H_NONE;
}

/* A keyword's class: the ones that end an expression start a new one (a missing comma is
 * reported from there); None/True/False are items. */
static int S_word_class(const unsigned char *w, size_t n) {
  static const char *const sep[] = {"for", "if", "else", "lambda", "return", "yield", "from",
                                    "import", "as", "assert", "del", "with", "while", "elif",
                                    "except", "raise", "global", "nonlocal", "async", "await",
                                    "class", "def", "try", "finally", "pass", "break",
                                    "continue", NULL};
  static const char *const op[] = {"and", "or", "not", "is", "in", NULL};
  for (size_t k = 0; sep[k]; k++)
    if (S_word_is(w, n, sep[k])) return C_SEP;
  for (size_t k = 0; op[k]; k++)
    if (S_word_is(w, n, op[k])) return C_OP;
  return C_ATOM;
}

/* An `else`/`elif`/`except`/`finally` must follow, at its own indentation, the statement it
 * belongs to (which ends just before, possibly with its block). */
static void S_check_clause(tc_tok *t, size_t a, size_t end) {
  int h = t->ln.ll_head, prev = t->head[t->depth];
  bool ok = true;
  const char *what = NULL;

  switch (h) {
  case H_ELIF: ok = prev == H_IF || prev == H_ELIF; what = "elif"; break;
  case H_ELSE:
    ok = prev == H_IF || prev == H_ELIF || prev == H_FOR || prev == H_WHILE || prev == H_EXCEPT;
    what = "else";
    break;
  case H_EXCEPT: ok = prev == H_TRY || prev == H_EXCEPT; what = "except"; break;
  case H_FINALLY: ok = prev == H_TRY || prev == H_EXCEPT || prev == H_ELSE; what = "finally"; break;
  default: return;
  }
  if (ok) return;
  tc_error *e = S_add(t, TC_ORPHAN_CLAUSE, a, end, t->row, S_col(t, a), a, false);
  e->what = what;
  e->stmt_end = (uint32_t)t->n;
}

static void S_lax(tc_tok *t, size_t a, size_t b) {
  tc_errors *e = t->out;
  if (e->lax_count + 2 > e->lax_cap) {
    size_t cap = e->lax_cap ? e->lax_cap * 2 : 16;
    e->lax = xreallocarray(e->lax, cap, sizeof *e->lax);
    e->lax_cap = cap;
  }
  e->lax[e->lax_count++] = (uint32_t)a;
  e->lax[e->lax_count++] = (uint32_t)b;
}

/* Ends the logical line: checks a header's `:` and sets what the next line must do. */
static void S_end_logical(tc_tok *t) {
  if (t->ln.ll_any && t->hooks) t->hooks->line_ended(t);
  if (t->ln.ll_any && t->ln.ll_lax) S_lax(t, t->ll_start, t->i);
  t->ln.ll_lax = false;
  if (t->ln.ll_any) {
    for (size_t k = t->ln.ll_first_error; k < t->out->count; k++)
      if (t->out->items[k].stmt_end == t->n) t->out->items[k].stmt_end = (uint32_t)t->i;
    bool header = t->ln.ll_last_colon;
    /* `class = 1`, `for.x`: a keyword used as a name, not a header (the grammar says so). */
    bool named = t->ln.ll_ntok >= 2 && t->ln.ll_second && strchr("=.,)]}", t->ln.ll_second);
    if (t->ln.ll_what && !t->ln.ll_soft && !t->ln.ll_has_colon && !named) {
      tc_error *e = S_add(t, TC_MISSING_COLON, t->ln.ll_last_end, t->ln.ll_last_end,
                          t->ln.ll_last_row, t->ln.ll_last_col, t->ln.ll_last_end, false);
      e->what = t->ln.ll_what;
      e->stmt_end = (uint32_t)t->i;
      header = true; /* read on as if the `:` were there: its block is no error of its own */
    }
    /* A line that cannot end where it does: after an operator or `=` (not `*`, as in
     * `import *`, nor `...`), or with a `:` that opens no block. */
    unsigned char last = t->ln.ll_last_end > 0 ? t->s[t->ln.ll_last_end - 1] : 0;
    bool dangling = t->ln.ll_last_kind_op && last && strchr("=+-/%&|^~<>@", last);
    if (!dangling && t->ln.ll_last_kind_op && last == '.')
      dangling = !(t->ln.ll_last_end >= 3 && t->s[t->ln.ll_last_end - 2] == '.' &&
                   t->s[t->ln.ll_last_end - 3] == '.');
    if (t->ln.ll_last_colon && !t->ln.ll_what && t->ln.ll_head == H_NONE && !t->ln.ll_async)
      dangling = true;
    if (dangling) {
      tc_error *e = S_add(t, TC_GENERIC, t->ln.ll_last_end, t->ln.ll_last_end, t->ln.ll_last_row,
                          t->ln.ll_last_col, t->ln.ll_last_end, false);
      e->generic = true;
      e->stmt_end = (uint32_t)t->i;
    }
    t->pending = header;
    t->pending_what = header && (!t->ln.ll_soft || t->ln.ll_last_colon) ? t->ln.ll_what : NULL;
    t->pending_row = t->ln.ll_what_row;
    t->head[t->depth] = (unsigned char)t->ln.ll_head;
  }
  t->ln.ll_head = H_NONE;
  t->ln.ll_async = false;
  t->ln.ll_any = false;
  t->ln.ll_what = NULL;
  t->ln.ll_soft = false;
  t->ln.ll_has_colon = t->ln.ll_last_colon = false;
  t->ln.ll_lambdas = 0;
}

/* A token of the logical line: [a, end) on the current row, of class `cls`. Two items with
 * nothing between them inside brackets are a missing comma (strings side by side are one
 * string, and a name before a string is CPython's generic error, left to the grammar). */
static void S_token_cls(tc_tok *t, size_t a, size_t end, int cls, bool string) {
  if (!t->ln.ll_any) {
    t->ln.ll_any = true;
    t->ll_start = a;
    t->ln.ll_first_error = t->out->count;
    t->ln.ll_first_token = true;
    t->ln.prev_cls = C_SEP;
    t->ln.prev_string = false;
    t->ln.comma_reported = t->ln.cond_paren = t->ln.generic_reported = false;
    t->ln.prev_name = false;
    t->ln.ll_ntok = 0;
    t->expr[0].pending = true;
    /* After a `try` block (or a one-line `try:`) at this level comes its `except` or
     * `finally`, or CPython stops here. */
    if (t->level == 0 && t->head[t->depth] == H_TRY && !S_word_is(t->s + a, end - a, "except") &&
        !S_word_is(t->s + a, end - a, "finally")) {
      tc_error *e = S_add(t, TC_EXPECTED_EXCEPT, a, end, t->row, S_col(t, a), a, false);
      e->stmt_end = (uint32_t)t->n;
      t->head[t->depth] = H_NONE;
    }
  } else {
    t->ln.ll_first_token = false;
  }
  int lv = t->level;
  if (cls == C_ATOM && lv > 0 && (t->ln.prev_cls == C_ATOM || t->ln.prev_cls == C_CLOSE) &&
      !(string && t->ln.prev_string) && !(string && t->ln.prev_name) && !t->ln.comma_reported) {
    uint32_t at = (uint32_t)t->expr[lv].at;
    tc_error *e = S_add(t, TC_MISSING_COMMA, at, end, t->expr[lv].row, t->expr[lv].col, a, false);
    e->stmt_end = (uint32_t)t->n; /* patched at the end of the logical line */
    t->ln.comma_reported = true;
  }
  /* A name right before a string is CPython's generic error (except Python 2's `print "x"`,
   * a pitfall of its own, and the soft keywords `match "x":`, `case "x":`). */
  if (string && t->ln.prev_name && t->ln.prev_word_len > 0 && !t->ln.generic_reported) {
    const unsigned char *w = t->s + t->ln.prev_word_at;
    size_t n = t->ln.prev_word_len;
    if (!S_word_is(w, n, "print") && !S_word_is(w, n, "exec") && !S_word_is(w, n, "match") &&
        !S_word_is(w, n, "case")) {
      tc_error *e = S_add(t, TC_GENERIC, a, end, t->row, S_col(t, a), a, false);
      e->generic = true;
      e->stmt_end = (uint32_t)t->n;
      t->ln.generic_reported = true;
    }
  }
  if ((cls == C_ATOM || cls == C_OPEN) && t->expr[lv].pending) {
    t->expr[lv].at = a;
    t->expr[lv].row = t->row;
    t->expr[lv].col = S_col(t, a);
    t->expr[lv].pending = false;
  }
  if (cls == C_SEP) t->expr[lv].pending = true;
  t->ln.prev_is_dot = cls == C_OP && end == a + 1 && t->s[a] == '.';
  if (t->ln.prev_is_dot) t->ln.prev_dot_at = a;
  t->ln.prev_end_at = end;
  t->ln.prev_kw = NULL;
  if (t->ln.ll_ntok == 0) t->ln.ll_import = S_word_is(t->s + a, end - a, "from") ||
                                      S_word_is(t->s + a, end - a, "import");
  t->ln.prev_cls = cls;
  t->ln.ll_last_kind_op = (cls == C_OP || cls == C_SEP) && !string && end > a &&
                       strchr("=+-/%&|^~<>@.", t->s[end - 1]) && t->s[a] < 0x80 &&
                       !(t->s[a] >= 'a' && t->s[a] <= 'z');
  t->ln.prev_string = string;
  t->ln.prev_name = cls == C_ATOM && !string && end > a &&
                 (t->s[a] >= 0x80 || t->s[a] == '_' || ((t->s[a] | 0x20) >= 'a' && (t->s[a] | 0x20) <= 'z'));
  t->ln.prev_word_at = a;
  t->ln.prev_word_len = t->ln.prev_name ? end - a : 0;
  t->ln.ll_ntok++;
  if (t->ln.ll_ntok == 2) t->ln.ll_second = t->s[a];
  t->ln.ll_last_colon = false;
  t->ln.ll_last_end = end;
  t->ln.ll_last_row = t->row;
  t->ln.ll_last_col = S_col(t, end);
}

static void S_token(tc_tok *t, size_t a, size_t end) { S_token_cls(t, a, end, C_ATOM, false); }

/* The indentation of a line at its start (bracket level 0, no continuation). Returns false
 * when the line is blank or a comment (it does not count). */
static void S_indent(tc_tok *t) {
  int col = 0, alt = 0;
  size_t i = t->i;
  for (; i < t->n; i++) {
    unsigned char c = t->s[i];
    if (c == ' ') {
      col++;
      alt++;
    } else if (c == '\t') {
      col = (col / 8 + 1) * 8;
      alt++;
    } else if (c == '\f') {
      col = alt = 0;
    } else {
      break;
    }
  }
  t->i = i;
  if (i >= t->n || t->s[i] == '#' || t->s[i] == '\n' || t->s[i] == '\r') return;
  if (t->ln.ll_any) return; /* inside a logical line (cannot happen at level 0, kept safe) */
  t->ll_start = i;
  t->ln.ll_first_error = t->out->count;
  uint32_t row = t->row, c0 = S_col(t, i);
  int top = t->ind[t->depth], atop = t->alt[t->depth];
  if (col > top) {
    if (alt <= atop) {
      tc__fatal(t, TC_TAB_ERROR, t->line_start, i, row, 0, i);
      return;
    }
    if (t->depth >= TC_MAX_INDENT) {
      tc__fatal(t, TC_TOO_DEEP, i, i, row, c0, i);
      return;
    }
    if (!t->pending) {
      tc_error *e = S_add(t, TC_UNEXPECTED_INDENT, t->line_start, i, row, 0, i, false);
      e->stmt_end = (uint32_t)i;
    }
    t->depth++;
    t->head[t->depth] = H_NONE;
    t->ind[t->depth] = col;
    t->alt[t->depth] = alt;
    t->pending = false;
    return;
  }
  if (t->pending && t->pending_what) {
    tc_error *e = S_add(t, TC_EXPECTED_INDENT, i, i, row, c0, i, false);
    e->what = t->pending_what;
    e->other_row = t->pending_row;
    e->stmt_end = (uint32_t)i;
  }
  t->pending = false;
  if (col == top) {
    if (alt != atop) tc__fatal(t, TC_TAB_ERROR, t->line_start, i, row, 0, i);
    return;
  }
  /* Blocks closed here: a `try` among them must have its `except` or `finally` next, at
   * its own level (checked with the line's first word), or it is never given one. */
  while (t->depth > 0 && col < t->ind[t->depth]) {
    t->depth--;
    if (t->head[t->depth] == H_TRY && col < t->ind[t->depth]) {
      tc_error *e = S_add(t, TC_EXPECTED_EXCEPT, i, i, row, c0, i, false);
      e->stmt_end = (uint32_t)t->n;
    }
  }
  if (col != t->ind[t->depth]) {
    tc__fatal(t, TC_UNINDENT_MISMATCH, t->line_start, i, row, 0, i);
    return;
  }
  if (alt != t->alt[t->depth]) tc__fatal(t, TC_TAB_ERROR, t->line_start, i, row, 0, i);
}

static void S_mark(tc_tok *t, size_t at) {
  tc_errors *e = t->out;
  if (e->mark_count == e->mark_cap) {
    size_t cap = e->mark_cap ? e->mark_cap * 2 : 16;
    e->marks = xreallocarray(e->marks, cap, sizeof *e->marks);
    e->mark_cap = cap;
  }
  e->marks[e->mark_count++] = (uint32_t)at;
}

static void S_keyword_name(tc_tok *t, const char *kw, size_t a, uint32_t row, uint32_t col) {
  tc_error *e = S_add(t, TC_KEYWORD_NAME, a, a + strlen(kw), row, col, a, false);
  e->what = kw;
  e->stmt_end = (uint32_t)t->n;
}

/* A keyword token: where the compiler checks its placement, or where a name goes (after `.`
 * outside `from . import`, after `def` or `class`; a keyword before `=` is seen at the `=`). */
static void S_keyword_token(tc_tok *t, const char *kw, size_t a, size_t end) {
  (void)end;
  if (strcmp(kw, "return") == 0 || strcmp(kw, "yield") == 0 || strcmp(kw, "await") == 0 ||
      strcmp(kw, "break") == 0 || strcmp(kw, "continue") == 0)
    S_mark(t, a);
  if (!t->ln.ll_any) return;
  bool after_dot = t->ln.prev_dot_at + 1 == t->ln.prev_end_at && t->ln.prev_is_dot &&
                   !t->ln.ll_import &&
                   !(t->ln.prev_dot_at > 0 && t->s[t->ln.prev_dot_at - 1] == '.');
  bool after_def = t->ln.prev_kw &&
                   (strcmp(t->ln.prev_kw, "def") == 0 || strcmp(t->ln.prev_kw, "class") == 0);
  /* a parameter's name: in a `def`'s parameter list, after `(`, `,`, `*` or `**` */
  unsigned char p = t->ln.prev_end_at > 0 ? t->s[t->ln.prev_end_at - 1] : 0;
  bool param = t->level == 1 && !t->ln.ll_has_colon && t->ln.ll_what &&
               strcmp(t->ln.ll_what, "function definition") == 0 &&
               (p == '(' || p == ',' || p == '*') && t->ln.prev_end_at <= a;
  if (after_dot || after_def || param) S_keyword_name(t, kw, a, t->row, S_col(t, a));
}

static void S_open(tc_tok *t, char ch, size_t at, size_t len) {
  if (t->level >= TC_MAX_LEVEL) {
    tc__fatal(t, TC_TOO_DEEP, at, at + len, t->row, S_col(t, at), at);
    return;
  }
  tc_bracket *b = &t->br[t->level++];
  b->ch = ch;
  b->byte = (uint32_t)at;
  b->len = (uint32_t)len;
  b->row = t->row;
  b->col = S_col(t, at);
}

static void S_close(tc_tok *t, char ch, size_t at, size_t len) {
  if (t->level == 0) {
    tc_error *e = tc__fatal(t, TC_UNMATCHED_BRACKET, at, at + len, t->row, S_col(t, at), at);
    e->close = ch;
    return;
  }
  tc_bracket *b = &t->br[t->level - 1];
  char want = b->ch == '(' ? ')' : b->ch == '[' ? ']' : '}';
  if (ch != want) {
    tc_error *e = tc__fatal(t, TC_MISMATCHED_BRACKET, at, at + len, t->row, S_col(t, at), at);
    e->open = b->ch;
    e->close = ch;
    e->other_row = b->row;
    e->stmt_start = b->byte; /* what was read inside it is suspect */
    return;
  }
  t->level--;
}

/* A punctuation character (ASCII, or the one a full-width character stands for). */
static void S_punct(tc_tok *t, char c, size_t at, size_t len) {
  int cls = strchr("([{", c) ? C_OPEN : strchr(")]}", c) ? C_CLOSE : strchr(",:;", c) ? C_SEP : C_OP;
  if (c == '=' && len == 1) {
    bool alone = !(at > 0 && strchr("=<>!:+-*/%&|^@", t->s[at - 1])) &&
                 !(at + 1 < t->n && t->s[at + 1] == '=');
    if (alone && t->ln.prev_kw && t->ln.ll_any && t->ln.prev_kw_named) {
      /* `class = 1`, `f(if=1)`, `None = 0` */
      uint32_t row = t->row, col = S_col(t, t->ln.prev_kw_at);
      if (t->ln.prev_kw_at < t->line_start) col = 0;
      S_keyword_name(t, t->ln.prev_kw, t->ln.prev_kw_at, row, col);
    }
    if (alone) {
      cls = C_SEP;
      bool cond = t->ln.ll_head == H_IF || t->ln.ll_head == H_ELIF || t->ln.ll_head == H_WHILE;
      if (cond && t->ln.ll_any && !t->ln.ll_has_colon && (t->level == 0 || (t->level == 1 && t->ln.cond_paren)) &&
          !t->expr[t->level].pending) {
        tc_error *e = S_add(t, TC_ASSIGN_IN_CONDITION, t->expr[t->level].at, at + 1,
                            t->expr[t->level].row, t->expr[t->level].col, at, false);
        e->stmt_end = (uint32_t)t->n;
      }
    }
  }
  S_token_cls(t, at, at + len, cls, false);
  switch (c) {
  case '(': case '[': case '{':
    if (c == '(' && t->level == 0 && t->ln.ll_ntok == 2) t->ln.cond_paren = true;
    S_open(t, c, at, len);
    if (!t->stop) t->expr[t->level].pending = true;
    break;
  case ')': case ']': case '}': S_close(t, c, at, len); break;
  case ':':
    if (t->level == 0) {
      if (at + len < t->n && t->s[at + len] == '=') break; /* := */
      if (t->ln.ll_lambdas > 0) {
        t->ln.ll_lambdas--;
      } else {
        t->ln.ll_has_colon = true;
        t->ln.ll_last_colon = true;
      }
    }
    break;
  default: break;
  }
}

/* A line start outside brackets and continuations: the logical line's state is reset (it is
 * all written before it is read), then an incremental run may stop here or keep a
 * checkpoint. */
static void S_clean_line(tc_tok *t) {
  memset(&t->ln, 0, sizeof t->ln);
  memset(&t->expr[0], 0, sizeof t->expr[0]);
  if (t->hooks) t->hooks->line_start(t, false);
}

/* The pass from t->i, a line start outside brackets and continuations, to the end of the
 * text, an error that stops it, or convergence with an old checkpoint (t->converged). */
void tc__run(tc_tok *t) {
  bool bol = true, cont = false;
  size_t cont_at = 0;
  while (!t->stop) {
    if (bol) {
      bol = false;
      if (cont && t->i >= t->n) {
        /* a continuation with nothing to continue: CPython's "unexpected EOF" */
        tc__fatal(t, TC_BACKSLASH, cont_at, cont_at + 1, t->row - 1, 0, cont_at);
        break;
      }
      if (t->level == 0 && !cont) {
        S_clean_line(t);
        if (t->stop) break;
        S_indent(t);
        if (t->stop) break;
      } else {
        if (t->level > 0 && !cont && t->hooks) {
          t->hooks->line_start(t, true);
          if (t->stop) break;
        }
      }
      if (t->level > 0 && !t->ln.ll_lax) {
        /* a line inside brackets: where does its text start? */
        int col = 0;
        size_t j = t->i;
        while (j < t->n && (t->s[j] == ' ' || t->s[j] == '\t' || t->s[j] == '\f')) {
          col = t->s[j] == '\t' ? (col / 8 + 1) * 8 : t->s[j] == '\f' ? 0 : col + 1;
          j++;
        }
        if (j < t->n && !tc__is_nl(t, j) && t->s[j] != '#' && col < t->ind[t->depth])
          t->ln.ll_lax = true;
      }
      cont = false;
    }
    if (t->i >= t->n) break;
    size_t a = t->i;
    unsigned char c = t->s[a];
    if (c == ' ' || c == '\t' || c == '\f') {
      t->i++;
    } else if (c == '\n' || c == '\r') {
      if (t->level == 0) S_end_logical(t);
      tc__newline(t);
      bol = true;
    } else if (c == '#') {
      while (t->i < t->n && !tc__is_nl(t, t->i)) t->i++;
    } else if (c == '\\') {
      t->i++;
      if (tc__newline(t)) {
        bol = cont = true;
        cont_at = a;
      } else {
        tc__fatal(t, TC_BACKSLASH, a, a + 1, t->row, S_col(t, a), a);
      }
    } else if (c == '\'' || c == '"') {
      uint32_t row = t->row, col = S_col(t, a);
      S_token_cls(t, a, a + 1, C_ATOM, true);
      if (tc__string(t, false, 0, a, row, col) == 0) {
        /* the token ends where the string does, possibly lines below */
        t->ln.ll_last_end = t->i;
        t->ln.ll_last_row = t->row;
        t->ln.ll_last_col = S_col(t, t->i);
      }
    } else if ((c >= '0' && c <= '9') ||
               (c == '.' && a + 1 < t->n && t->s[a + 1] >= '0' && t->s[a + 1] <= '9')) {
      t->i = tc__number(t, a);
      S_token(t, a, t->i);
    } else if (c < 0x80 && (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_')) {
      size_t i = a;
      bool ascii = true;
      while (i < t->n) {
        size_t k;
        uint32_t cp = tc_decode(t->s + i, t->n - i, &k);
        if (k == 0 || !tc_is_identifier_char(cp)) break;
        if (cp >= 0x80) ascii = false;
        i += k;
      }
      t->i = i;
      if (i < t->n && (t->s[i] == '\'' || t->s[i] == '"') && ascii && tc__is_prefix(t->s + a, i - a)) {
        uint32_t row = t->row, col = S_col(t, a);
        S_token_cls(t, a, i, C_ATOM, true);
        bool f = memchr(t->s + a, 'f', i - a) || memchr(t->s + a, 'F', i - a) ||
                 memchr(t->s + a, 't', i - a) || memchr(t->s + a, 'T', i - a);
        if (tc__string(t, f, 0, a, row, col) == 0) {
          t->ln.ll_last_end = t->i;
          t->ln.ll_last_row = t->row;
          t->ln.ll_last_col = S_col(t, t->i);
        }
        continue;
      }
      bool first = !t->ln.ll_any && t->level == 0;
      size_t n = i - a;
      const char *kw = tc__keyword(t->s + a, n);
      unsigned char before =
          t->ln.ll_any && t->ln.prev_end_at > 0 ? t->s[t->ln.prev_end_at - 1] : 0;
      if (kw) S_keyword_token(t, kw, a, i);
      S_token_cls(t, a, i, S_word_class(t->s + a, n), false);
      t->ln.prev_kw = kw;
      t->ln.prev_kw_at = a;
      /* `None = 1`, `f(if=1)`: before a `=`, a keyword that starts the statement or an
       * argument is used as a name (`x: int | None = 0` is an annotation) */
      t->ln.prev_kw_named = first || (t->level > 0 && (before == '(' || before == ','));
      if (first) {
        t->ln.ll_head = S_head_code(t->s + a, n);
        t->ln.ll_async = S_word_is(t->s + a, n, "async");
        S_check_clause(t, a, i);
        bool soft;
        const char *what = S_header(t->s + a, n, &soft);
        if (n == 5 && memcmp(t->s + a, "async", 5) == 0) {
          /* async def / for / with: the header is the next word's */
          size_t j = i;
          while (j < t->n && (t->s[j] == ' ' || t->s[j] == '\t')) j++;
          size_t w = j;
          while (w < t->n && (t->s[w] | 0x20) >= 'a' && (t->s[w] | 0x20) <= 'z') w++;
          const char *inner = S_header(t->s + j, w - j, &soft);
          if (inner && (memcmp(t->s + j, "def", 3) == 0 || memcmp(t->s + j, "for", 3) == 0 ||
                        memcmp(t->s + j, "with", 4) == 0))
            what = inner;
          soft = false;
        }
        if (what) {
          t->ln.ll_what = what;
          t->ln.ll_soft = soft;
          t->ln.ll_what_row = t->row;
        }
      }
      if (t->level == 0 && n == 6 && memcmp(t->s + a, "lambda", 6) == 0) t->ln.ll_lambdas++;
    } else if (c == '`') {
      t->i++;
      S_token(t, a, a + 1);
      S_add(t, TC_BACKTICK, a, a + 1, t->row, S_col(t, a), a, true);
    } else if (c < 0x80) {
      t->i++;
      if (c == '$' || c == '?' || c < 0x20 || c == 0x7F) {
        S_token(t, a, a + 1);
        tc_error *e = S_add(t, TC_INVALID_CHAR, a, a + 1, t->row, S_col(t, a), a, true);
        e->codepoint = c;
      } else {
        S_punct(t, (char)c, a, 1);
      }
    } else {
      size_t k;
      uint32_t cp = tc_decode(t->s + a, t->n - a, &k);
      if (k == 0) k = 1; /* an invalid byte: reported as U+FFFD would hide it, keep the byte */
      char ascii = cp ? tc_fullwidth_ascii(cp) : 0;
      if (cp && tc_is_identifier_char(cp)) {
        /* an identifier starting outside ASCII: re-read it as a name */
        size_t i = a;
        while (i < t->n) {
          size_t kk;
          uint32_t cq = tc_decode(t->s + i, t->n - i, &kk);
          if (kk == 0 || !tc_is_identifier_char(cq)) break;
          i += kk;
        }
        t->i = i;
        S_token(t, a, i);
        continue;
      }
      t->i = a + k;
      tc_error *e = S_add(t, ascii && ascii != ' ' ? TC_FULLWIDTH : TC_INVALID_CHAR, a, a + k,
                          t->row, S_col(t, a), a, true);
      e->codepoint = cp ? cp : t->s[a];
      e->ascii = ascii;
      /* Read on as if the ASCII character had been typed, so that a full-width bracket or
       * colon causes no error of its own further on. Quotes are left out: the text between
       * them is not a string to CPython either. */
      if (ascii && ascii != '"' && ascii != '\'' && ascii != ' ') S_punct(t, ascii, a, k);
      else S_token(t, a, a + k);
    }
  }
  if (!t->stop) {
    if (t->level == 0) S_end_logical(t);
    /* The end of the file is on the last line (after a final line break, on the line that
     * break ends, as CPython reports it). */
    uint32_t eof_row = t->row;
    uint32_t eof_col = S_col(t, t->n);
    if (t->n > 0 && tc__is_nl(t, t->n - 1) && eof_row > 0) {
      eof_row--;
      size_t ls = t->n - 1;
      if (ls > 0 && t->s[ls] == '\n' && t->s[ls - 1] == '\r') ls--;
      size_t st = ls;
      while (st > 0 && !tc__is_nl(t, st - 1)) st--;
      eof_col = (uint32_t)(ls - st);
    }
    if (t->level > 0) {
      tc_bracket *b = &t->br[t->level - 1];
      tc_error *e = tc__fatal(t, TC_UNCLOSED_BRACKET, b->byte, b->byte + b->len, b->row, b->col, t->n);
      e->open = b->ch;
      e->stmt_start = b->byte;
    } else if (t->pending && t->pending_what) {
      tc_error *e = S_add(t, TC_EXPECTED_INDENT, t->n, t->n, eof_row, eof_col, t->n, false);
      e->what = t->pending_what;
      e->other_row = t->pending_row;
    }
  }
}

void tc_check(const char *src, size_t len, tc_errors *out) {
  tc_tok *t = xcalloc(1, sizeof *t);
  t->s = (const unsigned char *)src;
  t->n = len;
  t->out = out;
  /* A byte-order mark at the start is allowed. */
  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) t->i = t->line_start = 3;
  tc__run(t);
  free(t);
}

void tc_errors_clear(tc_errors *e) {
  free(e->items);
  free(e->marks);
  free(e->lax);
  memset(e, 0, sizeof *e);
}
