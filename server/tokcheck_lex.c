/* tokcheck_lex: the tokens the pass (tokcheck.c) hands over to be read: characters (UTF-8,
 * identifier characters, full-width punctuation), keywords, strings with their f-string
 * replacement fields, numbers. See tokcheck_internal.h. */
#include "tokcheck_internal.h"

#include <stddef.h>
#include <string.h>

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
const char *tc__keyword(const unsigned char *s, size_t n) {
  if (n < 2 || n > 8) return NULL;
  for (size_t i = 0; S_keywords[i]; i++)
    if ((unsigned char)S_keywords[i][0] == s[0] &&
        strncmp((const char *)s, S_keywords[i], n) == 0 && S_keywords[i][n] == '\0')
      return S_keywords[i];
  return NULL;
}

bool tc_is_keyword(const char *s, size_t n) { return tc__keyword((const unsigned char *)s, n) != NULL; }

bool tc__is_prefix(const unsigned char *p, size_t n) {
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
int tc__string(tc_tok *t, bool fmt, int depth, size_t outer, uint32_t orow, uint32_t ocol) {
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
size_t tc__number(const tc_tok *t, size_t a) {
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
