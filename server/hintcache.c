#include "hintcache.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

typedef struct {
  uint32_t a, b; /* [a, b) */
} S_iv;

struct hc_cache {
  bool valid;
  bool stays; /* hc_keep_revision_only was called */
  uint64_t revision;
  hc_stamp stamp;
  S_iv *cover; /* sorted, disjoint, not touching */
  size_t ncover;
  hc_hint *hints;
  size_t count, cap;
};

hc_cache *hc_new(void) { return xcalloc(1, sizeof(hc_cache)); }

void hc_reset(hc_cache *c) {
  c->valid = false;
  c->stays = false;
  free(c->cover);
  free(c->hints);
  c->cover = NULL;
  c->hints = NULL;
  c->ncover = c->count = c->cap = 0;
}

void hc_free(hc_cache *c) {
  if (!c) return;
  hc_reset(c);
  free(c);
}

static bool S_same(const hc_stamp *x, const hc_stamp *y) {
  return x->k == y->k && x->enabled == y->enabled && x->lang == y->lang && x->kinds == y->kinds;
}

bool hc_is(const hc_cache *c, uint64_t revision, const hc_stamp *stamp) {
  return c->valid && c->revision == revision && S_same(&c->stamp, stamp);
}

void hc_start(hc_cache *c, uint64_t revision, const hc_stamp *stamp) {
  hc_reset(c);
  c->valid = true;
  c->revision = revision;
  c->stamp = *stamp;
}

/* Removes [a, b) from the covered bytes. */
static void S_uncover(hc_cache *c, uint32_t a, uint32_t b) {
  if (a >= b) return;
  S_iv *out = xreallocarray(NULL, c->ncover + 1, sizeof *out); /* one interval may split in two */
  size_t n = 0;
  for (size_t i = 0; i < c->ncover; i++) {
    S_iv v = c->cover[i];
    if (v.b <= a || v.a >= b) {
      out[n++] = v;
      continue;
    }
    if (v.a < a) out[n++] = (S_iv){v.a, a};
    if (v.b > b) out[n++] = (S_iv){b, v.b};
  }
  free(c->cover);
  c->cover = out;
  c->ncover = n;
}

void hc_cover(hc_cache *c, uint32_t a, uint32_t b) {
  if (a >= b) return;
  /* Merged with every interval it meets or touches. */
  S_iv *out = xreallocarray(NULL, c->ncover + 1, sizeof *out);
  size_t n = 0;
  S_iv x = {a, b};
  bool placed = false;
  for (size_t i = 0; i < c->ncover; i++) {
    S_iv v = c->cover[i];
    if (v.b < x.a) {
      out[n++] = v;
    } else if (v.a > x.b) {
      if (!placed) {
        out[n++] = x;
        placed = true;
      }
      out[n++] = v;
    } else {
      if (v.a < x.a) x.a = v.a;
      if (v.b > x.b) x.b = v.b;
    }
  }
  if (!placed) out[n++] = x;
  free(c->cover);
  c->cover = out;
  c->ncover = n;
}

bool hc_covered(const hc_cache *c, uint32_t byte) {
  size_t lo = 0, hi = c->ncover;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->cover[mid].b <= byte)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->ncover && c->cover[lo].a <= byte;
}

size_t hc_gaps(const hc_cache *c, uint32_t a, uint32_t b, uint32_t (*out)[2], size_t max) {
  size_t n = 0;
  uint32_t at = a;
  for (size_t i = 0; i < c->ncover && at < b; i++) {
    S_iv v = c->cover[i];
    if (v.b <= at) continue;
    if (v.a >= b) break;
    if (v.a > at) {
      if (n < max) {
        out[n][0] = at;
        out[n][1] = v.a;
      }
      n++;
    }
    at = v.b;
  }
  if (at < b) {
    if (n < max) {
      out[n][0] = at;
      out[n][1] = b;
    }
    n++;
  }
  return n;
}

void hc_add(hc_cache *c, const hc_hint *h) {
  if (c->count == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 64;
    c->hints = xreallocarray(c->hints, c->cap, sizeof *c->hints);
  }
  c->hints[c->count++] = *h;
}

void hc_keep_revision_only(hc_cache *c) { c->stays = true; }

void hc_apply(hc_cache *c, uint64_t revision, const an_hint_change *ch) {
  c->revision = revision;
  if (ch->all || c->stays) {
    c->ncover = 0;
    c->count = 0;
    c->stays = false;
    return;
  }
  size_t w = 0;
  for (size_t r = 0; r < c->count; r++) {
    hc_hint h = c->hints[r];
    if (an_hint_change_keep(ch, &h.root, &h.byte)) c->hints[w++] = h;
  }
  c->count = w;
  /* The covered bytes: those before the edit stay, those after it move, the edited ones go. */
  S_uncover(c, ch->start, ch->old_end > ch->start ? ch->old_end : ch->start + 1);
  int64_t delta = (int64_t)ch->new_end - ch->old_end;
  for (size_t i = 0; i < c->ncover; i++) {
    /* An interval that ends where text was inserted does not grow over it. */
    if (c->cover[i].a >= ch->old_end) c->cover[i].a = (uint32_t)(c->cover[i].a + delta);
    if (c->cover[i].b > ch->start) c->cover[i].b = (uint32_t)(c->cover[i].b + delta);
  }
  S_uncover(c, ch->redo_start, ch->redo_end);
  /* A hint anchored in the redo range is found again with it. */
  w = 0;
  for (size_t r = 0; r < c->count; r++)
    if (hc_covered(c, c->hints[r].byte)) c->hints[w++] = c->hints[r];
  c->count = w;
}

void hc_collect(const hc_cache *c, uint32_t a, uint32_t b, hc_hint **out, size_t *count,
                size_t *cap) {
  for (size_t i = 0; i < c->count; i++) {
    const hc_hint *h = &c->hints[i];
    if (h->byte < a || h->byte > b) continue;
    if (*count == *cap) {
      *cap = *cap ? *cap * 2 : 32;
      *out = xreallocarray(*out, *cap, sizeof **out);
    }
    (*out)[(*count)++] = *h;
  }
}
