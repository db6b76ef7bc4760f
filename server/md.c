#include "md.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *md_node_markdown(cmark_node *node) {
  char *out = cmark_render_commonmark(node, CMARK_OPT_DEFAULT, 0);
  if (!out) return NULL;
  strbuf b = {0};
  strbuf_puts(&b, out);
  free(out);
  return strbuf_finish(&b);
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
      strbuf_puts(b, " ");
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
  if (!doc) return NULL;
  char *out = md_node_text(doc);
  cmark_node_free(doc);
  return out;
}

