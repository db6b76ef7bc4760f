#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "feat.h"
#include "syntax.h"
#include "xalloc.h"

char *diag_note_href(const feat_env *env, const kb_note *n) {
  const char *lang = env->lang == KB_ZH ? "zh" : "en";
  const char *base = env->handbook_url && *env->handbook_url ? env->handbook_url : NULL;
  size_t cap = (base ? strlen(base) : 0) + strlen(n->id) + 96;
  char *href = xmalloc(cap);
  if (base)
    snprintf(href, cap, "%s%s%s/%s.html", base, base[strlen(base) - 1] == '/' ? "" : "/", lang,
             n->id);
  else
    snprintf(href, cap, "%s/%s/%s.md", PYLORE_NOTES_URL, n->id, lang);
  return href;
}

json_t *diag_finding_json(const feat_env *env, doc *d, const an_finding *f) {
  const kb_note *n = kb_note_at(env->k, f->note);
  json_t *diag = json_pack("{s:o,s:i,s:s,s:s,s:s}", "range",
                           conv_range_json(d, f->start_byte, f->end_byte, env->enc), "severity",
                           (int)n->severity, "code", n->id, "source", "pylore", "message",
                           kb_note_text(n, env->lang)->summary_text);
  char *href = diag_note_href(env, n);
  json_object_set_new(diag, "codeDescription", json_pack("{s:s}", "href", href));
  free(href);
  /* Python 2 constructs are what LSP's Deprecated tag means: editors strike them through. */
  if (strncmp(n->id, "py2-", 4) == 0)
    json_object_set_new(diag, "tags", json_pack("[i]", 2));
  return diag;
}

json_t *diag_syntax_json(const feat_env *env, doc *d, const syn_error *e) {
  return json_pack("{s:o,s:i,s:s,s:s,s:s}", "range",
                   conv_range_json(d, e->start_byte, e->end_byte, env->enc), "severity", 1, "code",
                   e->id, "source", "pylore", "message", e->message);
}

json_t *diag_compute(const feat_env *env, doc *d, const fnd_set *found) {
  json_t *list = json_array();
  if (!found) return list;
  for (size_t i = 0; i < found->syntax.count; i++) {
    json_array_append_new(list, diag_syntax_json(env, d, &found->syntax.items[i]));
  }
  const an_findings *p = &found->pitfalls;
  if (p->too_deep)
    json_array_append_new(
        list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", conv_range_json(d, 0, 0, env->enc),
                        "severity", 3, "code", "too-deep", "source", "pylore", "message",
                        "Brackets nest more than 1,000 levels deep in this file, so pylore does "
                        "not look for pitfalls in it."));
  for (size_t i = 0; i < p->count; i++)
    json_array_append_new(list, diag_finding_json(env, d, &p->items[i]));
  return list;
}
