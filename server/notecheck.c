#include "notecheck.h"

#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "doc.h"
#include "syntax.h"
#include "xalloc.h"

/* The code's tokens without comments, joined by spaces: two examples that differ only in
 * (translated) comments or layout compare equal. Caller frees. */
static char *S_tokens(TSParser *parser, const char *code) {
  size_t len = strlen(code);
  TSTree *tree = ts_parser_parse_string(parser, NULL, code, (uint32_t)len);
  if (!tree) return NULL;
  size_t cap = len * 2 + 16, n = 0;
  char *out = xmalloc(cap);
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
  for (bool more = true; more;) {
    TSNode node = ts_tree_cursor_current_node(&c);
    bool leaf = ts_node_child_count(node) == 0;
    if (leaf && strcmp(ts_node_type(node), "comment") != 0) {
      uint32_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
      if (n + (b - a) + 2 >= cap) {
        cap = (cap + (b - a)) * 2;
        out = xrealloc(out, cap);
      }
      memcpy(out + n, code + a, b - a);
      n += b - a;
      out[n++] = ' ';
    }
    more = doc_cursor_next(&c, !leaf, NULL);
  }
  out[n] = '\0';
  ts_tree_cursor_delete(&c);
  ts_tree_delete(tree);
  return out;
}

/* The 0-based line of a byte offset (lines end at "\n", as tree-sitter counts them). */
static unsigned S_row(const char *text, uint32_t byte) {
  unsigned row = 0;
  for (uint32_t i = 0; i < byte && text[i]; i++) row += text[i] == '\n';
  return row;
}

static const char *S_mark_name(kb_example_mark m) {
  switch (m) {
  case KB_EX_MATCH: return "python";
  case KB_EX_NOMATCH: return "python nomatch";
  case KB_EX_BAD: return "python bad";
  case KB_EX_GOOD: return "python good";
  }
  return "?";
}

int nc_check_note(const kb *k, size_t index, kb_problems *pr) {
  const kb_note *note = kb_note_at(k, index);
  if (!note) return 0;
  const kb_text *en = note->text[KB_EN];
  int problems = 0;
  TSParser *parser = doc_parser_new();
  an_ctx *ctx = an_ctx_new();
  unsigned char *only = xcalloc(kb_count(k), 1);
  if (!parser) {
    kb_problems_add(pr, "%s: no parser for the grammar", note->id);
    problems++;
    goto done;
  }
  only[index] = 1;
  if (en->example_count == 0) {
    kb_problems_add(pr, "%s: no python example", en->path);
    problems++;
  }
  for (size_t i = 0; i < en->example_count; i++) {
    const kb_example *ex = &en->examples[i];
    size_t len = strlen(ex->code);
    TSTree *tree = ts_parser_parse_string(parser, NULL, ex->code, (uint32_t)len);
    if (!tree) continue;
    syn_errors errs = {0};
    syn_check(k, KB_EN, NULL, tree, ex->code, len, 8, &errs);
    /* A snippet in a note may be a fragment of a function (`yield x`, `await f()`): only
     * errors of the grammar count against it, not where such a statement stands. */
    bool placement_only = errs.count && note->kind != KB_SYNTAX;
    for (size_t e = 0; e < errs.count && placement_only; e++)
      placement_only = strcmp(errs.items[e].id, "outside-function") == 0 ||
                       strcmp(errs.items[e].id, "outside-loop") == 0 ||
                       strcmp(errs.items[e].id, "await-outside-async") == 0;
    if (errs.count && ex->mark != KB_EX_BAD && !placement_only) {
      kb_problems_add(pr, "%s: example %zu (```%s) does not parse: line %u: %s [%s]", en->path,
                      i + 1, S_mark_name(ex->mark), errs.items[0].start.row + 1,
                      errs.items[0].message, errs.items[0].id);
      problems++;
    }
    if (note->kind == KB_SYNTAX) {
      /* A syntax note's bad example must be reported under its id, as the first error. */
      if (ex->mark == KB_EX_BAD && (errs.count == 0 || errs.items[0].note != index)) {
        kb_problems_add(pr, "%s: example %zu (```%s) is not reported as `%s` (%s):\n%s",
                        en->path, i + 1, S_mark_name(ex->mark), note->id,
                        errs.count ? errs.items[0].id : "no error", ex->code);
        problems++;
      }
      syn_errors_clear(&errs);
      ts_tree_delete(tree);
      continue;
    }
    syn_errors_clear(&errs);
    an_findings found = {0};
    if (note->kind == KB_PITFALL)
      an_pitfalls(ctx, k, tree, ex->code, len, only, &found);
    else
      an_explanations(ctx, k, tree, ex->code, len, 0, (uint32_t)len, only, &found);
    bool want = ex->mark == KB_EX_MATCH || ex->mark == KB_EX_BAD;
    if (want && found.count == 0) {
      kb_problems_add(pr, "%s: example %zu (```%s) is not matched by the query:\n%s", en->path,
                      i + 1, S_mark_name(ex->mark), ex->code);
      problems++;
    } else if (!want && found.count > 0) {
      kb_problems_add(pr, "%s: example %zu (```%s) is matched by the query at line %u:\n%s",
                      en->path, i + 1, S_mark_name(ex->mark), S_row(ex->code, found.items[0].start_byte) + 1,
                      ex->code);
      problems++;
    }
    an_findings_clear(&found);
    ts_tree_delete(tree);
  }
  for (int lang = 1; lang < KB_LANG_COUNT; lang++) {
    const kb_text *t = note->text[lang];
    if (!t) continue;
    if (t->example_count != en->example_count) {
      kb_problems_add(pr, "%s: %zu examples, en.md has %zu", t->path, t->example_count,
                      en->example_count);
      problems++;
      continue;
    }
    for (size_t i = 0; i < t->example_count; i++) {
      char *a = S_tokens(parser, en->examples[i].code), *b = S_tokens(parser, t->examples[i].code);
      if (t->examples[i].mark != en->examples[i].mark || !a || !b || strcmp(a, b) != 0) {
        kb_problems_add(pr, "%s: example %zu differs from en.md (beyond comments)", t->path, i + 1);
        problems++;
      }
      free(a);
      free(b);
    }
  }
done:
  free(only);
  an_ctx_free(ctx);
  if (parser) ts_parser_delete(parser);
  return problems;
}
