#include "inbox.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "params.h"
#include "xalloc.h"

static void S_queue_push(ib_queue *q, rpc_message *m) {
  if (q->head + q->count == q->cap) {
    if (q->head > 0) {
      memmove(q->items, q->items + q->head, q->count * sizeof *q->items);
      q->head = 0;
    } else {
      q->cap = q->cap ? q->cap * 2 : 16;
      q->items = xreallocarray(q->items, q->cap, sizeof *q->items);
    }
  }
  q->items[q->head + q->count++] = *m;
}

bool ib_pop(ib_queue *q, rpc_message *out) {
  if (q->count == 0) return false;
  *out = q->items[q->head++];
  q->count--;
  if (q->count == 0) q->head = 0;
  return true;
}

bool ib_read_one(ib_queue *q) {
  char *body = NULL;
  size_t len = 0;
  char err[256] = "";
  for (;;) {
    tp_status st = tp_read(q->reader, &body, &len, err, sizeof err);
    if (st == TP_MESSAGE) break;
    if (st == TP_SKIPPED) {
      log_warn("skipped a message: %s", err);
      continue;
    }
    if (st == TP_IO_ERROR) log_error("reading the client: %s", err);
    return false;
  }
  rpc_message m;
  rpc_parse(body, len, &m);
  free(body);
  S_queue_push(q, &m);
  return true;
}

void ib_read_ahead(ib_queue *q) {
  while (q->count < 256 && tp_ready(q->reader)) {
    if (!ib_read_one(q)) break;
  }
}

bool ib_superseded(const ib_queue *q, const char *uri) {
  for (size_t i = 0; i < q->count; i++) {
    rpc_message *m = &q->items[q->head + i];
    if (m->kind != RPC_NOTIFICATION || !m->method) continue;
    if (strcmp(m->method, "textDocument/didChange") != 0 &&
        strcmp(m->method, "textDocument/didClose") != 0)
      continue;
    char err[8];
    const char *u;
    if (par_text_document_read(m->params, &u, err, sizeof err) == 0 && strcmp(u, uri) == 0)
      return true;
  }
  return false;
}

bool ib_cancelled(const ib_queue *q, const json_t *id) {
  for (size_t i = 0; i < q->count; i++) {
    rpc_message *m = &q->items[q->head + i];
    if (m->kind != RPC_NOTIFICATION || !m->method || strcmp(m->method, "$/cancelRequest") != 0)
      continue;
    const json_t *cancelled;
    char err[8];
    if (par_cancel_read(m->params, &cancelled, err, sizeof err) == 0 && id &&
        json_equal(cancelled, id))
      return true;
  }
  return false;
}

void ib_clear(ib_queue *q) {
  rpc_message m;
  while (ib_pop(q, &m)) rpc_message_clear(&m);
  free(q->items);
  q->items = NULL;
  q->head = q->count = q->cap = 0;
}
