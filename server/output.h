/* output: the one way out of the session. Every message goes through the transport's writer
 * queue, never straight to the descriptor: the main loop must go back to reading input
 * whatever the client does with its output. out_send may run on any thread (the log sink
 * calls it); it touches nothing but the writer and the two flags. Also forwards log lines as
 * window/logMessage once the client asked for them with `trace`. */
#ifndef PYLORE_OUTPUT_H
#define PYLORE_OUTPUT_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "log.h"
#include "transport.h"

/* Embedded in the session, which owns the writer (tp_writer_new/_free). */
typedef struct {
  tp_writer *writer;
  size_t max_queued_mb;      /* for the message when the client stops reading */
  /* What the log sink reads, from whichever thread logs: set on the main thread by
   * out_forward_logs once the client may receive window/logMessage. */
  atomic_bool forward_logs;
  atomic_bool failed;        /* the writer refused a message: the session must end */
} out_channel;

/* Serialises and queues `msg` (stolen). A NULL msg (a builder's format/argument mismatch, a
 * bug) is logged. A refusal by the writer sets `failed`, logged once. */
void out_send(out_channel *o, json_t *msg);
/* An error reply to request `id` (borrowed). */
void out_reply_error(out_channel *o, json_t *id, int code, const char *message);
/* A notification; `params` is stolen. */
void out_notify(out_channel *o, const char *method, json_t *params);
/* Switches the forwarding of log lines to the client on or off (main thread). */
void out_forward_logs(out_channel *o, bool on);
/* A log_sink_fn whose userdata is an out_channel: forwards lines as window/logMessage when
 * forwarding is on. */
void out_log_sink(log_level level, const char *msg, void *userdata);

#endif
