/* syntax: the syntax errors of a document, each where CPython finds it and explained by a
 * note of kind `syntax`. Three sources, combined as CPython orders them:
 *   - tokcheck's pass over the bytes (indentation, brackets, strings, characters, a missing
 *     `:` after a header);
 *   - tree-sitter's ERROR and MISSING nodes, read as the shapes beginners write (`=` in a
 *     condition, a keyword as a name, a missing comma, `else` without its `if`), else
 *     "invalid syntax" at the first token that cannot continue;
 *   - the checks CPython's compiler makes on a tree that parses (`return`/`yield` outside a
 *     function, `break`/`continue` outside a loop, `await` outside `async def`), reported
 *     only when nothing else is wrong, as CPython does.
 * The first error is the one CPython reports; an error that follows from it (the same
 * logical line, everything after an unclosed bracket) is not reported again.
 * syn_update gives the same errors after an edit, re-reading only around it (a syn_state
 * carried from one revision of the text to the next).
 * Pure C: byte ranges and note indexes out, no JSON, no I/O. */
#ifndef PYLORE_SYNTAX_H
#define PYLORE_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "kb.h"

/* The range of each error is what a quick fix needs:
 *   missing-colon          empty, at the end of the header: insert ":" there;
 *   fullwidth-punctuation  the character: replace it with the ASCII one (the message names it);
 *   assign-in-condition    from the left operand to the `=`, which is the range's last byte:
 *                          replace that byte with "==";
 *   keyword-as-name        the keyword; unclosed-bracket the opening bracket; unmatched- and
 *                          mismatched-bracket the closing one; invalid-character the character;
 *   unterminated-string    the string's first character; the indentation errors the
 *                          indentation (unexpected-indent, unindent-mismatch, mixed-tabs-spaces)
 *                          or the first token of the line that should be indented. */
typedef struct {
  uint32_t start_byte, end_byte; /* what to underline; a fix replaces or inserts here */
  TSPoint start, end;
  uint32_t note;  /* index of the explaining note in the kb, UINT32_MAX when it is not loaded */
  const char *id; /* the note id (static string): the diagnostic code */
  /* The note's summary in the asked language with the specifics filled in ({line},
   * {char}, …), or CPython's wording when the note is not loaded. */
  char message[320];
} syn_error;

typedef struct {
  syn_error *items;
  size_t count, cap;
} syn_errors;

/* Appends up to `max` syntax errors of src[0..len) (whose tree is `tree`) to `out`, sorted by
 * position. `k` may be NULL (messages in CPython's words). `enabled` is NULL or kb_count(k)
 * flags: an error whose note is disabled is not reported. It cannot fail (memory failures
 * abort, xalloc.h). */
void syn_check(const kb *k, kb_lang lang, const unsigned char *enabled, const TSTree *tree,
               const char *src, size_t len, size_t max, syn_errors *out);
/* The syntax errors kept up to date over the revisions of one document: what the last
 * check found (tokcheck's checkpoints and errors, the placement checks with the range that
 * decides each, the line starts), from which the next revision's errors are found by
 * re-reading only around the edit. The errors are syn_check's, byte for byte. */
typedef struct syn_state syn_state;
/* What changed since the previous call: bytes [start, old_end) of the text then are
 * [start, new_end) now, the rest is the same text, shifted, with the same tree (the span
 * covers tree-sitter's changed ranges: doc_changes_since gives such a span). */
typedef struct {
  uint32_t start, old_end, new_end;
  /* When `text` is set: the edited bytes alone, inside the span (doc_text_changes_since); the
   * tokenizer pass needs no more. */
  bool text;
  uint32_t text_start, text_old_end, text_new_end;
} syn_span;
/* An empty state (never NULL: memory failures abort, xalloc.h). syn_state_free(NULL) is a
 * no-op. */
syn_state *syn_state_new(void);
void syn_state_free(syn_state *s);
/* Appends to `out` what syn_check(k, lang, enabled, tree, src, len, max, out) would. `span`
 * is NULL when the change since the previous call is not known (or there was none before):
 * everything is checked. It cannot fail (memory failures abort, xalloc.h). */
void syn_update(syn_state *s, const syn_span *span, const kb *k, kb_lang lang,
                const unsigned char *enabled, const TSTree *tree, const char *src, size_t len,
                size_t max, syn_errors *out);
/* The distance between the tokenizer pass's checkpoints (tc_incr_set_spacing). */
void syn_state_set_spacing(syn_state *s, size_t bytes);
/* Bytes the tokenizer pass read in the last syn_update (for benchmarks and tests). */
size_t syn_state_read(const syn_state *s);

/* Frees the items (not the struct); the list can be reused. */
void syn_errors_clear(syn_errors *e);
/* True when a syntax error starts inside [start, end): a finding over that range was made on
 * a statement that does not parse (tree-sitter's recovery can make `print("a", b c)` look
 * like a Python 2 print statement), and the syntax error is the one to show. */
bool syn_errors_within(const syn_errors *e, uint32_t start, uint32_t end);
/* The index of the error under `byte` (inside its range, or at its position when it has no
 * width, or on the character before a position at the end of a line), or -1. */
long syn_errors_at(const syn_errors *e, uint32_t byte);

/* The ids of every syntax note pylore reports (NULL-terminated, static). */
extern const char *const syn_ids[];

#endif
