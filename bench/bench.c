/* bench: measurements that need the library, not the CLI.
 *   bench parse FILE...      parse every file once on one thread (the floor for `check`)
 *   bench hover FILE [N]     N hovers at pseudo-random positions in one document, as the
 *                            server computes them (hover_compute), with latency percentiles
 *   bench edit FILE [N]      N one-character edits + incremental reparse + diagnostics
 *   bench edit-pitfalls FILE [N]  the same without the syntax-error pass: the pitfalls'
 *                            incremental update alone (+ the diagnostics' JSON)
 *   bench inlay FILE [N]     N inlayHint requests for random 100-line ranges, all kinds of
 *                            hint on, tooltips inline, without the hint cache: wall and
 *                            thread-CPU percentiles; N more with the cache, scrolling down 30
 *                            lines at a time; then N, each the first after an edit (a letter
 *                            typed in a name in the middle of a range seen before, the tree
 *                            reparsed before the request, the cache carried across the edit)
 *   bench syntax FILE...     the syntax checks' cost as a share of the parse: tokcheck's
 *                            pass alone, and the whole syntax stage (tokcheck + the tree)
 *   bench notes FILE...      what each pitfall note's patterns cost in a whole-file analysis
 *                            (an_pitfalls): the note's query alone, and the combined query
 *                            with and without it (its marginal cost), best of three per file,
 *                            thread CPU, beside the parse and the syntax stage of each file;
 *                            BENCH_NOTES=id,id... limits the table to those notes
 *   bench syntax-edit FILE [N]  the syntax stage after each of N one-character edits (as
 *                            `bench edit` makes them): from scratch (syn_check) and updated
 *                            from the previous revision (syn_update), thread-CPU percentiles
 *   bench memory FILE...     the heap each part of an open document takes (mallinfo2), summed
 *                            over the files: text + line index, tree, findings cache */
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "doc.h"
#include "feat.h"
#include "findings.h"
#include "sig.h"
#include "kb.h"
#include "syntax.h"
#include "tokcheck.h"
#include "xalloc.h"

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: on a shared machine the wall clock also counts the time other
 * processes held the core. */
static double S_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *S_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = xmalloc((size_t)n + 1);
  if (fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
  fclose(f);
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}

static int S_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static kb *S_kb(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  double t0 = S_now();
  kb_load_builtin(k, &pr);
  kb_compile(k, &pr);
  fprintf(stderr, "notes: %zu loaded in %.2f ms\n", kb_count(k), (S_now() - t0) * 1e3);
  kb_problems_clear(&pr);
  return k;
}

static int S_parse(int argc, char **argv) {
  TSParser *p = doc_parser_new();
  size_t bytes = 0, files = 0;
  double total = 0, cpu = 0;
  for (int i = 0; i < argc; i++) {
    size_t len;
    char *text = S_read(argv[i], &len);
    if (!text) continue;
    double t0 = S_now(), c0 = S_cpu();
    TSTree *tree = ts_parser_parse_string(p, NULL, text, (uint32_t)len);
    total += S_now() - t0;
    cpu += S_cpu() - c0;
    ts_tree_delete(tree);
    free(text);
    bytes += len;
    files++;
  }
  ts_parser_delete(p);
  printf("parse-only: %zu files, %.1f MB, %.3f s, %.1f MB/s, cpu %.3f s\n", files, bytes / 1e6,
         total, bytes / 1e6 / total, cpu);
  return 0;
}

static int S_syntax(int argc, char **argv) {
  TSParser *p = doc_parser_new();
  kb *k = S_kb();
  double parse = 0, tok = 0, stage = 0;
  size_t bytes = 0, files = 0;
  for (int i = 0; i < argc; i++) {
    size_t len;
    char *text = S_read(argv[i], &len);
    if (!text) continue;
    /* Best of three runs of each, so that a busy machine disturbs the ratio less. */
    double bp = 1e9, bt = 1e9, bs = 1e9;
    for (int r = 0; r < 3; r++) {
      double t0 = S_now();
      TSTree *tree = ts_parser_parse_string(p, NULL, text, (uint32_t)len);
      double t1 = S_now();
      tc_errors te = {0};
      tc_check(text, len, &te);
      double t2 = S_now();
      syn_errors se = {0};
      syn_check(k, KB_EN, NULL, tree, text, len, 100, &se);
      double t3 = S_now();
      tc_errors_clear(&te);
      syn_errors_clear(&se);
      ts_tree_delete(tree);
      if (t1 - t0 < bp) bp = t1 - t0;
      if (t2 - t1 < bt) bt = t2 - t1;
      if (t3 - t2 < bs) bs = t3 - t2;
    }
    parse += bp;
    tok += bt;
    stage += bs;
    bytes += len;
    files++;
    free(text);
  }
  printf("syntax: %zu files, %.1f MB: parse %.3f s, tokcheck %.3f s (%.1f%% of the parse), "
         "whole syntax stage %.3f s (%.1f%%)\n",
         files, bytes / 1e6, parse, tok, 100 * tok / parse, stage, 100 * stage / parse);
  kb_free(k);
  ts_parser_delete(p);
  return 0;
}

/* A kb of the built-in notes that `keep` accepts (given each note's id), with only its pitfall
 * query compiled: what `check` runs, restricted to some notes. */
static kb *S_kb_subset(bool (*keep)(const char *id, const void *arg), const void *arg) {
  kb *k = kb_new();
  kb_load_builtin_if(k, keep, arg, NULL);
  kb_compile_kinds(k, false, true, NULL);
  return k;
}

static bool S_keep_all(const char *id, const void *arg) {
  (void)id;
  (void)arg;
  return true;
}
static bool S_keep_only(const char *id, const void *arg) { return strcmp(id, arg) == 0; }
static bool S_keep_but(const char *id, const void *arg) { return strcmp(id, arg) != 0; }

/* The best of three runs of the whole-file pitfall analysis with `k`: thread CPU seconds.
 * The number of findings goes to *found. */
static double S_pitfalls_cpu(an_ctx *an, const kb *k, const TSTree *tree, const char *text,
                             size_t len, size_t *found) {
  double best = 1e9;
  for (int r = 0; r < 3; r++) {
    an_findings f = {0};
    double c0 = S_cpu();
    an_pitfalls(an, k, tree, text, len, NULL, &f);
    double c = S_cpu() - c0;
    if (c < best) best = c;
    *found = f.count;
    an_findings_clear(&f);
  }
  return best;
}

static int S_notes(int argc, char **argv) {
  kb *all = S_kb();
  size_t n = 0;
  const char **ids = xcalloc(kb_count(all) ? kb_count(all) : 1, sizeof *ids);
  /* BENCH_NOTES=id,id... measures those notes only (the combined query is still all). */
  const char *only = getenv("BENCH_NOTES");
  for (size_t i = 0; i < kb_count(all); i++) {
    const char *id = kb_note_at(all, i)->id;
    size_t l = strlen(id);
    const char *at = only ? strstr(only, id) : NULL;
    while (at && !((at == only || at[-1] == ',') && (at[l] == ',' || at[l] == '\0')))
      at = strstr(at + 1, id);
    if (kb_note_at(all, i)->kind == KB_PITFALL && (!only || at)) ids[n++] = id;
  }
  kb **one = xcalloc(n ? n : 1, sizeof *one), **but = xcalloc(n ? n : 1, sizeof *but);
  for (size_t i = 0; i < n; i++) {
    one[i] = S_kb_subset(S_keep_only, ids[i]);
    but[i] = S_kb_subset(S_keep_but, ids[i]);
  }
  kb *pits = S_kb_subset(S_keep_all, NULL);
  double *t_one = xcalloc(n ? n : 1, sizeof *t_one), *t_but = xcalloc(n ? n : 1, sizeof *t_but);
  size_t *f_one = xcalloc(n ? n : 1, sizeof *f_one);
  double parse = 0, syntax = 0, t_all = 0;
  size_t files = 0, bytes = 0, f_all = 0;
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  for (int a = 0; a < argc; a++) {
    size_t len;
    char *text = S_read(argv[a], &len);
    if (!text) continue;
    TSTree *tree = NULL;
    double bp = 1e9, bs = 1e9;
    for (int r = 0; r < 3; r++) {
      if (tree) ts_tree_delete(tree);
      double c0 = S_cpu();
      tree = ts_parser_parse_string(p, NULL, text, (uint32_t)len);
      double c1 = S_cpu();
      syn_errors se = {0};
      syn_check(all, KB_EN, NULL, tree, text, len, FND_MAX_SYNTAX_ERRORS, &se);
      double c2 = S_cpu();
      syn_errors_clear(&se);
      if (c1 - c0 < bp) bp = c1 - c0;
      if (c2 - c1 < bs) bs = c2 - c1;
    }
    parse += bp;
    syntax += bs;
    size_t found;
    t_all += S_pitfalls_cpu(an, pits, tree, text, len, &found);
    f_all += found;
    for (size_t i = 0; i < n; i++) {
      t_one[i] += S_pitfalls_cpu(an, one[i], tree, text, len, &found);
      f_one[i] += found;
      t_but[i] += S_pitfalls_cpu(an, but[i], tree, text, len, &found);
    }
    ts_tree_delete(tree);
    free(text);
    files++;
    bytes += len;
  }
  printf("%zu files, %.1f MB; thread CPU, best of 3 per file\n", files, bytes / 1e6);
  printf("parse %.3f s; syntax stage %.3f s (%.2fx the parse); every pitfall note %.3f s "
         "(%.2fx the parse), %zu findings\n",
         parse, syntax, syntax / parse, t_all, t_all / parse, f_all);
  printf("%-32s %9s %9s %9s %8s\n", "note", "alone s", "marginal", "x parse", "findings");
  for (size_t i = 0; i < n; i++)
    printf("%-32s %9.3f %9.3f %9.3f %8zu\n", ids[i], t_one[i], t_all - t_but[i],
           (t_all - t_but[i]) / parse, f_one[i]);
  for (size_t i = 0; i < n; i++) {
    kb_free(one[i]);
    kb_free(but[i]);
  }
  kb_free(pits);
  free(one);
  free(but);
  free(t_one);
  free(t_but);
  free(f_one);
  free(ids);
  an_ctx_free(an);
  ts_parser_delete(p);
  kb_free(all);
  return 0;
}

static void S_report(const char *what, double *lat, size_t n) {
  qsort(lat, n, sizeof *lat, S_cmp_double);
  printf("%s: n=%zu p50=%.1f us p90=%.1f us p99=%.1f us max=%.1f us\n", what, n,
         lat[n / 2] * 1e6, lat[n * 9 / 10] * 1e6, lat[n * 99 / 100] * 1e6, lat[n - 1] * 1e6);
}

static bool S_word_char(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* Where lsp_bench.py types in a line: after the first letter of the first name (not a keyword,
 * not in a comment) that ends past the middle of the line, else of the last name; SIZE_MAX
 * when the line has none. */
static size_t S_spot(const doc *d, uint32_t line) {
  static const char *const kw[] = {"False", "None", "True", "and", "as", "assert", "async",
                                   "await", "break", "class", "continue", "def", "del", "elif",
                                   "else", "except", "finally", "for", "from", "global", "if",
                                   "import", "in", "is", "lambda", "nonlocal", "not", "or",
                                   "pass", "raise", "return", "try", "while", "with", "yield",
                                   "match", "case", "type", "print", "exec"};
  const char *t = doc_text(d);
  size_t ls = doc_line_start(d, line), le = doc_line_end(d, line), mid = ls + (le - ls) / 2;
  size_t last = SIZE_MAX;
  for (size_t i = ls; i < le;) {
    if (t[i] == '#') break;
    if (!S_word_char(t[i], true) || (i > ls && S_word_char(t[i - 1], false))) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < le && S_word_char(t[j], false)) j++;
    bool is_kw = false;
    for (size_t k = 0; k < sizeof kw / sizeof *kw; k++)
      if (strlen(kw[k]) == j - i && memcmp(kw[k], t + i, j - i) == 0) is_kw = true;
    if (!is_kw) {
      if (j > mid) return i + 1;
      last = i + 1;
    }
    i = j;
  }
  return last;
}

static int S_hover(const char *path, size_t n, int edit) {
  size_t len;
  char *text = S_read(path, &len);
  if (!text || len == 0) return 2;
  kb *k = S_kb();
  doc *d = doc_new(text, len);
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  unsigned char *enabled = xmalloc(kb_count(k));
  memset(enabled, 1, kb_count(k));
  feat_env env = {.k = k, .enabled = enabled, .lang = KB_EN, .enc = DOC_UTF16,
                  .markdown = true, .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .parser = p, .an = an};
  double t0 = S_now(), c0 = S_cpu();
  doc_tree(d, p);
  double t1 = S_now(), c1 = S_cpu();
  printf("%s: %.1f KB, %u lines, first parse %.2f ms (cpu %.2f ms)\n", path, len / 1e3,
         doc_line_count(d), (t1 - t0) * 1e3, (c1 - c0) * 1e3);
  /* As in a session: diagnostics ran after the document was opened, and hovers reuse the
   * pitfalls they found. */
  fnd_cache *cache = fnd_cache_new();
  fnd_env fe = {.k = k, .enabled = enabled, .parser = p, .an = an, .pitfalls = true,
                .syntax = edit != 2, .max_syntax = FND_MAX_SYNTAX_ERRORS};
  {
    const fnd_set *set = fnd_get(cache, &fe, d);
    json_decref(diag_compute(&env, d, set));
    env.pitfalls = set ? &set->pitfalls : NULL;
    env.syntax = set ? &set->syntax : NULL; /* as the session does: hovers reuse both */
    printf("open: parse + first diagnostics: cpu %.2f ms (%.2fx the parse)\n",
           (S_cpu() - c0) * 1e3, (S_cpu() - c0) / (c1 - c0));
  }
  size_t incremental = 0;
  double *lat = xmalloc(n * sizeof *lat), *cpu = xmalloc(n * sizeof *cpu);
  double *parse = xmalloc(n * sizeof *parse), *analyse = xmalloc(n * sizeof *analyse);
  unsigned seed = 12345;
  size_t shown = 0;
  doc_position typed = {0, 0};
  for (size_t i = 0; i < n; i++) {
    doc_position pos;
    if (edit && i % 2) {
      pos = typed; /* delete the letter typed */
    } else if (edit) {
      /* As lsp_bench.py does: a letter typed just after the first letter of a name (not a
       * keyword) in a line spread over the file, then deleted; each edit is followed by its
       * diagnostics. */
      uint32_t line = (uint32_t)((i / 2) * (size_t)doc_line_count(d) / (n / 2));
      size_t at;
      while ((at = S_spot(d, line)) == SIZE_MAX && line + 1 < doc_line_count(d)) line++;
      if (at == SIZE_MAX) at = 0;
      pos = typed = doc_position_at(d, at, DOC_UTF16);
    } else {
      seed = seed * 1103515245u + 12345u;
      uint32_t line = (seed >> 8) % doc_line_count(d);
      seed = seed * 1103515245u + 12345u;
      pos = (doc_position){line, (seed >> 8) % 40};
    }
    double a = S_now(), ca = S_cpu();
    if (edit) {
      char err[128];
      if (i % 2 == 0)
        doc_apply_change(d, pos, pos, "x", 1, DOC_UTF16, err, sizeof err);
      else
        doc_apply_change(d, pos, (doc_position){pos.line, pos.character + 1}, "", 0, DOC_UTF16,
                         err, sizeof err);
      doc_tree(d, p);
      double cb = S_cpu();
      const fnd_set *set = fnd_get(cache, &fe, d);
      if (set && set->incremental) incremental++;
      json_t *diags = diag_compute(&env, d, set);
      json_decref(diags);
      parse[i] = cb - ca;
      analyse[i] = S_cpu() - cb;
    } else {
      json_t *h = hover_compute(&env, d, pos);
      if (!json_is_null(h)) shown++;
      json_decref(h);
    }
    lat[i] = S_now() - a;
    cpu[i] = S_cpu() - ca;
  }
  if (!edit) printf("hovers that showed a note: %zu of %zu\n", shown, n);
  if (edit) printf("updated incrementally: %zu of %zu\n", incremental, n);
  S_report(edit ? "edit+reparse+diagnostics (wall)" : "hover (wall)", lat, n);
  S_report(edit ? "edit+reparse+diagnostics (cpu)" : "hover (cpu)", cpu, n);
  if (edit) {
    S_report("  of which reparse (cpu)", parse, n);
    S_report("  of which findings + diagnostics JSON (cpu)", analyse, n);
  }
  free(parse);
  free(analyse);
  free(lat);
  free(cpu);
  fnd_cache_free(cache);
  free(enabled);
  an_ctx_free(an);
  ts_parser_delete(p);
  doc_free(d);
  kb_free(k);
  free(text);
  return 0;
}

/* The syntax stage alone, per edit: syn_check on the whole text against syn_update from the
 * previous revision, on the same tree; both answers are compared. */
static int S_syntax_edit(const char *path, size_t n) {
  size_t len;
  char *text = S_read(path, &len);
  if (!text || len == 0 || n < 2) return 2;
  kb *k = S_kb();
  doc *d = doc_new(text, len);
  TSParser *p = doc_parser_new();
  syn_state *st = syn_state_new();
  syn_errors e = {0};
  syn_update(st, NULL, k, KB_EN, NULL, doc_tree(d, p), doc_text(d), doc_length(d),
             FND_MAX_SYNTAX_ERRORS, &e);
  syn_errors_clear(&e);
  uint64_t mark = doc_mark(d);
  double *scratch = xmalloc(n * sizeof *scratch), *update = xmalloc(n * sizeof *update);
  size_t differ = 0, read = 0;
  doc_position typed = {0, 0};
  for (size_t i = 0; i < n; i++) {
    doc_position pos;
    char err[128];
    if (i % 2) {
      pos = typed;
      doc_apply_change(d, pos, (doc_position){pos.line, pos.character + 1}, "", 0, DOC_UTF16, err,
                       sizeof err);
    } else {
      uint32_t line = (uint32_t)((i / 2) * (size_t)doc_line_count(d) / (n / 2));
      size_t at;
      while ((at = S_spot(d, line)) == SIZE_MAX && line + 1 < doc_line_count(d)) line++;
      if (at == SIZE_MAX) at = 0;
      pos = typed = doc_position_at(d, at, DOC_UTF16);
      doc_apply_change(d, pos, pos, "x", 1, DOC_UTF16, err, sizeof err);
    }
    const TSTree *tree = doc_tree(d, p);
    syn_span span;
    bool known = doc_changes_since(d, mark, &span.start, &span.old_end, &span.new_end);
    mark = doc_mark(d);
    syn_errors a = {0}, b = {0};
    double c0 = S_cpu();
    syn_update(st, known ? &span : NULL, k, KB_EN, NULL, tree, doc_text(d), doc_length(d),
               FND_MAX_SYNTAX_ERRORS, &a);
    double c1 = S_cpu();
    syn_check(k, KB_EN, NULL, tree, doc_text(d), doc_length(d), FND_MAX_SYNTAX_ERRORS, &b);
    double c2 = S_cpu();
    update[i] = c1 - c0;
    scratch[i] = c2 - c1;
    read += syn_state_read(st);
    bool same = a.count == b.count;
    for (size_t j = 0; same && j < a.count; j++)
      same = a.items[j].start_byte == b.items[j].start_byte &&
             a.items[j].end_byte == b.items[j].end_byte &&
             strcmp(a.items[j].message, b.items[j].message) == 0;
    if (!same) differ++;
    syn_errors_clear(&a);
    syn_errors_clear(&b);
  }
  printf("%s: %.1f KB, %u lines, %zu edits; the tokenizer pass re-read %.0f bytes per edit "
         "(%.2f%% of the text); answers that differ: %zu\n",
         path, len / 1e3, doc_line_count(d), n, (double)read / n, 100.0 * read / n / len, differ);
  S_report("syntax stage from scratch, syn_check (cpu)", scratch, n);
  S_report("syntax stage updated, syn_update (cpu)", update, n);
  free(scratch);
  free(update);
  syn_state_free(st);
  ts_parser_delete(p);
  doc_free(d);
  kb_free(k);
  free(text);
  return differ ? 1 : 0;
}

/* inlayHint latency: N requests, each for a random window of 100 lines, all kinds on, with
 * tooltips in the reply (no lazy resolve): what a client scrolling through the file asks.
 * Three runs: without the document's hint cache (every range analysed, as for a file just
 * opened); with it while scrolling down 30 lines at a time (the lines already seen come from
 * it); and the request after an edit in the middle of the range, the cache carried across the
 * edit as the server does (the change as fnd_get reports it). */
static json_t *S_inlay_at(feat_env *env, doc *d, hc_cache *cache, fnd_set *found,
                          uint64_t *mark, uint64_t *rev, uint32_t first) {
  found->change_known = doc_changes_since(d, *mark, &found->change_start,
                                          &found->change_old_end, &found->change_new_end);
  found->change_from = *rev;
  *mark = doc_mark(d);
  *rev = doc_revision(d);
  return inlay_compute(env, d, cache, found, (doc_position){first, 0},
                       (doc_position){first + 100, 0});
}

static int S_inlay(const char *path, size_t n) {
  size_t len;
  char *text = S_read(path, &len);
  if (!text || len == 0) return 2;
  kb *k = S_kb();
  sig_table *sigs = sig_new();
  sig_load_builtin(sigs, NULL);
  doc *d = doc_new(text, len);
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  feat_env env = {.k = k, .lang = KB_EN, .enc = DOC_UTF16, .markdown = true,
                  .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .sigs = sigs, .parser = p, .an = an};
  doc_tree(d, p);
  uint32_t lines = doc_line_count(d);
  double *lat = xmalloc(n * sizeof *lat), *cpu = xmalloc(n * sizeof *cpu);
  unsigned seed = 12345;
  size_t hints = 0;
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    uint32_t first = lines > 100 ? (seed >> 8) % (lines - 100) : 0;
    doc_position a = {first, 0}, b = {first + 100, 0};
    double t0 = S_now(), c0 = S_cpu();
    json_t *h = inlay_compute(&env, d, NULL, NULL, a, b);
    lat[i] = S_now() - t0;
    cpu[i] = S_cpu() - c0;
    hints += json_array_size(h);
    json_decref(h);
  }
  printf("%s: %u lines; %.1f hints per 100-line range\n", path, lines, (double)hints / n);
  S_report("inlayHint (100 lines), no cache, wall", lat, n);
  S_report("inlayHint (100 lines), no cache, thread CPU", cpu, n);
  hc_cache *cache = hc_new();
  fnd_set found = {0};
  uint64_t mark = doc_mark(d), rev = doc_revision(d);
  size_t scrolls = 0;
  for (uint32_t first = 0; scrolls < n; first += 30) {
    if (first + 100 > lines) {
      first = 0;
      hc_reset(cache);
    }
    double c0 = S_cpu();
    json_decref(S_inlay_at(&env, d, cache, &found, &mark, &rev, first));
    cpu[scrolls++] = S_cpu() - c0;
  }
  S_report("scrolling 30 lines at a time, with the cache, thread CPU", cpu, scrolls);
  /* The first request after an edit, on a range seen before it. */
  double *parse = xmalloc(n * sizeof *parse);
  size_t edits = 0;
  for (size_t tries = 0; tries < n * 2 && edits < n; tries++) {
    size_t i = edits;
    seed = seed * 1103515245u + 12345u;
    uint32_t first = lines > 100 ? (seed >> 8) % (lines - 100) : 0;
    uint32_t line = first + 50;
    size_t at;
    while ((at = S_spot(d, line)) == SIZE_MAX && line + 1 < lines && line < first + 99) line++;
    if (at == SIZE_MAX) continue;
    json_decref(S_inlay_at(&env, d, cache, &found, &mark, &rev, first));
    doc_position pos = doc_position_at(d, at, DOC_UTF16);
    char err[128];
    double c0 = S_cpu();
    doc_apply_change(d, pos, pos, "x", 1, DOC_UTF16, err, sizeof err);
    doc_tree(d, p);
    double c1 = S_cpu();
    json_t *h = S_inlay_at(&env, d, cache, &found, &mark, &rev, first);
    cpu[i] = S_cpu() - c1;
    parse[i] = c1 - c0;
    json_decref(h);
    /* The same request on the same tree without the cache: what it replaces. */
    double c2 = S_cpu();
    json_decref(inlay_compute(&env, d, NULL, NULL, (doc_position){first, 0},
                              (doc_position){first + 100, 0}));
    lat[i] = S_cpu() - c2;
    /* Undone (not measured), so that the file stays the file. */
    doc_apply_change(d, pos, (doc_position){pos.line, pos.character + 1}, "", 0, DOC_UTF16, err,
                     sizeof err);
    doc_tree(d, p);
    edits++;
  }
  S_report("after an edit: inlayHint (100 lines), with the cache, thread CPU", cpu, edits);
  S_report("after an edit: the same, without the cache, thread CPU", lat, edits);
  S_report("after an edit: the incremental reparse before it, thread CPU", parse, edits);
  free(parse);
  free(lat);
  free(cpu);
  hc_free(cache);
  an_ctx_free(an);
  ts_parser_delete(p);
  doc_free(d);
  sig_free(sigs);
  kb_free(k);
  free(text);
  return 0;
}

static size_t S_heap(void) { return mallinfo2().uordblks; }

/* Opens every file as a session does (document, tree, findings) and prints the heap each
 * stage added, to show what an open document's memory is made of. */
static int S_memory(int argc, char **argv) {
  kb *k = S_kb();
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  unsigned char *enabled = xmalloc(kb_count(k));
  memset(enabled, 1, kb_count(k));
  fnd_env fe = {.k = k, .enabled = enabled, .parser = p, .an = an, .pitfalls = true,
                .syntax = true, .max_syntax = FND_MAX_SYNTAX_ERRORS};
  doc **docs = xcalloc((size_t)argc, sizeof *docs);
  fnd_cache **caches = xcalloc((size_t)argc, sizeof *caches);
  size_t bytes = 0, h0 = S_heap();
  for (int i = 0; i < argc; i++) {
    size_t len;
    char *text = S_read(argv[i], &len);
    if (!text) continue;
    docs[i] = doc_new(text, len);
    bytes += len;
    free(text);
  }
  size_t h1 = S_heap();
  for (int i = 0; i < argc; i++)
    if (docs[i]) doc_tree(docs[i], p);
  size_t h2 = S_heap();
  for (int i = 0; i < argc; i++) {
    if (!docs[i]) continue;
    caches[i] = fnd_cache_new();
    fnd_get(caches[i], &fe, docs[i]);
  }
  size_t h3 = S_heap();
  printf("%d files, %.2f MB of source\n", argc, bytes / 1e6);
  printf("text + line index: %6.2f MB (%.1f bytes per source byte)\n", (h1 - h0) / 1e6,
         (double)(h1 - h0) / (double)bytes);
  printf("trees:             %6.2f MB (%.1f)\n", (h2 - h1) / 1e6, (double)(h2 - h1) / (double)bytes);
  printf("findings caches:   %6.2f MB (%.1f; of which the text copies %.2f MB)\n",
         (h3 - h2) / 1e6, (double)(h3 - h2) / (double)bytes, bytes / 1e6);
  for (int i = 0; i < argc; i++) {
    fnd_cache_free(caches[i]);
    doc_free(docs[i]);
  }
  free(caches);
  free(docs);
  free(enabled);
  an_ctx_free(an);
  ts_parser_delete(p);
  kb_free(k);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "memory") == 0) return S_memory(argc - 2, argv + 2);
  if (argc >= 3 && strcmp(argv[1], "parse") == 0) return S_parse(argc - 2, argv + 2);
  if (argc >= 3 && strcmp(argv[1], "syntax") == 0) return S_syntax(argc - 2, argv + 2);
  if (argc >= 3 && strcmp(argv[1], "notes") == 0) return S_notes(argc - 2, argv + 2);
  if (argc >= 3 && strcmp(argv[1], "hover") == 0)
    return S_hover(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 10000, 0);
  if (argc >= 3 && strcmp(argv[1], "edit") == 0)
    return S_hover(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 200, 1);
  if (argc >= 3 && strcmp(argv[1], "edit-pitfalls") == 0)
    return S_hover(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 200, 2);
  if (argc >= 3 && strcmp(argv[1], "syntax-edit") == 0)
    return S_syntax_edit(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 200);
  if (argc >= 3 && strcmp(argv[1], "inlay") == 0)
    return S_inlay(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 5000);
  fprintf(stderr, "usage: bench parse FILE... | bench syntax FILE... | bench notes FILE... | bench hover FILE [N] | "
          "bench edit FILE [N] | bench edit-pitfalls FILE [N] | bench syntax-edit FILE [N] | "
          "bench inlay FILE [N] | bench memory FILE...\n");
  return 2;
}
