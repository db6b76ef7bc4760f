#include "udiff.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *s;
  size_t n; /* with the terminator */
} S_line;

static S_line *S_split(const char *t, size_t len, size_t *count) {
  size_t cap = 16, n = 0;
  S_line *v = xmalloc(cap * sizeof *v);
  for (size_t i = 0; i < len;) {
    size_t j = i;
    while (j < len && t[j] != '\n') j++;
    if (j < len) j++;
    if (n == cap) v = xreallocarray(v, cap *= 2, sizeof *v);
    v[n++] = (S_line){t + i, j - i};
    i = j;
  }
  *count = n;
  return v;
}

static bool S_eq(const S_line *a, const S_line *b) {
  return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

typedef enum { S_KEEP, S_DEL, S_ADD } S_op;

/* Myers' greedy forward search, keeping each round's frontier to walk back the path. Fills
 * ops (room for n + m) in order; returns how many. */
static long S_script(const S_line *a, long n, const S_line *b, long m, S_op *ops) {
  long max = n + m, off = max + 1;
  long *v = xcalloc((size_t)(2 * max + 3), sizeof *v);
  long **trace = xcalloc((size_t)max + 2, sizeof *trace);
  long d_end = -1;
  for (long d = 0; d <= max && d_end < 0; d++) {
    trace[d] = xmalloc((size_t)(2 * d + 1) * sizeof **trace);
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                        : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && S_eq(&a[x], &b[y])) x++, y++;
      v[off + k] = x;
      if (x >= n && y >= m) d_end = d;
    }
    for (long k = -d; k <= d; k++) trace[d][k + d] = v[off + k];
  }
  /* Walk back from (n, m), writing ops from the end (the search ends by round n + m). */
  long x = n, y = m, w = n + m;
  for (long d = d_end; d > 0; d--) {
    const long *pv = trace[d - 1]; /* the frontier after round d - 1, k in [-(d-1), d-1] */
    long k = x - y;
    bool down = k == -d || (k != d && pv[k - 1 + d - 1] < pv[k + 1 + d - 1]);
    long pk = down ? k + 1 : k - 1;
    long px = pv[pk + d - 1], py = px - pk;
    while (x > px && y > py && !(down ? x == px : y == py)) ops[--w] = S_KEEP, x--, y--;
    if (down) ops[--w] = S_ADD, y--;
    else ops[--w] = S_DEL, x--;
  }
  while (x > 0 && y > 0) ops[--w] = S_KEEP, x--, y--;
  long count = n + m - w;
  memmove(ops, ops + w, (size_t)count * sizeof *ops);
  for (long d = 0; d <= d_end; d++) free(trace[d]);
  free(trace);
  free(v);
  return count;
}

static void S_line_out(strbuf *b, char mark, const S_line *l) {
  strbuf_put(b, &mark, 1);
  strbuf_put(b, l->s, l->n);
  static const char no_eol[] = "\n\\ No newline at end of file\n";
  if (l->n == 0 || l->s[l->n - 1] != '\n') strbuf_put(b, no_eol, sizeof no_eol - 1);
}

#define S_CONTEXT 3

char *udiff_unified(const char *ta, size_t alen, const char *tb, size_t blen, const char *name_a,
                    const char *name_b) {
  size_t n = 0, m = 0;
  S_line *a = S_split(ta, alen, &n), *b = S_split(tb, blen, &m);
  S_op *ops = xmalloc((n + m + 1) * sizeof *ops);
  strbuf out = {0};
  long count = S_script(a, (long)n, b, (long)m, ops);
  bool header = false;
  /* Hunks: runs of changes joined when fewer than 2 * context lines keep between them. */
  for (long i = 0; i < count;) {
    if (ops[i] == S_KEEP) {
      i++;
      continue;
    }
    long start = i - S_CONTEXT < 0 ? 0 : i - S_CONTEXT, end = i;
    while (end < count) {
      if (ops[end] != S_KEEP) {
        end++;
        continue;
      }
      long run = end;
      while (run < count && ops[run] == S_KEEP) run++;
      if (run == count || run - end > 2 * S_CONTEXT) {
        end = end + S_CONTEXT < run ? end + S_CONTEXT : run;
        break;
      }
      end = run;
    }
    /* Line numbers where the hunk starts in each text. */
    long ax = 0, by = 0;
    for (long j = 0; j < start; j++) {
      if (ops[j] != S_ADD) ax++;
      if (ops[j] != S_DEL) by++;
    }
    long acount = 0, bcount = 0;
    for (long j = start; j < end; j++) {
      if (ops[j] != S_ADD) acount++;
      if (ops[j] != S_DEL) bcount++;
    }
    if (!header) {
      strbuf_put(&out, "--- ", 4);
      strbuf_put(&out, name_a, strlen(name_a));
      strbuf_put(&out, "\n+++ ", 5);
      strbuf_put(&out, name_b, strlen(name_b));
      strbuf_put(&out, "\n", 1);
      header = true;
    }
    char h[96];
    int hl = snprintf(h, sizeof h, "@@ -%ld,%ld +%ld,%ld @@\n", acount ? ax + 1 : ax, acount,
                      bcount ? by + 1 : by, bcount);
    strbuf_put(&out, h, (size_t)hl);
    long x = ax, y = by;
    for (long j = start; j < end; j++) {
      if (ops[j] == S_KEEP) S_line_out(&out, ' ', &a[x++]), y++;
      else if (ops[j] == S_DEL) S_line_out(&out, '-', &a[x++]);
      else S_line_out(&out, '+', &b[y++]);
    }
    i = end;
  }
  free(a);
  free(b);
  free(ops);
  /* Not strbuf_finish: a diff's trailing newline is part of it. */
  if (!out.s) out.s = xcalloc(1, 1);
  return out.s;
}
