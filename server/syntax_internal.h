/* syntax_internal: what the parts of the syntax module share. syntax.c gathers the errors
 * (tokcheck's, the tree's), weighs them as CPython would and writes the messages (syn_check,
 * syn__finish); syntax_place.c makes the compiler's placement checks at the keywords tokcheck
 * marked, from scratch or kept across an edit; syntax_incr.c holds syn_state and syn_update.
 * Not for other modules: they use syntax.h. A syn_list owns its items; syn_state owns its
 * syn_places. */
#ifndef PYLORE_SYNTAX_INTERNAL_H
#define PYLORE_SYNTAX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "kb.h"
#include "syntax.h"
#include "tokcheck.h"

/* Each kind of error: its note id and CPython's wording, used when the note is not loaded. */
typedef enum {
  K_UNEXPECTED_INDENT,
  K_EXPECTED_INDENT,
  K_UNINDENT,
  K_TABS,
  K_COLON,
  K_UNCLOSED,
  K_MISMATCHED,
  K_UNMATCHED,
  K_UNTERMINATED,
  K_FULLWIDTH,
  K_INVALID_CHAR,
  K_BACKTICK,
  K_BACKSLASH,
  K_ASSIGN_IN_CONDITION,
  K_KEYWORD_NAME,
  K_MISSING_COMMA,
  K_ORPHAN_CLAUSE,
  K_OUTSIDE_FUNCTION,
  K_OUTSIDE_LOOP,
  K_OUTSIDE_ASYNC,
  K_INVALID,
  K_COUNT
} syn_kind;

/* Where CPython stands on an error: the tokenizer's errors replace a generic parse error;
 * a specific parse error does not; compile-time errors exist only for a file that parses. */
typedef enum { L_LEXICAL, L_PARSE, L_GENERIC, L_COMPILE } syn_level;

typedef struct {
  syn_kind kind;
  syn_level level;
  uint32_t start, end, order;
  uint32_t stmt_start, stmt_end; /* errors there follow from this one */
  uint32_t line;                 /* {line}: 1-based */
  uint32_t cp;                   /* {char}, {code} */
  char ascii, open, close;
  char what[40];                 /* {what}, {keyword} */
  bool from_tok;                 /* found by tokcheck */
  uint32_t node_start, node_end; /* the ERROR node a tree error comes from */
} syn_err;

typedef struct {
  syn_err *items;
  size_t count, cap;
  size_t limit; /* the tree's errors stop being collected at this count */
} syn_list;

/* The node types the walk looks at, as symbols (comparing numbers, not names, on every node:
 * the walk visits the whole tree). */
typedef struct {
  TSSymbol identifier, string, placement[5]; /* ERROR is (TSSymbol)-1 in every language */
} syn_symbols;

/* ---- syntax.c ---- */

/* Appends an error found (an error of kind `kind` over [start, end), met at `start`) and
 * returns it, borrowed from l (valid until the next append). Never NULL (memory failures
 * abort, xalloc.h). */
syn_err *syn__add(syn_list *l, syn_kind kind, syn_level level, uint32_t start, uint32_t end);
/* Appends tokcheck's errors, up to `limit` of them. */
void syn__from_tokcheck(const tc_errors *te, syn_list *l, size_t limit);
/* Appends the tree's errors (ERROR and MISSING nodes, keywords taken for names), up to
 * l->limit. `known`: the tree's language's symbols, or NULL to look them up. */
void syn__tree_errors(const TSTree *tree, const char *src, const syn_symbols *known,
                      syn_list *l);
/* Weighs the errors found as CPython would and appends up to `max` to `out` (see syntax.c).
 * `starts_in` (lines_in of them) are the text's line starts, or NULL to find them. Frees
 * lp->items. */
void syn__finish(syn_list *lp, const tc_errors *te, const TSTree *tree, const kb *k,
                 kb_lang lang, const unsigned char *enabled, const char *src, size_t len,
                 size_t max, const uint32_t *starts_in, size_t lines_in, syn_errors *out);
/* True when n is an anonymous leaf (a keyword or punctuation) of this type. */
bool syn__leaf_is(TSNode n, const char *type);
/* 1 + the number of line breaks in src[from..to) (to <= len). */
size_t syn__line_count(const char *src, size_t len, size_t from, size_t to);
/* Writes the line starts after the breaks in src[from..to) to out. */
void syn__line_starts(const char *src, size_t len, size_t from, size_t to, uint32_t *out);

/* ---- syntax_place.c ---- */

/* One placement check's result (syntax_place.c). */
typedef struct syn_place syn_place;
/* The placement checks of the last revision, for the next one's (owned by a syn_state). */
typedef struct {
  syn_place *pl; /* one per mark of tc's errors; freed with free() */
  size_t npl;
  bool pl_valid, root_error;
  const TSLanguage *lang; /* of `sym` */
  syn_symbols sym;
} syn_places;

/* The symbols of the node types the walks look at, in `lang`. */
void syn__symbols_init(const TSLanguage *lang, syn_symbols *y);
/* Appends the placement errors of the keywords tokcheck marked. */
void syn__placements(const TSTree *tree, const tc_errors *te, syn_list *l);
/* The same, reusing s's results where the edit `sp` (NULL: unknown) leaves their deciding
 * range alone; s then holds this revision's. */
void syn__places_update(syn_places *s, const syn_span *sp, const TSTree *tree,
                        const tc_errors *te, syn_list *l);

#endif
