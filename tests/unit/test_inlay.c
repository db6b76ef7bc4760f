/* Inlay hints over a range against the same over the whole file: textDocument/inlayHint
 * analyses only the asked range (an_hints), and must give exactly the hints of a whole-file
 * run whose position lies in that range, for every range: ranges that start between a
 * construct and its hint, cut a multi-line def, hold one line or a hundred. Files: the
 * Python files of tests/fixtures/py and examples, or the paths given as arguments (run it on
 * any corpus: `test_inlay FILE...`). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "doc.h"
#include "feat.h"
#include "harness.h"
#include "kb.h"
#include "sig.h"
#include "xalloc.h"

static char *S_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = n >= 0 ? xmalloc((size_t)n + 1) : NULL;
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}

/* -1, 0, 1 as the position `p` comes before, at or after (line, ch). */
static int S_cmp_pos(const json_t *p, uint32_t line, uint32_t ch) {
  uint32_t l = (uint32_t)json_integer_value(json_object_get(p, "line"));
  uint32_t c = (uint32_t)json_integer_value(json_object_get(p, "character"));
  if (l != line) return l < line ? -1 : 1;
  return c < ch ? -1 : c > ch;
}

/* The hints of `all` whose position lies in [(l0, 0), (l1, 0)]. */
static json_t *S_filter(const json_t *all, uint32_t l0, uint32_t l1) {
  json_t *out = json_array();
  size_t i;
  json_t *h;
  json_array_foreach(all, i, h) {
    const json_t *p = json_object_get(h, "position");
    if (S_cmp_pos(p, l0, 0) >= 0 && S_cmp_pos(p, l1, 0) <= 0) json_array_append(out, h);
  }
  return out;
}

static size_t g_compared, g_hints;

static void S_check_file(feat_env *env, const char *path) {
  size_t len = 0;
  char *text = S_read(path, &len);
  OK(text != NULL);
  if (!text) return;
  doc *d = doc_new(text, len);
  uint32_t lines = doc_line_count(d);
  doc_position a = {0, 0}, z = {lines + 1, 0};
  json_t *all = inlay_compute(env, d, NULL, NULL, a, z);
  g_hints += json_array_size(all);
  static const uint32_t widths[] = {1, 2, 5, 17, 100};
  for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
    for (uint32_t l0 = 0; l0 <= lines; l0++) {
      uint32_t l1 = l0 + widths[w];
      json_t *got = inlay_compute(env, d, NULL, NULL, (doc_position){l0, 0}, (doc_position){l1, 0});
      json_t *want = S_filter(all, l0, l1);
      g_compared++;
      if (!json_equal(got, want)) {
        char *g = json_dumps(got, JSON_COMPACT), *x = json_dumps(want, JSON_COMPACT);
        fprintf(stderr, "%s lines %u-%u:\n  range: %s\n  whole: %s\n", path, l0, l1, g, x);
        free(g);
        free(x);
        OK(!"a range gives the hints of the whole file in that range");
      }
      json_decref(got);
      json_decref(want);
    }
  }
  json_decref(all);
  doc_free(d);
  free(text);
}

static kb *g_kb;
static sig_table *g_sigs;
static char **g_files;
static int g_nfiles;

static bool S_same_finding(const an_finding *x, const an_finding *y) {
  return x->note == y->note && x->start_byte == y->start_byte && x->end_byte == y->end_byte &&
         x->hint_byte == y->hint_byte && x->hint_alt == y->hint_alt &&
         x->hint_captured == y->hint_captured;
}

/* kb_hint_view's query (only the patterns that place a hint) finds exactly what the whole
 * explanation query finds for the notes that have a hint, over every file. */
static void test_hint_view_finds_what_the_whole_query_finds(void) {
  const kb *view = kb_hint_view(g_kb);
  OK(view != g_kb);
  OK(kb_count(view) == kb_count(g_kb));
  OK(ts_query_pattern_count(kb_query(view, KB_EXPLANATION)) <
     ts_query_pattern_count(kb_query(g_kb, KB_EXPLANATION)) / 2);
  size_t nk = kb_count(g_kb), found = 0;
  unsigned char *hinted = xcalloc(nk, 1);
  for (size_t i = 0; i < nk; i++)
    hinted[i] = kb_note_text(kb_note_at(g_kb, i), KB_EN)->hint != NULL;
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  for (int f = 0; f < g_nfiles; f++) {
    size_t len = 0;
    char *text = S_read(g_files[f], &len);
    OK(text != NULL);
    if (!text) continue;
    doc *d = doc_new(text, len);
    const TSTree *tree = doc_tree(d, p);
    an_findings whole = {0}, small = {0};
    an_hints(an, g_kb, tree, text, len, 0, (uint32_t)len, hinted, NULL, &whole);
    an_hints(an, view, tree, text, len, 0, (uint32_t)len, hinted, NULL, &small);
    bool same = whole.count == small.count;
    for (size_t i = 0; same && i < whole.count; i++)
      same = S_same_finding(&whole.items[i], &small.items[i]);
    if (!same)
      fprintf(stderr, "%s: %zu findings with the whole query, %zu with the hint view\n",
              g_files[f], whole.count, small.count);
    OK(same);
    found += whole.count;
    an_findings_clear(&whole);
    an_findings_clear(&small);
    doc_free(d);
    free(text);
  }
  OK(found >= 20);
  an_ctx_free(an);
  ts_parser_delete(p);
  free(hinted);
}

static void test_ranges_agree_with_the_whole_file(void) {
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  feat_env env = {.k = g_kb, .lang = KB_EN, .enc = DOC_UTF16,
                  .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .sigs = g_sigs, .parser = p, .an = an};
  for (int i = 0; i < g_nfiles; i++) S_check_file(&env, g_files[i]);
  /* The corpus must hold hints for the comparison to mean anything. */
  OK(g_hints >= 40);
  printf("%d files, %zu hints, %zu ranges compared\n", g_nfiles, g_hints, g_compared);
  an_ctx_free(an);
  ts_parser_delete(p);
}

/* The hints of a whole file in one encoding. */
static json_t *S_hints_in(feat_env *env, doc *d, doc_encoding enc) {
  env->enc = enc;
  json_t *h = inlay_compute(env, d, NULL, NULL, (doc_position){0, 0}, (doc_position){doc_line_count(d) + 1, 0});
  env->enc = DOC_UTF16;
  return h;
}

/* Positions in UTF-8, UTF-16 and UTF-32 name the same place: the UTF-8 column is a byte
 * offset into the line (tests/lsp/test_inlay.py checks it against Python), on a character
 * boundary, and the other two count that prefix's UTF-16 units and code points, counted here
 * from the bytes. The fixtures put accented, CJK and astral characters before hints. */
static void test_positions_in_every_encoding(void) {
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  feat_env env = {.k = g_kb, .lang = KB_EN, .enc = DOC_UTF16,
                  .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .sigs = g_sigs, .parser = p, .an = an, .inlay_lazy = true};
  size_t differing = 0;
  for (int f = 0; f < g_nfiles; f++) {
    size_t len = 0;
    char *text = S_read(g_files[f], &len);
    OK(text != NULL);
    if (!text) continue;
    doc *d = doc_new(text, len);
    json_t *h8 = S_hints_in(&env, d, DOC_UTF8), *h16 = S_hints_in(&env, d, DOC_UTF16),
           *h32 = S_hints_in(&env, d, DOC_UTF32);
    OK(json_array_size(h8) == json_array_size(h16) && json_array_size(h8) == json_array_size(h32));
    for (size_t i = 0; i < json_array_size(h8) && i < json_array_size(h16) &&
                       i < json_array_size(h32); i++) {
      const json_t *p8 = json_object_get(json_array_get(h8, i), "position");
      const json_t *p16 = json_object_get(json_array_get(h16, i), "position");
      const json_t *p32 = json_object_get(json_array_get(h32, i), "position");
      json_int_t line = json_integer_value(json_object_get(p8, "line"));
      OK(line == json_integer_value(json_object_get(p16, "line")));
      OK(line == json_integer_value(json_object_get(p32, "line")));
      size_t at = doc_line_start(d, (uint32_t)line);
      size_t bytes = (size_t)json_integer_value(json_object_get(p8, "character"));
      OK(at + bytes <= len);
      if (at + bytes > len) continue;
      /* Not inside a character. */
      OK(at + bytes == len || ((unsigned char)text[at + bytes] & 0xC0) != 0x80);
      size_t units = 0, points = 0;
      for (size_t b = at; b < at + bytes; b++) {
        unsigned char ch = (unsigned char)text[b];
        if ((ch & 0xC0) == 0x80) continue;
        points++;
        units += ch >= 0xF0 ? 2 : 1;
      }
      OK(units == (size_t)json_integer_value(json_object_get(p16, "character")));
      OK(points == (size_t)json_integer_value(json_object_get(p32, "character")));
      if (points != bytes && units != points) differing++;
    }
    json_decref(h8);
    json_decref(h16);
    json_decref(h32);
    doc_free(d);
    free(text);
  }
  /* Enough hints have accented, CJK and astral characters before them on their line. */
  OK(differing >= 10);
  printf("%zu hints whose three columns all differ\n", differing);
  an_ctx_free(an);
  ts_parser_delete(p);
}

int main(int argc, char **argv) {
  static char *defaults[] = {"tests/fixtures/py/hints.py", "tests/fixtures/py/hints_unicode.py",
                             "tests/fixtures/py/clean.py",
                             "tests/fixtures/py/pitfalls.py", "tests/fixtures/py/syntax_error.py",
                             "examples/generators.py", "examples/concurrency.py",
                             "examples/pitfalls.py", "examples/legacy.py", "examples/broken.py"};
  g_files = argc > 1 ? argv + 1 : defaults;
  g_nfiles = argc > 1 ? argc - 1 : (int)(sizeof defaults / sizeof defaults[0]);
  g_kb = kb_new();
  kb_problems pr = {0};
  OK(kb_load_builtin(g_kb, &pr) == 0);
  OK(kb_compile(g_kb, &pr) == 0);
  kb_problems_clear(&pr);
  g_sigs = sig_new();
  OK(sig_load_builtin(g_sigs, NULL) == 0);
  RUN(test_hint_view_finds_what_the_whole_query_finds);
  RUN(test_positions_in_every_encoding);
  RUN(test_ranges_agree_with_the_whole_file);
  sig_free(g_sigs);
  kb_free(g_kb);
  return harness_done();
}
