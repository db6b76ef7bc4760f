/* Tests for server/transport: framing over real pipes, fed by a writer thread so that the
 * reader sees the bytes the way the kernel delivers them (whole, chunked, or one by one). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "harness.h"
#include "transport.h"
#include "xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* ---- a pipe with a writer thread ---- */

typedef struct {
  int fds[2];
  const char *data;
  size_t len;
  size_t chunk;  /* bytes per write(); 0 means everything at once */
  long delay_ns; /* pause between writes, so the reader really gets partial reads */
  pthread_t thread;
} S_feed;

static void *S_feeder(void *arg) {
  S_feed *f = arg;
  size_t off = 0;
  while (off < f->len) {
    size_t n = f->chunk ? f->chunk : f->len;
    if (n > f->len - off) n = f->len - off;
    ssize_t w = write(f->fds[1], f->data + off, n);
    if (w <= 0) break;
    off += (size_t)w;
    if (f->delay_ns) {
      struct timespec ts = {0, f->delay_ns};
      nanosleep(&ts, NULL);
    }
  }
  close(f->fds[1]);
  return NULL;
}

/* `data` is borrowed until S_close. */
static tp_reader *S_open(S_feed *f, const char *data, size_t len, size_t chunk, long delay_ns,
                         size_t max_message) {
  memset(f, 0, sizeof *f);
  if (pipe(f->fds) != 0) return NULL;
  f->data = data;
  f->len = len;
  f->chunk = chunk;
  f->delay_ns = delay_ns;
  pthread_create(&f->thread, NULL, S_feeder, f);
  return tp_reader_new(f->fds[0], max_message);
}

static void S_close(S_feed *f, tp_reader *r) {
  tp_reader_free(r);
  /* Closing the read end first unblocks a writer stuck on a full pipe after a failed test. */
  close(f->fds[0]);
  pthread_join(f->thread, NULL);
}

#define EXPECT_MSGN(r, want, wantlen)                                                  \
  do {                                                                                 \
    char *b_ = NULL, e_[256];                                                          \
    size_t l_ = 99;                                                                    \
    tp_status st_ = tp_read((r), &b_, &l_, e_, sizeof e_);                             \
    INT_EQ(st_, TP_MESSAGE);                                                           \
    if (st_ != TP_MESSAGE) fprintf(stderr, "  reason: %s\n", e_);                      \
    INT_EQ(l_, (wantlen));                                                             \
    OK(b_ && l_ == (wantlen) && memcmp(b_, (want), l_) == 0 && b_[l_] == '\0');        \
    free(b_);                                                                          \
  } while (0)
#define EXPECT_MSG(r, want) EXPECT_MSGN(r, want, strlen(want))

#define EXPECT_SKIP(r, reason)                                                         \
  do {                                                                                 \
    char *b_ = (char *)"x", e_[256];                                                   \
    size_t l_ = 0;                                                                     \
    tp_status st_ = tp_read((r), &b_, &l_, e_, sizeof e_);                             \
    INT_EQ(st_, TP_SKIPPED);                                                           \
    OK(b_ == NULL);                                                                    \
    if (st_ == TP_MESSAGE) free(b_);                                                   \
    if (!strstr(e_, (reason)))                                                         \
      fprintf(stderr, "%s:%d: reason \"%s\", want \"%s\"\n", __FILE__, __LINE__, e_,  \
              (reason));                                                               \
    OK(strstr(e_, (reason)) != NULL);                                                  \
  } while (0)

#define EXPECT_STATUS(r, want)                                                         \
  do {                                                                                 \
    char *b_ = NULL, e_[256];                                                          \
    size_t l_ = 0;                                                                     \
    tp_status st_ = tp_read((r), &b_, &l_, e_, sizeof e_);                             \
    INT_EQ(st_, (want));                                                               \
    OK(b_ == NULL);                                                                    \
    free(b_);                                                                          \
  } while (0)

/* Runs `stream` through a reader fed in one write; the caller checks the results. */
#define FEED(stream, max)                                                              \
  S_feed f_;                                                                           \
  tp_reader *r = S_open(&f_, (stream), sizeof(stream) - 1, 0, 0, (max));               \
  OK(r != NULL);                                                                       \
  if (!r) return

/* ---- well-formed input ---- */

static void t_one_message(void) {
  FEED("Content-Length: 13\r\n\r\n{\"jsonrpc\":1}", 0);
  EXPECT_MSG(r, "{\"jsonrpc\":1}");
  EXPECT_STATUS(r, TP_EOF);
  EXPECT_STATUS(r, TP_EOF); /* EOF stays EOF */
  S_close(&f_, r);
}

static void t_two_messages_in_one_write(void) {
  FEED("Content-Length: 2\r\n\r\n{}Content-Length: 7\r\n\r\n[1,2,3]", 0);
  EXPECT_MSG(r, "{}");
  EXPECT_MSG(r, "[1,2,3]");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_one_byte_at_a_time(void) {
  static char stream[600];
  char body[301];
  memset(body, 'b', 300);
  body[300] = '\0';
  snprintf(stream, sizeof stream,
           "Content-Length: 5\r\n\r\nhelloContent-Type: x\r\nContent-Length: 300\r\n\r\n%s", body);
  S_feed f;
  tp_reader *r = S_open(&f, stream, strlen(stream), 1, 100000, 0);
  EXPECT_MSG(r, "hello");
  EXPECT_MSG(r, body);
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f, r);
}

static void t_content_type_first(void) {
  FEED("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
       "Content-Length: 4\r\n\r\nnull",
       0);
  EXPECT_MSG(r, "null");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_header_names_case_insensitive(void) {
  FEED("content-length: 2\r\n\r\n{}"
       "CONTENT-LENGTH:3\r\n\r\n[1]"
       "CoNtEnT-lEnGtH \t:  1 \r\ncontent-type: x\r\n\r\n7",
       0);
  EXPECT_MSG(r, "{}");
  EXPECT_MSG(r, "[1]");
  EXPECT_MSG(r, "7");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_unknown_headers_ignored(void) {
  FEED("X-Whatever: yes\r\nContent-Length: 2\r\nX-Other:\r\n\r\n{}", 0);
  EXPECT_MSG(r, "{}");
  S_close(&f_, r);
}

static void t_zero_length(void) {
  FEED("Content-Length: 0\r\n\r\nContent-Length: 2\r\n\r\n{}", 0);
  EXPECT_MSGN(r, "", 0);
  EXPECT_MSG(r, "{}");
  S_close(&f_, r);
}

static void t_stray_line_ends_between_messages(void) {
  FEED("Content-Length: 2\r\n\r\n{}\r\n\nContent-Length: 2\r\n\r\n[]", 0);
  EXPECT_MSG(r, "{}");
  EXPECT_MSG(r, "[]");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_utf8_body_exact(void) {
  /* Content-Length counts bytes: 4 for the emoji, 3 per CJK character. */
  static const char body[] = "{\"s\":\"h\xc3\xa9llo \xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80\"}";
  static char stream[128];
  snprintf(stream, sizeof stream, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
  S_feed f;
  tp_reader *r = S_open(&f, stream, strlen(stream), 3, 0, 0);
  EXPECT_MSGN(r, body, sizeof body - 1);
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f, r);
}

static void t_body_bytes_are_opaque(void) {
  /* NUL and CR LF CR LF inside a body are data, not framing. */
  static const char stream[] = "Content-Length: 7\r\n\r\na\0\r\n\r\nbContent-Length: 1\r\n\r\nz";
  S_feed f;
  tp_reader *r = S_open(&f, stream, sizeof stream - 1, 0, 0, 0);
  EXPECT_MSGN(r, "a\0\r\n\r\nb", 7);
  EXPECT_MSG(r, "z");
  S_close(&f, r);
}

/* ---- broken headers: skipped, and the next message still arrives ---- */

static void t_missing_length_then_good(void) {
  FEED("Content-Type: application/vscode-jsonrpc\r\n\r\n{\"a\":\"Content-Type\"}"
       "Content-Length: 2\r\n\r\n{}",
       0);
  EXPECT_SKIP(r, "without Content-Length");
  EXPECT_MSG(r, "{}");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_non_numeric_length(void) {
  FEED("Content-Length: abc\r\n\r\n{}Content-Length: 12x\r\n\r\n{}Content-Length: +2\r\n\r\n{}"
       "Content-Length: 2\r\n\r\nok",
       0);
  EXPECT_SKIP(r, "non-numeric Content-Length");
  EXPECT_SKIP(r, "non-numeric Content-Length");
  EXPECT_SKIP(r, "non-numeric Content-Length");
  EXPECT_MSG(r, "ok");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_negative_length(void) {
  FEED("Content-Length: -5\r\n\r\nContent-Length: 2\r\n\r\nok", 0);
  EXPECT_SKIP(r, "negative Content-Length");
  EXPECT_MSG(r, "ok");
  S_close(&f_, r);
}

static void t_empty_length(void) {
  FEED("Content-Length:   \r\n\r\nContent-Length: 2\r\n\r\nok", 0);
  EXPECT_SKIP(r, "empty Content-Length");
  EXPECT_MSG(r, "ok");
  S_close(&f_, r);
}

static void t_length_out_of_range(void) {
  FEED("Content-Length: 99999999999999999999999999\r\n\r\n{}Content-Length: 2\r\n\r\nok", 0);
  EXPECT_SKIP(r, "out of range");
  EXPECT_MSG(r, "ok");
  S_close(&f_, r);
}

static void t_conflicting_lengths(void) {
  FEED("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}Content-Length: 2\r\n"
       "Content-Length: 2\r\n\r\nok",
       0);
  EXPECT_SKIP(r, "conflicting");
  EXPECT_MSG(r, "ok"); /* a repeated, agreeing header is harmless */
  S_close(&f_, r);
}

static void t_line_without_colon(void) {
  FEED("garbage line\r\nContent-Length: 2\r\n\r\n{}Content-Length: 2\r\n\r\nok", 0);
  EXPECT_SKIP(r, "without a colon");
  EXPECT_MSG(r, "ok");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static char *S_long_header_stream(size_t *len) {
  size_t n = 10000;
  const char *tail = "\r\nContent-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]";
  char *s = xmalloc(n + strlen(tail) + 16);
  memcpy(s, "X-Big: ", 7);
  memset(s + 7, 'a', n);
  strcpy(s + 7 + n, tail);
  *len = strlen(s);
  return s;
}

static void t_header_block_too_long(void) {
  /* Once in one write (the whole block is seen at once), once in small chunks (the limit is
   * hit before the block ends, and its end straddles reads). */
  size_t chunks[] = {0, 7};
  for (size_t i = 0; i < 2; i++) {
    size_t len = 0;
    char *stream = S_long_header_stream(&len);
    S_feed f;
    tp_reader *r = S_open(&f, stream, len, chunks[i], 0, 0);
    EXPECT_SKIP(r, "longer than 8192");
    EXPECT_MSG(r, "[1]");
    EXPECT_STATUS(r, TP_EOF);
    S_close(&f, r);
    free(stream);
  }
}

static void t_garbage_without_header_end(void) {
  /* No empty line ever comes: the reader must not buffer without bound, and ends at EOF. */
  size_t n = 200000;
  char *s = xmalloc(n);
  for (size_t i = 0; i < n; i++) s[i] = (i % 50 == 49) ? '\n' : 'g';
  S_feed f;
  tp_reader *r = S_open(&f, s, n, 4096, 0, 0);
  EXPECT_SKIP(r, "longer than 8192");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f, r);
  free(s);
}

/* ---- oversized bodies ---- */

static void t_oversized_body_small(void) {
  FEED("Content-Length: 40\r\n\r\n0123456789012345678901234567890123456789"
       "Content-Length: 16\r\n\r\n0123456789abcdef",
       16);
  EXPECT_SKIP(r, "exceeds the limit");
  EXPECT_MSG(r, "0123456789abcdef"); /* exactly at the limit is fine */
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_oversized_body_large(void) {
  /* 1 MiB, full of things that look like frames: all of it must be drained unread. */
  size_t n = 1 << 20;
  const char *fake = "Content-Length: 2\r\n\r\n{}";
  char head[64];
  int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
  const char *tail = "Content-Length: 4\r\n\r\ngood";
  size_t total = (size_t)hn + n + strlen(tail);
  char *s = xmalloc(total);
  memcpy(s, head, (size_t)hn);
  for (size_t i = 0; i < n; i++) s[hn + i] = fake[i % strlen(fake)];
  memcpy(s + hn + n, tail, strlen(tail));
  S_feed f;
  tp_reader *r = S_open(&f, s, total, 5000, 0, 1024);
  EXPECT_SKIP(r, "exceeds the limit of 1024");
  EXPECT_MSG(r, "good");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f, r);
  free(s);
}

static void t_large_body_accepted(void) {
  /* A body larger than the reader's buffers, delivered in odd chunks, arrives intact. */
  size_t n = 300000;
  char head[64];
  int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
  char *s = xmalloc((size_t)hn + n);
  memcpy(s, head, (size_t)hn);
  for (size_t i = 0; i < n; i++) s[hn + i] = (char)('a' + i % 26);
  S_feed f;
  tp_reader *r = S_open(&f, s, (size_t)hn + n, 9999, 0, 0);
  EXPECT_MSGN(r, s + hn, n);
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f, r);
  free(s);
}

/* ---- end of stream and errors ---- */

static void t_eof_in_body(void) {
  FEED("Content-Length: 2\r\n\r\n{}Content-Length: 10\r\n\r\n{\"a\"", 0);
  EXPECT_MSG(r, "{}");
  EXPECT_STATUS(r, TP_EOF); /* the partial message is dropped */
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_eof_in_header(void) {
  FEED("Content-Length: 2\r\nContent-Ty", 0);
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_eof_while_draining(void) {
  FEED("Content-Length: 100\r\n\r\nshort", 10);
  EXPECT_SKIP(r, "exceeds");
  EXPECT_STATUS(r, TP_EOF);
  S_close(&f_, r);
}

static void t_io_error(void) {
  tp_reader *r = tp_reader_new(-1, 0);
  OK(r != NULL);
  char *b = (char *)"x", e[128];
  size_t l = 5;
  INT_EQ(tp_read(r, &b, &l, e, sizeof e), TP_IO_ERROR);
  OK(b == NULL);
  INT_EQ(l, 0);
  OK(strstr(e, "read") != NULL);
  INT_EQ(tp_ready(r), 1); /* the error is latched: tp_read would not block */
  INT_EQ(tp_read(r, &b, &l, NULL, 0), TP_IO_ERROR);
  tp_reader_free(r);
}

static void t_null_arguments(void) {
  tp_reader_free(NULL);
  INT_EQ(tp_ready(NULL), 0);
  char e[32];
  INT_EQ(tp_read(NULL, NULL, NULL, e, sizeof e), TP_IO_ERROR);
  FEED("Content-Length: x\r\n\r\nContent-Length: 2\r\n\r\n{}Content-Length: 2\r\n\r\n[]", 0);
  /* No err buffer, no body pointer: the result is still reported and nothing leaks. */
  INT_EQ(tp_read(r, NULL, NULL, NULL, 0), TP_SKIPPED);
  INT_EQ(tp_read(r, NULL, NULL, e, 0), TP_MESSAGE);
  char tiny[4];
  char *b = NULL;
  INT_EQ(tp_read(r, &b, NULL, tiny, sizeof tiny), TP_MESSAGE);
  STR_EQ(b, "[]");
  free(b);
  S_close(&f_, r);
}

/* ---- tp_ready ---- */

static int S_put(int fd, const char *s) { return write(fd, s, strlen(s)) == (ssize_t)strlen(s); }

static void t_ready(void) {
  int fds[2];
  OK(pipe(fds) == 0);
  tp_reader *r = tp_reader_new(fds[0], 0);
  INT_EQ(tp_ready(r), 0); /* nothing anywhere */
  OK(S_put(fds[1], "Content-Length: 2\r\n\r\n{}Content-Length: 2\r\n\r\n[]"));
  INT_EQ(tp_ready(r), 1); /* bytes on the descriptor */
  EXPECT_MSG(r, "{}");
  INT_EQ(tp_ready(r), 1); /* the second message came in the same read and is buffered */
  INT_EQ(tp_ready(r), 1); /* asking twice changes nothing */
  EXPECT_MSG(r, "[]");
  INT_EQ(tp_ready(r), 0);
  OK(S_put(fds[1], "Content-Length: 2\r\n\r\n{"));
  INT_EQ(tp_ready(r), 1);
  OK(S_put(fds[1], "}Content-Length: x\r\n\r\nContent-Length: 1\r\n\r\n1"));
  EXPECT_MSG(r, "{}");
  INT_EQ(tp_ready(r), 1); /* a buffered skip counts: tp_read returns it at once */
  EXPECT_SKIP(r, "non-numeric");
  EXPECT_MSG(r, "1");
  OK(S_put(fds[1], "Content-Length: 5\r\n\r\nab"));
  INT_EQ(tp_ready(r), 1);
  close(fds[1]);
  EXPECT_STATUS(r, TP_EOF);
  INT_EQ(tp_ready(r), 1);
  tp_reader_free(r);
  close(fds[0]);
}

/* ---- writing ---- */

static void S_slurp(int fd, char *out, size_t cap, size_t *n) {
  *n = 0;
  ssize_t k;
  while (*n < cap && (k = read(fd, out + *n, cap - *n)) > 0) *n += (size_t)k;
}

static void t_write_bytes(void) {
  int fds[2];
  OK(pipe(fds) == 0);
  INT_EQ(tp_write(fds[1], "{}", 2), 0);
  INT_EQ(tp_write(fds[1], NULL, 0), 0);
  INT_EQ(tp_write(fds[1], "\xe4\xbd\xa0", 3), 0);
  INT_EQ(tp_write(fds[1], NULL, 1), -1);
  close(fds[1]);
  char buf[256];
  size_t n = 0;
  S_slurp(fds[0], buf, sizeof buf - 1, &n);
  buf[n] = '\0';
  STR_EQ(buf, "Content-Length: 2\r\n\r\n{}Content-Length: 0\r\n\r\n"
              "Content-Length: 3\r\n\r\n\xe4\xbd\xa0");
  close(fds[0]);
  INT_EQ(tp_write(-1, "{}", 2), -1);
}

typedef struct {
  tp_writer *w;
  int id, count;
} S_sender;

static void *S_send_many(void *arg) {
  S_sender *w = arg;
  char body[2100], pad[2001];
  memset(pad, '.', 2000);
  pad[2000] = '\0';
  for (int i = 0; i < w->count; i++) {
    /* Varying lengths make interleaving visible as broken framing; bodies this large keep
     * the pipe full, so the writer thread often blocks between a header and its body. */
    int n = snprintf(body, sizeof body, "{\"w\":%d,\"i\":%d,\"pad\":\"%.*s\"}", w->id, i,
                     (i * 37) % 2000, pad);
    if (tp_writer_send(w->w, xstrndup(body, (size_t)n), (size_t)n) < 0) break;
  }
  return NULL;
}

/* Several threads queue at once (the log sink sends from whichever thread logs): every
 * message comes out whole, and each thread's messages in the order it sent them. */
static void t_writer_concurrent(void) {
  enum { SENDERS = 4, EACH = 1000 };
  int fds[2];
  OK(pipe(fds) == 0);
  tp_writer *w = tp_writer_new(fds[1], 0);
  OK(w != NULL);
  pthread_t th[SENDERS];
  S_sender snd[SENDERS];
  for (int i = 0; i < SENDERS; i++) {
    snd[i] = (S_sender){w, i, EACH};
    pthread_create(&th[i], NULL, S_send_many, &snd[i]);
  }
  tp_reader *r = tp_reader_new(fds[0], 0);
  int next[SENDERS] = {0};
  int got = 0, bad = 0;
  for (int k = 0; k < SENDERS * EACH; k++) {
    char *b = NULL;
    size_t l = 0;
    if (tp_read(r, &b, &l, NULL, 0) != TP_MESSAGE) {
      bad++;
      break;
    }
    int wid = -1, i = -1;
    if (sscanf(b, "{\"w\":%d,\"i\":%d,", &wid, &i) == 2 && wid >= 0 && wid < SENDERS &&
        i == next[wid] && b[l - 1] == '}')
      next[wid]++, got++;
    else
      bad++;
    free(b);
  }
  /* After a failure the writer may be blocked on a full pipe: closing the read end frees it. */
  if (bad) close(fds[0]);
  for (int i = 0; i < SENDERS; i++) pthread_join(th[i], NULL);
  INT_EQ(tp_writer_free(w), bad ? -1 : 0);
  close(fds[1]);
  EXPECT_STATUS(r, TP_EOF);
  INT_EQ(got, SENDERS * EACH);
  INT_EQ(bad, 0);
  tp_reader_free(r);
  if (!bad) close(fds[0]);
}

/* Nobody reads the pipe: queueing never blocks, the growth is reported once per doubling
 * from 8 MB, and everything arrives once the reader starts. */
static void t_writer_never_blocks(void) {
  enum { N = 5000, BODY = 4000 }; /* 20 MB: far more than a pipe holds */
  int fds[2];
  OK(pipe(fds) == 0);
  tp_writer *w = tp_writer_new(fds[1], 0);
  int grew = 0, failed = 0;
  for (int i = 0; i < N; i++) {
    char *b = xmalloc(BODY);
    memset(b, 'x', BODY);
    int n = snprintf(b, BODY, "%d", i);
    b[n] = ' ';
    tp_send_status st = tp_writer_send(w, b, BODY);
    if (st == TP_SENT_QUEUE_GREW) grew++;
    if (st < 0) failed++;
  }
  INT_EQ(failed, 0);
  INT_EQ(grew, 2); /* past 8 MB and past 16 MB */
  size_t queued = 0, peak = 0;
  tp_writer_stats(w, &queued, &peak, NULL);
  OK(peak >= (size_t)(N - 20) * BODY); /* at most a pipeful was written meanwhile */
  tp_reader *r = tp_reader_new(fds[0], 0);
  int in_order = 0;
  for (int i = 0; i < N; i++) {
    char *b = NULL;
    size_t l = 0;
    if (tp_read(r, &b, &l, NULL, 0) != TP_MESSAGE) break;
    if (l == BODY && atoi(b) == i) in_order++;
    free(b);
  }
  INT_EQ(in_order, N);
  INT_EQ(tp_writer_flush(w), 0);
  tp_writer_stats(w, &queued, NULL, NULL);
  INT_EQ(queued, 0);
  INT_EQ(tp_writer_free(w), 0);
  close(fds[1]);
  EXPECT_STATUS(r, TP_EOF);
  tp_reader_free(r);
  close(fds[0]);
}

/* Past max_queued, messages are refused (the session then ends) rather than kept. */
static void t_writer_overflow(void) {
  int fds[2];
  OK(pipe(fds) == 0);
  tp_writer *w = tp_writer_new(fds[1], 1 << 20);
  int sent = 0, overflow = 0;
  for (int i = 0; i < 400; i++) { /* 400 * 16 KB = 6.4 MB against a pipe and 1 MB */
    tp_send_status st = tp_writer_send(w, xcalloc(1, 16384), 16384);
    if (st >= 0) sent++;
    if (st == TP_SEND_OVERFLOW) overflow++;
  }
  OK(overflow > 0);
  INT_EQ(sent + overflow, 400);
  OK(sent < 100);
  close(fds[0]); /* the client goes away: what is left cannot be written */
  INT_EQ(tp_writer_free(w), -1);
  close(fds[1]);
}

/* Once a write has failed, later messages are refused at once instead of piling up. */
static void t_writer_peer_gone(void) {
  int fds[2];
  OK(pipe(fds) == 0);
  close(fds[0]);
  tp_writer *w = tp_writer_new(fds[1], 0);
  INT_EQ(tp_writer_send(w, xstrdup("{}"), 2), TP_SENT);
  INT_EQ(tp_writer_flush(w), -1);
  int err = 0;
  tp_writer_stats(w, NULL, NULL, &err);
  INT_EQ(err, EPIPE);
  INT_EQ(tp_writer_send(w, xstrdup("{}"), 2), TP_SEND_FAILED);
  INT_EQ(tp_writer_free(w), -1);
  close(fds[1]);
}

/* ---- randomised ---- */

static uint32_t S_rng = 12345;
static uint32_t S_rand(void) {
  S_rng ^= S_rng << 13;
  S_rng ^= S_rng >> 17;
  S_rng ^= S_rng << 5;
  return S_rng;
}

static void t_random_chunking(void) {
  /* Valid frames only, cut at random: every body must come out exactly. */
  for (int round = 0; round < 40; round++) {
    char *s = xmalloc(64 * 1024);
    size_t len = 0;
    int count = 1 + (int)(S_rand() % 30);
    size_t lens[30];
    for (int m = 0; m < count; m++) {
      lens[m] = S_rand() % 1000;
      len += (size_t)sprintf(s + len, (S_rand() & 1) ? "Content-Length: %zu\r\n\r\n"
                                                     : "Content-Type: t\r\ncontent-length:%zu\r\n\r\n",
                             lens[m]);
      for (size_t i = 0; i < lens[m]; i++) s[len++] = (char)('A' + (m + i) % 26);
    }
    S_feed f;
    tp_reader *r = S_open(&f, s, len, 1 + S_rand() % 200, 0, 0);
    for (int m = 0; m < count; m++) {
      char *b = NULL;
      size_t l = 0;
      INT_EQ(tp_read(r, &b, &l, NULL, 0), TP_MESSAGE);
      INT_EQ(l, lens[m]);
      int same = b != NULL;
      for (size_t i = 0; same && i < l; i++) same = b[i] == (char)('A' + (m + i) % 26);
      OK(same);
      free(b);
    }
    EXPECT_STATUS(r, TP_EOF);
    S_close(&f, r);
    free(s);
  }
}

static void t_random_garbage(void) {
  /* Bytes drawn mostly from the framing alphabet: the reader must end at EOF, never crash,
   * and always hand out bodies of the length it reports. */
  static const char *const pieces[] = {"Content-Length", "content-type", ":", " ", "\r\n",
                                       "\r\n\r\n", "0", "7", "12", "-", "x", "{}", "\n", "\r",
                                       "99999999999999999999999", "Content-Length: 3\r\n\r\n"};
  for (int round = 0; round < 200; round++) {
    size_t cap = 20000, len = 0;
    char *s = xmalloc(cap);
    while (len + 64 < cap && S_rand() % 400 != 0) {
      if (S_rand() % 5 == 0) {
        s[len++] = (char)(S_rand() & 0xff);
      } else {
        const char *p = pieces[S_rand() % (sizeof pieces / sizeof pieces[0])];
        memcpy(s + len, p, strlen(p));
        len += strlen(p);
      }
    }
    S_feed f;
    tp_reader *r = S_open(&f, s, len, 1 + S_rand() % 64, 0, 64);
    tp_status st;
    int steps = 0;
    do {
      char *b = NULL;
      size_t l = 0;
      st = tp_read(r, &b, &l, NULL, 0);
      if (st == TP_MESSAGE) OK(b && l <= 64 && b[l] == '\0');
      free(b);
    } while (st != TP_EOF && st != TP_IO_ERROR && ++steps < 100000);
    INT_EQ(st, TP_EOF);
    S_close(&f, r);
    free(s);
  }
}

int main(void) {
  xalloc_init();
  /* A failing test may close a pipe under a writer: report it instead of dying. */
  signal(SIGPIPE, SIG_IGN);
  RUN(t_one_message);
  RUN(t_two_messages_in_one_write);
  RUN(t_one_byte_at_a_time);
  RUN(t_content_type_first);
  RUN(t_header_names_case_insensitive);
  RUN(t_unknown_headers_ignored);
  RUN(t_zero_length);
  RUN(t_stray_line_ends_between_messages);
  RUN(t_utf8_body_exact);
  RUN(t_body_bytes_are_opaque);
  RUN(t_missing_length_then_good);
  RUN(t_non_numeric_length);
  RUN(t_negative_length);
  RUN(t_empty_length);
  RUN(t_length_out_of_range);
  RUN(t_conflicting_lengths);
  RUN(t_line_without_colon);
  RUN(t_header_block_too_long);
  RUN(t_garbage_without_header_end);
  RUN(t_oversized_body_small);
  RUN(t_oversized_body_large);
  RUN(t_large_body_accepted);
  RUN(t_eof_in_body);
  RUN(t_eof_in_header);
  RUN(t_eof_while_draining);
  RUN(t_io_error);
  RUN(t_null_arguments);
  RUN(t_ready);
  RUN(t_write_bytes);
  RUN(t_writer_concurrent);
  RUN(t_writer_never_blocks);
  RUN(t_writer_overflow);
  RUN(t_writer_peer_gone);
  RUN(t_random_chunking);
  RUN(t_random_garbage);
  return harness_done();
}
