/* fix: combining edits (conflicts, duplicates, insertions) and applying them; the fixes of
 * syntax errors with one certain fix (one round over every error syn_check reports); udiff: the
 * unified diffs of `check --diff` (edges: empty texts, no final newline, far-apart changes). */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fix.h"
#include "harness.h"
#include "udiff.h"
#include "xalloc.h"

static void S_add(fix_edits *g, uint32_t a, uint32_t z, const char *text) {
  g->items = xreallocarray(g->items, g->count + 1, sizeof *g->items);
  g->items[g->count++] = (fix_edit){a, z, xstrdup(text)};
  g->cap = g->count;
}

static void test_groups(void) {
  const char *src = "print x <> y\n";
  fix_edits total = {0}, g = {0};
  S_add(&g, 0, 12, "print(x <> y)");
  INT_EQ(fix_add_group(&total, &g), 1);
  INT_EQ(g.count, 0);
  /* Inside the first edit: waits for the next round. */
  S_add(&g, 8, 10, "!=");
  INT_EQ(fix_add_group(&total, &g), 0);
  /* The same edit twice (two findings fixed by one guard) is kept once. */
  S_add(&g, 0, 12, "print(x <> y)");
  INT_EQ(fix_add_group(&total, &g), 1);
  INT_EQ(total.count, 1);
  /* An insertion touching an edit is ambiguous. */
  S_add(&g, 12, 12, "!");
  INT_EQ(fix_add_group(&total, &g), 0);
  /* A group is taken whole or not at all. */
  S_add(&g, 13, 13, "# end\n");
  S_add(&g, 5, 6, "X");
  INT_EQ(fix_add_group(&total, &g), 0);
  INT_EQ(total.count, 1);
  size_t n = 0;
  char *out = fix_apply(src, strlen(src), &total, &n);
  STR_EQ(out, "print(x <> y)\n");
  INT_EQ(n, 14);
  free(out);
  fix_edits_clear(&total);
  fix_edits_clear(&g);

  /* Out of order, adjacent replacements and an insertion: sorted, applied once each. */
  S_add(&total, 4, 6, "CD");
  S_add(&total, 0, 2, "AB");
  S_add(&total, 2, 4, "");
  S_add(&total, 8, 8, "+");
  out = fix_apply("abcdefgh", 8, &total, &n);
  STR_EQ(out, "ABCDgh+");
  free(out);
  /* Overlapping edits are refused. */
  S_add(&total, 1, 3, "?");
  OK(fix_apply("abcdefgh", 8, &total, &n) == NULL);
  fix_edits_clear(&total);
  OK(!fix_implemented("lambda"));
  OK(fix_implemented("py2-print"));
}

static void test_udiff(void) {
  char *d = udiff_unified("a\n", 2, "a\n", 2, "x", "y");
  STR_EQ(d, "");
  free(d);
  d = udiff_unified("", 0, "new\n", 4, "x", "y");
  STR_EQ(d, "--- x\n+++ y\n@@ -0,0 +1,1 @@\n+new\n");
  free(d);
  d = udiff_unified("old\n", 4, "", 0, "x", "y");
  STR_EQ(d, "--- x\n+++ y\n@@ -1,1 +0,0 @@\n-old\n");
  free(d);
  d = udiff_unified("a\nb", 3, "a\nc", 3, "f", "f");
  STR_EQ(d, "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
            "\\ No newline at end of file\n");
  free(d);
  /* Changes 10 lines apart are two hunks with 3 lines of context each. */
  const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
  const char *b = "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n";
  d = udiff_unified(a, strlen(a), b, strlen(b), "f", "f");
  STR_EQ(d, "--- f\n+++ f\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"
            "@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n");
  free(d);
  /* Changes 6 lines apart share one hunk. */
  const char *c = "1\n2\n3\n4\n5\n6\n7\n8\n";
  const char *e = "1\nX\n3\n4\n5\n6\n7\nY\n";
  d = udiff_unified(c, strlen(c), e, strlen(e), "f", "f");
  STR_EQ(d, "--- f\n+++ f\n@@ -1,8 +1,8 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n 7\n-8\n+Y\n");
  free(d);
}

/* Every fix of one round over the syntax errors of `src`: the text they make (malloc'd). */
static char *S_syntax_round(TSParser *parser, const char *src) {
  syn_errors errs = {0};
  TSTree *tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)strlen(src));
  syn_check(NULL, KB_EN, NULL, tree, src, strlen(src), 100, &errs);
  fix_edits total = {0}, g = {0};
  for (size_t i = 0; i < errs.count; i++)
    if (fix_syntax(&errs.items[i], src, strlen(src), &g) == 1) fix_add_group(&total, &g);
  size_t n = 0;
  char *out = fix_apply(src, strlen(src), &total, &n);
  fix_edits_clear(&total);
  fix_edits_clear(&g);
  syn_errors_clear(&errs);
  ts_tree_delete(tree);
  return out;
}

static void test_syntax_fixes(void) {
  static const struct {
    const char *before, *after; /* after: the same text when no fix is certain */
  } cases[] = {
      {"def f(x)\n    return x\n", "def f(x):\n    return x\n"},
      {"if a  # why\r\n\tpass\r\n", "if a:  # why\r\n\tpass\r\n"},
      {"class 类(基)\n    pass\n", "class 类(基):\n    pass\n"},
      {"x = [1，2]\n", "x = [1,2]\n"},
      {"print（'你好'）\r\n", "print('你好')\r\n"},
      {"a = “文” + ‘字’\n", "a = \"文\" + '字'\n"},
      {"s = “没有结束\n", "s = \"没有结束\n"}, /* no closing quote on the line: the one */
      {"if x = 1:\n    pass\n", "if x == 1:\n    pass\n"},
      {"while d[k] = f(a=1):\n\tbreak\n", "while d[k] == f(a=1):\n\tbreak\n"},
      {"x = 1\n", "x = 1\n"},
      {"x = 1　+ 2\n", "x = 1　+ 2\n"}, /* U+3000, an ideographic space: no certain fix */
  };
  TSParser *parser = doc_parser_new();
  OK(parser != NULL);
  for (size_t i = 0; parser && i < sizeof cases / sizeof *cases; i++) {
    /* rounds until nothing changes: an error after the first on a line shows once the first
     * is fixed, as in CPython */
    char *got = xstrdup(cases[i].before);
    for (int round = 0; got && round < 8; round++) {
      char *next = S_syntax_round(parser, got);
      bool same = next && strcmp(next, got) == 0;
      free(got);
      got = next;
      if (same) break;
    }
    STR_EQ(got, cases[i].after);
    free(got);
  }
  /* ranges that are not the shape syntax.h documents give no edit */
  fix_edits e = {0};
  syn_error colon = {.start_byte = 0, .end_byte = 3, .id = "missing-colon"};
  OK(fix_syntax(&colon, "def", 3, &e) == 0);
  syn_error eq = {.start_byte = 3, .end_byte = 7, .id = "assign-in-condition"};
  OK(fix_syntax(&eq, "if a == b:", 10, &e) == 0);
  syn_error fw = {.start_byte = 0, .end_byte = 3, .id = "fullwidth-punctuation"};
  OK(fix_syntax(&fw, "abc", 3, &e) == 0);
  OK(e.count == 0);
  fix_edits_clear(&e);
  ts_parser_delete(parser);
}

int main(void) {
  RUN(test_groups);
  RUN(test_syntax_fixes);
  RUN(test_udiff);
  return harness_done();
}
