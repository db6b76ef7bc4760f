/* docstore: the documents the client has open, by URI: each one's text and tree (doc), its
 * LSP version and the cache of its findings (one revision at a time, findings.h). No JSON, no
 * I/O. The store owns everything in it; a ds_doc pointer stays valid until the next ds_open
 * or ds_close on the store. */
#ifndef PYLORE_DOCSTORE_H
#define PYLORE_DOCSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "findings.h"

typedef struct {
  char *uri;
  doc *d;
  int64_t version;
  fnd_cache *findings; /* of one revision of d's text */
} ds_doc;

typedef struct ds_store ds_store;

/* An empty store (never NULL: memory aborts, xalloc.h). ds_free(NULL) is a no-op; it frees
 * every document still open. */
ds_store *ds_new(void);
void ds_free(ds_store *s);

/* The open document with this URI, or NULL. */
ds_doc *ds_find(ds_store *s, const char *uri);
/* Opens `uri` with a copy of text[0, len) at `version`, replacing a document already open
 * under that URI. NULL when the text is too large for tree-sitter's 32-bit offsets (then
 * the URI is not open any more). */
ds_doc *ds_open(ds_store *s, const char *uri, const char *text, size_t len, int64_t version);
/* Forgets the document; returns true when it was open. */
bool ds_close(ds_store *s, const char *uri);

#endif
