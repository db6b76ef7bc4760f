/* tokcheck_internal: what the parts of the tokcheck module share. tokcheck.c is the pass
 * (tc__run: the loop over the bytes, indentation, brackets, the logical line and the
 * parser-level checks made on its tokens) and tc_check; tokcheck_lex.c reads the tokens the
 * loop hands it (characters, keywords, strings with their f-string replacement fields,
 * numbers); tokcheck_incr.c keeps the pass's checkpoints over the revisions of one text
 * (tc_incr) through the hooks the pass calls. Not for other modules: they use tokcheck.h and
 * tokcheck_incr.h. A tc_tok belongs to whoever runs the pass; its text, `out` and `rec` are
 * borrowed. */
#ifndef PYLORE_TOKCHECK_INTERNAL_H
#define PYLORE_TOKCHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tokcheck.h"
#include "tokcheck_incr.h"

/* CPython's limits (MAXLEVEL, MAXINDENT in Parser/tokenizer.h). */
#define TC_MAX_LEVEL 200
#define TC_MAX_INDENT 100

typedef struct tc_tok tc_tok;

/* What the pass tells an incremental run: each line start not after a backslash
 * continuation (`inside` brackets or not), where it may keep a checkpoint, or stop the pass
 * (t->stop) on meeting an old one; and the end of each logical line. */
typedef struct {
  void (*line_start)(tc_tok *t, bool inside);
  void (*line_ended)(tc_tok *t);
} tc_hooks;

typedef struct {
  char ch;
  uint32_t byte, len, row, col;
} tc_bracket;

/* The state of the logical line being read (see tc_tok.ln). */
typedef struct {
  size_t ll_first_error; /* index in out of its first error */
  const char *ll_what;   /* the header keyword's description, when it starts with one */
  bool ll_soft;          /* starts with `match`/`case`: a header only if it ends with `:` */
  bool ll_any, ll_has_colon, ll_last_colon, ll_first_token;
  int ll_lambdas;
  uint32_t ll_what_row;
  size_t ll_last_end; /* end of its last token */
  uint32_t ll_last_row, ll_last_col;
  /* The logical line's tokens: the class of the previous one, where the expression being
   * read at each bracket level starts (a missing comma is reported from there). */
  int prev_cls;
  bool prev_string, prev_name, generic_reported;
  const char *prev_kw; /* the previous token, when it is a keyword */
  size_t prev_kw_at, prev_dot_at, prev_end_at;
  bool prev_is_dot, ll_import, prev_kw_named, ll_lax;
  size_t prev_word_at, prev_word_len;
  unsigned char ll_second; /* the first byte of the logical line's second token */
  bool comma_reported, cond_paren;
  int ll_ntok;
  unsigned char ll_head;
  bool ll_async, ll_last_kind_op; /* starts with `async`; the last token is an operator */
} tc_line;

/* Where the expression being read at a bracket level starts. */
typedef struct {
  size_t at;
  uint32_t row, col;
  bool pending;
} tc_expr;

struct tc_tok {
  const unsigned char *s;
  size_t n, i;
  tc_errors *out;
  bool stop; /* an error CPython cannot tokenize past */
  /* What a line start outside brackets and continuations carries to the next lines (a
   * checkpoint, tc_cp, holds exactly this): */
  uint32_t row;
  size_t line_start;
  int level;
  int ind[TC_MAX_INDENT + 1], alt[TC_MAX_INDENT + 1];
  int depth; /* of the indentation stack */
  /* Per indentation level, the compound statement last begun there (an S_head code): what
   * an `else`/`elif`/`except`/`finally` at that level may follow. */
  unsigned char head[TC_MAX_INDENT + 1];
  /* The previous logical line ended with a header's `:`: the next must be indented. */
  bool pending;
  const char *pending_what;
  uint32_t pending_row;
  /* Where the last logical line started: an error at the end of the file after a header
   * (expected an indented block) belongs to it. */
  size_t ll_start;
  /* An incremental run's (tokcheck_incr.c; all NULL for tc_check): `hooks` records
   * checkpoints into `rec` and looks for convergence with the old ones (`conv`). */
  const tc_hooks *hooks;
  tc_incr *rec;
  struct tc_conv *conv;
  size_t converged; /* index of the old checkpoint met + 1, or 0 */
  /* The logical line being read: everything in it is written before it is read in each
   * logical line; it is zeroed at each line start outside brackets, so that a run resumed
   * from a checkpoint is the same as a run from the start. */
  tc_line ln;
  /* ---- Read only below `level` (the brackets) or after being set (expr). */
  tc_bracket br[TC_MAX_LEVEL];
  tc_expr expr[TC_MAX_LEVEL + 1];
};

/* ---- tokcheck.c ---- */

/* The pass from t->i, a line start outside brackets and continuations (the start of the text,
 * or a checkpoint's state), to the end of the text, an error that stops it, or a hook that
 * stops it. */
void tc__run(tc_tok *t);
/* Appends an error that ends tokenizing (sets t->stop); returns it, borrowed from t->out
 * (valid until the next append). */
tc_error *tc__fatal(tc_tok *t, tc_kind kind, size_t byte, size_t end, uint32_t row,
                    uint32_t col, size_t order);
/* At a line break (\n, \r\n or \r) at t->i: steps over it and starts the next line. */
bool tc__newline(tc_tok *t);
/* True when byte i of the text is a line break (false at or past the end). */
bool tc__is_nl(const tc_tok *t, size_t i);

/* ---- tokcheck_lex.c ---- */

/* The keyword s[0..n) as a static string, or NULL. */
const char *tc__keyword(const unsigned char *s, size_t n);
/* True when p[0..n) is a string prefix Python accepts (r, b, f, t, u, and rb, fr, tr in
 * either order and any case). */
bool tc__is_prefix(const unsigned char *p, size_t n);
/* Reads the string whose opening quote is at t->i (its prefix already read; `fmt`: an f- or
 * t-string, whose replacement fields are read too, nested `depth` deep). Returns 0, or -1
 * after an error that stops the pass (an unterminated string is reported at the outermost
 * string's start: outer, orow, ocol). */
int tc__string(tc_tok *t, bool fmt, int depth, size_t outer, uint32_t orow, uint32_t ocol);
/* The end of the number that starts at byte `a`. */
size_t tc__number(const tc_tok *t, size_t a);

#endif
