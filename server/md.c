#include "md.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- soft line breaks in CJK prose ----
 * Chinese and Japanese put no space between words, so a source line broken between two
 * ideographs joins with nothing, as CommonMark renderers for CJK do; elsewhere a soft break
 * is a space. Hangul is left out: Korean separates words with spaces. */

/* Ideographs, kana, bopomofo, CJK symbols and punctuation, full-width forms. */
static bool S_is_cjk(uint32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) ||  /* radicals */
         (c >= 0x3000 && c <= 0x303F) ||  /* CJK symbols and punctuation: 、。「」 */
         (c >= 0x3040 && c <= 0x31FF) ||  /* kana, bopomofo, strokes */
         (c >= 0x3200 && c <= 0x4DBF) ||  /* enclosed and compatibility forms, extension A */
         (c >= 0x4E00 && c <= 0x9FFF) ||  /* unified ideographs */
         (c >= 0xF900 && c <= 0xFAFF) ||  /* compatibility ideographs */
         (c >= 0xFE10 && c <= 0xFE1F) ||  /* vertical forms */
         (c >= 0xFE30 && c <= 0xFE4F) ||  /* compatibility forms */
         (c >= 0xFF01 && c <= 0xFF60) ||  /* full-width ASCII and punctuation: （），： */
         (c >= 0xFFE0 && c <= 0xFFE6) ||  /* full-width signs */
         (c >= 0x20000 && c <= 0x3FFFF);  /* extensions B and later */
}

/* Punctuation that Chinese sets full width although Unicode shares it with Western text:
 * curly quotes, the dash, the ellipsis, the middle dot. Joins only next to CJK. */
static bool S_is_shared_punct(uint32_t c) {
  return (c >= 0x2018 && c <= 0x201F) || c == 0x2014 || c == 0x2026 || c == 0x00B7;
}

/* The first or last code point of a UTF-8 string; 0 when empty or malformed there. */
static uint32_t S_edge_code_point(const char *s, bool last) {
  size_t n = s ? strlen(s) : 0;
  if (!n) return 0;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  if (last) {
    i = n - 1;
    while (i > 0 && n - i < 4 && (p[i] & 0xC0) == 0x80) i--;
  }
  unsigned char c = p[i];
  if (c < 0x80) return c;
  size_t more = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
  if (!more || n - i <= more || (last && i + more != n - 1)) return 0;
  uint32_t cp = c & (0x3Fu >> more);
  for (size_t k = 1; k <= more; k++) {
    if ((p[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i + k] & 0x3Fu);
  }
  return cp;
}

/* The code point at the start or end of the prose an inline node shows: its text, or the
 * text inside emphasis or a link. 0 for code spans and anything else that is not prose. */
static uint32_t S_inline_edge(cmark_node *n, bool last) {
  while (n) {
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
      return S_edge_code_point(cmark_node_get_literal(n), last);
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
      n = last ? cmark_node_last_child(n) : cmark_node_first_child(n);
      break;
    default:
      return 0;
    }
  }
  return 0;
}

/* Whether a soft break joins its neighbours with nothing: CJK on both sides, or CJK on one
 * side and full-width punctuation on the other. */
static bool S_softbreak_joins(cmark_node *br) {
  uint32_t a = S_inline_edge(cmark_node_previous(br), true);
  uint32_t b = S_inline_edge(cmark_node_next(br), false);
  return (S_is_cjk(a) && (S_is_cjk(b) || S_is_shared_punct(b))) ||
         (S_is_shared_punct(a) && S_is_cjk(b));
}

/* Frees the soft breaks that join CJK text, so that a client rendering the Markdown has no
 * line break there to show as a space. Returns how many it freed. */
static size_t S_drop_joining_breaks(cmark_node *root) {
  cmark_node **drop = NULL;
  size_t count = 0, cap = 0;
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (cmark_node_get_type(n) != CMARK_NODE_SOFTBREAK || !S_softbreak_joins(n)) continue;
    if (count == cap) drop = xreallocarray(drop, cap = cap ? cap * 2 : 16, sizeof *drop);
    drop[count++] = n;
  }
  cmark_iter_free(it);
  /* Freed after the walk: the iterator must not step off a node that is gone. */
  for (size_t i = 0; i < count; i++) cmark_node_free(drop[i]);
  free(drop);
  return count;
}

/* Text without a joining break comes back as written: cmark's own rendering would reformat
 * lists and fences. */
char *md_joined(const char *markdown) {
  cmark_node *doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
  strbuf b = {0};
  if (S_drop_joining_breaks(doc) > 0) {
    char *out = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
    strbuf_puts(&b, out);
    free(out);
  } else {
    strbuf_puts(&b, markdown);
  }
  cmark_node_free(doc);
  return strbuf_finish(&b);
}

char *md_node_markdown(cmark_node *node) {
  /* Rendered, then parsed again to drop the joining breaks, so the caller's tree is left
   * untouched. */
  char *out = cmark_render_commonmark(node, CMARK_OPT_DEFAULT, 0);
  char *joined = md_joined(out);
  free(out);
  return joined;
}

/* Indents each line of a code literal. */
void md_put_code_block(strbuf *b, const char *code, const char *indent) {
  const char *p = code;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    if (n) strbuf_puts(b, indent);
    strbuf_put(b, p, n);
    strbuf_puts(b, "\n");
    p += n + (eol ? 1 : 0);
  }
}

/* The marker of a list item: "- " or "N. " with N counted from the list's start. */
static void S_item_marker(cmark_node *item, char *out, size_t outlen) {
  cmark_node *list = cmark_node_parent(item);
  if (cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) {
    snprintf(out, outlen, "- ");
    return;
  }
  int k = cmark_node_get_list_start(list);
  for (cmark_node *s = cmark_node_first_child(list); s && s != item; s = cmark_node_next(s)) k++;
  snprintf(out, outlen, "%d. ", k);
}

/* An autolink (<https://…>, <a@b.c>) shows its URL as its text: no need to repeat it. */
static bool S_link_is_url(cmark_node *link, const char *url) {
  cmark_node *t = cmark_node_first_child(link);
  if (!t || cmark_node_next(t) || cmark_node_get_type(t) != CMARK_NODE_TEXT) return false;
  const char *text = cmark_node_get_literal(t);
  if (!text) return false;
  return strcmp(text, url) == 0 || (strncmp(url, "mailto:", 7) == 0 && strcmp(text, url + 7) == 0);
}

static void S_text_walk(strbuf *b, cmark_node *root) {
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    bool enter = ev == CMARK_EVENT_ENTER;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      strbuf_puts(b, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_CODE:
      strbuf_puts(b, "`");
      strbuf_puts(b, cmark_node_get_literal(n));
      strbuf_puts(b, "`");
      break;
    case CMARK_NODE_SOFTBREAK:
      if (!S_softbreak_joins(n)) strbuf_puts(b, " ");
      break;
    case CMARK_NODE_LINEBREAK:
      strbuf_puts(b, "\n");
      break;
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      if (!enter) {
        cmark_node *parent = cmark_node_parent(n);
        bool tight = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM &&
                     cmark_node_get_list_tight(cmark_node_parent(parent));
        strbuf_puts(b, tight ? "\n" : "\n\n");
      }
      break;
    case CMARK_NODE_CODE_BLOCK:
      md_put_code_block(b, cmark_node_get_literal(n), "    ");
      strbuf_puts(b, "\n");
      break;
    case CMARK_NODE_ITEM:
      if (enter) {
        /* A nested list's items are indented under the text of the items that hold them,
         * or the nesting would be lost. */
        char marker[24];
        for (cmark_node *a = n == root ? NULL : cmark_node_parent(n); a && a != root;
             a = cmark_node_parent(a)) {
          if (cmark_node_get_type(a) != CMARK_NODE_ITEM) continue;
          S_item_marker(a, marker, sizeof marker);
          strbuf_printf(b, "%*s", (int)strlen(marker), "");
        }
        S_item_marker(n, marker, sizeof marker);
        strbuf_puts(b, marker);
      }
      break;
    case CMARK_NODE_LIST:
      /* The blank line that ends a tight list; a nested list goes on with its parent. */
      if (!enter && cmark_node_get_list_tight(n) &&
          !(n != root && cmark_node_parent(n) &&
            cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_ITEM))
        strbuf_puts(b, "\n");
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      strbuf_puts(b, "----\n\n");
      break;
    case CMARK_NODE_LINK:
      if (!enter) {
        const char *url = cmark_node_get_url(n);
        if (url && *url && !S_link_is_url(n, url)) strbuf_printf(b, " <%s>", url);
      }
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

char *md_node_text(cmark_node *node) {
  strbuf b = {0};
  S_text_walk(&b, node);
  return strbuf_finish(&b);
}

char *md_to_text(const char *markdown) {
  cmark_node *doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
  char *out = md_node_text(doc);
  cmark_node_free(doc);
  return out;
}

