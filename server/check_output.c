/* `pylore check`'s output: text (path:line:col, the source line, a caret under the finding),
 * concise text, JSON, SARIF 2.1.0, unified diffs (--diff) and fix reports (--fix). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "md.h"
#include "render.h"
#include "udiff.h"
#include "xalloc.h"


static const char *S_message(const kb *k, const chk_finding *f, kb_lang lang) {
  if (f->syn_id || f->note < 0) return f->message ? f->message : "syntax error";
  return kb_note_text(kb_note_at(k, (size_t)f->note), lang)->summary_text;
}

static const char *S_id(const kb *k, const chk_finding *f) {
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
 * (json_pack fails), each invalid byte becomes U+FFFD. New reference. */
static json_t *S_json_text(const char *s) {
  json_t *v = json_string(s);
  if (v) return v;
  size_t n = strlen(s), w = 0;
  char *buf = xmalloc(n * 3 + 1);
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
static void S_print_snippet(const chk_finding *f, FILE *out) {
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
  char *buf = xmalloc(n * 3 + 1);
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
static json_t *S_range_json(const chk_finding *f) {
  return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)f->line, "column",
                   (json_int_t)f->col, "end", "line", (json_int_t)f->end_line, "column",
                   (json_int_t)f->end_col);
}

static const char *S_sarif_level(kb_severity s) {
  return s == KB_SEV_ERROR ? "error" : s == KB_SEV_WARNING ? "warning" : "note";
}

static void S_print_sarif(const kb *k, const chk_job *job, FILE *out) {
  json_t *rules = json_array();
  /* Rule index = note index; syntax errors come last. */
  for (size_t i = 0; i < kb_count(k); i++) {
    const kb_note *n = kb_note_at(k, i);
    const kb_text *t = kb_note_text(n, job->opt->lang);
    /* a rule is the note without a finding: its placeholders in generic words */
    char *body = render_generic(n, job->opt->lang, t->body_md);
    char *summary = render_generic(n, job->opt->lang, t->summary_text);
    char *help_md = md_joined(body);
    json_array_append_new(
        rules, json_pack("{s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s}}", "id", n->id,
                         "shortDescription", "text", t->title, "fullDescription", "text", summary,
                         "help", "text", summary, "markdown", help_md,
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
    const chk_file *file = &job->files[i];
    for (size_t j = 0; j < file->count; j++) {
      const chk_finding *f = &file->items[j];
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

int check__report(const kb *k, chk_job *job, int status, FILE *out) {
  const check_options *opt = job->opt;
  if (opt->fix == CHECK_FIX_DIFF) {
    size_t changed = 0;
    for (size_t i = 0; i < job->count; i++) {
      chk_file *file = &job->files[i];
      if (file->io_error) status = 2;
      if (file->fix_refused) fprintf(stderr, "pylore: %s: %s\n", file->path, file->fix_report);
      if (!file->fixed) continue;
      changed++;
      char *diff = udiff_unified(file->original, file->original_len, file->fixed,
                                 file->fixed_len, file->path, file->path);
      fputs(diff, out);
      free(diff);
    }
    if (status == 0 && changed) status = 1;
  }
  json_t *array = opt->format == CHECK_JSON ? json_array() : NULL;
  size_t fixed_files = 0;
  for (size_t i = 0; opt->fix == CHECK_FIX_WRITE && i < job->count; i++) {
    chk_file *file = &job->files[i];
    if (!file->fix_report) continue;
    fixed_files += file->fixed != NULL;
    bool text = opt->format == CHECK_TEXT || opt->format == CHECK_CONCISE;
    fprintf(file->fixed && text ? out : stderr, "%s: %s%s\n", file->path,
            file->fixed ? "fixed " : "", file->fix_report);
  }
  if (opt->fix == CHECK_FIX_WRITE && opt->progress)
    fprintf(stderr, "pylore: %zu files fixed\n", fixed_files);
  for (size_t i = 0; opt->fix != CHECK_FIX_DIFF && i < job->count; i++) {
    chk_file *file = &job->files[i];
    if (file->io_error) status = 2;
    for (size_t j = 0; j < file->count; j++) {
      chk_finding *f = &file->items[j];
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
    S_print_sarif(k, job, out);
  }
  return status;
}
