/* hintcache: the inline hints of one document found so far, for one revision of its text:
 * which bytes have been looked at (every hint anchored there is known) and those hints, with
 * their labels. A request looks only at the bytes not covered yet (hc_gaps). After an edit the
 * hints it cannot have changed are kept, shifted, and the bytes around it are looked at again
 * when next asked for (hc_apply, from analysis' an_hints_change). Pure C: no JSON, no I/O. The
 * cache owns its hints; memory failures abort (xalloc.h). */
#ifndef PYLORE_HINTCACHE_H
#define PYLORE_HINTCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

typedef struct {
  uint32_t byte;   /* where the hint goes */
  uint32_t span;   /* the construct's length: the innermost construct wins a line */
  an_node_key root; /* the node its match was rooted at */
  uint32_t note;
  unsigned kind;   /* the feature's kind of hint */
  char label[96];
} hc_hint;

/* What the hints were computed with: a cache is never read with anything else. */
typedef struct {
  const void *k, *enabled;
  int lang;
  unsigned kinds;
} hc_stamp;

typedef struct hc_cache hc_cache;
hc_cache *hc_new(void);
void hc_free(hc_cache *c); /* NULL is a no-op */
/* Forgets everything: the cache describes no revision. */
void hc_reset(hc_cache *c);

/* True when the cache describes `revision` of the text, computed with `stamp`. */
bool hc_is(const hc_cache *c, uint64_t revision, const hc_stamp *stamp);
/* Makes the cache describe `revision` with `stamp`, empty. */
void hc_start(hc_cache *c, uint64_t revision, const hc_stamp *stamp);
/* The hints added since the cache started cannot be carried across an edit (a root that
 * could not be told): the next hc_apply empties the cache. */
void hc_keep_revision_only(hc_cache *c);
/* Carries the cache across an edit to `revision`: the hints `ch` keeps, shifted; the bytes it
 * covered, shifted, less the redo range. (With ch->all, the cache is emptied.) Then the re-run
 * matches are to be added (hc_add) where hc_covered says. */
void hc_apply(hc_cache *c, uint64_t revision, const an_hint_change *ch);

/* The parts of [a, b) not covered yet, in order, up to `max` (a request's range is cut in a
 * few pieces at most); returns how many there are in all. */
size_t hc_gaps(const hc_cache *c, uint32_t a, uint32_t b, uint32_t (*out)[2], size_t max);
/* Marks [a, b) covered: every hint anchored there has been added. */
void hc_cover(hc_cache *c, uint32_t a, uint32_t b);
bool hc_covered(const hc_cache *c, uint32_t byte);
void hc_add(hc_cache *c, const hc_hint *h);
/* The hints anchored in [a, b]: appended to *out (grown with xalloc) / *count / *cap. */
void hc_collect(const hc_cache *c, uint32_t a, uint32_t b, hc_hint **out, size_t *count,
                size_t *cap);

#endif
