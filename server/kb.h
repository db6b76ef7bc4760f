/* kb: the knowledge base. Loads notes (knowledge/<id>/{match.scm,en.md,zh.md}) from the
 * built-in set compiled into the binary or from folders on disk, and combines the queries of
 * each kind into one TSQuery so that a single pass over a tree serves every note.
 * Implemented in kb.c (the note store: loading, lookup), kb_text.c (a note's front matter and
 * Markdown) and kb_query.c (the combined queries; sexp.c reads their roots); the values they
 * share (a note, its texts, loading problems) are kb_types.h, below all three.
 * Pure C: no JSON, no LSP. Loading problems are collected as messages naming the file; a
 * broken note is rejected and the others still load. */
#ifndef PYLORE_KB_H
#define PYLORE_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "kb_types.h"
#include "pattern.h"

typedef struct kb kb;


/* An empty knowledge base (never NULL: memory failures abort, xalloc.h). */
kb *kb_new(void);
/* Frees the notes and queries. NULL is a no-op. */
void kb_free(kb *k);

/* Loads the built-in notes. Returns the number of notes rejected (problems appended to
 * `problems` when it is not NULL). */
int kb_load_builtin(kb *k, kb_problems *problems);
/* The same, for the notes whose id `keep` accepts (keep NULL: all). */
int kb_load_builtin_if(kb *k, bool (*keep)(const char *id, const void *arg), const void *arg,
                       kb_problems *problems);
/* Loads every <id>/ folder under `dir`; a note whose id is already present replaces it.
 * Returns the number of notes rejected, or -1 when `dir` cannot be read (also a problem). */
int kb_load_dir(kb *k, const char *dir, kb_problems *problems);
/* Loads the note in folder `dir` (match.scm, en.md, zh.md) under the id `id`. Returns 0, or
 * -1 when rejected. */
int kb_load_note_dir(kb *k, const char *dir, const char *id, kb_problems *problems);
/* Loads every folder of a ':'-separated list (as in PYLORE_NOTES), in order. Returns the
 * number of notes rejected. */
int kb_load_path_list(kb *k, const char *list, kb_problems *problems);
/* Reports every `see:` id that names no loaded note. Returns how many. */
int kb_check_links(const kb *k, kb_problems *problems);
/* Queries whose brackets nest deeper are refused (tree-sitter's query parser recurses). */
#define KB_MAX_QUERY_DEPTH 100
/* Loads one note from memory. `zh_md` may be NULL. Paths name the sources in messages.
 * Returns 0, or -1 when rejected. */
int kb_load_note(kb *k, const char *id, const char *scm_path, const char *scm,
                 const char *en_path, const char *en_md, const char *zh_path, const char *zh_md,
                 kb_problems *problems);

/* Builds the combined queries of both kinds. Must be called after loading and before
 * kb_query. Notes whose query breaks the combination are reported and dropped. Returns 0, or
 * -1 when a query could not be built at all. */
int kb_compile(kb *k, kb_problems *problems);
/* The same for the chosen kinds only: compiling a query is costly (tree-sitter analyses the
 * grammar for it), and `check` needs no explanations. A kind not compiled has no query. */
int kb_compile_kinds(kb *k, bool explanations, bool pitfalls, kb_problems *problems);

size_t kb_count(const kb *k);
/* Borrowed pointers, valid until kb_free or the next load. */
const kb_note *kb_note_at(const kb *k, size_t index);
/* Index of the note with this id, or -1. */
long kb_find(const kb *k, const char *id);
/* The text in `lang`, falling back to English. */
const kb_text *kb_note_text(const kb_note *n, kb_lang lang);

/* The combined query of one kind (NULL when no note of that kind loaded), and for a pattern
 * of it, the note index it came from. Both valid until kb_free or the next load/compile. */
const TSQuery *kb_query(const kb *k, kb_kind kind);
uint32_t kb_pattern_note(const kb *k, kb_kind kind, uint32_t pattern_index);
/* The capture indexes of @construct and @hint in that query (UINT32_MAX when absent). */
uint32_t kb_construct_capture(const kb *k, kb_kind kind);
uint32_t kb_hint_capture(const kb *k, kb_kind kind);
/* Which alternative of the note's `hint` a capture selects: 1 for @hint, N for @hint.N
 * (2..9), 0 for any other capture. */
#define KB_MAX_CAPTURES 256
unsigned kb_hint_alternative(const kb *k, kb_kind kind, uint32_t capture);
/* True when a pattern of that query is rooted at the `module` node: such a query must run
 * from the root even for a single position. */
bool kb_module_rooted(const kb *k, kb_kind kind);
/* Where a pattern's @construct sits below the pattern's root node (read off its text by
 * pat_capture_shape), or NULL when not known (a sequence of siblings). */
const pat_shape *kb_pattern_shape(const kb *k, kb_kind kind, uint32_t pattern_index);
/* True when some pattern of that query can start at a node of this type. */
bool kb_can_start_at(const kb *k, kb_kind kind, const char *type);
/* The knowledge base inline hints run on (an_hints): the same notes under the same indexes,
 * whose explanation query holds only the patterns that can place a hint (those of a note
 * with a `hint` that capture @hint or @hint.N, or every pattern of such a note that marks
 * none). Built by kb_compile from the explanation query, so adding a hint to a note needs no
 * code. `k` itself when there is none (explanations not compiled): the same
 * findings, found slower. Borrowed, valid as long as kb_query's result. */
const kb *kb_hint_view(const kb *k);
/* The predicates of that query (see predicate.h). */
const struct pred_set *kb_predicates(const kb *k, kb_kind kind);


#endif
