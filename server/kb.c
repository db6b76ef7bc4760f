#include "kb.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "hintlabel.h"
#include "kb_builtin.h"
#include "kb_internal.h"
#include "kb_text.h"
#include "xalloc.h"

/* ---- notes ---- */

void kb_note_free(kb_note *n) {
  if (!n) return;
  free(n->id);
  for (size_t i = 0; i < n->see_count; i++) free(n->see[i]);
  free(n->see);
  free(n->query_path);
  free(n->query_src);
  for (int l = 0; l < KB_LANG_COUNT; l++) kb_text_free(n->text[l]);
  free(n);
}

/* How deeply ( and [ nest in a query, outside strings and comments. tree-sitter's query
 * parser (and sexp_pattern_roots) recurse once per level: a note from a folder a
 * client names must not be able to overflow the stack. */
static int S_query_depth(const char *q) {
  int depth = 0, max = 0;
  for (const char *p = q; *p; p++) {
    if (*p == ';') {
      while (p[1] && p[1] != '\n') p++;
    } else if (*p == '"') {
      while (p[1] && p[1] != '"') p += (p[1] == '\\' && p[2]) ? 2 : 1;
      if (p[1]) p++;
    } else if (*p == '(' || *p == '[') {
      if (++depth > max) max = depth;
    } else if ((*p == ')' || *p == ']') && depth > 0) {
      depth--;
    }
  }
  return max;
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
  if (scm && S_query_depth(scm) > KB_MAX_QUERY_DEPTH) {
    kb_problems_add(pr, "%s: brackets nest more than %d levels deep", scm_path,
                    KB_MAX_QUERY_DEPTH);
    return -1;
  }
  kb_note *n = xcalloc(1, sizeof *n);
  n->id = xstrdup(id);
  n->query_path = scm_path ? xstrdup(scm_path) : NULL;
  n->query_src = scm ? xstrdup(scm) : NULL;
  n->has_hint_capture = scm && strstr(scm, "@hint") != NULL;
  kb_front f = {0};
  n->text[KB_EN] = kb_text_parse(en_path, en_md, &f, pr);
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
      if (kb_text_severity(f.severity, &n->severity) != 0) {
        kb_problems_add(pr, "%s: a pitfall needs `severity: error|warning|information|hint`",
                        en_path);
        rc = -1;
      }
    } else if (strcmp(f.kind, "syntax") == 0) {
      /* Reported by the syntax checks (syntax.c) under the note's id, always as errors. */
      n->kind = KB_SYNTAX;
      n->severity = KB_SEV_ERROR;
      if (f.severity) {
        kb_problems_add(pr, "%s: a syntax note is always an error: no `severity`", en_path);
        rc = -1;
      }
    } else {
      kb_problems_add(pr, "%s: `kind` must be explanation, pitfall or syntax, not `%s`", en_path,
                      f.kind);
      rc = -1;
    }
  }
  if (rc == 0 && !scm && n->kind != KB_SYNTAX) {
    kb_problems_add(pr, "%s: missing (every note needs a query)", scm_path);
    rc = -1;
  }
  if (rc == 0) n->fix = n->text[KB_EN]->fix;
  if (rc == 0) rc = kb_text_split_see(n, f.see, en_path, pr);
  char *en_see = f.see ? xstrdup(f.see) : NULL;
  kb_text_front_clear(&f);
  memset(&f, 0, sizeof f);
  if (rc == 0 && zh_md) {
    n->text[KB_ZH] = kb_text_parse(zh_path, zh_md, &f, pr);
    if (!n->text[KB_ZH]) {
      rc = -1;
    } else {
      kb_severity zsev = KB_SEV_NONE;
      if (strcmp(f.kind, kb_kind_name(n->kind)) != 0) {
        kb_problems_add(pr, "%s: kind `%s` differs from en.md", zh_path, f.kind);
        rc = -1;
      } else if (n->kind == KB_PITFALL
                     ? kb_text_severity(f.severity, &zsev) != 0 || zsev != n->severity
                     : f.severity != NULL) {
        /* en.md of an explanation has no severity (checked above), so zh.md must not either. */
        kb_problems_add(pr, "%s: severity differs from en.md", zh_path);
        rc = -1;
      } else if ((f.see == NULL) != (en_see == NULL) ||
                 (f.see && en_see && strcmp(f.see, en_see) != 0)) {
        kb_problems_add(pr, "%s: `see` differs from en.md", zh_path);
        rc = -1;
      } else if (n->text[KB_ZH]->fix != n->text[KB_EN]->fix) {
        kb_problems_add(pr, "%s: `fix` differs from en.md (present, safe or unsafe)", zh_path);
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
  kb_text_front_clear(&f);
  /* Compiling a query costs milliseconds (tree-sitter analyses the whole grammar for each
   * one), so a note's query is compiled only as part of the combined query in kb_compile,
   * and alone only when that fails, to say which note is at fault. */
  if (rc == 0 && scm && n->kind == KB_SYNTAX) {
    kb_problems_add(pr, "%s: a syntax note has no query (the syntax checks find it)", scm_path);
    rc = -1;
  } else if (rc == 0 && scm && !strstr(scm, "@construct")) {
    kb_problems_add(pr, "%s: the query has no @construct capture", scm_path);
    rc = -1;
  }
  if (rc != 0) {
    kb_note_free(n);
    return -1;
  }
  /* Same id: the later folder wins (a team's note replaces the built-in one). */
  long at = kb_find(k, id);
  if (at >= 0) {
    kb_note_free(k->notes[at]);
    k->notes[at] = n;
  } else {
    if (k->count == k->cap) {
      k->cap = k->cap ? k->cap * 2 : 64;
      k->notes = xreallocarray(k->notes, k->cap, sizeof *k->notes);
    }
    k->notes[k->count++] = n;
  }
  for (int i = 0; i < 2; i++) kb_combined_clear(&k->combined[i]);
  kb_hint_view_clear(k);
  return 0;
}

kb *kb_new(void) {
  kb *k = xcalloc(1, sizeof *k);
  for (int i = 0; i < 2; i++) kb_combined_clear(&k->combined[i]);
  return k;
}

void kb_free(kb *k) {
  if (!k) return;
  kb_hint_view_clear(k);
  for (size_t i = 0; i < k->count; i++) kb_note_free(k->notes[i]);
  free(k->notes);
  for (int i = 0; i < 2; i++) kb_combined_clear(&k->combined[i]);
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

int kb_load_builtin_if(kb *k, bool (*keep)(const char *id, const void *arg), const void *arg,
                       kb_problems *pr) {
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
    i = j;
    if (keep && !keep(id, arg)) continue;
    snprintf(p_en, sizeof p_en, "<built-in>/%s/en.md", id);
    snprintf(p_zh, sizeof p_zh, "<built-in>/%s/zh.md", id);
    snprintf(p_scm, sizeof p_scm, "<built-in>/%s/match.scm", id);
    if (kb_load_note(k, id, p_scm, scm, p_en, en, p_zh, zh, pr) != 0) rejected++;
  }
  return rejected;
}

int kb_load_builtin(kb *k, kb_problems *pr) { return kb_load_builtin_if(k, NULL, NULL, pr); }

/* A note file is never this large; a larger one is not a note. */
#define S_MAX_NOTE_FILE ((size_t)16 << 20)

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int kb_load_note_dir(kb *k, const char *dir, const char *id, kb_problems *pr) {
  size_t n = strlen(dir) + 16;
  char *p_en = xmalloc(n), *p_zh = xmalloc(n), *p_scm = xmalloc(n);
  snprintf(p_en, n, "%s/en.md", dir);
  snprintf(p_zh, n, "%s/zh.md", dir);
  snprintf(p_scm, n, "%s/match.scm", dir);
  char *en = fio_read(p_en, NULL, S_MAX_NOTE_FILE);
  char *zh = fio_read(p_zh, NULL, S_MAX_NOTE_FILE);
  char *scm = fio_read(p_scm, NULL, S_MAX_NOTE_FILE);
  int rc = kb_load_note(k, id, p_scm, scm, p_en, en, p_zh, zh, pr);
  free(en);
  free(zh);
  free(scm);
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
    names = xreallocarray(names, count + 1, sizeof *names);
    names[count++] = xstrdup(e->d_name);
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
  char *copy = xstrdup(list), *save = NULL;
  int rejected = 0;
  for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
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
