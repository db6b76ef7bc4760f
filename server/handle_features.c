/* The requests on an open document that a feature answers: hover, pylore/showNote, inlay
 * hints and their resolution, pull diagnostics, code actions. Params are read by params.h;
 * a failure there is the InvalidParams reply. */
#include <stdio.h>

#include "handlers.h"
#include "params.h"

/* The open document `uri`, or NULL with the error reply set. */
static ds_doc *S_open_doc(sess *s, const char *uri, hdl_reply *r) {
  ds_doc *d = ds_find(s->docs, uri);
  if (!d) {
    r->error_code = RPC_INVALID_PARAMS;
    snprintf(r->error, sizeof r->error, "document not open: %.200s", uri);
  }
  return d;
}

/* Fails the request with InvalidParams when rc is not 0 (the message is in r->error). */
static bool S_failed(int rc, hdl_reply *r) {
  if (rc != 0) r->error_code = RPC_INVALID_PARAMS;
  return rc != 0;
}

void hdl_at_position(sess *s, const par_text_position *p, hdl_reply *r,
                     json_t *(*feature)(const feat_env *, doc *, doc_position)) {
  ds_doc *d = S_open_doc(s, p->uri, r);
  if (!d) return;
  /* Hover reads the pitfalls of this revision, from the cache (updated first if needed). */
  feat_env env = sess_env(s, d, sess_findings(s, d));
  r->result = feature(&env, d->d, p->pos);
}

void hdl_hover(sess *s, const json_t *params, hdl_reply *r) {
  par_text_position p;
  if (S_failed(par_text_position_read(params, &p, r->error, sizeof r->error), r)) return;
  hdl_at_position(s, &p, r, hover_compute);
}

void hdl_show_note(sess *s, const json_t *params, hdl_reply *r) {
  par_text_position p;
  if (S_failed(par_text_position_read(params, &p, r->error, sizeof r->error), r)) return;
  hdl_at_position(s, &p, r, hover_note);
}

void hdl_code_action(sess *s, const json_t *params, hdl_reply *r) {
  par_text_range p;
  if (S_failed(par_code_action_read(params, &p, r->error, sizeof r->error), r)) return;
  ds_doc *d = S_open_doc(s, p.uri, r);
  if (!d) return;
  feat_env env = sess_env(s, d, sess_findings(s, d));
  r->result = action_compute(&env, d->d, p.start, p.end, p.only);
}

void hdl_inlay(sess *s, const json_t *params, hdl_reply *r) {
  par_text_range p;
  if (S_failed(par_inlay_hint_read(params, &p, r->error, sizeof r->error), r)) return;
  ds_doc *d = S_open_doc(s, p.uri, r);
  if (!d) return;
  /* The findings of this revision (usually cached already) say what changed since the hint
   * cache's revision. */
  const fnd_set *found = sess_findings(s, d);
  feat_env env = sess_env(s, NULL, NULL);
  r->result = inlay_compute(&env, d->d, d->hints, found, p.start, p.end);
}

void hdl_inlay_resolve(sess *s, const json_t *params, hdl_reply *r) {
  if (S_failed(par_inlay_resolve_read(params, r->error, sizeof r->error), r)) return;
  feat_env env = sess_env(s, NULL, NULL);
  r->result = inlay_resolve(&env, params);
}

void hdl_pull(sess *s, const json_t *params, hdl_reply *r) {
  const char *uri;
  if (S_failed(par_text_document_read(params, &uri, r->error, sizeof r->error), r)) return;
  ds_doc *d = S_open_doc(s, uri, r);
  if (!d) return;
  const fnd_set *found = sess_findings(s, d);
  feat_env env = sess_env(s, d, found);
  r->result = json_pack("{s:s,s:o}", "kind", "full", "items", diag_compute(&env, d->d, found));
}
