/* convert: C values as LSP JSON: positions, ranges (in the negotiated encoding), file URIs.
 * The other way, LSP params into C values, is params.h. */
#ifndef PYLORE_CONVERT_H
#define PYLORE_CONVERT_H

#include <jansson.h>
#include <stddef.h>

#include "doc.h"

/* New references. */
json_t *conv_position_json(doc_position p);
/* The LSP range of bytes [start, end) of the document, in `enc`. */
json_t *conv_range_json(const doc *d, size_t start, size_t end, doc_encoding enc);

/* A file:// URI for an absolute path, percent-encoding what a URI path cannot hold. malloc'd. */
char *conv_file_uri(const char *path);

#endif
