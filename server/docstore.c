#include "docstore.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct ds_store {
  ds_doc *docs;
  size_t count, cap;
};

ds_store *ds_new(void) { return xcalloc(1, sizeof(ds_store)); }

static void S_release(ds_doc *d) {
  fnd_cache_free(d->findings);
  free(d->uri);
  doc_free(d->d);
}

void ds_free(ds_store *s) {
  if (!s) return;
  for (size_t i = 0; i < s->count; i++) S_release(&s->docs[i]);
  free(s->docs);
  free(s);
}

ds_doc *ds_find(ds_store *s, const char *uri) {
  for (size_t i = 0; i < s->count; i++) {
    if (strcmp(s->docs[i].uri, uri) == 0) return &s->docs[i];
  }
  return NULL;
}

bool ds_close(ds_store *s, const char *uri) {
  ds_doc *d = ds_find(s, uri);
  if (!d) return false;
  S_release(d);
  *d = s->docs[--s->count];
  return true;
}

ds_doc *ds_open(ds_store *s, const char *uri, const char *text, size_t len, int64_t version) {
  ds_close(s, uri);
  if (s->count == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->docs = xreallocarray(s->docs, s->cap, sizeof *s->docs);
  }
  /* doc_new refuses only text past tree-sitter's 4 GB offsets (memory aborts, xalloc.h). */
  doc *text_doc = doc_new(text, len);
  if (!text_doc) return NULL;
  ds_doc *d = &s->docs[s->count++];
  d->uri = xstrdup(uri);
  d->d = text_doc;
  d->findings = fnd_cache_new();
  d->version = version;
  return d;
}
