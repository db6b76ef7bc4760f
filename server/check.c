#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "checkcache.h"
#include "doc.h"
#include "fileio.h"
#include "findings.h"
#include "fix.h"
#include "check_internal.h"
#include "syntax.h"
#include "xalloc.h"

/* ---- collecting files ---- */

typedef struct {
  char **items;
  size_t count, cap;
} S_paths;

static void S_paths_add(S_paths *p, const char *path) {
  if (p->count == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->items = xreallocarray(p->items, p->cap, sizeof *p->items);
  }
  p->items[p->count++] = xstrdup(path);
}

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int S_has_py_suffix(const char *name) {
  size_t n = strlen(name);
  return n > 3 && strcmp(name + n - 3, ".py") == 0;
}

/* Walks a folder (sorted, so output is stable), skipping hidden folders and caches. */
static int S_walk(const char *dir, S_paths *out, int depth) {
  if (depth > 64) return 0; /* a symlink loop or an absurd tree: stop descending */
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "pylore: %s: %s\n", dir, strerror(errno));
    return -1;
  }
  S_paths names = {0};
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || strcmp(e->d_name, "__pycache__") == 0) continue;
    S_paths_add(&names, e->d_name);
  }
  closedir(d);
  if (names.count) qsort(names.items, names.count, sizeof *names.items, S_cmp_str);
  int rc = 0;
  for (size_t i = 0; i < names.count; i++) {
    size_t len = strlen(dir) + strlen(names.items[i]) + 2;
    char *path = xmalloc(len);
    snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.items[i]);
    struct stat st;
    if (stat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        if (S_walk(path, out, depth + 1) != 0) rc = -1;
      } else if (S_ISREG(st.st_mode) && S_has_py_suffix(names.items[i])) {
        S_paths_add(out, path);
      }
    }
    free(path);
    free(names.items[i]);
  }
  free(names.items);
  return rc;
}

/* ---- analysing one file ---- */

static void S_set_range(chk_finding *f, const doc *d, uint32_t start, uint32_t end, bool snippet) {
  doc_position a = doc_position_at(d, start, DOC_UTF32), b = doc_position_at(d, end, DOC_UTF32);
  f->line = a.line + 1;
  f->col = a.character + 1;
  f->end_line = b.line + 1;
  f->end_col = b.character + 1;
  if (!snippet) return;
  size_t ls = doc_line_start(d, a.line), le = doc_line_end(d, a.line);
  f->source = xmalloc(le - ls + 1);
  memcpy(f->source, doc_text(d) + ls, le - ls);
  f->source[le - ls] = '\0';
  f->under_from = start > ls ? (uint32_t)(start - ls) : 0;
  if (f->under_from > le - ls) f->under_from = (uint32_t)(le - ls);
  f->under_to = end < le && end > start ? (uint32_t)(end - ls) : (uint32_t)(le - ls);
}

/* Fills the file's findings from the cache; -1 on a miss (or an entry naming a note that is
 * not loaded any more). */
static int S_from_cache(const chk_job *job, chk_file *file, cc_hash key, const char *text,
                        size_t len) {
  cc_item *items;
  size_t n;
  if (cc_load(job->cache_dir, key, &items, &n) != 0) return -1;
  /* The text format shows each finding's line: taken from the text, as a fresh run would. */
  doc *d = job->opt->format == CHECK_TEXT ? doc_new(text, len) : NULL;
  file->items = xcalloc(n ? n : 1, sizeof *file->items);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    chk_finding *f = &file->items[file->count];
    f->line = items[i].line;
    f->col = items[i].col;
    f->end_line = items[i].end_line;
    f->end_col = items[i].end_col;
    f->severity = (kb_severity)items[i].severity;
    f->note = items[i].id ? kb_find(job->k, items[i].id) : -1;
    if (items[i].id && f->note < 0) rc = -1;
    if (f->note >= 0 && kb_note_at(job->k, (size_t)f->note)->kind == KB_SYNTAX)
      f->syn_id = kb_note_at(job->k, (size_t)f->note)->id;
    /* A syntax error's message holds its specifics (the line, the character). */
    f->message = items[i].message;
    items[i].message = NULL;
    if (d) {
      size_t a = doc_offset_at(d, (doc_position){f->line - 1, f->col - 1}, DOC_UTF32);
      size_t b = doc_offset_at(d, (doc_position){f->end_line - 1, f->end_col - 1}, DOC_UTF32);
      S_set_range(f, d, (uint32_t)a, (uint32_t)b, true);
    }
    file->count++;
  }
  cc_items_free(items, n);
  doc_free(d);
  if (rc != 0) {
    for (size_t i = 0; i < file->count; i++) {
      free(file->items[i].message);
      free(file->items[i].source);
    }
    free(file->items);
    file->items = NULL;
    file->count = 0;
  }
  return rc;
}

static void S_to_cache(const chk_job *job, const chk_file *file, cc_hash key) {
  cc_item *items = xcalloc(file->count ? file->count : 1, sizeof *items);
  for (size_t i = 0; i < file->count; i++) {
    const chk_finding *f = &file->items[i];
    items[i] = (cc_item){.line = f->line, .col = f->col, .end_line = f->end_line,
                         .end_col = f->end_col, .severity = (int)f->severity,
                         .id = f->note >= 0 ? kb_note_at(job->k, (size_t)f->note)->id : NULL,
                         .message = f->message};
  }
  cc_store(job->cache_dir, key, items, file->count);
  free(items); /* the strings are borrowed */
}

static void S_fix_file(chk_job *job, chk_file *file, char **text, size_t *len, TSParser *parser,
                       an_ctx *ctx) {
  size_t nk = kb_count(job->k);
  size_t *counts = xcalloc(nk + 1, sizeof *counts);
  size_t fixed_len = 0;
  fix_select sel = {.enabled = job->opt->enabled, .only_note = -1,
                    .unsafe = job->opt->unsafe_fixes};
  char *fixed = fix_rounds(ctx, parser, job->k, *text, *len, &sel, counts, &fixed_len,
                           &file->fix_refused);
  char line[1024];
  size_t w = 0;
  line[0] = '\0';
  for (size_t i = 0; i < nk; i++) {
    if (!counts[i] || w + 80 > sizeof line) continue;
    int n = snprintf(line + w, sizeof line - w, "%s%zu × %s", w ? ", " : "", counts[i],
                     kb_note_at(job->k, i)->id);
    if (n > 0) w += (size_t)n;
  }
  free(counts);
  if (file->fix_refused) {
    file->fix_report = xstrdup("not fixed: the fixed text would not parse");
    return;
  }
  if (!fixed) return;
  file->fix_report = xstrdup(line);
  if (job->opt->fix == CHECK_FIX_WRITE && fio_write_atomic(file->path, fixed, fixed_len) != 0) {
    char msg[300];
    snprintf(msg, sizeof msg, "not fixed: cannot write: %s", strerror(errno));
    free(file->fix_report);
    file->fix_report = xstrdup(msg);
    file->fix_refused = true;
    free(fixed);
    return;
  }
  file->original = *text;
  file->original_len = *len;
  file->fixed = fixed;
  file->fixed_len = fixed_len;
  /* The findings reported are those left in the fixed text. */
  *text = xmalloc(fixed_len + 1);
  memcpy(*text, fixed, fixed_len);
  (*text)[fixed_len] = '\0';
  *len = fixed_len;
}

static void S_analyse(chk_job *job, chk_file *file, TSParser *parser, an_ctx *ctx) {
  size_t len = 0;
  char *text = fio_read(file->path, &len, 0);
  if (!text) {
    fprintf(stderr, "pylore: %s: %s\n", file->path, strerror(errno));
    file->io_error = 1;
    return;
  }
  if (job->opt->fix != CHECK_FIX_NONE) S_fix_file(job, file, &text, &len, parser, ctx);
  /* Keyed by the text analysed (after fixing, when fixing). */
  cc_hash key = {0, 0};
  if (job->cache_dir) {
    key = cc_hash_bytes(job->salt, text, len);
    if (S_from_cache(job, file, key, text, len) == 0) {
      free(text);
      return;
    }
  }
  doc *d = doc_new(text, len);
  free(text);
  if (!d) {
    file->io_error = 1;
    return;
  }
  fnd_env env = {.k = job->k, .lang = job->opt->lang, .enabled = job->opt->enabled, .parser = parser, .an = ctx,
                 .pitfalls = job->any_pitfall, .syntax = job->opt->syntax_errors,
                 .max_syntax = FND_MAX_SYNTAX_ERRORS};
  fnd_set set = {0};
  if (fnd_compute(&env, d, &set) != 0)
    fprintf(stderr, "pylore: %s: not checked: tree-sitter cannot hold this text safely (one "
                    "syntax error of over 65,535 tokens, such as unclosed brackets)\n", file->path);
  const an_findings found = set.pitfalls;
  const syn_errors errs = set.syntax;
  if (found.too_deep)
    fprintf(stderr, "pylore: %s: brackets nest more than 1,000 levels deep; pitfalls not checked\n",
            file->path);
  if (found.truncated)
    fprintf(stderr, "pylore: %s: the analysis took more than %d ms of CPU time and was stopped; the "
            "findings are those found until then\n", file->path, FND_BUDGET_MS);
  size_t total = found.count + errs.count;
  bool snippet = job->opt->format == CHECK_TEXT;
  file->items = xcalloc(total ? total : 1, sizeof *file->items);
  /* Syntax errors and pitfalls, merged in document order. */
  size_t i = 0, j = 0;
  while (i < errs.count || j < found.count) {
    bool take_err = j >= found.count ||
                    (i < errs.count && errs.items[i].start_byte <= found.items[j].start_byte);
    chk_finding *f = &file->items[file->count++];
    if (take_err) {
      S_set_range(f, d, errs.items[i].start_byte, errs.items[i].end_byte, snippet);
      f->severity = KB_SEV_ERROR;
      f->note = errs.items[i].note == UINT32_MAX ? -1 : (long)errs.items[i].note;
      f->syn_id = errs.items[i].id;
      f->message = xstrdup(errs.items[i].message);
      i++;
    } else {
      const kb_note *n = kb_note_at(job->k, found.items[j].note);
      S_set_range(f, d, found.items[j].start_byte, found.items[j].end_byte, snippet);
      f->severity = n->severity;
      f->note = found.items[j].note;
      j++;
    }
  }
  fnd_set_clear(&set);
  doc_free(d);
  if (job->cache_dir && !file->io_error && !found.truncated) S_to_cache(job, file, key);
}

static void *S_worker(void *arg) {
  chk_job *job = arg;
  TSParser *parser = doc_parser_new();
  an_ctx *ctx = an_ctx_new();
  an_ctx_set_budget(ctx, FND_BUDGET_MS);
  if (parser) {
    for (;;) {
      size_t i = atomic_fetch_add(&job->next, 1);
      if (i >= job->count) break;
      S_analyse(job, &job->files[i], parser, ctx);
      size_t done = atomic_fetch_add(&job->done, 1) + 1;
      if (job->opt->progress && (done % 25 == 0 || done == job->count)) {
        pthread_mutex_lock(&job->progress_lock);
        fprintf(stderr, "\rpylore: checked %zu/%zu files", done, job->count);
        pthread_mutex_unlock(&job->progress_lock);
      }
    }
  }
  an_ctx_free(ctx);
  if (parser) ts_parser_delete(parser);
  return NULL;
}

int check_run(const kb *k, char *const *paths, size_t count, const check_options *opt, FILE *out) {
  S_paths files = {0};
  int status = 0;
  for (size_t i = 0; i < count; i++) {
    struct stat st;
    if (stat(paths[i], &st) != 0) {
      fprintf(stderr, "pylore: %s: %s\n", paths[i], strerror(errno));
      status = 2;
    } else if (S_ISDIR(st.st_mode)) {
      if (S_walk(paths[i], &files, 0) != 0) status = 2;
    } else {
      S_paths_add(&files, paths[i]);
    }
  }
  chk_job job = {.k = k, .opt = opt, .count = files.count};
  for (size_t i = 0; i < kb_count(k) && !job.any_pitfall; i++)
    job.any_pitfall = kb_note_at(k, i)->kind == KB_PITFALL && (!opt->enabled || opt->enabled[i]);
  char cache_dir[4096];
  if (opt->cache && cc_dir(cache_dir, sizeof cache_dir) == 0) {
    /* Everything the findings depend on besides the text. */
    cc_hash h = cc_hash_bytes((cc_hash){0, 0}, PYLORE_VERSION, sizeof PYLORE_VERSION);
    /* The program itself: a rebuild may change what a predicate means. */
    size_t exe_len = 0;
    char *exe = fio_read("/proc/self/exe", &exe_len, 0);
    if (exe) h = cc_hash_bytes(h, exe, exe_len);
    free(exe);
    /* Syntax errors' messages are in the asked language; their notes may be switched off. */
    unsigned char flags[3] = {opt->syntax_errors, job.any_pitfall, (unsigned char)opt->lang};
    h = cc_hash_bytes(h, flags, sizeof flags);
    if (opt->enabled) h = cc_hash_bytes(h, opt->enabled, kb_count(k));
    for (size_t i = 0; i < kb_count(k); i++) {
      const kb_note *n = kb_note_at(k, i);
      if (n->kind != KB_PITFALL || (opt->enabled && !opt->enabled[i])) continue;
      int sev = (int)n->severity;
      h = cc_hash_bytes(h, n->id, strlen(n->id) + 1);
      h = cc_hash_bytes(h, &sev, sizeof sev);
      h = cc_hash_bytes(h, n->query_src, strlen(n->query_src) + 1);
    }
    job.cache_dir = cache_dir;
    job.salt = h;
  }
  job.files = xcalloc(files.count ? files.count : 1, sizeof *job.files);
  for (size_t i = 0; i < files.count; i++) job.files[i].path = files.items[i];
  free(files.items);
  atomic_init(&job.next, 0);
  atomic_init(&job.done, 0);
  pthread_mutex_init(&job.progress_lock, NULL);

  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  size_t threads = opt->jobs > 0 ? (size_t)opt->jobs : (size_t)(cores > 0 ? cores : 1);
  if (threads > job.count) threads = job.count ? job.count : 1;
  if (threads > 64) threads = 64;
  pthread_t tids[64];
  size_t started = 0;
  for (size_t t = 1; t < threads; t++) {
    if (pthread_create(&tids[started], NULL, S_worker, &job) == 0) started++;
  }
  S_worker(&job); /* the calling thread works too */
  for (size_t t = 0; t < started; t++) pthread_join(tids[t], NULL);
  if (opt->progress && job.count) fprintf(stderr, "\r\033[K");
  pthread_mutex_destroy(&job.progress_lock);

  status = check__report(k, &job, status, out);
  for (size_t i = 0; i < job.count; i++) {
    for (size_t j = 0; j < job.files[i].count; j++) {
      free(job.files[i].items[j].message);
      free(job.files[i].items[j].source);
    }
    free(job.files[i].items);
    free(job.files[i].path);
    free(job.files[i].original);
    free(job.files[i].fixed);
    free(job.files[i].fix_report);
  }
  free(job.files);
  return status;
}
