/* findings: the one pipeline from a document's text to what pylore reports about it: its
 * syntax errors, its pitfalls and the notice that it nests too deeply to be queried, under a
 * time budget. Push and pull diagnostics, hover, `pylore check` and `pylore explain` all take
 * their findings from here. A cache (one per open document) holds the findings of one
 * revision of the text and is never read for another: after an edit the pitfalls are updated
 * incrementally from the previous revision's (an_pitfalls_update), and so are the syntax
 * errors (syn_update). Pure C: no JSON, no I/O. */
#ifndef PYLORE_FINDINGS_H
#define PYLORE_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "doc.h"
#include "kb.h"
#include "syntax.h"

/* Enough to show a broken file's first problems without flooding the client. */
#define FND_MAX_SYNTAX_ERRORS 100
/* The CPU time an analysis may take before it stops and reports what it found
 * (an_ctx_set_budget): ten times what a 5 MB file needs. */
#define FND_BUDGET_MS 5000

/* What the findings are computed with; every pointer is borrowed. */
typedef struct {
  const kb *k;
  kb_lang lang;                 /* of the syntax errors' messages */
  const unsigned char *enabled; /* kb_count flags, or NULL for every note */
  TSParser *parser;
  an_ctx *an;
  bool pitfalls;      /* look for pitfalls */
  bool syntax;        /* report syntax errors */
  size_t max_syntax;  /* at most this many syntax errors */
} fnd_env;

typedef struct {
  syn_errors syntax;
  an_findings pitfalls; /* one per note and range, sorted; too_deep and truncated say why
                           some may be missing */
  bool incremental;     /* the pitfalls were updated from the previous revision's */
  /* What changed since the revision the cache held before this one (`from`): bytes
   * [start, old_end) of its text are [start, new_end) now, with the ranges where the tree
   * changed (doc_changes_since). Unknown (false) after a computation from scratch. Another
   * per-revision cache of the document (inline hints) carries itself across with it. */
  bool change_known;
  uint64_t change_from;
  uint32_t change_start, change_old_end, change_new_end;
} fnd_set;

/* Computes the findings of d's text from scratch into `out` (empty). Returns 0, -1 when
 * the text could not be parsed. The caller clears `out`. */
int fnd_compute(const fnd_env *env, doc *d, fnd_set *out);
void fnd_set_clear(fnd_set *s);

typedef struct fnd_cache fnd_cache;
/* An empty cache (never NULL: memory failures abort, xalloc.h). fnd_cache_free(NULL) is a
 * no-op. */
fnd_cache *fnd_cache_new(void);
void fnd_cache_free(fnd_cache *c);
/* Forgets the cached findings (the notes or their settings changed). */
void fnd_cache_invalidate(fnd_cache *c);
/* Forgets the findings and every state kept for the next incremental update (the copy of
 * the text, the syntax checkpoints), to save memory: the next fnd_get computes from
 * scratch. */
void fnd_cache_drop(fnd_cache *c);
/* The findings of d's current text: the cached ones when they are of this revision, else
 * computed (incrementally when the cache holds the previous revision of the same document
 * and nothing since was lost) and cached. The cache must be used with one document and one
 * env only. Borrowed, valid until the next call on this cache; NULL when the text could not
 * be parsed. */
const fnd_set *fnd_get(fnd_cache *c, const fnd_env *env, doc *d);

#endif
