/* kb_types: the values of the knowledge base that its parts share without the note store: a
 * note and its language texts, kinds, severities, languages, loading problems, and the few
 * functions over them alone. kb_text.c (parsing a language file) builds on this, kb.c (the
 * store) on both, so that parsing a note needs no store. Pure C, no I/O. */
#ifndef PYLORE_KB_TYPES_H
#define PYLORE_KB_TYPES_H

#include <stdbool.h>
#include <stddef.h>

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

/* Parses "en", "zh", "zh-CN", "zh_TW.UTF-8", … into a language; anything not Chinese is
 * English. NULL or "" gives English. */
kb_lang kb_lang_from_locale(const char *locale);
const char *kb_kind_name(kb_kind kind);
const char *kb_severity_name(kb_severity sev);
/* Checks that an id is kebab-case. */
int kb_id_valid(const char *id);

#endif
