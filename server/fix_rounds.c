/* fix_rounds: a whole text fixed, round after round of analysis and non-overlapping fixes. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fix.h"
#include "syntax.h"
#include "xalloc.h"

/* The syntax errors of a text (syntax.c's, at most 1000) into `errs`, and how many. */
static size_t S_error_list(const TSTree *tree, const char *text, size_t len, syn_errors *errs) {
  syn_check(NULL, KB_EN, NULL, tree, text, len, 1000, errs);
  return errs->count;
}

static bool S_selected(const kb *k, const fix_select *sel, uint32_t note) {
  const kb_note *n = kb_note_at(k, note);
  if (sel->only_note >= 0 && (long)note != sel->only_note) return false;
  if (sel->enabled && !sel->enabled[note]) return false;
  if (n->fix == KB_FIX_NONE || (n->fix == KB_FIX_UNSAFE && !sel->unsafe)) return false;
  return fix_implemented(n->id);
}

char *fix_rounds(an_ctx *ctx, TSParser *parser, const kb *k, const char *src, size_t len,
                 const fix_select *sel, size_t *counts, size_t *out_len, bool *refused) {
  char *cur = NULL;
  size_t cur_len = len, errors0 = (size_t)-1;
  *refused = false;
  size_t nk = kb_count(k);
  size_t *taken = counts ? xcalloc(nk + 1, sizeof *taken) : NULL;
  for (int round = 0; round < 16; round++) {
    const char *t = cur ? cur : src;
    doc *d = doc_new(t, cur_len);
    const TSTree *tree = d ? doc_tree(d, parser) : NULL;
    if (!tree) {
      doc_free(d);
      break;
    }
    syn_errors errs = {0};
    size_t errors = S_error_list(tree, t, cur_len, &errs);
    if (errors0 == (size_t)-1) errors0 = errors;
    if (errors > errors0) {
      syn_errors_clear(&errs);
      doc_free(d);
      free(cur);
      free(taken);
      *refused = true;
      return NULL;
    }
    an_findings found = {0};
    an_pitfalls(ctx, k, tree, t, cur_len, sel->enabled, &found);
    fix_edits total = {0}, group = {0};
    for (size_t i = 0; i < found.count; i++) {
      if (!S_selected(k, sel, found.items[i].note)) continue;
      /* as in the diagnostics, an error-level pitfall on a statement that does not parse is
       * the syntax error's, and fixing it would rewrite text the parser only guessed at */
      if (kb_note_at(k, found.items[i].note)->severity == KB_SEV_ERROR &&
          syn_errors_within(&errs, found.items[i].start_byte, found.items[i].end_byte))
        continue;
      if (fix_compute(k, tree, t, cur_len, &found.items[i], &found, &group) != 1) continue;
      if (fix_add_group(&total, &group) && taken) taken[found.items[i].note]++;
    }
    for (size_t i = 0; i < errs.count; i++) {
      long note = kb_find(k, errs.items[i].id);
      if (note < 0 || !S_selected(k, sel, (uint32_t)note)) continue;
      if (fix_syntax(&errs.items[i], t, cur_len, &group) != 1) continue;
      if (fix_add_group(&total, &group) && taken) taken[note]++;
    }
    syn_errors_clear(&errs);
    fix_edits_clear(&group);
    an_findings_clear(&found);
    char *next = NULL;
    size_t next_len = 0;
    if (total.count) next = fix_apply(t, cur_len, &total, &next_len);
    fix_edits_clear(&total);
    doc_free(d);
    if (!next) break;
    free(cur);
    cur = next;
    cur_len = next_len;
  }
  if (cur && cur_len == len && memcmp(cur, src, len) == 0) {
    free(cur);
    cur = NULL;
  }
  if (cur && counts && taken)
    for (size_t i = 0; i < nk; i++) counts[i] += taken[i];
  free(taken);
  *out_len = cur ? cur_len : 0;
  return cur;
}
