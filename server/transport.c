#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "transport.h"

#include "xalloc.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A header block is a few dozen bytes in practice; the limit only stops a peer that never
 * sends the empty line from making us buffer without bound. */
#define S_HEADER_MAX 8192
/* Reads ask for at least this much room, so a large body arrives in few system calls. */
#define S_READ_MIN 4096
#define S_BUF_INITIAL 65536
/* A body buffer starts no larger than this whatever Content-Length claims, so a peer that
 * announces a big body and never sends it costs us only what it actually sent. */
#define S_BODY_INITIAL 65536

typedef enum {
  S_HEADER,      /* waiting for a complete header block */
  S_BODY,        /* copying body bytes into r->body */
  S_DRAIN,       /* discarding the body of an oversized message */
  S_SKIP_HEADER, /* discarding the rest of an overlong header block */
  S_RESYNC       /* after a broken header: discarding until a known header name */
} S_state;

struct tp_reader {
  int fd;
  size_t max_message;

  char *buf; /* bytes read but not yet consumed live in buf[start, end) */
  size_t cap, start, end;
  size_t scanned; /* in S_HEADER: bytes after start known not to begin "\r\n\r\n" */

  S_state state;
  size_t want;       /* S_BODY: the body length; S_DRAIN: bytes still to discard */
  char *body;        /* S_BODY: the body being assembled */
  size_t body_len, body_cap;

  int eof;      /* read() returned 0: nothing more will arrive */
  int io_errno; /* read() failed with this errno; latched, the descriptor is unusable */

  /* A result that is ready but not yet handed out. tp_ready can produce one while looking
   * ahead, and tp_read returns it before reading anything new. */
  int has_pending;
  tp_status pending;
  char *pending_body;
  size_t pending_len;
  char pending_err[200];
};

tp_reader *tp_reader_new(int fd, size_t max_message) {
  tp_reader *r = xcalloc(1, sizeof *r);
  r->buf = xmalloc(S_BUF_INITIAL);
  r->cap = S_BUF_INITIAL;
  r->fd = fd;
  r->max_message = max_message ? max_message : TP_DEFAULT_MAX_MESSAGE;
  r->state = S_HEADER;
  return r;
}

void tp_reader_free(tp_reader *r) {
  if (!r) return;
  free(r->buf);
  free(r->body);
  free(r->pending_body);
  free(r);
}

/* ---- helpers on bytes ---- */

static int S_lower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

/* Compares n bytes ASCII-case-insensitively with a lowercase `lit`. Locale-free on purpose:
 * header names are ASCII, and strcasecmp would depend on the process locale. */
static int S_ieq(const char *s, size_t n, const char *lit) {
  if (strlen(lit) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (S_lower((unsigned char)s[i]) != lit[i]) return 0;
  return 1;
}

static int S_is_blank(char c) { return c == ' ' || c == '\t'; }

/* Writes a reason to the pending slot. Bytes from the peer are shown with anything
 * unprintable replaced, so a log line never carries control characters. */
static void S_reason(tp_reader *r, const char *what, const char *sample, size_t n) {
  char shown[48];
  size_t k = 0;
  for (size_t i = 0; sample && i < n && k + 4 < sizeof shown; i++) {
    unsigned char c = (unsigned char)sample[i];
    shown[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
  }
  if (sample && n > k) {
    shown[k++] = '.';
    shown[k++] = '.';
    shown[k++] = '.';
  }
  shown[k] = '\0';
  if (sample)
    snprintf(r->pending_err, sizeof r->pending_err, "%s: \"%s\"", what, shown);
  else
    snprintf(r->pending_err, sizeof r->pending_err, "%s", what);
}

static void S_emit(tp_reader *r, tp_status st, char *body, size_t len) {
  r->has_pending = 1;
  r->pending = st;
  r->pending_body = body;
  r->pending_len = len;
}

/* ---- the header block ---- */

/* Parses the lines of a header block (without its final empty line). Returns 0 and the
 * Content-Length, or -1 with the reason already in the pending slot. */
static int S_parse_header(tp_reader *r, const char *p, size_t n, size_t *length) {
  int have = 0;
  size_t value = 0;
  while (n > 0) {
    /* Every line in the block ends with "\r\n": the block was cut right after one. */
    size_t line_len = 0;
    while (!(p[line_len] == '\r' && p[line_len + 1] == '\n')) line_len++;
    const char *colon = memchr(p, ':', line_len);
    if (!colon) {
      S_reason(r, "header line without a colon", p, line_len);
      return -1;
    }
    const char *name = p, *name_end = colon;
    while (name < name_end && S_is_blank(*name)) name++;
    while (name_end > name && S_is_blank(name_end[-1])) name_end--;
    if (S_ieq(name, (size_t)(name_end - name), "content-length")) {
      const char *v = colon + 1, *v_end = p + line_len;
      while (v < v_end && S_is_blank(*v)) v++;
      while (v_end > v && S_is_blank(v_end[-1])) v_end--;
      if (v == v_end) {
        S_reason(r, "empty Content-Length", NULL, 0);
        return -1;
      }
      if (*v == '-') {
        S_reason(r, "negative Content-Length", p, line_len);
        return -1;
      }
      size_t x = 0;
      for (const char *q = v; q < v_end; q++) {
        if (*q < '0' || *q > '9') {
          S_reason(r, "non-numeric Content-Length", p, line_len);
          return -1;
        }
        unsigned d = (unsigned)(*q - '0');
        if (x > (SIZE_MAX - d) / 10) {
          /* No real body is this large; the header is garbage, and draining it would eat
           * the rest of the stream. */
          S_reason(r, "Content-Length out of range", p, line_len);
          return -1;
        }
        x = x * 10 + d;
      }
      if (have && x != value) {
        S_reason(r, "conflicting Content-Length headers", NULL, 0);
        return -1;
      }
      have = 1;
      value = x;
    }
    /* Other headers (Content-Type, or anything a client invents) are ignored. */
    p += line_len + 2;
    n -= line_len + 2;
  }
  if (!have) {
    S_reason(r, "header block without Content-Length", NULL, 0);
    return -1;
  }
  *length = value;
  return 0;
}

/* Looks for "\r\n\r\n" in s[from, n). Returns its offset, or n when absent. */
static size_t S_find_end(const char *s, size_t from, size_t n) {
  for (size_t i = from; i + 4 <= n; i++)
    if (s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == '\r' && s[i + 3] == '\n') return i;
  return n;
}

/* In S_RESYNC: where a "Content-Length:" or "Content-Type:" header may begin. Returns 1 and
 * its offset, or 0 with *at set to the first offset that could still turn into one once more
 * bytes arrive (everything before it is garbage). */
static int S_find_header_name(const char *s, size_t n, size_t *at) {
  static const char *const names[] = {"content-length", "content-type"};
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
      const char *name = names[k];
      size_t nl = strlen(name), j = 0;
      while (j < nl && i + j < n && S_lower((unsigned char)s[i + j]) == name[j]) j++;
      if (i + j == n) { /* the buffer ended inside a possible match */
        *at = i;
        return 0;
      }
      if (j < nl) continue;
      size_t c = i + nl, blanks = 0;
      while (c < n && S_is_blank(s[c]) && blanks < 64) c++, blanks++;
      if (c == n) {
        *at = i;
        return 0;
      }
      if (s[c] == ':') {
        *at = i;
        return 1;
      }
    }
  }
  *at = n;
  return 0;
}

/* ---- the state machine ---- */

/* Advances on buffered bytes only, never reading. Returns 1 when a result has been placed
 * in the pending slot, 0 when more bytes are needed. */
static int S_step(tp_reader *r) {
  for (;;) {
    char *s = r->buf + r->start;
    size_t avail = r->end - r->start;
    switch (r->state) {
      case S_HEADER: {
        /* Stray line ends between messages (some clients send a newline after the body)
         * carry no information; dropping them silently costs nothing. */
        size_t lead = 0;
        while (lead < avail && (s[lead] == '\r' || s[lead] == '\n')) lead++;
        if (lead) {
          r->start += lead;
          r->scanned = 0;
          continue;
        }
        size_t from = r->scanned;
        size_t at = S_find_end(s, from, avail);
        if (at == avail) {
          if (avail >= S_HEADER_MAX) {
            S_reason(r, "header block longer than 8192 bytes", s, 40);
            r->state = S_SKIP_HEADER;
            S_emit(r, TP_SKIPPED, NULL, 0);
            return 1;
          }
          r->scanned = avail >= 3 ? avail - 3 : 0;
          return 0;
        }
        size_t block = at + 4;
        r->scanned = 0;
        if (block > S_HEADER_MAX) {
          S_reason(r, "header block longer than 8192 bytes", s, 40);
          r->start += block;
          r->state = S_RESYNC;
          S_emit(r, TP_SKIPPED, NULL, 0);
          return 1;
        }
        size_t length = 0;
        /* The block handed over keeps the "\r\n" of its last line so every line ends alike. */
        int rc = S_parse_header(r, s, at + 2, &length);
        r->start += block;
        if (rc != 0) {
          /* The body of a message without a usable length cannot be delimited, so the next
           * header is looked for by name rather than assumed to start right here. */
          r->state = S_RESYNC;
          S_emit(r, TP_SKIPPED, NULL, 0);
          return 1;
        }
        if (length > r->max_message) {
          snprintf(r->pending_err, sizeof r->pending_err,
                   "message body of %zu bytes exceeds the limit of %zu bytes", length,
                   r->max_message);
          r->state = S_DRAIN;
          r->want = length;
          S_emit(r, TP_SKIPPED, NULL, 0);
          return 1;
        }
        r->state = S_BODY;
        r->want = length;
        r->body_len = 0;
        continue;
      }
      case S_BODY: {
        size_t need = r->want - r->body_len;
        size_t n = avail < need ? avail : need;
        if ((n > 0 || need == 0) && r->body_len + n + 1 > r->body_cap) {
          /* Geometric growth keeps copies amortised; the cap avoids slack past the end. */
          size_t ncap = r->body_cap ? r->body_cap * 2 : S_BODY_INITIAL;
          if (ncap < r->body_len + n + 1) ncap = r->body_len + n + 1;
          if (ncap > r->want + 1) ncap = r->want + 1;
          r->body = xrealloc(r->body, ncap);
          r->body_cap = ncap;
        }
        if (n > 0) memcpy(r->body + r->body_len, s, n);
        r->body_len += n;
        r->start += n;
        if (r->body_len < r->want) return 0;
        r->body[r->body_len] = '\0';
        S_emit(r, TP_MESSAGE, r->body, r->body_len);
        r->body = NULL;
        r->body_cap = r->body_len = 0;
        r->state = S_HEADER;
        return 1;
      }
      case S_DRAIN: {
        size_t n = avail < r->want ? avail : r->want;
        r->start += n;
        r->want -= n;
        if (r->want > 0) return 0;
        r->state = S_HEADER;
        r->scanned = 0;
        continue;
      }
      case S_SKIP_HEADER: {
        size_t at = S_find_end(s, 0, avail);
        if (at == avail) {
          /* Keep three bytes: the terminator may straddle this read and the next. */
          if (avail > 3) r->start += avail - 3;
          return 0;
        }
        r->start += at + 4;
        r->state = S_RESYNC;
        continue;
      }
      case S_RESYNC: {
        size_t at = 0;
        int found = S_find_header_name(s, avail, &at);
        r->start += at;
        if (!found) return 0;
        r->state = S_HEADER;
        r->scanned = 0;
        continue;
      }
    }
    return 0;
  }
}

/* Makes room for a read: drops consumed bytes, then grows when the unconsumed ones still
 * fill the buffer. */
static void S_make_room(tp_reader *r) {
  if (r->start == r->end) r->start = r->end = 0;
  if (r->cap - r->end >= S_READ_MIN) return;
  if (r->start > 0) {
    memmove(r->buf, r->buf + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
  }
  if (r->cap - r->end >= S_READ_MIN) return;
  r->cap *= 2;
  r->buf = xrealloc(r->buf, r->cap);
}

/* Hands the pending result to the caller. */
static tp_status S_take(tp_reader *r, char **body, size_t *len, char *err, size_t errlen) {
  tp_status st = r->pending;
  if (st == TP_MESSAGE) {
    if (body)
      *body = r->pending_body;
    else
      free(r->pending_body);
    if (len) *len = r->pending_len;
  } else if (err && errlen > 0) {
    snprintf(err, errlen, "%s", r->pending_err);
  }
  r->has_pending = 0;
  r->pending_body = NULL;
  r->pending_len = 0;
  r->pending_err[0] = '\0';
  return st;
}

tp_status tp_read(tp_reader *r, char **body, size_t *len, char *err, size_t errlen) {
  if (body) *body = NULL;
  if (len) *len = 0;
  if (err && errlen > 0) err[0] = '\0';
  if (!r) {
    if (err && errlen > 0) snprintf(err, errlen, "no reader");
    return TP_IO_ERROR;
  }
  for (;;) {
    if (r->has_pending || S_step(r)) return S_take(r, body, len, err, errlen);
    if (r->eof) return TP_EOF;
    if (r->io_errno) {
      if (err && errlen > 0) snprintf(err, errlen, "read: %s", strerror(r->io_errno));
      return TP_IO_ERROR;
    }
    S_make_room(r);
    ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
    if (n > 0) {
      r->end += (size_t)n;
    } else if (n == 0) {
      r->eof = 1;
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      /* A non-blocking descriptor: the contract is to block, so wait for it. */
      struct pollfd p = {.fd = r->fd, .events = POLLIN};
      (void)poll(&p, 1, -1);
    } else {
      r->io_errno = errno;
    }
  }
}

int tp_ready(tp_reader *r) {
  if (!r) return 0;
  if (r->has_pending || S_step(r)) return 1;
  if (r->eof || r->io_errno) return 1;
  struct pollfd p = {.fd = r->fd, .events = POLLIN};
  int rc = poll(&p, 1, 0);
  /* POLLHUP and POLLERR count too: read() would return at once with EOF or an error. */
  return rc > 0 && p.revents != 0;
}

/* ---- writing ---- */

static int S_write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        struct pollfd pf = {.fd = fd, .events = POLLOUT};
        (void)poll(&pf, 1, -1);
        continue;
      }
      return -1;
    }
    if (w == 0) { /* never expected for n > 0; retrying could spin forever */
      errno = EIO;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int tp_write(int fd, const char *body, size_t len) {
  if (!body && len > 0) {
    errno = EINVAL;
    return -1;
  }
  char header[64];
  int hn = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", len);
  if (hn < 0 || (size_t)hn >= sizeof header) return -1;
  int rc = S_write_all(fd, header, (size_t)hn);
  if (rc == 0 && len > 0) rc = S_write_all(fd, body, len);
  return rc;
}

/* ---- the writer thread ---- */

typedef struct S_out {
  struct S_out *next;
  size_t len;
  char *body;
} S_out;

struct tp_writer {
  int fd;
  size_t max_queued;
  pthread_t tid;
  pthread_mutex_t lock;
  pthread_cond_t wake;    /* signalled when a message is queued or closing starts */
  pthread_cond_t drained; /* signalled when the queue empties or writing failed */
  S_out *head, *tail;
  size_t queued;      /* bytes of the bodies in the queue */
  size_t peak;        /* the largest `queued` seen */
  size_t next_report; /* the queue size whose crossing is reported next */
  int closing;
  int failed;        /* write() failed: the client is gone; queued messages are dropped */
  int write_errno;
};

#define S_REPORT_FIRST ((size_t)8 * 1024 * 1024)

static void S_free_out(void *arg) {
  S_out *o = arg;
  free(o->body);
  free(o);
}

static void *S_writer_run(void *arg) {
  tp_writer *w = arg;
  /* Cancellation (tp_writer_abort) may only interrupt the write itself, where no lock is
   * held: a client that reads nothing would otherwise keep the thread in write() forever. */
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
  pthread_mutex_lock(&w->lock);
  for (;;) {
    while (!w->head && !w->closing) pthread_cond_wait(&w->wake, &w->lock);
    if (!w->head) break; /* closing, and everything is written */
    S_out *o = w->head;
    w->head = o->next;
    if (!w->head) w->tail = NULL;
    int failed = w->failed;
    /* The lock is not held while writing: that is the point of this thread, the session
     * keeps queueing (and reading its input) while a slow client holds the pipe full. */
    pthread_mutex_unlock(&w->lock);
    int rc = -1, err = 0;
    if (!failed) {
      pthread_cleanup_push(S_free_out, o);
      pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
      rc = tp_write(w->fd, o->body, o->len);
      err = errno;
      pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
      pthread_cleanup_pop(0);
    }
    size_t len = o->len;
    S_free_out(o);
    pthread_mutex_lock(&w->lock);
    w->queued -= len;
    if (rc != 0 && !w->failed) {
      w->failed = 1;
      w->write_errno = err;
    }
    if (!w->head) pthread_cond_broadcast(&w->drained);
  }
  pthread_cond_broadcast(&w->drained);
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

tp_writer *tp_writer_new(int fd, size_t max_queued) {
  tp_writer *w = xcalloc(1, sizeof *w);
  w->fd = fd;
  w->max_queued = max_queued ? max_queued : TP_DEFAULT_MAX_QUEUED;
  w->next_report = S_REPORT_FIRST;
  pthread_mutex_init(&w->lock, NULL);
  pthread_cond_init(&w->wake, NULL);
  pthread_cond_init(&w->drained, NULL);
  if (pthread_create(&w->tid, NULL, S_writer_run, w) != 0) {
    pthread_cond_destroy(&w->drained);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
    return NULL;
  }
  return w;
}

tp_send_status tp_writer_send(tp_writer *w, char *body, size_t len) {
  S_out *o = xmalloc(sizeof *o);
  o->next = NULL;
  o->len = len;
  o->body = body;
  pthread_mutex_lock(&w->lock);
  tp_send_status st = TP_SENT;
  if (w->failed) {
    st = TP_SEND_FAILED;
  } else if (w->queued + len > w->max_queued) {
    st = TP_SEND_OVERFLOW;
  } else {
    if (w->tail)
      w->tail->next = o;
    else
      w->head = o;
    w->tail = o;
    w->queued += len;
    if (w->queued > w->peak) w->peak = w->queued;
    if (w->queued >= w->next_report) {
      while (w->next_report <= w->queued) w->next_report *= 2;
      st = TP_SENT_QUEUE_GREW;
    }
    pthread_cond_signal(&w->wake);
  }
  pthread_mutex_unlock(&w->lock);
  if (st == TP_SEND_FAILED || st == TP_SEND_OVERFLOW) {
    free(body);
    free(o);
  }
  return st;
}

void tp_writer_stats(tp_writer *w, size_t *queued, size_t *peak, int *write_errno) {
  pthread_mutex_lock(&w->lock);
  if (queued) *queued = w->queued;
  if (peak) *peak = w->peak;
  if (write_errno) *write_errno = w->failed ? w->write_errno : 0;
  pthread_mutex_unlock(&w->lock);
}

int tp_writer_flush(tp_writer *w) {
  pthread_mutex_lock(&w->lock);
  while (w->head && !w->failed) pthread_cond_wait(&w->drained, &w->lock);
  int rc = w->failed ? -1 : 0;
  pthread_mutex_unlock(&w->lock);
  return rc;
}

static int S_writer_end(tp_writer *w, int abort_now) {
  pthread_mutex_lock(&w->lock);
  w->closing = 1;
  if (abort_now) w->failed = 1;
  pthread_cond_signal(&w->wake);
  pthread_mutex_unlock(&w->lock);
  if (abort_now) pthread_cancel(w->tid);
  pthread_join(w->tid, NULL);
  int rc = w->failed ? -1 : 0;
  for (S_out *o = w->head, *next; o; o = next) { /* left when the thread was cancelled */
    next = o->next;
    S_free_out(o);
  }
  pthread_cond_destroy(&w->drained);
  pthread_cond_destroy(&w->wake);
  pthread_mutex_destroy(&w->lock);
  free(w);
  return rc;
}

int tp_writer_free(tp_writer *w) { return w ? S_writer_end(w, 0) : 0; }

void tp_writer_abort(tp_writer *w) {
  if (w) S_writer_end(w, 1);
}
