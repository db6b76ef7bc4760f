#include "settings.h"

#include <stdlib.h>
#include <string.h>

#include "docstore.h"
#include "feat.h"
#include "log.h"
#include "xalloc.h"

cfg_settings cfg_defaults(void) {
  return (cfg_settings){.enc = DOC_UTF16,
                        .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                        .explanations = true, .analysis_cache = DS_DEFAULT_BUDGET};
}

void cfg_clear(cfg_settings *c) {
  free(c->handbook_url);
  c->handbook_url = NULL;
}

unsigned char *cfg_enabled(const cfg_settings *c, const kb *k, const json_t *disabled) {
  size_t n = kb_count(k);
  unsigned char *enabled = xmalloc(n + 1);
  for (size_t i = 0; i < n; i++)
    enabled[i] = c->explanations || kb_note_at(k, i)->kind != KB_EXPLANATION;
  size_t idx;
  const json_t *v;
  json_array_foreach(disabled, idx, v) {
    if (!json_is_string(v)) continue;
    long at = kb_find(k, json_string_value(v));
    if (at >= 0)
      enabled[at] = 0;
    else
      log_warn("disabledNotes: no note `%s`", json_string_value(v));
  }
  return enabled;
}

void cfg_read_initialize(cfg_settings *s, const par_initialize *p, const char *cli_lang) {
  s->enc = p->utf8 ? DOC_UTF8 : DOC_UTF16;
  s->markdown = p->markdown;
  s->pull_diagnostics = p->pull_diagnostics;
  if (p->language && strcmp(p->language, "auto") != 0)
    s->lang = kb_lang_from_locale(p->language);
  else if (p->locale)
    s->lang = kb_lang_from_locale(p->locale);
  else if (cli_lang)
    s->lang = kb_lang_from_locale(cli_lang);
  else
    s->lang = kb_lang_from_locale(getenv("LANG"));
  s->show_document = p->show_document;
  free(s->handbook_url);
  s->handbook_url = p->handbook_url ? xstrdup(p->handbook_url) : NULL;
  s->inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS;
  if (p->inlay_hints_off) s->inlay_kinds = 0;
  if (p->inlay_constructs_off) s->inlay_kinds &= ~(unsigned)INLAY_CONSTRUCTS;
  if (p->inlay_parameters_off) s->inlay_kinds &= ~(unsigned)INLAY_PARAMETERS;
  if (p->inlay_call_arguments_off) s->inlay_kinds &= ~(unsigned)INLAY_CALL_ARGUMENTS;
  s->inlay_lazy = p->inlay_tooltip;
  s->inlay_label_parts = p->inlay_label_command;
  s->explanations = p->explanations;
  s->log_to_client = p->trace && strcmp(p->trace, "off") != 0;
  /* Negative means absent; past 4 GB of text every document keeps its tree anyway. */
  s->analysis_cache = DS_DEFAULT_BUDGET;
  if (p->analysis_cache_kb >= 0)
    s->analysis_cache = p->analysis_cache_kb > ((json_int_t)1 << 22)
                            ? (size_t)1 << 32
                            : (size_t)p->analysis_cache_kb << 10;
}
