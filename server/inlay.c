#include "convert.h"
#include "feat.h"

json_t *inlay_compute(const feat_env *env, doc *d, doc_position start, doc_position end) {
  json_t *list = json_array();
  if (!list || !env->inlay_hints) return list;
  const TSTree *tree = doc_tree(d, env->parser);
  if (!tree) return list;
  size_t a = doc_offset_at(d, start, env->enc), b = doc_offset_at(d, end, env->enc);
  if (b < a) {
    size_t t = a;
    a = b;
    b = t;
  }
  /* A hint may sit after its construct (after the parameters of a def whose construct is
   * the name), so a range that starts between the two must still find the construct. The
   * match holding both lies inside one top-level statement, so the query starts where the
   * statement holding `a` starts; the anchor filter below keeps the hints to [a, b]. */
  size_t from = a;
  TSNode top = ts_node_first_child_for_byte(ts_tree_root_node(tree), (uint32_t)a);
  if (!ts_node_is_null(top) && ts_node_start_byte(top) < a) from = ts_node_start_byte(top);
  an_findings found = {0};
  an_explanations(env->an, env->k, tree, doc_text(d), doc_length(d), (uint32_t)from,
                  (uint32_t)b, env->enabled, &found);
  for (size_t i = 0; i < found.count; i++) {
    const an_finding *f = &found.items[i];
    const kb_note *n = kb_note_at(env->k, f->note);
    const kb_text *t = kb_note_text(n, env->lang);
    /* Only hints whose anchor lies in the asked range: the client asks per visible range
     * and merges, so a hint outside it would be shown twice. */
    if (!t->hint || f->hint_byte < a || f->hint_byte > b) continue;
    /* A note that says where its hint goes (@hint) shows it only there; its other
     * patterns are for hovers (the `yield` of a generator, say). */
    if (n->has_hint_capture && !f->hint_captured) continue;
    json_array_append_new(
        list, json_pack("{s:o,s:s,s:s,s:b,s:s}", "position",
                        conv_position_json(doc_position_at(d, f->hint_byte, env->enc)), "label",
                        t->hint, "tooltip", t->summary_text, "paddingLeft", 1, "data", n->id));
  }
  an_findings_clear(&found);
  return list;
}
