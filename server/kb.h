/* kb: the knowledge base. Loads notes (knowledge/<id>/{match.scm,en.md,zh.md}) from the
 * built-in set compiled into the binary or from folders on disk, and combines the queries of
 * each kind into one TSQuery so that a single pass over a tree serves every note.
 * Implemented in kb.c (the note store: loading, lookup), kb_text.c (a note's front matter and
 * Markdown) and kb_query.c (the combined queries; sexp.c reads their roots).
 * Pure C: no JSON, no LSP. Loading problems are collected as messages naming the file; a
 * broken note is rejected and the others still load. */
#ifndef PYLORE_KB_H
#define PYLORE_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "pattern.h"

/* Explanations and pitfalls come with a query; syntax notes explain the errors syntax.c finds
 * and have none. */
typedef enum { KB_EXPLANATION = 0, KB_PITFALL = 1, KB_SYNTAX = 2 } kb_kind;
/* Values are LSP's DiagnosticSeverity numbers. */
typedef enum {
  KB_SEV_NONE = 0,
  KB_SEV_ERROR = 1,
  KB_SEV_WARNING = 2,
  KB_SEV_INFORMATION = 3,
  KB_SEV_HINT = 4
} kb_severity;
typedef enum { KB_EN = 0, KB_ZH = 1, KB_LANG_COUNT = 2 } kb_lang;

/* What an example block claims: `python` / `python nomatch` in explanations,
 * `python bad` / `python good` in pitfalls and syntax notes. */
typedef enum { KB_EX_MATCH, KB_EX_NOMATCH, KB_EX_BAD, KB_EX_GOOD } kb_example_mark;

typedef struct {
  kb_example_mark mark;
  char *code;
} kb_example;

/* Whether a note that flags code (not an explanation) offers an automatic fix (front matter
 * `fix: safe: <title>`), and whether applying it can change what a correct program does
 * (`unsafe`). Only safe fixes are applied by "fix all" and `pylore check --fix`. */
typedef enum { KB_FIX_NONE = 0, KB_FIX_SAFE, KB_FIX_UNSAFE } kb_fix;

/* One language version of a note. All strings are owned by the note. */
typedef struct {
  char *path;          /* where it was loaded from ("knowledge/lambda/en.md", "<built-in>/…") */
  char *title;
  char *hint;          /* NULL when the note has no inline hint */
  kb_fix fix;          /* from `fix:`; the same in every language */
  char *fix_title;     /* the fix's name in this language ("Replace `is` with `==`"), or NULL */
  char *summary_md;    /* the first paragraph, as CommonMark */
  char *summary_text;  /* the first paragraph, as plain text */
  char *body_md;       /* everything after the front matter */
  kb_example *examples;
  size_t example_count;
} kb_text;

typedef struct {
  char *id;
  kb_kind kind;
  kb_severity severity; /* KB_SEV_NONE for explanations */
  kb_fix fix;           /* KB_FIX_NONE when the note offers no fix */
  char **see;
  size_t see_count;
  char *query_path;
  char *query_src;
  bool has_hint_capture; /* some pattern marks @hint: only those matches get the hint */
  kb_text *text[KB_LANG_COUNT]; /* text[KB_EN] always set; others may be NULL */
} kb_note;

typedef struct kb kb;

/* A list of loading problems ("path: message"), filled by the loaders. */
typedef struct {
  char **items;
  size_t count;
  size_t cap;
} kb_problems;
void kb_problems_add(kb_problems *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Frees the messages (not the struct itself). */
void kb_problems_clear(kb_problems *p);

/* An empty knowledge base (never NULL: memory failures abort, xalloc.h). */
kb *kb_new(void);
/* Frees the notes and queries. NULL is a no-op. */
void kb_free(kb *k);

/* Loads the built-in notes. Returns the number of notes rejected (problems appended to
 * `problems` when it is not NULL). */
int kb_load_builtin(kb *k, kb_problems *problems);
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
 * code. `k` itself when there is none (explanations not compiled, out of memory): the same
 * findings, found slower. Borrowed, valid as long as kb_query's result. */
const kb *kb_hint_view(const kb *k);
/* The predicates of that query (see predicate.h). */
const struct pred_set *kb_predicates(const kb *k, kb_kind kind);

/* Parses "en", "zh", "zh-CN", "zh_TW.UTF-8", … into a language; anything not Chinese is
 * English. NULL or "" gives English. */
kb_lang kb_lang_from_locale(const char *locale);
const char *kb_kind_name(kb_kind kind);
const char *kb_severity_name(kb_severity sev);
/* Checks that an id is kebab-case. */
int kb_id_valid(const char *id);

#endif
