/* handlers: one function per LSP method, grouped by feature area. Each reads its params
 * (params.h), asks the features (feat.h) or the session's state for the answer and fills a reply; the
 * dispatch table (dispatch.c) calls them once the lifecycle allows it. A handler never sends
 * its own reply; it may send other messages (notifications, requests to the client). */
#ifndef PYLORE_HANDLERS_H
#define PYLORE_HANDLERS_H

#include <jansson.h>

#include "params.h"
#include "rpc.h"
#include "sess_state.h"

/* What a request handler answers: a result, or an error. */
typedef struct {
  json_t *result;    /* new reference on success */
  int error_code;    /* nonzero on failure */
  char error[256];
} hdl_reply;

typedef void (*hdl_request_fn)(sess *s, const json_t *params, hdl_reply *r);
typedef void (*hdl_notify_fn)(sess *s, const json_t *params);

/* handle_lifecycle.c: initialize, shutdown, $/setTrace. */
void hdl_initialize(sess *s, const json_t *params, hdl_reply *r);
void hdl_shutdown(sess *s, const json_t *params, hdl_reply *r);
void hdl_set_trace(sess *s, const json_t *params);

/* handle_documents.c: didOpen, didChange, didClose and the diagnostics they publish. */
void hdl_did_open(sess *s, const json_t *params);
void hdl_did_change(sess *s, const json_t *params);
void hdl_did_close(sess *s, const json_t *params);

/* handle_features.c: the requests on a document answered by a feature. */
void hdl_hover(sess *s, const json_t *params, hdl_reply *r);
void hdl_show_note(sess *s, const json_t *params, hdl_reply *r);
void hdl_inlay(sess *s, const json_t *params, hdl_reply *r);
void hdl_inlay_resolve(sess *s, const json_t *params, hdl_reply *r);
void hdl_pull(sess *s, const json_t *params, hdl_reply *r);
void hdl_code_action(sess *s, const json_t *params, hdl_reply *r);
/* A document and position (read by params.h) answered by `feature`: hover, showNote, and
 * pylore.showNote's {textDocument, position}. Fails when the document is not open. */
void hdl_at_position(sess *s, const par_text_position *p, hdl_reply *r,
                     json_t *(*feature)(const feat_env *, doc *, doc_position));

/* handle_commands.c: workspace/executeCommand (pylore.showNote). */
void hdl_execute_command(sess *s, const json_t *params, hdl_reply *r);

#endif
