/* analysis: a document's tree + the knowledge base → findings. Pure: byte ranges and note
 * indexes in and out, no JSON, no positions in any LSP encoding. Pitfalls run the combined
 * pitfall query over the whole tree; explanations run the combined explanation query only
 * over a byte range (a hover position, an inlay-hint range). Syntax errors come from the
 * tree's ERROR and MISSING nodes. */
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
  TSPoint start, end;
  uint32_t hint_byte;              /* where an inline hint goes (end of @hint or @construct) */
  TSPoint hint_point;
  bool hint_captured;              /* the match captured @hint (or @hint.N) */
  uint8_t hint_alt;                /* which alternative of the note's hint: N of @hint.N, 1 */
} an_finding;

typedef struct {
  an_finding *items;
  size_t count, cap;
  bool too_deep; /* the text nests too deeply to be queried: nothing was looked for */
} an_findings;

/* True when brackets nest deeper than pylore queries (1,000 levels; CPython itself stops at
 * 200): tree-sitter's query cursor is quadratic in the depth, so such text is not queried. */
bool an_too_deep(const char *src, size_t len);

typedef struct {
  uint32_t start_byte, end_byte;
  TSPoint start, end;
  char message[160];
} an_syntax_error;

typedef struct {
  an_syntax_error *items;
  size_t count, cap;
} an_syntax_errors;

/* Frees the items (not the struct); the list can be reused. */
void an_findings_clear(an_findings *f);
void an_syntax_errors_clear(an_syntax_errors *e);

/* Per-thread state (a query cursor). NULL when out of memory; an_ctx_free(NULL) is a no-op. */
typedef struct an_ctx an_ctx;
an_ctx *an_ctx_new(void);
void an_ctx_free(an_ctx *c);

/* Appends every pitfall finding of the tree to `out`, sorted by position, one per note and
 * range. `enabled` is NULL (all notes) or an array of kb_count(k) flags. Returns 0, or -1
 * when out of memory. */
int an_pitfalls(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                const unsigned char *enabled, an_findings *out);
/* Appends the explanation findings whose @construct intersects [start_byte, end_byte]
 * (a point range start == end asks for constructs containing that byte). */
int an_explanations(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
                    uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
                    an_findings *out);
/* The inline hints of [start_byte, end_byte]: the explanation findings whose hint anchor
 * (hint_byte) lies in that range, of the notes `enabled` lets through (the caller passes
 * those that have a hint); for a note whose patterns mark @hint, only the matches that
 * capture it. Only the range and the nodes above it are visited. `memo` (borrowed, may be
 * NULL) receives the scope analysis the predicates make, for the caller's labels. */
int an_hints(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
             uint32_t start_byte, uint32_t end_byte, const unsigned char *enabled,
             scope_memo *memo, an_findings *out);
/* What a hover at `byte` shows: the findings (pitfalls first, then explanations) whose
 * @construct is the innermost construct containing that byte; several when notes tie on the
 * same node. Both queries run only over that position; when `pitfalls` holds the tree's
 * pitfall findings already (from diagnostics), they are used instead of the pitfall query. */
int an_hover(an_ctx *c, const kb *k, const TSTree *tree, const char *src, size_t len,
             uint32_t byte, const unsigned char *enabled, const an_findings *pitfalls,
             an_findings *out);
/* Appends up to `max` syntax errors (outermost ERROR nodes and MISSING nodes). */
int an_syntax(const TSTree *tree, const char *src, size_t len, size_t max, an_syntax_errors *out);

#endif
