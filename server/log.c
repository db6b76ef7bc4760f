#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER;
static log_level S_level = LOG_WARN;
static log_sink_fn S_sink;
static void *S_sink_data;
static int S_stderr = 1;
/* A sink that logs would recurse forever; messages raised inside it go to stderr only. */
static _Thread_local int S_in_sink;

void log_set_level(log_level level) { S_level = level; }
log_level log_get_level(void) { return S_level; }
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
  pthread_mutex_lock(&S_lock);
  S_sink = sink;
  S_sink_data = userdata;
  pthread_mutex_unlock(&S_lock);
}

void log_msg(log_level level, const char *fmt, ...) {
  if (level == LOG_OFF || level > S_level) return;
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  static const char *const tags[] = {"", "error", "warn", "info", "debug"};
  pthread_mutex_lock(&S_lock);
  if (S_stderr || S_in_sink || !S_sink) fprintf(stderr, "pylore: %s: %s\n", tags[level], buf);
  log_sink_fn sink = S_sink;
  void *data = S_sink_data;
  pthread_mutex_unlock(&S_lock);
  if (sink && !S_in_sink) {
    S_in_sink = 1;
    sink(level, buf, data);
    S_in_sink = 0;
  }
}
