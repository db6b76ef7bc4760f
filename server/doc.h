/* doc: one open Python document: its text, a line index, position conversion in the three
 * LSP encodings, and its tree-sitter tree kept up to date with incremental edits.
 * Pure C: no JSON, no I/O. Lines end at "\n", "\r\n" or "\r" (as LSP says). Invalid UTF-8 is
 * tolerated everywhere: each invalid byte counts as one character (one UTF-16 unit). */
#ifndef PYLORE_DOC_H
#define PYLORE_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef enum { DOC_UTF8 = 0, DOC_UTF16 = 1, DOC_UTF32 = 2 } doc_encoding;

/* A zero-based LSP position; `character` counts code units of the chosen encoding. */
typedef struct {
  uint32_t line;
  uint32_t character;
} doc_position;

typedef struct doc doc;

/* The tree-sitter language of pylore's documents (tree-sitter-python). */
const TSLanguage *doc_language(void);
/* A new parser for doc_language(), or NULL. The caller frees it with ts_parser_delete. A
 * parser is not thread-safe: use one per thread. */
TSParser *doc_parser_new(void);

/* Creates a document holding a copy of text[0..len). Returns NULL only for text past the
 * 4 GiB limit (or NULL text with len > 0). No parse happens until doc_tree is called. */
doc *doc_new(const char *text, size_t len);
/* Frees the document and its tree. NULL is a no-op. */
void doc_free(doc *d);

/* The text (NUL-terminated, owned by the document, valid until the next change). */
const char *doc_text(const doc *d);
size_t doc_length(const doc *d);
/* Number of lines: line terminators + 1 (an empty document has one line). */
uint32_t doc_line_count(const doc *d);
/* Byte offset where `line` starts; doc_length(d) for lines past the end. */
size_t doc_line_start(const doc *d, uint32_t line);
/* Byte offset where `line`'s content ends (before its terminator). */
size_t doc_line_end(const doc *d, uint32_t line);

/* Converts a position to a byte offset, clamping as LSP says: a character past the end of
 * its line means the end of the line; a line past the last line means the end of the
 * document. A character in the middle of a UTF-16 surrogate pair or a UTF-8 sequence
 * resolves to the start of that character. */
size_t doc_offset_at(const doc *d, doc_position pos, doc_encoding enc);
/* Converts a byte offset (clamped to the text's length; inside a character → that
 * character's start) to a position. */
doc_position doc_position_at(const doc *d, size_t offset, doc_encoding enc);
/* Like doc_offset_at, but reports out-of-range instead of clamping: returns 0 and sets
 * *offset when pos.line < doc_line_count(d) (the character still clamps to the line's end) or
 * pos is (doc_line_count(d), 0), the end of the document; -1 otherwise. Used to validate edit
 * ranges. */
int doc_offset_checked(const doc *d, doc_position pos, doc_encoding enc, size_t *offset);

/* Replaces the range [start, end) with text[0..len). A range whose lines lie outside the
 * document or whose end precedes its start is rejected: returns -1, writes a reason to err
 * (when errlen > 0) and leaves the document unchanged. On success returns 0, updates the text
 * and line index and, when a tree exists, records the edit with ts_tree_edit so the next
 * doc_tree reparses incrementally. */
int doc_apply_change(doc *d, doc_position start, doc_position end, const char *text,
                     size_t len, doc_encoding enc, char *err, size_t errlen);
/* Replaces the whole text (a full-sync change). The next doc_tree parses from scratch.
 * Returns 0, or -1 for text past the 4 GiB limit (document unchanged). */
int doc_replace(doc *d, const char *text, size_t len);

/* Parses text (reusing `old`, edited, when not NULL) like ts_parser_parse_string, but
 * returns NULL instead of a tree that tree-sitter 0.20.7 cannot free safely (an ERROR node
 * of more than 65,000 children, from tens of thousands of unclosed brackets): such a tree is
 * leaked on purpose. Every parse of user text goes through here. */
TSTree *doc_parse(TSParser *parser, TSTree *old, const char *text, size_t len);
/* The document's syntax tree, (re)parsed with `parser` if the text changed since the last
 * parse, reusing the old tree for an incremental parse. The tree is owned by the document
 * and valid until the next change or doc_free; NULL only if parsing failed (cancelled, or
 * a tree doc_parse refuses). */
const TSTree *doc_tree(doc *d, TSParser *parser);

/* Frees the tree (and the one kept at the mark) to save memory; the text stays. The next
 * doc_tree parses from scratch, and what changed since the mark is unknown from now on
 * (doc_changes_since returns false), so the next analysis starts from scratch too. */
void doc_drop_tree(doc *d);
/* Whether the document holds a tree (parsed, or edited since and waiting for a reparse). */
bool doc_has_tree(const doc *d);

/* A number that grows with every change of the text (starts at 0). */
uint64_t doc_revision(const doc *d);
/* Starts recording what changes from now on, for doc_changes_since; returns the current
 * revision. One consumer per document (the findings cache). */
uint64_t doc_mark(doc *d);
/* What changed since the mark `mark`, as one span: bytes [start, old_end) of the text then
 * are [start, new_end) now, and the rest is the same text, shifted after the span, with the
 * same syntax (the span includes the ranges where the reparsed tree differs: call doc_tree
 * first). Returns false when that is not known (another mark, a full replace, a tree not
 * reparsed yet). No change at all gives start == old_end == new_end == 0. */
bool doc_changes_since(const doc *d, uint64_t mark, uint32_t *start, uint32_t *old_end,
                       uint32_t *new_end);

/* Like doc_changes_since, but the edited bytes alone, without the ranges where the tree
 * changed (a pass over the text that keeps its own state needs no more). */
bool doc_text_changes_since(const doc *d, uint64_t mark, uint32_t *start, uint32_t *old_end,
                            uint32_t *new_end);

/* Moves a cursor to the next node of a pre-order walk: into the current node's first child
 * when `descend` (and it has one), else to the next sibling of it or of its nearest ancestor
 * that has one. Returns false when the walk of the subtree the cursor was created on is over.
 * `depth` (may be NULL) follows the moves: +1 into a child, -1 per ancestor climbed. The
 * walk is iterative, so trees of any depth are safe. */
bool doc_cursor_next(TSTreeCursor *c, bool descend, int *depth);

#endif
