#include "kb.h"

#include <cmark.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc.h"
#include "fileio.h"
#include "hintlabel.h"
#include "kb_builtin.h"
#include "pattern.h"
#include "predicate.h"
#include "render.h"

/* The combined query of one kind of note. */
typedef struct {
  TSQuery *query;
  pred_set *preds;
  uint32_t *pattern_note; /* pattern index → note index */
  pat_shape *shape;       /* pattern index → where @construct sits below the root */
  bool *shape_known;
  uint32_t pattern_count;
  uint32_t construct_capture;
  uint32_t hint_capture;
  uint8_t hint_alt[KB_MAX_CAPTURES]; /* capture index → 1 for @hint, 2 for @hint.2, …; 0 */
  bool module_rooted; /* some pattern starts at `module` */
  char **roots;       /* sorted node types at which patterns start */
  size_t root_count;
  bool any_root;      /* some pattern may start anywhere (wildcard, sibling sequence, …) */
} kb_combined;

struct kb {
  kb_note **notes;
  size_t count, cap;
  kb_combined combined[2];
};

/* ---- small utilities ---- */

static char *S_strndup(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static char *S_strdup(const char *s) { return s ? S_strndup(s, strlen(s)) : NULL; }

void kb_problems_add(kb_problems *p, const char *fmt, ...) {
  if (!p) return;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (p->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 8;
    char **grown = realloc(p->items, cap * sizeof *grown);
    if (!grown) return;
    p->items = grown;
    p->cap = cap;
  }
  char *copy = S_strdup(buf);
  if (copy) p->items[p->count++] = copy;
}

void kb_problems_clear(kb_problems *p) {
  if (!p) return;
  for (size_t i = 0; i < p->count; i++) free(p->items[i]);
  free(p->items);
  p->items = NULL;
  p->count = p->cap = 0;
}

int kb_id_valid(const char *id) {
  if (!id || !*id || *id == '-') return 0;
  for (const char *c = id; *c; c++) {
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-')) return 0;
    if (*c == '-' && (c[1] == '-' || c[1] == '\0')) return 0;
  }
  return 1;
}

kb_lang kb_lang_from_locale(const char *locale) {
  if (!locale) return KB_EN;
  if ((locale[0] == 'z' || locale[0] == 'Z') && (locale[1] == 'h' || locale[1] == 'H') &&
      (locale[2] == '\0' || locale[2] == '-' || locale[2] == '_' || locale[2] == '.'))
    return KB_ZH;
  return KB_EN;
}

const char *kb_kind_name(kb_kind kind) { return kind == KB_PITFALL ? "pitfall" : "explanation"; }

const char *kb_severity_name(kb_severity sev) {
  switch (sev) {
  case KB_SEV_ERROR: return "error";
  case KB_SEV_WARNING: return "warning";
  case KB_SEV_INFORMATION: return "information";
  case KB_SEV_HINT: return "hint";
  default: return "none";
  }
}

/* ---- notes ---- */

static void S_text_free(kb_text *t) {
  if (!t) return;
  free(t->path);
  free(t->title);
  free(t->hint);
  free(t->summary_md);
  free(t->summary_text);
  free(t->body_md);
  for (size_t i = 0; i < t->example_count; i++) free(t->examples[i].code);
  free(t->examples);
  free(t);
}

static void S_note_free(kb_note *n) {
  if (!n) return;
  free(n->id);
  for (size_t i = 0; i < n->see_count; i++) free(n->see[i]);
  free(n->see);
  free(n->query_path);
  free(n->query_src);
  for (int l = 0; l < KB_LANG_COUNT; l++) S_text_free(n->text[l]);
  free(n);
}

/* What the front matter of one language file says; strings owned here until moved. */
typedef struct {
  char *title, *kind, *severity, *hint, *see;
} S_front;

static void S_front_clear(S_front *f) {
  free(f->title);
  free(f->kind);
  free(f->severity);
  free(f->hint);
  free(f->see);
}

static char *S_trim(const char *a, const char *b) {
  while (a < b && isspace((unsigned char)*a)) a++;
  while (b > a && isspace((unsigned char)b[-1])) b--;
  return S_strndup(a, (size_t)(b - a));
}

/* Splits "---\nkey: value\n---\n" off the start of md. Returns the offset of the body, or -1
 * with a problem. */
static long S_parse_front(const char *path, const char *md, S_front *f, kb_problems *pr) {
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
static kb_text *S_parse_text(const char *path, const char *md, S_front *f, kb_problems *pr) {
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
  kb_text *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->path = S_strdup(path);
  t->title = f->title;
  f->title = NULL;
  char why[200];
  if (f->hint && hintlabel_check(f->hint, why, sizeof why) != 0) {
    kb_problems_add(pr, "%s: %s", path, why);
    return NULL;
  }
  if (f->hint && *f->hint) {
    t->hint = f->hint;
    f->hint = NULL;
  }
  const char *body = md + body_at;
  t->body_md = S_strdup(body);
  cmark_node *root = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT);
  if (!root) {
    S_text_free(t);
    return NULL;
  }
  int ok = 1;
  bool pitfall = strcmp(f->kind, "pitfall") == 0;
  for (cmark_node *n = cmark_node_first_child(root); n && ok; n = cmark_node_next(n)) {
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_PARAGRAPH && !t->summary_md) {
      t->summary_md = render_node_markdown(n);
      t->summary_text = render_node_text(n);
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
        kb_problems_add(pr, "%s: a pitfall's python examples must be marked `bad` or `good`", path);
        ok = 0;
        break;
      }
      if (!pitfall && (mark == KB_EX_BAD || mark == KB_EX_GOOD)) {
        kb_problems_add(pr, "%s: an explanation's examples are `python` or `python nomatch`", path);
        ok = 0;
        break;
      }
      kb_example *grown = realloc(t->examples, (t->example_count + 1) * sizeof *grown);
      if (!grown) {
        ok = 0;
        break;
      }
      t->examples = grown;
      t->examples[t->example_count].mark = mark;
      t->examples[t->example_count].code = S_strdup(cmark_node_get_literal(n));
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
    S_text_free(t);
    return NULL;
  }
  return t;
}

static int S_split_see(kb_note *n, const char *see, const char *path, kb_problems *pr) {
  if (!see) return 0;
  const char *p = see;
  while (*p) {
    while (*p == ',' || *p == ' ' || *p == '\t') p++;
    size_t len = strcspn(p, ", \t");
    if (len == 0) break;
    char *id = S_strndup(p, len);
    if (!id) return -1;
    if (!kb_id_valid(id)) {
      kb_problems_add(pr, "%s: `see` names `%s`, which is not a note id (kebab-case)", path, id);
      free(id);
      return -1;
    }
    char **grown = realloc(n->see, (n->see_count + 1) * sizeof *grown);
    if (!grown) {
      free(id);
      return -1;
    }
    n->see = grown;
    n->see[n->see_count++] = id;
    p += len;
  }
  return 0;
}

static int S_parse_severity(const char *s, kb_severity *out) {
  static const char *const names[] = {"", "error", "warning", "information", "hint"};
  for (int i = 1; i <= 4; i++) {
    if (s && strcmp(s, names[i]) == 0) {
      *out = (kb_severity)i;
      return 0;
    }
  }
  return -1;
}

/* Compiles a query alone, to report its own errors with its own offsets. */
static int S_check_query(const char *path, const char *src, kb_problems *pr) {
  uint32_t offset = 0;
  TSQueryError type = TSQueryErrorNone;
  TSQuery *q = ts_query_new(doc_language(), src, (uint32_t)strlen(src), &offset, &type);
  if (!q) {
    static const char *const names[] = {"none", "syntax", "node type", "field", "capture",
                                        "structure", "language"};
    const char *what = (unsigned)type < sizeof names / sizeof names[0] ? names[type] : "unknown";
    /* Offsets are bytes; a line:column helps a person find them too. */
    int line = 1, col = 1;
    for (uint32_t i = 0; i < offset && src[i]; i++) {
      if (src[i] == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    kb_problems_add(pr, "%s: query error (%s) at byte %u (line %d, column %d)", path, what, offset,
                    line, col);
    return -1;
  }
  int rc = 0;
  uint32_t cap_count = ts_query_capture_count(q), have_construct = 0;
  for (uint32_t i = 0; i < cap_count; i++) {
    uint32_t len;
    const char *name = ts_query_capture_name_for_id(q, i, &len);
    if (len == 9 && strncmp(name, "construct", 9) == 0) have_construct = 1;
  }
  if (ts_query_pattern_count(q) == 0) {
    kb_problems_add(pr, "%s: the query has no pattern", path);
    rc = -1;
  } else if (!have_construct) {
    kb_problems_add(pr, "%s: the query has no @construct capture", path);
    rc = -1;
  }
  char err[256] = "";
  uint32_t bad = 0;
  pred_set *ps = rc == 0 ? pred_set_new(q, doc_language(), err, sizeof err, &bad) : NULL;
  if (rc == 0 && !ps) {
    kb_problems_add(pr, "%s: pattern at byte %u: %s", path, ts_query_start_byte_for_pattern(q, bad),
                    err);
    rc = -1;
  }
  pred_set_free(ps);
  ts_query_delete(q);
  return rc;
}

/* ---- pattern roots ----
 * The node types a pattern can start at, read off its text. A hover runs the query only from
 * the ancestors of the position that have such a type (see analysis.c); when a pattern's
 * root cannot be told (a wildcard, a top-level sequence of siblings), any node can be one. */

static const char *S_skip_space(const char *t) {
  for (;;) {
    while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') t++;
    if (*t != ';') return t;
    while (*t && *t != '\n') t++;
  }
}

/* Skips one balanced (...) or [...] group or "string" starting at t. */
static const char *S_skip_group(const char *t) {
  int depth = 0;
  do {
    if (*t == '"') {
      for (t++; *t && *t != '"'; t++)
        if (*t == '\\' && t[1]) t++;
    } else if (*t == ';') {
      while (*t && *t != '\n') t++;
      continue;
    } else if (*t == '(' || *t == '[') {
      depth++;
    } else if (*t == ')' || *t == ']') {
      depth--;
    }
    if (*t) t++;
  } while (*t && depth > 0);
  return t;
}

static int S_add_root(kb_combined *c, const char *name, size_t len) {
  for (size_t i = 0; i < c->root_count; i++) {
    if (strlen(c->roots[i]) == len && strncmp(c->roots[i], name, len) == 0) return 0;
  }
  char **grown = realloc(c->roots, (c->root_count + 1) * sizeof *grown);
  if (!grown) return -1;
  c->roots = grown;
  c->roots[c->root_count] = S_strndup(name, len);
  return c->roots[c->root_count] ? (int)(c->root_count++, 0) : -1;
}

/* Records the root(s) of the node pattern at t; returns false when it cannot tell. */
static bool S_node_roots(kb_combined *c, const char *t) {
  t = S_skip_space(t);
  if (*t == '"') {
    const char *e = t + 1;
    while (*e && *e != '"') e += (*e == '\\' && e[1]) ? 2 : 1;
    return S_add_root(c, t + 1, (size_t)(e - t - 1)) == 0;
  }
  if (*t == '[') {
    for (t = S_skip_space(t + 1); *t && *t != ']'; t = S_skip_space(t)) {
      if (*t != '(' && *t != '"' && *t != '[') return false;
      if (!S_node_roots(c, t)) return false;
      t = S_skip_group(t);
      /* captures and quantifiers after an alternative */
      for (t = S_skip_space(t); *t == '@' || *t == '?' || *t == '*' || *t == '+';
           t = S_skip_space(t)) {
        t++;
        while (*t && *t != ' ' && *t != '\n' && *t != ')' && *t != ']' && *t != '(' && *t != '[')
          t++;
      }
    }
    return *t == ']';
  }
  if (*t != '(') return false;
  const char *inner = S_skip_space(t + 1);
  if (*inner == '(' || *inner == '[' || *inner == '"') {
    /* A grouping: rooted only if it holds one node (then captures and predicates). */
    if (!S_node_roots(c, inner)) return false;
    const char *after = S_skip_space(S_skip_group(inner));
    while (*after == '@' || *after == '?' || *after == '*' || *after == '+') {
      after++;
      while (*after && *after != ' ' && *after != '\n' && *after != ')' && *after != '(') after++;
      after = S_skip_space(after);
    }
    /* Only predicates may follow; another node would make a sequence of siblings. */
    while (*after == '(' && *S_skip_space(after + 1) == '#') after = S_skip_space(S_skip_group(after));
    return *after == ')';
  }
  size_t n = 0;
  while (inner[n] && (inner[n] == '_' || inner[n] == '.' || (inner[n] >= 'a' && inner[n] <= 'z') ||
                      (inner[n] >= 'A' && inner[n] <= 'Z') || (inner[n] >= '0' && inner[n] <= '9')))
    n++;
  if (n == 0 || (n == 1 && inner[0] == '_')) return false;
  return S_add_root(c, inner, n) == 0;
}

static int S_cmp_root(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void S_combined_clear(kb_combined *c) {
  for (size_t i = 0; i < c->root_count; i++) free(c->roots[i]);
  free(c->roots);
  pred_set_free(c->preds);
  if (c->query) ts_query_delete(c->query);
  free(c->pattern_note);
  free(c->shape);
  free(c->shape_known);
  memset(c, 0, sizeof *c);
  c->construct_capture = c->hint_capture = UINT32_MAX;
}

int kb_load_note(kb *k, const char *id, const char *scm_path, const char *scm,
                 const char *en_path, const char *en_md, const char *zh_path, const char *zh_md,
                 kb_problems *pr) {
  if (!kb_id_valid(id)) {
    kb_problems_add(pr, "%s: `%s` is not a valid note id (kebab-case: a-z, 0-9, -)", en_path, id);
    return -1;
  }
  if (!en_md) {
    kb_problems_add(pr, "%s: missing (every note needs en.md)", en_path);
    return -1;
  }
  if (!scm) {
    kb_problems_add(pr, "%s: missing (every note needs a query)", scm_path);
    return -1;
  }
  kb_note *n = calloc(1, sizeof *n);
  if (!n) return -1;
  n->id = S_strdup(id);
  n->query_path = S_strdup(scm_path);
  n->query_src = S_strdup(scm);
  n->has_hint_capture = strstr(scm, "@hint") != NULL;
  S_front f = {0};
  n->text[KB_EN] = S_parse_text(en_path, en_md, &f, pr);
  int rc = n->text[KB_EN] ? 0 : -1;
  if (rc == 0) {
    if (strcmp(f.kind, "explanation") == 0) {
      n->kind = KB_EXPLANATION;
      if (f.severity) {
        kb_problems_add(pr, "%s: `severity` is only for pitfalls", en_path);
        rc = -1;
      }
    } else if (strcmp(f.kind, "pitfall") == 0) {
      n->kind = KB_PITFALL;
      if (S_parse_severity(f.severity, &n->severity) != 0) {
        kb_problems_add(pr, "%s: a pitfall needs `severity: error|warning|information|hint`",
                        en_path);
        rc = -1;
      }
    } else {
      kb_problems_add(pr, "%s: `kind` must be explanation or pitfall, not `%s`", en_path, f.kind);
      rc = -1;
    }
  }
  if (rc == 0) rc = S_split_see(n, f.see, en_path, pr);
  char *en_see = f.see ? S_strdup(f.see) : NULL;
  S_front_clear(&f);
  memset(&f, 0, sizeof f);
  if (rc == 0 && zh_md) {
    n->text[KB_ZH] = S_parse_text(zh_path, zh_md, &f, pr);
    if (!n->text[KB_ZH]) {
      rc = -1;
    } else {
      kb_severity zsev = KB_SEV_NONE;
      if (strcmp(f.kind, kb_kind_name(n->kind)) != 0) {
        kb_problems_add(pr, "%s: kind `%s` differs from en.md", zh_path, f.kind);
        rc = -1;
      } else if (n->kind == KB_PITFALL
                     ? S_parse_severity(f.severity, &zsev) != 0 || zsev != n->severity
                     : f.severity != NULL) {
        /* en.md of an explanation has no severity (checked above), so zh.md must not either. */
        kb_problems_add(pr, "%s: severity differs from en.md", zh_path);
        rc = -1;
      } else if ((f.see == NULL) != (en_see == NULL) ||
                 (f.see && en_see && strcmp(f.see, en_see) != 0)) {
        kb_problems_add(pr, "%s: `see` differs from en.md", zh_path);
        rc = -1;
      } else if ((n->text[KB_ZH]->hint == NULL) != (n->text[KB_EN]->hint == NULL)) {
        kb_problems_add(pr, "%s: `hint` is present in only one of en.md and zh.md", zh_path);
        rc = -1;
      } else if (hintlabel_alternatives(n->text[KB_ZH]->hint) !=
                 hintlabel_alternatives(n->text[KB_EN]->hint)) {
        kb_problems_add(pr, "%s: `hint` has not as many ` | ` alternatives as in en.md", zh_path);
        rc = -1;
      }
    }
  }
  free(en_see);
  S_front_clear(&f);
  /* Compiling a query costs milliseconds (tree-sitter analyses the whole grammar for each
   * one), so a note's query is compiled only as part of the combined query in kb_compile,
   * and alone only when that fails, to say which note is at fault. */
  if (rc == 0 && !strstr(scm, "@construct")) {
    kb_problems_add(pr, "%s: the query has no @construct capture", scm_path);
    rc = -1;
  }
  if (rc != 0) {
    S_note_free(n);
    return -1;
  }
  /* Same id: the later folder wins (a team's note replaces the built-in one). */
  long at = kb_find(k, id);
  if (at >= 0) {
    S_note_free(k->notes[at]);
    k->notes[at] = n;
  } else {
    if (k->count == k->cap) {
      size_t cap = k->cap ? k->cap * 2 : 64;
      kb_note **grown = realloc(k->notes, cap * sizeof *grown);
      if (!grown) {
        S_note_free(n);
        return -1;
      }
      k->notes = grown;
      k->cap = cap;
    }
    k->notes[k->count++] = n;
  }
  for (int i = 0; i < 2; i++) S_combined_clear(&k->combined[i]);
  return 0;
}

kb *kb_new(void) {
  kb *k = calloc(1, sizeof *k);
  if (!k) return NULL;
  for (int i = 0; i < 2; i++) S_combined_clear(&k->combined[i]);
  return k;
}

void kb_free(kb *k) {
  if (!k) return;
  for (size_t i = 0; i < k->count; i++) S_note_free(k->notes[i]);
  free(k->notes);
  for (int i = 0; i < 2; i++) S_combined_clear(&k->combined[i]);
  free(k);
}

size_t kb_count(const kb *k) { return k->count; }
const kb_note *kb_note_at(const kb *k, size_t i) { return i < k->count ? k->notes[i] : NULL; }

long kb_find(const kb *k, const char *id) {
  for (size_t i = 0; i < k->count; i++) {
    if (strcmp(k->notes[i]->id, id) == 0) return (long)i;
  }
  return -1;
}

const kb_text *kb_note_text(const kb_note *n, kb_lang lang) {
  if ((unsigned)lang < KB_LANG_COUNT && n->text[lang]) return n->text[lang];
  return n->text[KB_EN];
}

int kb_load_builtin(kb *k, kb_problems *pr) {
  int rejected = 0;
  for (size_t i = 0; i < kb_builtin_count;) {
    const char *path = kb_builtin_files[i].path;
    const char *slash = strchr(path, '/');
    size_t idlen = slash ? (size_t)(slash - path) : strlen(path);
    const char *en = NULL, *zh = NULL, *scm = NULL;
    size_t j = i;
    for (; j < kb_builtin_count && strncmp(kb_builtin_files[j].path, path, idlen) == 0 &&
           kb_builtin_files[j].path[idlen] == '/';
         j++) {
      const char *file = kb_builtin_files[j].path + idlen + 1;
      if (strcmp(file, "en.md") == 0) en = kb_builtin_files[j].data;
      else if (strcmp(file, "zh.md") == 0) zh = kb_builtin_files[j].data;
      else if (strcmp(file, "match.scm") == 0) scm = kb_builtin_files[j].data;
    }
    if (j == i) j = i + 1;
    char id[128], p_en[192], p_zh[192], p_scm[192];
    snprintf(id, sizeof id, "%.*s", (int)idlen, path);
    snprintf(p_en, sizeof p_en, "<built-in>/%s/en.md", id);
    snprintf(p_zh, sizeof p_zh, "<built-in>/%s/zh.md", id);
    snprintf(p_scm, sizeof p_scm, "<built-in>/%s/match.scm", id);
    if (kb_load_note(k, id, p_scm, scm, p_en, en, p_zh, zh, pr) != 0) rejected++;
    i = j;
  }
  return rejected;
}

/* A note file is never this large; a larger one is not a note. */
#define S_MAX_NOTE_FILE ((size_t)16 << 20)

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int kb_load_note_dir(kb *k, const char *dir, const char *id, kb_problems *pr) {
  size_t n = strlen(dir) + 16;
  char *p_en = malloc(n), *p_zh = malloc(n), *p_scm = malloc(n);
  int rc = -1;
  if (p_en && p_zh && p_scm) {
    snprintf(p_en, n, "%s/en.md", dir);
    snprintf(p_zh, n, "%s/zh.md", dir);
    snprintf(p_scm, n, "%s/match.scm", dir);
    char *en = fio_read(p_en, NULL, S_MAX_NOTE_FILE);
    char *zh = fio_read(p_zh, NULL, S_MAX_NOTE_FILE);
    char *scm = fio_read(p_scm, NULL, S_MAX_NOTE_FILE);
    rc = kb_load_note(k, id, p_scm, scm, p_en, en, p_zh, zh, pr);
    free(en);
    free(zh);
    free(scm);
  }
  free(p_en);
  free(p_zh);
  free(p_scm);
  return rc;
}

int kb_load_dir(kb *k, const char *dir, kb_problems *pr) {
  DIR *d = opendir(dir);
  if (!d) {
    kb_problems_add(pr, "%s: cannot read notes folder: %s", dir, strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t count = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    char **grown = realloc(names, (count + 1) * sizeof *grown);
    if (!grown) break;
    names = grown;
    names[count++] = S_strdup(e->d_name);
  }
  closedir(d);
  /* Sorted, so that loading order (and so problem order) does not depend on the file system. */
  if (count) qsort(names, count, sizeof *names, S_cmp_str);
  int rejected = 0;
  for (size_t i = 0; i < count; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (kb_load_note_dir(k, path, names[i], pr) != 0) rejected++;
    free(names[i]);
  }
  free(names);
  return rejected;
}

int kb_load_path_list(kb *k, const char *list, kb_problems *pr) {
  if (!list || !*list) return 0;
  char *copy = S_strdup(list), *save = NULL;
  int rejected = 0;
  for (char *dir = copy ? strtok_r(copy, ":", &save) : NULL; dir; dir = strtok_r(NULL, ":", &save)) {
    int r = kb_load_dir(k, dir, pr);
    rejected += r > 0 ? r : 0;
  }
  free(copy);
  return rejected;
}

int kb_check_links(const kb *k, kb_problems *pr) {
  int bad = 0;
  for (size_t i = 0; i < k->count; i++) {
    const kb_note *n = k->notes[i];
    for (size_t j = 0; j < n->see_count; j++) {
      if (kb_find(k, n->see[j]) >= 0) continue;
      kb_problems_add(pr, "%s: `see` names `%s`, which is not a loaded note",
                      n->text[KB_EN]->path, n->see[j]);
      bad++;
    }
  }
  return bad;
}

static int S_build_combined(kb *k, kb_kind kind, kb_combined *c, kb_problems *pr, bool quiet) {
  S_combined_clear(c);
  size_t total = 0, n_notes = 0;
  for (size_t i = 0; i < k->count; i++) {
    if (k->notes[i]->kind != kind) continue;
    total += strlen(k->notes[i]->query_src) + 2;
    n_notes++;
  }
  if (n_notes == 0) return 0;
  char *src = malloc(total + 1);
  uint32_t *starts = malloc(n_notes * sizeof *starts);
  uint32_t *which = malloc(n_notes * sizeof *which);
  if (!src || !starts || !which) {
    free(src);
    free(starts);
    free(which);
    return -1;
  }
  size_t len = 0, j = 0;
  for (size_t i = 0; i < k->count; i++) {
    if (k->notes[i]->kind != kind) continue;
    starts[j] = (uint32_t)len;
    which[j++] = (uint32_t)i;
    size_t l = strlen(k->notes[i]->query_src);
    memcpy(src + len, k->notes[i]->query_src, l);
    len += l;
    src[len++] = '\n';
  }
  src[len] = '\0';
  uint32_t offset;
  TSQueryError type;
  c->query = ts_query_new(doc_language(), src, (uint32_t)len, &offset, &type);
  int rc = 0;
  if (!c->query) {
    /* Each note compiled alone; together they can still fail (e.g. a comment left open at the
     * end of one file). Name the note that holds the offset. */
    size_t at = 0;
    while (at + 1 < n_notes && starts[at + 1] <= offset) at++;
    if (!quiet)
      kb_problems_add(pr, "%s: the query does not combine with the others (error at byte %u)",
                      k->notes[which[at]]->query_path, offset - starts[at]);
    rc = -1;
  } else {
    c->pattern_count = ts_query_pattern_count(c->query);
    c->pattern_note = malloc((c->pattern_count ? c->pattern_count : 1) * sizeof *c->pattern_note);
    c->shape = malloc((c->pattern_count ? c->pattern_count : 1) * sizeof *c->shape);
    c->shape_known = malloc((c->pattern_count ? c->pattern_count : 1) * sizeof *c->shape_known);
    if (!c->shape || !c->shape_known) {
      free(c->pattern_note);
      c->pattern_note = NULL;
    }
    for (uint32_t p = 0; c->pattern_note && p < c->pattern_count; p++) {
      uint32_t start = ts_query_start_byte_for_pattern(c->query, p);
      c->shape_known[p] = pat_capture_shape(src + start, len - start, "construct", &c->shape[p]) == 0;
      /* A pattern's outermost node type, read off its text: "((module", "[(module" … */
      const char *t = src + start;
      while (*t == '(' || *t == '[' || *t == ' ' || *t == '\t' || *t == '\n') t++;
      if (strncmp(t, "module", 6) == 0 && (t[6] == ')' || t[6] == ' ' || t[6] == '\n'))
        c->module_rooted = true;
      if (!c->any_root && !S_node_roots(c, src + start)) c->any_root = true;
      size_t at = 0;
      while (at + 1 < n_notes && starts[at + 1] <= start) at++;
      c->pattern_note[p] = which[at];
    }
    if (c->root_count) qsort(c->roots, c->root_count, sizeof *c->roots, S_cmp_root);
    char err[256];
    uint32_t bad = 0;
    c->preds = pred_set_new(c->query, doc_language(), err, sizeof err, &bad);
    if (!c->preds || !c->pattern_note) {
      if (!quiet) kb_problems_add(pr, "combined %s query: %s", kb_kind_name(kind), err);
      rc = -1;
    }
    for (uint32_t i = 0; i < ts_query_capture_count(c->query); i++) {
      uint32_t l;
      const char *name = ts_query_capture_name_for_id(c->query, i, &l);
      if (l == 9 && strncmp(name, "construct", 9) == 0) c->construct_capture = i;
      if (l == 4 && strncmp(name, "hint", 4) == 0) c->hint_capture = i;
      if (i < KB_MAX_CAPTURES && l == 4 && strncmp(name, "hint", 4) == 0) c->hint_alt[i] = 1;
      if (i < KB_MAX_CAPTURES && l == 6 && strncmp(name, "hint.", 5) == 0 && name[5] >= '2' &&
          name[5] <= '9')
        c->hint_alt[i] = (uint8_t)(name[5] - '0');
    }
  }
  free(src);
  free(starts);
  free(which);
  if (rc != 0) S_combined_clear(c);
  return rc;
}

/* Drops the notes of `kind` whose query fails on its own, reporting why. Returns how many. */
static size_t S_drop_broken(kb *k, kb_kind kind, kb_problems *pr) {
  size_t w = 0, dropped = 0;
  for (size_t r = 0; r < k->count; r++) {
    kb_note *n = k->notes[r];
    if (n->kind == kind && S_check_query(n->query_path, n->query_src, pr) != 0) {
      S_note_free(n);
      dropped++;
    } else {
      k->notes[w++] = n;
    }
  }
  k->count = w;
  return dropped;
}

typedef struct {
  kb *k;
  int rc;
} S_build_job;

static void *S_build_explanations(void *arg) {
  S_build_job *job = arg;
  job->rc = S_build_combined(job->k, KB_EXPLANATION, &job->k->combined[KB_EXPLANATION], NULL,
                             true);
  return NULL;
}

int kb_compile_kinds(kb *k, bool explanations, bool pitfalls, kb_problems *pr) {
  int rc = 0;
  bool want[2] = {explanations, pitfalls};
  if (explanations && pitfalls) {
    /* tree-sitter spends tens of milliseconds analysing each combined query; the two kinds
     * are independent, so they are built side by side. Quiet builds write no problems, and
     * a failure is redone below, one kind at a time, to report it. */
    S_build_job job = {k, -1};
    pthread_t tid;
    bool threaded = pthread_create(&tid, NULL, S_build_explanations, &job) == 0;
    S_build_combined(k, KB_PITFALL, &k->combined[KB_PITFALL], NULL, true);
    if (threaded) pthread_join(tid, NULL);
  }
  for (int kind = 0; kind < 2; kind++) {
    if (!want[kind]) continue;
    kb_combined *c = &k->combined[kind];
    if (c->query && c->preds) continue;
    if (S_build_combined(k, (kb_kind)kind, c, pr, true) == 0) continue;
    /* Dropping notes renumbers the others: the other kind's table must be rebuilt too. */
    if (S_drop_broken(k, (kb_kind)kind, pr) > 0) {
      kind = -1;
      for (int i = 0; i < 2; i++) S_combined_clear(&k->combined[i]);
      continue;
    }
    if (S_build_combined(k, (kb_kind)kind, c, pr, false) != 0) rc = -1;
  }
  return rc;
}

int kb_compile(kb *k, kb_problems *pr) { return kb_compile_kinds(k, true, true, pr); }

const TSQuery *kb_query(const kb *k, kb_kind kind) { return k->combined[kind].query; }
uint32_t kb_pattern_note(const kb *k, kb_kind kind, uint32_t p) {
  const kb_combined *c = &k->combined[kind];
  return p < c->pattern_count ? c->pattern_note[p] : UINT32_MAX;
}
uint32_t kb_construct_capture(const kb *k, kb_kind kind) {
  return k->combined[kind].construct_capture;
}
uint32_t kb_hint_capture(const kb *k, kb_kind kind) { return k->combined[kind].hint_capture; }
unsigned kb_hint_alternative(const kb *k, kb_kind kind, uint32_t capture) {
  return capture < KB_MAX_CAPTURES ? k->combined[kind].hint_alt[capture] : 0;
}
const pred_set *kb_predicates(const kb *k, kb_kind kind) { return k->combined[kind].preds; }
bool kb_module_rooted(const kb *k, kb_kind kind) { return k->combined[kind].module_rooted; }
const pat_shape *kb_pattern_shape(const kb *k, kb_kind kind, uint32_t p) {
  const kb_combined *c = &k->combined[kind];
  return p < c->pattern_count && c->shape && c->shape_known[p] ? &c->shape[p] : NULL;
}
bool kb_can_start_at(const kb *k, kb_kind kind, const char *type) {
  const kb_combined *c = &k->combined[kind];
  if (c->any_root) return true;
  if (c->root_count == 0) return false;
  return bsearch(&type, c->roots, c->root_count, sizeof *c->roots, S_cmp_root) != NULL;
}
