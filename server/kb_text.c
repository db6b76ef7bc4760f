#include "kb_text.h"

#include <cmark.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hintlabel.h"
#include "md.h"
#include "xalloc.h"

void kb_text_free(kb_text *t) {
  if (!t) return;
  free(t->path);
  free(t->title);
  free(t->hint);
  free(t->fix_title);
  free(t->summary_md);
  free(t->summary_text);
  free(t->body_md);
  for (size_t i = 0; i < t->example_count; i++) free(t->examples[i].code);
  free(t->examples);
  free(t);
}

void kb_text_front_clear(kb_front *f) {
  free(f->title);
  free(f->kind);
  free(f->severity);
  free(f->hint);
  free(f->see);
  free(f->fix);
}

static char *S_trim(const char *a, const char *b) {
  while (a < b && isspace((unsigned char)*a)) a++;
  while (b > a && isspace((unsigned char)b[-1])) b--;
  return xstrndup(a, (size_t)(b - a));
}

/* Splits "---\nkey: value\n---\n" off the start of md. Returns the offset of the body, or -1
 * with a problem. */
static long S_parse_front(const char *path, const char *md, kb_front *f, kb_problems *pr) {
  const char *p = md;
  if (strncmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  if (strncmp(p, "---", 3) != 0 || (p[3] != '\n' && p[3] != '\r')) {
    kb_problems_add(pr, "%s:1: missing front matter: the file must start with a `---` line", path);
    return -1;
  }
  /* "---\r" with no '\n' anywhere (old Mac line ends) has no second line to read. */
  const char *nl = strchr(p, '\n');
  if (!nl) {
    kb_problems_add(pr, "%s: front matter is not closed by a `---` line", path);
    return -1;
  }
  p = nl + 1;
  int line = 2;
  for (;; line++) {
    const char *eol = strchr(p, '\n');
    if (!eol) {
      kb_problems_add(pr, "%s: front matter is not closed by a `---` line", path);
      return -1;
    }
    const char *end = eol;
    if (end > p && end[-1] == '\r') end--;
    if (end - p == 3 && strncmp(p, "---", 3) == 0) {
      p = eol + 1;
      break;
    }
    const char *colon = memchr(p, ':', (size_t)(end - p));
    char *key = colon ? S_trim(p, colon) : NULL;
    if (!colon || !key || !*key) {
      free(key);
      char *raw = S_trim(p, end);
      if (raw && *raw) {
        kb_problems_add(pr, "%s:%d: front matter line is not `key: value`: %s", path, line, raw);
        free(raw);
        return -1;
      }
      free(raw);
      p = eol + 1;
      continue;
    }
    char *value = S_trim(colon + 1, end);
    char **slot = strcmp(key, "title") == 0      ? &f->title
                  : strcmp(key, "kind") == 0     ? &f->kind
                  : strcmp(key, "severity") == 0 ? &f->severity
                  : strcmp(key, "hint") == 0     ? &f->hint
                  : strcmp(key, "see") == 0      ? &f->see
                  : strcmp(key, "fix") == 0      ? &f->fix
                                                 : NULL;
    if (!slot) {
      kb_problems_add(pr, "%s:%d: unknown front matter key `%s`", path, line, key);
      free(key);
      free(value);
      return -1;
    }
    if (*slot) {
      kb_problems_add(pr, "%s:%d: front matter key `%s` given twice", path, line, key);
      free(key);
      free(value);
      return -1;
    }
    free(key);
    *slot = value;
    p = eol + 1;
  }
  return (long)(p - md);
}

static int S_parse_mark(const char *info, kb_example_mark *mark, int *is_python) {
  /* info strings look like "python", "python bad", "python  good" */
  *is_python = 0;
  if (!info) return 0;
  const char *p = info;
  while (*p == ' ') p++;
  if (strncmp(p, "python", 6) != 0 || (p[6] && p[6] != ' ' && p[6] != '\t')) return 0;
  *is_python = 1;
  p += 6;
  while (*p == ' ' || *p == '\t') p++;
  size_t n = strcspn(p, " \t");
  if (n == 0) *mark = KB_EX_MATCH;
  else if (n == 3 && strncmp(p, "bad", 3) == 0) *mark = KB_EX_BAD;
  else if (n == 4 && strncmp(p, "good", 4) == 0) *mark = KB_EX_GOOD;
  else if (n == 7 && strncmp(p, "nomatch", 7) == 0) *mark = KB_EX_NOMATCH;
  else return -1;
  return 0;
}

/* Parses one language file into a kb_text, checking what the note's kind requires. */
kb_text *kb_text_parse(const char *path, const char *md, kb_front *f, kb_problems *pr) {
  long body_at = S_parse_front(path, md, f, pr);
  if (body_at < 0) return NULL;
  if (!f->title || !*f->title) {
    kb_problems_add(pr, "%s: front matter has no `title`", path);
    return NULL;
  }
  if (!f->kind) {
    kb_problems_add(pr, "%s: front matter has no `kind` (explanation or pitfall)", path);
    return NULL;
  }
  kb_text *t = xcalloc(1, sizeof *t);
  t->path = xstrdup(path);
  t->title = f->title;
  f->title = NULL;
  char why[200];
  if (f->hint && hintlabel_check(f->hint, why, sizeof why) != 0) {
    kb_problems_add(pr, "%s: %s", path, why);
    kb_text_free(t);
    return NULL;
  }
  if (f->hint && *f->hint) {
    t->hint = f->hint;
    f->hint = NULL;
  }
  if (f->fix) {
    /* "safe: <title>" or "unsafe: <title>": the title is what the editor's menu shows. */
    const char *v = f->fix;
    size_t w = strncmp(v, "safe:", 5) == 0 ? 5 : strncmp(v, "unsafe:", 7) == 0 ? 7 : 0;
    if (!w || strcmp(f->kind, "explanation") == 0) {
      kb_problems_add(pr, "%s: `fix` is `safe: <title>` or `unsafe: <title>`, and not on explanations",
                      path);
      kb_text_free(t);
      return NULL;
    }
    t->fix = w == 5 ? KB_FIX_SAFE : KB_FIX_UNSAFE;
    t->fix_title = S_trim(v + w, v + strlen(v));
    if (!t->fix_title || !*t->fix_title) {
      kb_problems_add(pr, "%s: `fix` has no title after `%.*s`", path, (int)w, v);
      kb_text_free(t);
      return NULL;
    }
  }
  const char *body = md + body_at;
  t->body_md = xstrdup(body);
  /* cmark's default allocator aborts when memory is refused, as xalloc does. */
  cmark_node *root = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT);
  int ok = 1;
  bool pitfall = strcmp(f->kind, "pitfall") == 0 || strcmp(f->kind, "syntax") == 0;
  for (cmark_node *n = cmark_node_first_child(root); n && ok; n = cmark_node_next(n)) {
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_PARAGRAPH && !t->summary_md) {
      t->summary_md = md_node_markdown(n);
      t->summary_text = md_node_text(n);
    } else if (type == CMARK_NODE_CODE_BLOCK) {
      kb_example_mark mark = KB_EX_MATCH;
      int is_python;
      const char *info = cmark_node_get_fence_info(n);
      if (S_parse_mark(info, &mark, &is_python) != 0) {
        kb_problems_add(pr, "%s:%d: unknown example mark in ```%s (use bad, good or nomatch)",
                        path, cmark_node_get_start_line(n) + (int)0, info);
        ok = 0;
        break;
      }
      if (!is_python) continue;
      if (pitfall && (mark == KB_EX_MATCH || mark == KB_EX_NOMATCH)) {
        kb_problems_add(pr, "%s: a %s's python examples must be marked `bad` or `good`", path,
                        f->kind);
        ok = 0;
        break;
      }
      if (!pitfall && (mark == KB_EX_BAD || mark == KB_EX_GOOD)) {
        kb_problems_add(pr, "%s: an explanation's examples are `python` or `python nomatch`", path);
        ok = 0;
        break;
      }
      t->examples = xreallocarray(t->examples, t->example_count + 1, sizeof *t->examples);
      t->examples[t->example_count].mark = mark;
      t->examples[t->example_count].code = xstrdup(cmark_node_get_literal(n));
      t->example_count++;
    }
  }
  cmark_node_free(root);
  if (ok && !t->summary_md) {
    kb_problems_add(pr, "%s: no summary: the first paragraph after the front matter is the summary",
                    path);
    ok = 0;
  }
  if (!ok) {
    kb_text_free(t);
    return NULL;
  }
  return t;
}

int kb_text_split_see(kb_note *n, const char *see, const char *path, kb_problems *pr) {
  if (!see) return 0;
  const char *p = see;
  while (*p) {
    while (*p == ',' || *p == ' ' || *p == '\t') p++;
    size_t len = strcspn(p, ", \t");
    if (len == 0) break;
    char *id = xstrndup(p, len);
    if (!kb_id_valid(id)) {
      kb_problems_add(pr, "%s: `see` names `%s`, which is not a note id (kebab-case)", path, id);
      free(id);
      return -1;
    }
    n->see = xreallocarray(n->see, n->see_count + 1, sizeof *n->see);
    n->see[n->see_count++] = id;
    p += len;
  }
  return 0;
}

int kb_text_severity(const char *s, kb_severity *out) {
  static const char *const names[] = {"", "error", "warning", "information", "hint"};
  for (int i = 1; i <= 4; i++) {
    if (s && strcmp(s, names[i]) == 0) {
      *out = (kb_severity)i;
      return 0;
    }
  }
  return -1;
}
