/* sess_state: the session's state, shared by the main loop (session.c), the method table
 * (dispatch.c) and the handlers (handlers.h), and the accessors they share. Not for other
 * modules: they use session.h. Depends on nothing above it (no cycle: session → dispatch →
 * handlers → sess_state).
 * sess_serve owns the state and everything in it: the output channel, the inbox, the
 * settings, the notes (kb, signatures, enabled flags), the parser and analysis context, the
 * open documents. The handlers borrow it for the length of one message. */
#ifndef PYLORE_SESS_STATE_H
#define PYLORE_SESS_STATE_H

#include <jansson.h>
#include <stdbool.h>

#include "analysis.h"
#include "docstore.h"
#include "feat.h"
#include "findings.h"
#include "inbox.h"
#include "kb.h"
#include "output.h"
#include "preload.h"
#include "settings.h"
#include "sig.h"

typedef enum { SESS_UNINITIALIZED, SESS_RUNNING, SESS_SHUT_DOWN } sess_state;

typedef struct sess {
  out_channel out;
  ib_queue inbox;
  const char *cli_lang; /* --lang, or NULL (borrowed from the options) */
  sess_state state;
  bool exit_requested;
  bool initializing; /* inside initialize: LSP lets window/logMessage out already */
  cfg_settings cfg;
  json_int_t next_request_id; /* of our requests to the client (window/showDocument) */
  kb *k;
  sig_table *sigs;
  unsigned char *enabled;
  TSParser *parser;
  an_ctx *an;
  double budget_ms; /* CPU time per analysis */
  ds_store *docs;
  pre_notes preload;
} sess;

/* Called on the main thread whenever what decides log forwarding changes. */
void sess_update_forwarding(sess *s);
/* The findings of the document's current text: cached, or computed now (incrementally
 * after an edit). Borrowed from d's cache: valid until d changes. NULL when unparsable. */
const fnd_set *sess_findings(sess *s, ds_doc *d);
/* The features' environment for document d (may be NULL) and its findings (may be NULL). */
feat_env sess_env(sess *s, const ds_doc *d, const fnd_set *found);

#endif
