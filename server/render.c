#include "render.h"

#include <cmark.h>
#include <ctype.h>
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

/* The generic words of syntax.c's placeholders: as a phrase (the placeholder alone, its
 * backticks dropped) and inside a word of code (`{keyword}_`). */
static const struct {
  const char *name, *phrase[KB_LANG_COUNT], *code;
} S_generic[] = {
    {"line", {"N", "N"}, "N"},
    {"what", {"statement", "语句"}, "statement"},
    {"char", {"this character", "这个字符"}, "?"},
    {"code", {"U+XXXX", "U+XXXX"}, "U+XXXX"},
    {"ascii", {"equivalent", "对应字符"}, "?"},
    {"keyword", {"this keyword", "这个关键字"}, "keyword"},
    {"open", {"opening bracket", "左括号"}, "("},
    {"close", {"closing bracket", "右括号"}, ")"},
};

char *render_generic(const kb_note *note, kb_lang lang, const char *text) {
  strbuf b = {0};
  if (note->kind != KB_SYNTAX) {
    strbuf_puts(&b, text);
    return strbuf_finish(&b);
  }
  bool fence = false, line_start = true;
  for (const char *p = text; *p;) {
    if (line_start) {
      const char *q = p;
      while (*q == ' ') q++;
      if (strncmp(q, "```", 3) == 0 || strncmp(q, "~~~", 3) == 0) fence = !fence;
    }
    line_start = *p == '\n';
    size_t k = sizeof S_generic / sizeof *S_generic, n = 0;
    if (*p == '{' && !fence) {
      for (k = 0; k < sizeof S_generic / sizeof *S_generic; k++) {
        n = strlen(S_generic[k].name);
        if (strncmp(p + 1, S_generic[k].name, n) == 0 && p[n + 1] == '}') break;
      }
    }
    if (k == sizeof S_generic / sizeof *S_generic) {
      strbuf_put(&b, p++, 1);
      continue;
    }
    const char *after = p + n + 2;
    if (isalnum((unsigned char)*after) || *after == '_') {
      strbuf_puts(&b, S_generic[k].code);
      p = after;
      continue;
    }
    /* `{x}` becomes the phrase without its backticks */
    if (b.len && b.s[b.len - 1] == '`' && *after == '`') {
      b.len--;
      after++;
      /* Chinese sets code apart with spaces, words not */
      if (lang == KB_ZH && b.len && b.s[b.len - 1] == ' ') b.len--;
      if (lang == KB_ZH && *after == ' ') after++;
    }
    const char *phrase = S_generic[k].phrase[lang == KB_ZH ? KB_ZH : KB_EN];
    bool sentence = b.len == 0 || b.s[b.len - 1] == '\n' ||
                    (b.len >= 2 && b.s[b.len - 1] == ' ' && b.s[b.len - 2] == '.');
    if (sentence && lang != KB_ZH && islower((unsigned char)phrase[0])) {
      char first = (char)toupper((unsigned char)phrase[0]);
      strbuf_put(&b, &first, 1);
      phrase++;
    }
    strbuf_puts(&b, phrase);
    p = after;
  }
  return strbuf_finish(&b);
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
  const char *text = cut.s ? cut.s : "";
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
static void S_put_explanation(strbuf *b, const kb_text *t, const char *body_md,
                              const char *summary_md) {
  cmark_node *root = body_md ? cmark_parse_document(body_md, strlen(body_md), CMARK_OPT_DEFAULT)
                             : NULL;
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
  if (!taken) strbuf_printf(b, "%s\n\n", summary_md ? summary_md : t->summary_md);
}

char *render_hover(const kb_note *note, kb_lang lang, bool markdown) {
  return render_hover_with(note, lang, markdown, NULL);
}

char *render_hover_with(const kb_note *note, kb_lang lang, bool markdown, const char *summary) {
  const kb_text *t = kb_note_text(note, lang);
  /* a syntax note reads like a pitfall: what goes wrong, then what to write instead */
  bool pitfall = note->kind != KB_EXPLANATION;
  const kb_example *ex = S_first_example(t, pitfall, KB_EX_BAD);
  const kb_example *good = pitfall ? S_first_example(t, true, KB_EX_GOOD) : NULL;
  const char *problem = lang == KB_ZH ? "问题" : "Problem";
  const char *instead = lang == KB_ZH ? "改为" : "Instead";
  /* without a finding's summary, the note's own, its placeholders in generic words */
  char *body = render_generic(note, lang, t->body_md);
  char *own =
      summary ? NULL : render_generic(note, lang, markdown ? t->summary_md : t->summary_text);
  if (!summary) summary = own;
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
    S_put_explanation(&b, t, body, summary);
    if (ex) strbuf_printf(&b, "**%s**\n\n", problem);
  } else if (pitfall) {
    /* Plain text is for terminals (`pylore explain`) and simple clients, where no diagnostic
     * is printed above: the summary leads. */
    strbuf_printf(&b, "%s\n\n", summary);
    if (ex) strbuf_printf(&b, "%s:\n\n", problem);
  } else {
    strbuf_printf(&b, "%s\n\n", summary);
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
  free(body);
  free(own);
  return strbuf_finish(&b);
}

char *render_full(const kb_note *note, kb_lang lang, bool markdown) {
  const kb_text *t = kb_note_text(note, lang);
  strbuf b = {0};
  const char *kind = note->kind == KB_PITFALL  ? (lang == KB_ZH ? "陷阱" : "pitfall")
                     : note->kind == KB_SYNTAX ? (lang == KB_ZH ? "语法错误" : "syntax error")
                                               : (lang == KB_ZH ? "讲解" : "explanation");
  if (markdown) {
    strbuf_puts(&b, "# ");
    S_put_escaped(&b, t->title);
    strbuf_printf(&b, "\n\n*%s* · `%s`", kind, note->id);
  } else {
    strbuf_printf(&b, "%s\n%s (%s)", t->title, kind, note->id);
  }
  if (note->kind != KB_EXPLANATION) strbuf_printf(&b, " · %s", kb_severity_name(note->severity));
  strbuf_puts(&b, "\n\n");
  char *body = render_generic(note, lang, t->body_md);
  if (markdown) {
    char *joined = md_joined(body);
    strbuf_puts(&b, joined);
    free(joined);
  } else {
    char *plain = md_to_text(body);
    strbuf_puts(&b, plain);
    free(plain);
  }
  free(body);
  if (note->see_count) {
    strbuf_puts(&b, markdown ? "\n\n" : "\n\n");
    strbuf_puts(&b, lang == KB_ZH ? "相关：" : "See also: ");
    for (size_t i = 0; i < note->see_count; i++)
      strbuf_printf(&b, markdown ? "%s`%s`" : "%s%s", i ? ", " : "", note->see[i]);
  }
  strbuf_puts(&b, "\n");
  return strbuf_finish(&b);
}
