#include "hintlabel.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "scope.h"

/* A piece of code quoted in a label is cut after this many characters, and a label after
 * S_MAX_LABEL: a hint is read at a glance. */
#define S_MAX_PIECE 20
#define S_MAX_LABEL 60
#define S_MAX_NAMES 4

static const char *const S_placeholders[] = {"captures", "applied", "decorators", "chain",
                                             "parenthesised"};

typedef struct {
  char *p;
  size_t n, cap;
  size_t chars; /* characters written */
  bool full;
} S_buf;

static bool S_is(TSNode n, const char *t) { return strcmp(ts_node_type(n), t) == 0; }

/* Appends one UTF-8 character (or byte) unless the label is full. */
static void S_putc(S_buf *b, const char *s, size_t k) {
  if (b->full) return;
  if (b->chars >= S_MAX_LABEL - 1 || b->n + k + 4 >= b->cap) {
    if (b->n + 4 < b->cap) {
      memcpy(b->p + b->n, "\xE2\x80\xA6", 3);
      b->n += 3;
    }
    b->full = true;
    return;
  }
  memcpy(b->p + b->n, s, k);
  b->n += k;
  b->chars++;
}

static size_t S_charlen(unsigned char c) {
  return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

static void S_puts(S_buf *b, const char *s) {
  for (size_t i = 0; s[i];) {
    size_t k = S_charlen((unsigned char)s[i]);
    if (strnlen(s + i, k) < k) k = 1;
    S_putc(b, s + i, k);
    i += k;
  }
}

/* Appends the code of [a, b) on one line: whitespace runs become one space, comments are
 * left out, and more than `max` characters end in "…". */
static void S_code(S_buf *out, const char *src, size_t len, uint32_t a, uint32_t b, size_t max) {
  if (b > len) b = (uint32_t)len;
  size_t n = 0;
  char quote = 0;
  bool space = false;
  for (uint32_t i = a; i < b;) {
    char c = src[i];
    if (!quote && c == '#') {
      while (i < b && src[i] != '\n') i++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
      if (quote && c != '\n') {
        /* inside a string the text is kept as it is */
      } else {
        space = n > 0;
        i++;
        continue;
      }
    }
    if (c == '"' || c == '\'') {
      if (!quote) quote = c;
      else if (quote == c) quote = 0;
    }
    if (space) {
      if (n++ >= max) break;
      S_putc(out, " ", 1);
      space = false;
    }
    size_t k = S_charlen((unsigned char)c);
    if (i + k > b) k = 1;
    if (n++ >= max) {
      S_putc(out, "\xE2\x80\xA6", 3);
      return;
    }
    S_putc(out, src + i, k);
    i += (uint32_t)k;
  }
}

static void S_node_code(S_buf *out, TSNode n, const char *src, size_t len, size_t max) {
  S_code(out, src, len, ts_node_start_byte(n), ts_node_end_byte(n), max);
}

/* `n` or the closest of its few nearest ancestors of type t; a null node when none. */
static TSNode S_up_to(TSNode n, const char *t, int levels) {
  for (int i = 0; i <= levels && !ts_node_is_null(n); i++, n = ts_node_parent(n))
    if (S_is(n, t)) return n;
  TSNode none;
  memset(&none, 0, sizeof none);
  return none;
}

static bool S_captures(S_buf *out, TSNode n, const char *src, size_t len, scope_memo *memo) {
  TSNode def = S_up_to(n, "function_definition", 1);
  if (ts_node_is_null(def)) return false;
  scope_name names[S_MAX_NAMES];
  size_t count = scope_free_variables(def, src, len, memo, names, S_MAX_NAMES);
  if (!count) return false;
  for (size_t i = 0; i < count && i < S_MAX_NAMES; i++) {
    if (i) S_puts(out, ", ");
    S_code(out, src, len, names[i].start, names[i].start + names[i].len, S_MAX_PIECE);
  }
  if (count > S_MAX_NAMES) S_puts(out, ", \xE2\x80\xA6");
  return true;
}

/* A decorator's expression, a long call shortened to `name(…)`. */
static void S_decorator(S_buf *out, TSNode d, const char *src, size_t len) {
  TSNode e = ts_node_named_child(d, 0);
  if (ts_node_is_null(e)) return;
  if (S_is(e, "call") && ts_node_end_byte(e) - ts_node_start_byte(e) > S_MAX_PIECE) {
    TSNode f = ts_node_child_by_field_name(e, "function", 8);
    if (!ts_node_is_null(f)) {
      S_node_code(out, f, src, len, S_MAX_PIECE);
      S_puts(out, "(\xE2\x80\xA6)");
      return;
    }
  }
  S_node_code(out, e, src, len, S_MAX_PIECE);
}

static bool S_decorated(S_buf *out, TSNode n, const char *src, size_t len, bool count_only) {
  TSNode dd = S_up_to(n, "decorated_definition", 3);
  if (ts_node_is_null(dd)) return false;
  uint32_t count = 0;
  for (uint32_t i = 0; i < ts_node_named_child_count(dd); i++)
    if (S_is(ts_node_named_child(dd, i), "decorator")) count++;
  if (count == 0) return false;
  if (count_only) {
    char num[16];
    snprintf(num, sizeof num, "%u", count);
    S_puts(out, num);
    return true;
  }
  TSNode def = ts_node_child_by_field_name(dd, "definition", 10);
  TSNode name = ts_node_is_null(def) ? def : ts_node_child_by_field_name(def, "name", 4);
  if (ts_node_is_null(name)) return false;
  for (uint32_t i = 0; i < ts_node_named_child_count(dd); i++) {
    TSNode d = ts_node_named_child(dd, i);
    if (!S_is(d, "decorator")) continue;
    S_decorator(out, d, src, len);
    S_puts(out, "(");
  }
  S_node_code(out, name, src, len, S_MAX_PIECE);
  for (uint32_t i = 0; i < count; i++) S_puts(out, ")");
  return true;
}

/* `a < b < c` as `a < b and b < c`: operands are the named children, the operator of each
 * link the anonymous tokens between two of them (`not in` and `is not` are two). */
static bool S_chain(S_buf *out, TSNode n, const char *src, size_t len) {
  TSNode cmp = S_up_to(n, "comparison_operator", 1);
  if (ts_node_is_null(cmp) || ts_node_named_child_count(cmp) < 3) return false;
  uint32_t count = ts_node_child_count(cmp);
  TSNode prev;
  memset(&prev, 0, sizeof prev);
  uint32_t op_a = 0, op_b = 0;
  bool first_link = true;
  for (uint32_t i = 0; i < count; i++) {
    TSNode c = ts_node_child(cmp, i);
    if (S_is(c, "comment")) continue;
    if (!ts_node_is_named(c)) {
      if (op_a == op_b) op_a = ts_node_start_byte(c);
      op_b = ts_node_end_byte(c);
      continue;
    }
    if (!ts_node_is_null(prev)) {
      if (!first_link) S_puts(out, " and ");
      S_node_code(out, prev, src, len, S_MAX_PIECE);
      S_puts(out, " ");
      S_code(out, src, len, op_a, op_b, S_MAX_PIECE);
      S_puts(out, " ");
      S_node_code(out, c, src, len, S_MAX_PIECE);
      first_link = false;
    }
    prev = c;
    op_a = op_b = 0;
  }
  return !first_link;
}

/* A conditional expression, the conditional expressions directly inside it in parentheses
 * (three levels; deeper ones become "…"). */
static void S_conditional(S_buf *out, TSNode n, const char *src, size_t len, int depth) {
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; i++) {
    TSNode c = ts_node_child(n, i);
    if (S_is(c, "comment")) continue;
    if (i) S_puts(out, " ");
    if (S_is(c, "conditional_expression")) {
      S_puts(out, "(");
      if (depth < 3)
        S_conditional(out, c, src, len, depth + 1);
      else
        S_puts(out, "\xE2\x80\xA6");
      S_puts(out, ")");
    } else {
      S_node_code(out, c, src, len, S_MAX_PIECE);
    }
  }
}

static bool S_parenthesised(S_buf *out, TSNode n, const char *src, size_t len) {
  TSNode ce = S_up_to(n, "conditional_expression", 1);
  if (ts_node_is_null(ce)) return false;
  bool nested = false;
  for (uint32_t i = 0; i < ts_node_named_child_count(ce); i++)
    if (S_is(ts_node_named_child(ce, i), "conditional_expression")) nested = true;
  if (!nested) return false;
  S_conditional(out, ce, src, len, 1);
  return true;
}

/* The alternative `alt` of value: [*a, *b). False when there is none. */
static bool S_alternative(const char *value, unsigned alt, const char **a, const char **b) {
  if (!value || alt == 0) return false;
  const char *s = value;
  for (unsigned i = 1;; i++) {
    const char *bar = strstr(s, " | ");
    const char *e = bar ? bar : s + strlen(s);
    if (i == alt) {
      while (*s == ' ') s++;
      while (e > s && e[-1] == ' ') e--;
      *a = s;
      *b = e;
      return e > s;
    }
    if (!bar) return false;
    s = bar + 3;
  }
}

unsigned hintlabel_alternatives(const char *value) {
  if (!value || !*value) return 0;
  unsigned n = 1;
  for (const char *s = strstr(value, " | "); s; s = strstr(s + 3, " | ")) n++;
  return n;
}

static int S_placeholder(const char *a, size_t n) {
  for (size_t i = 0; i < sizeof S_placeholders / sizeof *S_placeholders; i++)
    if (strlen(S_placeholders[i]) == n && strncmp(S_placeholders[i], a, n) == 0) return (int)i;
  return -1;
}

int hintlabel_check(const char *value, char *err, size_t errlen) {
  for (const char *s = value ? strchr(value, '{') : NULL; s; s = strchr(s + 1, '{')) {
    const char *e = strchr(s, '}');
    if (!e || S_placeholder(s + 1, (size_t)(e - s - 1)) < 0) {
      snprintf(err, errlen, "unknown hint placeholder `%.*s` (known: {captures}, {applied}, "
               "{decorators}, {chain}, {parenthesised})",
               e ? (int)(e - s + 1) : 1, s);
      return -1;
    }
  }
  return 0;
}

int hintlabel_is_template(const char *value, unsigned alt) {
  const char *a, *b;
  if (!S_alternative(value, alt, &a, &b)) return 0;
  return memchr(a, '{', (size_t)(b - a)) != NULL;
}

size_t hintlabel_expand(const char *value, unsigned alt, TSNode node, const char *src,
                        size_t len, scope_memo *memo, char *out, size_t cap) {
  if (cap == 0) return 0;
  out[0] = '\0';
  const char *a, *b;
  if (cap < 8 || !S_alternative(value, alt, &a, &b)) return 0;
  S_buf buf = {.p = out, .cap = cap};
  for (const char *s = a; s < b;) {
    const char *e = *s == '{' ? memchr(s, '}', (size_t)(b - s)) : NULL;
    int ph = e ? S_placeholder(s + 1, (size_t)(e - s - 1)) : -1;
    if (ph < 0) {
      size_t k = S_charlen((unsigned char)*s);
      if (s + k > b) k = 1;
      S_putc(&buf, s, k);
      s += k;
      continue;
    }
    bool ok = !ts_node_is_null(node);
    if (ok) {
      switch (ph) {
      case 0: ok = S_captures(&buf, node, src, len, memo); break;
      case 1: ok = S_decorated(&buf, node, src, len, false); break;
      case 2: ok = S_decorated(&buf, node, src, len, true); break;
      case 3: ok = S_chain(&buf, node, src, len); break;
      default: ok = S_parenthesised(&buf, node, src, len); break;
      }
    }
    if (!ok) {
      out[0] = '\0';
      return 0;
    }
    s = e + 1;
  }
  out[buf.n] = '\0';
  return buf.n;
}
