/* transport: LSP base-protocol framing over file descriptors.
 * A message is a header block ("Name: value\r\n" lines, ended by an empty line) and a body
 * of exactly Content-Length bytes. Header names are case-insensitive and may come in any
 * order; Content-Type is accepted and ignored. The reader copes with partial reads and with
 * several messages arriving in one read. A broken header or a body over the size limit is
 * skipped (reported as TP_SKIPPED with a reason) and reading goes on with the next message.
 * No JSON here: bodies are opaque bytes. */
#ifndef PYLORE_TRANSPORT_H
#define PYLORE_TRANSPORT_H

#include <stddef.h>

#define TP_DEFAULT_MAX_MESSAGE ((size_t)64 * 1024 * 1024)

typedef struct tp_reader tp_reader;

typedef enum {
  TP_MESSAGE = 1,  /* *body holds a message */
  TP_EOF = 0,      /* the peer closed the stream (a partial message at EOF is dropped) */
  TP_SKIPPED = -1, /* a message was malformed or too large and was skipped; see err */
  TP_IO_ERROR = -2 /* read() failed; see err */
} tp_status;

/* Creates a reader on `fd` (not owned, never closed). `max_message` bounds a body's size;
 * 0 means TP_DEFAULT_MAX_MESSAGE. Returns NULL when out of memory. */
tp_reader *tp_reader_new(int fd, size_t max_message);
/* Frees the reader and anything buffered. NULL is a no-op. */
void tp_reader_free(tp_reader *r);

/* Blocks until a whole message is available, the stream ends or a message must be skipped.
 * On TP_MESSAGE, *body is a malloc'd, NUL-terminated copy of the body (the caller frees it)
 * and *len its length without the NUL. On TP_SKIPPED and TP_IO_ERROR a reason is written to
 * err (when errlen > 0) and *body is NULL. An oversized body is drained without buffering. */
tp_status tp_read(tp_reader *r, char **body, size_t *len, char *err, size_t errlen);

/* Nonzero when tp_read can return without blocking: a complete message (or EOF, or an
 * error) is already buffered, or bytes are waiting on the descriptor. Lets the session look
 * ahead at queued messages, e.g. to skip analysis of a change that the next one supersedes. */
int tp_ready(tp_reader *r);

/* Writes one framed message (header with Content-Length, then body) to fd, retrying short
 * writes and EINTR. Thread-safe against other tp_write calls. Returns 0, or -1 on error. */
int tp_write(int fd, const char *body, size_t len);

#endif
