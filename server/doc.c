#include "doc.h"

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const TSLanguage *tree_sitter_python(void);

/* One entry of the line index. `row` is the number of '\n' bytes before `start`: tree-sitter
 * counts rows by '\n' only, while LSP lines also end at a lone '\r', so the two numberings
 * differ and the edit points we give tree-sitter must use its own. Offsets fit in 32 bits
 * because tree-sitter's do (doc_new and doc_apply_change refuse larger texts). */
typedef struct {
  uint32_t start;
  uint32_t row;
} S_line;

struct doc {
  char *text; /* always NUL-terminated; len < S_MAX_LEN */
  size_t len, cap;
  S_line *lines; /* lines[0].start == 0; strictly increasing */
  uint32_t nlines, lines_cap;
  TSTree *tree;   /* NULL until the first doc_tree, and after doc_replace */
  int tree_stale; /* text changed since `tree` was parsed (tree may have been edited) */
  /* Changes since revision `mark`, as one span: [start, old_end) of the text at `mark` is
   * [start, new_end) now. Valid while `span_known`; empty (no change) while !span_any. */
  uint64_t revision, mark;
  bool span_known, span_any;
  uint32_t span_start, span_old_end, span_new_end;
  /* The tree at the mark, edited since like the text: compared with the current tree, it
   * tells where the syntax changed in all, whatever happened in between. */
  TSTree *mark_tree;
};

/* Widens the change span by [a, b) of the current text (a change of the syntax). */
static void S_span_cover(doc *d, uint32_t a, uint32_t b) {
  if (!d->span_any) {
    /* No text changed since the mark, so current and old offsets agree. */
    d->span_any = true;
    d->span_start = a;
    d->span_old_end = d->span_new_end = b;
    return;
  }
  if (a < d->span_start) d->span_start = a;
  if (b > d->span_new_end) {
    d->span_old_end += b - d->span_new_end;
    d->span_new_end = b;
  }
}

/* Adds the edit "[a, b) of the current text replaced by len bytes" to the change span. */
static void S_span_edit(doc *d, uint32_t a, uint32_t b, uint32_t len) {
  S_span_cover(d, a, b);
  d->span_new_end = d->span_new_end - b + a + len;
}

/* Tree-sitter offsets are uint32_t; one value is kept free so that len + 1 line starts and
 * the NUL terminator never overflow anything. */
#define S_MAX_LEN ((size_t)UINT32_MAX - 1)

const TSLanguage *doc_language(void) { return tree_sitter_python(); }

/* Returns a new parser the caller owns, or NULL. */
TSParser *doc_parser_new(void) {
  TSParser *p = ts_parser_new();
  if (!p) return NULL;
  if (!ts_parser_set_language(p, doc_language())) {
    /* Only happens if the grammar's ABI does not match the runtime's. */
    ts_parser_delete(p);
    return NULL;
  }
  return p;
}

/* ---- UTF-8 ---- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if s[0] does not start one (overlong
 * forms, surrogates, code points past U+10FFFF and truncated sequences are all invalid).
 * Borrows s; never reads past s[n-1]. */
static size_t S_utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  size_t need;
  unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
  if (c < 0xE0) {
    need = 2;
  } else if (c < 0xF0) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;      /* overlong */
    else if (c == 0xED) hi = 0x9F; /* UTF-16 surrogates */
  } else if (c < 0xF5) {
    need = 4;
    if (c == 0xF0) lo = 0x90;      /* overlong */
    else if (c == 0xF4) hi = 0x8F; /* past U+10FFFF */
  } else {
    return 0;
  }
  if (n < need) return 0;
  if (s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < need; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return need;
}

/* Bytes taken by the character at t[p] (limited to t[..end)), and its width in code units
 * of `enc` through *units. An invalid byte is a one-byte, one-unit character, which keeps
 * every position reachable and every walk finite. Borrows t. */
static size_t S_char(const char *t, size_t p, size_t end, doc_encoding enc, uint32_t *units) {
  const unsigned char *s = (const unsigned char *)t + p;
  if (s[0] < 0x80) {
    *units = 1;
    return 1;
  }
  size_t n = S_utf8_len(s, end - p);
  if (n == 0) {
    *units = 1;
    return 1;
  }
  *units = enc == DOC_UTF8 ? (uint32_t)n : enc == DOC_UTF16 ? (n == 4 ? 2 : 1) : 1;
  return n;
}

/* Moves p back to the start of the valid sequence covering it, if p lies inside one within
 * [ls, le). Valid sequences never overlap (their lead bytes are not continuation bytes), so
 * looking back at most 3 bytes agrees with decoding forward from the line start, in O(1).
 * Borrows t. */
static size_t S_char_start(const char *t, size_t ls, size_t le, size_t p) {
  const unsigned char *s = (const unsigned char *)t;
  for (size_t q = p; q > ls && p - q < 3;) {
    q--;
    if ((s[q] & 0xC0) == 0x80) continue;
    size_t n = S_utf8_len(s + q, le - q);
    return n && q + n > p ? q : p;
  }
  return p;
}

/* ---- the line index ---- */

/* Records the line starts created by terminators beginning in t[from..to) (t has `len`
 * bytes; a '\r' at to-1 looks at t[to] to recognise "\r\n"). `row` is tree-sitter's row at
 * `from`. Writes to out when it is not NULL (the caller sized it) and returns the count,
 * so a first call with out == NULL measures. Borrows t and out. */
static uint32_t S_scan(const char *t, size_t len, size_t from, size_t to, uint32_t row,
                       S_line *out) {
  uint32_t n = 0;
  for (size_t p = from; p < to; p++) {
    char c = t[p];
    if (c != '\n' && c != '\r') continue;
    if (c == '\n') {
      row++;
    } else if (p + 1 < len && t[p + 1] == '\n') {
      p++;
      row++;
    }
    if (out) out[n] = (S_line){(uint32_t)(p + 1), row};
    n++;
  }
  return n;
}

/* Makes room for `want` line entries. Returns 0, or -1 when the index would pass 2^32
 * entries (index unchanged). Borrows d. */
static int S_reserve_lines(doc *d, size_t want) {
  if (want <= d->lines_cap) return 0;
  if (want > (size_t)UINT32_MAX) return -1;
  size_t cap = (size_t)d->lines_cap * 2;
  if (cap < want) cap = want;
  if (cap < 16) cap = 16;
  if (cap > (size_t)UINT32_MAX) cap = UINT32_MAX;
  d->lines = xreallocarray(d->lines, cap, sizeof *d->lines);
  d->lines_cap = (uint32_t)cap;
  return 0;
}

/* Builds a full line index for t[0..len) into fresh memory the caller then owns (through
 * *out, *count and *cap). Borrows t. */
static void S_build_lines(const char *t, size_t len, S_line **out, uint32_t *count,
                         uint32_t *cap) {
  /* Counting first costs a second pass but avoids repeated reallocations of megabyte
   * indexes; the scan is cheap next to parsing. */
  uint32_t n = 1 + S_scan(t, len, 0, len, 0, NULL);
  S_line *l = xreallocarray(NULL, n, sizeof *l);
  l[0] = (S_line){0, 0};
  S_scan(t, len, 0, len, 0, l + 1);
  *out = l;
  *count = n;
  *cap = n;
}

/* The index of the line containing byte `off` (off <= len): binary search. Borrows d. */
static uint32_t S_line_of(const doc *d, size_t off) {
  uint32_t lo = 0, hi = d->nlines; /* answer in [lo, hi) */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->lines[mid].start <= off) lo = mid;
    else hi = mid;
  }
  return lo;
}

/* Tree-sitter's point for byte `off` of the current text: rows count '\n' only, and the
 * column is in bytes from the last '\n'. After a lone '\r' the LSP line changes but the
 * tree-sitter row does not, hence the walk back over such lines (only files with lone CR
 * endings ever walk). Borrows d. */
static TSPoint S_point(const doc *d, size_t off) {
  uint32_t i = S_line_of(d, off);
  uint32_t row = d->lines[i].row;
  while (i > 0 && d->text[d->lines[i].start - 1] == '\r') i--;
  return (TSPoint){row, (uint32_t)(off - d->lines[i].start)};
}

/* ---- lifecycle ---- */

/* Returns a document the caller owns (free with doc_free), holding a copy of text. */
doc *doc_new(const char *text, size_t len) {
  if (len > S_MAX_LEN || (!text && len > 0)) return NULL;
  doc *d = xcalloc(1, sizeof *d);
  d->cap = len + 1;
  d->text = xmalloc(d->cap);
  S_build_lines(text ? text : "", len, &d->lines, &d->nlines, &d->lines_cap);
  if (len) memcpy(d->text, text, len);
  d->text[len] = '\0';
  d->len = len;
  d->tree_stale = 1;
  return d;
}

/* Frees d and everything it owns. */
void doc_free(doc *d) {
  if (!d) return;
  if (d->tree) ts_tree_delete(d->tree);
  if (d->mark_tree) ts_tree_delete(d->mark_tree);
  free(d->lines);
  free(d->text);
  free(d);
}

/* ---- accessors ---- */

/* Borrows d; the text stays owned by d. */
const char *doc_text(const doc *d) { return d->text; }
/* Borrows d. */
size_t doc_length(const doc *d) { return d->len; }
/* Borrows d. */
uint32_t doc_line_count(const doc *d) { return d->nlines; }

/* Borrows d. */
size_t doc_line_start(const doc *d, uint32_t line) {
  return line < d->nlines ? d->lines[line].start : d->len;
}

/* Borrows d. */
size_t doc_line_end(const doc *d, uint32_t line) {
  /* `line + 1 == 0` guards UINT32_MAX, which would wrap to line 0. */
  if (line + 1 >= d->nlines || line + 1 == 0) return d->len;
  size_t e = d->lines[line + 1].start; /* just past the terminator */
  if (d->text[e - 1] == '\n' && e - 1 > d->lines[line].start && d->text[e - 2] == '\r')
    return e - 2;
  return e - 1;
}

/* ---- positions ---- */

/* The offset of `character` units into line `line` (< nlines), clamped to the line's end and
 * moved back to the start of a character it falls inside. Borrows d. */
static size_t S_offset_in_line(const doc *d, uint32_t line, uint32_t character,
                               doc_encoding enc) {
  size_t ls = d->lines[line].start, le = doc_line_end(d, line);
  if (enc == DOC_UTF8) {
    /* Units are bytes: jump straight there, so long lines cost nothing. */
    size_t p = (size_t)character < le - ls ? ls + character : le;
    return S_char_start(d->text, ls, le, p);
  }
  size_t p = ls;
  uint32_t units = 0, w;
  while (p < le && units < character) {
    size_t n = S_char(d->text, p, le, enc, &w);
    if (w > character - units) break; /* inside a surrogate pair */
    units += w;
    p += n;
  }
  return p;
}

/* Borrows d. */
size_t doc_offset_at(const doc *d, doc_position pos, doc_encoding enc) {
  if (pos.line >= d->nlines) return d->len;
  return S_offset_in_line(d, pos.line, pos.character, enc);
}

/* Borrows d; writes *offset only on success. */
int doc_offset_checked(const doc *d, doc_position pos, doc_encoding enc, size_t *offset) {
  /* (line count, 0) is the position just past the last line: some clients use it for "the
   * end of the document" when appending. */
  if (pos.line == d->nlines && pos.character == 0) {
    *offset = d->len;
    return 0;
  }
  if (pos.line >= d->nlines) return -1;
  *offset = S_offset_in_line(d, pos.line, pos.character, enc);
  return 0;
}

/* Borrows d. */
doc_position doc_position_at(const doc *d, size_t offset, doc_encoding enc) {
  if (offset > d->len) offset = d->len;
  uint32_t line = S_line_of(d, offset);
  size_t ls = d->lines[line].start, le = doc_line_end(d, line);
  if (offset > le) offset = le; /* inside "\r\n": the line's end */
  if (enc == DOC_UTF8)
    return (doc_position){line, (uint32_t)(S_char_start(d->text, ls, le, offset) - ls)};
  size_t p = ls;
  uint32_t units = 0, w;
  while (p < offset) {
    size_t n = S_char(d->text, p, le, enc, &w);
    if (p + n > offset) break; /* inside a character: report its start */
    units += w;
    p += n;
  }
  return (doc_position){line, units};
}

/* ---- changes ---- */

/* Writes a reason to err when the caller gave room for one. Borrows err. */
static void S_err(char *err, size_t errlen, const char *msg) {
  if (err && errlen > 0) snprintf(err, errlen, "%s", msg);
}

/* Updates the line index after t[start..old_end) was replaced by ins_len bytes (d->text and
 * d->len already hold the new text; d->lines still describes the old one). Capacity was
 * reserved by the caller, so this cannot fail. Only the lines around the edit are scanned;
 * the rest are kept, or shifted by the length difference. Borrows d. */
static void S_update_lines(doc *d, size_t start, size_t old_end, size_t ins_len) {
  const char *t = d->text;
  size_t new_end = start + ins_len;
  /* A '\r' just before the edit may now pair with a '\n' at its start (or lose one), so it
   * is rescanned. Line starts at or before r depend only on bytes the edit left alone. */
  size_t r = start > 0 && t[start - 1] == '\r' ? start - 1 : start;
  uint32_t k = S_line_of(d, r) + 1; /* entries [0, k) are kept */
  /* Old starts past old_end stay line starts: each is determined by the byte(s) before it,
   * which the edit did not touch. An old start at old_end itself is rescanned. */
  uint32_t j = S_line_of(d, old_end) + 1; /* first entry with start > old_end */
  uint32_t n = d->nlines;
  uint32_t row = d->lines[k - 1].row; /* no '\n' lies between that line start and r */
  uint32_t m = S_scan(t, d->len, r, new_end, row, NULL);
  if (new_end > r && t[new_end - 1] == '\r' && new_end < d->len && t[new_end] == '\n' &&
      j < n && d->lines[j].start == old_end + 1) {
    /* A "\r\n" whose '\r' ends the insertion and whose '\n' begins the old tail: the scan
     * found its line start, and the tail has it too. */
    j++;
  }
  uint32_t tail = n - j;
  memmove(d->lines + k + m, d->lines + j, (size_t)tail * sizeof *d->lines);
  S_scan(t, d->len, r, new_end, row, d->lines + k);
  if (tail) {
    /* Shift the tail: its starts by the length difference, its rows by the difference in
     * '\n' count, measured on the tail's first line. Unsigned wrap-around is intended. */
    S_line *first = d->lines + k + m;
    uint32_t new_start = (uint32_t)(first->start - old_end + new_end);
    S_line prev = first[-1];
    uint32_t new_row = prev.row + (t[new_start - 1] == '\n');
    uint32_t dstart = (uint32_t)(new_end - old_end), drow = new_row - first->row;
    for (uint32_t i = 0; i < tail; i++) {
      first[i].start += dstart;
      first[i].row += drow;
    }
  }
  d->nlines = k + m + tail;
}

/* Borrows d (modified in place), text and err; text may even point into d's own text. */
int doc_apply_change(doc *d, doc_position start, doc_position end, const char *text,
                     size_t len, doc_encoding enc, char *err, size_t errlen) {
  size_t a, b;
  if (!text && len > 0) {
    S_err(err, errlen, "no text for a non-empty insertion");
    return -1;
  }
  if (doc_offset_checked(d, start, enc, &a) || doc_offset_checked(d, end, enc, &b)) {
    char msg[128];
    snprintf(msg, sizeof msg, "range %u:%u-%u:%u lies outside the document (%u lines)",
             start.line, start.character, end.line, end.character, d->nlines);
    S_err(err, errlen, msg);
    return -1;
  }
  if (end.line < start.line || (end.line == start.line && end.character < start.character) ||
      b < a) {
    char msg[128];
    snprintf(msg, sizeof msg, "range end %u:%u precedes its start %u:%u", end.line,
             end.character, start.line, start.character);
    S_err(err, errlen, msg);
    return -1;
  }
  size_t removed = b - a;
  if (len > S_MAX_LEN || d->len - removed > S_MAX_LEN - len) {
    S_err(err, errlen, "document would exceed 4 GiB");
    return -1;
  }
  size_t new_len = d->len - removed + len;

  /* The inserted text may point into our own buffer (e.g. a caller copying a line of the
   * document), which the realloc and memmove below would invalidate. */
  char *copy = NULL;
  if (len && (uintptr_t)text >= (uintptr_t)d->text &&
      (uintptr_t)text < (uintptr_t)d->text + d->cap) {
    copy = xmalloc(len);
    memcpy(copy, text, len);
    text = copy;
  }

  /* Everything that can fail happens before the first modification. The rescanned region
   * is the inserted text plus possibly one '\r' before it, so it creates at most one line
   * per line-break byte inserted, plus one. */
  size_t breaks = 0;
  for (size_t i = 0; i < len; i++) breaks += text[i] == '\n' || text[i] == '\r';
  if (S_reserve_lines(d, (size_t)d->nlines + breaks + 1)) {
    free(copy);
    S_err(err, errlen, "document would have more than 2^32 lines");
    return -1;
  }
  if (new_len + 1 > d->cap) {
    size_t cap = d->cap * 2 > new_len + 1 ? d->cap * 2 : new_len + 1;
    d->text = xrealloc(d->text, cap);
    d->cap = cap;
  }

  TSInputEdit edit = {0};
  if (d->tree || d->mark_tree) {
    /* Both old points are taken before the text changes; the new end is the start advanced
     * over the inserted bytes the way tree-sitter's lexer would advance. */
    edit.start_byte = (uint32_t)a;
    edit.old_end_byte = (uint32_t)b;
    edit.new_end_byte = (uint32_t)(a + len);
    edit.start_point = S_point(d, a);
    edit.old_end_point = S_point(d, b);
    edit.new_end_point = edit.start_point;
    for (size_t i = 0; i < len; i++) {
      if (text[i] == '\n') {
        edit.new_end_point.row++;
        edit.new_end_point.column = 0;
      } else {
        edit.new_end_point.column++;
      }
    }
  }

  memmove(d->text + a + len, d->text + b, d->len - b + 1); /* with the NUL */
  if (len) memcpy(d->text + a, text, len);
  d->len = new_len;
  S_update_lines(d, a, b, len);
  free(copy);

  if (d->tree) ts_tree_edit(d->tree, &edit);
  if (d->mark_tree) ts_tree_edit(d->mark_tree, &edit);
  d->tree_stale = 1;
  d->revision++;
  S_span_edit(d, (uint32_t)a, (uint32_t)b, (uint32_t)len);
  return 0;
}

/* Borrows d (modified in place) and text. */
int doc_replace(doc *d, const char *text, size_t len) {
  if (len > S_MAX_LEN || (!text && len > 0)) return -1;
  char *t = xmalloc(len + 1);
  S_line *lines;
  uint32_t n, cap;
  S_build_lines(text ? text : "", len, &lines, &n, &cap);
  if (len) memcpy(t, text, len);
  t[len] = '\0';
  free(d->text);
  free(d->lines);
  d->text = t;
  d->len = len;
  d->cap = len + 1;
  d->lines = lines;
  d->nlines = n;
  d->lines_cap = cap;
  /* Nothing of the old tree can be reused reliably without knowing what changed. */
  if (d->tree) ts_tree_delete(d->tree);
  d->tree = NULL;
  d->tree_stale = 1;
  d->revision++;
  d->span_known = false;
  if (d->mark_tree) ts_tree_delete(d->mark_tree);
  d->mark_tree = NULL;
  return 0;
}

/* tree-sitter 0.20.7 (Debian 12) keeps a node's child count in 16 bits: an ERROR node that
 * its error recovery builds from more than 65,535 tokens (a long run of unclosed brackets
 * or unfinished prefixes, "x = ((((…" or "not not not …" 70,000 times) gets a wrapped count,
 * and ts_tree_delete then frees a pointer inside an array (memory corruption). Such a tree
 * is never deleted nor reused: it is kept aside (the size of one parse of that text) and the
 * text has no tree. The wrapped node's size is summed over the children it still counts, so
 * the root ends before the text does (only trailing blanks may follow a sound root). */
static bool S_tree_is_safe(const TSTree *t, const char *text, size_t len) {
  for (size_t i = ts_node_end_byte(ts_tree_root_node(t)); i < len; i++)
    if (!strchr(" \t\r\n\f\v\\", text[i]) || text[i] == '\0') return false;
  return true;
}

/* The unsafe trees, kept reachable (so that leak checkers see a deliberate choice, not a
 * lost pointer) and never freed. */
static pthread_mutex_t S_kept_lock = PTHREAD_MUTEX_INITIALIZER;
static TSTree **S_kept;
static size_t S_kept_count;

TSTree *doc_parse(TSParser *parser, TSTree *old, const char *text, size_t len) {
  TSTree *t = ts_parser_parse_string(parser, old, text, (uint32_t)len);
  if (!t || S_tree_is_safe(t, text, len)) return t;
  pthread_mutex_lock(&S_kept_lock);
  S_kept = xreallocarray(S_kept, S_kept_count + 1, sizeof *S_kept);
  S_kept[S_kept_count++] = t;
  pthread_mutex_unlock(&S_kept_lock);
  return NULL;
}

/* Returns the tree, owned by d. Borrows parser. */
const TSTree *doc_tree(doc *d, TSParser *parser) {
  if (d->tree && !d->tree_stale) return d->tree;
  if (!parser) return NULL;
  if (ts_parser_language(parser) != doc_language() &&
      !ts_parser_set_language(parser, doc_language()))
    return NULL;
  /* Parsers are shared between documents: a parse of another document that was cancelled
   * would otherwise be resumed here. */
  ts_parser_reset(parser);
  TSTree *t = doc_parse(parser, d->tree, d->text, d->len);
  if (!t) return NULL; /* the old (edited) tree stays, so a retry can still reuse it */
  if (d->tree) ts_tree_delete(d->tree);
  d->tree = t;
  d->tree_stale = 0;
  return t;
}

void doc_drop_tree(doc *d) {
  if (d->tree) ts_tree_delete(d->tree);
  d->tree = NULL;
  d->tree_stale = 1;
  if (d->mark_tree) ts_tree_delete(d->mark_tree);
  d->mark_tree = NULL;
  d->span_known = false;
}

bool doc_has_tree(const doc *d) { return d->tree != NULL; }

uint64_t doc_revision(const doc *d) { return d->revision; }

uint64_t doc_mark(doc *d) {
  d->mark = d->revision;
  d->span_any = false;
  if (d->mark_tree) ts_tree_delete(d->mark_tree);
  d->mark_tree = d->tree && !d->tree_stale ? ts_tree_copy(d->tree) : NULL;
  d->span_known = d->mark_tree != NULL;
  return d->mark;
}

bool doc_changes_since(const doc *d, uint64_t mark, uint32_t *start, uint32_t *old_end,
                       uint32_t *new_end) {
  if (mark != d->mark || !d->span_known || !d->mark_tree || !d->tree || d->tree_stale)
    return false;
  doc span = *d; /* only the span fields are used */
  /* Where the syntax changed, beyond the edited bytes (a quote opening a string that runs to
   * the end of the file), between the tree at the mark and now. */
  uint32_t n = 0;
  TSRange *r = ts_tree_get_changed_ranges(d->mark_tree, d->tree, &n);
  if (!r && n > 0) return false;
  for (uint32_t i = 0; i < n; i++) S_span_cover(&span, r[i].start_byte, r[i].end_byte);
  free(r);
  if (!span.span_any) {
    *start = *old_end = *new_end = 0;
    return true;
  }
  *start = span.span_start;
  *old_end = span.span_old_end;
  *new_end = span.span_new_end;
  return true;
}

bool doc_text_changes_since(const doc *d, uint64_t mark, uint32_t *start, uint32_t *old_end,
                            uint32_t *new_end) {
  if (mark != d->mark || !d->span_known) return false;
  if (!d->span_any) {
    *start = *old_end = *new_end = 0;
    return true;
  }
  *start = d->span_start;
  *old_end = d->span_old_end;
  *new_end = d->span_new_end;
  return true;
}

bool doc_cursor_next(TSTreeCursor *c, bool descend, int *depth) {
  if (descend && ts_tree_cursor_goto_first_child(c)) {
    if (depth) (*depth)++;
    return true;
  }
  for (;;) {
    if (ts_tree_cursor_goto_next_sibling(c)) return true;
    /* A cursor made on a node cannot leave it: this ends the walk at its subtree's end. */
    if (!ts_tree_cursor_goto_parent(c)) return false;
    if (depth) (*depth)--;
  }
}
