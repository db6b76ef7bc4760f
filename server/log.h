/* log: leveled diagnostics for people, never protocol.
 * Messages go to stderr (stdout belongs to the protocol) and, when the session installs one,
 * to a sink that forwards them to the client as window/logMessage. Thread-safe. */
#ifndef PYLORE_LOG_H
#define PYLORE_LOG_H

typedef enum {
  LOG_OFF = 0,
  LOG_ERROR = 1,
  LOG_WARN = 2,
  LOG_INFO = 3,
  LOG_DEBUG = 4
} log_level;

/* The sink receives each message that passes the level filter, on the thread that logged
 * it (so it must be thread-safe). `msg` is borrowed for the duration of the call. Install
 * NULL to remove it: log_set_sink returns only once no other thread is inside the old sink,
 * so its userdata may be freed right after. Never call log_set_sink from inside a sink. */
typedef void (*log_sink_fn)(log_level level, const char *msg, void *userdata);

void log_set_level(log_level level);
log_level log_get_level(void);
/* Parses "off", "error", "warn", "info", "debug"; returns 0, or -1 for anything else. */
int log_parse_level(const char *name, log_level *out);
void log_set_sink(log_sink_fn sink, void *userdata);
/* Writes stderr only: for code that runs inside the sink or before a session exists. */
void log_set_stderr(int enabled);

void log_msg(log_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
