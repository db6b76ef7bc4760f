#include "tokcheck.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* CPython's limits (MAXLEVEL, MAXINDENT in Parser/tokenizer.h). */
#define TC_MAX_LEVEL 200
#define TC_MAX_INDENT 100
/* f-strings nest inside f-strings; deeper than this is not written by people. */
#define TC_MAX_FSTRING_DEPTH 32

uint32_t tc_decode(const unsigned char *s, size_t n, size_t *len) {
  *len = 0;
  if (n == 0) return 0;
  if (s[0] < 0x80) {
    *len = 1;
    return s[0];
  }
  size_t need = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (need == 0 || need > n || (need == 2 && s[0] < 0xC2)) return 0;
  for (size_t i = 1; i < need; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if (need == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))) return 0;
  if (need == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || s[0] > 0xF4 || (s[0] == 0xF4 && s[1] >= 0x90)))
    return 0;
  uint32_t cp = need == 2 ? s[0] & 0x1F : need == 3 ? s[0] & 0x0F : s[0] & 0x07;
  for (size_t i = 1; i < need; i++) cp = (cp << 6) | (s[i] & 0x3F);
  *len = need;
  return cp;
}

char tc_fullwidth_ascii(uint32_t cp) {
  switch (cp) {
  case 0x3001: return ',';  /* 、 ideographic comma */
  case 0x3002: return '.';  /* 。 */
  case 0x3010: return '[';  /* 【 */
  case 0x3011: return ']';  /* 】 */
  case 0x300C: case 0x300E: return '"'; /* 「 『 (Japanese quotes) */
  case 0x300D: case 0x300F: return '"'; /* 」 』 */
  case 0x2018: case 0x2019: return '\''; /* ‘ ’ */
  case 0x201C: case 0x201D: return '"';  /* “ ” */
  case 0x3000: return ' ';  /* ideographic space */
  case 0x00B7: return 0;    /* · is an identifier character (XID_Continue) */
  case 0x2026: return '.';  /* … (an input method's ellipsis) */
  default: break;
  }
  /* U+FF01..U+FF5E mirror ASCII 0x21..0x7E; letters and digits among them are identifier
   * characters (NFKC makes them ASCII), the rest is punctuation. */
  if (cp >= 0xFF01 && cp <= 0xFF5E) {
    char a = (char)(cp - 0xFEE0);
    if ((a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z') || a == '_')
      return 0;
    return a;
  }
  return 0;
}

bool tc_is_identifier_char(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA || cp == 0xB7;
  if (cp == 0xD7 || cp == 0xF7) return false; /* × ÷ */
  if (tc_fullwidth_ascii(cp)) return false;
  static const struct {
    uint32_t lo, hi;
  } refused[] = {
      {0x2000, 0x203E}, /* general punctuation (spaces, dashes, quotes, ‰, ′) */
      {0x2041, 0x2053}, {0x2055, 0x206F}, /* U+2040 ⁀ and U+2054 ⁔ are connectors */
      {0x20A0, 0x20CF}, /* currency symbols */
      {0x2190, 0x23FF}, /* arrows, mathematical operators, technical */
      {0x2400, 0x24B5}, /* control pictures, OCR, circled numbers */
      {0x2500, 0x27FF}, /* box drawing … dingbats, arrows */
      {0x2900, 0x2BFF}, /* arrows, math, symbols */
      {0x2E00, 0x2E7F}, /* supplemental punctuation */
      {0x3000, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030}, {0x303D, 0x303F}, /* CJK punct. */
      {0xE000, 0xF8FF}, /* private use */
      {0xFD3E, 0xFD3F}, {0xFE10, 0xFE1F}, {0xFE30, 0xFE4C}, {0xFE50, 0xFE6F}, /* forms */
      {0xFEFF, 0xFEFF}, /* a byte-order mark after the start */
      {0xFF5F, 0xFF65}, {0xFFE0, 0xFFFF},
      {0x1F000, 0x1FAFF}, /* emoji and pictographs */
      {0xF0000, 0x10FFFF},
  };
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
    if (cp >= refused[i].lo && cp <= refused[i].hi) return false;
  return true;
}

static const char *const S_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield", NULL};

/* The keyword s[0..n) as a static string, or NULL. */
static const char *tc__keyword(const unsigned char *s, size_t n) {
  if (n < 2 || n > 8) return NULL;
  for (size_t i = 0; S_keywords[i]; i++)
    if ((unsigned char)S_keywords[i][0] == s[0] &&
        strncmp((const char *)s, S_keywords[i], n) == 0 && S_keywords[i][n] == '\0')
      return S_keywords[i];
  return NULL;
}

typedef struct {
  char ch;
  uint32_t byte, len, row, col;
} tc_bracket;

/* The state of the logical line being read (see tc_tok.ln). */
typedef struct {
  size_t ll_first_error; /* index in out of its first error */
  const char *ll_what;   /* the header keyword's description, when it starts with one */
  bool ll_soft;          /* starts with `match`/`case`: a header only if it ends with `:` */
  bool ll_any, ll_has_colon, ll_last_colon, ll_first_token;
  int ll_lambdas;
  uint32_t ll_what_row;
  size_t ll_last_end; /* end of its last token */
  uint32_t ll_last_row, ll_last_col;
  /* The logical line's tokens: the class of the previous one, where the expression being
   * read at each bracket level starts (a missing comma is reported from there). */
  int prev_cls;
  bool prev_string, prev_name, generic_reported;
  const char *prev_kw; /* the previous token, when it is a keyword */
  size_t prev_kw_at, prev_dot_at, prev_end_at;
  bool prev_is_dot, ll_import, prev_kw_named, ll_lax;
  size_t prev_word_at, prev_word_len;
  unsigned char ll_second; /* the first byte of the logical line's second token */
  bool comma_reported, cond_paren;
  int ll_ntok;
  unsigned char ll_head;
  bool ll_async, ll_last_kind_op; /* starts with `async`; the last token is an operator */
} tc_line;

/* Where the expression being read at a bracket level starts. */
typedef struct {
  size_t at;
  uint32_t row, col;
  bool pending;
} tc_expr;

typedef struct {
  const unsigned char *s;
  size_t n, i;
  tc_errors *out;
  bool stop; /* an error CPython cannot tokenize past */
  /* What a line start outside brackets and continuations carries to the next lines (a
   * checkpoint, tc_cp, holds exactly this): */
  uint32_t row;
  size_t line_start;
  int level;
  int ind[TC_MAX_INDENT + 1], alt[TC_MAX_INDENT + 1];
  int depth; /* of the indentation stack */
  /* Per indentation level, the compound statement last begun there (an S_head code): what
   * an `else`/`elif`/`except`/`finally` at that level may follow. */
  unsigned char head[TC_MAX_INDENT + 1];
  /* The previous logical line ended with a header's `:`: the next must be indented. */
  bool pending;
  const char *pending_what;
  uint32_t pending_row;
  /* Where the last logical line started: an error at the end of the file after a header
   * (expected an indented block) belongs to it. */
  size_t ll_start;
  /* Incremental runs (tc_update): checkpoints are recorded into `cps`; convergence is looked
   * for at the old checkpoints, see S_converged. */
  tc_incr *rec;
  struct tc_conv *conv;
  size_t converged; /* index of the old checkpoint met + 1, or 0 */
  /* The logical line being read: everything in it is written before it is read in each
   * logical line; it is zeroed at each line start outside brackets, so that a run resumed
   * from a checkpoint is the same as a run from the start. */
  tc_line ln;
  /* ---- Read only below `level` (the brackets) or after being set (expr). */
  tc_bracket br[TC_MAX_LEVEL];
  tc_expr expr[TC_MAX_LEVEL + 1];
} tc_tok;

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
static tc_error *tc__fatal(tc_tok *t, tc_kind kind, size_t byte, size_t end, uint32_t row,
                         uint32_t col, size_t order) {
  t->stop = true;
  return S_add(t, kind, byte, end, row, col, order, true);
}

static uint32_t S_col(const tc_tok *t, size_t byte) { return (uint32_t)(byte - t->line_start); }

/* At a line break (\n, \r\n or \r) at t->i: steps over it and starts the next line. */
static bool tc__newline(tc_tok *t) {
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

static bool tc__is_nl(const tc_tok *t, size_t i) {
  return i < t->n && (t->s[i] == '\n' || t->s[i] == '\r');
}

static bool tc__is_prefix(const unsigned char *p, size_t n) {
  if (n == 0 || n > 2) return false;
  bool r = false, b = false, f = false, u = false, tt = false;
  for (size_t k = 0; k < n; k++) {
    switch (p[k] | 0x20) {
    case 'r': if (r) return false; r = true; break;
    case 'b': if (b) return false; b = true; break;
    case 'f': if (f) return false; f = true; break;
    case 't': if (tt) return false; tt = true; break;
    case 'u': if (u) return false; u = true; break;
    default: return false;
    }
  }
  if (u) return n == 1;
  return (int)b + (int)f + (int)tt <= 1; /* rb, br, fr, rf, tr, rt */
}

static int tc__string(tc_tok *t, bool fmt, int depth, size_t outer, uint32_t orow, uint32_t ocol);

static bool S_is_xdigit(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* The expression part of an f-string's replacement field, from after its `{` to after its
 * `}` (Python 3.12's grammar: any string may nest, the field may span lines). */
static int S_fexpr(tc_tok *t, bool triple, int depth, size_t outer, uint32_t orow, uint32_t ocol) {
  int local = 0;
  while (t->i < t->n) {
    unsigned char c = t->s[t->i];
    if (c == '\n' || c == '\r') {
      /* Python 3.12 reads a replacement field like code in brackets: it may span lines
       * even in a single-quoted f-string. */
      (void)triple;
      tc__newline(t);
    } else if (c == '\'' || c == '"') {
      if (tc__string(t, false, depth + 1, outer, orow, ocol) != 0) return -1;
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      size_t a = t->i;
      while (t->i < t->n && (((t->s[t->i] | 0x20) >= 'a' && (t->s[t->i] | 0x20) <= 'z') ||
                             (t->s[t->i] >= '0' && t->s[t->i] <= '9') || t->s[t->i] == '_'))
        t->i++;
      if (t->i < t->n && (t->s[t->i] == '\'' || t->s[t->i] == '"') &&
          tc__is_prefix(t->s + a, t->i - a)) {
        bool f = memchr(t->s + a, 'f', t->i - a) || memchr(t->s + a, 'F', t->i - a) ||
                 memchr(t->s + a, 't', t->i - a) || memchr(t->s + a, 'T', t->i - a);
        if (tc__string(t, f, depth + 1, outer, orow, ocol) != 0) return -1;
      }
    } else if (c == '(' || c == '[' || c == '{') {
      local++;
      t->i++;
    } else if ((c == ')' || c == ']') && local > 0) {
      local--;
      t->i++;
    } else if (c == '}') {
      t->i++;
      if (local == 0) return 0;
      local--;
    } else if (c == ':' && local == 0) {
      /* The format spec: literal text with nested fields, up to the field's `}`. */
      t->i++;
      while (t->i < t->n && t->s[t->i] != '}') {
        unsigned char d = t->s[t->i];
        if (d == '\n' || d == '\r') {
          if (!triple) return -1;
          tc__newline(t);
        } else if (d == '{') {
          t->i++;
          if (S_fexpr(t, triple, depth + 1, outer, orow, ocol) != 0) return -1;
        } else {
          t->i++;
        }
      }
      if (t->i >= t->n) return -1;
      t->i++;
      return 0;
    } else if (c == '#') {
      while (t->i < t->n && !tc__is_nl(t, t->i)) t->i++;
    } else if (c == '\\' && tc__is_nl(t, t->i + 1)) {
      t->i++;
      tc__newline(t);
    } else {
      t->i++;
    }
  }
  return -1;
}

/* A string from its opening quote at t->i (the prefix is already read). On an unterminated
 * string, reports it at the outermost string's start (outer, orow, ocol) and returns -1. */
static int tc__string(tc_tok *t, bool fmt, int depth, size_t outer, uint32_t orow, uint32_t ocol) {
  unsigned char q = t->s[t->i];
  bool triple = t->i + 2 < t->n && t->s[t->i + 1] == q && t->s[t->i + 2] == q;
  t->i += triple ? 3 : 1;
  if (depth > TC_MAX_FSTRING_DEPTH) {
    tc__fatal(t, TC_TOO_DEEP, outer, outer, orow, ocol, outer);
    return -1;
  }
  for (;;) {
    if (t->i >= t->n) break;
    unsigned char c = t->s[t->i];
    if (c == '\\') {
      t->i++;
      if (!tc__newline(t) && t->i < t->n) t->i++;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (!triple) break;
      tc__newline(t);
      continue;
    }
    if (c == q) {
      if (!triple) {
        t->i++;
        return 0;
      }
      if (t->i + 2 < t->n && t->s[t->i + 1] == q && t->s[t->i + 2] == q) {
        t->i += 3;
        return 0;
      }
      t->i++;
      continue;
    }
    if (fmt && c == '{') {
      if (t->i + 1 < t->n && t->s[t->i + 1] == '{') {
        t->i += 2;
        continue;
      }
      t->i++;
      if (S_fexpr(t, triple, depth, outer, orow, ocol) != 0) {
        if (t->stop) return -1;
        break;
      }
      continue;
    }
    t->i++;
  }
  if (t->stop) return -1;
  /* The row where the end of the line (or of the file) was met. */
  uint32_t at_row = t->row;
  if (t->i >= t->n && t->i > 0 && tc__is_nl(t, t->i - 1) && at_row > 0) at_row--;
  tc_error *e = tc__fatal(t, triple ? TC_UNTERMINATED_TRIPLE : TC_UNTERMINATED_STRING, outer, outer,
                        orow, ocol, outer);
  e->other_row = at_row;
  return -1;
}

/* The end of the number starting at `a`: digits and `_`, one `.` before any exponent, an
 * exponent with its sign, a `j` (`1.5e100.real` is a number and an attribute; validity of
 * the digits is left to the grammar). */
static size_t tc__number(const tc_tok *t, size_t a) {
  size_t i = a;
  if (t->s[a] == '0' && a + 1 < t->n && strchr("xXoObB", t->s[a + 1]) && t->s[a + 1]) {
    i = a + 2;
    while (i < t->n && (S_is_xdigit(t->s[i]) || t->s[i] == '_')) i++;
    return i;
  }
  bool dot = false;
  while (i < t->n) {
    unsigned char d = t->s[i];
    if ((d >= '0' && d <= '9') || d == '_') {
      i++;
    } else if (d == '.' && !dot) {
      dot = true;
      i++;
    } else if ((d == 'e' || d == 'E') && i + 1 < t->n &&
               ((t->s[i + 1] >= '0' && t->s[i + 1] <= '9') ||
                ((t->s[i + 1] == '+' || t->s[i + 1] == '-') && i + 2 < t->n &&
                 t->s[i + 2] >= '0' && t->s[i + 2] <= '9'))) {
      i += 2;
      while (i < t->n && ((t->s[i] >= '0' && t->s[i] <= '9') || t->s[i] == '_')) i++;
      if (i < t->n && (t->s[i] == 'j' || t->s[i] == 'J')) i++;
      return i;
    } else if (d == 'j' || d == 'J') {
      return i + 1;
    } else {
      break;
    }
  }
  return i;
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
static void S_line_ended(tc_tok *t);

static void S_end_logical(tc_tok *t) {
  if (t->ln.ll_any) S_line_ended(t);
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

/* ---- incremental checking ---- */

/* Appends n items of `size` bytes from `from` to the array *items (count *count, capacity
 * *cap). */
static void S_append_any(void **items, size_t *count, size_t *cap, size_t size,
                         const void *from, size_t n) {
  if (*count + n > *cap) {
    size_t c = *cap ? *cap : 8;
    while (c < *count + n) c *= 2;
    *items = xreallocarray(*items, c, size);
    *cap = c;
  }
  if (n) memcpy((char *)*items + *count * size, from, n * size);
  *count += n;
}


/* A checkpoint holds indentation stacks this deep, and bracket stacks this deep, at most;
 * deeper line starts get none. */
#define TC_CP_DEPTH 12
#define TC_CP_LEVEL 4
#define S_NONE UINT32_MAX

typedef struct {
  uint32_t pos, row;                /* a line start, not after a backslash continuation */
  uint32_t n_err, n_mark, n_lax;    /* the lengths of the outputs there */
  uint32_t ll_start, pending_row;
  uint32_t inner;                   /* inside brackets: its S_inner; S_NONE outside */
  const char *pending_what;
  int32_t ind[TC_CP_DEPTH], alt[TC_CP_DEPTH];
  unsigned char head[TC_CP_DEPTH];
  unsigned char depth;
  bool pending;
} tc_cp;

/* What a line start inside brackets carries besides: the logical line read so far. */
typedef struct {
  tc_line ln;
  uint32_t ll_end; /* where the logical line ends (found later), S_NONE: never */
  int level;
  tc_bracket br[TC_CP_LEVEL];
  tc_expr expr[TC_CP_LEVEL + 1];
} S_inner;

struct tc_incr {
  tc_errors e;
  tc_cp *cps; /* by position */
  size_t ncp, cap;
  S_inner *inner;
  size_t ninner, icap;
  size_t len;  /* of the text checked */
  bool valid;  /* e and cps describe that text */
  size_t read; /* bytes read by the last check or update */
  size_t spacing; /* between checkpoints, 0: TC_CP_BYTES */
};

/* An update: the edit, and where the old state is looked for (line starts after it). */
struct tc_conv {
  const tc_cp *old;
  const S_inner *old_inner;
  size_t nold, j;  /* j: the next old checkpoint to compare */
  size_t min_pos;  /* line starts before this (the edit's end + 1) are not compared */
  uint32_t start, old_end;
  int64_t delta;   /* new position - old position after the edit */
  /* Set by the comparison that succeeds: the row shift after the edit, and the old row of
   * the edit's end (rows before it keep their numbers). */
  int64_t drow;
  uint32_t row_oe;
};

/* Old position → new: before the edit the same, after it shifted. The states compared never
 * hold a position in the edit, nor one that reads bytes in it (see S_pos_ok). */
static uint32_t S_map_pos(const struct tc_conv *cv, uint32_t p) {
  return p < cv->start ? p : (uint32_t)((int64_t)p + cv->delta);
}

static uint32_t S_map_row(const struct tc_conv *cv, uint32_t r) {
  return cv->drow == 0 || r < cv->row_oe ? r : (uint32_t)((int64_t)r + cv->drow);
}

/* A position (and its row) in the old state that may be compared: well before the edit (and
 * on an earlier line when the edit moves lines), or after it, past the few bytes the pass
 * looks back. */
static bool S_pos_ok(const struct tc_conv *cv, size_t p, uint32_t row) {
  if (p < cv->start) return cv->drow == 0 || row < cv->row_oe;
  return p >= (size_t)cv->old_end + 4;
}

/* The old (position, row) pair is the new one, mapped. */
static bool S_pair_eq(const struct tc_conv *cv, size_t op, uint32_t orow, size_t np, uint32_t nrow) {
  return S_pos_ok(cv, op, orow) && S_map_pos(cv, (uint32_t)op) == np &&
         S_map_row(cv, orow) == nrow;
}

static void S_cp_push(tc_incr *s, const tc_cp *cp) {
  S_append_any((void **)&s->cps, &s->ncp, &s->cap, sizeof *cp, cp, 1);
}

/* The logical line inside brackets, old and new, is the same (mapped). */
static bool S_inner_eq(const struct tc_conv *cv, const S_inner *o, const tc_tok *t,
                       uint32_t o_ll_start) {
  const tc_line *a = &o->ln, *b = &t->ln;
  if (o->level != t->level) return false;
  if (a->ll_what != b->ll_what || a->ll_soft != b->ll_soft || a->ll_any != b->ll_any ||
      a->ll_has_colon != b->ll_has_colon || a->ll_last_colon != b->ll_last_colon ||
      a->ll_first_token != b->ll_first_token || a->ll_lambdas != b->ll_lambdas ||
      a->prev_cls != b->prev_cls || a->prev_string != b->prev_string ||
      a->prev_name != b->prev_name || a->generic_reported != b->generic_reported ||
      a->prev_kw != b->prev_kw || a->prev_is_dot != b->prev_is_dot ||
      a->ll_import != b->ll_import || a->prev_kw_named != b->prev_kw_named ||
      a->ll_lax != b->ll_lax || a->ll_second != b->ll_second ||
      a->comma_reported != b->comma_reported || a->cond_paren != b->cond_paren ||
      a->ll_ntok != b->ll_ntok || a->ll_head != b->ll_head || a->ll_async != b->ll_async ||
      a->ll_last_kind_op != b->ll_last_kind_op || a->ll_last_col != b->ll_last_col)
    return false;
  /* the logical line's start, with the row of its first word */
  if (!S_pair_eq(cv, o_ll_start, a->ll_what_row, t->ll_start, b->ll_what_row)) return false;
  if (!S_pair_eq(cv, a->ll_last_end, a->ll_last_row, b->ll_last_end, b->ll_last_row))
    return false;
  /* token positions read again (rows: not kept, the row check is the line start's) */
  uint32_t any_row = 0;
  if (!S_pair_eq(cv, a->prev_end_at, any_row, b->prev_end_at, any_row) && a->ll_any)
    return false;
  if (a->prev_kw && !S_pair_eq(cv, a->prev_kw_at, any_row, b->prev_kw_at, any_row)) return false;
  if (a->prev_is_dot && !S_pair_eq(cv, a->prev_dot_at, any_row, b->prev_dot_at, any_row))
    return false;
  if (a->prev_name) {
    /* the word is read again: all of it on one side of the edit */
    if (a->prev_word_len != b->prev_word_len ||
        !S_pair_eq(cv, a->prev_word_at, any_row, b->prev_word_at, any_row) ||
        (a->prev_word_at < cv->start) != (a->prev_word_at + a->prev_word_len < cv->start))
      return false;
  }
  for (int k = 0; k < t->level; k++) {
    const tc_bracket *x = &o->br[k], *y = &t->br[k];
    if (x->ch != y->ch || x->len != y->len || x->col != y->col ||
        !S_pair_eq(cv, x->byte, x->row, y->byte, y->row) ||
        (x->byte < cv->start) != (x->byte + x->len < cv->start))
      return false;
  }
  for (int k = 0; k <= t->level; k++) {
    const tc_expr *x = &o->expr[k], *y = &t->expr[k];
    if (x->pending != y->pending) return false;
    if (!x->pending && (x->col != y->col || !S_pair_eq(cv, x->at, x->row, y->at, y->row)))
      return false;
  }
  return true;
}

/* The number of line breaks in s[from..to). */
static uint32_t S_breaks(const tc_tok *t, size_t from, size_t to) {
  uint32_t n = 0;
  for (size_t i = from; i < to && i < t->n; i++)
    n += t->s[i] == '\n' || (t->s[i] == '\r' && !(i + 1 < t->n && t->s[i + 1] == '\n'));
  return n;
}

/* True when the state at this line start is the old one at the same (shifted) place: the
 * rest of the text then gives the old errors, mapped. */
static bool S_converge(tc_tok *t, bool inside) {
  struct tc_conv *cv = t->conv;
  if (t->i < cv->min_pos) return false;
  while (cv->j < cv->nold && (int64_t)cv->old[cv->j].pos + cv->delta < (int64_t)t->i) cv->j++;
  if (cv->j >= cv->nold || (int64_t)cv->old[cv->j].pos + cv->delta != (int64_t)t->i) return false;
  const tc_cp *o = &cv->old[cv->j];
  if ((o->inner != S_NONE) != inside) return false;
  if (o->depth != t->depth || o->pending != t->pending) return false;
  for (int k = 0; k <= t->depth; k++)
    if (o->ind[k] != t->ind[k] || o->alt[k] != t->alt[k] || o->head[k] != t->head[k]) return false;
  cv->drow = (int64_t)t->row - (int64_t)o->row;
  cv->row_oe = cv->drow ? o->row - S_breaks(t, (size_t)cv->old_end + (size_t)cv->delta, t->i) : 0;
  if (t->pending && (o->pending_what != t->pending_what ||
                     !S_pair_eq(cv, o->ll_start, o->pending_row, t->ll_start, t->pending_row)))
    return false;
  if (inside && !S_inner_eq(cv, &cv->old_inner[o->inner], t, o->ll_start)) return false;
  t->converged = cv->j + 1;
  t->stop = true;
  return true;
}

/* A checkpoint here, if the last one is far enough. */
static void S_record(tc_tok *t, bool inside) {
  tc_incr *s = t->rec;
  if (!s || t->i >= t->n || t->depth >= TC_CP_DEPTH || t->level > TC_CP_LEVEL) return;
  if (s->ncp > 0 && t->i - s->cps[s->ncp - 1].pos < (s->spacing ? s->spacing : TC_CP_BYTES))
    return;
  tc_cp cp = {.pos = (uint32_t)t->i, .row = t->row, .n_err = (uint32_t)t->out->count,
              .n_mark = (uint32_t)t->out->mark_count, .n_lax = (uint32_t)t->out->lax_count,
              .ll_start = (uint32_t)t->ll_start, .pending_row = t->pending_row,
              .inner = S_NONE, .pending_what = t->pending_what,
              .depth = (unsigned char)t->depth, .pending = t->pending};
  for (int k = 0; k <= t->depth; k++) {
    cp.ind[k] = t->ind[k];
    cp.alt[k] = t->alt[k];
    cp.head[k] = t->head[k];
  }
  if (inside) {
    S_inner in;
    memset(&in, 0, sizeof in);
    in.ln = t->ln;
    in.ll_end = S_NONE;
    in.level = t->level;
    memcpy(in.br, t->br, (size_t)t->level * sizeof *in.br);
    memcpy(in.expr, t->expr, (size_t)(t->level + 1) * sizeof *in.expr);
    cp.inner = (uint32_t)s->ninner;
    S_append_any((void **)&s->inner, &s->ninner, &s->icap, sizeof in, &in, 1);
  }
  S_cp_push(s, &cp);
}

/* A line start outside brackets and continuations: the logical line's state is reset (it is
 * all written before it is read), then the update may stop here, or a checkpoint is kept. */
static void S_clean_line(tc_tok *t) {
  memset(&t->ln, 0, sizeof t->ln);
  memset(&t->expr[0], 0, sizeof t->expr[0]);
  if (t->conv && S_converge(t, false)) return;
  S_record(t, false);
}

/* A line start inside brackets (not after a continuation). */
static void S_inner_line(tc_tok *t) {
  if (t->conv && S_converge(t, true)) return;
  S_record(t, true);
}

/* The logical line ends at t->i: the checkpoints inside it learn where. */
static void S_line_ended(tc_tok *t) {
  tc_incr *s = t->rec;
  if (!s) return;
  for (size_t k = s->ncp; k-- > 0 && s->cps[k].inner != S_NONE && s->cps[k].pos > t->ll_start;)
    s->inner[s->cps[k].inner].ll_end = (uint32_t)t->i;
}

/* The pass from t->i, a line start outside brackets and continuations, to the end of the
 * text, an error that stops it, or convergence with an old checkpoint (t->converged). */
static void tc__run(tc_tok *t) {
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
        if (t->level > 0 && !cont && (t->conv || t->rec)) {
          S_inner_line(t);
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

int tc_check(const char *src, size_t len, tc_errors *out) {
  tc_tok *t = xcalloc(1, sizeof *t);
  t->s = (const unsigned char *)src;
  t->n = len;
  t->out = out;
  /* A byte-order mark at the start is allowed. */
  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) t->i = t->line_start = 3;
  tc__run(t);
  free(t);
  return 0;
}

void tc_errors_clear(tc_errors *e) {
  free(e->items);
  free(e->marks);
  free(e->lax);
  memset(e, 0, sizeof *e);
}

bool tc_is_keyword(const char *s, size_t n) { return tc__keyword((const unsigned char *)s, n) != NULL; }

tc_incr *tc_incr_new(void) { return xcalloc(1, sizeof(tc_incr)); }

static void S_incr_reset(tc_incr *s) {
  size_t spacing = s->spacing;
  tc_errors_clear(&s->e);
  free(s->cps);
  s->cps = NULL;
  s->ncp = s->cap = 0;
  free(s->inner);
  s->inner = NULL;
  s->ninner = s->icap = 0;
  s->len = 0;
  s->valid = false;
  s->spacing = spacing;
}

void tc_incr_free(tc_incr *s) {
  if (!s) return;
  S_incr_reset(s);
  free(s);
}

const tc_errors *tc_incr_errors(const tc_incr *s) { return &s->e; }

void tc_incr_set_spacing(tc_incr *s, size_t bytes) { s->spacing = bytes; }

size_t tc_incr_read(const tc_incr *s) { return s->read; }

int tc_incr_check(tc_incr *s, const char *src, size_t len) {
  S_incr_reset(s);
  tc_tok *t = xcalloc(1, sizeof *t);
  t->s = (const unsigned char *)src;
  t->n = len;
  t->out = &s->e;
  t->rec = s;
  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) t->i = t->line_start = 3;
  tc__run(t);
  free(t);
  s->read = len;
  s->len = len;
  s->valid = true;
  return 0;
}

/* Appends the checkpoint `cp` of `from` (with its inner state) to `to`, mapped by `cv` when
 * not NULL. */
static void S_cp_copy(tc_incr *to, const tc_incr *from, const tc_cp *cp, const struct tc_conv *cv) {
  tc_cp x = *cp;
  if (cp->inner != S_NONE) {
    S_inner in = from->inner[cp->inner];
    if (cv) {
      tc_line *l = &in.ln;
      l->ll_last_end = S_map_pos(cv, (uint32_t)l->ll_last_end);
      l->prev_kw_at = S_map_pos(cv, (uint32_t)l->prev_kw_at);
      l->prev_dot_at = S_map_pos(cv, (uint32_t)l->prev_dot_at);
      l->prev_end_at = S_map_pos(cv, (uint32_t)l->prev_end_at);
      l->prev_word_at = S_map_pos(cv, (uint32_t)l->prev_word_at);
      l->ll_what_row = S_map_row(cv, l->ll_what_row);
      l->ll_last_row = S_map_row(cv, l->ll_last_row);
      if (in.ll_end != S_NONE) in.ll_end = S_map_pos(cv, in.ll_end);
      for (int k = 0; k < in.level; k++) {
        in.br[k].byte = S_map_pos(cv, in.br[k].byte);
        in.br[k].row = S_map_row(cv, in.br[k].row);
      }
      for (int k = 0; k <= in.level; k++) {
        in.expr[k].at = S_map_pos(cv, (uint32_t)in.expr[k].at);
        in.expr[k].row = S_map_row(cv, in.expr[k].row);
      }
    }
    x.inner = (uint32_t)to->ninner;
    S_append_any((void **)&to->inner, &to->ninner, &to->icap, sizeof in, &in, 1);
  }
  if (cv) {
    x.pos = S_map_pos(cv, x.pos);
    x.row = S_map_row(cv, x.row);
    x.ll_start = S_map_pos(cv, x.ll_start);
    x.pending_row = S_map_row(cv, x.pending_row);
  }
  S_cp_push(to, &x);
}

int tc_incr_update(tc_incr *s, const char *src, size_t len, uint32_t start, uint32_t old_end,
                   uint32_t new_end) {
  if (!s->valid || start > old_end || start > new_end || old_end > s->len || new_end > len ||
      s->len - old_end != len - new_end || s->ncp == 0)
    return tc_incr_check(s, src, len);
  /* The last checkpoint before the edit: the bytes it depends on (up to its own first byte,
   * which decides whether a '\r' before it ends the line) are all before the edit. */
  size_t lo = 0, hi = s->ncp;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (s->cps[mid].pos < start) lo = mid + 1;
    else hi = mid;
  }
  if (start == old_end && old_end == new_end && len == s->len) {
    s->read = 0; /* nothing changed */
    return 0;
  }
  if (lo == 0) return tc_incr_check(s, src, len);
  size_t c = lo - 1;
  const tc_cp *cp = &s->cps[c];
  int64_t delta = (int64_t)new_end - (int64_t)old_end;
  tc_incr old = *s;
  tc_incr nw = {.spacing = s->spacing};
  struct tc_conv conv = {.old = old.cps, .old_inner = old.inner, .nold = old.ncp, .j = c + 1,
                        .min_pos = (size_t)new_end + 1, .start = start, .old_end = old_end,
                        .delta = delta};
  /* what maps the prefix: positions after the edit (a logical line's end) shift */
  struct tc_conv shift = conv;
  tc_tok *t = xcalloc(1, sizeof *t);
  /* What was found before the checkpoint stays; an error that runs to the end of the text
   * (stmt_end at its length) runs to the new end. */
  S_append_any((void **)&nw.e.items, &nw.e.count, &nw.e.cap, sizeof(tc_error), old.e.items,
               cp->n_err);
  S_append_any((void **)&nw.e.marks, &nw.e.mark_count, &nw.e.mark_cap, sizeof(uint32_t),
               old.e.marks, cp->n_mark);
  S_append_any((void **)&nw.e.lax, &nw.e.lax_count, &nw.e.lax_cap, sizeof(uint32_t), old.e.lax,
               cp->n_lax);
  for (size_t k = 0; k <= c; k++) {
    S_cp_copy(&nw, &old, &old.cps[k], NULL);
    /* a logical line that ended after the edit ends there, shifted (or is read again) */
    if (old.cps[k].inner != S_NONE) {
      S_inner *in = &nw.inner[nw.ninner - 1];
      if (in->ll_end != S_NONE) in->ll_end = S_map_pos(&shift, in->ll_end);
    }
  }
  for (size_t k = 0; k < nw.e.count; k++)
    if (nw.e.items[k].stmt_end == old.len) nw.e.items[k].stmt_end = (uint32_t)len;
  if (cp->inner != S_NONE) {
    /* The errors of the logical line read so far were given its end when the old pass met
     * it: they wait for it again (only those patched then hold that value). */
    const S_inner *in = &old.inner[cp->inner];
    if (in->ll_end != S_NONE)
      for (size_t k = in->ln.ll_first_error; k < nw.e.count; k++)
        if (nw.e.items[k].stmt_end == in->ll_end) nw.e.items[k].stmt_end = (uint32_t)len;
  }
  t->s = (const unsigned char *)src;
  t->n = len;
  t->out = &nw.e;
  t->rec = &nw;
  t->conv = &conv;
  t->i = t->line_start = cp->pos;
  t->row = cp->row;
  t->ll_start = cp->ll_start;
  t->depth = cp->depth;
  for (int k = 0; k <= cp->depth; k++) {
    t->ind[k] = cp->ind[k];
    t->alt[k] = cp->alt[k];
    t->head[k] = cp->head[k];
  }
  t->pending = cp->pending;
  t->pending_what = cp->pending_what;
  t->pending_row = cp->pending_row;
  if (cp->inner != S_NONE) {
    const S_inner *in = &old.inner[cp->inner];
    t->ln = in->ln;
    t->level = in->level;
    memcpy(t->br, in->br, (size_t)in->level * sizeof *t->br);
    memcpy(t->expr, in->expr, (size_t)(in->level + 1) * sizeof *t->expr);
  }
  tc__run(t);
  nw.read = t->i - cp->pos;
  if (!t->converged && t->ln.ll_any) {
    /* the logical line never ends: no checkpoint in it knows an end */
    for (size_t k = nw.ncp; k-- > 0 && nw.cps[k].inner != S_NONE && nw.cps[k].pos > t->ll_start;)
      nw.inner[nw.cps[k].inner].ll_end = S_NONE;
  }
  if (t->converged) {
    /* The old errors from the checkpoint met on, mapped. */
    size_t j = t->converged - 1;
    const tc_cp *o = &old.cps[j];
    size_t e0 = nw.e.count, m0 = nw.e.mark_count, x0 = nw.e.lax_count, c0 = nw.ncp;
    if (o->inner != S_NONE) {
      /* the logical line met there ends where it did: its errors so far span to there */
      uint32_t end = old.inner[o->inner].ll_end;
      uint32_t mapped = end != S_NONE ? S_map_pos(&conv, end) : S_NONE;
      if (end != S_NONE)
        for (size_t k = t->ln.ll_first_error; k < e0; k++)
          if (nw.e.items[k].stmt_end == len) nw.e.items[k].stmt_end = mapped;
      /* and so do the checkpoints read in it since the restart */
      for (size_t k = c0; k-- > 0 && nw.cps[k].inner != S_NONE && nw.cps[k].pos > t->ll_start;)
        nw.inner[nw.cps[k].inner].ll_end = mapped;
    }
    S_append_any((void **)&nw.e.items, &nw.e.count, &nw.e.cap, sizeof(tc_error),
                 old.e.items + o->n_err, old.e.count - o->n_err);
    S_append_any((void **)&nw.e.marks, &nw.e.mark_count, &nw.e.mark_cap, sizeof(uint32_t),
                 old.e.marks + o->n_mark, old.e.mark_count - o->n_mark);
    S_append_any((void **)&nw.e.lax, &nw.e.lax_count, &nw.e.lax_cap, sizeof(uint32_t),
                 old.e.lax + o->n_lax, old.e.lax_count - o->n_lax);
    for (size_t k = j; k < old.ncp; k++) S_cp_copy(&nw, &old, &old.cps[k], &conv);
    for (size_t k = e0; k < nw.e.count; k++) {
      tc_error *x = &nw.e.items[k];
      x->byte = S_map_pos(&conv, x->byte);
      x->end_byte = S_map_pos(&conv, x->end_byte);
      x->order_byte = S_map_pos(&conv, x->order_byte);
      x->stmt_start = S_map_pos(&conv, x->stmt_start);
      x->stmt_end = S_map_pos(&conv, x->stmt_end);
      x->row = S_map_row(&conv, x->row);
      /* other_row is set by these kinds only (0 in the others) */
      if (x->kind == TC_EXPECTED_INDENT || x->kind == TC_MISMATCHED_BRACKET ||
          x->kind == TC_UNTERMINATED_STRING || x->kind == TC_UNTERMINATED_TRIPLE)
        x->other_row = S_map_row(&conv, x->other_row);
    }
    for (size_t k = m0; k < nw.e.mark_count; k++) nw.e.marks[k] = S_map_pos(&conv, nw.e.marks[k]);
    for (size_t k = x0; k < nw.e.lax_count; k++) nw.e.lax[k] = S_map_pos(&conv, nw.e.lax[k]);
    for (size_t k = c0; k < nw.ncp; k++) {
      tc_cp *x = &nw.cps[k];
      x->n_err = (uint32_t)(x->n_err - o->n_err + e0);
      x->n_mark = (uint32_t)(x->n_mark - o->n_mark + m0);
      x->n_lax = (uint32_t)(x->n_lax - o->n_lax + x0);
      if (x->inner != S_NONE) {
        tc_line *l = &nw.inner[x->inner].ln;
        l->ll_first_error = l->ll_first_error >= o->n_err ? l->ll_first_error - o->n_err + e0
                                                          : t->ln.ll_first_error;
      }
    }
  }
  free(t);
  S_incr_reset(&old);
  nw.len = len;
  nw.valid = true;
  *s = nw;
  return 0;
}
