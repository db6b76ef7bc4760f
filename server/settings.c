#include "settings.h"

#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "log.h"
#include "xalloc.h"

cfg_settings cfg_defaults(void) {
  return (cfg_settings){.enc = DOC_UTF16,
                        .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                        .explanations = true};
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

static bool S_has_string(const json_t *array, const char *value) {
  size_t i;
  const json_t *v;
  json_array_foreach(array, i, v) {
    if (json_is_string(v) && strcmp(json_string_value(v), value) == 0) return true;
  }
  return false;
}

/* initializationOptions.inlayHints: a boolean for all kinds, or an object whose members
 * `constructs`, `parameters` and `callArguments` switch one kind off when false. */
static void S_inlay_options(cfg_settings *s, const json_t *v) {
  s->inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS;
  if (json_is_false(v)) s->inlay_kinds = 0;
  if (!json_is_object(v)) return;
  if (json_is_false(json_object_get(v, "constructs"))) s->inlay_kinds &= ~(unsigned)INLAY_CONSTRUCTS;
  if (json_is_false(json_object_get(v, "parameters"))) s->inlay_kinds &= ~(unsigned)INLAY_PARAMETERS;
  if (json_is_false(json_object_get(v, "callArguments")))
    s->inlay_kinds &= ~(unsigned)INLAY_CALL_ARGUMENTS;
}

void cfg_read_initialize(cfg_settings *s, const json_t *params, const char *cli_lang) {
  const json_t *caps = json_object_get(params, "capabilities");
  const json_t *encs = json_object_get(json_object_get(caps, "general"), "positionEncodings");
  s->enc = DOC_UTF16;
  if (S_has_string(encs, "utf-8")) s->enc = DOC_UTF8;
  const json_t *td = json_object_get(caps, "textDocument");
  const json_t *formats = json_object_get(json_object_get(td, "hover"), "contentFormat");
  s->markdown = S_has_string(formats, "markdown");
  s->pull_diagnostics = json_is_object(json_object_get(td, "diagnostic"));
  const json_t *io = json_object_get(params, "initializationOptions");
  const json_t *lang = json_object_get(io, "language");
  const json_t *locale = json_object_get(params, "locale");
  if (json_is_string(lang) && strcmp(json_string_value(lang), "auto") != 0)
    s->lang = kb_lang_from_locale(json_string_value(lang));
  else if (json_is_string(locale))
    s->lang = kb_lang_from_locale(json_string_value(locale));
  else if (cli_lang)
    s->lang = kb_lang_from_locale(cli_lang);
  else
    s->lang = kb_lang_from_locale(getenv("LANG"));
  s->show_document = json_is_true(json_object_get(
      json_object_get(json_object_get(caps, "window"), "showDocument"), "support"));
  const json_t *handbook = json_object_get(io, "handbookUrl");
  if (json_is_string(handbook)) s->handbook_url = strdup(json_string_value(handbook));
  S_inlay_options(s, json_object_get(io, "inlayHints"));
  const json_t *props = json_object_get(
      json_object_get(json_object_get(td, "inlayHint"), "resolveSupport"), "properties");
  s->inlay_lazy = S_has_string(props, "tooltip");
  s->inlay_label_parts = S_has_string(props, "label.command");
  s->explanations = !json_is_false(json_object_get(io, "explanations"));
  const json_t *trace = json_object_get(params, "trace");
  s->log_to_client = json_is_string(trace) && strcmp(json_string_value(trace), "off") != 0;
}
