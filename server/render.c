#include "render.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "strbuf.h"

/* Writes text with Markdown's inline punctuation escaped, for titles inside **…**. */
static void S_put_escaped(strbuf *b, const char *text) {
  for (const char *p = text; *p; p++) {
    if (strchr("\\`*_{}[]()#+-.!<>|~", *p)) strbuf_put(b, "\\", 1);
    strbuf_put(b, p, 1);
  }
}

static const kb_example *S_first_example(const kb_text *t, bool pitfall, kb_example_mark mark) {
  for (size_t i = 0; i < t->example_count; i++) {
    kb_example_mark m = t->examples[i].mark;
    if (pitfall ? m == mark : (m == KB_EX_MATCH || m == KB_EX_BAD || m == KB_EX_GOOD))
      return &t->examples[i];
  }
  return NULL;
}

static const char *S_more(kb_lang lang) { return lang == KB_ZH ? "完整笔记" : "Full note"; }

/* A hover shows this many lines of an example; the note has the rest. */
#define S_EXAMPLE_LINES 8

static void S_put_example(strbuf *b, const char *code, bool markdown) {
  const char *p = code;
  strbuf cut = {0};
  for (int n = 0; *p && n < S_EXAMPLE_LINES; n++) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) + 1 : strlen(p);
    strbuf_put(&cut, p, len);
    p += len;
  }
  if (*p) strbuf_puts(&cut, "# …\n");
  const char *text = cut.s && !cut.failed ? cut.s : "";
  if (markdown) {
    strbuf_puts(b, "```python\n");
    strbuf_puts(b, text);
    if (text[0] && text[strlen(text) - 1] != '\n') strbuf_puts(b, "\n");
    strbuf_puts(b, "```\n\n");
  } else {
    md_put_code_block(b, text, "    ");
    strbuf_puts(b, "\n");
  }
  free(cut.s);
}

/* What a pitfall's Markdown hover says before its examples: the blocks after the summary, up
 * to the first example (why it goes wrong, what to write instead), at most two; the summary
 * when the note has none. Editors print the summary as the diagnostic just above the hover,
 * so it is not repeated there. */
static void S_put_explanation(strbuf *b, const kb_text *t) {
  cmark_node *root = cmark_parse_document(t->body_md, strlen(t->body_md), CMARK_OPT_DEFAULT);
  int taken = 0;
  bool past_summary = false;
  for (cmark_node *n = root ? cmark_node_first_child(root) : NULL; n && taken < 2;
       n = cmark_node_next(n)) {
    cmark_node_type type = cmark_node_get_type(n);
    if (!past_summary) {
      past_summary = type == CMARK_NODE_PARAGRAPH;
      continue;
    }
    if (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HEADING) break;
    char *part = md_node_markdown(n);
    if (part) {
      strbuf_printf(b, "%s\n\n", part);
      taken++;
    }
    free(part);
  }
  if (root) cmark_node_free(root);
  if (!taken) strbuf_printf(b, "%s\n\n", t->summary_md);
}

char *render_hover(const kb_note *note, kb_lang lang, bool markdown) {
  const kb_text *t = kb_note_text(note, lang);
  bool pitfall = note->kind == KB_PITFALL;
  const kb_example *ex = S_first_example(t, pitfall, KB_EX_BAD);
  const kb_example *good = pitfall ? S_first_example(t, true, KB_EX_GOOD) : NULL;
  const char *problem = lang == KB_ZH ? "问题" : "Problem";
  const char *instead = lang == KB_ZH ? "改为" : "Instead";
  strbuf b = {0};
  if (markdown) {
    strbuf_puts(&b, "**");
    S_put_escaped(&b, t->title);
    strbuf_puts(&b, "**");
    if (pitfall) strbuf_printf(&b, " · `%s`", note->id);
    strbuf_puts(&b, "\n\n");
  } else {
    strbuf_printf(&b, "%s", t->title);
    if (pitfall) strbuf_printf(&b, " [%s]", note->id);
    strbuf_puts(&b, "\n\n");
  }
  if (pitfall && markdown) {
    S_put_explanation(&b, t);
    if (ex) strbuf_printf(&b, "**%s**\n\n", problem);
  } else if (pitfall) {
    /* Plain text is for terminals (`pylore explain`) and simple clients, where no diagnostic
     * is printed above: the summary leads. */
    strbuf_printf(&b, "%s\n\n", t->summary_text);
    if (ex) strbuf_printf(&b, "%s:\n\n", problem);
  } else {
    strbuf_printf(&b, "%s\n\n", markdown ? t->summary_md : t->summary_text);
  }
  if (ex) S_put_example(&b, ex->code, markdown);
  if (good) {
    strbuf_printf(&b, markdown ? "**%s**\n\n" : "%s:\n\n", instead);
    S_put_example(&b, good->code, markdown);
  }
  if (pitfall && t->fix_title) {
    strbuf_puts(&b, lang == KB_ZH ? "快速修复：" : "Quick fix: ");
    if (markdown) S_put_escaped(&b, t->fix_title);
    else strbuf_puts(&b, t->fix_title);
    strbuf_puts(&b, "\n\n");
  }
  /* The note's id is kebab-case: only the JSON around it needs percent-encoding. */
  if (markdown)
    strbuf_printf(&b, "*[%s](command:pylore.showNote?%%5B%%7B%%22id%%22%%3A%%22%s%%22%%7D%%5D)*",
                  S_more(lang), note->id);
  else
    strbuf_printf(&b, "%s: pylore notes %s", S_more(lang), note->id);
  return strbuf_finish(&b);
}

char *render_full(const kb_note *note, kb_lang lang, bool markdown) {
  const kb_text *t = kb_note_text(note, lang);
  strbuf b = {0};
  const char *kind = note->kind == KB_PITFALL ? (lang == KB_ZH ? "陷阱" : "pitfall")
                                              : (lang == KB_ZH ? "讲解" : "explanation");
  if (markdown) {
    strbuf_puts(&b, "# ");
    S_put_escaped(&b, t->title);
    strbuf_printf(&b, "\n\n*%s* · `%s`", kind, note->id);
  } else {
    strbuf_printf(&b, "%s\n%s (%s)", t->title, kind, note->id);
  }
  if (note->kind == KB_PITFALL) strbuf_printf(&b, " · %s", kb_severity_name(note->severity));
  strbuf_puts(&b, "\n\n");
  if (markdown) {
    char *joined = md_joined(t->body_md);
    if (!joined) b.failed = true;
    strbuf_puts(&b, joined);
    free(joined);
  } else {
    char *plain = md_to_text(t->body_md);
    strbuf_puts(&b, plain);
    free(plain);
  }
  if (note->see_count) {
    strbuf_puts(&b, markdown ? "\n\n" : "\n\n");
    strbuf_puts(&b, lang == KB_ZH ? "相关：" : "See also: ");
    for (size_t i = 0; i < note->see_count; i++)
      strbuf_printf(&b, markdown ? "%s`%s`" : "%s%s", i ? ", " : "", note->see[i]);
  }
  strbuf_puts(&b, "\n");
  return strbuf_finish(&b);
}
