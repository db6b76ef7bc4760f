/* Fuzz target: an editing session on one document, below the JSON layer. The input is a
 * program of operations: open (full text), incremental change (a range in any of the three
 * position encodings, often clamped, sometimes outside the text, with random bytes: UTF-8,
 * invalid sequences, CR, LF, CRLF), hover, show-note, inlay hints over a range, code actions
 * over a range, diagnostics, close. Each code action's WorkspaceEdit must lie inside the
 * document (every position exactly on a character boundary of the shadow text, ranges in
 * order, not overlapping), applying it to the shadow must keep valid UTF-8 valid, and a
 * command must name a loaded note (pylore.showNote). After every change the document's text must equal a shadow copy kept here with an
 * independent position → offset conversion, and its incrementally updated tree must equal a
 * fresh parse of the shadow (node by node: symbol, byte range, missing/error flags); and the
 * syntax errors of the findings cache, updated from revision to revision, must equal a check
 * of the whole text. */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "doc.h"
#include "feat.h"
#include "findings.h"
#include "kb.h"
#include "render.h"
#include "xalloc.h"

static kb *S_kb;
static unsigned char *S_enabled;
static TSParser *S_parser, *S_fresh_parser;
static an_ctx *S_an;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  xalloc_init();
  S_kb = kb_new();
  kb_load_builtin(S_kb, NULL);
  kb_compile(S_kb, NULL);
  S_enabled = xmalloc(kb_count(S_kb) + 1);
  memset(S_enabled, 1, kb_count(S_kb) + 1);
  S_parser = doc_parser_new();
  S_fresh_parser = doc_parser_new();
  S_an = an_ctx_new();
  return 0;
}

/* ---- reading the program ---- */

typedef struct {
  const uint8_t *p;
  size_t n;
} S_in;

static unsigned S_byte(S_in *in) {
  if (in->n == 0) return 0;
  in->n--;
  return *in->p++;
}

static uint32_t S_u32(S_in *in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v = v << 8 | S_byte(in);
  return v;
}

/* Takes up to `max` bytes of text from the program. */
static const char *S_text(S_in *in, size_t max, size_t *len) {
  size_t n = S_byte(in) % (max + 1);
  if (n > in->n) n = in->n;
  const char *t = (const char *)in->p;
  in->p += n;
  in->n -= n;
  *len = n;
  return t;
}

/* ---- the shadow: an independent model of LSP positions ---- */

typedef struct {
  char *text;
  size_t len;
} S_shadow;

/* Length of a strict UTF-8 sequence at s[0..n), or 0 when s[0] starts none. */
static size_t S_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

/* Where line `line` starts and its content ends; false when there is no such line. */
static bool S_line(const S_shadow *s, uint32_t line, size_t *start, size_t *end) {
  size_t at = 0;
  for (uint32_t l = 0;; l++) {
    size_t e = at;
    while (e < s->len && s->text[e] != '\n' && s->text[e] != '\r') e++;
    if (l == line) {
      *start = at;
      *end = e;
      return true;
    }
    if (e == s->len) return false;
    at = e + (s->text[e] == '\r' && e + 1 < s->len && s->text[e + 1] == '\n' ? 2 : 1);
  }
}

static uint32_t S_lines(const S_shadow *s) {
  uint32_t n = 1;
  for (size_t i = 0; i < s->len; i++) {
    if (s->text[i] == '\n') n++;
    else if (s->text[i] == '\r' && !(i + 1 < s->len && s->text[i + 1] == '\n')) n++;
  }
  return n;
}

/* LSP's rules, written here from the specification rather than taken from doc.c. */
static bool S_offset(const S_shadow *s, doc_position p, doc_encoding enc, size_t *out) {
  uint32_t lines = S_lines(s);
  if (p.line == lines && p.character == 0) {
    *out = s->len;
    return true;
  }
  size_t at, end;
  if (p.line >= lines || !S_line(s, p.line, &at, &end)) return false;
  uint32_t units = 0;
  while (at < end) {
    size_t n = S_seq((const unsigned char *)s->text + at, end - at);
    uint32_t w = n == 0 ? 1 : enc == DOC_UTF8 ? (uint32_t)n : enc == DOC_UTF16 && n == 4 ? 2 : 1;
    if (n == 0) n = 1;
    if (units + w > p.character) break; /* inside this character, or just before it */
    units += w;
    at += n;
  }
  *out = at;
  return true;
}

/* The offset of p in the shadow when p is exactly on a character boundary inside the text
 * (not clamped): what a server-made edit must give. */
static bool S_offset_exact(const S_shadow *s, doc_position p, doc_encoding enc, size_t *out) {
  if (!S_offset(s, p, enc, out)) return false;
  if (p.line == S_lines(s) && p.character == 0) return true;
  size_t at, end;
  if (!S_line(s, p.line, &at, &end)) return false;
  uint32_t units = 0;
  while (at < *out) {
    size_t n = S_seq((const unsigned char *)s->text + at, end - at);
    units += n == 0 ? 1 : enc == DOC_UTF8 ? (uint32_t)n : enc == DOC_UTF16 && n == 4 ? 2 : 1;
    at += n == 0 ? 1 : n;
  }
  return units == p.character;
}

static bool S_valid_utf8(const char *t, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t k = S_seq((const unsigned char *)t + i, n - i);
    if (k == 0) return false;
    i += k;
  }
  return true;
}

static bool S_pos_json(const json_t *j, doc_position *p) {
  const json_t *l = json_object_get(j, "line"), *c = json_object_get(j, "character");
  if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
      json_integer_value(c) < 0 || json_integer_value(l) > UINT32_MAX ||
      json_integer_value(c) > UINT32_MAX)
    return false;
  p->line = (uint32_t)json_integer_value(l);
  p->character = (uint32_t)json_integer_value(c);
  return true;
}

typedef struct {
  size_t a, b, order;
  const char *text;
} S_edit;

static int S_cmp_edit(const void *x, const void *y) {
  const S_edit *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  if (p->b != q->b) return p->b < q->b ? -1 : 1;
  return p->order < q->order ? -1 : p->order > q->order;
}

/* The code actions' edits and commands, checked against the shadow text. */
static void S_check_actions(const json_t *acts, const S_shadow *s, doc_encoding enc) {
  if (!json_is_array(acts)) abort();
  size_t i;
  const json_t *act;
  json_array_foreach(acts, i, act) {
    const json_t *cmd = json_object_get(act, "command");
    if (cmd) {
      const json_t *arg = json_array_get(json_object_get(cmd, "arguments"), 0);
      const json_t *id = json_object_get(arg, "id");
      if (strcmp(json_string_value(json_object_get(cmd, "command")), "pylore.showNote") != 0 ||
          !json_is_string(id))
        abort();
      /* executeCommand pylore.showNote, as the session runs it */
      long at = kb_find(S_kb, json_string_value(id));
      if (at < 0) abort();
      char *md = render_full(kb_note_at(S_kb, (size_t)at), KB_EN, true);
      if (!md) abort();
      free(md);
    }
    const json_t *changes = json_object_get(json_object_get(act, "edit"), "changes");
    if (!changes) continue;
    const char *uri;
    const json_t *edits;
    json_object_foreach((json_t *)changes, uri, edits) {
      size_t n = json_array_size(edits);
      char *t = xstrndup(s->text, s->len);
      size_t len = s->len;
      /* LSP applies a TextEdit[] to the original text: the edits must not overlap (inserts
       * at one place go in the array's order). Applied here from the last to the first. */
      S_edit *es = xmalloc((n + 1) * sizeof *es);
      for (size_t e = 0; e < n; e++) {
        const json_t *ed = json_array_get(edits, e), *r = json_object_get(ed, "range");
        doc_position pa, pb;
        es[e].text = json_string_value(json_object_get(ed, "newText"));
        es[e].order = e;
        if (!S_pos_json(json_object_get(r, "start"), &pa) ||
            !S_pos_json(json_object_get(r, "end"), &pb) || !S_offset_exact(s, pa, enc, &es[e].a) ||
            !S_offset_exact(s, pb, enc, &es[e].b) || es[e].b < es[e].a || !es[e].text) {
          char *dump = json_dumps(edits, JSON_COMPACT);
          fprintf(stderr, "code action edit %zu outside the document: %s\n", e, dump);
          abort();
        }
      }
      qsort(es, n, sizeof *es, S_cmp_edit);
      for (size_t e = 1; e < n; e++) {
        if (es[e].a < es[e - 1].b) {
          fprintf(stderr, "code action edits overlap\n");
          abort();
        }
      }
      for (size_t e = n; e-- > 0;) {
        size_t k = strlen(es[e].text), a = es[e].a, b = es[e].b;
        char *grown = xmalloc(len - (b - a) + k + 1);
        memcpy(grown, t, a);
        memcpy(grown + a, es[e].text, k);
        memcpy(grown + a + k, t + b, len - b);
        len = len - (b - a) + k;
        grown[len] = '\0';
        free(t);
        t = grown;
      }
      if (S_valid_utf8(s->text, s->len) && !S_valid_utf8(t, len)) {
        fprintf(stderr, "a code action's edit made the text invalid UTF-8\n");
        abort();
      }
      free(es);
      free(t);
    }
  }
}

/* ---- comparing trees ---- */

static void S_same_tree(const TSTree *a, const TSTree *b) {
  TSTreeCursor ca = ts_tree_cursor_new(ts_tree_root_node(a));
  TSTreeCursor cb = ts_tree_cursor_new(ts_tree_root_node(b));
  for (;;) {
    TSNode x = ts_tree_cursor_current_node(&ca), y = ts_tree_cursor_current_node(&cb);
    if (ts_node_symbol(x) != ts_node_symbol(y) || ts_node_start_byte(x) != ts_node_start_byte(y) ||
        ts_node_end_byte(x) != ts_node_end_byte(y) || ts_node_is_missing(x) != ts_node_is_missing(y) ||
        ts_node_child_count(x) != ts_node_child_count(y)) {
      fprintf(stderr, "incremental tree differs from a fresh parse at %s [%u, %u) vs %s [%u, %u)\n",
              ts_node_type(x), ts_node_start_byte(x), ts_node_end_byte(x), ts_node_type(y),
              ts_node_start_byte(y), ts_node_end_byte(y));
      abort();
    }
    /* Pre-order, iteratively (a tree may be 100,000 levels deep). */
    if (ts_tree_cursor_goto_first_child(&ca)) {
      if (!ts_tree_cursor_goto_first_child(&cb)) abort();
      continue;
    }
    bool more = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&ca)) {
        if (!ts_tree_cursor_goto_next_sibling(&cb)) abort();
        more = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&ca)) break;
      if (!ts_tree_cursor_goto_parent(&cb)) abort();
    }
    if (!more) break;
  }
  ts_tree_cursor_delete(&ca);
  ts_tree_cursor_delete(&cb);
}

static void S_check(doc *d, const S_shadow *s) {
  if (doc_length(d) != s->len || memcmp(doc_text(d), s->text, s->len) != 0 ||
      doc_text(d)[s->len] != '\0') {
    fprintf(stderr, "document text differs from the shadow\n");
    abort();
  }
  if (doc_line_count(d) != S_lines(s)) abort();
  const TSTree *t = doc_tree(d, S_parser);
  if (!t) abort();
  ts_parser_reset(S_fresh_parser);
  TSTree *fresh = ts_parser_parse_string(S_fresh_parser, NULL, s->text, (uint32_t)s->len);
  /* Error recovery may legitimately take another path after an edit; text without errors
   * has one tree only. */
  if (!ts_node_has_error(ts_tree_root_node(fresh))) S_same_tree(t, fresh);
  ts_tree_delete(fresh);
}

/* A JSON result must serialise (valid UTF-8 and all). */
static void S_consume(json_t *j) {
  if (!j) abort();
  char *s = json_dumps(j, JSON_ENCODE_ANY);
  if (!s) abort();
  free(s);
  json_decref(j);
}

static doc_position S_pos(S_in *in, const S_shadow *s) {
  unsigned how = S_byte(in);
  doc_position p;
  if (how < 200) { /* near the text: valid lines, columns around the line's length */
    p.line = S_byte(in) % (S_lines(s) + 1);
    p.character = S_byte(in);
  } else { /* anything */
    p.line = S_u32(in);
    p.character = S_u32(in);
  }
  return p;
}

/* The syntax errors the cache updated from the previous revision (syn_update) are those of
 * a check of the whole text (syn_check), field for field. */
static void S_same_syntax(doc *d, const syn_errors *got) {
  syn_errors want = {0};
  const TSTree *tree = doc_tree(d, S_parser);
  if (!tree) return;
  syn_check(S_kb, KB_EN, S_enabled, tree, doc_text(d), doc_length(d), FND_MAX_SYNTAX_ERRORS,
            &want);
  bool same = got->count == want.count;
  for (size_t i = 0; same && i < want.count; i++) {
    const syn_error *x = &got->items[i], *y = &want.items[i];
    same = x->start_byte == y->start_byte && x->end_byte == y->end_byte &&
           x->start.row == y->start.row && x->start.column == y->start.column &&
           x->end.row == y->end.row && x->end.column == y->end.column && x->note == y->note &&
           x->id == y->id && strcmp(x->message, y->message) == 0;
  }
  if (!same) {
    fprintf(stderr, "incremental syntax errors (%zu) differ from a whole check (%zu)\n",
            got->count, want.count);
    abort();
  }
  syn_errors_clear(&want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  S_in in = {data, size};
  S_shadow s = {xcalloc(1, 1), 0};
  doc *d = doc_new("", 0);
  /* The findings pipeline, as the session uses it: cached per revision, updated
   * incrementally after changes. */
  fnd_cache *cache = fnd_cache_new();
  const fnd_set *found = NULL;
  bool fresh = false;
  feat_env env = {.k = S_kb, .enabled = S_enabled, .lang = KB_EN, .enc = DOC_UTF16,
                  .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
                  .parser = S_parser, .an = S_an};
  while (in.n > 0) {
    unsigned op = S_byte(&in);
    env.enc = (doc_encoding)((op >> 4) % 3);
    env.markdown = op & 0x80;
    env.lang = (op & 0x40) ? KB_ZH : KB_EN;
    env.pitfalls = fresh && found ? &found->pitfalls : NULL;
    env.syntax = fresh && found ? &found->syntax : NULL;
    switch (op % 8) {
      case 0: { /* open / full change */
        size_t n;
        const char *t = S_text(&in, 255, &n);
        doc_free(d);
        d = doc_new(t, n);
        fnd_cache_invalidate(cache); /* a new document */
        found = NULL;
        free(s.text);
        s.text = xstrndup(t, n);
        s.len = n;
        fresh = false;
        S_check(d, &s);
        break;
      }
      case 1:
      case 2: { /* incremental change */
        doc_position a = S_pos(&in, &s), b = S_pos(&in, &s);
        size_t n;
        const char *t = S_text(&in, 16, &n);
        size_t oa = 0, ob = 0;
        bool ok = S_offset(&s, a, env.enc, &oa) && S_offset(&s, b, env.enc, &ob) &&
                  !(b.line < a.line || (b.line == a.line && b.character < a.character)) && ob >= oa;
        char err[200];
        int rc = doc_apply_change(d, a, b, t, n, env.enc, err, sizeof err);
        if ((rc == 0) != ok) {
          fprintf(stderr, "doc_apply_change %s where the model %s (%s)\n",
                  rc == 0 ? "succeeded" : "failed", ok ? "accepts" : "rejects", err);
          abort();
        }
        if (ok) {
          char *nt = xmalloc(s.len - (ob - oa) + n + 1);
          memcpy(nt, s.text, oa);
          memcpy(nt + oa, t, n);
          memcpy(nt + oa + n, s.text + ob, s.len - ob);
          s.len = s.len - (ob - oa) + n;
          nt[s.len] = '\0';
          free(s.text);
          s.text = nt;
          fresh = false;
        }
        S_check(d, &s);
        break;
      }
      case 3:
        S_consume(hover_compute(&env, d, S_pos(&in, &s)));
        break;
      case 4:
        S_consume(hover_note(&env, d, S_pos(&in, &s)));
        break;
      case 5: {
        doc_position a = S_pos(&in, &s), b = S_pos(&in, &s);
        if (!(op & 0x08)) {
          S_consume(inlay_compute(&env, d, NULL, NULL, a, b));
          break;
        }
        /* Code actions over the range (bit 3, unused by the other operations); the
         * document's findings are those of the last diagnostics when still fresh, as in
         * the session. Sometimes only the fix-all source action is asked for. */
        json_t *only = S_byte(&in) & 1 ? json_pack("[s]", "source.fixAll.pylore") : NULL;
        json_t *acts = action_compute(&env, d, a, b, only);
        S_check_actions(acts, &s, env.enc);
        json_decref(only);
        S_consume(acts);
        break;
      }
      case 6: {
        fnd_env fe = {.k = S_kb, .lang = KB_EN, .enabled = S_enabled, .parser = S_parser,
                      .an = S_an, .pitfalls = true, .syntax = true,
                      .max_syntax = FND_MAX_SYNTAX_ERRORS};
        found = fnd_get(cache, &fe, d);
        if (found) S_same_syntax(d, &found->syntax);
        S_consume(diag_compute(&env, d, found));
        fresh = found != NULL;
        break;
      }
      case 7: /* close, and open again empty */
        doc_free(d);
        d = doc_new("", 0);
        fnd_cache_invalidate(cache);
        found = NULL;
        s.len = 0;
        s.text[0] = '\0';
        fresh = false;
        break;
    }
  }
  fnd_cache_free(cache);
  doc_free(d);
  free(s.text);
  return 0;
}
