#include "render.h"

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

static const kb_example *S_first_example(const kb_text *t) {
  for (size_t i = 0; i < t->example_count; i++) {
    if (t->examples[i].mark == KB_EX_MATCH || t->examples[i].mark == KB_EX_BAD ||
        t->examples[i].mark == KB_EX_GOOD)
      return &t->examples[i];
  }
  return NULL;
}

static const char *S_more(kb_lang lang) { return lang == KB_ZH ? "完整笔记" : "Full note"; }

char *render_hover(const kb_note *note, kb_lang lang, bool markdown) {
  const kb_text *t = kb_note_text(note, lang);
  const kb_example *ex = S_first_example(t);
  strbuf b = {0};
  if (markdown) {
    strbuf_puts(&b, "**");
    S_put_escaped(&b, t->title);
    strbuf_puts(&b, "**");
    if (note->kind == KB_PITFALL) strbuf_printf(&b, " · `%s`", note->id);
    strbuf_printf(&b, "\n\n%s\n\n", t->summary_md);
    if (ex) {
      strbuf_puts(&b, "```python\n");
      strbuf_puts(&b, ex->code);
      if (ex->code[0] && ex->code[strlen(ex->code) - 1] != '\n') strbuf_puts(&b, "\n");
      strbuf_puts(&b, "```\n\n");
    }
    strbuf_printf(&b, "*%s: `pylore notes %s`*", S_more(lang), note->id);
  } else {
    strbuf_printf(&b, "%s", t->title);
    if (note->kind == KB_PITFALL) strbuf_printf(&b, " [%s]", note->id);
    strbuf_printf(&b, "\n\n%s\n\n", t->summary_text);
    if (ex) {
      md_put_code_block(&b, ex->code, "    ");
      strbuf_puts(&b, "\n");
    }
    strbuf_printf(&b, "%s: pylore notes %s", S_more(lang), note->id);
  }
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
