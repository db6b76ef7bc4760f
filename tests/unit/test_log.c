/* log: a sink may be removed while other threads log (the session removes its sink, then
 * frees what it points to); levels and sinks change under concurrent logging. */
#include "harness.h"
#include "log.h"
#include "xalloc.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  atomic_int removed;       /* set right after log_set_sink(NULL) returned */
  atomic_int after_removal; /* sink calls that were still running past that point */
  atomic_int calls;
} S_target;

static void S_slow_sink(log_level level, const char *msg, void *data) {
  (void)level, (void)msg;
  S_target *t = data;
  atomic_fetch_add(&t->calls, 1);
  /* A sink that takes a while (the session's serialises JSON) widens the window in which
   * a removal could overtake a call in flight. */
  struct timespec ts = {0, 200 * 1000};
  nanosleep(&ts, NULL);
  if (atomic_load(&t->removed)) atomic_fetch_add(&t->after_removal, 1);
}

static atomic_int S_stop;

static void *S_logger(void *arg) {
  (void)arg;
  while (!atomic_load(&S_stop)) log_warn("from a second thread");
  return NULL;
}

static void t_removal_waits_for_calls_in_flight(void) {
  enum { ROUNDS = 100 };
  static S_target targets[ROUNDS];
  /* The logger's lines while no sink is installed are noise: stderr is muted meanwhile. */
  fflush(stderr);
  int saved = dup(2), null_fd = open("/dev/null", O_WRONLY);
  dup2(null_fd, 2);
  atomic_store(&S_stop, 0);
  pthread_t th;
  OK(pthread_create(&th, NULL, S_logger, NULL) == 0);
  int late = 0, calls = 0;
  for (int i = 0; i < ROUNDS; i++) {
    S_target *t = &targets[i];
    log_set_sink(S_slow_sink, t);
    while (atomic_load(&t->calls) == 0) sched_yield();
    log_set_sink(NULL, NULL);
    atomic_store(&t->removed, 1);
  }
  atomic_store(&S_stop, 1);
  pthread_join(th, NULL);
  /* Counted once the logger is gone: a late call finishes after its round ended. */
  for (int i = 0; i < ROUNDS; i++) {
    late += atomic_load(&targets[i].after_removal);
    calls += atomic_load(&targets[i].calls);
  }
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(null_fd);
  INT_EQ(late, 0);
  OK(calls >= ROUNDS);
}

/* A sink that logs: the inner line goes to stderr only, with no deadlock and no recursion. */
static int S_inner_calls;
static void S_logging_sink(log_level level, const char *msg, void *data) {
  (void)level, (void)msg, (void)data;
  S_inner_calls++;
  log_error("inside the sink");
}

static void t_sink_that_logs(void) {
  log_set_sink(S_logging_sink, NULL);
  log_warn("outer");
  log_set_sink(NULL, NULL);
  INT_EQ(S_inner_calls, 1);
}

static void t_levels(void) {
  log_level l;
  INT_EQ(log_parse_level("debug", &l), 0);
  INT_EQ(l, LOG_DEBUG);
  INT_EQ(log_parse_level("loud", &l), -1);
  log_set_level(LOG_ERROR);
  S_target t = {0};
  log_set_sink(S_slow_sink, &t);
  log_warn("filtered out");
  log_error("passes");
  log_set_sink(NULL, NULL);
  INT_EQ(atomic_load(&t.calls), 1);
  log_set_level(LOG_WARN);
}

int main(void) {
  xalloc_init();
  RUN(t_removal_waits_for_calls_in_flight);
  RUN(t_sink_that_logs);
  RUN(t_levels);
  return harness_done();
}
