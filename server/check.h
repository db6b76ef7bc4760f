/* check: the `pylore check` command. Walks files and folders for .py files, analyses them on
 * several threads with the same analysis the server uses (pitfalls + syntax errors), and
 * prints the findings as text (`path:line:col: severity: message [id]`), JSON or SARIF 2.1.0.
 * Lines and columns are 1-based; columns count characters (Unicode code points). */
#ifndef PYLORE_CHECK_H
#define PYLORE_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "kb.h"

typedef enum { CHECK_TEXT, CHECK_JSON, CHECK_SARIF } check_format;

typedef struct {
  check_format format;
  const unsigned char *enabled; /* kb_count flags, or NULL for every note */
  bool syntax_errors;           /* report syntax errors (the `syntax-error` id) */
  kb_lang lang;
  int jobs;                     /* worker threads; 0 = one per core */
  bool progress;                /* progress on stderr */
  bool cache;                   /* reuse and store findings by content hash (checkcache.h) */
} check_options;

/* The id under which syntax errors are reported and selected. */
#define CHECK_SYNTAX_ID "syntax-error"

/* Checks `paths` (borrowed) and writes the report to `out`. Unreadable paths are reported on
 * stderr. Returns the exit status: 0 when nothing at warning level or above was found, 1 when
 * something was, 2 when a path could not be read. */
int check_run(const kb *k, char *const *paths, size_t count, const check_options *opt, FILE *out);

#endif
