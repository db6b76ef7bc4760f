#include "sexp.h"

const char *sexp_skip_space(const char *t) {
  for (;;) {
    while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') t++;
    if (*t != ';') return t;
    while (*t && *t != '\n') t++;
  }
}

/* Skips one balanced (...) or [...] group or "string" starting at t. */
const char *sexp_skip_group(const char *t) {
  int depth = 0;
  do {
    if (*t == '"') {
      for (t++; *t && *t != '"'; t++)
        if (*t == '\\' && t[1]) t++;
    } else if (*t == ';') {
      while (*t && *t != '\n') t++;
      continue;
    } else if (*t == '(' || *t == '[') {
      depth++;
    } else if (*t == ')' || *t == ']') {
      depth--;
    }
    if (*t) t++;
  } while (*t && depth > 0);
  return t;
}

/* Records the root(s) of the node pattern at t; returns false when it cannot tell. */
bool sexp_pattern_roots(const char *t, sexp_add_fn add, void *ctx) {
  t = sexp_skip_space(t);
  if (*t == '"') {
    const char *e = t + 1;
    while (*e && *e != '"') e += (*e == '\\' && e[1]) ? 2 : 1;
    return add(ctx, t + 1, (size_t)(e - t - 1)) == 0;
  }
  if (*t == '[') {
    for (t = sexp_skip_space(t + 1); *t && *t != ']'; t = sexp_skip_space(t)) {
      if (*t != '(' && *t != '"' && *t != '[') return false;
      if (!sexp_pattern_roots(t, add, ctx)) return false;
      t = sexp_skip_group(t);
      /* captures and quantifiers after an alternative */
      for (t = sexp_skip_space(t); *t == '@' || *t == '?' || *t == '*' || *t == '+';
           t = sexp_skip_space(t)) {
        t++;
        while (*t && *t != ' ' && *t != '\n' && *t != ')' && *t != ']' && *t != '(' && *t != '[')
          t++;
      }
    }
    return *t == ']';
  }
  if (*t != '(') return false;
  const char *inner = sexp_skip_space(t + 1);
  if (*inner == '(' || *inner == '[' || *inner == '"') {
    /* A grouping: rooted only if it holds one node (then captures and predicates). */
    if (!sexp_pattern_roots(inner, add, ctx)) return false;
    const char *after = sexp_skip_space(sexp_skip_group(inner));
    while (*after == '@' || *after == '?' || *after == '*' || *after == '+') {
      after++;
      while (*after && *after != ' ' && *after != '\n' && *after != ')' && *after != '(') after++;
      after = sexp_skip_space(after);
    }
    /* Only predicates may follow; another node would make a sequence of siblings. */
    while (*after == '(' && *sexp_skip_space(after + 1) == '#') after = sexp_skip_space(sexp_skip_group(after));
    return *after == ')';
  }
  size_t n = 0;
  while (inner[n] && (inner[n] == '_' || inner[n] == '.' || (inner[n] >= 'a' && inner[n] <= 'z') ||
                      (inner[n] >= 'A' && inner[n] <= 'Z') || (inner[n] >= '0' && inner[n] <= '9')))
    n++;
  if (n == 0 || (n == 1 && inner[0] == '_')) return false;
  return add(ctx, inner, n) == 0;
}
