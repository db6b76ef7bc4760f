/* convert: the one place where LSP JSON becomes C values and back: positions, ranges and
 * text-document identifiers, with messages fit for an InvalidParams reply. */
#ifndef PYLORE_CONVERT_H
#define PYLORE_CONVERT_H

#include <jansson.h>
#include <stddef.h>

#include "doc.h"

/* Reads {line, character} (non-negative integers). Returns 0, or -1 with a message in err. */
int conv_position(const json_t *j, doc_position *out, char *err, size_t errlen);
/* Reads {start, end}. Returns 0, or -1 with a message. */
int conv_range(const json_t *j, doc_position *start, doc_position *end, char *err, size_t errlen);
/* Reads params.textDocument.uri; the string is borrowed from params. NULL with a message. */
const char *conv_uri(const json_t *params, char *err, size_t errlen);

/* New references, NULL when out of memory. */
json_t *conv_position_json(doc_position p);
/* The LSP range of bytes [start, end) of the document, in `enc`. */
json_t *conv_range_json(const doc *d, size_t start, size_t end, doc_encoding enc);

/* A file:// URI for an absolute path, percent-encoding what a URI path cannot hold. malloc'd,
 * NULL when out of memory. */
char *conv_file_uri(const char *path);

#endif
