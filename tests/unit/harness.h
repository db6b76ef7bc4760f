/* A minimal test harness: each test file defines test functions, calls them from main()
 * with RUN(), and ends with `return harness_done();`. A failed check prints file:line and
 * the values, marks the test failed and carries on. */
#ifndef PYLORE_HARNESS_H
#define PYLORE_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failed_checks;
static int harness_tests_run, harness_tests_failed;
static int harness_current_failed;

#define OK(cond)                                                                  \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
      harness_failed_checks++;                                                    \
      harness_current_failed = 1;                                                 \
    }                                                                             \
  } while (0)

#define INT_EQ(got, want)                                                                  \
  do {                                                                                     \
    long long g_ = (long long)(got), w_ = (long long)(want);                               \
    if (g_ != w_) {                                                                        \
      fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
      harness_failed_checks++;                                                             \
      harness_current_failed = 1;                                                          \
    }                                                                                      \
  } while (0)

#define STR_EQ(got, want)                                                                     \
  do {                                                                                        \
    const char *g_ = (got), *w_ = (want);                                                     \
    if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                                  \
      fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,         \
              g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                        \
      harness_failed_checks++;                                                                \
      harness_current_failed = 1;                                                             \
    }                                                                                         \
  } while (0)

#define RUN(fn)                                                   \
  do {                                                            \
    harness_current_failed = 0;                                   \
    fn();                                                         \
    harness_tests_run++;                                          \
    if (harness_current_failed) {                                 \
      harness_tests_failed++;                                     \
      fprintf(stderr, "FAIL %s\n", #fn);                          \
    }                                                             \
  } while (0)

static inline int harness_done(void) {
  printf("%d passed, %d failed\n", harness_tests_run - harness_tests_failed,
         harness_tests_failed);
  return harness_tests_failed ? 1 : 0;
}

/* The standard library folder of the machine's python3 into dir ("" when there is none). */
static inline void harness_stdlib_dir(char *dir, size_t n) {
  dir[0] = '\0';
  FILE *pipe = popen("python3 -c 'import sysconfig; print(sysconfig.get_paths()[\"stdlib\"])' "
                     "2>/dev/null", "r");
  if (pipe) {
    if (!fgets(dir, (int)n, pipe)) dir[0] = '\0';
    pclose(pipe);
  }
  dir[strcspn(dir, "\n")] = '\0';
}

#endif
