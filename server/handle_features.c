/* The requests on an open document that a feature answers: hover, pylore/showNote, inlay
 * hints and their resolution, pull diagnostics, code actions. */
#include <stdio.h>

#include "convert.h"
#include "handlers.h"

/* Resolves params.textDocument.uri to an open document, or fails the request. */
static ds_doc *S_doc_param(sess *s, const json_t *params, hdl_reply *r) {
  char err[128];
  const char *uri = conv_uri(params, err, sizeof err);
  if (!uri) {
    hdl_invalid(r, err);
    return NULL;
  }
  ds_doc *d = ds_find(s->docs, uri);
  if (!d) {
    r->error_code = RPC_INVALID_PARAMS;
    snprintf(r->error, sizeof r->error, "document not open: %.200s", uri);
  }
  return d;
}

void hdl_at_position(sess *s, const json_t *params, hdl_reply *r,
                     json_t *(*feature)(const feat_env *, doc *, doc_position)) {
  ds_doc *d = S_doc_param(s, params, r);
  if (!d) return;
  doc_position pos;
  char err[128];
  if (conv_position(json_object_get(params, "position"), &pos, err, sizeof err) != 0)
    return hdl_invalid(r, err);
  /* Hover reads the pitfalls of this revision, from the cache (updated first if needed). */
  feat_env env = sess_env(s, d, sess_findings(s, d));
  r->result = feature(&env, d->d, pos);
}

void hdl_hover(sess *s, const json_t *params, hdl_reply *r) {
  hdl_at_position(s, params, r, hover_compute);
}

void hdl_show_note(sess *s, const json_t *params, hdl_reply *r) {
  hdl_at_position(s, params, r, hover_note);
}

/* The document and the `range` of a request; NULL (with the error reply set) when either is
 * missing or invalid. */
static ds_doc *S_doc_range_param(sess *s, const json_t *params, hdl_reply *r, doc_position *a,
                                 doc_position *b) {
  ds_doc *d = S_doc_param(s, params, r);
  if (!d) return NULL;
  char err[128];
  if (conv_range(json_object_get(params, "range"), a, b, err, sizeof err) != 0) {
    hdl_invalid(r, err);
    return NULL;
  }
  return d;
}

void hdl_code_action(sess *s, const json_t *params, hdl_reply *r) {
  doc_position a, b;
  ds_doc *d = S_doc_range_param(s, params, r, &a, &b);
  if (!d) return;
  feat_env env = sess_env(s, d, sess_findings(s, d));
  r->result = action_compute(&env, d->d, a, b,
                             json_object_get(json_object_get(params, "context"), "only"));
}

void hdl_inlay(sess *s, const json_t *params, hdl_reply *r) {
  doc_position a, b;
  ds_doc *d = S_doc_range_param(s, params, r, &a, &b);
  if (!d) return;
  feat_env env = sess_env(s, NULL, NULL);
  r->result = inlay_compute(&env, d->d, a, b);
}

void hdl_inlay_resolve(sess *s, const json_t *params, hdl_reply *r) {
  if (!json_is_object(params) || !json_is_object(json_object_get(params, "position")))
    return hdl_invalid(r, "inlayHint/resolve needs an InlayHint");
  feat_env env = sess_env(s, NULL, NULL);
  r->result = inlay_resolve(&env, params);
}

void hdl_pull(sess *s, const json_t *params, hdl_reply *r) {
  ds_doc *d = S_doc_param(s, params, r);
  if (!d) return;
  const fnd_set *found = sess_findings(s, d);
  feat_env env = sess_env(s, d, found);
  r->result = json_pack("{s:s,s:o}", "kind", "full", "items", diag_compute(&env, d->d, found));
}
