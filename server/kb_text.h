/* kb_text: one language file of a note (en.md, zh.md): its front matter (`key: value` lines
 * between `---` lines; unknown keys are errors) and its CommonMark body: the summary (first
 * paragraph) and the `python` example blocks with their marks. Problems are reported as
 * "path:line: message". Pure C, no I/O. */
#ifndef PYLORE_KB_TEXT_H
#define PYLORE_KB_TEXT_H

#include "kb_types.h"

/* What the front matter of one language file says. Strings are owned here until a parser
 * moves them out (then NULL); kb_text_front_clear frees the rest. */
typedef struct {
  char *title, *kind, *severity, *hint, *see, *fix;
} kb_front;

void kb_text_front_clear(kb_front *f);

/* Parses one language file: fills `f` and returns the text (owned by the caller, freed with
 * kb_text_free), or NULL with a problem. Checks what the note's kind requires of examples. */
kb_text *kb_text_parse(const char *path, const char *md, kb_front *f, kb_problems *pr);
/* NULL is a no-op. */
void kb_text_free(kb_text *t);

/* "error", "warning", "information", "hint" → *out; -1 for anything else. */
int kb_text_severity(const char *s, kb_severity *out);
/* Splits a `see:` value (ids separated by commas or spaces) into n->see. -1 on a bad id
 * (reported). */
int kb_text_split_see(kb_note *n, const char *see, const char *path, kb_problems *pr);

#endif
