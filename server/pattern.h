/* pattern: what the text of one tree-sitter query pattern says about its shape, read without
 * tree-sitter's help (0.20.7 exposes no query steps): how deep below the pattern's root node a
 * capture sits. Knowing that depth, the root node of a match is found from the captured node
 * by climbing that many parents; incremental analysis and hover use it to tell which node a
 * match started at. Pure C, no allocation. */
#ifndef PYLORE_PATTERN_H
#define PYLORE_PATTERN_H

#include <stddef.h>

typedef struct {
  /* Bit d is set when `@capture` can sit d named-node levels below the pattern's outermost
   * node (bit 0: the root itself is captured); alternatives can put it at several depths. */
  unsigned depths;
  char root[64]; /* the outermost node's type; "" when it is not one named type */
} pat_shape;

/* Reads the shape of the pattern at `text` (as ts_query_start_byte_for_pattern gives; the
 * text may go on with further patterns: the scan stops where the first one ends). Returns 0,
 * or -1 when the capture is absent, the pattern is a sequence of siblings (no single root),
 * or the text cannot be read. */
int pat_capture_shape(const char *text, size_t len, const char *capture, pat_shape *out);

#endif
