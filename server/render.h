/* render: turns notes (and cmark nodes) into the text people read: Markdown for clients that
 * accept it, plain text rendered from cmark's tree for those that don't and for terminals.
 * Pure C. Every function returns a malloc'd string the caller frees, or NULL when out of
 * memory. */
#ifndef PYLORE_RENDER_H
#define PYLORE_RENDER_H

#include <cmark.h>
#include <stdbool.h>

#include "kb.h"

/* One node (and its children) as CommonMark, without a trailing newline. A soft line break
 * between CJK characters (or CJK and full-width punctuation) is removed, here and in every
 * rendering below, since it must show as nothing rather than as a space. */
char *render_node_markdown(cmark_node *node);
/* One node as plain text: inline code keeps its backticks, code blocks are indented by four
 * spaces, list items get "- " or "1. ", emphasis marks disappear. No trailing newline. */
char *render_node_text(cmark_node *node);
/* A whole Markdown document as plain text. */
char *render_markdown_text(const char *markdown);
/* A whole Markdown document as Markdown for a client to render: the same text, less the soft
 * breaks that join CJK text. No trailing newline. */
char *render_markdown_joined(const char *markdown);

/* What a hover shows for one note: title, summary, the first example and where to read the
 * whole note. `markdown` selects Markdown or plain text. */
char *render_hover(const kb_note *note, kb_lang lang, bool markdown);
/* The whole note: heading, kind (and severity), the body, related notes. */
char *render_full(const kb_note *note, kb_lang lang, bool markdown);

#endif
