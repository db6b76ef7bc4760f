#include "pattern.h"

#include <stdbool.h>
#include <string.h>

#define PAT_MAX_NESTING 64

typedef enum { PAT_NODE, PAT_GROUP, PAT_ALT } pat_kind;

static bool S_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c == '?' || c == '!';
}

static bool S_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Skips a "string" starting at text[i] == '"'; returns the index after it. */
static size_t S_skip_string(const char *text, size_t len, size_t i) {
  for (i++; i < len && text[i] != '"'; i++)
    if (text[i] == '\\') i++;
  return i < len ? i + 1 : len;
}

int pat_capture_shape(const char *text, size_t len, const char *capture, pat_shape *out) {
  out->depths = 0;
  out->root[0] = '\0';
  pat_kind kind[PAT_MAX_NESTING];
  int depth_of[PAT_MAX_NESTING];
  int sp = 0, nodes = 0; /* stack height, named-node levels open */
  int last = -1;         /* depth of the item a capture written now would name */
  bool top_done = false;
  /* Items at the root level outside any alternation: more than one is a sequence of
   * siblings, which has no single root node. */
  int top_items = 0, alts = 0;
  size_t cap_len = strlen(capture);
  size_t i = 0;
  while (i < len) {
    char c = text[i];
    if (S_space(c)) {
      i++;
      continue;
    }
    if (c == ';') {
      while (i < len && text[i] != '\n') i++;
      continue;
    }
    if (sp == 0 && top_done && (c == '(' || c == '[' || c == '"' || c == '_' ||
                                (c >= 'a' && c <= 'z')))
      break; /* the next pattern */
    if (c == '(') {
      size_t j = i + 1;
      while (j < len && S_space(text[j])) j++;
      if (j < len && text[j] == '#') {
        /* A predicate: nothing in it is part of the tree shape. */
        int open = 1;
        for (i = j; i < len && open > 0;) {
          if (text[i] == '"') {
            i = S_skip_string(text, len, i);
            continue;
          }
          if (text[i] == '(') open++;
          if (text[i] == ')') open--;
          i++;
        }
        continue;
      }
      if (sp == PAT_MAX_NESTING) return -1;
      bool node = j < len && (text[j] == '"' || text[j] == '_' || (text[j] >= 'a' && text[j] <= 'z') ||
                              (text[j] >= 'A' && text[j] <= 'Z'));
      kind[sp] = node ? PAT_NODE : PAT_GROUP;
      depth_of[sp++] = nodes;
      if (node && nodes == 0 && alts == 0) top_items++;
      if (node) {
        nodes++;
        /* Skip the node type (or the anonymous node's string). */
        i = j;
        if (text[i] == '"') {
          i = S_skip_string(text, len, i);
        } else {
          while (i < len && S_ident_char(text[i])) i++;
          if (nodes == 1 && alts == 0 && i - j < sizeof out->root && text[j] != '_') {
            memcpy(out->root, text + j, i - j);
            out->root[i - j] = '\0';
          }
        }
      } else {
        i++;
      }
      continue;
    }
    if (c == '[') {
      if (sp == PAT_MAX_NESTING) return -1;
      if (nodes == 0 && alts == 0) top_items++;
      kind[sp] = PAT_ALT;
      alts++;
      depth_of[sp++] = nodes;
      i++;
      continue;
    }
    if (c == ')' || c == ']') {
      if (sp == 0) return -1;
      sp--;
      if (kind[sp] == PAT_NODE) nodes--;
      if (kind[sp] == PAT_ALT) alts--;
      /* A capture after a node names that node; after a group or an alternation it names
       * the nodes inside, which sit at the level the group was opened at. */
      last = depth_of[sp];
      if (sp == 0) top_done = true;
      i++;
      continue;
    }
    if (c == '"') {
      last = nodes; /* an anonymous node */
      if (nodes == 0 && alts == 0) top_items++;
      i = S_skip_string(text, len, i);
      if (sp == 0) top_done = true;
      continue;
    }
    if (c == '@') {
      size_t j = i + 1;
      while (j < len && S_ident_char(text[j])) j++;
      if (j - (i + 1) == cap_len && memcmp(text + i + 1, capture, cap_len) == 0) {
        if (last < 0 || last >= 32) return -1;
        out->depths |= 1u << last;
      }
      i = j;
      continue;
    }
    if (c == '!') { /* a negated field */
      i++;
      while (i < len && S_ident_char(text[i])) i++;
      continue;
    }
    if (S_ident_char(c)) {
      size_t j = i;
      while (j < len && S_ident_char(text[j])) j++;
      size_t k = j;
      while (k < len && S_space(text[k])) k++;
      if (k < len && text[k] == ':') {
        i = k + 1; /* a field name */
        continue;
      }
      if (j - i == 1 && c == '_') {
        last = nodes; /* a bare wildcard */
        if (nodes == 0 && alts == 0) top_items++;
        if (sp == 0) top_done = true;
      }
      /* Quantifiers (* + ?) and anchors (.) fall here too: they change no depth. */
      i = j;
      continue;
    }
    i++; /* anything else (quantifiers, anchors) */
  }
  return sp == 0 && top_items == 1 && out->depths ? 0 : -1;
}
