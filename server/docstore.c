#include "docstore.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct ds_store {
  ds_doc *docs;
  size_t count, cap;
  uint64_t tick;  /* grows with every ds_open and ds_find */
  size_t budget;  /* bytes of text of the documents that keep a tree */
};

ds_store *ds_new(void) {
  ds_store *s = xcalloc(1, sizeof(ds_store));
  s->budget = DS_DEFAULT_BUDGET;
  return s;
}

void ds_set_budget(ds_store *s, size_t bytes) { s->budget = bytes; }

static void S_release(ds_doc *d) {
  fnd_cache_free(d->findings);
  hc_free(d->hints);
  free(d->uri);
  doc_free(d->d);
}

void ds_free(ds_store *s) {
  if (!s) return;
  for (size_t i = 0; i < s->count; i++) S_release(&s->docs[i]);
  free(s->docs);
  free(s);
}

static ds_doc *S_find(ds_store *s, const char *uri) {
  for (size_t i = 0; i < s->count; i++) {
    if (strcmp(s->docs[i].uri, uri) == 0) return &s->docs[i];
  }
  return NULL;
}

/* Makes `cur` the most recently used document, then drops the trees and findings of the
 * least recently used others until the kept texts fit in the budget. O(open documents) per
 * call, plus as much per document dropped: a linear scan costs less than the parse that
 * follows a request. */
static void S_use(ds_store *s, ds_doc *cur) {
  cur->used = ++s->tick;
  cur->kept = true;
  size_t kept = 0;
  for (size_t i = 0; i < s->count; i++)
    if (s->docs[i].kept) kept += doc_length(s->docs[i].d);
  while (kept > s->budget) {
    ds_doc *lru = NULL;
    for (size_t i = 0; i < s->count; i++) {
      ds_doc *d = &s->docs[i];
      if (d->kept && d != cur && (!lru || d->used < lru->used)) lru = d;
    }
    if (!lru) break; /* only `cur` is left: it keeps its tree whatever its size */
    doc_drop_tree(lru->d);
    fnd_cache_drop(lru->findings);
    hc_reset(lru->hints);
    lru->kept = false;
    lru->drops++;
    kept -= doc_length(lru->d);
  }
}

ds_doc *ds_find(ds_store *s, const char *uri) {
  ds_doc *d = S_find(s, uri);
  if (d) S_use(s, d);
  return d;
}

bool ds_close(ds_store *s, const char *uri) {
  ds_doc *d = S_find(s, uri);
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
  d->hints = hc_new();
  d->version = version;
  d->used = 0;
  d->drops = 0;
  S_use(s, d);
  return d;
}
