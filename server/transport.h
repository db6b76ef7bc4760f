/* transport: LSP base-protocol framing over file descriptors.
 * A message is a header block ("Name: value\r\n" lines, ended by an empty line) and a body
 * of exactly Content-Length bytes. Header names are case-insensitive and may come in any
 * order; Content-Type is accepted and ignored. The reader copes with partial reads and with
 * several messages arriving in one read. A broken header or a body over the size limit is
 * skipped (reported as TP_SKIPPED with a reason) and reading goes on with the next message.
 * Output goes through a writer thread with its own queue (tp_writer), so that the session
 * keeps reading its input (cancellations, newer changes) however slowly the client reads
 * its output: a server blocked in write() while its client is blocked writing to it is a
 * deadlock. No JSON here: bodies are opaque bytes. Allocation failures abort (xalloc.h). */
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
 * 0 means TP_DEFAULT_MAX_MESSAGE. */
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
 * writes and EINTR; blocks until it is written. Not synchronised: one thread writes a given
 * descriptor (the tp_writer's). Returns 0, or -1 on error (errno set). */
int tp_write(int fd, const char *body, size_t len);

/* ---- the writer: an outgoing queue drained by a thread of its own ---- */

/* The queue is unbounded in messages; its bytes are bounded so that a client that never
 * reads cannot make the server take all the machine's memory. */
#define TP_DEFAULT_MAX_QUEUED ((size_t)1024 * 1024 * 1024)

typedef struct tp_writer tp_writer;

typedef enum {
  TP_SENT = 0,            /* queued */
  TP_SENT_QUEUE_GREW = 1, /* queued, and the queue just passed 8 MB, 16 MB, 32 MB...: worth a
                             log line (tp_writer_stats says how much) */
  TP_SEND_FAILED = -1,    /* an earlier write failed (the client is gone); dropped */
  TP_SEND_OVERFLOW = -2   /* queueing it would pass max_queued; dropped */
} tp_send_status;

/* Starts a writer thread on `fd` (not owned, never closed). `max_queued` bounds the bytes
 * waiting to be written; 0 means TP_DEFAULT_MAX_QUEUED. NULL when the thread cannot start. */
tp_writer *tp_writer_new(int fd, size_t max_queued);
/* Queues one body, taking it (a malloc'd block, freed by the writer, also when dropped).
 * Never blocks on the descriptor. Thread-safe: messages are written whole, in the order
 * in which tp_writer_send was entered. */
tp_send_status tp_writer_send(tp_writer *w, char *body, size_t len);
/* Waits until everything queued so far is written (or writing failed). 0, or -1 on failure. */
int tp_writer_flush(tp_writer *w);
/* Bytes queued now, the most ever queued, and the errno of a failed write (0 if none). Any
 * pointer may be NULL. */
void tp_writer_stats(tp_writer *w, size_t *queued, size_t *peak, int *write_errno);
/* Writes whatever is still queued (blocking until the client has read it or writing fails),
 * stops the thread, frees the writer. Returns 0, or -1 when some message could not be
 * written. NULL is a no-op. */
int tp_writer_free(tp_writer *w);
/* Stops at once, dropping what is queued (a write under way is interrupted, so the last
 * frame may be cut), and frees the writer: for a session that ends because its client
 * stopped reading, when waiting for the client would never end. NULL is a no-op. */
void tp_writer_abort(tp_writer *w);

#endif
