#include "xalloc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

static _Noreturn void S_die(size_t n) {
  /* fprintf may itself need memory; a fixed message through fputs needs none. */
  char line[80];
  snprintf(line, sizeof line, "pylore: out of memory (asked for %zu bytes)\n", n);
  fputs(line, stderr);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) S_die(n);
  return p;
}

void *xcalloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) S_die(SIZE_MAX);
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p) S_die(count * size);
  return p;
}

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) S_die(n);
  return q;
}

void *xreallocarray(void *p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) S_die(SIZE_MAX);
  return xrealloc(p, count * size);
}

char *xstrndup(const char *s, size_t n) {
  char *d = xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

void xalloc_init(void) {
  json_set_alloc_funcs(xmalloc, free);
  ts_set_allocator(xmalloc, xcalloc, xrealloc, free);
}
