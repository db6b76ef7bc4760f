/* diagnostics: the findings the session reads (fnd_get, for diagnostics and hovers) always
 * belong to the document's current text. */
#include "analysis.h"
#include "doc.h"
#include "feat.h"
#include "findings.h"
#include "harness.h"
#include "kb.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static kb *S_kb(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  kb_load_builtin(k, &pr);
  kb_compile(k, &pr);
  INT_EQ(pr.count, 0);
  kb_problems_clear(&pr);
  return k;
}

/* A parse that is stopped (as a time budget or a cancellation stops it) leaves the document
 * without a tree for its current text: the findings of the previous text, whose byte ranges
 * no longer fit, must not come back as if they were the current ones. */
static void t_no_tree_leaves_no_stale_findings(void) {
  kb *k = S_kb();
  an_ctx *an = an_ctx_new();
  TSParser *parser = doc_parser_new();
  feat_env env = {.k = k, .lang = KB_EN, .enc = DOC_UTF8, .parser = parser, .an = an};
  /* Long enough that the parser checks its cancellation flag before it is done. */
  size_t lines = 5000;
  const char *line = "x = [i for i in range(10)]\n";
  const char *pit = "def f(a=[]): pass\n";
  size_t n = strlen(line) * lines + strlen(pit);
  char *text = xmalloc(n + 1);
  char *p = text;
  memcpy(p, pit, strlen(pit));
  p += strlen(pit);
  for (size_t i = 0; i < lines; i++, p += strlen(line)) memcpy(p, line, strlen(line));
  *p = '\0';
  doc *d = doc_new(text, n);

  fnd_cache *cache = fnd_cache_new();
  fnd_env fe = {.k = k, .parser = parser, .an = an, .pitfalls = true, .syntax = true,
                .max_syntax = FND_MAX_SYNTAX_ERRORS};
  const fnd_set *found = fnd_get(cache, &fe, d);
  json_t *list = diag_compute(&env, d, found);
  OK(found != NULL);
  INT_EQ(found ? found->pitfalls.count : 0, 1);
  uint32_t start = found && found->pitfalls.count ? found->pitfalls.items[0].start_byte : 0;
  json_decref(list);

  /* Two lines inserted above the pitfall: its bytes move by 7. */
  char err[128];
  INT_EQ(doc_apply_change(d, (doc_position){0, 0}, (doc_position){0, 0}, "y = 1\n\n", 7,
                          DOC_UTF8, err, sizeof err), 0);
  size_t stop = 1;
  ts_parser_set_cancellation_flag(parser, &stop);
  found = fnd_get(cache, &fe, d);
  OK(doc_tree(d, NULL) == NULL);
  OK(found == NULL); /* nothing for a text without a tree, and not the old findings */
  list = diag_compute(&env, d, found);
  INT_EQ(json_array_size(list), 0);
  json_decref(list);

  /* Once a parse completes, the pitfall is found where it now is. */
  ts_parser_set_cancellation_flag(parser, NULL);
  found = fnd_get(cache, &fe, d);
  OK(doc_tree(d, NULL) != NULL);
  OK(found != NULL);
  INT_EQ(found ? found->pitfalls.count : 0, 1);
  if (found && found->pitfalls.count) INT_EQ(found->pitfalls.items[0].start_byte, start + 7);
  list = diag_compute(&env, d, found);
  INT_EQ(json_array_size(list), 1);
  json_decref(list);

  fnd_cache_free(cache);
  doc_free(d);
  free(text);
  ts_parser_delete(parser);
  an_ctx_free(an);
  kb_free(k);
}

int main(void) {
  xalloc_init();
  RUN(t_no_tree_leaves_no_stale_findings);
  return harness_done();
}
