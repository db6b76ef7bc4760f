#include "sig.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "kb_builtin.h"
#include "xalloc.h"

struct sig_table {
  sig_row *rows;
  size_t count, cap;
  /* The callees' last names ("makedirs" of "os.makedirs", "split" of ".split"), sorted,
   * without repeats: what sig_may_call looks in. Borrowed from the rows. */
  const char **names;
  size_t name_count, name_cap;
};

#define S_MAX_FILE ((size_t)4 << 20)
#define S_MAX_PARAMS 32

sig_table *sig_new(void) { return xcalloc(1, sizeof(sig_table)); }

static void S_row_free(sig_row *r) {
  for (size_t i = 0; i < r->count; i++) free(r->params[i]);
  free(r->params);
  free(r->shown);
  free(r->callee);
  free(r->note);
  free(r->text);
}

void sig_free(sig_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->count; i++) S_row_free(&t->rows[i]);
  free(t->rows);
  free(t->names);
  free(t);
}

size_t sig_count(const sig_table *t) { return t ? t->count : 0; }

static char *S_dup(const char *s, size_t n) {
  char *d = xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static bool S_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A Python name, or a dotted path of them; `.name` for a method when `method_ok`. */
static bool S_valid_callee(const char *s, size_t n) {
  if (n == 0) return false;
  size_t i = s[0] == '.' ? 1 : 0;
  bool need = true;
  for (; i < n; i++) {
    if (s[i] == '.') {
      if (need) return false;
      need = true;
    } else if (S_ident_char(s[i])) {
      need = false;
    } else {
      return false;
    }
  }
  return !need;
}

static const char *S_last_name(const char *callee) {
  const char *dot = strrchr(callee, '.');
  return dot ? dot + 1 : callee;
}

/* Compares a name (n bytes at s) with a NUL-terminated one, as strcmp orders them. */
static int S_cmp_name(const char *s, size_t n, const char *z) {
  size_t zn = strlen(z);
  int c = memcmp(s, z, n < zn ? n : zn);
  return c ? c : n < zn ? -1 : n > zn;
}

/* Where `name` is in t->names, or where it would go; *found tells which. */
static size_t S_name_at(const sig_table *t, const char *name, size_t n, bool *found) {
  size_t lo = 0, hi = t->name_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = S_cmp_name(name, n, t->names[mid]);
    if (c == 0) {
      *found = true;
      return mid;
    }
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  *found = false;
  return lo;
}

static void S_add_name(sig_table *t, const char *name) {
  bool found;
  size_t at = S_name_at(t, name, strlen(name), &found);
  if (found) return;
  if (t->name_count == t->name_cap) {
    t->name_cap = t->name_cap ? t->name_cap * 2 : 64;
    t->names = xreallocarray(t->names, t->name_cap, sizeof *t->names);
  }
  memmove(t->names + at + 1, t->names + at, (t->name_count - at) * sizeof *t->names);
  t->names[at] = name;
  t->name_count++;
}

bool sig_may_call(const sig_table *t, const char *name, size_t n) {
  bool found = false;
  if (t && n) S_name_at(t, name, n, &found);
  return found;
}

static void S_push(sig_table *t, sig_row *r) {
  if (t->count == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->rows = xreallocarray(t->rows, t->cap, sizeof *t->rows);
  }
  /* The names point into the callee strings, which do not move when the rows do. */
  S_add_name(t, S_last_name(r->callee));
  t->rows[t->count++] = *r;
}

/* Parses "x, (y), *, z" into r (positional parameters up to `*`). */
static const char *S_params(sig_row *r, const char *s, size_t n) {
  r->params = xcalloc(S_MAX_PARAMS, sizeof *r->params);
  r->shown = xcalloc(S_MAX_PARAMS, sizeof *r->shown);
  bool star = false;
  for (size_t i = 0; i < n;) {
    while (i < n && (s[i] == ' ' || s[i] == ',')) i++;
    if (i >= n) break;
    size_t j = i;
    while (j < n && s[j] != ',') j++;
    size_t e = j;
    while (e > i && s[e - 1] == ' ') e--;
    const char *p = s + i;
    size_t pn = e - i;
    i = j;
    if (pn == 1 && p[0] == '/') continue;
    if (pn == 1 && p[0] == '*') {
      star = true;
      continue;
    }
    if (star) continue;
    bool shown = true;
    if (pn >= 2 && p[0] == '(' && p[pn - 1] == ')') {
      shown = false;
      p++;
      pn -= 2;
    }
    for (size_t k = 0; k < pn; k++)
      if (!S_ident_char(p[k])) return "a parameter is a Python name, `(name)`, `/` or `*`";
    if (pn == 0 || (p[0] >= '0' && p[0] <= '9')) return "empty or invalid parameter name";
    if (r->count == S_MAX_PARAMS) return "too many parameters";
    r->params[r->count] = S_dup(p, pn);
    r->shown[r->count++] = shown;
  }
  if (r->count == 0) return "no positional parameter";
  return NULL;
}

int sig_load(sig_table *t, const char *path, const char *text, const char *note,
             kb_problems *pr) {
  int bad = 0;
  size_t line = 0;
  for (const char *s = text; s && *s;) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    line++;
    const char *l = s;
    s = nl ? nl + 1 : NULL;
    if (n && l[n - 1] == '\r') n--;
    size_t lead = 0;
    while (lead < n && (l[lead] == ' ' || l[lead] == '\t')) lead++;
    if (lead == n || l[lead] == '#') continue;
    const char *tab = memchr(l, '\t', n);
    if (!tab) {
      kb_problems_add(pr, "%s:%zu: a row is `callee<TAB>parameters`", path, line);
      bad++;
      continue;
    }
    const char *params = tab + 1;
    size_t pn = n - (size_t)(params - l);
    while (pn && (*params == '\t' || *params == ' ')) params++, pn--;
    /* One or more spellings of the callee, separated by spaces. */
    for (const char *c = l; c < tab;) {
      while (c < tab && *c == ' ') c++;
      const char *ce = c;
      while (ce < tab && *ce != ' ') ce++;
      if (ce == c) break;
      sig_row r = {0};
      const char *why = S_valid_callee(c, (size_t)(ce - c)) ? S_params(&r, params, pn)
                                                             : "invalid callee";
      if (!why) {
        r.callee = S_dup(c, (size_t)(ce - c));
        r.note = S_dup(note, strlen(note));
        size_t tn = (size_t)(ce - c) + pn + 3;
        r.text = xmalloc(tn);
        snprintf(r.text, tn, "%.*s(%.*s)", (int)(ce - c), c, (int)pn, params);
        S_push(t, &r);
      } else {
        kb_problems_add(pr, "%s:%zu: %s", path, line, why);
        S_row_free(&r);
        bad++;
        break;
      }
      c = ce;
    }
  }
  return bad;
}

int sig_load_builtin(sig_table *t, kb_problems *pr) {
  int bad = 0;
  for (size_t i = 0; i < kb_builtin_count; i++) {
    const char *path = kb_builtin_files[i].path;
    const char *slash = strchr(path, '/');
    if (!slash || strcmp(slash + 1, "signatures.tsv") != 0) continue;
    char note[128], where[192];
    snprintf(note, sizeof note, "%.*s", (int)(slash - path), path);
    snprintf(where, sizeof where, "<built-in>/%s", path);
    bad += sig_load(t, where, kb_builtin_files[i].data, note, pr);
  }
  return bad;
}

int sig_load_dir(sig_table *t, const char *dir, kb_problems *pr) {
  DIR *d = opendir(dir);
  if (!d) return 0; /* the notes loader reports it */
  int bad = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/signatures.tsv", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    char *text = fio_read(path, NULL, S_MAX_FILE);
    if (!text) {
      kb_problems_add(pr, "%s: cannot read", path);
      bad++;
      continue;
    }
    bad += sig_load(t, path, text, e->d_name, pr);
    free(text);
  }
  closedir(d);
  return bad;
}

const sig_row *sig_lookup(const sig_table *t, const char *callee, size_t callee_len,
                          const char *method, size_t method_len, size_t nargs) {
  if (!t || nargs == 0) return NULL;
  for (int pass = 0; pass < 2; pass++) {
    bool named = false;
    const sig_row *best = NULL;
    for (size_t i = 0; i < t->count && !best; i++) {
      const sig_row *r = &t->rows[i];
      bool hit = pass == 0 ? strlen(r->callee) == callee_len &&
                                 memcmp(r->callee, callee, callee_len) == 0
                           : method && r->callee[0] == '.' &&
                                 strlen(r->callee + 1) == method_len &&
                                 memcmp(r->callee + 1, method, method_len) == 0;
      if (!hit) continue;
      named = true;
      if (r->count >= nargs) best = r;
    }
    if (named) return best;
  }
  return NULL;
}
