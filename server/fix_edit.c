/* The edit lists of fixes: building, combining (fix_add_group) and applying (fix_apply). */
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "fix_internal.h"
#include "xalloc.h"

void fix_edits_clear(fix_edits *e) {
  for (size_t i = 0; i < e->count; i++) free(e->items[i].text);
  free(e->items);
  memset(e, 0, sizeof *e);
}

char *fix__take(strbuf *b) { return b->s ? b->s : xcalloc(1, 1); }

void fix__edit(fix_edits *out, uint32_t start, uint32_t end, char *text) {
  if (out->count == out->cap) {
    out->cap = out->cap ? out->cap * 2 : 8;
    out->items = xreallocarray(out->items, out->cap, sizeof *out->items);
  }
  out->items[out->count++] = (fix_edit){start, end, text};
}

void fix__edit_str(fix_edits *out, uint32_t start, uint32_t end, const char *s) {
  fix__edit(out, start, end, xstrdup(s));
}

/* ---- combining and applying ---- */

static bool S_conflict(const fix_edit *a, const fix_edit *b) {
  uint32_t lo = a->start > b->start ? a->start : b->start;
  uint32_t hi = a->end < b->end ? a->end : b->end;
  /* An insertion touching another edit is ambiguous in order, so it conflicts too. */
  if (a->start == a->end || b->start == b->end) return lo <= hi;
  return lo < hi;
}

static bool S_same(const fix_edit *a, const fix_edit *b) {
  return a->start == b->start && a->end == b->end && strcmp(a->text, b->text) == 0;
}

bool fix_add_group(fix_edits *total, fix_edits *group) {
  bool added = true;
  for (size_t i = 0; i < group->count && added; i++) {
    for (size_t j = 0; j < total->count; j++) {
      if (S_same(&group->items[i], &total->items[j])) continue;
      if (S_conflict(&group->items[i], &total->items[j])) {
        added = false;
        break;
      }
    }
  }
  for (size_t i = 0; i < group->count; i++) {
    fix_edit *g = &group->items[i];
    bool dup = false;
    for (size_t j = 0; added && j < total->count && !dup; j++) dup = S_same(g, &total->items[j]);
    if (!added || dup) free(g->text);
    else fix__edit(total, g->start, g->end, g->text);
    g->text = NULL;
  }
  group->count = 0;
  return added;
}

static int S_cmp_edit(const void *a, const void *b) {
  const fix_edit *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

char *fix_apply(const char *src, size_t len, fix_edits *e, size_t *out_len) {
  if (e->count > 1) qsort(e->items, e->count, sizeof *e->items, S_cmp_edit);
  strbuf b = {0};
  size_t at = 0;
  for (size_t i = 0; i < e->count; i++) {
    const fix_edit *x = &e->items[i];
    if (x->start < at || x->end > len || x->start > x->end) {
      free(b.s);
      return NULL;
    }
    strbuf_put(&b, src + at, x->start - at);
    strbuf_put(&b, x->text, strlen(x->text));
    at = x->end;
  }
  strbuf_put(&b, src + at, len - at);
  if (out_len) *out_len = b.len;
  return fix__take(&b);
}
