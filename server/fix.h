/* fix: the automatic fixes of pitfalls, as text edits. Given a document's tree and text and one
 * finding, computes the byte-range replacements that turn the flagged code into the idiom the
 * note teaches (`x == None` → `x is None`, `print x` → `print(x)`, a mutable default → `None`
 * plus a guard...). A fix is offered only where it is certain; otherwise no edit is produced.
 * Pure C, no JSON, no I/O: the server (code actions) and `check --fix` share it. Which note
 * offers a fix, its title and whether it is safe come from the note's `fix:` front matter;
 * this module holds the one implementation per note. */
#ifndef PYLORE_FIX_H
#define PYLORE_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "analysis.h"
#include "kb.h"
#include "syntax.h"

/* Replace bytes [start, end) of the original text with `text` (owned, NUL-terminated). */
typedef struct {
  uint32_t start, end;
  char *text;
} fix_edit;

typedef struct {
  fix_edit *items;
  size_t count, cap;
} fix_edits;

/* Frees the edits' texts and the array (not the struct); the list can be reused. */
void fix_edits_clear(fix_edits *e);

/* True when this module implements a fix for the note with this id (a pitfall or a syntax
 * note). */
bool fix_implemented(const char *id);

/* Appends to `out` the edit that fixes syntax error `e` of `src` when one fix is certain
 * (missing `:` inserted, full-width punctuation made ASCII, `=` in a condition made `==`).
 * Returns 1 when an edit was appended, 0 when there is none. */
int fix_syntax(const syn_error *e, const char *src, size_t len, fix_edits *out);

/* Appends to `out` the edits that fix finding `f` (a pitfall of `k`) in the text `src` whose
 * tree is `tree`. `all` (may be NULL) holds the document's other pitfall findings: a fix that
 * must treat several findings at once (every mutable default of one function) reads them.
 * Returns 1 when edits were appended, 0 when this occurrence has no certain fix (nothing
 * appended). */
int fix_compute(const kb *k, const TSTree *tree, const char *src, size_t len,
                const an_finding *f, const an_findings *all, fix_edits *out);

/* Adds the edits of one fix (`group`, left empty: its texts move or are freed) to `total`
 * unless one of them overlaps an edit already there; edits identical to one already there
 * are dropped. A fix is taken whole or not at all. Returns true when added, false when it
 * conflicts (apply what was taken, analyse again, and fix the rest then). */
bool fix_add_group(fix_edits *total, fix_edits *group);

/* The text with non-overlapping edits applied (in any order in `e`; sorted here). A malloc'd,
 * NUL-terminated string the caller frees, *out_len its length; NULL when edits overlap or
 * fall outside the text. */
char *fix_apply(const char *src, size_t len, fix_edits *e, size_t *out_len);

/* Which fixes fix_rounds applies. */
typedef struct {
  const unsigned char *enabled; /* kb_count flags of the notes switched on, or NULL for all */
  long only_note;               /* -1, or the one note whose fixes are wanted */
  bool unsafe;                  /* also the fixes whose note says `fix: unsafe` */
} fix_select;

/* Fixes a whole text: finds the pitfalls (with `ctx` and `parser`, the caller's, one per
 * thread), applies every selected fix that does not overlap another, and starts again on the
 * result until nothing is left to fix (at most 16 rounds), since a fix inside another one's
 * range (`print a <> b`) waits for the next round. Returns the fixed text (malloc'd, NUL-
 * terminated, *out_len its length), or NULL when nothing changed or
 * when a round would leave more syntax errors than the text had: then *refused is set and
 * nothing is applied at all. `counts` (NULL, or kb_count entries) counts the fixes per note. */
char *fix_rounds(an_ctx *ctx, TSParser *parser, const kb *k, const char *src, size_t len,
                 const fix_select *sel, size_t *counts, size_t *out_len, bool *refused);

#endif
