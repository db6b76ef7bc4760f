/* fix_internal: what the parts of the fix module share. fix.c holds the one fix per pitfall
 * note, fix_syntax.c the fixes of syntax errors, fix_edit.c the edit lists (building,
 * combining, applying), fix_rounds.c the whole-text loop. Not for other modules: fix.h. */
#ifndef PYLORE_FIX_INTERNAL_H
#define PYLORE_FIX_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "fix.h"
#include "strbuf.h"

/* Appends one edit; the text (malloc'd) is taken. */
void fix__edit(fix_edits *out, uint32_t start, uint32_t end, char *text);
/* Appends one edit with a copy of s. */
void fix__edit_str(fix_edits *out, uint32_t start, uint32_t end, const char *s);
/* Takes a strbuf's string (an empty one when nothing was written). */
char *fix__take(strbuf *b);
/* True when fix_syntax knows the syntax note with this id. */
bool fix__syntax_implemented(const char *id);

#endif
