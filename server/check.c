#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "doc.h"
#include "checkcache.h"
#include "fileio.h"
#include "findings.h"
#include "fix.h"
#include "md.h"
#include "render.h"
#include "syntax.h"
#include "udiff.h"

typedef struct {
  uint32_t line, col, end_line, end_col; /* 1-based, columns in code points */
  kb_severity severity;
  long note;          /* -1 for a syntax error whose note is not loaded */
  const char *syn_id; /* a syntax error's id (static), else NULL */
  char *message;      /* owned; only for syntax errors (the note's summary, filled in) */
  char *source;       /* owned: the finding's first line, for the text format (or NULL) */
  uint32_t under_from, under_to; /* byte offsets in `source` to underline */
} S_finding;

typedef struct {
  char *path;
  S_finding *items;
  size_t count;
  int io_error;
  char *original;    /* with --fix/--diff, when the text changed: the text as read */
  size_t original_len;
  char *fixed;       /* and the fixed text */
  size_t fixed_len;
  char *fix_report;  /* "3 × py2-print, 1 × is-literal", or the reason nothing was written */
  bool fix_refused;
} S_file;

typedef struct {
  const kb *k;
  const check_options *opt;
  S_file *files;
  size_t count;
  bool any_pitfall; /* some pitfall is selected: otherwise the query need not run at all */
  const char *cache_dir; /* NULL: no cache */
  cc_hash salt;          /* what the findings depend on besides the text */
  atomic_size_t next;
  atomic_size_t done;
  pthread_mutex_t progress_lock;
} S_job;

/* ---- collecting files ---- */

typedef struct {
  char **items;
  size_t count, cap;
} S_paths;

static int S_paths_add(S_paths *p, const char *path) {
  if (p->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 64;
    char **grown = realloc(p->items, cap * sizeof *grown);
    if (!grown) return -1;
    p->items = grown;
    p->cap = cap;
  }
  p->items[p->count] = strdup(path);
  return p->items[p->count] ? (int)(p->count++, 0) : -1;
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
    char *path = malloc(len);
    if (path) {
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
    }
    free(names.items[i]);
  }
  free(names.items);
  return rc;
}

/* ---- analysing one file ---- */

static void S_set_range(S_finding *f, const doc *d, uint32_t start, uint32_t end, bool snippet) {
  doc_position a = doc_position_at(d, start, DOC_UTF32), b = doc_position_at(d, end, DOC_UTF32);
  f->line = a.line + 1;
  f->col = a.character + 1;
  f->end_line = b.line + 1;
  f->end_col = b.character + 1;
  if (!snippet) return;
  size_t ls = doc_line_start(d, a.line), le = doc_line_end(d, a.line);
  f->source = malloc(le - ls + 1);
  if (!f->source) return;
  memcpy(f->source, doc_text(d) + ls, le - ls);
  f->source[le - ls] = '\0';
  f->under_from = start > ls ? (uint32_t)(start - ls) : 0;
  if (f->under_from > le - ls) f->under_from = (uint32_t)(le - ls);
  f->under_to = end < le && end > start ? (uint32_t)(end - ls) : (uint32_t)(le - ls);
}

/* Fills the file's findings from the cache; -1 on a miss (or an entry naming a note that is
 * not loaded any more). */
static int S_from_cache(const S_job *job, S_file *file, cc_hash key, const char *text,
                        size_t len) {
  cc_item *items;
  size_t n;
  if (cc_load(job->cache_dir, key, &items, &n) != 0) return -1;
  /* The text format shows each finding's line: taken from the text, as a fresh run would. */
  doc *d = job->opt->format == CHECK_TEXT ? doc_new(text, len) : NULL;
  file->items = calloc(n ? n : 1, sizeof *file->items);
  int rc = file->items ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    S_finding *f = &file->items[file->count];
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

static void S_to_cache(const S_job *job, const S_file *file, cc_hash key) {
  cc_item *items = calloc(file->count ? file->count : 1, sizeof *items);
  if (!items) return;
  for (size_t i = 0; i < file->count; i++) {
    const S_finding *f = &file->items[i];
    items[i] = (cc_item){.line = f->line, .col = f->col, .end_line = f->end_line,
                         .end_col = f->end_col, .severity = (int)f->severity,
                         .id = f->note >= 0 ? kb_note_at(job->k, (size_t)f->note)->id : NULL,
                         .message = f->message};
  }
  cc_store(job->cache_dir, key, items, file->count);
  free(items); /* the strings are borrowed */
}

static void S_fix_file(S_job *job, S_file *file, char **text, size_t *len, TSParser *parser,
                       an_ctx *ctx) {
  size_t nk = kb_count(job->k);
  size_t *counts = calloc(nk + 1, sizeof *counts);
  if (!counts) return;
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
    file->fix_report = strdup("not fixed: the fixed text would not parse");
    return;
  }
  if (!fixed) return;
  file->fix_report = strdup(line);
  if (job->opt->fix == CHECK_FIX_WRITE && fio_write_atomic(file->path, fixed, fixed_len) != 0) {
    char msg[300];
    snprintf(msg, sizeof msg, "not fixed: cannot write: %s", strerror(errno));
    free(file->fix_report);
    file->fix_report = strdup(msg);
    file->fix_refused = true;
    free(fixed);
    return;
  }
  file->original = *text;
  file->original_len = *len;
  file->fixed = fixed;
  file->fixed_len = fixed_len;
  /* The findings reported are those left in the fixed text. */
  *text = malloc(fixed_len + 1);
  if (*text) {
    memcpy(*text, fixed, fixed_len);
    (*text)[fixed_len] = '\0';
    *len = fixed_len;
  }
}

static void S_analyse(S_job *job, S_file *file, TSParser *parser, an_ctx *ctx) {
  size_t len = 0;
  char *text = fio_read(file->path, &len, 0);
  if (!text) {
    fprintf(stderr, "pylore: %s: %s\n", file->path, strerror(errno));
    file->io_error = 1;
    return;
  }
  if (job->opt->fix != CHECK_FIX_NONE) S_fix_file(job, file, &text, &len, parser, ctx);
  if (!text) {
    file->io_error = 1;
    return;
  }
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
  file->items = calloc(total ? total : 1, sizeof *file->items);
  if (file->items) {
    /* Syntax errors and pitfalls, merged in document order. */
    size_t i = 0, j = 0;
    while (i < errs.count || j < found.count) {
      bool take_err = j >= found.count ||
                      (i < errs.count && errs.items[i].start_byte <= found.items[j].start_byte);
      S_finding *f = &file->items[file->count++];
      if (take_err) {
        S_set_range(f, d, errs.items[i].start_byte, errs.items[i].end_byte, snippet);
        f->severity = KB_SEV_ERROR;
        f->note = errs.items[i].note == UINT32_MAX ? -1 : (long)errs.items[i].note;
        f->syn_id = errs.items[i].id;
        f->message = strdup(errs.items[i].message);
        i++;
      } else {
        const kb_note *n = kb_note_at(job->k, found.items[j].note);
        S_set_range(f, d, found.items[j].start_byte, found.items[j].end_byte, snippet);
        f->severity = n->severity;
        f->note = found.items[j].note;
        j++;
      }
    }
  }
  fnd_set_clear(&set);
  doc_free(d);
  if (job->cache_dir && !file->io_error && file->items && !found.truncated) S_to_cache(job, file, key);
}

static void *S_worker(void *arg) {
  S_job *job = arg;
  TSParser *parser = doc_parser_new();
  an_ctx *ctx = an_ctx_new();
  if (ctx) an_ctx_set_budget(ctx, FND_BUDGET_MS);
  if (parser && ctx) {
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

/* ---- output ---- */

static const char *S_message(const kb *k, const S_finding *f, kb_lang lang) {
  if (f->syn_id || f->note < 0) return f->message ? f->message : "syntax error";
  return kb_note_text(kb_note_at(k, (size_t)f->note), lang)->summary_text;
}

static const char *S_id(const kb *k, const S_finding *f) {
  if (f->syn_id) return f->syn_id;
  return f->note < 0 ? CHECK_SYNTAX_ID : kb_note_at(k, (size_t)f->note)->id;
}

/* Length of the valid UTF-8 sequence at p (n bytes available), or 0 when there is none. */
static size_t S_utf8_seq(const unsigned char *p, size_t n) {
  if (p[0] < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (p[0] >= 0xC2 && p[0] <= 0xDF) {
    len = 2;
  } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
    len = 3;
    if (p[0] == 0xE0) lo = 0xA0;      /* overlong */
    if (p[0] == 0xED) hi = 0x9F;      /* surrogates */
  } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
    len = 4;
    if (p[0] == 0xF0) lo = 0x90;      /* overlong */
    if (p[0] == 0xF4) hi = 0x8F;      /* past U+10FFFF */
  } else {
    return 0;
  }
  if (n < len || p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < len; i++)
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  return len;
}

/* A JSON string of `s`. Paths and quotes of the source in syntax-error messages are bytes
 * from the disk, and jansson refuses invalid UTF-8: rather than drop the whole finding
 * (json_pack fails), each invalid byte becomes U+FFFD. New reference, NULL when out of
 * memory. */
static json_t *S_json_text(const char *s) {
  json_t *v = json_string(s);
  if (v) return v;
  size_t n = strlen(s), w = 0;
  char *buf = malloc(n * 3 + 1);
  if (!buf) return NULL;
  for (size_t i = 0; i < n;) {
    size_t len = S_utf8_seq((const unsigned char *)s + i, n - i);
    if (len) {
      memcpy(buf + w, s + i, len);
      w += len;
      i += len;
    } else {
      memcpy(buf + w, "\xEF\xBF\xBD", 3);
      w += 3;
      i++;
    }
  }
  v = json_stringn(buf, w);
  free(buf);
  return v;
}

/* Columns a character takes in a terminal: 2 for East Asian wide and full-width characters
 * (so that the caret stays under a Chinese comma), 0 for combining marks, else 1. */
static int S_char_width(uint32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || cp == 0x200D) return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

/* Writes s[from..to) as it shows in a terminal (tabs as spaces to the next multiple of 4,
 * control characters as one space, invalid bytes as U+FFFD) when `mark` is 0; when `mark`
 * is a character, that many of it instead, for the underline. Returns the columns used. */
static unsigned S_show(const char *s, uint32_t from, uint32_t to, unsigned col, char mark,
                       FILE *out) {
  const unsigned char *u = (const unsigned char *)s;
  for (uint32_t i = from; i < to;) {
    size_t len = S_utf8_seq(u + i, to - i);
    uint32_t cp = 0xFFFD;
    if (len == 0) {
      len = 1;
    } else if (len == 1) {
      cp = u[i];
    } else {
      cp = len == 2 ? u[i] & 0x1Fu : len == 3 ? u[i] & 0x0Fu : u[i] & 0x07u;
      for (size_t k = 1; k < len; k++) cp = (cp << 6) | (u[i + k] & 0x3Fu);
    }
    int w = cp == '\t' ? (int)(4 - col % 4) : S_char_width(cp);
    for (int k = 0; k < w; k++) {
      if (mark) fputc(mark, out);
      else if (cp == '\t' || cp < 0x20 || cp == 0x7F) fputc(' ', out);
      else if (k == 0 && cp == 0xFFFD && u[i] >= 0x80) fputs("\xEF\xBF\xBD", out);
      else if (k == 0) fwrite(u + i, 1, len, out);
    }
    col += (unsigned)w;
    i += (uint32_t)len;
  }
  return col;
}

/* The source line under a finding, with a caret under the range (as compilers print it). */
static void S_print_snippet(const S_finding *f, FILE *out) {
  if (!f->source) return;
  uint32_t n = (uint32_t)strlen(f->source);
  int gutter = snprintf(NULL, 0, "%u", f->line);
  fprintf(out, "%*s |\n%u | ", gutter, "", f->line);
  S_show(f->source, 0, n, 0, 0, out);
  fprintf(out, "\n%*s | ", gutter, "");
  unsigned col = S_show(f->source, 0, f->under_from, 0, ' ', out);
  unsigned end = S_show(f->source, f->under_from, f->under_to, col, '^', out);
  if (end == col) fputc('^', out);
  fputc('\n', out);
}

/* SARIF's artifactLocation.uri is a URI reference: a path is percent-encoded outside the
 * unreserved characters and '/' (a space, a ':' in the first segment or a byte outside
 * ASCII would make it invalid, and a consumer could not find the file). */
static json_t *S_uri_ref(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path), w = 0;
  char *buf = malloc(n * 3 + 1);
  if (!buf) return NULL;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)path[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      buf[w++] = (char)c;
    } else {
      buf[w++] = '%';
      buf[w++] = hex[c >> 4];
      buf[w++] = hex[c & 15];
    }
  }
  json_t *v = json_stringn(buf, w);
  free(buf);
  return v;
}

/* "I" with json_int_t: "i" would read an int from a vararg that was passed as 64 bits. */
static json_t *S_range_json(const S_finding *f) {
  return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)f->line, "column",
                   (json_int_t)f->col, "end", "line", (json_int_t)f->end_line, "column",
                   (json_int_t)f->end_col);
}

static const char *S_sarif_level(kb_severity s) {
  return s == KB_SEV_ERROR ? "error" : s == KB_SEV_WARNING ? "warning" : "note";
}

static void S_print_sarif(const kb *k, const S_job *job, FILE *out) {
  json_t *rules = json_array();
  /* Rule index = note index; syntax errors come last. */
  for (size_t i = 0; i < kb_count(k); i++) {
    const kb_note *n = kb_note_at(k, i);
    const kb_text *t = kb_note_text(n, job->opt->lang);
    /* a rule is the note without a finding: its placeholders in generic words */
    char *body = render_generic(n, job->opt->lang, t->body_md);
    char *summary = render_generic(n, job->opt->lang, t->summary_text);
    char *help_md = body ? md_joined(body) : NULL;
    const char *text = summary ? summary : t->summary_text; /* rule index = note index */
    json_array_append_new(
        rules, json_pack("{s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s}}", "id", n->id,
                         "shortDescription", "text", t->title, "fullDescription", "text", text,
                         "help", "text", text, "markdown", help_md ? help_md : t->body_md,
                         "defaultConfiguration", "level",
                         n->kind != KB_EXPLANATION ? S_sarif_level(n->severity) : "none"));
    free(help_md);
    free(summary);
    free(body);
  }
  /* Syntax errors whose note is not loaded fall back to one rule of their own. */
  if (kb_find(k, CHECK_SYNTAX_ID) < 0)
    json_array_append_new(rules, json_pack("{s:s,s:{s:s},s:{s:s}}", "id", CHECK_SYNTAX_ID,
                                           "shortDescription", "text", "Syntax error",
                                           "defaultConfiguration", "level", "error"));
  json_t *results = json_array();
  for (size_t i = 0; i < job->count; i++) {
    const S_file *file = &job->files[i];
    for (size_t j = 0; j < file->count; j++) {
      const S_finding *f = &file->items[j];
      long fallback = kb_find(k, CHECK_SYNTAX_ID);
      size_t rule = f->note >= 0 ? (size_t)f->note
                                 : fallback >= 0 ? (size_t)fallback : kb_count(k);
      json_array_append_new(
          results,
          json_pack("{s:s,s:I,s:s,s:{s:o},s:[{s:{s:{s:o},s:{s:I,s:I,s:I,s:I}}}]}", "ruleId",
                    S_id(k, f), "ruleIndex", (json_int_t)rule, "level",
                    S_sarif_level(f->severity), "message", "text",
                    S_json_text(S_message(k, f, job->opt->lang)), "locations",
                    "physicalLocation", "artifactLocation", "uri", S_uri_ref(file->path),
                    "region", "startLine",
                    (json_int_t)f->line, "startColumn", (json_int_t)f->col, "endLine",
                    (json_int_t)f->end_line, "endColumn", (json_int_t)f->end_col));
    }
  }
  json_t *sarif = json_pack(
      "{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:o}},s:s,s:o}]}", "$schema",
      "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
      "driver", "name", "pylore", "version", PYLORE_VERSION, "informationUri",
      "https://github.com/pylore/pylore", "rules", rules, "columnKind", "unicodeCodePoints",
      "results", results);
  if (sarif) {
    json_dumpf(sarif, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(sarif);
  }
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
  S_job job = {.k = k, .opt = opt, .count = files.count};
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
  job.files = calloc(files.count ? files.count : 1, sizeof *job.files);
  if (!job.files) {
    for (size_t i = 0; i < files.count; i++) free(files.items[i]);
    free(files.items);
    return 2;
  }
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

  if (opt->fix == CHECK_FIX_DIFF) {
    size_t changed = 0;
    for (size_t i = 0; i < job.count; i++) {
      S_file *file = &job.files[i];
      if (file->io_error) status = 2;
      if (file->fix_refused) fprintf(stderr, "pylore: %s: %s\n", file->path, file->fix_report);
      if (!file->fixed) continue;
      changed++;
      char *diff = udiff_unified(file->original, file->original_len, file->fixed,
                                 file->fixed_len, file->path, file->path);
      if (diff) fputs(diff, out);
      free(diff);
    }
    if (status == 0 && changed) status = 1;
  }
  json_t *array = opt->format == CHECK_JSON ? json_array() : NULL;
  size_t fixed_files = 0;
  for (size_t i = 0; opt->fix == CHECK_FIX_WRITE && i < job.count; i++) {
    S_file *file = &job.files[i];
    if (!file->fix_report) continue;
    fixed_files += file->fixed != NULL;
    bool text = opt->format == CHECK_TEXT || opt->format == CHECK_CONCISE;
    fprintf(file->fixed && text ? out : stderr, "%s: %s%s\n", file->path,
            file->fixed ? "fixed " : "", file->fix_report);
  }
  if (opt->fix == CHECK_FIX_WRITE && opt->progress)
    fprintf(stderr, "pylore: %zu files fixed\n", fixed_files);
  for (size_t i = 0; opt->fix != CHECK_FIX_DIFF && i < job.count; i++) {
    S_file *file = &job.files[i];
    if (file->io_error) status = 2;
    for (size_t j = 0; j < file->count; j++) {
      S_finding *f = &file->items[j];
      if ((f->severity == KB_SEV_ERROR || f->severity == KB_SEV_WARNING) && status == 0)
        status = 1;
      if (opt->format == CHECK_TEXT || opt->format == CHECK_CONCISE) {
        fprintf(out, "%s:%u:%u: %s: %s [%s]\n", file->path, f->line, f->col,
                kb_severity_name(f->severity), S_message(k, f, opt->lang), S_id(k, f));
        if (opt->format == CHECK_TEXT) S_print_snippet(f, out);
      } else if (array) {
        json_array_append_new(array, json_pack("{s:o,s:o,s:s,s:s,s:o}", "path",
                                               S_json_text(file->path), "range", S_range_json(f),
                                               "severity", kb_severity_name(f->severity), "id",
                                               S_id(k, f), "message",
                                               S_json_text(S_message(k, f, opt->lang))));
      }
    }
  }
  if (array) {
    json_dumpf(array, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(array);
  } else if (opt->format == CHECK_SARIF && opt->fix != CHECK_FIX_DIFF) {
    S_print_sarif(k, &job, out);
  }
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
