/* md: CommonMark (parsed by cmark) as the text people read, with no knowledge of notes:
 * a node back as CommonMark for clients that render Markdown, or as plain text for those that
 * don't and for terminals. Pure C. Functions returning char * give a malloc'd string the
 * caller frees (cmark's allocator, like xalloc.h's, aborts when memory is refused). */
#ifndef PYLORE_MD_H
#define PYLORE_MD_H

#include <cmark.h>

#include "strbuf.h"

/* One node (and its children) as CommonMark, without a trailing newline. A soft line break
 * between CJK characters (or CJK and full-width punctuation) is removed, here and in every
 * rendering below, since it must show as nothing rather than as a space. */
char *md_node_markdown(cmark_node *node);
/* One node as plain text: inline code keeps its backticks, code blocks are indented by four
 * spaces, list items get "- " or "1. ", emphasis marks disappear. No trailing newline. */
char *md_node_text(cmark_node *node);
/* A whole Markdown document as plain text. */
char *md_to_text(const char *markdown);
/* A whole Markdown document as Markdown for a client to render: the same text, less the soft
 * breaks that join CJK text. No trailing newline. */
char *md_joined(const char *markdown);
/* Appends a code literal with every line indented by `indent` (a plain-text code block). */
void md_put_code_block(strbuf *b, const char *code, const char *indent);

#endif
