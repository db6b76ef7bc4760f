/* render: turns a note into what a hover or `pylore notes` shows: Markdown for clients that
 * accept it, plain text for those that don't and for terminals (Markdown itself is md.h's).
 * Pure C. Every function returns a malloc'd string the caller frees. */
#ifndef PYLORE_RENDER_H
#define PYLORE_RENDER_H

#include <stdbool.h>

#include "kb.h"

/* What a hover shows for one note: title, summary, the first example and where to read the
 * whole note. `markdown` selects Markdown or plain text. */
char *render_hover(const kb_note *note, kb_lang lang, bool markdown);
/* The same with another summary: a syntax error's message, the note's summary with the
 * specifics filled in. */
char *render_hover_with(const kb_note *note, kb_lang lang, bool markdown, const char *summary);
/* `text` (a part of `note`: its summary or body, Markdown or plain) with the placeholders a
 * syntax note's summary holds for syn_check ({line}, {char}, {code}, {ascii}, {what},
 * {keyword}, {open}, {close}) written as generic words ("line N", "this character", "第 N
 * 行"…), for every place that shows the note without a finding to fill them from. Code
 * blocks and the notes of other kinds are left as they are. */
char *render_generic(const kb_note *note, kb_lang lang, const char *text);
/* The whole note: heading, kind (and severity), the body, related notes. */
char *render_full(const kb_note *note, kb_lang lang, bool markdown);

#endif
