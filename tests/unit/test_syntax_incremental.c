/* Incremental syntax errors against from-scratch ones: after each of thousands of random edits
 * (characters, brackets, quotes, tabs, CRLF and lone CR, headers, `return`/`await`/`break`
 * placed anywhere; syntax errors come and go) on real files, syn_update's errors, updated
 * from the previous revision across the edit, must equal syn_check's on the same text and
 * tree, byte for byte; and tokcheck's updated errors (tc_incr_update) must equal tc_check's,
 * field for field. The files are modules of the machine's python3 standard library, chosen
 * at test time by a seed (PYLORE_SYN_SEED, default 1): the code was not tuned on them.
 * PYLORE_SYN_EDITS sets the number of edits per file (default 600). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "doc.h"
#include "fileio.h"
#include "harness.h"
#include "syntax.h"
#include "tokcheck_incr.h"
#include "xalloc.h"

static unsigned long S_rand(unsigned long *seed) {
  *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
  return (*seed >> 33);
}

/* What typing does to syntax, and what moves a keyword in or out of a function or loop. */
static const char *const S_snippets[] = {
    " ", "\n", "\r\n", "\r", "\t", "(", ")", "[", "]", "{", "}", ":", "'", "\"", "\"\"\"", "'''",
    "#", "\\", "\\\n", ",", ".", "=", "x", "\n    ", "    ", "        ", "def f():\n    ",
    "async def g():\n    ", "class C:\n    ", "for i in x:\n    ", "while 1:\n    ",
    "if x = 1:\n    ", "else:\n    ", "try:\n    ", "return 1", "yield x", "await y", "break",
    "continue", "lambda: await z", "f'{x", "}'", "，", "（", "）", "：", "“", "$", "`", "x.class",
    "match x:\n    case 1:\n        ", "print 'x'\n", "\f", "\xEF\xBB\xBF",
};

/* One line per error, every field: what "byte for byte" compares. */
static char *S_dump(const syn_errors *e) {
  size_t cap = e->count * 448 + 16, n = 0;
  char *out = xmalloc(cap);
  out[0] = '\0';
  for (size_t i = 0; i < e->count; i++) {
    const syn_error *x = &e->items[i];
    n += (size_t)snprintf(out + n, cap - n, "%u-%u %u:%u-%u:%u %u %s %s\n", x->start_byte,
                          x->end_byte, x->start.row, x->start.column, x->end.row, x->end.column,
                          x->note, x->id, x->message);
  }
  return out;
}

static bool S_tc_equal(const tc_errors *a, const tc_errors *b) {
  if (a->count != b->count || a->mark_count != b->mark_count || a->lax_count != b->lax_count)
    return false;
  for (size_t i = 0; i < a->count; i++) {
    const tc_error *x = &a->items[i], *y = &b->items[i];
    if (x->kind != y->kind || x->byte != y->byte || x->end_byte != y->end_byte ||
        x->row != y->row || x->col != y->col || x->order_byte != y->order_byte ||
        x->lexical != y->lexical || x->generic != y->generic || x->stmt_start != y->stmt_start ||
        x->stmt_end != y->stmt_end || x->other_row != y->other_row ||
        x->codepoint != y->codepoint || x->open != y->open || x->close != y->close ||
        x->ascii != y->ascii || x->what != y->what)
      return false;
  }
  return (a->mark_count == 0 || memcmp(a->marks, b->marks, a->mark_count * 4) == 0) &&
         (a->lax_count == 0 || memcmp(a->lax, b->lax, a->lax_count * 4) == 0);
}

static long S_total_edits, S_total_errors, S_total_read, S_total_bytes;

/* `lines_mostly`: three edits in four are line-sized ones that keep the file parsing, so
 * that the compile-time checks (reported only then) are compared often. */
/* `spacing`: between the tokenizer's checkpoints (1: at every line start, where the state
 * compared for convergence is most often subtle). */
static void S_differential(const char *name, const char *text, size_t len, int edits,
                           unsigned long seed, bool lines_mostly, size_t spacing) {
  doc *d = doc_new(text, len);
  TSParser *p = doc_parser_new();
  syn_state *st = syn_state_new();
  /* tc: updated across the edited bytes alone; tc2: across the spans syn_update is given */
  tc_incr *tc = tc_incr_new(), *tc2 = tc_incr_new();
  OK(d && p && st && tc && tc2);
  if (!d || !p || !st || !tc || !tc2) return;
  tc_incr_set_spacing(tc2, spacing);
  tc_incr_check(tc2, text, len);
  syn_state_set_spacing(st, spacing);
  tc_incr_set_spacing(tc, spacing);
  const TSTree *tree = doc_tree(d, p);
  syn_errors got = {0};
  syn_update(st, NULL, NULL, KB_EN, NULL, tree, doc_text(d), doc_length(d), 100, &got);
  tc_incr_check(tc, doc_text(d), doc_length(d));
  syn_errors_clear(&got);
  uint64_t mark = doc_mark(d);
  long mismatches = 0, tc_mismatches = 0, with_errors = 0, with_compile = 0;
  /* Edits are undone in reverse order half of the time (at most 4 pending), so that the
   * text keeps coming back to valid code. */
  struct {
    char *text;
    size_t at, len;
  } undo[5];
  int depth = 0;
  for (int step = 0; step < edits; step++) {
    size_t n = doc_length(d);
    char err[128];
    int rc;
    if (depth > 0 && (S_rand(&seed) % 2 == 0 || depth == 4)) {
      depth--;
      rc = doc_apply_change(d, doc_position_at(d, undo[depth].at, DOC_UTF8),
                            doc_position_at(d, undo[depth].at + undo[depth].len, DOC_UTF8),
                            undo[depth].text, strlen(undo[depth].text), DOC_UTF8, err,
                            sizeof err);
      free(undo[depth].text);
    } else {
      size_t a = n ? S_rand(&seed) % (n + 1) : 0, b = a;
      unsigned kind = S_rand(&seed) % 4;
      if (lines_mostly && S_rand(&seed) % 4 != 0) kind = 3;
      if (kind == 0 && n > a) b = a + 1 + S_rand(&seed) % (n - a < 12 ? n - a : 12);
      const char *ins =
          kind == 0 ? "" : S_snippets[S_rand(&seed) % (sizeof S_snippets / sizeof *S_snippets)];
      char line[96];
      if (kind == 3) {
        /* A line-sized edit that keeps the file parsing: a statement inserted at the
         * indentation of a line, or a line indented or dedented by four spaces. What it
         * moves in or out of a function or loop changes the compile-time errors. */
        static const char *const stmts[] = {"return 1", "yield x", "await y", "break",
                                            "continue", "pass", "async def h():", "def h():",
                                            "for j in y:", "class D:", "lambda: (yield)"};
        uint32_t ln = (uint32_t)(S_rand(&seed) % doc_line_count(d));
        a = b = doc_line_start(d, ln);
        size_t ind = a;
        while (ind < n && doc_text(d)[ind] == ' ' && ind - a < 40) ind++;
        unsigned op = S_rand(&seed) % 4;
        if (op == 0 && ind - a >= 4) {
          b = a + 4;
          ins = "";
        } else if (op == 1) {
          ins = "    ";
        } else {
          static const char spaces[] = "                                        ";
          snprintf(line, sizeof line, "%.*s%s\n", (int)(ind - a), spaces,
                   stmts[S_rand(&seed) % (sizeof stmts / sizeof *stmts)]);
          ins = line;
        }
      }
      a = doc_offset_at(d, doc_position_at(d, a, DOC_UTF8), DOC_UTF8);
      b = doc_offset_at(d, doc_position_at(d, b, DOC_UTF8), DOC_UTF8);
      if (b < a) b = a;
      char *was = xmalloc(b - a + 1);
      memcpy(was, doc_text(d) + a, b - a);
      was[b - a] = '\0';
      rc = doc_apply_change(d, doc_position_at(d, a, DOC_UTF8), doc_position_at(d, b, DOC_UTF8),
                            ins, strlen(ins), DOC_UTF8, err, sizeof err);
      /* the edit as the document took it: a position inside a "\r\n" or a UTF-8 sequence
       * moves to the character's start */
      undo[depth].text = was;
      undo[depth].at = a;
      undo[depth].len = strlen(ins);
      depth++;
    }
    INT_EQ(rc, 0);
    tree = doc_tree(d, p);
    OK(tree != NULL);
    if (!tree) break;
    syn_span span = {0};
    OK(doc_changes_since(d, mark, &span.start, &span.old_end, &span.new_end));
    /* half of the time the tokenizer pass is given the edited bytes alone, as the findings
     * cache does, else the span with the tree's changed ranges */
    uint32_t ts = 0, to = 0, tn = 0;
    OK(doc_text_changes_since(d, mark, &ts, &to, &tn));
    if (step % 2) {
      span.text = true;
      span.text_start = ts;
      span.text_old_end = to;
      span.text_new_end = tn;
    }
    mark = doc_mark(d);
    const char *t = doc_text(d);
    size_t tl = doc_length(d);
    syn_update(st, &span, NULL, KB_EN, NULL, tree, t, tl, 100, &got);
    /* tokcheck alone: the edited bytes (the tightest span, where convergence is subtlest) */
    tc_incr_update(tc, t, tl, ts, to, tn);
    /* and tokcheck given the spans syn_update was given */
    if (span.text)
      tc_incr_update(tc2, t, tl, ts, to, tn);
    else
      tc_incr_update(tc2, t, tl, span.start, span.old_end, span.new_end);
    S_total_read += (long)syn_state_read(st);
    S_total_bytes += (long)tl;
    syn_errors want = {0};
    syn_check(NULL, KB_EN, NULL, tree, t, tl, 100, &want);
    if (want.count) with_errors++;
    for (size_t i = 0; i < want.count; i++)
      if (strstr(want.items[i].id, "outside")) {
        with_compile++;
        break;
      }
    char *got_s = S_dump(&got), *want_s = S_dump(&want);
    if (got_s && want_s && strcmp(got_s, want_s) != 0 && mismatches++ < 3)
      fprintf(stderr, "%s: edit %d (bytes %u..%u -> %u): syntax errors differ\n--- updated\n%s"
                      "--- from scratch\n%s", name, step, span.start, span.old_end, span.new_end,
              got_s, want_s);
    tc_errors te = {0};
    tc_check(t, tl, &te);
    if (!S_tc_equal(tc_incr_errors(tc2), &te) && tc_mismatches++ < 3)
      fprintf(stderr, "%s: edit %d: tokcheck's errors differ after updates over wide spans\n",
              name, step);
    if (!S_tc_equal(tc_incr_errors(tc), &te) && tc_mismatches++ < 3) {
      fprintf(stderr, "%s: edit %d (bytes %u..%u -> %u): tokcheck's errors differ\n", name, step,
              span.start, span.old_end, span.new_end);
      const tc_errors *g = tc_incr_errors(tc);
      for (size_t i = 0; i < g->count || i < te.count; i++) {
        for (int w = 0; w < 2; w++) {
          const tc_errors *l = w ? &te : g;
          if (i >= l->count) continue;
          const tc_error *x = &l->items[i];
          fprintf(stderr, "  %s %zu: kind %d %u-%u %u:%u order %u stmt %u-%u other %u\n",
                  w ? "scratch" : "updated", i, (int)x->kind, x->byte, x->end_byte, x->row,
                  x->col, x->order_byte, x->stmt_start, x->stmt_end, x->other_row);
        }
      }
      fprintf(stderr, "  marks %zu/%zu lax %zu/%zu\n", g->mark_count, te.mark_count,
              g->lax_count, te.lax_count);
    }
    tc_errors_clear(&te);
    free(got_s);
    free(want_s);
    syn_errors_clear(&got);
    syn_errors_clear(&want);
  }
  INT_EQ(mismatches, 0);
  INT_EQ(tc_mismatches, 0);
  printf("%s: %d edits, %ld with syntax errors, %ld of them compile-time errors\n", name, edits,
         with_errors, with_compile);
  S_total_edits += edits;
  S_total_errors += with_errors;
  while (depth > 0) free(undo[--depth].text);
  tc_incr_free(tc);
  tc_incr_free(tc2);
  syn_state_free(st);
  ts_parser_delete(p);
  doc_free(d);
}

static int S_env_int(const char *name, int def) {
  const char *e = getenv(name);
  int n = e ? atoi(e) : def;
  return n > 0 ? n : def;
}

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Four modules of 4 to 40 KB of the standard library, picked by the seed, and the first of
 * them inside a bracket. */
static void test_stdlib(void) {
  char dir[1024];
  harness_stdlib_dir(dir, sizeof dir);
  OK(dir[0] != '\0');
  DIR *dh = dir[0] ? opendir(dir) : NULL;
  OK(dh != NULL);
  if (!dh) return;
  char **names = NULL;
  size_t count = 0, cap = 0;
  for (struct dirent *e; (e = readdir(dh));) {
    size_t l = strlen(e->d_name);
    if (l < 4 || strcmp(e->d_name + l - 3, ".py") != 0) continue;
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat sb;
    if (stat(path, &sb) != 0 || sb.st_size < 4000 || sb.st_size > 40000) continue;
    if (count == cap) {
      cap = cap ? cap * 2 : 64;
      names = xreallocarray(names, cap, sizeof *names);
    }
    names[count++] = xstrdup(path);
  }
  closedir(dh);
  OK(count >= 4);
  /* sorted, so that a seed names the same files on every machine with the same stdlib */
  qsort(names, count, sizeof *names, S_cmp_str);
  unsigned long seed = (unsigned long)S_env_int("PYLORE_SYN_SEED", 1) * 7919UL;
  int edits = S_env_int("PYLORE_SYN_EDITS", 600);
  for (int f = 0; f < 4 && count > 0; f++) {
    size_t pick = S_rand(&seed) % count;
    size_t len = 0;
    char *text = fio_read(names[pick], &len, 0);
    OK(text != NULL);
    if (text) S_differential(names[pick], text, len, edits, seed + (unsigned long)f, f >= 2,
                             f % 2 ? 1 : 0);
    if (text && f == 0) {
      /* The same module inside a bracket never closed: every line start is inside brackets,
       * where the pass's state is the whole logical line read so far. */
      char *wrapped = xmalloc(len + 16);
      memcpy(wrapped, "values = (\n", 11);
      memcpy(wrapped + 11, text, len);
      char name[1500];
      snprintf(name, sizeof name, "%s inside brackets", names[pick]);
      S_differential(name, wrapped, len + 11, edits / 2, seed + 99, false, 1);
      S_differential(name, wrapped, len + 11, edits / 2, seed + 98, false, 0);
      free(wrapped);
    }
    free(text);
    free(names[pick]);
    names[pick] = names[--count];
  }
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
  printf("%ld edits, %ld with syntax errors; the tokenizer pass read %.1f%% of the bytes a "
         "whole pass would\n", S_total_edits, S_total_errors,
         S_total_bytes ? 100.0 * (double)S_total_read / (double)S_total_bytes : 0.0);
}

/* Hand-made edits at the places where the state is subtle: a header whose block the edit
 * removes, a bracket opened and closed, a CR that becomes CRLF, a BOM, an edit at the end. */
static void test_edges(void) {
  static const struct {
    const char *text;
    size_t at, del;
    const char *ins;
  } cases[] = {
      {"if x:\n    pass\ny = 1\n", 6, 8, ""},
      {"def f():\n    return 1\n", 0, 9, ""},
      {"x = 1\r\ny = 2\r\n", 6, 0, "\n"},
      {"x = 1\ry = 2\r", 6, 0, "\n"},
      {"\xEF\xBB\xBFx = 1\n", 0, 1, ""},
      {"x = (1,\n2)\nz = 3\n", 4, 1, ""},
      {"for i in x:\n    pass\nbreak\n", 0, 0, "while 1:\n "},
      {"if x:\n", 5, 0, "\n\n"},
      /* an open bracket of another kind, the rest of its lines the same */
      {"x = f(a,\n  b,\n  c\n", 5, 1, "["},
      {"x = (f(a,\n  b),\n  c\n", 4, 1, "["},
      /* a bracket opened in the line an edit lengthens */
      {"x = [1,\n  2,\n  3\n", 0, 0, "yy"},
      /* the header's row moves, its byte offset does not */
      {"if x:\n#a\n\n", 7, 1, "\n"},
      {"class C:\n    def f(self):\n        return 1\n", 9, 0, "x"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    doc *d = doc_new(cases[c].text, strlen(cases[c].text));
    TSParser *p = doc_parser_new();
    syn_state *st = syn_state_new();
    syn_state_set_spacing(st, 1);
    syn_errors got = {0}, want = {0};
    syn_update(st, NULL, NULL, KB_EN, NULL, doc_tree(d, p), doc_text(d), doc_length(d), 100,
               &got);
    syn_errors_clear(&got);
    uint64_t mark = doc_mark(d);
    char err[64];
    INT_EQ(doc_apply_change(d, doc_position_at(d, cases[c].at, DOC_UTF8),
                            doc_position_at(d, cases[c].at + cases[c].del, DOC_UTF8),
                            cases[c].ins, strlen(cases[c].ins), DOC_UTF8, err, sizeof err), 0);
    const TSTree *tree = doc_tree(d, p);
    syn_span span = {.text = true};
    OK(doc_changes_since(d, mark, &span.start, &span.old_end, &span.new_end));
    OK(doc_text_changes_since(d, mark, &span.text_start, &span.text_old_end, &span.text_new_end));
    syn_update(st, &span, NULL, KB_EN, NULL, tree, doc_text(d), doc_length(d), 100, &got);
    syn_check(NULL, KB_EN, NULL, tree, doc_text(d), doc_length(d), 100, &want);
    char *g = S_dump(&got), *w = S_dump(&want);
    STR_EQ(g, w);
    free(g);
    free(w);
    syn_errors_clear(&got);
    syn_errors_clear(&want);
    syn_state_free(st);
    ts_parser_delete(p);
    doc_free(d);
  }
}

int main(void) {
  RUN(test_edges);
  RUN(test_stdlib);
  return harness_done();
}
