/* sig: the call signatures that call-argument hints name (`int("ff", 16)` → `base=`). They
 * are data, not code: `signatures.tsv` files in note folders (knowledge/<id>/signatures.tsv,
 * format in knowledge/README.md), whose rows' tooltips come from that note. Pure C: text in,
 * lookups out; loading problems are collected as kb_problems. */
#ifndef PYLORE_SIG_H
#define PYLORE_SIG_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"

typedef struct {
  char *callee;        /* "int", "os.makedirs", or ".split" for a method of any receiver */
  char **params;       /* positional parameters, in order */
  bool *shown;         /* params[i] gets a hint (false for `(name)`: its meaning is plain) */
  size_t count;
  char *note;          /* the note folder the row came from */
  char *text;          /* the row as written, for tooltips: "int(x, base)" */
} sig_row;

typedef struct sig_table sig_table;

/* An empty table. sig_free(NULL) is a no-op. */
sig_table *sig_new(void);
void sig_free(sig_table *t);
/* Adds the rows of one file (`text`), whose rows belong to note `note`. Bad rows are
 * reported (naming `path` and the line) and skipped. Returns the number of bad rows. */
int sig_load(sig_table *t, const char *path, const char *text, const char *note,
             kb_problems *problems);
/* Adds every built-in knowledge/<id>/signatures.tsv. Returns the number of bad rows. */
int sig_load_builtin(sig_table *t, kb_problems *problems);
/* Adds <dir>/<id>/signatures.tsv for every note folder of `dir` that has one. */
int sig_load_dir(sig_table *t, const char *dir, kb_problems *problems);
/* The row for a call of `callee` (its text, e.g. "os.makedirs") with `nargs` positional
 * arguments: rows naming the callee exactly win over `.method` rows (`method` is the last
 * attribute name, or NULL); among a callee's rows, the first with at least nargs
 * positional parameters. NULL when none. Borrowed, valid until the next load or sig_free. */
const sig_row *sig_lookup(const sig_table *t, const char *callee, size_t callee_len,
                          const char *method, size_t method_len, size_t nargs);
size_t sig_count(const sig_table *t);
/* True when some row's callee ends with the name `name` (n bytes): `makedirs` for
 * `os.makedirs`, `split` for `.split`. A quick test before a call's node is looked at. */
bool sig_may_call(const sig_table *t, const char *name, size_t n);

#endif
