/* didOpen, didChange, didClose: the document store kept in step with the client's editor,
 * and the diagnostics published after each (unless the client pulls them). */
#include <string.h>

#include "convert.h"
#include "handlers.h"
#include "log.h"

static void S_publish(sess *s, ds_doc *d) {
  if (s->cfg.pull_diagnostics) return;
  const fnd_set *found = sess_findings(s, d);
  feat_env env = sess_env(s, d, found);
  json_t *list = diag_compute(&env, d->d, found);
  out_notify(&s->out, "textDocument/publishDiagnostics",
             json_pack("{s:s,s:I,s:o}", "uri", d->uri, "version", (json_int_t)d->version,
                       "diagnostics", list ? list : json_array()));
}

void hdl_did_open(sess *s, const json_t *params) {
  const json_t *td = json_object_get(params, "textDocument");
  const json_t *uri = json_object_get(td, "uri"), *text = json_object_get(td, "text");
  if (!json_is_string(uri) || !json_is_string(text)) {
    log_warn("didOpen: textDocument.uri and textDocument.text must be strings");
    return;
  }
  const json_t *version = json_object_get(td, "version");
  ds_doc *d = ds_open(s->docs, json_string_value(uri), json_string_value(text),
                      json_string_length(text),
                      json_is_integer(version) ? json_integer_value(version) : 0);
  if (!d) {
    log_error("didOpen: %s is too large to open", json_string_value(uri));
    return;
  }
  if (!ib_superseded(&s->inbox, d->uri)) S_publish(s, d);
}

void hdl_did_change(sess *s, const json_t *params) {
  char err[256];
  const char *uri = conv_uri(params, err, sizeof err);
  ds_doc *d = uri ? ds_find(s->docs, uri) : NULL;
  if (!d) {
    log_warn("didChange: %s", uri ? "document not open" : err);
    return;
  }
  const json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
  if (json_is_integer(version) && json_integer_value(version) < d->version) {
    /* LSP versions only grow: an older one is a change the client sent out of order, and
     * its ranges refer to a text that no longer exists. Applying it would corrupt ours. */
    log_warn("didChange: %s: version %" JSON_INTEGER_FORMAT " is older than %" JSON_INTEGER_FORMAT
             ", the last applied; ignored",
             d->uri, json_integer_value(version), (json_int_t)d->version);
    return;
  }
  if (json_is_integer(version)) d->version = json_integer_value(version);
  size_t i;
  const json_t *change;
  json_array_foreach(json_object_get(params, "contentChanges"), i, change) {
    const json_t *text = json_object_get(change, "text");
    if (!json_is_string(text)) {
      log_warn("didChange: change %zu has no text; skipped", i);
      continue;
    }
    const json_t *range = json_object_get(change, "range");
    if (!range) {
      if (doc_replace(d->d, json_string_value(text), json_string_length(text)) != 0)
        log_error("didChange: out of memory; the document is unchanged");
      continue;
    }
    doc_position a, b;
    if (conv_range(range, &a, &b, err, sizeof err) != 0) {
      log_warn("didChange: change %zu: %s; skipped", i, err);
      continue;
    }
    if (doc_apply_change(d->d, a, b, json_string_value(text), json_string_length(text),
                         s->cfg.enc, err, sizeof err) != 0)
      log_warn("didChange: change %zu rejected: %s; the text is left as it was", i, err);
  }
  if (!ib_superseded(&s->inbox, d->uri)) S_publish(s, d);
}

void hdl_did_close(sess *s, const json_t *params) {
  char err[128];
  const char *uri = conv_uri(params, err, sizeof err);
  if (!uri) return;
  bool was_open = ds_close(s->docs, uri);
  /* Clear what was published, so closed files do not keep stale problems. */
  if (was_open && !s->cfg.pull_diagnostics)
    out_notify(&s->out, "textDocument/publishDiagnostics",
               json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
}
