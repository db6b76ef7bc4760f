/* Incremental analysis against from-scratch analysis: after each of thousands of random
 * edits (typing, deleting, undoing; syntax errors come and go) on real files, the pitfall
 * matches updated from the previous text (an_pitfalls_update) must equal, byte for byte,
 * those of a whole-tree run on a fresh parse of the same text. The files: the test fixtures,
 * the examples, every Python example of every pitfall note in one file, and modules of the
 * machine's python3 standard library (found at test time). PYLORE_INC_EDITS sets the number
 * of edits per file (default 150). Also: the findings cache is per revision. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis.h"
#include "doc.h"
#include "feat.h"
#include "fileio.h"
#include "findings.h"
#include "harness.h"
#include "kb.h"
#include "sig.h"
#include "xalloc.h"

static kb *S_k;
static sig_table *S_sigs;
static long S_total_edits, S_total_incremental, S_hint_requests;

/* One line per match and per probe: what "byte for byte" compares. */
static char *S_dump(const an_findings *f) {
  size_t cap = (f->count + f->probe_count) * 96 + 64, n = 0;
  char *out = xmalloc(cap);
  n += (size_t)snprintf(out + n, cap - n, "too_deep=%d truncated=%d unrooted=%d\n", f->too_deep,
                        f->truncated, f->unrooted);
  for (size_t i = 0; i < f->count; i++) {
    const an_finding *x = &f->items[i];
    n += (size_t)snprintf(out + n, cap - n, "F %u %u-%u h%u%c r%u-%u/%u\n", x->note, x->start_byte,
                          x->end_byte, x->hint_byte, x->hint_captured ? '+' : '-', x->root_start,
                          x->root_end, (unsigned)x->root_symbol);
  }
  for (size_t i = 0; i < f->probe_count; i++) {
    const an_probe *p = &f->probes[i];
    n += (size_t)snprintf(out + n, cap - n, "P %u-%u r%u-%u/%u\n", p->start_byte, p->end_byte,
                          p->root_start, p->root_end, (unsigned)p->root_symbol);
  }
  return out;
}

static unsigned long S_rand(unsigned long *seed) {
  *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
  return (*seed >> 33);
}

/* Text that makes and breaks syntax, binds names and makes pitfalls. */
static const char *const S_snippets[] = {
    " ", "\n", "(", ")", ":", "[", "]", "{", "}", "'", "\"", "#", "\\", ",", ".", "=", "x",
    "i", "\n    ", "    ", "def ", "async ", "for i in range(3):\n    ", "lambda: i",
    "handlers.append(lambda: i)\n", "raw_input()", "raw_input = input\n", "import raw_input\n",
    "xrange(3)", "except:\n    pass\n", "if x == None:\n    pass\n", "x is 1", "type(x) == int",
    "def f(a=[]):\n    pass\n", "await asyncio.sleep(1)", "time.sleep(1)", "class C:\n    ",
    "while True:\n    ", "f = lambda: 0\n", "print 'x'\n", "if __name__ == '__main__':\n    ",
    "d.has_key(k)", "for x in xs:\n    xs.remove(x)\n", "[[]] * 3", "s.strip('abc')",
    "l.pop(0)", "def cb():\n    return i\nhandlers.append(cb)\n",
    "class K:\n    items = []\n    def m(self):\n        self.items.append(1)\n", "items = []\n",
    "self.items.append(1)\n", "self.items = {}\n", "items", "\"\"\"", "f'{x}'", "\t",
};

typedef struct {
  size_t at;   /* byte offset */
  char *text;  /* what was there before, to undo */
  size_t len;  /* length of what the edit inserted */
} S_undo;

static doc_position S_pos(const doc *d, size_t at) { return doc_position_at(d, at, DOC_UTF8); }

/* Replaces [a, b) with text; records the inverse. */
static int S_edit(doc *d, size_t a, size_t b, const char *text, size_t len, S_undo *u) {
  u->at = a;
  u->len = len;
  u->text = xmalloc(b - a + 1);
  memcpy(u->text, doc_text(d) + a, b - a);
  u->text[b - a] = '\0';
  char err[128];
  return doc_apply_change(d, S_pos(d, a), S_pos(d, b), text, len, DOC_UTF8, err, sizeof err);
}

/* One random edit of d: the last one undone (half the time, or when 8 are stacked), else a
 * span of up to 24 bytes (or none) replaced by a snippet (or by nothing), recorded on the
 * stack. Where, how much it removed and the first character it typed go to *at, *removed and
 * *first. Returns doc_apply_change's result. */
static int S_random_edit(doc *d, unsigned long *seed, S_undo *stack, size_t *depth,
                         const char *const *snippets, size_t nsnippets, size_t *at,
                         size_t *removed, char *first) {
  size_t n = doc_length(d);
  int rc;
  if (*depth > 0 && (S_rand(seed) % 2 == 0 || *depth > 8)) {
    S_undo u = stack[--*depth];
    S_undo redo;
    rc = S_edit(d, u.at, u.at + u.len, u.text, strlen(u.text), &redo);
    *at = u.at, *removed = u.len, *first = u.text[0] ? u.text[0] : '0';
    free(redo.text);
    free(u.text);
    return rc;
  }
  size_t a = n ? S_rand(seed) % (n + 1) : 0;
  size_t b = a;
  unsigned kind = S_rand(seed) % 3;
  if (kind == 0 && n > a) b = a + 1 + S_rand(seed) % (n - a < 24 ? n - a : 24);
  const char *ins = kind == 0 ? "" : snippets[S_rand(seed) % nsnippets];
  /* Positions may fall inside a UTF-8 sequence: doc_position_at rounds to its start. */
  a = doc_offset_at(d, S_pos(d, a), DOC_UTF8);
  b = doc_offset_at(d, S_pos(d, b), DOC_UTF8);
  if (b < a) b = a;
  rc = S_edit(d, a, b, ins, strlen(ins), &stack[*depth]);
  *at = a, *removed = b - a, *first = ins[0] ? ins[0] : '0';
  if (rc == 0)
    ++*depth;
  else
    free(stack[*depth].text);
  return rc;
}

static void S_differential(const char *name, const char *text, size_t len, int edits,
                           unsigned long seed) {
  doc *d = doc_new(text, len);
  TSParser *p = doc_parser_new(), *fresh_parser = doc_parser_new();
  an_ctx *c = an_ctx_new();
  OK(d && p && fresh_parser && c);
  if (!d || !p || !fresh_parser || !c) return;
  an_findings cur = {0};
  const TSTree *tree = doc_tree(d, p);
  an_pitfalls(c, S_k, tree, doc_text(d), doc_length(d), NULL, &cur);
  uint64_t mark = doc_mark(d);
  S_undo *stack = xcalloc((size_t)edits, sizeof *stack);
  size_t depth = 0;
  long incremental = 0, mismatches = 0, with_errors = 0;
  for (int step = 0; step < edits; step++) {
    size_t n = doc_length(d);
    size_t what_at = 0, what_removed = 0;
    char what = 0;
    /* The text before the edit: the update reads what the edit removed there. */
    char *before = xmalloc(n + 1);
    memcpy(before, doc_text(d), n);
    int rc = S_random_edit(d, &seed, stack, &depth, S_snippets,
                           sizeof S_snippets / sizeof *S_snippets, &what_at, &what_removed, &what);
    INT_EQ(rc, 0);
    tree = doc_tree(d, p);
    OK(tree != NULL);
    if (!tree) break;
    if (ts_node_has_error(ts_tree_root_node(tree))) with_errors++;
    an_span span = {.old_src = before, .old_len = n};
    an_findings next = {0};
    if (doc_changes_since(d, mark, &span.start, &span.old_end, &span.new_end)) {
      if (an_pitfalls_update(c, S_k, tree, doc_text(d), doc_length(d), NULL, &cur, span,
                             &next) == 1)
        incremental++;
    } else {
      OK(!"doc_changes_since lost track of an edit");
      an_pitfalls(c, S_k, tree, doc_text(d), doc_length(d), NULL, &next);
    }
    mark = doc_mark(d);
    free(before);
    an_findings_clear(&cur);
    cur = next;
    /* From scratch: a new document, a new parse. */
    doc *fresh = doc_new(doc_text(d), doc_length(d));
    an_findings want = {0};
    const TSTree *ft = fresh ? doc_tree(fresh, fresh_parser) : NULL;
    OK(ft != NULL);
    if (ft) an_pitfalls(c, S_k, ft, doc_text(fresh), doc_length(fresh), NULL, &want);
    char *got_s = S_dump(&cur), *want_s = S_dump(&want);
    if (got_s && want_s && strcmp(got_s, want_s) != 0) {
      if (mismatches++ == 0) {
        fprintf(stderr, "%s: edit %d (at %zu, %zu bytes replaced by text starting with %c): "
                        "incremental findings differ from a fresh analysis\n"
                        "--- incremental\n%s--- fresh\n%s", name, step, what_at, what_removed, what, got_s, want_s);
      }
      /* Go on from the right answer, to count the other mismatches independently. */
      an_findings_clear(&cur);
      cur = want;
      memset(&want, 0, sizeof want);
    }
    free(got_s);
    free(want_s);
    an_findings_clear(&want);
    doc_free(fresh);
  }
  INT_EQ(mismatches, 0);
  printf("%s: %d edits, %ld incremental, %ld with syntax errors, %zu matches at the end\n", name,
         edits, incremental, with_errors, cur.count);
  S_total_edits += edits;
  S_total_incremental += incremental;
  while (depth > 0) free(stack[--depth].text);
  free(stack);
  an_findings_clear(&cur);
  an_ctx_free(c);
  ts_parser_delete(p);
  ts_parser_delete(fresh_parser);
  doc_free(d);
}

static int S_edits(void) {
  const char *e = getenv("PYLORE_INC_EDITS");
  int n = e ? atoi(e) : 150;
  return n > 0 ? n : 150;
}

static void S_file(const char *path, unsigned long seed) {
  size_t len = 0;
  char *text = fio_read(path, &len, 0);
  if (!text) {
    fprintf(stderr, "cannot read %s\n", path);
    OK(!"a test file is missing");
    return;
  }
  S_differential(path, text, len, S_edits(), seed);
  free(text);
}

static void test_fixtures(void) {
  S_file("tests/fixtures/py/pitfalls.py", 1);
  S_file("tests/fixtures/py/syntax_error.py", 2);
  S_file("examples/pitfalls.py", 3);
  S_file("examples/legacy.py", 4);
}

/* Every Python example of every pitfall note, one after another: the file with the most
 * matches of every kind (sibling-looking patterns, probed names, hints). */
static void test_note_examples(void) {
  size_t cap = 1 << 16, len = 0;
  char *all = xmalloc(cap);
  for (size_t i = 0; i < kb_count(S_k); i++) {
    const kb_note *n = kb_note_at(S_k, i);
    if (n->kind != KB_PITFALL) continue;
    const kb_text *t = kb_note_text(n, KB_EN);
    for (size_t j = 0; j < t->example_count; j++) {
      size_t l = strlen(t->examples[j].code);
      if (len + l + 2 > cap) {
        cap = (len + l + 2) * 2;
        all = xrealloc(all, cap);
      }
      memcpy(all + len, t->examples[j].code, l);
      len += l;
      all[len++] = '\n';
    }
  }
  S_differential("notes' examples", all, len, S_edits() * 6, 5);
  free(all);
}

static void test_stdlib(void) {
  char dir[1024];
  harness_stdlib_dir(dir, sizeof dir);
  OK(dir[0] != '\0');
  if (!dir[0]) return;
  /* Modules of ordinary code, 13 to 40 KB; each exists in 3.8 to 3.14. */
  static const char *const files[] = {"textwrap.py", "heapq.py", "shlex.py", "contextlib.py",
                                      "functools.py"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    S_file(path, 10 + i);
  }
}

/* Text that makes and unmakes inline hints (and their labels: a closure's captured names). */
static const char *const S_hint_snippets[] = {
    " ", "\n", "(", ")", ":", ",", "x", "i", "\n    ", "    ", "def ", "async ", "yield i\n",
    "yield", "yield from xs\n", "@deco\n", "@a\n@b\n", "nonlocal x\n", "global x\n",
    "(i for i in xs)", "f(i for i in xs)", "a < b < c", "(y := 1)", "a if b else c if d else e",
    "def g(a, *args, b=[], **kw):\n    ", "def h(a, /, b, *, c=dict()):\n    ",
    "async def co():\n    ", "def inner():\n    return x + i\n", "x = 1\n", "i = 2\n",
    "int('ff', 16)", "round(x, 2)", "super().m()", "lambda *a: a", "return x\n", "'''", "#",
    "class C:\n    ", "    def m(self):\n        ", "\t",
};

/* The hint cache of a document (inlay_compute with a cache) against no cache: after each
 * random edit the hints of a random range (often the edit's) are asked for, the cache carried
 * across the edit by the change fnd_get would report, and they must equal those computed
 * from scratch on the same tree; a second range now and then is what scrolling asks. */
static void S_hint_differential(const char *name, const char *text, size_t len, int edits,
                                unsigned long seed) {
  doc *d = doc_new(text, len);
  TSParser *p = doc_parser_new();
  an_ctx *c = an_ctx_new();
  hc_cache *cache = hc_new();
  feat_env env = {.k = S_k, .lang = KB_EN, .enc = DOC_UTF16,
                  .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .sigs = S_sigs, .parser = p, .an = c};
  S_undo *stack = xcalloc((size_t)edits, sizeof *stack);
  size_t depth = 0;
  long mismatches = 0, requests = 0;
  doc_tree(d, p);
  uint64_t mark = doc_mark(d);
  uint64_t prev_rev = doc_revision(d);
  for (int step = 0; step < edits; step++) {
    size_t at, removed;
    char first;
    int rc = S_random_edit(d, &seed, stack, &depth, S_hint_snippets,
                           sizeof S_hint_snippets / sizeof *S_hint_snippets, &at, &removed,
                           &first);
    INT_EQ(rc, 0);
    if (!doc_tree(d, p)) break;
    fnd_set found = {0};
    found.change_known = doc_changes_since(d, mark, &found.change_start, &found.change_old_end,
                                           &found.change_new_end);
    OK(found.change_known);
    found.change_from = prev_rev;
    mark = doc_mark(d);
    prev_rev = doc_revision(d);
    /* Now and then an edit the client asks nothing about: the cache starts again after it. */
    if (S_rand(&seed) % 10 == 0) continue;
    uint32_t lines = doc_line_count(d), edit_line = S_pos(d, at).line;
    int asks = S_rand(&seed) % 4 == 0 ? 2 : 1;
    for (int ask = 0; ask < asks; ask++) {
      static const uint32_t widths[] = {1, 17, 100};
      uint32_t w = widths[S_rand(&seed) % 3];
      uint32_t l0 = ask == 0 && S_rand(&seed) % 2 ? (edit_line > w / 2 ? edit_line - w / 2 : 0)
                                                 : (uint32_t)(S_rand(&seed) % (lines + 1));
      doc_position a = {l0, 0}, b = {l0 + w, 0};
      json_t *got = inlay_compute(&env, d, cache, &found, a, b);
      json_t *want = inlay_compute(&env, d, NULL, NULL, a, b);
      requests++;
      if (!json_equal(got, want)) {
        if (mismatches++ == 0) {
          char *g = json_dumps(got, JSON_COMPACT), *x = json_dumps(want, JSON_COMPACT);
          fprintf(stderr, "%s: edit %d at byte %zu, lines %u-%u:\n  cached: %s\n  fresh:  %s\n",
                  name, step, at, l0, l0 + w, g, x);
          free(g);
          free(x);
        }
        /* Go on from a right answer, to count the other mismatches independently. */
        hc_reset(cache);
      }
      json_decref(got);
      json_decref(want);
    }
  }
  INT_EQ(mismatches, 0);
  printf("%s: %d edits, hints compared on %ld ranges\n", name, edits, requests);
  S_hint_requests += requests;
  while (depth > 0) free(stack[--depth].text);
  free(stack);
  hc_free(cache);
  an_ctx_free(c);
  ts_parser_delete(p);
  doc_free(d);
}

/* Edits whose hints lie outside the statement they change: a `yield` typed in a body makes
 * its def a generator (the hint is on the def's line), a name bound or read in a function
 * changes what the defs in it, and around it, capture. The cached hints must follow, as fresh
 * ones do: each step asks for the edited line first (the cache completes only there), then
 * for the whole text. */
typedef struct {
  uint32_t line, from, to;
  const char *text, *label; /* the edit, and a label it brings (or, after '!', takes away) */
} S_step;

static void S_outside_case(const char *src, const S_step *steps, size_t count) {
  doc *d = doc_new(src, strlen(src));
  TSParser *p = doc_parser_new();
  an_ctx *c = an_ctx_new();
  hc_cache *cache = hc_new();
  feat_env env = {.k = S_k, .lang = KB_EN, .enc = DOC_UTF8,
                  .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .sigs = S_sigs, .parser = p, .an = c};
  doc_tree(d, p);
  uint64_t mark = doc_mark(d), rev = doc_revision(d);
  doc_position all_a = {0, 0}, all_b = {doc_line_count(d) + 5, 0};
  json_decref(inlay_compute(&env, d, cache, NULL, all_a, all_b));
  for (size_t i = 0; i < count; i++) {
    char err[64];
    INT_EQ(doc_apply_change(d, (doc_position){steps[i].line, steps[i].from},
                            (doc_position){steps[i].line, steps[i].to}, steps[i].text,
                            strlen(steps[i].text), DOC_UTF8, err, sizeof err), 0);
    doc_tree(d, p);
    fnd_set found = {0};
    found.change_known = doc_changes_since(d, mark, &found.change_start, &found.change_old_end,
                                           &found.change_new_end);
    found.change_from = rev;
    mark = doc_mark(d);
    rev = doc_revision(d);
    json_decref(inlay_compute(&env, d, cache, &found, (doc_position){steps[i].line, 0},
                              (doc_position){steps[i].line + 1, 0}));
    json_t *got = inlay_compute(&env, d, cache, &found, all_a, all_b);
    json_t *want = inlay_compute(&env, d, NULL, NULL, all_a, all_b);
    OK(json_equal(got, want));
    char *g = json_dumps(got, JSON_COMPACT);
    const char *label = steps[i].label[0] == '!' ? steps[i].label + 1 : steps[i].label;
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", label);
    bool has = g && strstr(g, quoted) != NULL;
    if (has != (steps[i].label[0] != '!')) {
      fprintf(stderr, "step %zu (%s): %s\n", i, steps[i].label, g ? g : "?");
      OK(!"the edit changes the hints outside its statement");
    }
    free(g);
    json_decref(got);
    json_decref(want);
  }
  hc_free(cache);
  an_ctx_free(c);
  ts_parser_delete(p);
  doc_free(d);
}

static void test_hint_cache_outside_the_edit(void) {
  static const S_step own[] = {
      {3, 4, 9, "yield 1", "generator"},
      {3, 4, 11, "b = 2", "captures a, b"},
      {3, 4, 9, "pass", "!captures a, b"},
  };
  S_outside_case("def outer(a):\n"
                 "    def inner():\n"
                 "        return a + b\n"
                 "    x = 1\n"
                 "    return inner\n",
                 own, sizeof own / sizeof *own);
  /* t passes z on to m: reading it in m makes t capture it too. */
  static const S_step through[] = {
      {5, 23, 24, "z", "captures z"},
      {5, 23, 24, "0", "!captures z"},
  };
  S_outside_case("def u():\n"
                 "    z = 1\n"
                 "    def t():\n"
                 "        class C:\n"
                 "            def m(self):\n"
                 "                return 0\n"
                 "        return C\n"
                 "    return t\n",
                 through, sizeof through / sizeof *through);
}

static void test_hint_cache(void) {
  char dir[1024];
  harness_stdlib_dir(dir, sizeof dir);
  OK(dir[0] != '\0');
  if (!dir[0]) return;
  /* Modules with generators, closures, decorators and keyword-only parameters; not the ones
   * the pitfall test edits. */
  static const char *const files[] = {"inspect.py", "dataclasses.py", "asyncio/tasks.py",
                                      "typing.py"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    size_t len = 0;
    char *text = fio_read(path, &len, 0);
    OK(text != NULL);
    if (!text) continue;
    S_hint_differential(path, text, len, S_edits(), 100 + i);
    free(text);
  }
  const char *nested = "def f(x):\n    def g():\n        return x\n    return g\n";
  S_hint_differential("nested defs", nested, strlen(nested), S_edits() * 2, 7);
  printf("hints compared on %ld ranges\n", S_hint_requests);
}

/* The cache answers for one revision: the same set while the text is unchanged, a new one
 * (incrementally built) after an edit, and never the old one. */
static void test_cache_per_revision(void) {
  const char *src = "def f(a=[]):\n    pass\n\nx = 1\n";
  doc *d = doc_new(src, strlen(src));
  TSParser *p = doc_parser_new();
  an_ctx *c = an_ctx_new();
  fnd_cache *cache = fnd_cache_new();
  fnd_env env = {.k = S_k, .parser = p, .an = c, .pitfalls = true, .syntax = true,
                 .max_syntax = FND_MAX_SYNTAX_ERRORS};
  const fnd_set *a = fnd_get(cache, &env, d);
  OK(a != NULL);
  if (!a) goto done;
  INT_EQ(a->pitfalls.count, 1);
  INT_EQ(a->syntax.count, 0);
  OK(fnd_get(cache, &env, d) == a);
  char err[64];
  /* Break the syntax at the end: the pitfall stays (shifted: none), an error appears. */
  doc_apply_change(d, (doc_position){3, 5}, (doc_position){3, 5}, " (", 2, DOC_UTF8, err,
                   sizeof err);
  const fnd_set *b = fnd_get(cache, &env, d);
  OK(b != NULL);
  if (!b) goto done;
  OK(b->incremental);
  INT_EQ(b->pitfalls.count, 1);
  OK(b->syntax.count > 0);
  /* Fix the default: the pitfall goes. */
  doc_apply_change(d, (doc_position){0, 8}, (doc_position){0, 10}, "None", 4, DOC_UTF8, err,
                   sizeof err);
  const fnd_set *e = fnd_get(cache, &env, d);
  OK(e != NULL);
  if (e) INT_EQ(e->pitfalls.count, 0);
done:
  fnd_cache_free(cache);
  an_ctx_free(c);
  ts_parser_delete(p);
  doc_free(d);
}

/* Past its time budget an analysis stops and says so; with time, it finds everything. */
static void test_budget(void) {
  /* Many pitfalls, so that the run takes many matches. */
  size_t n = 4000, len = 0;
  char *src = xmalloc(n * 32);
  for (size_t i = 0; i < n; i++) len += (size_t)sprintf(src + len, "if x%zu == None: pass\n", i);
  TSParser *p = doc_parser_new();
  an_ctx *c = an_ctx_new();
  TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
  an_findings all = {0}, cut = {0};
  an_pitfalls(c, S_k, tree, src, len, NULL, &all);
  OK(!all.truncated);
  OK(all.count >= n);
  an_ctx_set_budget(c, 1e-6); /* a nanosecond: over before the second match */
  an_pitfalls(c, S_k, tree, src, len, NULL, &cut);
  OK(cut.truncated);
  OK(cut.count < all.count);
  an_findings_clear(&all);
  an_findings_clear(&cut);
  ts_tree_delete(tree);
  an_ctx_free(c);
  ts_parser_delete(p);
  free(src);
}

int main(void) {
  S_k = kb_new();
  kb_problems pr = {0};
  kb_load_builtin(S_k, &pr);
  kb_compile(S_k, &pr);
  kb_problems_clear(&pr);
  S_sigs = sig_new();
  sig_load_builtin(S_sigs, NULL);
  RUN(test_cache_per_revision);
  RUN(test_hint_cache_outside_the_edit);
  RUN(test_hint_cache);
  RUN(test_budget);
  RUN(test_fixtures);
  RUN(test_note_examples);
  RUN(test_stdlib);
  printf("%ld edits, %ld updated incrementally\n", S_total_edits, S_total_incremental);
  /* The test must exercise the incremental path, not its whole-tree fallback. */
  OK(S_total_incremental * 2 > S_total_edits);
  sig_free(S_sigs);
  kb_free(S_k);
  return harness_done();
}
