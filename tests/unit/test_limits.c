/* Limits that protect the server from hostile text and notes: tree-sitter 0.20.7 cannot
 * free a tree with a syntax error of over 65,535 tokens (doc_parse keeps such trees aside),
 * and its query parser recurses once per bracket (kb_load_note refuses deep queries). */
#include "doc.h"
#include "harness.h"
#include "kb.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *S_repeat(const char *head, const char *unit, size_t n, const char *tail) {
  size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
  char *s = xmalloc(h + u * n + t + 1);
  memcpy(s, head, h);
  for (size_t i = 0; i < n; i++) memcpy(s + h + i * u, unit, u);
  memcpy(s + h + u * n, tail, t + 1);
  return s;
}

/* Under ASan the unsafe trees would show as a double free when deleted or reused. */
static void t_huge_syntax_error_has_no_tree(void) {
  TSParser *p = doc_parser_new();
  const char *units[] = {"(", "[", "not ", "def (\n", "lambda:"};
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
    char *text = S_repeat("x = ", units[u], 70000, "\n");
    doc *d = doc_new(text, strlen(text));
    OK(doc_tree(d, p) == NULL);
    /* An edit, then another parse: still nothing to reuse or free. */
    char err[128];
    INT_EQ(doc_apply_change(d, (doc_position){0, 10}, (doc_position){0, 10}, "(", 1, DOC_UTF8, err,
                            sizeof err), 0);
    OK(doc_tree(d, p) == NULL);
    doc_free(d);
    free(text);
  }
  /* Below the limit, and balanced at any depth: trees as usual, edited incrementally. */
  char *text = S_repeat("x = ", "(", 60000, "\n");
  doc *d = doc_new(text, strlen(text));
  OK(doc_tree(d, p) != NULL);
  char err[128];
  INT_EQ(doc_apply_change(d, (doc_position){0, 10}, (doc_position){0, 10}, "(", 1, DOC_UTF8, err,
                          sizeof err), 0);
  OK(doc_tree(d, p) != NULL);
  doc_free(d);
  free(text);
  char *open = S_repeat("x = ", "(", 100000, "1");
  char *both = S_repeat(open, ")", 100000, "\n");
  d = doc_new(both, strlen(both));
  const TSTree *t = doc_tree(d, p);
  OK(t != NULL && !ts_node_has_error(ts_tree_root_node(t)));
  doc_free(d);
  free(open);
  free(both);
  ts_parser_delete(p);
}

static void t_deep_query_is_refused(void) {
  const char *en = "---\ntitle: Deep\nkind: explanation\n---\n\nA note.\n";
  for (size_t depth = 99; depth <= 100000; depth = depth == 99 ? 100 : depth * 1000) {
    char *open = S_repeat("", "[", depth, "(lambda)");
    char *scm = S_repeat(open, "]", depth, " @construct\n");
    kb *k = kb_new();
    kb_problems pr = {0};
    int rc = kb_load_note(k, "deep", "deep/match.scm", scm, "deep/en.md", en, NULL, NULL, &pr);
    if (depth + 1 > KB_MAX_QUERY_DEPTH) { /* the (lambda) inside is one level more */
      INT_EQ(rc, -1);
      OK(pr.count == 1 && strstr(pr.items[0], "brackets nest more than 100 levels deep"));
    } else {
      INT_EQ(rc, 0);
    }
    kb_problems_clear(&pr);
    kb_free(k);
    free(open);
    free(scm);
  }
}

int main(void) {
  xalloc_init();
  RUN(t_huge_syntax_error_has_no_tree);
  RUN(t_deep_query_is_refused);
  return harness_done();
}
