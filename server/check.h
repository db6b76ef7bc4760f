/* check: the `pylore check` command. Walks files and folders for .py files, analyses them on
 * several threads with the same analysis the server uses (pitfalls + syntax errors), and
 * prints the findings as text (`path:line:col: severity: message [id]`, then the source line
 * with a caret under the finding; `concise` leaves the source out), JSON or SARIF 2.1.0.
 * Lines and columns are 1-based; columns count characters (Unicode code points). */
#ifndef PYLORE_CHECK_H
#define PYLORE_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "kb.h"

/* TEXT shows each finding's source line with a caret under it; CONCISE is one line per
 * finding. */
typedef enum { CHECK_TEXT, CHECK_CONCISE, CHECK_JSON, CHECK_SARIF } check_format;
/* --fix writes the fixed files; --diff prints what it would change and writes nothing. */
typedef enum { CHECK_FIX_NONE, CHECK_FIX_WRITE, CHECK_FIX_DIFF } check_fix;

typedef struct {
  check_format format;
  const unsigned char *enabled; /* kb_count flags, or NULL for every note */
  bool syntax_errors;           /* report syntax errors (the `syntax-error` id) */
  kb_lang lang;
  int jobs;                     /* worker threads; 0 = one per core */
  bool progress;                /* progress on stderr */
  bool cache;                   /* reuse and store findings by content hash (checkcache.h) */
  check_fix fix;
  bool unsafe_fixes;            /* also apply the fixes whose note says `fix: unsafe` */
} check_options;

/* The id under which syntax errors are reported and selected. */
#define CHECK_SYNTAX_ID "syntax-error"

/* Checks `paths` (borrowed) and writes the report to `out`. Unreadable paths are reported on
 * stderr. Returns the exit status: 0 when nothing at warning level or above was found, 1 when
 * something was, 2 when a path could not be read.
 * With opt->fix, the selected notes' fixes are applied first, again and again until none is
 * left (a fix that overlapped another waits for the next round); a file whose fixed text would
 * have more syntax errors than it had is left alone. CHECK_FIX_WRITE replaces the files
 * (atomically, mode kept), prints one line per changed file and then the findings left;
 * CHECK_FIX_DIFF prints a unified diff only, and the status is 1 when there are changes. */
int check_run(const kb *k, char *const *paths, size_t count, const check_options *opt, FILE *out);

#endif
