/* tokcheck: the checks Python's tokenizer makes and tree-sitter does not. tree-sitter-python
 * accepts an empty block, an unindent to no outer level, tabs mixed with spaces, and recovers
 * from unclosed brackets and strings far from where they started; CPython refuses each at a
 * precise place. One linear pass over the bytes, in the manner of CPython's tokenizer:
 * the indentation stack (tabs to multiples of 8 against tabs as 1, as CPython compares them),
 * bracket balance, strings (prefixes, triple quotes, f-/t-strings with nested replacement
 * fields as in Python 3.12+), backslash continuations, characters that cannot start a token
 * (with the ASCII character meant for the full-width punctuation of Chinese and Japanese
 * input methods), and parser-level checks that need only the tokens: a block header without
 * its `:`, a header with no indented block after it, two items in brackets without a comma,
 * `=` in a condition, and `else`/`elif`/`except`/`finally` after a statement they cannot
 * follow.
 * Pure C: bytes in, errors out; no tree, no JSON, no I/O. Identifier characters outside ASCII
 * are judged by a table of the punctuation and symbol blocks, not the full Unicode database:
 * letters of every script pass, punctuation and symbols are refused. */
#ifndef PYLORE_TOKCHECK_H
#define PYLORE_TOKCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  TC_UNEXPECTED_INDENT,  /* a line indented deeper than the block it is in */
  TC_EXPECTED_INDENT,    /* `what` is the header ("'for' statement"), other_row its line */
  TC_UNINDENT_MISMATCH,  /* an unindent to a column no outer block uses */
  TC_TAB_ERROR,          /* indentation that compares differently with tabs as 8 or as 1 */
  TC_MISSING_COLON,      /* a header (`what`) whose logical line has no `:` */
  TC_UNCLOSED_BRACKET,   /* `open` never closed (the innermost one at the end of the file) */
  TC_MISMATCHED_BRACKET, /* `close` does not match `open` (opened on other_row) */
  TC_UNMATCHED_BRACKET,  /* `close` with nothing open */
  TC_UNTERMINATED_STRING, /* other_row: the line where the end of line was met */
  TC_UNTERMINATED_TRIPLE, /* other_row: the last line */
  TC_FULLWIDTH,          /* full-width punctuation: `codepoint`, and `ascii` the character meant */
  TC_INVALID_CHAR,       /* any other character that cannot appear outside strings and comments */
  TC_BACKTICK,           /* Python 2's `x` repr syntax */
  TC_BACKSLASH,          /* a `\` not at the end of its line (or at the end of the file) */
  TC_TOO_DEEP,           /* more than 200 open brackets or 100 indentation levels */
  TC_MISSING_COMMA,      /* two items in brackets with nothing between: underlines the first */
  TC_ASSIGN_IN_CONDITION, /* `=` in the condition of an `if`/`elif`/`while` */
  TC_ORPHAN_CLAUSE,      /* `what` (else, elif, except, finally) with no statement it belongs to */
  TC_EXPECTED_EXCEPT,    /* a `try` block followed by neither `except` nor `finally` */
  TC_GENERIC,            /* a line that cannot end there (`x =`, `name:`): "invalid syntax" */
  TC_KEYWORD_NAME        /* `what`, a keyword, where a name goes: `x.class`, `def for`, `if = 1` */
} tc_kind;

typedef struct {
  tc_kind kind;
  uint32_t byte, end_byte; /* what to underline (end_byte == byte: a position) */
  uint32_t row, col;       /* of `byte`: 0-based line, byte column */
  /* Where CPython's parser would meet the error: a tokenizer error is met when the token is
   * read (an unclosed bracket only at the end of the file), a missing `:` at the end of the
   * header. Orders tokcheck's errors against the grammar's. */
  uint32_t order_byte;
  /* CPython's tokenizer raises it (so it replaces a generic "invalid syntax" found earlier,
   * as CPython's full-source tokenize check does); false for the parser-level checks
   * (indentation expectations, missing `:`). */
  bool lexical;
  bool generic; /* CPython's "invalid syntax": any tokenizer error in the file replaces it */
  /* The logical line that holds the error, [stmt_start, stmt_end): a grammar error there
   * follows from this one. An error that stops tokenizing (an unclosed bracket or string)
   * extends to the end of the file. */
  uint32_t stmt_start, stmt_end;
  uint32_t other_row;
  uint32_t codepoint;
  char open, close, ascii;
  const char *what; /* static string, or NULL */
} tc_error;

typedef struct {
  tc_error *items;
  size_t count, cap;
  /* Where each `return`, `yield`, `await`, `break` and `continue` starts: the compiler's
   * checks of their placement look only there instead of walking the whole tree. */
  uint32_t *marks;
  size_t mark_count, mark_cap;
  /* Where tree-sitter-python 0.23.6 is known to see an error in valid code: the start and
   * end of each logical line in which a line inside brackets starts left of the block's
   * indentation (its scanner closes blocks there). Pairs: lax[2i], lax[2i+1]. */
  uint32_t *lax;
  size_t lax_count, lax_cap;
} tc_errors;

/* Appends the errors of src[0..len) to `out` in the order found. Tokenizing stops at the
 * first error CPython cannot tokenize past (a bracket, string, indentation, continuation or
 * nesting error); invalid characters and the parser-level checks are recovered from, so
 * several of those can be reported. The same pass kept up to date over the revisions of one
 * text: tokcheck_incr.h. */
void tc_check(const char *src, size_t len, tc_errors *out);
/* Frees the items (not the struct); the list can be reused. */
void tc_errors_clear(tc_errors *e);

/* True when s[0..n) is one of Python's hard keywords (not the soft ones: match, case, type,
 * _). */
bool tc_is_keyword(const char *s, size_t n);
/* The code point of the UTF-8 sequence at s[0..n) and its length in *len (0 when invalid). */
uint32_t tc_decode(const unsigned char *s, size_t n, size_t *len);
/* The ASCII punctuation a full-width (or CJK) punctuation character stands for, or 0. */
char tc_fullwidth_ascii(uint32_t cp);
/* True when a character outside ASCII may appear in an identifier (approximately
 * XID_Continue: see the header comment). */
bool tc_is_identifier_char(uint32_t cp);

#endif
