/* Fuzz target: arbitrary bytes on the server's input, through the transport's framing and
 * the JSON-RPC classification, to the reply the session would send. Checks what must hold
 * for any input: the reader ends (EOF) without error, bodies come out NUL-terminated with
 * the length the header gave, every classified message yields a reply or nothing as the
 * spec says, and each reply is one JSON-RPC object that survives framing and re-reading. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rpc.h"
#include "transport.h"
#include "xalloc.h"

static int S_in = -1, S_out = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  xalloc_init();
  /* Files, not pipes: an input larger than a pipe's buffer must not block the writer. */
  FILE *a = tmpfile(), *b = tmpfile();
  if (!a || !b) abort();
  S_in = dup(fileno(a));
  S_out = dup(fileno(b));
  return 0;
}

static void S_rewind(int fd, const uint8_t *data, size_t size) {
  if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0) abort();
  size_t done = 0;
  while (done < size) {
    ssize_t w = write(fd, data + done, size - done);
    if (w <= 0) abort();
    done += (size_t)w;
  }
  if (lseek(fd, 0, SEEK_SET) != 0) abort();
}

/* The reply the session sends for a message, as in session.c's main loop. */
static json_t *S_reply(const rpc_message *m) {
  switch (m->kind) {
    case RPC_REQUEST:
      /* Echo the params back as the result: exercises the builder on client-made JSON. */
      return rpc_make_result(m->id, m->params ? json_deep_copy(m->params) : NULL);
    case RPC_INVALID:
      return rpc_make_error(m->id, m->error_code, m->error_message, NULL);
    case RPC_NOTIFICATION:
      return rpc_make_notification(m->method, m->params ? json_incref(m->params) : NULL);
    case RPC_RESPONSE:
      return NULL;
  }
  abort();
}

static void S_check_reply(json_t *reply) {
  size_t len = 0;
  char *body = rpc_dump(reply, &len);
  if (!body || len != strlen(body)) abort();
  /* Framed and read back, the reply is the same bytes, and it parses as JSON-RPC. */
  if (ftruncate(S_out, 0) != 0 || lseek(S_out, 0, SEEK_SET) != 0) abort();
  if (tp_write(S_out, body, len) != 0) abort();
  if (lseek(S_out, 0, SEEK_SET) != 0) abort();
  tp_reader *r = tp_reader_new(S_out, 0);
  char *back = NULL;
  size_t back_len = 0;
  if (tp_read(r, &back, &back_len, NULL, 0) != TP_MESSAGE) abort();
  if (back_len != len || memcmp(back, body, len) != 0) abort();
  if (tp_read(r, NULL, NULL, NULL, 0) != TP_EOF) abort();
  rpc_message m;
  if (rpc_parse(back, back_len, &m) != 0) abort();
  if (json_object_get(reply, "method")) {
    if (m.kind != RPC_NOTIFICATION && m.kind != RPC_REQUEST) abort();
  } else if (m.kind != RPC_RESPONSE) {
    abort();
  }
  rpc_message_clear(&m);
  free(back);
  tp_reader_free(r);
  free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  S_rewind(S_in, data, size);
  /* A small size limit so that the oversized-body path is reached by small inputs. */
  tp_reader *r = tp_reader_new(S_in, 1024);
  for (size_t guard = 0;; guard++) {
    if (guard > size + 1) abort(); /* every result consumes input: more means a loop */
    char *body = NULL, err[256];
    size_t len = 0;
    tp_status st = tp_read(r, &body, &len, err, sizeof err);
    if (st == TP_EOF) break;
    if (st == TP_IO_ERROR) abort();
    if (st == TP_SKIPPED) {
      if (body || !err[0]) abort();
      continue;
    }
    if (!body || body[len] != '\0' || len > 1024) abort();
    rpc_message m;
    int rc = rpc_parse(body, len, &m);
    if ((rc == 0) != (m.kind != RPC_INVALID)) abort();
    if (m.kind == RPC_REQUEST || m.kind == RPC_NOTIFICATION) {
      if (!m.method) abort();
      if (m.params && !json_is_object(m.params) && !json_is_array(m.params)) abort();
    }
    json_t *reply = S_reply(&m);
    if (reply) {
      S_check_reply(reply);
      json_decref(reply);
    }
    rpc_message_clear(&m);
    free(body);
  }
  tp_reader_free(r);
  return 0;
}
