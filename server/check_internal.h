/* check_internal: what the parts of `pylore check` share. check.c collects the files and
 * analyses them on several threads (with the cache and --fix); check_output.c reports the
 * result: text with the source line and a caret, JSON, SARIF 2.1.0, diffs and fix reports.
 * Not for other modules: check.h. The job owns its files, their findings and texts. */
#ifndef PYLORE_CHECK_INTERNAL_H
#define PYLORE_CHECK_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "checkcache.h"
#include "kb.h"

typedef struct {
  uint32_t line, col, end_line, end_col; /* 1-based, columns in code points */
  kb_severity severity;
  long note;          /* -1 for a syntax error whose note is not loaded */
  const char *syn_id; /* a syntax error's id (static), else NULL */
  char *message;      /* owned; only for syntax errors (the note's summary, filled in) */
  char *source;       /* owned: the finding's first line, for the text format (or NULL) */
  uint32_t under_from, under_to; /* byte offsets in `source` to underline */
} chk_finding;

typedef struct {
  char *path;
  chk_finding *items;
  size_t count;
  int io_error;
  char *original;    /* with --fix/--diff, when the text changed: the text as read */
  size_t original_len;
  char *fixed;       /* and the fixed text */
  size_t fixed_len;
  char *fix_report;  /* "3 × py2-print, 1 × is-literal", or the reason nothing was written */
  bool fix_refused;
} chk_file;

typedef struct {
  const kb *k;
  const check_options *opt;
  chk_file *files;
  size_t count;
  bool any_pitfall; /* some pitfall is selected: otherwise the query need not run at all */
  const char *cache_dir; /* NULL: no cache */
  cc_hash salt;          /* what the findings depend on besides the text */
  atomic_size_t next;
  atomic_size_t done;
  pthread_mutex_t progress_lock;
} chk_job;

/* Prints the job's findings (or diffs, or fix reports) in opt->format and returns the exit
 * status: `status` (2 when a path could not be read), else 2 when a file could not be read,
 * 1 when an error or warning was found or --diff changed a file, 0 otherwise. */
int check__report(const kb *k, chk_job *job, int status, FILE *out);

#endif
