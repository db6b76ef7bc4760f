#include "output.h"

#include <string.h>

#include "rpc.h"

void out_send(out_channel *o, json_t *msg) {
  if (!msg) {
    /* A builder failed on a format/argument mismatch: a bug in pylore, worth a line. */
    log_error("internal error: a message could not be built");
    return;
  }
  size_t len;
  char *body = rpc_dump(msg, &len);
  json_decref(msg);
  if (!body) {
    log_error("internal error: a message could not be serialised");
    return;
  }
  tp_send_status st = tp_writer_send(o->writer, body, len);
  if (st == TP_SENT) return;
  size_t queued = 0;
  int err = 0;
  tp_writer_stats(o->writer, &queued, NULL, &err);
  if (st == TP_SENT_QUEUE_GREW) {
    log_warn("the client is not reading: %zu MB of output are waiting", queued >> 20);
    return;
  }
  if (!atomic_exchange(&o->failed, true)) {
    if (st == TP_SEND_OVERFLOW)
      log_error("the client is not reading: more than %zu MB of output would be waiting "
                "(--max-output-mb): ending the session",
                o->max_queued_mb ? o->max_queued_mb : TP_DEFAULT_MAX_QUEUED >> 20);
    else
      log_error("cannot write to the client: %s", strerror(err));
  }
}

void out_reply_error(out_channel *o, json_t *id, int code, const char *message) {
  out_send(o, rpc_make_error(id, code, message, NULL));
}

void out_notify(out_channel *o, const char *method, json_t *params) {
  out_send(o, rpc_make_notification(method, params));
}

void out_forward_logs(out_channel *o, bool on) { atomic_store(&o->forward_logs, on); }

/* That includes initialize's own lines (LSP allows logMessage while initialize runs): they
 * say which notes of initializationOptions.notesPaths were rejected, and why. */
void out_log_sink(log_level level, const char *msg, void *userdata) {
  out_channel *o = userdata;
  if (!atomic_load(&o->forward_logs)) return;
  int type = level == LOG_ERROR ? 1 : level == LOG_WARN ? 2 : level == LOG_INFO ? 3 : 4;
  out_notify(o, "window/logMessage", json_pack("{s:i,s:s}", "type", type, "message", msg));
}
