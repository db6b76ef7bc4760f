/* syntax_incr (syntax.h): syn_state and syn_update, the syntax errors kept up to date over the
 * revisions of one document: tokcheck's incremental pass, the line starts and the placement
 * checks carried across each edit, then the same weighing as syn_check. See
 * syntax_internal.h. */
#include <stdlib.h>
#include <string.h>

#include "syntax_internal.h"
#include "tokcheck_incr.h"
#include "xalloc.h"

struct syn_state {
  tc_incr *tc;
  syn_places places;
  uint32_t *starts; /* line starts */
  size_t lines;
  bool valid;
};

syn_state *syn_state_new(void) {
  syn_state *s = xcalloc(1, sizeof *s);
  s->tc = tc_incr_new();
  return s;
}

void syn_state_free(syn_state *s) {
  if (!s) return;
  tc_incr_free(s->tc);
  free(s->places.pl);
  free(s->starts);
  free(s);
}

size_t syn_state_read(const syn_state *s) { return tc_incr_read(s->tc); }

void syn_state_set_spacing(syn_state *s, size_t bytes) { tc_incr_set_spacing(s->tc, bytes); }

/* The line starts of the new text: the old ones before the edit, the ones in it found again,
 * the old ones after it shifted. A line start depends on the byte before it and, after a
 * '\r', on its own first byte. */
static void S_lines_update(syn_state *s, const syn_span *sp, const char *src, size_t len) {
  if (!sp) {
    size_t lines = syn__line_count(src, len, 0, len);
    uint32_t *st = xreallocarray(NULL, lines, sizeof *st);
    st[0] = 0;
    syn__line_starts(src, len, 0, len, st + 1);
    free(s->starts);
    s->starts = st;
    s->lines = lines;
    return;
  }
  int64_t delta = (int64_t)sp->new_end - (int64_t)sp->old_end;
  size_t keep = 1; /* the first line starts at 0 whatever the edit */
  while (keep < s->lines && s->starts[keep] < sp->start) keep++;
  size_t tail = keep;
  while (tail < s->lines && s->starts[tail] < (uint64_t)sp->old_end + 2) tail++;
  /* new line starts p in [start, new_end + 1]: the bytes p - 1 in [start - 1, new_end] */
  size_t from = sp->start > 0 ? sp->start - 1 : 0;
  size_t to = (size_t)sp->new_end + 1 < len ? (size_t)sp->new_end + 1 : len;
  size_t mid = from < to ? syn__line_count(src, len, from, to) - 1 : 0;
  size_t lines = keep + mid + (s->lines - tail);
  uint32_t *st = xreallocarray(NULL, lines, sizeof *st);
  memcpy(st, s->starts, keep * sizeof *st);
  if (mid) syn__line_starts(src, len, from, to, st + keep);
  size_t w = keep + mid;
  for (size_t i = tail; i < s->lines; i++) st[w++] = (uint32_t)(s->starts[i] + delta);
  free(s->starts);
  s->starts = st;
  s->lines = w;
}

void syn_update(syn_state *s, const syn_span *span, const kb *k, kb_lang lang,
                const unsigned char *enabled, const TSTree *tree, const char *src, size_t len,
                size_t max, syn_errors *out) {
  const syn_span *sp = span && s->valid ? span : NULL;
  if (!sp)
    tc_incr_check(s->tc, src, len);
  else if (sp->text)
    tc_incr_update(s->tc, src, len, sp->text_start, sp->text_old_end, sp->text_new_end);
  else
    tc_incr_update(s->tc, src, len, sp->start, sp->old_end, sp->new_end);
  S_lines_update(s, sp, src, len);
  const tc_errors *te = tc_incr_errors(s->tc);
  syn_list l = {0};
  size_t limit = 4 * max + 64;
  syn__from_tokcheck(te, &l, limit);
  l.limit = l.count + limit;
  if (tree) {
    syn__places_update(&s->places, sp, tree, te, &l);
    syn__tree_errors(tree, src, &s->places.sym, &l);
  } else {
    s->places.pl_valid = false;
  }
  syn__finish(&l, te, tree, k, lang, enabled, src, len, max, s->starts, s->lines, out);
  s->valid = true;
}
