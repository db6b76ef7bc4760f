#include "convert.h"
#include "feat.h"

json_t *diag_compute(const feat_env *env, doc *d, const fnd_set *found) {
  json_t *list = json_array();
  if (!list || !found) return list;
  for (size_t i = 0; i < found->syntax.count; i++) {
    const an_syntax_error *e = &found->syntax.items[i];
    json_array_append_new(list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range",
                                          conv_range_json(d, e->start_byte, e->end_byte, env->enc),
                                          "severity", 1, "code", "syntax-error", "source", "pylore",
                                          "message", e->message));
  }
  const an_findings *p = &found->pitfalls;
  if (p->too_deep)
    json_array_append_new(
        list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", conv_range_json(d, 0, 0, env->enc),
                        "severity", 3, "code", "too-deep", "source", "pylore", "message",
                        "Brackets nest more than 1,000 levels deep in this file, so pylore does "
                        "not look for pitfalls in it."));
  for (size_t i = 0; i < p->count; i++) {
    const an_finding *f = &p->items[i];
    const kb_note *n = kb_note_at(env->k, f->note);
    json_array_append_new(
        list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range",
                        conv_range_json(d, f->start_byte, f->end_byte, env->enc), "severity",
                        (int)n->severity, "code", n->id, "source", "pylore", "message",
                        kb_note_text(n, env->lang)->summary_text));
  }
  return list;
}
