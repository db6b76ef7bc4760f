/* docstore: the documents the client has open, by URI: each one's text and tree (doc), its
 * LSP version and the cache of its findings (one revision at a time, findings.h). No JSON, no
 * I/O. The store owns everything in it; a ds_doc pointer stays valid until the next ds_open
 * or ds_close on the store.
 *
 * Memory: a tree takes about 30 bytes per byte of source, ten times everything else a
 * document keeps, so only the most recently used documents keep their tree and their
 * findings cache, as long as their texts sum to at most a budget (ds_set_budget); the others
 * keep their text alone and are parsed and analysed from scratch when next used (the same
 * answers; an edit to them starts from scratch too). The text is never dropped. */
#ifndef PYLORE_DOCSTORE_H
#define PYLORE_DOCSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "findings.h"
#include "hintcache.h"

typedef struct {
  char *uri;
  doc *d;
  int64_t version;
  fnd_cache *findings; /* of one revision of d's text */
  hc_cache *hints;     /* the inline hints found in one revision of d's text */
  uint64_t used;       /* when ds_open or ds_find last returned it (a tick of the store) */
  bool kept;           /* may hold a tree and a findings cache (counts against the budget) */
  unsigned drops;      /* how many times its tree and findings were dropped */
} ds_doc;

typedef struct ds_store ds_store;

/* An empty store (never NULL: memory aborts, xalloc.h). ds_free(NULL) is a no-op; it frees
 * every document still open. */
ds_store *ds_new(void);
void ds_free(ds_store *s);

/* The bytes of text whose documents keep their tree and findings cache: the least recently
 * used documents past it drop theirs (the one being used always keeps them). */
#define DS_DEFAULT_BUDGET ((size_t)512 << 10)
/* Sets the budget (bytes of text); 0 keeps only the document in use. Applies from the
 * next ds_open or ds_find. */
void ds_set_budget(ds_store *s, size_t bytes);

/* The open document with this URI, or NULL. It becomes the most recently used one; other
 * documents may drop their tree and findings (never their text) to stay in the budget. */
ds_doc *ds_find(ds_store *s, const char *uri);
/* Opens `uri` with a copy of text[0, len) at `version`, replacing a document already open
 * under that URI; it becomes the most recently used one, as with ds_find. NULL when the
 * text is too large for tree-sitter's 32-bit offsets (then the URI is not open any more). */
ds_doc *ds_open(ds_store *s, const char *uri, const char *text, size_t len, int64_t version);
/* Forgets the document; returns true when it was open. */
bool ds_close(ds_store *s, const char *uri);

#endif
