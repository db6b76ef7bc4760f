/* tokcheck_incr (tokcheck_incr.h): the pass's checkpoints, recorded through its hooks, and
 * the update that re-reads from the last checkpoint before an edit until the state converges
 * with an old one after it. See tokcheck_internal.h. */
#include "tokcheck_incr.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tokcheck_internal.h"
#include "xalloc.h"

/* Appends n items of `size` bytes from `from` to the array *items (count *count, capacity
 * *cap). */
static void S_append_any(void **items, size_t *count, size_t *cap, size_t size,
                         const void *from, size_t n) {
  if (*count + n > *cap) {
    size_t c = *cap ? *cap : 8;
    while (c < *count + n) c *= 2;
    *items = xreallocarray(*items, c, size);
    *cap = c;
  }
  if (n) memcpy((char *)*items + *count * size, from, n * size);
  *count += n;
}


/* A checkpoint holds indentation stacks this deep, and bracket stacks this deep, at most;
 * deeper line starts get none. */
#define TC_CP_DEPTH 12
#define TC_CP_LEVEL 4
#define S_NONE UINT32_MAX

typedef struct {
  uint32_t pos, row;                /* a line start, not after a backslash continuation */
  uint32_t n_err, n_mark, n_lax;    /* the lengths of the outputs there */
  uint32_t ll_start, pending_row;
  uint32_t inner;                   /* inside brackets: its S_inner; S_NONE outside */
  const char *pending_what;
  int32_t ind[TC_CP_DEPTH], alt[TC_CP_DEPTH];
  unsigned char head[TC_CP_DEPTH];
  unsigned char depth;
  bool pending;
} tc_cp;

/* What a line start inside brackets carries besides: the logical line read so far. */
typedef struct {
  tc_line ln;
  uint32_t ll_end; /* where the logical line ends (found later), S_NONE: never */
  int level;
  tc_bracket br[TC_CP_LEVEL];
  tc_expr expr[TC_CP_LEVEL + 1];
} S_inner;

struct tc_incr {
  tc_errors e;
  tc_cp *cps; /* by position */
  size_t ncp, cap;
  S_inner *inner;
  size_t ninner, icap;
  size_t len;  /* of the text checked */
  bool valid;  /* e and cps describe that text */
  size_t read; /* bytes read by the last check or update */
  size_t spacing; /* between checkpoints, 0: TC_CP_BYTES */
};

/* An update: the edit, and where the old state is looked for (line starts after it). */
struct tc_conv {
  const tc_cp *old;
  const S_inner *old_inner;
  size_t nold, j;  /* j: the next old checkpoint to compare */
  size_t min_pos;  /* line starts before this (the edit's end + 1) are not compared */
  uint32_t start, old_end;
  int64_t delta;   /* new position - old position after the edit */
  /* Set by the comparison that succeeds: the row shift after the edit, and the old row of
   * the edit's end (rows before it keep their numbers). */
  int64_t drow;
  uint32_t row_oe;
};

/* Old position → new: before the edit the same, after it shifted. The states compared never
 * hold a position in the edit, nor one that reads bytes in it (see S_pos_ok). */
static uint32_t S_map_pos(const struct tc_conv *cv, uint32_t p) {
  return p < cv->start ? p : (uint32_t)((int64_t)p + cv->delta);
}

static uint32_t S_map_row(const struct tc_conv *cv, uint32_t r) {
  return cv->drow == 0 || r < cv->row_oe ? r : (uint32_t)((int64_t)r + cv->drow);
}

/* A position (and its row) in the old state that may be compared: well before the edit (and
 * on an earlier line when the edit moves lines), or after it, past the few bytes the pass
 * looks back. */
static bool S_pos_ok(const struct tc_conv *cv, size_t p, uint32_t row) {
  if (p < cv->start) return cv->drow == 0 || row < cv->row_oe;
  return p >= (size_t)cv->old_end + 4;
}

/* The old (position, row) pair is the new one, mapped. */
static bool S_pair_eq(const struct tc_conv *cv, size_t op, uint32_t orow, size_t np, uint32_t nrow) {
  return S_pos_ok(cv, op, orow) && S_map_pos(cv, (uint32_t)op) == np &&
         S_map_row(cv, orow) == nrow;
}

static void S_cp_push(tc_incr *s, const tc_cp *cp) {
  S_append_any((void **)&s->cps, &s->ncp, &s->cap, sizeof *cp, cp, 1);
}

/* The logical line inside brackets, old and new, is the same (mapped). */
static bool S_inner_eq(const struct tc_conv *cv, const S_inner *o, const tc_tok *t,
                       uint32_t o_ll_start) {
  const tc_line *a = &o->ln, *b = &t->ln;
  if (o->level != t->level) return false;
  if (a->ll_what != b->ll_what || a->ll_soft != b->ll_soft || a->ll_any != b->ll_any ||
      a->ll_has_colon != b->ll_has_colon || a->ll_last_colon != b->ll_last_colon ||
      a->ll_first_token != b->ll_first_token || a->ll_lambdas != b->ll_lambdas ||
      a->prev_cls != b->prev_cls || a->prev_string != b->prev_string ||
      a->prev_name != b->prev_name || a->generic_reported != b->generic_reported ||
      a->prev_kw != b->prev_kw || a->prev_is_dot != b->prev_is_dot ||
      a->ll_import != b->ll_import || a->prev_kw_named != b->prev_kw_named ||
      a->ll_lax != b->ll_lax || a->ll_second != b->ll_second ||
      a->comma_reported != b->comma_reported || a->cond_paren != b->cond_paren ||
      a->ll_ntok != b->ll_ntok || a->ll_head != b->ll_head || a->ll_async != b->ll_async ||
      a->ll_last_kind_op != b->ll_last_kind_op || a->ll_last_col != b->ll_last_col)
    return false;
  /* the logical line's start, with the row of its first word */
  if (!S_pair_eq(cv, o_ll_start, a->ll_what_row, t->ll_start, b->ll_what_row)) return false;
  if (!S_pair_eq(cv, a->ll_last_end, a->ll_last_row, b->ll_last_end, b->ll_last_row))
    return false;
  /* token positions read again (rows: not kept, the row check is the line start's) */
  uint32_t any_row = 0;
  if (!S_pair_eq(cv, a->prev_end_at, any_row, b->prev_end_at, any_row) && a->ll_any)
    return false;
  if (a->prev_kw && !S_pair_eq(cv, a->prev_kw_at, any_row, b->prev_kw_at, any_row)) return false;
  if (a->prev_is_dot && !S_pair_eq(cv, a->prev_dot_at, any_row, b->prev_dot_at, any_row))
    return false;
  if (a->prev_name) {
    /* the word is read again: all of it on one side of the edit */
    if (a->prev_word_len != b->prev_word_len ||
        !S_pair_eq(cv, a->prev_word_at, any_row, b->prev_word_at, any_row) ||
        (a->prev_word_at < cv->start) != (a->prev_word_at + a->prev_word_len < cv->start))
      return false;
  }
  for (int k = 0; k < t->level; k++) {
    const tc_bracket *x = &o->br[k], *y = &t->br[k];
    if (x->ch != y->ch || x->len != y->len || x->col != y->col ||
        !S_pair_eq(cv, x->byte, x->row, y->byte, y->row) ||
        (x->byte < cv->start) != (x->byte + x->len < cv->start))
      return false;
  }
  for (int k = 0; k <= t->level; k++) {
    const tc_expr *x = &o->expr[k], *y = &t->expr[k];
    if (x->pending != y->pending) return false;
    if (!x->pending && (x->col != y->col || !S_pair_eq(cv, x->at, x->row, y->at, y->row)))
      return false;
  }
  return true;
}

/* The number of line breaks in s[from..to). */
static uint32_t S_breaks(const tc_tok *t, size_t from, size_t to) {
  uint32_t n = 0;
  for (size_t i = from; i < to && i < t->n; i++)
    n += t->s[i] == '\n' || (t->s[i] == '\r' && !(i + 1 < t->n && t->s[i + 1] == '\n'));
  return n;
}

/* True when the state at this line start is the old one at the same (shifted) place: the
 * rest of the text then gives the old errors, mapped. */
static bool S_converge(tc_tok *t, bool inside) {
  struct tc_conv *cv = t->conv;
  if (t->i < cv->min_pos) return false;
  while (cv->j < cv->nold && (int64_t)cv->old[cv->j].pos + cv->delta < (int64_t)t->i) cv->j++;
  if (cv->j >= cv->nold || (int64_t)cv->old[cv->j].pos + cv->delta != (int64_t)t->i) return false;
  const tc_cp *o = &cv->old[cv->j];
  if ((o->inner != S_NONE) != inside) return false;
  if (o->depth != t->depth || o->pending != t->pending) return false;
  for (int k = 0; k <= t->depth; k++)
    if (o->ind[k] != t->ind[k] || o->alt[k] != t->alt[k] || o->head[k] != t->head[k]) return false;
  cv->drow = (int64_t)t->row - (int64_t)o->row;
  cv->row_oe = cv->drow ? o->row - S_breaks(t, (size_t)cv->old_end + (size_t)cv->delta, t->i) : 0;
  if (t->pending && (o->pending_what != t->pending_what ||
                     !S_pair_eq(cv, o->ll_start, o->pending_row, t->ll_start, t->pending_row)))
    return false;
  if (inside && !S_inner_eq(cv, &cv->old_inner[o->inner], t, o->ll_start)) return false;
  t->converged = cv->j + 1;
  t->stop = true;
  return true;
}

/* A checkpoint here, if the last one is far enough. */
static void S_record(tc_tok *t, bool inside) {
  tc_incr *s = t->rec;
  if (!s || t->i >= t->n || t->depth >= TC_CP_DEPTH || t->level > TC_CP_LEVEL) return;
  if (s->ncp > 0 && t->i - s->cps[s->ncp - 1].pos < (s->spacing ? s->spacing : TC_CP_BYTES))
    return;
  tc_cp cp = {.pos = (uint32_t)t->i, .row = t->row, .n_err = (uint32_t)t->out->count,
              .n_mark = (uint32_t)t->out->mark_count, .n_lax = (uint32_t)t->out->lax_count,
              .ll_start = (uint32_t)t->ll_start, .pending_row = t->pending_row,
              .inner = S_NONE, .pending_what = t->pending_what,
              .depth = (unsigned char)t->depth, .pending = t->pending};
  for (int k = 0; k <= t->depth; k++) {
    cp.ind[k] = t->ind[k];
    cp.alt[k] = t->alt[k];
    cp.head[k] = t->head[k];
  }
  if (inside) {
    S_inner in;
    memset(&in, 0, sizeof in);
    in.ln = t->ln;
    in.ll_end = S_NONE;
    in.level = t->level;
    memcpy(in.br, t->br, (size_t)t->level * sizeof *in.br);
    memcpy(in.expr, t->expr, (size_t)(t->level + 1) * sizeof *in.expr);
    cp.inner = (uint32_t)s->ninner;
    S_append_any((void **)&s->inner, &s->ninner, &s->icap, sizeof in, &in, 1);
  }
  S_cp_push(s, &cp);
}

/* A line start (inside brackets or not; not after a continuation): the update may stop here,
 * or a checkpoint is kept. */
static void S_line_start(tc_tok *t, bool inside) {
  if (t->conv && S_converge(t, inside)) return;
  S_record(t, inside);
}

/* The logical line ends at t->i: the checkpoints inside it learn where. */
static void S_line_ended(tc_tok *t) {
  tc_incr *s = t->rec;
  if (!s) return;
  for (size_t k = s->ncp; k-- > 0 && s->cps[k].inner != S_NONE && s->cps[k].pos > t->ll_start;)
    s->inner[s->cps[k].inner].ll_end = (uint32_t)t->i;
}

static const tc_hooks S_hooks = {S_line_start, S_line_ended};

tc_incr *tc_incr_new(void) { return xcalloc(1, sizeof(tc_incr)); }

static void S_incr_reset(tc_incr *s) {
  size_t spacing = s->spacing;
  tc_errors_clear(&s->e);
  free(s->cps);
  s->cps = NULL;
  s->ncp = s->cap = 0;
  free(s->inner);
  s->inner = NULL;
  s->ninner = s->icap = 0;
  s->len = 0;
  s->valid = false;
  s->spacing = spacing;
}

void tc_incr_free(tc_incr *s) {
  if (!s) return;
  S_incr_reset(s);
  free(s);
}

const tc_errors *tc_incr_errors(const tc_incr *s) { return &s->e; }

void tc_incr_set_spacing(tc_incr *s, size_t bytes) { s->spacing = bytes; }

size_t tc_incr_read(const tc_incr *s) { return s->read; }

void tc_incr_check(tc_incr *s, const char *src, size_t len) {
  S_incr_reset(s);
  tc_tok *t = xcalloc(1, sizeof *t);
  t->s = (const unsigned char *)src;
  t->n = len;
  t->out = &s->e;
  t->rec = s;
  t->hooks = &S_hooks;
  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) t->i = t->line_start = 3;
  tc__run(t);
  free(t);
  s->read = len;
  s->len = len;
  s->valid = true;
}

/* Appends the checkpoint `cp` of `from` (with its inner state) to `to`, mapped by `cv` when
 * not NULL. */
static void S_cp_copy(tc_incr *to, const tc_incr *from, const tc_cp *cp, const struct tc_conv *cv) {
  tc_cp x = *cp;
  if (cp->inner != S_NONE) {
    S_inner in = from->inner[cp->inner];
    if (cv) {
      tc_line *l = &in.ln;
      l->ll_last_end = S_map_pos(cv, (uint32_t)l->ll_last_end);
      l->prev_kw_at = S_map_pos(cv, (uint32_t)l->prev_kw_at);
      l->prev_dot_at = S_map_pos(cv, (uint32_t)l->prev_dot_at);
      l->prev_end_at = S_map_pos(cv, (uint32_t)l->prev_end_at);
      l->prev_word_at = S_map_pos(cv, (uint32_t)l->prev_word_at);
      l->ll_what_row = S_map_row(cv, l->ll_what_row);
      l->ll_last_row = S_map_row(cv, l->ll_last_row);
      if (in.ll_end != S_NONE) in.ll_end = S_map_pos(cv, in.ll_end);
      for (int k = 0; k < in.level; k++) {
        in.br[k].byte = S_map_pos(cv, in.br[k].byte);
        in.br[k].row = S_map_row(cv, in.br[k].row);
      }
      for (int k = 0; k <= in.level; k++) {
        in.expr[k].at = S_map_pos(cv, (uint32_t)in.expr[k].at);
        in.expr[k].row = S_map_row(cv, in.expr[k].row);
      }
    }
    x.inner = (uint32_t)to->ninner;
    S_append_any((void **)&to->inner, &to->ninner, &to->icap, sizeof in, &in, 1);
  }
  if (cv) {
    x.pos = S_map_pos(cv, x.pos);
    x.row = S_map_row(cv, x.row);
    x.ll_start = S_map_pos(cv, x.ll_start);
    x.pending_row = S_map_row(cv, x.pending_row);
  }
  S_cp_push(to, &x);
}

void tc_incr_update(tc_incr *s, const char *src, size_t len, uint32_t start, uint32_t old_end,
                    uint32_t new_end) {
  if (!s->valid || start > old_end || start > new_end || old_end > s->len || new_end > len ||
      s->len - old_end != len - new_end || s->ncp == 0) {
    tc_incr_check(s, src, len);
    return;
  }
  /* The last checkpoint before the edit: the bytes it depends on (up to its own first byte,
   * which decides whether a '\r' before it ends the line) are all before the edit. */
  size_t lo = 0, hi = s->ncp;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (s->cps[mid].pos < start) lo = mid + 1;
    else hi = mid;
  }
  if (start == old_end && old_end == new_end && len == s->len) {
    s->read = 0; /* nothing changed */
    return;
  }
  if (lo == 0) {
    tc_incr_check(s, src, len);
    return;
  }
  size_t c = lo - 1;
  const tc_cp *cp = &s->cps[c];
  int64_t delta = (int64_t)new_end - (int64_t)old_end;
  tc_incr old = *s;
  tc_incr nw = {.spacing = s->spacing};
  struct tc_conv conv = {.old = old.cps, .old_inner = old.inner, .nold = old.ncp, .j = c + 1,
                        .min_pos = (size_t)new_end + 1, .start = start, .old_end = old_end,
                        .delta = delta};
  /* what maps the prefix: positions after the edit (a logical line's end) shift */
  struct tc_conv shift = conv;
  tc_tok *t = xcalloc(1, sizeof *t);
  /* What was found before the checkpoint stays; an error that runs to the end of the text
   * (stmt_end at its length) runs to the new end. */
  S_append_any((void **)&nw.e.items, &nw.e.count, &nw.e.cap, sizeof(tc_error), old.e.items,
               cp->n_err);
  S_append_any((void **)&nw.e.marks, &nw.e.mark_count, &nw.e.mark_cap, sizeof(uint32_t),
               old.e.marks, cp->n_mark);
  S_append_any((void **)&nw.e.lax, &nw.e.lax_count, &nw.e.lax_cap, sizeof(uint32_t), old.e.lax,
               cp->n_lax);
  for (size_t k = 0; k <= c; k++) {
    S_cp_copy(&nw, &old, &old.cps[k], NULL);
    /* a logical line that ended after the edit ends there, shifted (or is read again) */
    if (old.cps[k].inner != S_NONE) {
      S_inner *in = &nw.inner[nw.ninner - 1];
      if (in->ll_end != S_NONE) in->ll_end = S_map_pos(&shift, in->ll_end);
    }
  }
  for (size_t k = 0; k < nw.e.count; k++)
    if (nw.e.items[k].stmt_end == old.len) nw.e.items[k].stmt_end = (uint32_t)len;
  if (cp->inner != S_NONE) {
    /* The errors of the logical line read so far were given its end when the old pass met
     * it: they wait for it again (only those patched then hold that value). */
    const S_inner *in = &old.inner[cp->inner];
    if (in->ll_end != S_NONE)
      for (size_t k = in->ln.ll_first_error; k < nw.e.count; k++)
        if (nw.e.items[k].stmt_end == in->ll_end) nw.e.items[k].stmt_end = (uint32_t)len;
  }
  t->s = (const unsigned char *)src;
  t->n = len;
  t->out = &nw.e;
  t->rec = &nw;
  t->conv = &conv;
  t->hooks = &S_hooks;
  t->i = t->line_start = cp->pos;
  t->row = cp->row;
  t->ll_start = cp->ll_start;
  t->depth = cp->depth;
  for (int k = 0; k <= cp->depth; k++) {
    t->ind[k] = cp->ind[k];
    t->alt[k] = cp->alt[k];
    t->head[k] = cp->head[k];
  }
  t->pending = cp->pending;
  t->pending_what = cp->pending_what;
  t->pending_row = cp->pending_row;
  if (cp->inner != S_NONE) {
    const S_inner *in = &old.inner[cp->inner];
    t->ln = in->ln;
    t->level = in->level;
    memcpy(t->br, in->br, (size_t)in->level * sizeof *t->br);
    memcpy(t->expr, in->expr, (size_t)(in->level + 1) * sizeof *t->expr);
  }
  tc__run(t);
  nw.read = t->i - cp->pos;
  if (!t->converged && t->ln.ll_any) {
    /* the logical line never ends: no checkpoint in it knows an end */
    for (size_t k = nw.ncp; k-- > 0 && nw.cps[k].inner != S_NONE && nw.cps[k].pos > t->ll_start;)
      nw.inner[nw.cps[k].inner].ll_end = S_NONE;
  }
  if (t->converged) {
    /* The old errors from the checkpoint met on, mapped. */
    size_t j = t->converged - 1;
    const tc_cp *o = &old.cps[j];
    size_t e0 = nw.e.count, m0 = nw.e.mark_count, x0 = nw.e.lax_count, c0 = nw.ncp;
    if (o->inner != S_NONE) {
      /* the logical line met there ends where it did: its errors so far span to there */
      uint32_t end = old.inner[o->inner].ll_end;
      uint32_t mapped = end != S_NONE ? S_map_pos(&conv, end) : S_NONE;
      if (end != S_NONE)
        for (size_t k = t->ln.ll_first_error; k < e0; k++)
          if (nw.e.items[k].stmt_end == len) nw.e.items[k].stmt_end = mapped;
      /* and so do the checkpoints read in it since the restart */
      for (size_t k = c0; k-- > 0 && nw.cps[k].inner != S_NONE && nw.cps[k].pos > t->ll_start;)
        nw.inner[nw.cps[k].inner].ll_end = mapped;
    }
    S_append_any((void **)&nw.e.items, &nw.e.count, &nw.e.cap, sizeof(tc_error),
                 old.e.items + o->n_err, old.e.count - o->n_err);
    S_append_any((void **)&nw.e.marks, &nw.e.mark_count, &nw.e.mark_cap, sizeof(uint32_t),
                 old.e.marks + o->n_mark, old.e.mark_count - o->n_mark);
    S_append_any((void **)&nw.e.lax, &nw.e.lax_count, &nw.e.lax_cap, sizeof(uint32_t),
                 old.e.lax + o->n_lax, old.e.lax_count - o->n_lax);
    for (size_t k = j; k < old.ncp; k++) S_cp_copy(&nw, &old, &old.cps[k], &conv);
    for (size_t k = e0; k < nw.e.count; k++) {
      tc_error *x = &nw.e.items[k];
      x->byte = S_map_pos(&conv, x->byte);
      x->end_byte = S_map_pos(&conv, x->end_byte);
      x->order_byte = S_map_pos(&conv, x->order_byte);
      x->stmt_start = S_map_pos(&conv, x->stmt_start);
      x->stmt_end = S_map_pos(&conv, x->stmt_end);
      x->row = S_map_row(&conv, x->row);
      /* other_row is set by these kinds only (0 in the others) */
      if (x->kind == TC_EXPECTED_INDENT || x->kind == TC_MISMATCHED_BRACKET ||
          x->kind == TC_UNTERMINATED_STRING || x->kind == TC_UNTERMINATED_TRIPLE)
        x->other_row = S_map_row(&conv, x->other_row);
    }
    for (size_t k = m0; k < nw.e.mark_count; k++) nw.e.marks[k] = S_map_pos(&conv, nw.e.marks[k]);
    for (size_t k = x0; k < nw.e.lax_count; k++) nw.e.lax[k] = S_map_pos(&conv, nw.e.lax[k]);
    for (size_t k = c0; k < nw.ncp; k++) {
      tc_cp *x = &nw.cps[k];
      x->n_err = (uint32_t)(x->n_err - o->n_err + e0);
      x->n_mark = (uint32_t)(x->n_mark - o->n_mark + m0);
      x->n_lax = (uint32_t)(x->n_lax - o->n_lax + x0);
      if (x->inner != S_NONE) {
        tc_line *l = &nw.inner[x->inner].ln;
        l->ll_first_error = l->ll_first_error >= o->n_err ? l->ll_first_error - o->n_err + e0
                                                          : t->ln.ll_first_error;
      }
    }
  }
  free(t);
  S_incr_reset(&old);
  nw.len = len;
  nw.valid = true;
  *s = nw;
}
