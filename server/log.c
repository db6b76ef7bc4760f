#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

/* S_lock keeps lines on stderr whole. S_sink_lock is held for reading while a sink runs,
 * so that log_set_sink (which takes it for writing) returns only once no thread is still
 * inside the old sink: the session frees what the sink points to right after removing it. */
static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t S_sink_lock = PTHREAD_RWLOCK_INITIALIZER;
static atomic_int S_level = LOG_WARN;
static log_sink_fn S_sink;
static void *S_sink_data;
static atomic_int S_stderr = 1;
/* A sink that logs would recurse forever; messages raised inside it go to stderr only. */
static _Thread_local int S_in_sink;

void log_set_level(log_level level) { S_level = (int)level; }
log_level log_get_level(void) { return (log_level)S_level; }
void log_set_stderr(int enabled) { S_stderr = enabled; }

int log_parse_level(const char *name, log_level *out) {
  static const struct { const char *name; log_level level; } names[] = {
      {"off", LOG_OFF}, {"error", LOG_ERROR}, {"warn", LOG_WARN}, {"warning", LOG_WARN},
      {"info", LOG_INFO}, {"debug", LOG_DEBUG}};
  for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(name, names[i].name) == 0) {
      *out = names[i].level;
      return 0;
    }
  }
  return -1;
}

void log_set_sink(log_sink_fn sink, void *userdata) {
  pthread_rwlock_wrlock(&S_sink_lock);
  S_sink = sink;
  S_sink_data = userdata;
  pthread_rwlock_unlock(&S_sink_lock);
}

void log_msg(log_level level, const char *fmt, ...) {
  if (level == LOG_OFF || (int)level > S_level) return;
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  static const char *const tags[] = {"", "error", "warn", "info", "debug"};
  /* Inside the sink this thread already holds the read lock; taking it again could wait
   * behind a log_set_sink that waits for us. */
  int in_sink = S_in_sink;
  if (!in_sink) pthread_rwlock_rdlock(&S_sink_lock);
  log_sink_fn sink = in_sink ? NULL : S_sink;
  if (S_stderr || !sink) {
    pthread_mutex_lock(&S_lock);
    fprintf(stderr, "pylore: %s: %s\n", tags[level], buf);
    pthread_mutex_unlock(&S_lock);
  }
  if (sink) {
    S_in_sink = 1;
    sink(level, buf, S_sink_data);
    S_in_sink = 0;
  }
  if (!in_sink) pthread_rwlock_unlock(&S_sink_lock);
}
