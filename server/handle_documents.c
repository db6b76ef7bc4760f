/* didOpen, didChange, didClose: the document store kept in step with the client's editor,
 * and the diagnostics published after each (unless the client pulls them). Invalid params
 * are logged as warnings (notifications get no reply). */
#include <inttypes.h>
#include <string.h>

#include "handlers.h"
#include "log.h"
#include "params.h"

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
  par_did_open p;
  char err[256];
  if (par_did_open_read(params, &p, err, sizeof err) != 0) {
    log_warn("didOpen: %s; ignored", err);
    return;
  }
  ds_doc *d = ds_open(s->docs, p.uri, p.text, p.text_len, p.version);
  if (!d) {
    log_error("didOpen: %s is too large to open", p.uri);
    return;
  }
  if (!ib_superseded(&s->inbox, d->uri)) S_publish(s, d);
}

void hdl_did_change(sess *s, const json_t *params) {
  par_did_change p;
  char err[256];
  if (par_did_change_read(params, &p, err, sizeof err) != 0) {
    log_warn("didChange: %s; ignored", err);
    return;
  }
  ds_doc *d = ds_find(s->docs, p.uri);
  if (!d) {
    log_warn("didChange: document not open: %s", p.uri);
    return;
  }
  if (p.has_version && p.version < d->version) {
    /* LSP versions only grow: an older one is a change the client sent out of order, and
     * its ranges refer to a text that no longer exists. Applying it would corrupt ours. */
    log_warn("didChange: %s: version %" PRId64 " is older than %" PRId64
             ", the last applied; ignored",
             d->uri, p.version, d->version);
    return;
  }
  if (p.has_version) d->version = p.version;
  size_t i;
  const json_t *change;
  json_array_foreach(p.changes, i, change) {
    par_change c;
    if (par_change_read(change, i, &c, err, sizeof err) != 0) {
      log_warn("didChange: %s; change skipped", err);
      continue;
    }
    if (!c.has_range) {
      if (doc_replace(d->d, c.text, c.text_len) != 0)
        log_warn("didChange: text past the 4 GiB limit; the document is unchanged");
      continue;
    }
    if (doc_apply_change(d->d, c.start, c.end, c.text, c.text_len, s->cfg.enc, err,
                         sizeof err) != 0)
      log_warn("didChange: change %zu rejected: %s; the text is left as it was", i, err);
  }
  if (!ib_superseded(&s->inbox, d->uri)) S_publish(s, d);
}

void hdl_did_close(sess *s, const json_t *params) {
  const char *uri;
  char err[256];
  if (par_text_document_read(params, &uri, err, sizeof err) != 0) {
    log_warn("didClose: %s; ignored", err);
    return;
  }
  bool was_open = ds_close(s->docs, uri);
  /* Clear what was published, so closed files do not keep stale problems. */
  if (was_open && !s->cfg.pull_diagnostics)
    out_notify(&s->out, "textDocument/publishDiagnostics",
               json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
}
