#include "findings.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct fnd_cache {
  bool valid;
  uint64_t revision; /* of the text `set` describes */
  uint64_t mark;     /* doc_mark taken then: what changed since is asked with it */
  an_findings raw;   /* every pitfall match, with roots: what an update starts from */
  char *text;        /* a copy of that revision's text: the update reads what a change removed */
  size_t text_len;
  fnd_set set;
  /* The syntax errors' state, carried from revision to revision (syn_update); `syn_at` says
   * that it describes the revision `revision` (else the next update checks everything). */
  syn_state *syn;
  bool syn_at;
};

void fnd_set_clear(fnd_set *s) {
  syn_errors_clear(&s->syntax);
  an_findings_clear(&s->pitfalls);
  s->incremental = false;
  s->change_known = false;
}

/* The syntax errors (updated in `syn` from the previous revision across `span` when both are
 * given) and the reported pitfalls of `raw`. */
static void S_finish(const fnd_env *env, const TSTree *tree, doc *d, const an_findings *raw,
                     syn_state *syn, const syn_span *span, fnd_set *out) {
  if (env->syntax && syn)
    syn_update(syn, span, env->k, env->lang, env->enabled, tree, doc_text(d), doc_length(d),
               env->max_syntax, &out->syntax);
  else if (env->syntax)
    syn_check(env->k, env->lang, env->enabled, tree, doc_text(d), doc_length(d),
              env->max_syntax, &out->syntax);
  an_unique(raw, &out->pitfalls);
  /* An error-level pitfall on a statement that does not parse is the syntax error's:
   * tree-sitter's recovery can make `print("a", b c)` look like a Python 2 print. */
  an_findings *p = &out->pitfalls;
  size_t w = 0;
  for (size_t r = 0; r < p->count; r++) {
    const an_finding *f = &p->items[r];
    if (kb_note_at(env->k, f->note)->severity == KB_SEV_ERROR &&
        syn_errors_within(&out->syntax, f->start_byte, f->end_byte))
      continue;
    p->items[w++] = *f;
  }
  p->count = w;
}

int fnd_compute(const fnd_env *env, doc *d, fnd_set *out) {
  const TSTree *tree = doc_tree(d, env->parser);
  if (!tree) return -1;
  an_findings raw = {0};
  if (env->pitfalls)
    an_pitfalls(env->an, env->k, tree, doc_text(d), doc_length(d), env->enabled, &raw);
  S_finish(env, tree, d, &raw, NULL, NULL, out);
  an_findings_clear(&raw);
  return 0;
}

fnd_cache *fnd_cache_new(void) {
  fnd_cache *c = xcalloc(1, sizeof(fnd_cache));
  c->syn = syn_state_new();
  return c;
}

void fnd_cache_invalidate(fnd_cache *c) {
  if (!c) return;
  an_findings_clear(&c->raw);
  fnd_set_clear(&c->set);
  free(c->text);
  c->text = NULL;
  c->text_len = 0;
  c->valid = false;
}

void fnd_cache_drop(fnd_cache *c) {
  if (!c) return;
  fnd_cache_invalidate(c);
  /* A fresh state holds no checkpoints; syn_at false makes the next revision checked whole. */
  syn_state_free(c->syn);
  c->syn = syn_state_new();
  c->syn_at = false;
}

void fnd_cache_free(fnd_cache *c) {
  fnd_cache_invalidate(c);
  if (c) syn_state_free(c->syn);
  free(c);
}

const fnd_set *fnd_get(fnd_cache *c, const fnd_env *env, doc *d) {
  const TSTree *tree = doc_tree(d, env->parser);
  if (!tree) return NULL;
  if (c->valid && c->revision == doc_revision(d)) return &c->set;
  an_findings raw = {0};
  bool incremental = false;
  an_span span = {.old_src = c->text, .old_len = c->text_len};
  bool changed =
      c->valid && doc_changes_since(d, c->mark, &span.start, &span.old_end, &span.new_end);
  syn_span sspan = {span.start, span.old_end, span.new_end, false, 0, 0, 0};
  if (changed)
    sspan.text = doc_text_changes_since(d, c->mark, &sspan.text_start, &sspan.text_old_end,
                                        &sspan.text_new_end);
  bool syn_at = c->syn_at && changed;
  if (env->pitfalls) {
    if (changed && c->text) {
      incremental = an_pitfalls_update(env->an, env->k, tree, doc_text(d), doc_length(d),
                                       env->enabled, &c->raw, span, &raw) == 1;
    } else {
      an_pitfalls(env->an, env->k, tree, doc_text(d), doc_length(d), env->enabled, &raw);
    }
  }
  fnd_cache_invalidate(c);
  c->syn_at = false;
  S_finish(env, tree, d, &raw, c->syn, syn_at ? &sspan : NULL, &c->set);
  c->text = xmalloc(doc_length(d) + 1);
  memcpy(c->text, doc_text(d), doc_length(d));
  c->text_len = doc_length(d);
  c->raw = raw;
  c->syn_at = env->syntax && c->syn;
  c->set.incremental = incremental;
  c->set.change_known = changed;
  c->set.change_from = c->revision;
  c->set.change_start = span.start;
  c->set.change_old_end = span.old_end;
  c->set.change_new_end = span.new_end;
  c->revision = doc_revision(d);
  c->mark = doc_mark(d);
  c->valid = true;
  return &c->set;
}
