/* Code actions: fix edits (fix.h) turned into LSP WorkspaceEdits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "feat.h"
#include "fix.h"
#include "xalloc.h"

/* As many syntax errors as the diagnostics publish (diagnostics.c). */
#define ACTION_MAX_SYNTAX_ERRORS 100

/* True when an action of `kind` is wanted by `only` (absent: every kind). A kind matches an
 * entry equal to it or to one of its prefixes ("source" wants "source.fixAll.pylore"). */
static bool S_wanted(const json_t *only, const char *kind) {
  if (!json_is_array(only)) return true;
  size_t i;
  const json_t *v;
  json_array_foreach(only, i, v) {
    if (!json_is_string(v)) continue;
    const char *o = json_string_value(v);
    size_t n = strlen(o);
    if (!kind) {
      if (n == 0) return true;
      continue;
    }
    if (strncmp(kind, o, n) == 0 && (kind[n] == '\0' || kind[n] == '.')) return true;
  }
  return false;
}

static json_t *S_text_edits(const feat_env *env, doc *d, const fix_edits *e) {
  json_t *list = json_array();
  for (size_t i = 0; i < e->count; i++)
    json_array_append_new(list, json_pack("{s:o,s:s}", "range",
                                          conv_range_json(d, e->items[i].start, e->items[i].end,
                                                          env->enc),
                                          "newText", e->items[i].text));
  return list;
}

static json_t *S_workspace_edit(const feat_env *env, doc *d, const fix_edits *e) {
  json_t *changes = json_object();
  json_object_set_new(changes, env->uri ? env->uri : "", S_text_edits(env, d, e));
  return json_pack("{s:o}", "changes", changes);
}

/* The edits of every fixable finding of `note` (or of every note with a safe fix when note
 * is -1), as far as they do not conflict: one pass, like a single "fix all" in Ruff. */
static void S_fix_all(const feat_env *env, doc *d, const TSTree *tree, const an_findings *all,
                      long note, fix_edits *total, size_t *fixed) {
  fix_edits group = {0};
  *fixed = 0;
  for (size_t i = 0; i < all->count; i++) {
    const an_finding *f = &all->items[i];
    const kb_note *n = kb_note_at(env->k, f->note);
    if (note >= 0 ? (long)f->note != note : n->fix != KB_FIX_SAFE) continue;
    if (n->fix == KB_FIX_NONE || !fix_implemented(n->id)) continue;
    if (fix_compute(env->k, tree, doc_text(d), doc_length(d), f, all, &group) &&
        fix_add_group(total, &group))
      (*fixed)++;
  }
  fix_edits_clear(&group);
}

/* The one edit that turns `a` into `b`: what lies between their common start and end, cut at
 * character boundaries. */
static void S_one_edit(const char *a, size_t alen, const char *b, size_t blen, fix_edits *out) {
  size_t p = 0;
  while (p < alen && p < blen && a[p] == b[p]) p++;
  while (p > 0 && ((unsigned char)a[p] & 0xC0) == 0x80) p--;
  size_t s = 0;
  while (s < alen - p && s < blen - p && a[alen - 1 - s] == b[blen - 1 - s]) s++;
  while (s > 0 && ((unsigned char)a[alen - s] & 0xC0) == 0x80) s--;
  char *text = xmalloc(blen - p - s + 1);
  fix_edit *items = xmalloc(sizeof *items);
  memcpy(text, b + p, blen - p - s);
  text[blen - p - s] = '\0';
  items[0] = (fix_edit){(uint32_t)p, (uint32_t)(alen - s), text};
  out->items = items;
  out->count = out->cap = 1;
}

static json_t *S_explain(const kb_note *n, kb_lang lang) {
  char title[300];
  snprintf(title, sizeof title, "%s: %s", lang == KB_ZH ? "讲解" : "Explain",
           kb_note_text(n, lang)->title);
  return json_pack("{s:s,s:{s:s,s:s,s:[{s:s}]}}", "title", title, "command", "title", title,
                   "command", "pylore.showNote", "arguments", "id", n->id);
}

json_t *action_compute(const feat_env *env, doc *d, doc_position start, doc_position end,
                       const json_t *only) {
  json_t *actions = json_array();
  const TSTree *tree = doc_tree(d, env->parser);
  if (!tree) return actions;
  size_t a = doc_offset_at(d, start, env->enc), b = doc_offset_at(d, end, env->enc);
  if (b < a) b = a;
  an_findings own = {0};
  const an_findings *all = env->pitfalls;
  if (!all) {
    an_pitfalls(env->an, env->k, tree, doc_text(d), doc_length(d), env->enabled, &own);
    all = &own;
  }
  /* The syntax errors with one certain fix: a quick fix each, preferred when it is safe. */
  if (S_wanted(only, "quickfix")) {
    syn_errors own_errs = {0};
    const syn_errors *errs = env->syntax;
    if (!errs) {
      syn_check(env->k, env->lang, env->enabled, tree, doc_text(d), doc_length(d),
                ACTION_MAX_SYNTAX_ERRORS, &own_errs);
      errs = &own_errs;
    }
    fix_edits edits = {0};
    for (size_t i = 0; i < errs->count; i++) {
      const syn_error *e = &errs->items[i];
      if (e->start_byte > b || e->end_byte < a) continue;
      const kb_note *n = kb_note_at(env->k, e->note);
      if (!n || n->fix == KB_FIX_NONE) continue;
      const kb_text *t = kb_note_text(n, env->lang);
      if (t->fix_title && fix_syntax(e, doc_text(d), doc_length(d), &edits) == 1)
        json_array_append_new(
            actions, json_pack("{s:s,s:s,s:[o],s:b,s:o}", "title", t->fix_title, "kind",
                               "quickfix", "diagnostics", diag_syntax_json(env, d, e),
                               "isPreferred", n->fix == KB_FIX_SAFE, "edit",
                               S_workspace_edit(env, d, &edits)));
      fix_edits_clear(&edits);
    }
    syn_errors_clear(&own_errs);
  }
  size_t nk = kb_count(env->k);
  unsigned char *seen = xcalloc(nk + 1, 1); /* notes given a "fix all" or an "Explain" */
  unsigned char *explained = xcalloc(nk + 1, 1);
  fix_edits edits = {0};
  for (size_t i = 0; i < all->count; i++) {
    const an_finding *f = &all->items[i];
    if (f->start_byte > b || f->end_byte < a) continue;
    const kb_note *n = kb_note_at(env->k, f->note);
    const kb_text *t = kb_note_text(n, env->lang);
    if (n->fix != KB_FIX_NONE && fix_implemented(n->id) && S_wanted(only, "quickfix")) {
      int rc = fix_compute(env->k, tree, doc_text(d), doc_length(d), f, all, &edits);
      if (rc == 1 && t->fix_title) {
        json_t *act = json_pack("{s:s,s:s,s:[o],s:b,s:o}", "title", t->fix_title, "kind",
                                "quickfix", "diagnostics", diag_finding_json(env, d, f),
                                "isPreferred", n->fix == KB_FIX_SAFE, "edit",
                                S_workspace_edit(env, d, &edits));
        json_array_append_new(actions, act);
      }
      fix_edits_clear(&edits);
      size_t same = 0;
      for (size_t j = 0; j < all->count; j++) same += all->items[j].note == f->note;
      if (rc == 1 && same > 1 && !seen[f->note]) {
        seen[f->note] = 1;
        size_t fixed = 0;
        S_fix_all(env, d, tree, all, (long)f->note, &edits, &fixed);
        if (fixed > 1) {
          char title[400];
          snprintf(title, sizeof title,
                   env->lang == KB_ZH ? "修复本文件中所有的“%s”" : "Fix all \"%s\" in this file",
                   t->title);
          json_array_append_new(actions,
                                json_pack("{s:s,s:s,s:o}", "title", title, "kind", "quickfix",
                                          "edit", S_workspace_edit(env, d, &edits)));
        }
        fix_edits_clear(&edits);
      }
    }
    if (!explained[f->note] && S_wanted(only, NULL)) {
      explained[f->note] = 1;
      json_array_append_new(actions, S_explain(n, env->lang));
    }
  }
  /* The explanations of the construct at the start of the range. */
  an_findings here = {0};
  if (S_wanted(only, NULL)) {
    an_hover(env->an, env->k, tree, doc_text(d), doc_length(d), (uint32_t)a, env->enabled, all,
             &here);
    for (size_t i = 0; i < here.count; i++) {
      if (explained[here.items[i].note]) continue;
      explained[here.items[i].note] = 1;
      json_array_append_new(actions, S_explain(kb_note_at(env->k, here.items[i].note), env->lang));
    }
  }
  an_findings_clear(&here);
  /* Every safe fix, round after round, as one edit: only when asked for by kind (on save,
   * or the Source Action menu), since the light bulb asks on every cursor move. */
  if (json_is_array(only) && S_wanted(only, "source.fixAll.pylore")) {
    fix_select sel = {.enabled = env->enabled, .only_note = -1, .unsafe = false};
    size_t fixed_len = 0;
    bool refused = false;
    char *fixed = fix_rounds(env->an, env->parser, env->k, doc_text(d), doc_length(d), &sel,
                             NULL, &fixed_len, &refused);
    if (fixed) {
      S_one_edit(doc_text(d), doc_length(d), fixed, fixed_len, &edits);
      json_array_append_new(
          actions, json_pack("{s:s,s:s,s:o}", "title",
                             env->lang == KB_ZH ? "pylore：应用所有安全的修复"
                                                : "pylore: apply every safe fix",
                             "kind", "source.fixAll.pylore", "edit",
                             S_workspace_edit(env, d, &edits)));
    }
    free(fixed);
    fix_edits_clear(&edits);
  }
  free(seen);
  free(explained);
  an_findings_clear(&own);
  return actions;
}
