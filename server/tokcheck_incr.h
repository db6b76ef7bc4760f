/* tokcheck_incr: tc_check's pass kept up to date over the revisions of one text. Every
 * TC_CP_BYTES bytes or so, at a line start, it keeps a checkpoint of its state: outside
 * brackets the indentation stack and what the last header expects (~130 bytes); inside
 * brackets (up to 4 levels) also the logical line read so far (~450 bytes). So at most about
 * half the text's size for a text that is all brackets, an eighth for ordinary code. After an
 * edit it reads again from the last checkpoint before the edit up to the first old checkpoint
 * after it whose state is the same once positions and rows are mapped across the edit, and
 * keeps the old errors from there on, mapped: the errors are those tc_check finds in the new
 * text, in the same order, field for field. The state owns its errors and checkpoints; the
 * text is only read during a call. Pure C, like tokcheck. */
#ifndef PYLORE_TOKCHECK_INCR_H
#define PYLORE_TOKCHECK_INCR_H

#include <stddef.h>
#include <stdint.h>

#include "tokcheck.h"

#define TC_CP_BYTES 1024
typedef struct tc_incr tc_incr;
/* An empty state. tc_incr_free(NULL) is a no-op. */
tc_incr *tc_incr_new(void);
void tc_incr_free(tc_incr *s);
/* Checks src[0..len) from the start, as tc_check does. */
void tc_incr_check(tc_incr *s, const char *src, size_t len);
/* After bytes [start, old_end) of the text last checked became [start, new_end) of
 * src[0..len) (the rest unchanged): the same as tc_incr_check(s, src, len), faster. An
 * inconsistent span or a state with nothing in it reads the whole text. */
void tc_incr_update(tc_incr *s, const char *src, size_t len, uint32_t start, uint32_t old_end,
                    uint32_t new_end);
/* Sets the distance between checkpoints (0: TC_CP_BYTES); 1 keeps one at every line start
 * (tests use it to meet convergence everywhere). Takes effect at the next check. */
void tc_incr_set_spacing(tc_incr *s, size_t bytes);
/* The errors of the text last checked (borrowed, valid until the next call on `s`). */
const tc_errors *tc_incr_errors(const tc_incr *s);
/* How many bytes the last check or update read (for benchmarks and tests). */
size_t tc_incr_read(const tc_incr *s);

#endif
