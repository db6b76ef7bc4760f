#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "feat.h"
#include "render.h"
#include "syntax.h"
#include "xalloc.h"

/* The syntax error under pos, or NULL. The document's cached errors when the session has
 * them, else computed into `own` (cleared by the caller). A squiggle's hover shows the note
 * that explains it. */
static const syn_error *S_syntax_at(const feat_env *env, doc *d, doc_position pos,
                                    syn_errors *own) {
  const syn_errors *errs = env->syntax;
  if (!errs) {
    const TSTree *tree = doc_tree(d, env->parser);
    if (!tree) return NULL;
    syn_check(env->k, env->lang, env->enabled, tree, doc_text(d), doc_length(d), 100, own);
    errs = own;
  }
  long i = syn_errors_at(errs, (uint32_t)doc_offset_at(d, pos, env->enc));
  return i >= 0 && errs->items[i].note != UINT32_MAX ? &errs->items[i] : NULL;
}

/* The innermost findings at pos (pitfalls first), or an empty list. */
static int S_at(const feat_env *env, doc *d, doc_position pos, an_findings *out) {
  const TSTree *tree = doc_tree(d, env->parser);
  if (!tree) return -1;
  size_t at = doc_offset_at(d, pos, env->enc);
  an_hover(env->an, env->k, tree, doc_text(d), doc_length(d), (uint32_t)at, env->enabled,
           env->pitfalls, out);
  return 0;
}

json_t *hover_compute(const feat_env *env, doc *d, doc_position pos) {
  syn_errors errs = {0};
  const syn_error *e = S_syntax_at(env, d, pos, &errs);
  if (e) {
    char *value = render_hover_with(kb_note_at(env->k, e->note), env->lang, env->markdown,
                                    e->message);
    json_t *r = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind",
                          env->markdown ? "markdown" : "plaintext", "value", value, "range",
                          conv_range_json(d, e->start_byte, e->end_byte, env->enc));
    free(value);
    syn_errors_clear(&errs);
    return r;
  }
  syn_errors_clear(&errs);
  an_findings found = {0};
  if (S_at(env, d, pos, &found) != 0 || found.count == 0) {
    an_findings_clear(&found);
    return json_null();
  }
  /* Several notes on one node are shown one after another, separated by a rule. */
  size_t cap = 0;
  char **parts = xcalloc(found.count, sizeof *parts);
  for (size_t i = 0; i < found.count; i++) {
    parts[i] = render_hover(kb_note_at(env->k, found.items[i].note), env->lang, env->markdown);
    cap += strlen(parts[i]) + 16;
  }
  char *value = xmalloc(cap + 1);
  value[0] = '\0';
  for (size_t i = 0; i < found.count; i++) {
    if (i) strcat(value, env->markdown ? "\n\n---\n\n" : "\n\n----\n\n");
    strcat(value, parts[i]);
  }
  json_t *result = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind",
                             env->markdown ? "markdown" : "plaintext", "value", value, "range",
                             conv_range_json(d, found.items[0].start_byte,
                                             found.items[0].end_byte, env->enc));
  for (size_t i = 0; i < found.count; i++) free(parts[i]);
  free(parts);
  free(value);
  an_findings_clear(&found);
  return result;
}

json_t *hover_note(const feat_env *env, doc *d, doc_position pos) {
  an_findings found = {0};
  syn_errors errs = {0};
  const syn_error *e = S_syntax_at(env, d, pos, &errs);
  uint32_t note = e ? e->note : UINT32_MAX;
  syn_errors_clear(&errs);
  if (note == UINT32_MAX && (S_at(env, d, pos, &found) != 0 || found.count == 0)) {
    an_findings_clear(&found);
    return json_null();
  }
  const kb_note *n = kb_note_at(env->k, note != UINT32_MAX ? note : found.items[0].note);
  char *text = render_full(n, env->lang, env->markdown);
  json_t *result = json_pack("{s:s,s:s,s:s,s:s?}", "id", n->id, "title",
                             kb_note_text(n, env->lang)->title, "kind", kb_kind_name(n->kind),
                             "contents", text);
  free(text);
  an_findings_clear(&found);
  return result;
}
