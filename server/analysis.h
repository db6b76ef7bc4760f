/* analysis: a document's tree + the knowledge base → findings. Pure: byte ranges and note
 * indexes in and out, no JSON, no positions in any LSP encoding. Pitfalls run the combined
 * pitfall query over the whole tree, or, after an edit, only where the edit can change a match
 * (an_pitfalls_update); explanations run the combined explanation query only over a byte
 * range (a hover position, an inlay-hint range). Syntax errors are syntax.h's. Every call keeps to the CPU-time budget of its an_ctx. */
#ifndef PYLORE_ANALYSIS_H
#define PYLORE_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "kb.h"
#include "scope.h"

typedef struct {
  uint32_t note;                   /* index in the kb */
  uint32_t start_byte, end_byte;   /* the @construct node */
  uint32_t hint_byte;              /* where an inline hint goes (end of @hint or @construct) */
  TSPoint hint_point;               /* explanation runs only (inlay hints) */
  bool hint_captured;              /* the match captured @hint (or @hint.N) */
  uint8_t hint_alt;                /* which alternative of the note's hint: N of @hint.N, 1 */
  /* The node the match started at (its pattern's root): what incremental analysis drops and
   * re-runs. Only pitfall runs over a tree or a subtree fill it. */
  uint32_t root_start, root_end;
  TSSymbol root_symbol;
} an_finding;

/* A word whose meaning elsewhere in the file a predicate of some match asked about: how a
 * name is bound (#bound-in-file?, #imported-from?, ...) or whether a class gives it an
 * attribute (#class-attribute?). An edit elsewhere that touches that word re-runs the match. */
typedef struct {
  uint32_t start_byte, end_byte;   /* the name in the text */
  uint32_t root_start, root_end;   /* the match's root, as in an_finding */
  TSSymbol root_symbol;
  bool frame;  /* not a word: [start_byte, end_byte) is the outermost def holding the root, or
                  [0, UINT32_MAX) (the module), whose code the match's predicates look at */
} an_probe;

typedef struct {
  an_finding *items;
  size_t count, cap;
  bool too_deep;  /* the text (or a part of it) nests too deeply to be queried: nothing was looked for there */
  bool truncated; /* the time budget ran out: the findings are those found until then */
  bool unrooted;  /* some match's root could not be told (it cannot be updated incrementally) */
  uint32_t nesting; /* pitfall runs: the brackets' deepest nesting, or a bound above it */
  an_probe *probes; /* pitfall runs only */
  size_t probe_count, probe_cap;
} an_findings;

/* True when brackets nest deeper than pylore queries (1,000 levels; CPython itself stops at
 * 200): tree-sitter's query cursor is quadratic in the depth, so such text is not queried. */
bool an_too_deep(const char *src, size_t len);

/* Frees the items (not the struct); the list can be reused. */
void an_findings_clear(an_findings *f);

/* Per-thread state (a query cursor). Never NULL (memory failures abort, xalloc.h);
 * an_ctx_free(NULL) is a no-op. */
typedef struct an_ctx an_ctx;
an_ctx *an_ctx_new(void);
void an_ctx_free(an_ctx *c);
/* The CPU time one analysis call (an_pitfalls, an_pitfalls_update, an_explanations, an_hover)
 * may take, in milliseconds; 0 means no limit (the default). Past it the call stops, keeps what
 * it found so far and sets `truncated`: a pathological note or file cannot hang the server. */
void an_ctx_set_budget(an_ctx *c, double ms);

/* Appends every pitfall match of the tree to `out`, sorted by position, with its root, and
 * the probes of the matches. Several matches (of different roots or hints) can report one
 * note on one range: an_unique keeps one. `enabled` is NULL (all notes) or an array of
 * kb_count(k) flags. It cannot fail (memory failures abort, xalloc.h; a tree nested too deep
 * sets `too_deep`, a spent budget `truncated`). */
void an_pitfalls(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                 const unsigned char *enabled, an_findings *out);

/* What changed in a text since an analysis: the bytes [start, old_end) of the old text are
 * now [start, new_end); the rest is the same, shifted by new_end - old_end after it, and has
 * the same syntax (the span covers the tree's changed ranges too). */
typedef struct {
  uint32_t start, old_end, new_end;
  const char *old_src; /* the old text (borrowed): what the change removed, and the words */
  size_t old_len;      /* around it, are read there */
} an_span;

/* The pitfall matches of the new tree, from `old` (an_pitfalls' or this function's result on
 * the text before the change) and the change: the patterns are re-run only where the change
 * can alter a match (the smallest statement holding the span, widened to the outermost
 * function for patterns that look anywhere in theirs; the matches rooted at its ancestors,
 * and at the siblings of those for patterns that look at the statements around; the matches
 * elsewhere that probed a word the change touched), and every other match is kept, shifted.
 * Falls back to a whole-tree run when the old result cannot be updated (truncated, too deep,
 * a match of unknown root, a predicate of unknown reach, the word `import` touched while a
 * pattern looks at the file's imports, no old text). `out` must be empty; the result
 * equals an_pitfalls' on the new tree. Returns 1 when updated incrementally, else 0 (after a
 * whole run, or when the text nests too deeply to query or the budget ran out); it cannot
 * fail (memory failures abort, xalloc.h). */
int an_pitfalls_update(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                       const unsigned char *enabled, const an_findings *old, an_span change,
                       an_findings *out);

/* Copies `in`'s findings to `out` (empty), one per note and range: what is reported. */
void an_unique(const an_findings *in, an_findings *out);
/* Appends the explanation findings whose @construct intersects [start_byte, end_byte]
 * (a point range start == end asks for constructs containing that byte). Like an_pitfalls,
 * it cannot fail: too_deep and truncated say what was not looked at. */
void an_explanations(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                     uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
                     an_findings *out);
/* The inline hints of [start_byte, end_byte]: the explanation findings whose hint anchor
 * (hint_byte) lies in that range, of the notes `enabled` lets through (the caller passes
 * those that have a hint); for a note whose patterns mark @hint, only the matches that
 * capture it, each with its root (not its hint_point: the caller reads the anchor's line
 * off the text). Only the range and the nodes above it are visited. `memo` (borrowed, may be
 * NULL) receives the scope analysis the predicates make, for the caller's labels. */
void an_hints(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
              uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
              scope_memo *memo, an_findings *out);
/* A node of a tree, by what survives the shift of the text around an edit. */
typedef struct {
  uint32_t start, end;
  TSSymbol symbol;
} an_node_key;

/* What an edit changed among a tree's inline hints (an_hints' findings), for a cache of them
 * (hintcache.h): the edit turned bytes [start, old_end) of the old text into [start, new_end)
 * (an_span's, with the ranges where the tree changed). */
typedef struct {
  bool all;                      /* any hint may have changed: find them all again */
  uint32_t start, old_end, new_end;
  uint32_t redo_start, redo_end; /* new text: every hint anchored in [redo_start, redo_end)
                                    is to be found again (the statement that holds the edit,
                                    or its function, and the byte after it: a hint goes at a
                                    node's end) */
  an_findings rerun;             /* the matches, with their roots, re-run at the ancestors of
                                    the redo range (anchored anywhere in them) */
  an_node_key *reran;            /* those nodes, sorted: a hint rooted at one is replaced */
  size_t reran_count;
  TSNode root;                   /* of the new tree */
} an_hint_change;

/* Fills `out` (its previous contents are not freed) for an edit of the tree's text that
 * turned [start, old_end) into [start, new_end): the hints anchored in the statement that holds
 * it are to be found again (in the whole function around it when patterns look at their
 * function, #has-free-variables?, and that function holds other defs); the matches rooted at
 * its ancestors (whose hints can lie anywhere in them) are re-run now. `all` is set when the
 * patterns of `k` look further (the file's names, the statements around). Same `k` and
 * `enabled` as an_hints; `memo` (borrowed, may be NULL) as an_hints', set here to the range of
 * the innermost re-run def, whose analysis the caller's labels can use too. */
void an_hints_change(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                     const unsigned char *enabled, uint32_t start, uint32_t old_end,
                     uint32_t new_end, scope_memo *memo, an_hint_change *out);
void an_hint_change_clear(an_hint_change *h);
/* Maps a hint found before the edit (the root of its match and its anchor) to the new text,
 * in place; false when it must go: its root met the edit, lies in the redo range, was re-run,
 * or is gone. */
bool an_hint_change_keep(const an_hint_change *h, an_node_key *root, uint32_t *anchor);

/* What a hover at `byte` shows: the findings (pitfalls first, then explanations) whose
 * @construct is the innermost construct containing that byte; several when notes tie on the
 * same node. Both queries run only over that position; when `pitfalls` holds the tree's
 * pitfall findings already (from diagnostics), they are used instead of the pitfall query. */
void an_hover(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
              uint32_t byte, const unsigned char *enabled, const an_findings *pitfalls,
              an_findings *out);
#endif
