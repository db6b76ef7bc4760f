/* kb_internal: what the note store (kb.c) and the query builder (kb_query.c) share. Not for
 * other modules: they use kb.h. The kb owns its notes and both combined queries. */
#ifndef PYLORE_KB_INTERNAL_H
#define PYLORE_KB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "kb.h"
#include "pattern.h"
#include "predicate.h"

/* The combined query of one kind of note. */
typedef struct {
  TSQuery *query;
  pred_set *preds;
  uint32_t *pattern_note; /* pattern index → note index */
  pat_shape *shape;       /* pattern index → where @construct sits below the root */
  bool *shape_known;
  uint32_t pattern_count;
  uint32_t construct_capture;
  uint32_t hint_capture;
  uint8_t hint_alt[KB_MAX_CAPTURES]; /* capture index → 1 for @hint, 2 for @hint.2, …; 0 */
  bool module_rooted; /* some pattern starts at `module` */
  char **roots;       /* sorted node types at which patterns start */
  size_t root_count;
  bool any_root;      /* some pattern may start anywhere (wildcard, sibling sequence, …) */
} kb_combined;

struct kb {
  kb_note **notes;
  size_t count, cap;
  kb_combined combined[2];
  /* kb_hint_view's kb, or NULL: its notes array is this one's (borrowed), its explanation
   * query holds only the patterns that place a hint. Rebuilt by every compile. */
  struct kb *hint_view;
};

/* Frees a note and its texts. NULL is a no-op. */
void kb_note_free(kb_note *n);
/* Frees a combined query's parts and leaves it empty (no query, captures UINT32_MAX). */
void kb_combined_clear(kb_combined *c);
/* Frees the hint view (kb_hint_view) of k, if any: a load or a compile makes it stale. */
void kb_hint_view_clear(kb *k);

#endif
