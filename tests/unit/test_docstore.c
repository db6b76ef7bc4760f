/* Tests for server/docstore.c's memory budget: which documents keep their tree, in least
 * recently used order, and that a dropped tree is reparsed from an intact text. */
#include "docstore.h"
#include "harness.h"
#include "xalloc.h"

#include <stdlib.h>

/* 40 bytes of Python. */
static const char S_TEXT[] = "def f(a):\n    return a + 1\n\nx = f(2)\n\n\n\n";

static TSParser *S_parser;

/* Uses a document as a request does: found (so most recently used), then parsed. */
static ds_doc *S_use(ds_store *s, const char *uri) {
  ds_doc *d = ds_find(s, uri);
  OK(d != NULL);
  if (d) OK(doc_tree(d->d, S_parser) != NULL);
  return d;
}

static void t_least_recently_used_drop_their_trees(void) {
  INT_EQ(sizeof S_TEXT - 1, 40);
  ds_store *s = ds_new();
  ds_set_budget(s, 100); /* two documents of 40 bytes, not three */
  ds_doc *a = ds_open(s, "a", S_TEXT, 40, 1);
  ds_doc *b = ds_open(s, "b", S_TEXT, 40, 1);
  ds_doc *c = ds_open(s, "c", S_TEXT, 40, 1);
  /* Opening c dropped a (the least recently used); a never had a tree anyway. */
  INT_EQ(a->drops, 1);
  INT_EQ(b->drops, 0);
  S_use(s, "b");
  S_use(s, "c");
  OK(doc_has_tree(b->d) && doc_has_tree(c->d) && !doc_has_tree(a->d));
  S_use(s, "a"); /* b is now the least recently used */
  OK(doc_has_tree(a->d) && !doc_has_tree(b->d) && doc_has_tree(c->d));
  INT_EQ(b->drops, 1);
  S_use(s, "c");
  S_use(s, "b"); /* a is */
  OK(!doc_has_tree(a->d) && doc_has_tree(b->d) && doc_has_tree(c->d));
  /* The texts are all there, and a dropped tree comes back the same. */
  STR_EQ(doc_text(a->d), S_TEXT);
  TSTree *fresh = ts_parser_parse_string(S_parser, NULL, S_TEXT, 40);
  ds_doc *again = S_use(s, "a");
  char *want = ts_node_string(ts_tree_root_node(fresh));
  char *got = ts_node_string(ts_tree_root_node(doc_tree(again->d, S_parser)));
  STR_EQ(got, want);
  free(want);
  free(got);
  ts_tree_delete(fresh);
  /* Closing frees room: nothing else is dropped while a and c fit. */
  OK(ds_close(s, "b"));
  S_use(s, "c");
  S_use(s, "a");
  OK(doc_has_tree(ds_find(s, "c")->d) && doc_has_tree(ds_find(s, "a")->d));
  ds_free(s);
}

static void t_the_document_in_use_keeps_its_tree_past_the_budget(void) {
  ds_store *s = ds_new();
  ds_set_budget(s, 0);
  ds_doc *a = ds_open(s, "a", S_TEXT, 40, 1);
  S_use(s, "a");
  OK(doc_has_tree(a->d));
  ds_doc *b = ds_open(s, "b", S_TEXT, 40, 1);
  OK(!doc_has_tree(a->d));
  S_use(s, "b");
  OK(doc_has_tree(b->d));
  /* An edit to a dropped document applies to its text, then parses from scratch. */
  char err[64];
  INT_EQ(doc_apply_change(a->d, (doc_position){3, 0}, (doc_position){3, 1}, "y", 1, DOC_UTF8,
                          err, sizeof err),
         0);
  S_use(s, "a");
  OK(!doc_has_tree(b->d));
  const TSTree *t = doc_tree(a->d, S_parser);
  OK(t && !ts_node_has_error(ts_tree_root_node(t)));
  OK(strncmp(doc_text(a->d) + 28, "y = f(2)", 8) == 0);
  ds_free(s);
}

int main(void) {
  xalloc_init();
  S_parser = doc_parser_new();
  RUN(t_least_recently_used_drop_their_trees);
  RUN(t_the_document_in_use_keeps_its_tree_past_the_budget);
  ts_parser_delete(S_parser);
  return harness_done();
}
