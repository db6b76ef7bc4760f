/* inbox: the messages read from the client ahead of the one being handled. Reading ahead
 * lets a change that the next one supersedes skip its analysis, and a request cancelled
 * before it runs be answered -32800. The inbox owns the queued messages (rpc_message_clear
 * frees each); the reader is the session's. */
#ifndef PYLORE_INBOX_H
#define PYLORE_INBOX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "rpc.h"
#include "transport.h"

typedef struct {
  tp_reader *reader; /* borrowed */
  rpc_message *items;
  size_t head, count, cap;
} ib_queue;

/* Reads one message into the queue, blocking; returns false at the end of input. */
bool ib_read_one(ib_queue *q);
/* Pulls in whatever has already arrived, without waiting (at most 256 messages queued). */
void ib_read_ahead(ib_queue *q);
/* Moves the oldest message into *out (the caller clears it); false when the queue is empty. */
bool ib_pop(ib_queue *q, rpc_message *out);
/* True when a didChange or didClose of `uri` is queued: an analysis of the document's
 * current text would be wasted. */
bool ib_superseded(const ib_queue *q, const char *uri);
/* True when a $/cancelRequest for request `id` is queued. */
bool ib_cancelled(const ib_queue *q, const json_t *id);
/* Frees every queued message and the queue (not the reader). */
void ib_clear(ib_queue *q);

#endif
