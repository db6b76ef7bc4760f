#include "kb_types.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

void kb_problems_add(kb_problems *p, const char *fmt, ...) {
  if (!p) return;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (p->count == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 8;
    p->items = xreallocarray(p->items, p->cap, sizeof *p->items);
  }
  p->items[p->count++] = xstrdup(buf);
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

const char *kb_kind_name(kb_kind kind) {
  return kind == KB_PITFALL ? "pitfall" : kind == KB_SYNTAX ? "syntax" : "explanation";
}

const char *kb_severity_name(kb_severity sev) {
  switch (sev) {
  case KB_SEV_ERROR: return "error";
  case KB_SEV_WARNING: return "warning";
  case KB_SEV_INFORMATION: return "information";
  case KB_SEV_HINT: return "hint";
  default: return "none";
  }
}
