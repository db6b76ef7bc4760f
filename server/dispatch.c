#include "dispatch.h"

#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "log.h"

static const struct {
  const char *method;
  hdl_request_fn fn;
} S_requests[] = {
    {"initialize", hdl_initialize},
    {"shutdown", hdl_shutdown},
    {"textDocument/hover", hdl_hover},
    {"textDocument/inlayHint", hdl_inlay},
    {"inlayHint/resolve", hdl_inlay_resolve},
    {"textDocument/diagnostic", hdl_pull},
    {"pylore/showNote", hdl_show_note},
    {"textDocument/codeAction", hdl_code_action},
    {"workspace/executeCommand", hdl_execute_command},
};

static const struct {
  const char *method;
  hdl_notify_fn fn;
} S_notifications[] = {
    {"textDocument/didOpen", hdl_did_open},
    {"textDocument/didChange", hdl_did_change},
    {"textDocument/didClose", hdl_did_close},
    {"$/setTrace", hdl_set_trace},
};

static void S_handle_request(sess *s, rpc_message *m) {
  if (s->state == SESS_SHUT_DOWN) {
    out_reply_error(&s->out, m->id, RPC_INVALID_REQUEST, "the server is shut down");
    return;
  }
  bool is_init = strcmp(m->method, "initialize") == 0;
  if (s->state == SESS_UNINITIALIZED && !is_init) {
    out_reply_error(&s->out, m->id, RPC_SERVER_NOT_INITIALIZED, "the server is not initialized");
    return;
  }
  if (s->state == SESS_RUNNING && is_init) {
    out_reply_error(&s->out, m->id, RPC_INVALID_REQUEST, "initialize was already received");
    return;
  }
  if (ib_cancelled(&s->inbox, m->id)) {
    out_reply_error(&s->out, m->id, RPC_REQUEST_CANCELLED, "cancelled");
    return;
  }
  for (size_t i = 0; i < sizeof S_requests / sizeof S_requests[0]; i++) {
    if (strcmp(S_requests[i].method, m->method) != 0) continue;
    if (m->params && !json_is_object(m->params) && !is_init && strcmp(m->method, "shutdown") != 0) {
      out_reply_error(&s->out, m->id, RPC_INVALID_PARAMS, "params must be an object");
      return;
    }
    hdl_reply r = {0};
    S_requests[i].fn(s, m->params, &r);
    if (r.error_code) {
      json_decref(r.result);
      out_reply_error(&s->out, m->id, r.error_code, r.error);
    } else if (!r.result) {
      /* A handler that neither answered nor failed hit a bug (memory cannot run out here:
       * xalloc.h); json null would pass for "nothing here". */
      log_error("internal error: %s produced no result", m->method);
      out_reply_error(&s->out, m->id, RPC_INTERNAL_ERROR,
                      "internal error: the request produced no result");
    } else {
      out_send(&s->out, rpc_make_result(m->id, r.result));
    }
    return;
  }
  char msg[200];
  snprintf(msg, sizeof msg, "unknown method %.150s", m->method);
  out_reply_error(&s->out, m->id, RPC_METHOD_NOT_FOUND, msg);
}

static void S_handle_notification(sess *s, rpc_message *m) {
  if (strcmp(m->method, "exit") == 0) {
    s->exit_requested = true;
    return;
  }
  /* Before initialize, notifications other than exit are dropped (LSP says so). */
  if (s->state != SESS_RUNNING) return;
  for (size_t i = 0; i < sizeof S_notifications / sizeof S_notifications[0]; i++) {
    if (strcmp(S_notifications[i].method, m->method) == 0) {
      if (!json_is_object(m->params)) {
        log_warn("%s: params must be an object", m->method);
        return;
      }
      S_notifications[i].fn(s, m->params);
      return;
    }
  }
  /* Unknown notifications, $/ ones included, are ignored. */
  log_debug("ignored notification %s", m->method);
}

void dsp_message(sess *s, rpc_message *m) {
  switch (m->kind) {
  case RPC_REQUEST:
    S_handle_request(s, m);
    break;
  case RPC_NOTIFICATION:
    S_handle_notification(s, m);
    break;
  case RPC_RESPONSE:
    break; /* the answers to window/showDocument: nothing to do with them */
  case RPC_INVALID:
    out_reply_error(&s->out, m->id, m->error_code, m->error_message);
    break;
  }
}
