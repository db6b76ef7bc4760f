/* render: turns a note into what a hover or `pylore notes` shows: Markdown for clients that
 * accept it, plain text for those that don't and for terminals (Markdown itself is md.h's).
 * Pure C. Every function returns a malloc'd string the caller frees, or NULL when out of
 * memory. */
#ifndef PYLORE_RENDER_H
#define PYLORE_RENDER_H

#include <stdbool.h>

#include "kb.h"

/* What a hover shows for one note: title, summary, the first example and where to read the
 * whole note. `markdown` selects Markdown or plain text. */
char *render_hover(const kb_note *note, kb_lang lang, bool markdown);
/* The whole note: heading, kind (and severity), the body, related notes. */
char *render_full(const kb_note *note, kb_lang lang, bool markdown);

#endif
