/* bench: measurements that need the library, not the CLI.
 *   bench parse FILE...      parse every file once on one thread (the floor for `check`)
 *   bench hover FILE [N]     N hovers at pseudo-random positions in one document, as the
 *                            server computes them (hover_compute), with latency percentiles
 *   bench edit FILE [N]      N one-character edits + incremental reparse + diagnostics
 *   bench inlay FILE [N]     N inlayHint requests for random 100-line ranges, all kinds of
 *                            hint on, tooltips inline: wall and thread-CPU percentiles */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "doc.h"
#include "feat.h"
#include "sig.h"
#include "kb.h"

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
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
  fclose(f);
  if (buf) buf[n] = '\0';
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
  double total = 0;
  for (int i = 0; i < argc; i++) {
    size_t len;
    char *text = S_read(argv[i], &len);
    if (!text) continue;
    double t0 = S_now();
    TSTree *tree = ts_parser_parse_string(p, NULL, text, (uint32_t)len);
    total += S_now() - t0;
    ts_tree_delete(tree);
    free(text);
    bytes += len;
    files++;
  }
  ts_parser_delete(p);
  printf("parse-only: %zu files, %.1f MB, %.3f s, %.1f MB/s\n", files, bytes / 1e6, total,
         bytes / 1e6 / total);
  return 0;
}

static void S_report(const char *what, double *lat, size_t n) {
  qsort(lat, n, sizeof *lat, S_cmp_double);
  printf("%s: n=%zu p50=%.1f us p90=%.1f us p99=%.1f us max=%.1f us\n", what, n,
         lat[n / 2] * 1e6, lat[n * 9 / 10] * 1e6, lat[n * 99 / 100] * 1e6, lat[n - 1] * 1e6);
}

static int S_hover(const char *path, size_t n, int edit) {
  size_t len;
  char *text = S_read(path, &len);
  if (!text || len == 0) return 2;
  kb *k = S_kb();
  doc *d = doc_new(text, len);
  TSParser *p = doc_parser_new();
  an_ctx *an = an_ctx_new();
  unsigned char *enabled = malloc(kb_count(k));
  memset(enabled, 1, kb_count(k));
  feat_env env = {.k = k, .enabled = enabled, .lang = KB_EN, .enc = DOC_UTF16,
                  .markdown = true, .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .parser = p, .an = an};
  double t0 = S_now();
  doc_tree(d, p);
  printf("%s: %.1f KB, %u lines, first parse %.2f ms\n", path, len / 1e3, doc_line_count(d),
         (S_now() - t0) * 1e3);
  /* As in a session: diagnostics ran after the document was opened, and hovers reuse the
   * pitfalls they found. */
  an_findings pitfalls = {0};
  if (!edit) {
    json_decref(diag_compute(&env, d, &pitfalls));
    env.pitfalls = &pitfalls;
  }
  double *lat = malloc(n * sizeof *lat);
  unsigned seed = 12345;
  size_t shown = 0;
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    uint32_t line = (seed >> 8) % doc_line_count(d);
    seed = seed * 1103515245u + 12345u;
    doc_position pos = {line, (seed >> 8) % 40};
    double a = S_now();
    if (edit) {
      /* Type a space and delete it again: two edits, two incremental reparses. */
      char err[128];
      doc_apply_change(d, pos, pos, " ", 1, DOC_UTF16, err, sizeof err);
      doc_tree(d, p);
      doc_position after = {pos.line, pos.character + 1};
      doc_apply_change(d, pos, after, "", 0, DOC_UTF16, err, sizeof err);
      json_t *diags = diag_compute(&env, d, NULL);
      json_decref(diags);
    } else {
      json_t *h = hover_compute(&env, d, pos);
      if (!json_is_null(h)) shown++;
      json_decref(h);
    }
    lat[i] = S_now() - a;
  }
  if (!edit) printf("hovers that showed a note: %zu of %zu\n", shown, n);
  S_report(edit ? "edit+reparse+diagnostics" : "hover", lat, n);
  free(lat);
  an_findings_clear(&pitfalls);
  free(enabled);
  an_ctx_free(an);
  ts_parser_delete(p);
  doc_free(d);
  kb_free(k);
  free(text);
  return 0;
}

/* inlayHint latency: N requests, each for a random window of 100 lines, all kinds on, with
 * tooltips in the reply (no lazy resolve): what a client scrolling through the file asks. */
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
  double *lat = malloc(n * sizeof *lat), *cpu = malloc(n * sizeof *cpu);
  unsigned seed = 12345;
  size_t hints = 0;
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    uint32_t first = lines > 100 ? (seed >> 8) % (lines - 100) : 0;
    doc_position a = {first, 0}, b = {first + 100, 0};
    double t0 = S_now(), c0 = S_cpu();
    json_t *h = inlay_compute(&env, d, a, b);
    lat[i] = S_now() - t0;
    cpu[i] = S_cpu() - c0;
    hints += json_array_size(h);
    json_decref(h);
  }
  printf("%s: %u lines; %.1f hints per 100-line range\n", path, lines, (double)hints / n);
  S_report("inlayHint (100 lines), wall", lat, n);
  S_report("inlayHint (100 lines), thread CPU", cpu, n);
  free(lat);
  free(cpu);
  an_ctx_free(an);
  ts_parser_delete(p);
  doc_free(d);
  sig_free(sigs);
  kb_free(k);
  free(text);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "parse") == 0) return S_parse(argc - 2, argv + 2);
  if (argc >= 3 && strcmp(argv[1], "hover") == 0)
    return S_hover(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 10000, 0);
  if (argc >= 3 && strcmp(argv[1], "edit") == 0)
    return S_hover(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 200, 1);
  if (argc >= 3 && strcmp(argv[1], "inlay") == 0)
    return S_inlay(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 5000);
  fprintf(stderr, "usage: bench parse FILE... | bench hover FILE [N] | bench edit FILE [N] | "
          "bench inlay FILE [N]\n");
  return 2;
}
